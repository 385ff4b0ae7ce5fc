/**
 * Strict CBOR (RFC 8949) for attacker-controlled WebAuthn structures, and encoding for tests.
 *
 * Decoding is hand-written rather than delegated, because the verifier needs guarantees that
 * general-purpose decoders do not give: every declared length is checked against the bytes left
 * before anything is allocated, nesting depth and item counts are bounded before recursion,
 * indefinite lengths, tags and duplicate map keys are rejected, text must be valid UTF-8, and
 * the caller learns where an item ends (authenticatorData carries a COSE key followed by more
 * CBOR). Encoding (used by the software authenticator, fixtures and `encodeCOSEPublicKey`) is a
 * small hand-written encoder producing the same bytes `cbor-x` did for these types, so that
 * loading this module costs no dependency.
 *
 * @module
 */
import { WebAuthnError } from '../errors.js';
import { utf8DecodeStrict } from './bytes.js';

/** A decoded map key: CTAP2 and COSE only use integers and text strings. */
export type CBORKey = number | string;

/** A decoded CBOR value. Maps keep their keys' types; integers beyond 2^53 are bigints. */
export type CBORValue = number | bigint | string | boolean | null | undefined | Uint8Array | CBORValue[] | CBORMap;

/** A decoded CBOR map. */
export type CBORMap = Map<CBORKey, CBORValue>;

/** Bounds applied while decoding. */
export interface CBORLimits {
  /** Maximum nesting depth of arrays and maps (default 16). */
  maxDepth?: number;
  /** Maximum number of entries in one array or map (default 1024). */
  maxItems?: number;
  /** Maximum number of items in the whole document (default 16384). */
  maxTotalItems?: number;
  /**
   * Accept floating-point values (default true). COSE keys set it to false: a float such as
   * -7.0 decodes to the same number as the integer -7 and would pass as an integer label or
   * `alg` (security.md §4 #15).
   */
  allowFloats?: boolean;
}

const DEFAULT_LIMITS: Required<CBORLimits> = { maxDepth: 16, maxItems: 1024, maxTotalItems: 16384, allowFloats: true };

class Reader {
  pos: number;
  items = 0;
  constructor(
    readonly bytes: Uint8Array,
    start: number,
    readonly limits: Required<CBORLimits>,
  ) {
    this.pos = start;
  }

  fail(message: string): never {
    throw new WebAuthnError('ERR_CBOR_MALFORMED', `CBOR: ${message} at offset ${this.pos}`);
  }

  need(n: number): void {
    if (n > this.bytes.length - this.pos) this.fail('truncated item');
  }

  /** Reads the argument of an initial byte; returns a number, or a bigint above 2^53 - 1. */
  argument(info: number): number | bigint {
    if (info < 24) return info;
    const b = this.bytes;
    switch (info) {
      case 24:
        this.need(1);
        return b[this.pos++] as number;
      case 25: {
        this.need(2);
        const v = ((b[this.pos] as number) << 8) | (b[this.pos + 1] as number);
        this.pos += 2;
        return v;
      }
      case 26: {
        this.need(4);
        const v =
          ((b[this.pos] as number) * 0x1000000 +
            (((b[this.pos + 1] as number) << 16) |
              ((b[this.pos + 2] as number) << 8) |
              (b[this.pos + 3] as number))) >>>
          0;
        this.pos += 4;
        return v;
      }
      case 27: {
        this.need(8);
        const view = new DataView(b.buffer, b.byteOffset + this.pos, 8);
        const big = view.getBigUint64(0);
        this.pos += 8;
        return big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
      }
      case 31:
        return this.fail('indefinite length is not allowed');
      default:
        return this.fail(`reserved additional information ${info}`);
    }
  }

  /** A length or count that must fit the remaining input. */
  length(info: number, minBytesPerItem: number): number {
    const n = this.argument(info);
    if (typeof n === 'bigint' || n * minBytesPerItem > this.bytes.length - this.pos)
      this.fail('declared length exceeds input');
    return n;
  }

  countItem(): void {
    if (++this.items > this.limits.maxTotalItems) this.fail('too many items');
  }

