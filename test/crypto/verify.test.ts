import { fc, test as fcTest } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { EC_CURVES, OKP_CURVES } from '../../src/crypto/curves.js';
import { encodeECDSASignatureDER, parseECDSASignatureDER } from '../../src/crypto/der.js';
import type { CryptoBackend, ECCurve, HashName, PublicKey, SignatureScheme } from '../../src/crypto/types.js';
import { verifySignature } from '../../src/crypto/verify.js';
import { fromHex, utf8Encode } from '../../src/encoding/bytes.js';
import { ecKeyPair, okpKeyPair, rsaKeyPair, signECDSA, signEdDSA, signRSA } from './keys.js';

const BACKENDS: CryptoBackend[] = ['auto', 'node', 'webcrypto', 'noble'];
const DATA = utf8Encode('authenticatorData ‖ clientDataHash');

async function all(
  scheme: SignatureScheme,
  key: PublicKey,
  signature: Uint8Array,
  data: Uint8Array = DATA,
): Promise<boolean[]> {
  return Promise.all(BACKENDS.map((backend) => verifySignature({ scheme, key, signature, data, backend })));
}

const ES256: SignatureScheme = { name: 'ECDSA', hash: 'SHA-256', encoding: 'der' };

/** Returns (r, s) from a DER signature as minimal big-endian bytes. */
function rs(der: Uint8Array): { r: bigint; s: bigint } {
  const v = parseECDSASignatureDER(der, EC_CURVES['P-256'])!;
  return { r: v.r, s: v.s };
}
const be = (n: bigint): Uint8Array => {
  const hex = n.toString(16);
  return fromHex(hex.length % 2 ? `0${hex}` : hex);
};

