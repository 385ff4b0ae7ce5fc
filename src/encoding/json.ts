/**
 * A strict JSON parser (RFC 8259) for clientDataJSON and other attacker-controlled JSON.
 *
 * `JSON.parse` silently keeps the last of two duplicate members, which lets a crafted
 * clientDataJSON mean one thing to Tessera and another to a different parser in the same
 * system (security.md §4 #51). This parser rejects duplicates, bounds nesting depth and
 * returns plain JavaScript values. It throws `SyntaxError`; callers map it to their code.
 *
 * @module
 */

/** Options for {@link parseStrictJSON}. */
export interface StrictJSONOptions {
  /** Maximum nesting depth of objects and arrays (default 32). */
  maxDepth?: number;
}

class Parser {
  i = 0;
  constructor(
    readonly s: string,
    readonly maxDepth: number,
  ) {}

  fail(what: string): never {
    throw new SyntaxError(`JSON: ${what} at position ${this.i}`);
  }

  ws(): void {
    const s = this.s;
    while (this.i < s.length) {
      const c = s.charCodeAt(this.i);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) this.i++;
      else break;
    }
  }

  value(depth: number): unknown {
    this.ws();
    const c = this.s[this.i];
    switch (c) {
      case '{':
        return this.object(depth + 1);
      case '[':
        return this.array(depth + 1);
      case '"':
        return this.string();
      case 't':
        return this.literal('true', true);
      case 'f':
        return this.literal('false', false);
      case 'n':
        return this.literal('null', null);
      default:
        if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
        return this.fail('unexpected token');
    }
  }

  literal<T>(word: string, v: T): T {
    if (this.s.startsWith(word, this.i)) {
      this.i += word.length;
      return v;
    }
    return this.fail('invalid literal');
  }

  number(): number {
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(this.s.slice(this.i, this.i + 400));
    if (m === null) this.fail('invalid number');
    this.i += m[0].length;
    return Number(m[0]);
  }

  string(): string {
    const s = this.s;
    this.i++; // opening quote
    let out = '';
    let start = this.i;
    while (true) {
      if (this.i >= s.length) this.fail('unterminated string');
      const c = s.charCodeAt(this.i);
      if (c === 0x22) {
        out += s.slice(start, this.i);
        this.i++;
        return out;
      }
      if (c < 0x20) this.fail('control character in string');
      if (c === 0x5c) {
        out += s.slice(start, this.i);
        const e = s[this.i + 1];
        this.i += 2;
        switch (e) {
          case '"':
            out += '"';
            break;
          case '\\':
            out += '\\';
            break;
          case '/':
            out += '/';
            break;
          case 'b':
            out += '\b';
            break;
          case 'f':
            out += '\f';
            break;
          case 'n':
            out += '\n';
            break;
          case 'r':
            out += '\r';
            break;
          case 't':
            out += '\t';
            break;
          case 'u': {
            const hex = s.slice(this.i, this.i + 4);
            if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('invalid unicode escape');
            out += String.fromCharCode(Number.parseInt(hex, 16));
            this.i += 4;
            break;
          }
          default:
            this.fail('invalid escape');
        }
        start = this.i;
        continue;
      }
      this.i++;
    }
  }

  array(depth: number): unknown[] {
    if (depth > this.maxDepth) this.fail('nesting too deep');
    this.i++;
    const out: unknown[] = [];
    this.ws();
    if (this.s[this.i] === ']') {
      this.i++;
      return out;
    }
    while (true) {
      out.push(this.value(depth));
      this.ws();
      const c = this.s[this.i++];
      if (c === ']') return out;
      if (c !== ',') this.fail('expected , or ]');
    }
  }

  object(depth: number): Record<string, unknown> {
    if (depth > this.maxDepth) this.fail('nesting too deep');
    this.i++;
    const out: Record<string, unknown> = Object.create(null);
    const seen = new Set<string>();
    this.ws();
    if (this.s[this.i] === '}') {
      this.i++;
      return out;
    }
    while (true) {
      this.ws();
      if (this.s[this.i] !== '"') this.fail('expected member name');
      const key = this.string();
      if (seen.has(key)) this.fail(`duplicate member ${JSON.stringify(key)}`);
      seen.add(key);
      this.ws();
      if (this.s[this.i++] !== ':') this.fail('expected :');
      out[key] = this.value(depth);
      this.ws();
      const c = this.s[this.i++];
      if (c === '}') return out;
      if (c !== ',') this.fail('expected , or }');
    }
  }
}

/** Parses JSON text strictly: one value, no duplicate members, bounded depth, no trailing data. */
export function parseStrictJSON(text: string, options: StrictJSONOptions = {}): unknown {
  const p = new Parser(text, options.maxDepth ?? 32);
  const v = p.value(0);
  p.ws();
  if (p.i !== text.length) p.fail('trailing data');
  return v;
}