  value(depth: number): CBORValue {
    this.need(1);
    this.countItem();
    const initial = this.bytes[this.pos++] as number;
    const major = initial >> 5;
    const info = initial & 31;
    switch (major) {
      case 0:
        return this.argument(info);
      case 1: {
        const n = this.argument(info);
        return typeof n === 'bigint' ? -1n - n : n === Number.MAX_SAFE_INTEGER ? -1n - BigInt(n) : -1 - n;
      }
      case 2: {
        const len = this.length(info, 1);
        const out = this.bytes.slice(this.pos, this.pos + len);
        this.pos += len;
        return out;
      }
      case 3: {
        const len = this.length(info, 1);
        const raw = this.bytes.subarray(this.pos, this.pos + len);
        this.pos += len;
        try {
          return utf8DecodeStrict(raw);
        } catch {
          return this.fail('invalid UTF-8 in text string');
        }
      }
      case 4: {
        if (depth >= this.limits.maxDepth) this.fail('nesting too deep');
        const count = this.length(info, 1);
        if (count > this.limits.maxItems) this.fail('array too long');
        const out: CBORValue[] = new Array(count);
        for (let i = 0; i < count; i++) out[i] = this.value(depth + 1);
        return out;
      }
      case 5: {
        if (depth >= this.limits.maxDepth) this.fail('nesting too deep');
        const count = this.length(info, 2);
        if (count > this.limits.maxItems) this.fail('map too long');
        const out: CBORMap = new Map();
        for (let i = 0; i < count; i++) {
          const keyStart = this.pos;
          const key = this.value(depth + 1);
          if (typeof key !== 'number' && typeof key !== 'string') {
            this.pos = keyStart;
            this.fail('map keys must be integers or text strings');
          }
          if (out.has(key)) {
            this.pos = keyStart;
            this.fail(`duplicate map key ${JSON.stringify(key)}`);
          }
          out.set(key, this.value(depth + 1));
        }
        return out;
      }
      case 6:
        return this.fail('tags are not allowed');
      default:
        return this.simple(info);
    }
  }

  simple(info: number): CBORValue {
    const b = this.bytes;
    if (info >= 25 && info <= 27 && !this.limits.allowFloats) this.fail('floating-point values are not allowed here');
    switch (info) {
      case 20:
        return false;
      case 21:
        return true;
      case 22:
        return null;
      case 23:
        return undefined;
      case 25: {
        this.need(2);
        const half = ((b[this.pos] as number) << 8) | (b[this.pos + 1] as number);
        this.pos += 2;
        return decodeHalf(half);
      }
      case 26: {
        this.need(4);
        const v = new DataView(b.buffer, b.byteOffset + this.pos, 4).getFloat32(0);
        this.pos += 4;
        return v;
      }
      case 27: {
        this.need(8);
        const v = new DataView(b.buffer, b.byteOffset + this.pos, 8).getFloat64(0);
        this.pos += 8;
        return v;
      }
      case 31:
        return this.fail('unexpected break');
      default:
        return this.fail(`unsupported simple value ${info}`);
    }
  }
}

function decodeHalf(half: number): number {
  const exp = (half >> 10) & 0x1f;
  const mant = half & 0x3ff;
  const sign = half & 0x8000 ? -1 : 1;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 31) return mant === 0 ? sign * Number.POSITIVE_INFINITY : Number.NaN;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}

/**
 * Decodes one CBOR item starting at `offset` and tells where it ends. Bytes after it are the
 * caller's business (authenticatorData appends extensions after the COSE key).
 */
export function decodeCBORPrefix(
  bytes: Uint8Array,
  offset = 0,
  limits: CBORLimits = {},
): { value: CBORValue; end: number } {
  const reader = new Reader(bytes, offset, { ...DEFAULT_LIMITS, ...limits });
  const value = reader.value(0);
  return { value, end: reader.pos };
}

/** Decodes exactly one CBOR item that spans all of `bytes` (trailing bytes are an error). */
export function decodeCBOR(bytes: Uint8Array, limits: CBORLimits = {}): CBORValue {
  const { value, end } = decodeCBORPrefix(bytes, 0, limits);
  if (end !== bytes.length) {
    throw new WebAuthnError('ERR_CBOR_MALFORMED', `CBOR: ${bytes.length - end} trailing byte(s) after the item`);
  }
  return value;
}

/** True when `value` is a decoded CBOR map. */
export function isCBORMap(value: unknown): value is CBORMap {
  return value instanceof Map;
}

/** Growable output buffer for {@link encodeCBOR}. */
class Writer {
  buf = new Uint8Array(256);
  len = 0;

