/**
 * A small DER (X.690) reader and writer used to slice certificates into their exact signed
 * bytes, to check structure strictly (definite lengths, no trailing bytes), and to build test
 * certificates deterministically. Semantic decoding of X.509 structures goes through
 * `@peculiar/asn1-x509` in `parse.ts`.
 *
 * @module
 */
import { concat } from '../encoding/bytes.js';
import { WebAuthnError } from '../errors.js';

/** ASN.1 tag classes (X.690 §8.1.2.2). */
export type DERClass = 'universal' | 'application' | 'context' | 'private';

/** One TLV element located inside a buffer. */
export interface DERElement {
  tagClass: DERClass;
  constructed: boolean;
  /** Tag number (high-tag-number form supported). */
  tagNumber: number;
  /** The whole TLV. */
  bytes: Uint8Array;
  /** The contents octets. */
  value: Uint8Array;
  /** Offset just after this element in the buffer it was read from. */
  end: number;
}

/** Universal tag numbers used in this folder. */
export const TAG = {
  BOOLEAN: 1,
  INTEGER: 2,
  BIT_STRING: 3,
  OCTET_STRING: 4,
  NULL: 5,
  OID: 6,
  ENUMERATED: 10,
  UTF8_STRING: 12,
  SEQUENCE: 16,
  SET: 17,
  PRINTABLE_STRING: 19,
  TELETEX_STRING: 20,
  IA5_STRING: 22,
  UTC_TIME: 23,
  GENERALIZED_TIME: 24,
  UNIVERSAL_STRING: 28,
  BMP_STRING: 30,
} as const;

const CLASSES: readonly DERClass[] = ['universal', 'application', 'context', 'private'];

function fail(message: string): never {
  throw new WebAuthnError('ERR_CERTIFICATE_INVALID', `DER: ${message}`);
}

/** Reads one element at `offset`; lengths must be definite and fit in the buffer. */
export function readElement(data: Uint8Array, offset = 0): DERElement {
  let pos = offset;
  if (pos >= data.length) fail('unexpected end of data');
  const first = data[pos++] as number;
  const tagClass = CLASSES[first >> 6] as DERClass;
  const constructed = (first & 0x20) !== 0;
  let tagNumber = first & 0x1f;
  if (tagNumber === 0x1f) {
    tagNumber = 0;
    let count = 0;
    for (;;) {
      if (pos >= data.length) fail('truncated tag');
      const b = data[pos++] as number;
      if (count === 0 && b === 0x80) fail('non-minimal tag');
      tagNumber = tagNumber * 128 + (b & 0x7f);
      if (++count > 4) fail('tag number too large');
      if ((b & 0x80) === 0) break;
    }
  }
  if (pos >= data.length) fail('truncated length');
  const lenByte = data[pos++] as number;
  let length: number;
  if (lenByte < 0x80) {
    length = lenByte;
  } else if (lenByte === 0x80) {
    fail('indefinite length');
  } else {
    const n = lenByte & 0x7f;
    if (n > 4) fail('length too large');
    if (pos + n > data.length) fail('truncated length');
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + (data[pos++] as number);
  }
  if (length > data.length - pos) fail('length exceeds data');
  const end = pos + length;
  return { tagClass, constructed, tagNumber, bytes: data.subarray(offset, end), value: data.subarray(pos, end), end };
}

/** Reads exactly one element covering all of `data` (trailing bytes are an error). */
export function readSingle(data: Uint8Array): DERElement {
  const el = readElement(data, 0);
  if (el.end !== data.length) fail('trailing bytes');
  return el;
}

/** Reads the children of a constructed element. */
export function readChildren(el: DERElement): DERElement[] {
  if (!el.constructed) fail('expected a constructed element');
  const out: DERElement[] = [];
  let pos = 0;
  while (pos < el.value.length) {
    const child = readElement(el.value, pos);
    out.push(child);
    pos = child.end;
  }
  return out;
}

/** True when `el` is the universal element with this tag number. */
export function isUniversal(el: DERElement | undefined, tagNumber: number): el is DERElement {
  return el !== undefined && el.tagClass === 'universal' && el.tagNumber === tagNumber;
}

/** True when `el` is the context-specific element `[tagNumber]`. */
export function isContext(el: DERElement | undefined, tagNumber: number): el is DERElement {
  return el !== undefined && el.tagClass === 'context' && el.tagNumber === tagNumber;
}

/** Requires `el` to be the universal element `tagNumber`. */
export function expectUniversal(el: DERElement | undefined, tagNumber: number, what: string): DERElement {
  if (!isUniversal(el, tagNumber)) fail(`expected ${what}`);
  return el;
}

/** Decodes an OBJECT IDENTIFIER's contents to dotted form. */
export function decodeOID(value: Uint8Array): string {
  if (value.length === 0) fail('empty OID');
  const arcs: number[] = [];
  let acc = 0;
  let started = false;
  for (let i = 0; i < value.length; i++) {
    const b = value[i] as number;
    if (!started && b === 0x80) fail('non-minimal OID arc');
    started = true;
    acc = acc * 128 + (b & 0x7f);
    if (acc > Number.MAX_SAFE_INTEGER / 256) fail('OID arc too large');
    if ((b & 0x80) === 0) {
      arcs.push(acc);
      acc = 0;
      started = false;
    } else if (i === value.length - 1) {
      fail('truncated OID');
    }
  }
  const firstArc = arcs[0] as number;
  const head = firstArc < 40 ? [0, firstArc] : firstArc < 80 ? [1, firstArc - 40] : [2, firstArc - 80];
  return [...head, ...arcs.slice(1)].join('.');
}

