/**
 * SubjectPublicKeyInfo decoding and encoding (src/certificates/public-key.ts): point validation
 * at the field-prime boundary, compressed points, RSA integer rules and size limit, EdDSA
 * lengths, algorithm parameters.
 */
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  derBitString,
  derNull,
  derOctetString,
  derOID,
  derPrimitive,
  derSequence,
  derSmallInteger,
  derUnsignedInteger,
  TAG,
} from '../../src/certificates/der.js';
import { decodeSPKI, encodePublicKeySPKI, MAX_RSA_MODULUS_BITS } from '../../src/certificates/public-key.js';
import type { PublicKey } from '../../src/crypto/types.js';
import { decodeBase64url } from '../../src/encoding/base64url.js';
import { thrown } from '../helpers/outcome.js';

const OIDS = {
  ec: '1.2.840.10045.2.1',
  rsa: '1.2.840.113549.1.1.1',
  pss: '1.2.840.113549.1.1.10',
  ed25519: '1.3.101.112',
  ed448: '1.3.101.113',
  dsa: '1.2.840.10040.4.1',
  'P-256': '1.2.840.10045.3.1.7',
  'P-521': '1.3.132.0.35',
  brainpoolP256r1: '1.3.36.3.3.2.8.1.1.7',
};

const P256 = {
  p: 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn,
  b: 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn,
};
const P521_P = (1n << 521n) - 1n;

const invalid = (spki: Uint8Array) => thrown(() => decodeSPKI(spki)).code;

