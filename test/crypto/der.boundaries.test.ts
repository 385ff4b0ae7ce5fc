/**
 * ECDSA signature encodings at their boundaries: strict DER (X.690 §8.3, §10.1; SEC 1 §C.8),
 * fixed-width raw r‖s (IEEE P1363), the r, s ∈ [1, n − 1] range, and the DER encoder.
 */
import { describe, expect, it } from 'vitest';
import { EC_CURVES } from '../../src/crypto/curves.js';
import {
  ecdsaRawSignature,
  encodeECDSASignatureDER,
  parseECDSASignatureDER,
  parseECDSASignatureRaw,
} from '../../src/crypto/der.js';
import { verifySignature } from '../../src/crypto/verify.js';
import { utf8Encode } from '../../src/encoding/bytes.js';
import { ecKeyPair, signECDSA } from './keys.js';

const P256 = EC_CURVES['P-256'];
const P521 = EC_CURVES['P-521'];

const be = (n: bigint, size?: number): Uint8Array => {
  let hex = n.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  if (size !== undefined) hex = hex.padStart(size * 2, '0');
  return new Uint8Array(Buffer.from(hex, 'hex'));
};
/** DER INTEGER with the given content octets, as is (no normalisation). */
const int = (content: number[] | Uint8Array): number[] => [0x02, content.length, ...content];
const seq = (content: number[]): Uint8Array =>
  Uint8Array.from(
    content.length < 0x80 ? [0x30, content.length, ...content] : [0x30, 0x81, content.length, ...content],
  );
/** Minimal DER INTEGER content of a positive value. */
const minimal = (n: bigint): number[] => {
  if (n === 0n) return [0];
  const b = [...be(n)];
  return (b[0] as number) & 0x80 ? [0, ...b] : b;
};

describe('parseECDSASignatureDER: integers (X.690 §8.3)', () => {
  it('the shortest valid signature (8 octets, r = s = 1) parses', () => {
    const der = seq([...int([1]), ...int([1])]);
    expect(der.length).toBe(8);
    expect(parseECDSASignatureDER(der, P256)).toMatchObject({ r: 1n, s: 1n });
    expect(parseECDSASignatureDER(der.subarray(0, 7), P256)).toBeUndefined();
  });

  it('a sign octet before a set top bit is required, and accepted', () => {
    const r = (1n << 255n) + 12345n; // top bit set, below n
    const s = 77n;
    expect(r < P256.n).toBe(true);
    const good = seq([...int([0, ...be(r)]), ...int([s].map(Number))]);
    expect(parseECDSASignatureDER(good, P256)).toMatchObject({ r, s });
    // Without the 0x00 the INTEGER is negative (CVE-2024-42460).
    expect(parseECDSASignatureDER(seq([...int(be(r)), ...int([77])]), P256)).toBeUndefined();
    expect(parseECDSASignatureDER(seq([...int([77]), ...int(be(r))]), P256)).toBeUndefined();
    expect(parseECDSASignatureDER(seq([...int([0x81]), ...int([1])]), P256)).toBeUndefined();
  });

  it('a superfluous leading zero is refused, a needed one is not', () => {
    expect(parseECDSASignatureDER(seq([...int([0, 0x7f]), ...int([1])]), P256)).toBeUndefined();
    expect(parseECDSASignatureDER(seq([...int([1]), ...int([0, 0x01])]), P256)).toBeUndefined();
    expect(parseECDSASignatureDER(seq([...int([0, 0x80]), ...int([0, 0xff])]), P256)).toMatchObject({
      r: 0x80n,
      s: 0xffn,
    });
  });

  it('r and s must lie in [1, n − 1] (CVE-2022-21449)', () => {
    const n = P256.n;
    const cases: [bigint, bigint, boolean][] = [
      [0n, 1n, false],
      [1n, 0n, false],
      [0n, 0n, false],
      [n, 1n, false],
      [1n, n, false],
      [n + 1n, 1n, false],
      [1n, n + 1n, false],
      [n - 1n, n - 1n, true],
      [1n, 1n, true],
    ];
    for (const [r, s, ok] of cases) {
      const parsed = parseECDSASignatureDER(seq([...int(minimal(r)), ...int(minimal(s))]), P256);
      if (ok) expect(parsed).toMatchObject({ r, s });
      else expect(parsed).toBeUndefined();
      const raw = Uint8Array.of(...be(r, 33).subarray(1), ...be(s, 33).subarray(1));
      if (r < 1n << 256n && s < 1n << 256n) {
        const pr = parseECDSASignatureRaw(raw, P256);
        if (ok) expect(pr).toMatchObject({ r, s });
        else expect(pr).toBeUndefined();
      }
    }
  });

  it('trailing bytes, a missing s and a truncated s are refused', () => {
    const body = [...int([5]), ...int([6])];
    expect(parseECDSASignatureDER(seq(body), P256)).toMatchObject({ r: 5n, s: 6n });
    expect(parseECDSASignatureDER(Uint8Array.of(...seq(body), 0), P256)).toBeUndefined();
    expect(parseECDSASignatureDER(seq([...int([5, 5, 5, 5]), 0x02]), P256)).toBeUndefined();
    expect(parseECDSASignatureDER(seq([...int([5, 5, 5]), 0x02, 0x01]), P256)).toBeUndefined();
    expect(parseECDSASignatureDER(seq([...int([5, 5, 5]), 0x02, 0x00]), P256)).toBeUndefined();
    expect(parseECDSASignatureDER(seq([...int([5, 5, 5]), 0x04, 0x01, 0x06]), P256)).toBeUndefined();
  });
});

