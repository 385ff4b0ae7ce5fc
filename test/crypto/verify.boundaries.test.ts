/**
 * verifySignature: argument and key checks at their boundaries. Each invalid input is paired with a
 * backend that would otherwise accept it (node:crypto imports zero-padded JWK coordinates, the
 * textbook RSA of the pure-JS backend takes any odd modulus), so the check itself is what refuses it.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { CryptoBackend, PublicKey, SignatureScheme } from '../../src/crypto/types.js';
import { MAX_RSA_VERIFY_BITS, verifySignature } from '../../src/crypto/verify.js';
import { utf8Encode } from '../../src/encoding/bytes.js';
import { ecKeyPair, okpKeyPair, rsaKeyPair, signECDSA, signEdDSA, signRSA } from './keys.js';
import { pkcs1Encoding, rawRSAKey, toBigInt, toBytes } from './raw-rsa.js';

const DATA = utf8Encode('authenticatorData ‖ clientDataHash');
const ES256: SignatureScheme = { name: 'ECDSA', hash: 'SHA-256', encoding: 'der' };
const RS256: SignatureScheme = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };

const ec = ecKeyPair('P-256');
const ecKey = ec.publicKey as Extract<PublicKey, { kty: 'EC' }>;
const ecSig = signECDSA(ec, 'SHA-256', DATA);
const ed = okpKeyPair('Ed25519');
const edKey = ed.publicKey as Extract<PublicKey, { kty: 'OKP' }>;
const edSig = signEdDSA(ed, DATA);

const pad0 = (b: Uint8Array): Uint8Array => Uint8Array.of(0, ...b);

async function code(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return (err as { code?: unknown }).code ?? (err as Error).constructor.name;
  }
  return 'resolved';
}

describe('verifySignature: option objects must be plain objects', () => {
  it('the valid vector verifies', async () => {
    expect(await verifySignature({ scheme: ES256, key: ecKey, signature: ecSig, data: DATA })).toBe(true);
  });

  it('a callable options bag carrying every member is a TypeError', async () => {
    const options = Object.assign(() => undefined, { scheme: ES256, key: ecKey, signature: ecSig, data: DATA });
    await expect(verifySignature(options as never)).rejects.toThrow(TypeError);
    await expect(verifySignature(null as never)).rejects.toThrow(TypeError);
    await expect(verifySignature(undefined as never)).rejects.toThrow(TypeError);
  });

  it('a callable scheme (name "ECDSA") is a TypeError', async () => {
    const scheme = Object.assign(() => undefined, { hash: 'SHA-256', encoding: 'der' });
    Object.defineProperty(scheme, 'name', { value: 'ECDSA' });
    await expect(
      verifySignature({ scheme: scheme as never, key: ecKey, signature: ecSig, data: DATA }),
    ).rejects.toThrow(TypeError);
    await expect(verifySignature({ scheme: null as never, key: ecKey, signature: ecSig, data: DATA })).rejects.toThrow(
      TypeError,
    );
  });

  it('a callable key carrying kty/crv/x/y is a TypeError', async () => {
    const key = Object.assign(() => undefined, { kty: 'EC', crv: 'P-256', x: ecKey.x, y: ecKey.y });
    await expect(verifySignature({ scheme: ES256, key: key as never, signature: ecSig, data: DATA })).rejects.toThrow(
      TypeError,
    );
    await expect(verifySignature({ scheme: ES256, key: null as never, signature: ecSig, data: DATA })).rejects.toThrow(
      TypeError,
    );
  });

  it('an ECDSA encoding other than der/raw is a TypeError (even with a valid raw signature)', async () => {
    const raw = signECDSA(ec, 'SHA-256', DATA, 'raw');
    const scheme = { name: 'ECDSA', hash: 'SHA-256', encoding: 'p1363' } as unknown as SignatureScheme;
    for (const backend of ['node', 'noble'] as CryptoBackend[]) {
      await expect(verifySignature({ scheme, key: ecKey, signature: raw, data: DATA, backend })).rejects.toThrow(
        TypeError,
      );
    }
  });

  it('an unknown scheme name is a TypeError even with a known hash and a fitting RSA key', async () => {
    const rsa = rsaKeyPair(1024);
    const scheme = { name: 'RSASSA-PSS', hash: 'SHA-256' } as unknown as SignatureScheme;
    const sig = signRSA(rsa, 'SHA-256', DATA);
    await expect(verifySignature({ scheme, key: rsa.publicKey, signature: sig, data: DATA })).rejects.toThrow(
      TypeError,
    );
    await expect(
      verifySignature({ scheme: { name: 'DSA', hash: 'SHA-256' } as never, key: ecKey, signature: ecSig, data: DATA }),
    ).rejects.toThrow(TypeError);
  });

  it('RSA-PSS saltLength 0 is valid (boundary), -1 and 1.5 are RangeErrors', async () => {
    const rsa = rsaKeyPair(1024);
    const sig = signRSA(rsa, 'SHA-256', DATA, { saltLength: 0 });
    for (const backend of ['node', 'webcrypto', 'noble'] as CryptoBackend[]) {
      expect(
        await verifySignature({
          scheme: { name: 'RSA-PSS', hash: 'SHA-256', saltLength: 0 },
          key: rsa.publicKey,
          signature: sig,
          data: DATA,
          backend,
        }),
      ).toBe(true);
    }
    for (const saltLength of [-1, 1.5]) {
      await expect(
        verifySignature({
          scheme: { name: 'RSA-PSS', hash: 'SHA-256', saltLength },
          key: rsa.publicKey,
          signature: sig,
          data: DATA,
        }),
      ).rejects.toThrow(RangeError);
    }
  });
});

describe('verifySignature: EC keys', () => {
  it('an unknown curve is ERR_PUBLIC_KEY_INVALID (not a TypeError from a missing table entry)', async () => {
    for (const crv of ['P-192', 'toString', 'Ed25519']) {
      const key = { ...ecKey, crv } as unknown as PublicKey;
      expect(await code(verifySignature({ scheme: ES256, key, signature: ecSig, data: DATA }))).toBe(
        'ERR_PUBLIC_KEY_INVALID',
      );
    }
  });

  it('coordinates that are arrays, not bytes, are refused on every backend', async () => {
    const asArray = Array.from(ecKey.x) as unknown as Uint8Array;
    for (const backend of ['node', 'noble', 'webcrypto', 'auto'] as CryptoBackend[]) {
      for (const key of [
        { ...ecKey, x: asArray },
        { ...ecKey, y: Array.from(ecKey.y) as unknown as Uint8Array },
      ]) {
        expect(await code(verifySignature({ scheme: ES256, key, signature: ecSig, data: DATA, backend }))).toBe(
          'ERR_PUBLIC_KEY_INVALID',
        );
      }
    }
  });

  it('coordinates must be exactly the field size: a zero-padded x or y (33 bytes) is refused', async () => {
    // node:crypto and WebCrypto import such a JWK and would verify; RFC 7518 §6.2.1.2 forbids it.
    const keys: PublicKey[] = [
      { ...ecKey, x: pad0(ecKey.x) },
      { ...ecKey, y: pad0(ecKey.y) },
      { ...ecKey, x: pad0(ecKey.x), y: pad0(ecKey.y) },
      // x ‖ y still 64 bytes in total, split at the wrong place.
      { ...ecKey, x: Uint8Array.of(...ecKey.x, ...ecKey.y.subarray(0, 1)), y: ecKey.y.subarray(1) },
    ];
    for (const key of keys) {
      for (const backend of ['node', 'webcrypto', 'noble', 'auto'] as CryptoBackend[]) {
        expect(await code(verifySignature({ scheme: ES256, key, signature: ecSig, data: DATA, backend }))).toBe(
          'ERR_PUBLIC_KEY_INVALID',
        );
      }
    }
  });
});

describe('verifySignature: OKP keys', () => {
  it('the valid Ed25519 vector verifies', async () => {
    expect(await verifySignature({ scheme: { name: 'EdDSA' }, key: edKey, signature: edSig, data: DATA })).toBe(true);
  });

  it('an unknown OKP curve is ERR_PUBLIC_KEY_INVALID', async () => {
    for (const crv of ['X25519', 'P-256', 'constructor']) {
      const key = { ...edKey, crv } as unknown as PublicKey;
      expect(await code(verifySignature({ scheme: { name: 'EdDSA' }, key, signature: edSig, data: DATA }))).toBe(
        'ERR_PUBLIC_KEY_INVALID',
      );
    }
  });

  it('a public key given as an array of numbers is refused on every backend', async () => {
    const key = { ...edKey, x: Array.from(edKey.x) as unknown as Uint8Array };
    for (const backend of ['node', 'webcrypto', 'noble', 'auto'] as CryptoBackend[]) {
      expect(
        await code(verifySignature({ scheme: { name: 'EdDSA' }, key, signature: edSig, data: DATA, backend })),
      ).toBe('ERR_PUBLIC_KEY_INVALID');
    }
  });
});

describe('verifySignature: RSA keys (RFC 8017 §3.1)', () => {
  const raw = rawRSAKey(1024);
  const em = pkcs1Encoding('SHA-256', DATA, raw.k);

  it('n or e as arrays of numbers are ERR_PUBLIC_KEY_INVALID', async () => {
    const sig = raw.sign(em);
    for (const key of [
      { ...raw.publicKey, n: Array.from(raw.publicKey.n) as unknown as Uint8Array },
      { ...raw.publicKey, e: Array.from(raw.publicKey.e) as unknown as Uint8Array },
    ]) {
      expect(await code(verifySignature({ scheme: RS256, key, signature: sig, data: DATA, backend: 'noble' }))).toBe(
        'ERR_PUBLIC_KEY_INVALID',
      );
    }
  });

  it('an even modulus is refused (node:crypto would import it and answer false)', async () => {
    const n = new Uint8Array(raw.publicKey.n);
    n[n.length - 1] = (n[n.length - 1] as number) ^ 1;
    for (const backend of ['node', 'noble'] as CryptoBackend[]) {
      expect(
        await code(
          verifySignature({
            scheme: RS256,
            key: { ...raw.publicKey, n },
            signature: raw.sign(em),
            data: DATA,
            backend,
          }),
        ),
      ).toBe('ERR_PUBLIC_KEY_INVALID');
    }
    expect(
      await code(
        verifySignature({
          scheme: RS256,
          key: { kty: 'RSA', n: new Uint8Array(4), e: Uint8Array.of(3) },
          signature: new Uint8Array(0),
          data: DATA,
        }),
      ),
    ).toBe('ERR_PUBLIC_KEY_INVALID');
  });

  it('e = 1 is refused although s^1 = EM would "verify" a forged signature', async () => {
    // With e = 1 the signature is the encoded message itself: anyone can forge it.
    const forged = em;
    const key = { ...raw.publicKey, e: Uint8Array.of(1) };
    for (const backend of ['noble', 'node'] as CryptoBackend[]) {
      expect(await code(verifySignature({ scheme: RS256, key, signature: forged, data: DATA, backend }))).toBe(
        'ERR_PUBLIC_KEY_INVALID',
      );
    }
    expect(
      await code(
        verifySignature({ scheme: RS256, key: { ...key, e: Uint8Array.of(0, 0, 1) }, signature: forged, data: DATA }),
      ),
    ).toBe('ERR_PUBLIC_KEY_INVALID');
  });

  it('an even or zero exponent is refused (2, 65536, 0, empty)', async () => {
    const sig = raw.sign(em);
    for (const e of [Uint8Array.of(2), Uint8Array.of(1, 0, 0), Uint8Array.of(0), new Uint8Array(0)]) {
      expect(
        await code(
          verifySignature({
            scheme: RS256,
            key: { ...raw.publicKey, e },
            signature: sig,
            data: DATA,
            backend: 'noble',
          }),
        ),
      ).toBe('ERR_PUBLIC_KEY_INVALID');
    }
  });

  it('e = 3 (one byte, odd, > 1) verifies on every backend', async () => {
    const small = rawRSAKey(1024, 3);
    expect(small.publicKey.e).toEqual(Uint8Array.of(3));
    const sig = small.sign(pkcs1Encoding('SHA-256', DATA, small.k));
    for (const backend of ['auto', 'node', 'webcrypto', 'noble'] as CryptoBackend[]) {
      expect(await verifySignature({ scheme: RS256, key: small.publicKey, signature: sig, data: DATA, backend })).toBe(
        true,
      );
    }
  });

  it('e may be as long as n (boundary) but not longer', async () => {
    const sig = raw.sign(em);
    const eSameLength = toBytes(raw.n - 2n, raw.k); // odd, below n, k bytes
    expect(
      await verifySignature({
        scheme: RS256,
        key: { ...raw.publicKey, e: eSameLength },
        signature: sig,
        data: DATA,
        backend: 'noble',
      }),
    ).toBe(false);
    const eLonger = Uint8Array.of(1, ...raw.publicKey.n);
    expect(
      await code(
        verifySignature({
          scheme: RS256,
          key: { ...raw.publicKey, e: eLonger },
          signature: sig,
          data: DATA,
          backend: 'noble',
        }),
      ),
    ).toBe('ERR_PUBLIC_KEY_INVALID');
  });

  it(`the modulus may have ${MAX_RSA_VERIFY_BITS} bits but not 8 more`, async () => {
    const bytes = MAX_RSA_VERIFY_BITS / 8;
    const atMax = new Uint8Array(randomBytes(bytes));
    atMax[0] = 0xc0;
    atMax[bytes - 1] = (atMax[bytes - 1] as number) | 1;
    const sig = new Uint8Array(bytes);
    sig[0] = 0x01;
    sig[bytes - 1] = 0x05;
    const e = Uint8Array.of(1, 0, 1);
    expect(toBigInt(sig) < toBigInt(atMax)).toBe(true);
    expect(
      await verifySignature({
        scheme: RS256,
        key: { kty: 'RSA', n: atMax, e },
        signature: sig,
        data: DATA,
        backend: 'noble',
      }),
    ).toBe(false);
    // Leading zero octets do not count.
    expect(
      await verifySignature({
        scheme: RS256,
        key: { kty: 'RSA', n: pad0(atMax), e },
        signature: sig,
        data: DATA,
        backend: 'noble',
      }),
    ).toBe(false);
    const over = Uint8Array.of(0x01, ...atMax);
    expect(
      await code(
        verifySignature({
          scheme: RS256,
          key: { kty: 'RSA', n: over, e },
          signature: Uint8Array.of(0, ...sig),
          data: DATA,
          backend: 'noble',
        }),
      ),
    ).toBe('ERR_PUBLIC_KEY_INVALID');
  });
});

describe('verifySignature: the key must fit the scheme', () => {
  it('each mismatch is ERR_PUBLIC_KEY_INVALID', async () => {
    const rsa = rsaKeyPair(1024).publicKey;
    const cases: [SignatureScheme, PublicKey][] = [
      [ES256, edKey],
      [ES256, rsa],
      [{ name: 'EdDSA' }, ecKey],
      [{ name: 'EdDSA' }, rsa],
      [RS256, ecKey],
      [{ name: 'RSA-PSS', hash: 'SHA-256', saltLength: 32 }, edKey],
    ];
    for (const [scheme, key] of cases) {
      expect(await code(verifySignature({ scheme, key, signature: new Uint8Array(64), data: DATA }))).toBe(
        'ERR_PUBLIC_KEY_INVALID',
      );
    }
  });
});