function bytesOf(n: bigint, size: number): Uint8Array {
  const out = new Uint8Array(size);
  let v = n;
  for (let i = size - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}
function bigOf(bytes: Uint8Array): bigint {
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  return n;
}
function modPow(base: bigint, exp: bigint, mod: bigint): bigint {
  let r = 1n;
  let b = base % mod;
  let e = exp;
  while (e > 0n) {
    if (e & 1n) r = (r * b) % mod;
    b = (b * b) % mod;
    e >>= 1n;
  }
  return r;
}

function ecKeyJWK(curve: 'P-256' | 'P-521'): { x: Uint8Array; y: Uint8Array } {
  const jwk = generateKeyPairSync('ec', { namedCurve: curve }).publicKey.export({ format: 'jwk' });
  return { x: decodeBase64url(jwk.x!), y: decodeBase64url(jwk.y!) };
}

function ecSPKI(curveOID: string, point: Uint8Array): Uint8Array {
  return derSequence([derSequence([derOID(OIDS.ec), derOID(curveOID)]), derBitString(point)]);
}
const cat = (...parts: ArrayLike<number>[]) => Uint8Array.from(parts.flatMap((p) => Array.from(p)));

describe('EC points', () => {
  const { x, y } = ecKeyJWK('P-256');

  it('an uncompressed P-256 point round-trips', () => {
    expect(decodeSPKI(ecSPKI(OIDS['P-256'], cat([4], x, y)))).toEqual({ kty: 'EC', crv: 'P-256', x, y });
  });
  it('rejects an uncompressed point one byte too long, even when the value is on the curve', () => {
    // y with a leading zero octet still denotes the same coordinate.
    expect(invalid(ecSPKI(OIDS['P-256'], cat([4], x, [0], y)))).toBe('ERR_CERTIFICATE_INVALID');
  });
  it('rejects a coordinate equal to p (x = p is 0 mod p, and (0, √b) is on P-256)', () => {
    const y0 = modPow(P256.b, (P256.p + 1n) / 4n, P256.p);
    // the reduced point is on the curve:
    expect(decodeSPKI(ecSPKI(OIDS['P-256'], cat([4], bytesOf(0n, 32), bytesOf(y0, 32))))).toMatchObject({ kty: 'EC' });
    expect(invalid(ecSPKI(OIDS['P-256'], cat([4], bytesOf(P256.p, 32), bytesOf(y0, 32))))).toBe(
      'ERR_CERTIFICATE_INVALID',
    );
    expect(invalid(ecSPKI(OIDS['P-256'], cat([2 | Number(y0 & 1n)], bytesOf(P256.p, 32))))).toBe(
      'ERR_CERTIFICATE_INVALID',
    );
  });
  it('rejects x + p and y + p on P-521 (the 66-byte field leaves room above p)', () => {
    const k = ecKeyJWK('P-521');
    const xi = bigOf(k.x);
    const yi = bigOf(k.y);
    expect(decodeSPKI(ecSPKI(OIDS['P-521'], cat([4], k.x, k.y)))).toEqual({ kty: 'EC', crv: 'P-521', x: k.x, y: k.y });
    expect(invalid(ecSPKI(OIDS['P-521'], cat([4], bytesOf(xi + P521_P, 66), k.y)))).toBe('ERR_CERTIFICATE_INVALID');
    expect(invalid(ecSPKI(OIDS['P-521'], cat([4], k.x, bytesOf(yi + P521_P, 66))))).toBe('ERR_CERTIFICATE_INVALID');
    const prefix = 2 | Number(yi & 1n);
    expect(decodeSPKI(ecSPKI(OIDS['P-521'], cat([prefix], k.x)))).toEqual({ kty: 'EC', crv: 'P-521', x: k.x, y: k.y });
    expect(invalid(ecSPKI(OIDS['P-521'], cat([prefix], bytesOf(xi + P521_P, 66))))).toBe('ERR_CERTIFICATE_INVALID');
  });
  it('rejects an off-curve point', () => {
    const bad = Uint8Array.from(y);
    bad[31] = (bad[31] as number) ^ 1;
    expect(invalid(ecSPKI(OIDS['P-256'], cat([4], x, bad)))).toBe('ERR_CERTIFICATE_INVALID');
  });

  describe('compressed points', () => {
    it('decompress to the same y for both parities', () => {
      for (let n = 0; n < 4; n++) {
        const k = n === 0 ? { x, y } : ecKeyJWK('P-256');
        const prefix = 2 | ((k.y[31] as number) & 1);
        expect(decodeSPKI(ecSPKI(OIDS['P-256'], cat([prefix], k.x)))).toEqual({
          kty: 'EC',
          crv: 'P-256',
          x: k.x,
          y: k.y,
        });
        // the other prefix selects p - y
        const other = decodeSPKI(ecSPKI(OIDS['P-256'], cat([prefix ^ 1], k.x))) as { y: Uint8Array };
        expect(bigOf(other.y)).toBe(P256.p - bigOf(k.y));
      }
    });
    it('rejects a compressed point one byte too long', () => {
      expect(invalid(ecSPKI(OIDS['P-256'], cat([2], [0], x)))).toBe('ERR_CERTIFICATE_INVALID');
    });
    it('rejects an x with no point on the curve', () => {
      // find x whose right-hand side is a non-residue
      let xi = 1n;
      for (; ; xi++) {
        const rhs = (((xi * xi * xi - 3n * xi + P256.b) % P256.p) + P256.p) % P256.p;
        if (modPow(rhs, (P256.p - 1n) / 2n, P256.p) !== 1n) break;
      }
      expect(invalid(ecSPKI(OIDS['P-256'], cat([2], bytesOf(xi, 32))))).toBe('ERR_CERTIFICATE_INVALID');
    });
    it('rejects other point prefixes of the compressed length', () => {
      for (const prefix of [0, 1, 5, 6, 7]) {
        expect(invalid(ecSPKI(OIDS['P-256'], cat([prefix], x)))).toBe('ERR_CERTIFICATE_INVALID');
      }
    });
  });

  it('requires a named curve: absent, NULL or specifiedCurve parameters are rejected', () => {
    const point = derBitString(cat([4], x, y));
    for (const alg of [
      derSequence([derOID(OIDS.ec)]),
      derSequence([derOID(OIDS.ec), derNull()]),
      derSequence([derOID(OIDS.ec), derSequence([derSmallInteger(1)])]),
    ]) {
      expect(invalid(derSequence([alg, point]))).toBe('ERR_CERTIFICATE_INVALID');
    }
  });
  it('an unsupported named curve decodes to undefined', () => {
    expect(decodeSPKI(ecSPKI(OIDS.brainpoolP256r1, cat([4], x, y)))).toBeUndefined();
  });
});

describe('SubjectPublicKeyInfo structure', () => {
  const { x, y } = ecKeyJWK('P-256');
  const alg = derSequence([derOID(OIDS.ec), derOID(OIDS['P-256'])]);
  const point = cat([4], x, y);

  it('rejects a third member', () => {
    expect(invalid(derSequence([alg, derBitString(point), derNull()]))).toBe('ERR_CERTIFICATE_INVALID');
  });
  it('rejects a third AlgorithmIdentifier member', () => {
    const alg3 = derSequence([derOID(OIDS.ec), derOID(OIDS['P-256']), derNull()]);
    expect(invalid(derSequence([alg3, derBitString(point)]))).toBe('ERR_CERTIFICATE_INVALID');
  });
  it('rejects unused bits in subjectPublicKey', () => {
    expect(invalid(derSequence([alg, derBitString(point, 1)]))).toBe('ERR_CERTIFICATE_INVALID');
  });
  it('an unsupported algorithm decodes to undefined, even with an empty key', () => {
    const dsa = derSequence([derOID(OIDS.dsa)]);
    expect(decodeSPKI(derSequence([dsa, derBitString(new Uint8Array(8))]))).toBeUndefined();
    expect(decodeSPKI(derSequence([dsa, derBitString(new Uint8Array(0))]))).toBeUndefined();
    expect(invalid(derSequence([dsa, derPrimitive(TAG.BIT_STRING, new Uint8Array(0))]))).toBe(
      'ERR_CERTIFICATE_INVALID',
    );
  });
});

// ---------------------------------------------------------------------------------------------
// RSA

const E65537 = Uint8Array.of(1, 0, 1);
const rsaInts = (n: Uint8Array, e: Uint8Array) => derSequence([derUnsignedInteger(n), derUnsignedInteger(e)]);
const rsaSPKI = (body: Uint8Array, params: Uint8Array[] = [derNull()], oid = OIDS.rsa) =>
  derSequence([derSequence([derOID(oid), ...params]), derBitString(body)]);
const modulus = (bits: number) => {
  const n = new Uint8Array(Math.ceil(bits / 8)).fill(0xab);
  n[0] = 1 << ((bits - 1) % 8);
  n[n.length - 1] = 0x01;
  return n;
};
const N2048 = modulus(2048);

describe('RSA public keys', () => {
  it('decodes n and e without sign octets', () => {
    expect(decodeSPKI(rsaSPKI(rsaInts(N2048, E65537)))).toEqual({ kty: 'RSA', n: N2048, e: E65537 });
    expect(N2048[0]).toBe(0x80); // encoded with a leading zero octet, returned without
  });
  it('accepts absent parameters and an empty NULL; rejects any other parameters', () => {
    expect(decodeSPKI(rsaSPKI(rsaInts(N2048, E65537), []))).toMatchObject({ kty: 'RSA' });
    for (const params of [derPrimitive(TAG.NULL, Uint8Array.of(0)), derOID(OIDS['P-256']), derSequence([])]) {
      expect(invalid(rsaSPKI(rsaInts(N2048, E65537), [params]))).toBe('ERR_CERTIFICATE_INVALID');
    }
  });
  it('RSASSA-PSS keys carry the same RSAPublicKey, parameters allowed', () => {
    const pssParams = derSequence([]);
    expect(decodeSPKI(rsaSPKI(rsaInts(N2048, E65537), [pssParams], OIDS.pss))).toEqual({
      kty: 'RSA',
      n: N2048,
      e: E65537,
    });
  });
  it('RSAPublicKey must have exactly two INTEGER members', () => {
    const n = derUnsignedInteger(N2048);
    const e = derUnsignedInteger(E65537);
    expect(invalid(rsaSPKI(derSequence([n, e, derSmallInteger(1)])))).toBe('ERR_CERTIFICATE_INVALID');
    expect(invalid(rsaSPKI(derSequence([n])))).toBe('ERR_CERTIFICATE_INVALID');
    expect(invalid(rsaSPKI(derSequence([n, derOctetString(E65537)])))).toBe('ERR_CERTIFICATE_INVALID');
  });
  it('rejects an empty or negative modulus', () => {
    const e = derUnsignedInteger(E65537);
    expect(invalid(rsaSPKI(derSequence([derPrimitive(TAG.INTEGER, new Uint8Array(0)), e])))).toBe(
      'ERR_CERTIFICATE_INVALID',
    );
    expect(invalid(rsaSPKI(derSequence([derPrimitive(TAG.INTEGER, N2048), e])))).toBe('ERR_CERTIFICATE_INVALID');
  });
  it('rejects a negative exponent, even when odd', () => {
    const n = derUnsignedInteger(N2048);
    expect(invalid(rsaSPKI(derSequence([n, derPrimitive(TAG.INTEGER, Uint8Array.of(0x81))])))).toBe(
      'ERR_CERTIFICATE_INVALID',
    );
    expect(invalid(rsaSPKI(derSequence([n, derPrimitive(TAG.INTEGER, new Uint8Array(0))])))).toBe(
      'ERR_CERTIFICATE_INVALID',
    );
  });
  it('rejects a zero modulus, however encoded', () => {
    for (const zero of [Uint8Array.of(0), Uint8Array.of(0, 0)]) {
      expect(invalid(rsaSPKI(derSequence([derPrimitive(TAG.INTEGER, zero), derUnsignedInteger(E65537)])))).toBe(
        'ERR_CERTIFICATE_INVALID',
      );
    }
  });
  it('exponent: 3 and larger odd values pass; 1, 2 and even values fail', () => {
    for (const e of [Uint8Array.of(3), Uint8Array.of(5), Uint8Array.of(1, 1), E65537]) {
      expect(decodeSPKI(rsaSPKI(rsaInts(N2048, e)))).toEqual({ kty: 'RSA', n: N2048, e });
    }
    for (const e of [
      Uint8Array.of(1),
      Uint8Array.of(2),
      Uint8Array.of(4),
      Uint8Array.of(1, 0),
      Uint8Array.of(1, 0, 0),
    ]) {
      expect(invalid(rsaSPKI(rsaInts(N2048, e)))).toBe('ERR_CERTIFICATE_INVALID');
    }
  });
  it('the exponent loses its leading zero octets', () => {
    const body = derSequence([derUnsignedInteger(N2048), derPrimitive(TAG.INTEGER, Uint8Array.of(0, 0, 3))]);
    expect(decodeSPKI(rsaSPKI(body))).toEqual({ kty: 'RSA', n: N2048, e: Uint8Array.of(3) });
  });
  it(`accepts a ${MAX_RSA_MODULUS_BITS}-bit modulus and rejects one bit more with ERR_INPUT_TOO_LARGE`, () => {
    const max = modulus(MAX_RSA_MODULUS_BITS);
    expect((decodeSPKI(rsaSPKI(rsaInts(max, E65537))) as { n: Uint8Array }).n).toEqual(max);
    const over = modulus(MAX_RSA_MODULUS_BITS + 1);
    const err = thrown(() => decodeSPKI(rsaSPKI(rsaInts(over, E65537))));
    expect(err.code).toBe('ERR_INPUT_TOO_LARGE');
    // bit length, not byte length: 8185..8192 bits share the byte count of 8192
    expect(decodeSPKI(rsaSPKI(rsaInts(modulus(MAX_RSA_MODULUS_BITS - 7), E65537)))).toMatchObject({ kty: 'RSA' });
  });
});

// ---------------------------------------------------------------------------------------------
// EdDSA

describe('EdDSA keys', () => {
  const okp = (oid: string, key: Uint8Array, params: Uint8Array[] = []) =>
    derSequence([derSequence([derOID(oid), ...params]), derBitString(key)]);

  it('accepts 32-byte Ed25519 and 57-byte Ed448 keys, returning a copy', () => {
    const k25519 = new Uint8Array(32).fill(1);
    const r = decodeSPKI(okp(OIDS.ed25519, k25519)) as { kty: string; crv: string; x: Uint8Array };
    expect(r).toEqual({ kty: 'OKP', crv: 'Ed25519', x: k25519 });
    expect(r.x.byteOffset).toBe(0);
    expect(r.x.buffer.byteLength).toBe(32);
    expect(decodeSPKI(okp(OIDS.ed448, new Uint8Array(57).fill(2)))).toEqual({
      kty: 'OKP',
      crv: 'Ed448',
      x: new Uint8Array(57).fill(2),
    });
  });
  it('rejects wrong lengths', () => {
    for (const [oid, n] of [
      [OIDS.ed25519, 31],
      [OIDS.ed25519, 33],
      [OIDS.ed25519, 57],
      [OIDS.ed448, 56],
      [OIDS.ed448, 58],
      [OIDS.ed448, 32],
    ] as const) {
      expect(invalid(okp(oid, new Uint8Array(n)))).toBe('ERR_CERTIFICATE_INVALID');
    }
  });
  it('rejects parameters, even NULL', () => {
    expect(invalid(okp(OIDS.ed25519, new Uint8Array(32), [derNull()]))).toBe('ERR_CERTIFICATE_INVALID');
    expect(invalid(okp(OIDS.ed448, new Uint8Array(57), [derNull()]))).toBe('ERR_CERTIFICATE_INVALID');
  });
});

describe('encodePublicKeySPKI', () => {
  it('round-trips EC, RSA and OKP keys', () => {
    const { x, y } = ecKeyJWK('P-256');
    const keys: PublicKey[] = [
      { kty: 'EC', crv: 'P-256', x, y },
      { kty: 'RSA', n: N2048, e: E65537 },
      { kty: 'OKP', crv: 'Ed25519', x: new Uint8Array(32).fill(3) },
      { kty: 'OKP', crv: 'Ed448', x: new Uint8Array(57).fill(4) },
    ];
    for (const key of keys) expect(decodeSPKI(encodePublicKeySPKI(key))).toEqual(key);
  });
  it('rejects an EC coordinate of the wrong size, x or y alone', () => {
    const { x, y } = ecKeyJWK('P-256');
    expect(() => encodePublicKeySPKI({ kty: 'EC', crv: 'P-256', x: x.subarray(1), y })).toThrow(RangeError);
    expect(() => encodePublicKeySPKI({ kty: 'EC', crv: 'P-256', x, y: cat([0], y) })).toThrow(RangeError);
  });
});

describe('RSA integer checks come before the size limit', () => {
  it('an empty exponent is malformed (ERR_CERTIFICATE_INVALID) even beside an oversized modulus', () => {
    const empty = derPrimitive(TAG.INTEGER, new Uint8Array(0));
    const big = modulus(MAX_RSA_MODULUS_BITS + 8);
    expect(invalid(rsaSPKI(derSequence([derUnsignedInteger(big), empty])))).toBe('ERR_CERTIFICATE_INVALID');
    expect(invalid(rsaSPKI(rsaInts(big, E65537)))).toBe('ERR_INPUT_TOO_LARGE');
  });
});

describe('encodePublicKeySPKI refuses EC coordinates of the wrong size', () => {
  it('a 31-byte y on P-256 is a RangeError, a 32-byte y encodes', () => {
    const { x, y } = ecKeyJWK('P-256');
    expect(decodeSPKI(encodePublicKeySPKI({ kty: 'EC', crv: 'P-256', x, y }))).toEqual({
      kty: 'EC',
      crv: 'P-256',
      x,
      y,
    });
    expect(() => encodePublicKeySPKI({ kty: 'EC', crv: 'P-256', x, y: y.subarray(1) })).toThrow(RangeError);
    expect(() => encodePublicKeySPKI({ kty: 'EC', crv: 'P-256', x: x.subarray(1), y })).toThrow(RangeError);
  });
});