describe('parseECDSASignatureDER: SEQUENCE length forms (X.690 §10.1)', () => {
  // P-521: r of 66 octets and s of 58 octets give exactly 128 content octets.
  const r = (1n << 520n) + 3n;
  const s = (1n << 456n) + 5n;
  const content128 = [...int(be(r)), ...int(be(s))];

  it('128 content octets use the minimal long form 30 81 80, and parse', () => {
    expect(be(r).length).toBe(66);
    expect(be(s).length).toBe(58);
    expect(content128.length).toBe(0x80);
    const der = Uint8Array.of(0x30, 0x81, 0x80, ...content128);
    expect(parseECDSASignatureDER(der, P521)).toMatchObject({ r, s });
  });

  it('the same content under 30 80 (indefinite) or 30 82 00 80 (non-minimal) is refused', () => {
    expect(parseECDSASignatureDER(Uint8Array.of(0x30, 0x80, ...content128), P521)).toBeUndefined();
    expect(parseECDSASignatureDER(Uint8Array.of(0x30, 0x82, 0x80, ...content128), P521)).toBeUndefined();
    expect(parseECDSASignatureDER(Uint8Array.of(0x30, 0x82, 0x00, 0x80, ...content128), P521)).toBeUndefined();
  });

  it('a long form for fewer than 128 octets is refused (30 81 7f)', () => {
    const s127 = [...int(be(r)), ...int(be((1n << 448n) + 5n))];
    expect(s127.length).toBe(0x7f);
    expect(parseECDSASignatureDER(Uint8Array.of(0x30, 0x7f, ...s127), P521)).toMatchObject({ r });
    expect(parseECDSASignatureDER(Uint8Array.of(0x30, 0x81, 0x7f, ...s127), P521)).toBeUndefined();
  });

  it('a SEQUENCE tag other than 0x30 is refused', () => {
    expect(parseECDSASignatureDER(Uint8Array.of(0x31, 0x06, ...int([1]), ...int([1])), P256)).toBeUndefined();
  });
});

describe('parseECDSASignatureRaw (IEEE P1363)', () => {
  it('needs exactly 2 × the coordinate size', () => {
    const r = be(5n, 32);
    const s = be(6n, 32);
    expect(parseECDSASignatureRaw(Uint8Array.of(...r, ...s), P256)).toMatchObject({ r: 5n, s: 6n });
    // r ‖ 0x00 ‖ s would still split into (r, s) if the length were not checked.
    expect(parseECDSASignatureRaw(Uint8Array.of(...r, 0, ...s), P256)).toBeUndefined();
    expect(parseECDSASignatureRaw(Uint8Array.of(...r, ...s.subarray(1)), P256)).toBeUndefined();
  });

  it('verifySignature refuses an inserted zero octet in a raw signature on every backend', async () => {
    const pair = ecKeyPair('P-256');
    const data = utf8Encode('raw');
    const raw = signECDSA(pair, 'SHA-256', data, 'raw');
    const widened = Uint8Array.of(...raw.subarray(0, 32), 0, ...raw.subarray(32));
    for (const backend of ['auto', 'node', 'webcrypto', 'noble'] as const) {
      const scheme = { name: 'ECDSA', hash: 'SHA-256', encoding: 'raw' } as const;
      expect(await verifySignature({ scheme, key: pair.publicKey, signature: raw, data, backend })).toBe(true);
      expect(await verifySignature({ scheme, key: pair.publicKey, signature: widened, data, backend })).toBe(false);
    }
  });
});

describe('encodeECDSASignatureDER', () => {
  it('encodes zero as 02 01 00 and strips leading zeros', () => {
    expect(encodeECDSASignatureDER(new Uint8Array(0), Uint8Array.of(0, 0, 5))).toEqual(
      Uint8Array.of(0x30, 0x06, 0x02, 0x01, 0x00, 0x02, 0x01, 0x05),
    );
    expect(encodeECDSASignatureDER(new Uint8Array(3), Uint8Array.of(0x80))).toEqual(
      Uint8Array.of(0x30, 0x07, 0x02, 0x01, 0x00, 0x02, 0x02, 0x00, 0x80),
    );
  });

  it('switches to 30 81 at exactly 128 content octets and round-trips', () => {
    const r = (1n << 520n) + 3n;
    const s127 = (1n << 448n) + 5n; // 57 octets → 127 content octets in total
    const s128 = (1n << 456n) + 5n; // 58 octets → 128
    const short = encodeECDSASignatureDER(be(r), be(s127));
    expect([...short.subarray(0, 2)]).toEqual([0x30, 0x7f]);
    expect(short.length).toBe(2 + 0x7f);
    const long = encodeECDSASignatureDER(be(r), be(s128));
    expect([...long.subarray(0, 3)]).toEqual([0x30, 0x81, 0x80]);
    expect(long.length).toBe(3 + 0x80);
    expect(parseECDSASignatureDER(long, P521)).toMatchObject({ r, s: s128 });
    expect(parseECDSASignatureDER(short, P521)).toMatchObject({ r, s: s127 });
  });

  it('ecdsaRawSignature left-pads r and s to the coordinate size', () => {
    const v = parseECDSASignatureDER(seq([...int([1, 2]), ...int([3])]), P256)!;
    const raw = ecdsaRawSignature(v, P256);
    expect(raw.length).toBe(64);
    expect(raw[30]).toBe(1);
    expect(raw[31]).toBe(2);
    expect(raw[63]).toBe(3);
    expect(raw.filter((b) => b !== 0).length).toBe(3);
  });
});
