/**
 * Strict CBOR (RFC 8949) for attacker-controlled WebAuthn structures, and encoding for tests.
 *
 * Decoding is hand-written rather than delegated, because the verifier needs guarantees that
 * general-purpose decoders do not give: every declared length is checked against the bytes left
 * before anything is allocated, nesting depth and item counts are bounded before recursion,
 * indefinite lengths, tags and duplicate map keys are rejected, text must be valid UTF-8, and
 * the caller learns where an item ends (authenticatorData carries a COSE key followed by more
 * CBOR). Encoding (used by the software authenticator and fixtures) goes through `cbor-x`.
 *
 * @module
 */
import { Encoder } from 'cbor-x/encode';
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

let encoder: Encoder | undefined;

/**
 * Encodes a value as CBOR: `Map`s keep their key order and integer keys, `Uint8Array`s become
 * byte strings (untagged). Used by the software authenticator, never on verification paths.
 */
export function encodeCBOR(value: unknown): Uint8Array {
  encoder ??= new Encoder({
    mapsAsObjects: false,
    useRecords: false,
    tagUint8Array: false,
    variableMapSize: true,
    useFloat32: 0,
    pack: false,
  } as ConstructorParameters<typeof Encoder>[0]);
  const out = encoder.encode(value);
  return new Uint8Array(out.buffer.slice(out.byteOffset, out.byteOffset + out.byteLength));
}