  reserve(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  byte(b: number): void {
    this.reserve(1);
    this.buf[this.len++] = b;
  }

  bytes(b: Uint8Array): void {
    this.reserve(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }

  /** Initial byte and argument, in the shortest form (RFC 8949 §4.2.1); `n` < 2^32. */
  head(major: number, n: number): void {
    const m = major << 5;
    if (n < 24) this.byte(m | n);
    else if (n < 0x100) this.bytes(Uint8Array.of(m | 24, n));
    else if (n < 0x10000) this.bytes(Uint8Array.of(m | 25, n >> 8, n & 0xff));
    else this.bytes(Uint8Array.of(m | 26, n >>> 24, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff));
  }
}

const TWO_32 = 2 ** 32;
const TWO_64 = 1n << 64n;
const textEncoder = /* @__PURE__ */ new TextEncoder();

function encodeBigInt(w: Writer, v: bigint): void {
  if (v >= 0n && v < TWO_64) {
    w.byte(0x1b);
    w.bytes(u64(v));
  } else if (v < 0n && v >= -TWO_64) {
    w.byte(0x3b);
    w.bytes(u64(-1n - v));
  } else {
    // RFC 8949 §3.4.3: tag 2 (positive) or 3 (negative, −1 − n) bignum, minimal magnitude bytes.
    let magnitude = v >= 0n ? v : -1n - v;
    const out: number[] = [];
    while (magnitude > 0n) {
      out.unshift(Number(magnitude & 0xffn));
      magnitude >>= 8n;
    }
    w.byte(v >= 0n ? 0xc2 : 0xc3);
    w.head(2, out.length);
    w.bytes(Uint8Array.from(out));
  }
}

function u64(v: bigint): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, v);
  return out;
}

function encodeItem(w: Writer, value: unknown, depth: number): void {
  if (depth > 64) throw new RangeError('encodeCBOR: nesting too deep');
  switch (typeof value) {
    case 'number':
      // Integers within ±2^32 take the shortest major type 0/1 form; everything else is float64.
      if (Number.isInteger(value) && value < TWO_32 && value >= -TWO_32) {
        if (value >= 0) w.head(0, value);
        else w.head(1, -1 - value);
      } else {
        const out = new Uint8Array(9);
        out[0] = 0xfb;
        new DataView(out.buffer).setFloat64(1, value);
        w.bytes(out);
      }
      return;
    case 'bigint':
      encodeBigInt(w, value);
      return;
    case 'string': {
      const b = textEncoder.encode(value);
      w.head(3, b.length);
      w.bytes(b);
      return;
    }
    case 'boolean':
      w.byte(value ? 0xf5 : 0xf4);
      return;
    case 'undefined':
      w.byte(0xf7);
      return;
    case 'object': {
      if (value === null) {
        w.byte(0xf6);
      } else if (value instanceof Uint8Array) {
        // Untagged byte string (Buffer included).
        w.head(2, value.length);
        w.bytes(value);
      } else if (Array.isArray(value)) {
        w.head(4, value.length);
        for (const item of value) encodeItem(w, item, depth + 1);
      } else if (value instanceof Map) {
        // Insertion order is kept: callers build canonical (CTAP2) order themselves, or not on purpose.
        w.head(5, value.size);
        for (const [k, v] of value) {
          encodeItem(w, k, depth + 1);
          encodeItem(w, v, depth + 1);
        }
      } else if (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null) {
        const entries = Object.entries(value);
        w.head(5, entries.length);
        for (const [k, v] of entries) {
          encodeItem(w, k, depth + 1);
          encodeItem(w, v, depth + 1);
        }
      } else {
        throw new TypeError(`encodeCBOR: cannot encode ${Object.prototype.toString.call(value)}`);
      }
      return;
    }
    default:
      throw new TypeError(`encodeCBOR: cannot encode a ${typeof value}`);
  }
}

/**
 * Encodes a value as CBOR (RFC 8949): `Map`s keep their key order and integer keys, plain objects
 * become text-keyed maps, `Uint8Array`s become untagged byte strings, integers within ±2^32 take
 * their shortest form, other numbers are float64, bigints are 64-bit (tag 2/3 bignums beyond).
 * Lengths are always shortest-form and definite. Used by the software authenticator and
 * `encodeCOSEPublicKey`, never on verification paths.
 */
export function encodeCBOR(value: unknown): Uint8Array {
  const w = new Writer();
  encodeItem(w, value, 0);
  return w.buf.slice(0, w.len);
}
