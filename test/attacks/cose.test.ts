/** security.md §4 #54–#64: the COSE credential public key at registration. */
import { describe, expect, it } from 'vitest';
import { fromHex } from '../../src/encoding/bytes.js';
import type { CBORValue } from '../../src/encoding/cbor.js';
import type { TestAlgorithm } from '../../src/testing/index.js';
import { register, registrationOutcome } from './harness.js';

/** A registration whose COSE key has `overrides` (undefined deletes a label); the statement is re-signed. */
function withKey(
  algorithm: TestAlgorithm,
  overrides: Record<number, CBORValue>,
  verify: Parameters<typeof registrationOutcome>[0] extends infer C
    ? C extends { verify?: infer V }
      ? V
      : never
    : never = {},
): Promise<string> {
  return registrationOutcome({
    authenticator: { algorithm, attestation: 'packed-self' },
    create: { coseKeyOverrides: overrides },
    verify,
  });
}

const P256_P = fromHex('ffffffff00000001000000000000000000000000ffffffffffffffffffffffff');
const ED25519_P_LE = fromHex('edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f');

describe('COSE credential public key (security.md §4 #54–#64)', () => {
  it('#54 alg not among the supported algorithms', async () => {
    expect(await registrationOutcome({ verify: { supportedAlgorithms: [-257, -8] } })).toBe(
      'ERR_UNSUPPORTED_ALGORITHM',
    );
    expect(
      await registrationOutcome({ authenticator: { algorithm: 'EdDSA' }, verify: { supportedAlgorithms: [-7] } }),
    ).toBe('ERR_UNSUPPORTED_ALGORITHM');
  });

  describe('#55 alg and kty do not fit', () => {
    it('#55 EC2 key labelled -8 (EdDSA)', async () => {
      expect(await withKey('ES256', { 3: -8 })).toBe('ERR_PUBLIC_KEY_INVALID');
    });
    it('#55 EC2 key labelled -257 (RS256)', async () => {
      expect(await withKey('ES256', { 3: -257 })).toBe('ERR_PUBLIC_KEY_INVALID');
    });
    it('#55 OKP key labelled -7 (ES256)', async () => {
      expect(await withKey('EdDSA', { 3: -7 })).toBe('ERR_PUBLIC_KEY_INVALID');
    });
    it('#55 RSA key labelled -7 (ES256)', async () => {
      expect(await withKey('RS256', { 3: -7 })).toBe('ERR_PUBLIC_KEY_INVALID');
    });
    it('#55 EC2 key with kty RSA', async () => {
      expect(await withKey('ES256', { 1: 3 })).toBe('ERR_PUBLIC_KEY_INVALID');
    });
  });

  describe('#56 EC2 curve', () => {
    it('#56 ES256 with crv 2 (P-384)', async () => {
      expect(await withKey('ES256', { [-1]: 2 })).toBe('ERR_PUBLIC_KEY_INVALID');
    });
    for (const crv of [0, 4, 6, 99, -1]) {
      it(`#56 ES256 with crv ${crv}`, async () => {
        expect(await withKey('ES256', { [-1]: crv })).toBe('ERR_PUBLIC_KEY_INVALID');
      });
    }
    it('#56 crv missing', async () => {
      expect(await withKey('ES256', { [-1]: undefined })).toBe('ERR_PUBLIC_KEY_INVALID');
    });
  });

  describe('#57 EC2 coordinates', () => {
    const cases: Array<[string, Record<number, CBORValue>]> = [
      ['x of 31 bytes', { [-2]: new Uint8Array(31).fill(1) }],
      ['x of 33 bytes', { [-2]: new Uint8Array(33).fill(1) }],
      ['y of 31 bytes', { [-3]: new Uint8Array(31).fill(1) }],
      ['y missing', { [-3]: undefined }],
      ['x missing', { [-2]: undefined }],
      ['y a boolean (compressed point)', { [-3]: true }],
      ['y an integer', { [-3]: 1 }],
      ['x a text string', { [-2]: 'x' }],
    ];
    for (const [label, overrides] of cases) {
      it(`#57 ${label}`, async () => {
        expect(await withKey('ES256', overrides)).toBe('ERR_PUBLIC_KEY_INVALID');
      });
    }
  });

  describe('#58 points that are not on the curve (invalid-curve defence)', () => {
    it('#58 y replaced by another value', async () => {
      const y = new Uint8Array(32).fill(0x11);
      expect(await withKey('ES256', { [-3]: y })).toBe('ERR_PUBLIC_KEY_INVALID');
    });
    it('#58 the point (0, 0)', async () => {
      expect(await withKey('ES256', { [-2]: new Uint8Array(32), [-3]: new Uint8Array(32) })).toBe(
        'ERR_PUBLIC_KEY_INVALID',
      );
    });
    it('#58 a coordinate equal to p', async () => {
      expect(await withKey('ES256', { [-2]: P256_P })).toBe('ERR_PUBLIC_KEY_INVALID');
    });
    it('#58 a coordinate above p (all ones)', async () => {
      expect(await withKey('ES256', { [-3]: new Uint8Array(32).fill(0xff) })).toBe('ERR_PUBLIC_KEY_INVALID');
    });
    it('#58 ES384 point off the curve', async () => {
      expect(await withKey('ES384', { [-3]: new Uint8Array(48).fill(0x22) })).toBe('ERR_PUBLIC_KEY_INVALID');
    });
  });

  describe('#59 weak RSA parameters', () => {
    it('#59 modulus of 1024 bits', async () => {
      const n = new Uint8Array(128).fill(0xc5);
      n[127] = 0xc7;
      expect(await withKey('RS256', { [-1]: n })).toBe('ERR_PUBLIC_KEY_INVALID');
    });
    it('#59 modulus of 2040 bits', async () => {
      const n = new Uint8Array(255).fill(0xc5);
      expect(await withKey('RS256', { [-1]: n })).toBe('ERR_PUBLIC_KEY_INVALID');
    });
    for (const [label, e] of [
      ['e = 1', Uint8Array.of(1)],
      ['e = 0', Uint8Array.of(0)],
      ['e even (65538)', Uint8Array.of(1, 0, 2)],
      ['e empty', new Uint8Array(0)],
      ['e = n-sized', new Uint8Array(256).fill(0xff)],
    ] as const) {
      it(`#59 ${label}`, async () => {
        expect(await withKey('RS256', { [-2]: e })).toBe('ERR_PUBLIC_KEY_INVALID');
      });
    }
    it('#59 modulus 0 (jsrsasign CVE-2026-4603 class)', async () => {
      expect(await withKey('RS256', { [-1]: Uint8Array.of(0) })).toBe('ERR_PUBLIC_KEY_INVALID');
    });
    it('#59 even modulus', async () => {
      const n = new Uint8Array(256).fill(0xc4);
      expect(await withKey('RS256', { [-1]: n })).toBe('ERR_PUBLIC_KEY_INVALID');
    });
  });

  describe('#60 RSA modulus too large (CPU DoS)', () => {
    it('#60 above 16384 bits (the credential-key cap, RSA_MODULUS_BITS.max): REJECT', async () => {
      expect(await withKey('RS256', { [-1]: new Uint8Array(2049).fill(0xc5) })).toBe('ERR_PUBLIC_KEY_INVALID');
    });
    it('#60 8200 bits is within the credential-key cap: the key parses and the (now wrong) signature is what fails', async () => {
      // Documented behaviour: credential keys accept up to 16384 bits (certificates: 8192).
      expect(await withKey('RS256', { [-1]: new Uint8Array(1025).fill(0xc5) })).toBe('ERR_ATTESTATION_INVALID');
    });
  });

  describe('#61 Ed25519 key validity', () => {
    const identity = new Uint8Array(32);
    identity[0] = 1;
    const cases: Array<[string, Uint8Array | undefined]> = [
      ['x of 31 bytes', new Uint8Array(31).fill(3)],
      ['x of 33 bytes', new Uint8Array(33).fill(3)],
      ['x missing', undefined],
      ['small-order point 01 00…00 (identity)', identity],
      ['small-order point 00…00 (order 4)', new Uint8Array(32)],
      [
        'small-order point ec ff…7f (order 2)',
        fromHex('ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f'),
      ],
      ['non-canonical y = p', ED25519_P_LE],
      ['non-canonical y = p + 1', fromHex('eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f')],
    ];
    for (const [label, x] of cases) {
      it(`#61 ${label}`, async () => {
        expect(await withKey('EdDSA', { [-2]: x })).toBe('ERR_PUBLIC_KEY_INVALID');
      });
    }
    it('#61 OKP with crv X25519 (a key-agreement curve)', async () => {
      expect(await withKey('EdDSA', { [-1]: 4 })).toBe('ERR_PUBLIC_KEY_INVALID');
    });
  });

  describe('#62 alg missing or not an integer; OPTIONAL members', () => {
    it('#62 alg missing', async () => {
      expect(await withKey('ES256', { 3: undefined })).toBe('ERR_PUBLIC_KEY_INVALID');
    });
    it('#62 alg as text "ES256"', async () => {
      expect(await withKey('ES256', { 3: 'ES256' })).toBe('ERR_PUBLIC_KEY_INVALID');
    });
    it('#62 alg as a byte string', async () => {
      expect(await withKey('ES256', { 3: Uint8Array.of(0x26) })).toBe('ERR_PUBLIC_KEY_INVALID');
    });
    it('#62 kid (label 2) present: REJECT', async () => {
      expect(await withKey('ES256', { 2: Uint8Array.of(1, 2, 3) })).toBe('ERR_PUBLIC_KEY_INVALID');
    });
    it('#62 key_ops (label 4) present: REJECT', async () => {
      expect(await withKey('ES256', { 4: [1] })).toBe('ERR_PUBLIC_KEY_INVALID');
    });
    it('#62 private key d (label -4) present: REJECT', async () => {
      expect(await withKey('ES256', { [-4]: new Uint8Array(32).fill(1) })).toBe('ERR_PUBLIC_KEY_INVALID');
    });
  });

  describe('#63 algorithm allow-list', () => {
    it('#63 RS1 (-65535) unless opted in: REJECT', async () => {
      expect(await registrationOutcome({ authenticator: { algorithm: 'RS1' } })).toBe('ERR_UNSUPPORTED_ALGORITHM');
    });
    it('#63 RS1 when opted in: ACCEPT', async () => {
      const r = await register({ authenticator: { algorithm: 'RS1' }, verify: { supportedAlgorithms: [-65535] } });
      expect(r.credential.algorithm).toBe(-65535);
    });
    for (const alg of [-999, 0, 1, -65536, 2 ** 31]) {
      it(`#63 unknown alg ${alg}`, async () => {
        expect(await withKey('ES256', { 3: alg })).toBe('ERR_UNSUPPORTED_ALGORITHM');
      });
    }
  });

  describe('#64 unknown, symmetric or negative kty', () => {
    for (const kty of [4, 0, -1, 5, 'EC2']) {
      it(`#64 kty ${JSON.stringify(kty)}`, async () => {
        expect(await withKey('ES256', { 1: kty })).toBe('ERR_PUBLIC_KEY_INVALID');
      });
    }
    it('#64 kty missing', async () => {
      expect(await withKey('ES256', { 1: undefined })).toBe('ERR_PUBLIC_KEY_INVALID');
    });
  });
});