describe('ECDSA', () => {
  const curves: [ECCurve, HashName][] = [
    ['P-256', 'SHA-256'],
    ['P-384', 'SHA-384'],
    ['P-521', 'SHA-512'],
    ['secp256k1', 'SHA-256'],
  ];
  it.each(curves)('%s: DER and raw signatures verify on every backend', async (crv, hash) => {
    const pair = ecKeyPair(crv);
    const der = signECDSA(pair, hash, DATA, 'der');
    const raw = signECDSA(pair, hash, DATA, 'raw');
    const backends = crv === 'secp256k1' ? (['auto', 'node', 'noble'] as const) : BACKENDS;
    for (const backend of backends) {
      expect(
        await verifySignature({
          scheme: { name: 'ECDSA', hash, encoding: 'der' },
          key: pair.publicKey,
          signature: der,
          data: DATA,
          backend,
        }),
      ).toBe(true);
      expect(
        await verifySignature({
          scheme: { name: 'ECDSA', hash, encoding: 'raw' },
          key: pair.publicKey,
          signature: raw,
          data: DATA,
          backend,
        }),
      ).toBe(true);
      // Wrong data, wrong encoding.
      expect(
        await verifySignature({
          scheme: { name: 'ECDSA', hash, encoding: 'der' },
          key: pair.publicKey,
          signature: der,
          data: DATA.subarray(1),
          backend,
        }),
      ).toBe(false);
      expect(
        await verifySignature({
          scheme: { name: 'ECDSA', hash, encoding: 'der' },
          key: pair.publicKey,
          signature: raw,
          data: DATA,
          backend,
        }),
      ).toBe(false);
    }
  });

  it('secp256k1 under a forced webcrypto backend is ERR_UNSUPPORTED_ALGORITHM', async () => {
    const pair = ecKeyPair('secp256k1');
    await expect(
      verifySignature({
        scheme: ES256,
        key: pair.publicKey,
        signature: signECDSA(pair, 'SHA-256', DATA),
        data: DATA,
        backend: 'webcrypto',
      }),
    ).rejects.toMatchObject({ code: 'ERR_UNSUPPORTED_ALGORITHM' });
  });

  it('accepts high-S (WebAuthn has no low-S rule, security.md #69)', async () => {
    const pair = ecKeyPair('P-256');
    const n = EC_CURVES['P-256'].n;
    const { r, s } = rs(signECDSA(pair, 'SHA-256', DATA));
    const high = s > n / 2n ? s : n - s;
    const low = n - high;
    expect(await all(ES256, pair.publicKey, encodeECDSASignatureDER(be(r), be(high)))).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(await all(ES256, pair.publicKey, encodeECDSASignatureDER(be(r), be(low)))).toEqual([true, true, true, true]);
  });

  it('accepts 31-byte r/s and 33-byte (0x00-padded) r/s as DER requires (#70)', async () => {
    const pair = ecKeyPair('P-256');
    let short = false;
    let padded = false;
    for (let i = 0; i < 400 && !(short && padded); i++) {
      const data = utf8Encode(`message ${i}`);
      const der = signECDSA(pair, 'SHA-256', data);
      const rLen = der[3] as number;
      const sLen = der[5 + rLen] as number;
      if (rLen < 32 || sLen < 32) short = true;
      if (rLen === 33 || sLen === 33) padded = true;
      expect(await all(ES256, pair.publicKey, der, data)).toEqual([true, true, true, true]);
    }
    expect(padded).toBe(true);
  });

  it('rejects r = s = 0 (CVE-2022-21449)', async () => {
    const pair = ecKeyPair('P-256');
    expect(await all(ES256, pair.publicKey, fromHex('3006020100020100'))).toEqual([false, false, false, false]);
    expect(await all({ ...ES256, encoding: 'raw' }, pair.publicKey, new Uint8Array(64))).toEqual([
      false,
      false,
      false,
      false,
    ]);
    const { r, s } = rs(signECDSA(pair, 'SHA-256', DATA));
    expect(await all(ES256, pair.publicKey, encodeECDSASignatureDER(be(r), new Uint8Array(1)))).toEqual([
      false,
      false,
      false,
      false,
    ]);
    expect(await all(ES256, pair.publicKey, encodeECDSASignatureDER(new Uint8Array(1), be(s)))).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });

  it('rejects r or s ≥ n (r + n, s + n, s = n) (#68)', async () => {
    const pair = ecKeyPair('P-256');
    const n = EC_CURVES['P-256'].n;
    const { r, s } = rs(signECDSA(pair, 'SHA-256', DATA));
    for (const [rr, ss] of [
      [r + n, s],
      [r, s + n],
      [r, n],
      [n, s],
    ] as [bigint, bigint][]) {
      expect(await all(ES256, pair.publicKey, encodeECDSASignatureDER(be(rr), be(ss)))).toEqual([
        false,
        false,
        false,
        false,
      ]);
    }
  });

  describe('strict DER (#65, #66, elliptic CVE-2024-42460/42461)', () => {
    const pair = ecKeyPair('P-256');
    // A signature where both r and s need no padding byte, so mutations are easy to build.
    let der = signECDSA(pair, 'SHA-256', DATA);
    while (der.length !== 70) der = signECDSA(pair, 'SHA-256', DATA);
    const r = der.subarray(4, 36);
    const s = der.subarray(38, 70);
    const int = (b: Uint8Array): number[] => [0x02, b.length, ...b];
    const seq = (body: number[]): Uint8Array => Uint8Array.of(0x30, body.length, ...body);

    it('the base signature verifies', async () => {
      expect(await all(ES256, pair.publicKey, der)).toEqual([true, true, true, true]);
    });

    it.each([
      ['trailing byte', () => Uint8Array.of(...der, 0)],
      ['trailing SEQUENCE-internal byte', () => seq([...int(r), ...int(s), 0])],
      ['long-form SEQUENCE length (0x81 0x44)', () => Uint8Array.of(0x30, 0x81, 0x44, ...der.subarray(2))],
      ['long-form SEQUENCE length (0x82 0x00 0x44)', () => Uint8Array.of(0x30, 0x82, 0x00, 0x44, ...der.subarray(2))],
      ['indefinite SEQUENCE length', () => Uint8Array.of(0x30, 0x80, ...der.subarray(2), 0, 0)],
      ['SEQUENCE length too long', () => Uint8Array.of(0x30, 0x45, ...der.subarray(2))],
      ['SEQUENCE length too short', () => Uint8Array.of(0x30, 0x43, ...der.subarray(2))],
      ['long-form INTEGER length', () => seq([0x02, 0x81, 0x20, ...r, ...int(s)])],
      [
        'negative r (high bit, no 0x00)',
        () => seq([...int(Uint8Array.of(0x80 | (r[0] as number), ...r.subarray(1))), ...int(s)]),
      ],
      ['superfluous leading zero on r', () => seq([...int(Uint8Array.of(0, ...r)), ...int(s)])],
      ['superfluous leading zero on s', () => seq([...int(r), ...int(Uint8Array.of(0, ...s))])],
      ['two leading zeros', () => seq([...int(Uint8Array.of(0, 0, ...r)), ...int(s)])],
      ['empty INTEGER', () => seq([0x02, 0x00, ...int(s)])],
      ['wrong SEQUENCE tag', () => Uint8Array.of(0x31, ...der.subarray(1))],
      ['wrong INTEGER tag', () => seq([0x03, 32, ...r, ...int(s)])],
      ['only r', () => seq(int(r))],
      ['three INTEGERs', () => seq([...int(r), ...int(s), ...int(s)])],
      ['raw r‖s under DER scheme', () => Uint8Array.of(...r, ...s)],
      ['empty signature', () => new Uint8Array(0)],
    ])('%s → false on every backend', async (_n, build) => {
      expect(await all(ES256, pair.publicKey, build())).toEqual([false, false, false, false]);
    });

    it('raw scheme: wrong length → false', async () => {
      const raw = Uint8Array.of(...r, ...s);
      expect(await all({ ...ES256, encoding: 'raw' }, pair.publicKey, raw)).toEqual([true, true, true, true]);
      expect(await all({ ...ES256, encoding: 'raw' }, pair.publicKey, raw.subarray(1))).toEqual([
        false,
        false,
        false,
        false,
      ]);
      expect(await all({ ...ES256, encoding: 'raw' }, pair.publicKey, Uint8Array.of(0, ...raw))).toEqual([
        false,
        false,
        false,
        false,
      ]);
    });
  });

  it('a key off the curve is ERR_PUBLIC_KEY_INVALID (not a silent false)', async () => {
    const pair = ecKeyPair('P-256');
    const key = pair.publicKey as { kty: 'EC'; crv: 'P-256'; x: Uint8Array; y: Uint8Array };
    const y = new Uint8Array(key.y);
    y[31] = (y[31] as number) ^ 1;
    for (const backend of BACKENDS) {
      await expect(
        verifySignature({
          scheme: ES256,
          key: { ...key, y },
          signature: signECDSA(pair, 'SHA-256', DATA),
          data: DATA,
          backend,
        }),
      ).rejects.toMatchObject({ code: 'ERR_PUBLIC_KEY_INVALID' });
    }
  });
});