// ---------------------------------------------------------------------------------------------
// Writer

function encodeLength(length: number): Uint8Array {
  if (length < 0x80) return Uint8Array.of(length);
  const bytes: number[] = [];
  let n = length;
  while (n > 0) {
    bytes.unshift(n & 0xff);
    n = Math.floor(n / 256);
  }
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

function encodeTag(tagClass: DERClass, constructed: boolean, tagNumber: number): Uint8Array {
  const lead = (CLASSES.indexOf(tagClass) << 6) | (constructed ? 0x20 : 0);
  if (tagNumber < 0x1f) return Uint8Array.of(lead | tagNumber);
  const bytes: number[] = [tagNumber & 0x7f];
  let n = Math.floor(tagNumber / 128);
  while (n > 0) {
    bytes.unshift(0x80 | (n & 0x7f));
    n = Math.floor(n / 128);
  }
  return Uint8Array.of(lead | 0x1f, ...bytes);
}

/** Encodes a TLV. */
export function tlv(tagClass: DERClass, constructed: boolean, tagNumber: number, value: Uint8Array): Uint8Array {
  return concat(encodeTag(tagClass, constructed, tagNumber), encodeLength(value.length), value);
}

/** SEQUENCE of already-encoded elements. */
export function derSequence(items: readonly Uint8Array[]): Uint8Array {
  return tlv('universal', true, TAG.SEQUENCE, concat(...items));
}

/** SET OF already-encoded elements, sorted as DER requires (X.690 §11.6). */
export function derSetOf(items: readonly Uint8Array[]): Uint8Array {
  const sorted = [...items].sort((a, b) => {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number);
    return a.length - b.length;
  });
  return tlv('universal', true, TAG.SET, concat(...sorted));
}

/** Explicitly tagged context element `[n] EXPLICIT`. */
export function derExplicit(tagNumber: number, inner: Uint8Array): Uint8Array {
  return tlv('context', true, tagNumber, inner);
}

/** Primitive universal element. */
export function derPrimitive(tagNumber: number, value: Uint8Array): Uint8Array {
  return tlv('universal', false, tagNumber, value);
}

/** INTEGER from unsigned big-endian magnitude bytes (adds a leading zero when needed). */
export function derUnsignedInteger(magnitude: Uint8Array): Uint8Array {
  let start = 0;
  while (start < magnitude.length - 1 && magnitude[start] === 0) start++;
  let body = magnitude.subarray(start);
  if (body.length === 0) body = Uint8Array.of(0);
  if (((body[0] as number) & 0x80) !== 0) body = concat(Uint8Array.of(0), body);
  return derPrimitive(TAG.INTEGER, body);
}

/** INTEGER from a small non-negative number. */
export function derSmallInteger(value: number): Uint8Array {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError('expected a non-negative safe integer');
  const bytes: number[] = [];
  let n = value;
  do {
    bytes.unshift(n & 0xff);
    n = Math.floor(n / 256);
  } while (n > 0);
  return derUnsignedInteger(Uint8Array.from(bytes));
}

/** BOOLEAN (DER: 0xff for TRUE). */
export function derBoolean(value: boolean): Uint8Array {
  return derPrimitive(TAG.BOOLEAN, Uint8Array.of(value ? 0xff : 0));
}

/** NULL. */
export function derNull(): Uint8Array {
  return derPrimitive(TAG.NULL, new Uint8Array(0));
}

/** OCTET STRING. */
export function derOctetString(value: Uint8Array): Uint8Array {
  return derPrimitive(TAG.OCTET_STRING, value);
}

/** BIT STRING with the given number of unused bits in the last byte. */
export function derBitString(value: Uint8Array, unusedBits = 0): Uint8Array {
  return derPrimitive(TAG.BIT_STRING, concat(Uint8Array.of(unusedBits), value));
}

/** OBJECT IDENTIFIER from dotted form. */
export function derOID(oid: string): Uint8Array {
  if (!/^[0-2](\.(0|[1-9][0-9]*))+$/.test(oid)) throw new TypeError(`invalid OID ${oid}`);
  const arcs = oid.split('.').map(Number);
  const first = (arcs[0] as number) * 40 + (arcs[1] as number);
  const out: number[] = [];
  for (const arc of [first, ...arcs.slice(2)]) {
    const chunk: number[] = [arc & 0x7f];
    let n = Math.floor(arc / 128);
    while (n > 0) {
      chunk.unshift(0x80 | (n & 0x7f));
      n = Math.floor(n / 128);
    }
    out.push(...chunk);
  }
  return derPrimitive(TAG.OID, Uint8Array.from(out));
}

/** A string with the given universal string tag (UTF8String, PrintableString, IA5String). */
export function derString(tagNumber: number, text: string): Uint8Array {
  return derPrimitive(tagNumber, new TextEncoder().encode(text));
}

function two(n: number): string {
  return String(n).padStart(2, '0');
}

/** Time per RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050. */
export function derTime(date: Date): Uint8Array {
  const t = date.getTime();
  if (!Number.isFinite(t)) throw new RangeError('invalid date');
  const y = date.getUTCFullYear();
  const rest = `${two(date.getUTCMonth() + 1)}${two(date.getUTCDate())}${two(date.getUTCHours())}${two(date.getUTCMinutes())}${two(date.getUTCSeconds())}Z`;
  if (y >= 1950 && y < 2050) return derString(TAG.UTC_TIME, `${two(y % 100)}${rest}`);
  return derString(TAG.GENERALIZED_TIME, `${String(y).padStart(4, '0')}${rest}`);
}