describe('EdDSA', () => {
  it.each(['Ed25519', 'Ed448'] as const)('%s verifies; tampering fails', async (crv) => {
    const pair = okpKeyPair(crv);
    const sig = signEdDSA(pair, DATA);
    const backends = BACKENDS;
    for (const backend of backends) {
      expect(
        await verifySignature({ scheme: { name: 'EdDSA' }, key: pair.publicKey, signature: sig, data: DATA, backend }),
      ).toBe(true);
      const bad = new Uint8Array(sig);
      bad[0] = (bad[0] as number) ^ 1;
      expect(
        await verifySignature({ scheme: { name: 'EdDSA' }, key: pair.publicKey, signature: bad, data: DATA, backend }),
      ).toBe(false);
      expect(
        await verifySignature({
          scheme: { name: 'EdDSA' },
          key: pair.publicKey,
          signature: sig.subarray(1),
          data: DATA,
          backend,
        }),
      ).toBe(false);
      expect(
        await verifySignature({
          scheme: { name: 'EdDSA' },
          key: pair.publicKey,
          signature: Uint8Array.of(...sig, 0),
          data: DATA,
          backend,
        }),
      ).toBe(false);
    }
  });

  it('rejects Ed25519 S + L (elliptic CVE-2024-48949, #72)', async () => {
    const pair = okpKeyPair('Ed25519');
    const sig = signEdDSA(pair, DATA);
    const L = OKP_CURVES.Ed25519.L;
    let S = 0n;
    for (let i = 63; i >= 32; i--) S = (S << 8n) | BigInt(sig[i] as number);
    const S2 = S + L;
    const forged = new Uint8Array(sig);
    let v = S2;
    for (let i = 32; i < 64; i++) {
      forged[i] = Number(v & 0xffn);
      v >>= 8n;
    }
    expect(v).toBe(0n);
    expect(await all({ name: 'EdDSA' }, pair.publicKey, forged)).toEqual([false, false, false, false]);
  });
});

describe('RSA', () => {
  const pair = rsaKeyPair(2048);
  const PKCS1: SignatureScheme = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  const PSS: SignatureScheme = { name: 'RSA-PSS', hash: 'SHA-256', saltLength: 32 };

  it.each(['SHA-1', 'SHA-256', 'SHA-384', 'SHA-512'] as HashName[])(
    'PKCS#1 v1.5 %s verifies on every backend',
    async (hash) => {
      const sig = signRSA(pair, hash, DATA);
      expect(await all({ name: 'RSASSA-PKCS1-v1_5', hash }, pair.publicKey, sig)).toEqual([true, true, true, true]);
      expect(await all({ name: 'RSASSA-PKCS1-v1_5', hash }, pair.publicKey, sig, DATA.subarray(1))).toEqual([
        false,
        false,
        false,
        false,
      ]);
    },
  );

  it.each([
    ['SHA-256', 32],
    ['SHA-384', 48],
    ['SHA-512', 64],
  ] as [HashName, number][])('PSS %s / salt %i verifies on every backend', async (hash, saltLength) => {
    const sig = signRSA(pair, hash, DATA, { saltLength });
    expect(await all({ name: 'RSA-PSS', hash, saltLength }, pair.publicKey, sig)).toEqual([true, true, true, true]);
    // Wrong salt length expectation.
    expect(await all({ name: 'RSA-PSS', hash, saltLength: saltLength - 1 }, pair.publicKey, sig)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });

  it('rejects a prepended 0x00, a truncated signature and s ≥ n (#73, jsrsasign CVE-2020-14968)', async () => {
    const sig = signRSA(pair, 'SHA-256', DATA);
    const pss = signRSA(pair, 'SHA-256', DATA, { saltLength: 32 });
    const n = (pair.publicKey as { n: Uint8Array }).n;
    expect(await all(PKCS1, pair.publicKey, Uint8Array.of(0, ...sig))).toEqual([false, false, false, false]);
    expect(await all(PSS, pair.publicKey, Uint8Array.of(0, ...pss))).toEqual([false, false, false, false]);
    expect(await all(PKCS1, pair.publicKey, sig.subarray(1))).toEqual([false, false, false, false]);
    expect(await all(PKCS1, pair.publicKey, n)).toEqual([false, false, false, false]);
    expect(await all(PKCS1, pair.publicKey, new Uint8Array(256))).toEqual([false, false, false, false]);
    expect(await all(PKCS1, pair.publicKey, new Uint8Array(0))).toEqual([false, false, false, false]);
  });

  it('PS vs PKCS#1 confusion is rejected both ways (#74)', async () => {
    const pkcs1 = signRSA(pair, 'SHA-256', DATA);
    const pss = signRSA(pair, 'SHA-256', DATA, { saltLength: 32 });
    expect(await all(PSS, pair.publicKey, pkcs1)).toEqual([false, false, false, false]);
    expect(await all(PKCS1, pair.publicKey, pss)).toEqual([false, false, false, false]);
    // Hash confusion within PKCS#1.
    expect(await all({ name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-1' }, pair.publicKey, pkcs1)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });

  it('a key that does not fit the scheme is ERR_PUBLIC_KEY_INVALID', async () => {
    await expect(
      verifySignature({ scheme: ES256, key: pair.publicKey, signature: new Uint8Array(70), data: DATA }),
    ).rejects.toMatchObject({ code: 'ERR_PUBLIC_KEY_INVALID' });
    await expect(
      verifySignature({
        scheme: PKCS1,
        key: { kty: 'RSA', n: new Uint8Array([0x0e]), e: new Uint8Array([3]) },
        signature: new Uint8Array(1),
        data: DATA,
      }),
    ).rejects.toMatchObject({ code: 'ERR_PUBLIC_KEY_INVALID' });
  });
});

describe('argument checks', () => {
  const pair = ecKeyPair('P-256');
  it('programmer errors throw TypeError/RangeError', async () => {
    const base = { scheme: ES256, key: pair.publicKey, signature: new Uint8Array(8), data: DATA };
    await expect(verifySignature({ ...base, signature: 'abc' as unknown as Uint8Array })).rejects.toThrow(TypeError);
    await expect(verifySignature({ ...base, data: [1, 2] as unknown as Uint8Array })).rejects.toThrow(TypeError);
    await expect(verifySignature({ ...base, backend: 'openssl' as CryptoBackend })).rejects.toThrow(TypeError);
    await expect(verifySignature({ ...base, scheme: { name: 'DSA' } as unknown as SignatureScheme })).rejects.toThrow(
      TypeError,
    );
    await expect(
      verifySignature({
        ...base,
        scheme: { name: 'ECDSA', hash: 'MD5', encoding: 'der' } as unknown as SignatureScheme,
      }),
    ).rejects.toThrow(TypeError);
    await expect(
      verifySignature({
        ...base,
        key: rsaKeyPair(2048).publicKey,
        scheme: { name: 'RSA-PSS', hash: 'SHA-256', saltLength: -1 },
      }),
    ).rejects.toThrow(RangeError);
  });
});

describe('property: random bytes as a signature never throw, only false', () => {
  const ec = ecKeyPair('P-256');
  const ed = okpKeyPair('Ed25519');
  const rsa = rsaKeyPair(2048);
  const cases: [string, SignatureScheme, PublicKey, number][] = [
    ['ES256 der', ES256, ec.publicKey, 80],
    ['ES256 raw', { ...ES256, encoding: 'raw' }, ec.publicKey, 70],
    ['Ed25519', { name: 'EdDSA' }, ed.publicKey, 70],
    ['RS256', { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, rsa.publicKey, 260],
    ['PS256', { name: 'RSA-PSS', hash: 'SHA-256', saltLength: 32 }, rsa.publicKey, 260],
  ];
  for (const [name, scheme, key, maxLength] of cases) {
    fcTest.prop([fc.uint8Array({ maxLength }), fc.constantFrom<CryptoBackend>(...BACKENDS)], { numRuns: 60 })(
      `${name}`,
      async (signature, backend) => {
        expect(await verifySignature({ scheme, key, signature, data: DATA, backend })).toBe(false);
      },
    );
  }
  fcTest.prop([fc.uint8Array({ minLength: 70, maxLength: 72 })], { numRuns: 100 })(
    'DER-shaped ES256 bytes',
    async (tail) => {
      const sig = Uint8Array.of(0x30, 0x44, 0x02, 0x20, ...tail.subarray(0, 32), 0x02, 0x20, ...tail.subarray(32, 64));
      const results = await all(ES256, ec.publicKey, sig);
      expect(results).toEqual([false, false, false, false]);
    },
  );
});
