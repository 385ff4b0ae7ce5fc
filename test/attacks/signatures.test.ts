/** security.md §4 #65–#76: assertion signatures. */
import { describe, expect, it } from 'vitest';
import { sha256 } from '../../src/crypto/hash.js';
import { concat, fromHex } from '../../src/encoding/bytes.js';
import { encodeCBOR } from '../../src/encoding/cbor.js';
import { coseKeyMap, createSeededRandom, type TestKeyPair } from '../../src/testing/index.js';
import { bigIntToBytes, bytesToBigInt, generateRSAKey, modPow, type RSAPrivateKey } from '../../src/testing/rsa.js';
import type { AuthenticationResponseJSON } from '../../src/verify/index.js';
import {
  authenticate,
  b64u,
  newChallenge,
  ORIGIN,
  outcome,
  type PreparedAssertion,
  prepareAssertion,
  RP_ID,
} from './harness.js';

const P256_N = bytesToBigInt(fromHex('ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551'));
const ED25519_L = 2n ** 252n + 27742317777372353535851937790883648493n;

// --- DER helpers -----------------------------------------------------------------------------
function derLength(n: number): Uint8Array {
  return n < 0x80 ? Uint8Array.of(n) : n < 0x100 ? Uint8Array.of(0x81, n) : Uint8Array.of(0x82, n >> 8, n & 0xff);
}
function tlv(tag: number, body: Uint8Array): Uint8Array {
  return concat(Uint8Array.of(tag), derLength(body.length), body);
}
/** Minimal DER INTEGER body of a non-negative bigint. */
function intBody(v: bigint): Uint8Array {
  let b = v === 0n ? Uint8Array.of(0) : bigIntToBytes(v);
  if ((b[0] as number) & 0x80) b = concat(Uint8Array.of(0), b);
  return b;
}
function ecdsaDER(r: bigint, s: bigint): Uint8Array {
  return tlv(0x30, concat(tlv(0x02, intBody(r)), tlv(0x02, intBody(s))));
}
function parseECDSA(der: Uint8Array): { r: bigint; s: bigint; rLen: number; sLen: number } {
  let i = 2;
  if (der[1] === 0x81) i = 3;
  const rLen = der[i + 1] as number;
  const r = bytesToBigInt(der.subarray(i + 2, i + 2 + rLen));
  const j = i + 2 + rLen;
  const sLen = der[j + 1] as number;
  const s = bytesToBigInt(der.subarray(j + 2, j + 2 + sLen));
  return { r, s, rLen, sLen };
}

/** Replaces the signature of a finished assertion (for signatures computed by hand). */
function withSignature(p: PreparedAssertion, signature: Uint8Array): AuthenticationResponseJSON {
  const r = p.assertion.response;
  return { ...r, response: { ...r.response, signature: b64u(signature) } };
}

async function ecdsaCase(mutate: (sig: Uint8Array) => Uint8Array): Promise<string> {
  const p = await prepareAssertion({ get: { mutate: { signature: mutate } } });
  return outcome(p.verify());
}

describe('signatures (security.md §4 #65–#76)', () => {
  it('#65 ES256 signature as raw r‖s (64 bytes) instead of DER', async () => {
    expect(
      await ecdsaCase((sig) => {
        const { r, s } = parseECDSA(sig);
        return concat(bigIntToBytes(r, 32), bigIntToBytes(s, 32));
      }),
    ).toBe('ERR_SIGNATURE_INVALID');
  });

  describe('#66 non-strict DER (elliptic CVE-2024-42460/42461, jsrsasign CVE-2020-14966)', () => {
    const cases: Array<[string, (sig: Uint8Array) => Uint8Array]> = [
      ['a trailing byte after the SEQUENCE', (sig) => concat(sig, Uint8Array.of(0))],
      ['a trailing byte inside the SEQUENCE', (sig) => tlv(0x30, concat(sig.subarray(2), Uint8Array.of(0)))],
      ['a long-form SEQUENCE length', (sig) => concat(Uint8Array.of(0x30, 0x81, sig[1] as number), sig.subarray(2))],
      [
        'a long-form INTEGER length',
        (sig) => {
          const { r, s } = parseECDSA(sig);
          const rb = intBody(r);
          return tlv(0x30, concat(Uint8Array.of(0x02, 0x81, rb.length), rb, tlv(0x02, intBody(s))));
        },
      ],
      [
        'an extra leading zero on r',
        (sig) => {
          const { r, s } = parseECDSA(sig);
          return tlv(0x30, concat(tlv(0x02, concat(Uint8Array.of(0), intBody(r))), tlv(0x02, intBody(s))));
        },
      ],
      [
        'an extra leading zero on s',
        (sig) => {
          const { r, s } = parseECDSA(sig);
          return tlv(0x30, concat(tlv(0x02, intBody(r)), tlv(0x02, concat(Uint8Array.of(0), intBody(s)))));
        },
      ],
      [
        'a negative r (pad byte removed / sign bit set)',
        (sig) => {
          const { r, s } = parseECDSA(sig);
          const rb = bigIntToBytes(r, 32);
          rb[0] = (rb[0] as number) | 0x80; // the value changes: read as negative by strict DER
          return tlv(0x30, concat(tlv(0x02, rb), tlv(0x02, intBody(s))));
        },
      ],
      ['a BER indefinite length', (sig) => concat(Uint8Array.of(0x30, 0x80), sig.subarray(2), Uint8Array.of(0, 0))],
      ['a wrong outer tag (SET)', (sig) => concat(Uint8Array.of(0x31), sig.subarray(1))],
      [
        'a wrong INTEGER tag',
        (sig) => {
          const out = sig.slice();
          out[2] = 0x03;
          return out;
        },
      ],
      ['truncated by one byte', (sig) => sig.slice(0, -1)],
    ];
    for (const [label, f] of cases) {
      it(`#66 ${label}`, async () => {
        expect(await ecdsaCase(f)).toBe('ERR_SIGNATURE_INVALID');
      });
    }
    it("#66 negative INTEGER encodings of the real r (two's complement of n − r)", async () => {
      expect(
        await ecdsaCase((sig) => {
          const { r, s } = parseECDSA(sig);
          // -(n - r) ≡ r mod n: a lax decoder that reduces mod n would accept it.
          const neg = (1n << 264n) - (P256_N - r);
          return tlv(0x30, concat(tlv(0x02, bigIntToBytes(neg, 33)), tlv(0x02, intBody(s))));
        }),
      ).toBe('ERR_SIGNATURE_INVALID');
    });
  });

  describe('#67 r = 0 or s = 0 (CVE-2022-21449)', () => {
    it('#67 the psychic signature 30 06 02 01 00 02 01 00', async () => {
      expect(await ecdsaCase(() => fromHex('3006020100020100'))).toBe('ERR_SIGNATURE_INVALID');
    });
    it('#67 r = 0 with the real s', async () => {
      expect(await ecdsaCase((sig) => ecdsaDER(0n, parseECDSA(sig).s))).toBe('ERR_SIGNATURE_INVALID');
    });
    it('#67 s = 0 with the real r', async () => {
      expect(await ecdsaCase((sig) => ecdsaDER(parseECDSA(sig).r, 0n))).toBe('ERR_SIGNATURE_INVALID');
    });
  });

  describe('#68 r or s out of range', () => {
    it('#68 r + n', async () => {
      expect(await ecdsaCase((sig) => ecdsaDER(parseECDSA(sig).r + P256_N, parseECDSA(sig).s))).toBe(
        'ERR_SIGNATURE_INVALID',
      );
    });
    it('#68 s + n', async () => {
      expect(await ecdsaCase((sig) => ecdsaDER(parseECDSA(sig).r, parseECDSA(sig).s + P256_N))).toBe(
        'ERR_SIGNATURE_INVALID',
      );
    });
    it('#68 r = n and s = n', async () => {
      expect(await ecdsaCase(() => ecdsaDER(P256_N, P256_N))).toBe('ERR_SIGNATURE_INVALID');
    });
  });

  describe('#69 high-S: ACCEPT (WebAuthn has no low-S rule)', () => {
    for (const algorithm of ['ES256', 'ES384', 'ES512', 'ES256K'] as const) {
      it(`#69 ${algorithm} high-S`, async () => {
        const p = await prepareAssertion({ authenticator: { algorithm }, get: { highS: true } });
        expect(p.assertion.raw.signature).not.toEqual(new Uint8Array(0));
        const r = await p.verify();
        expect(r.counterStatus).toBe('ok');
      });
    }
    it('#69 ES256 high-S built by hand (s → n − s)', async () => {
      expect(
        await ecdsaCase((sig) => {
          const { r, s } = parseECDSA(sig);
          return ecdsaDER(r, s > P256_N / 2n ? s : P256_N - s);
        }),
      ).toBe('accepted');
    });
  });

  describe('#70 short r/s and 0x00-padded 33-byte INTEGERs: ACCEPT', () => {
    /** Signs assertions with fresh challenges until `pick` matches the DER; verifies that one. */
    async function findAndVerify(pick: (d: { rLen: number; sLen: number }) => boolean, highS = false): Promise<string> {
      const p = await prepareAssertion();
      for (let i = 0; i < 4000; i++) {
        const challenge = newChallenge();
        const got = await p.authenticator.getAssertion({
          credentialId: p.created.credential.id,
          challenge,
          rpId: RP_ID,
          origin: ORIGIN,
          highS,
        });
        if (pick(parseECDSA(got.raw.signature))) {
          return outcome(
            p.verify(got.response, { expectedChallenge: challenge, credential: { ...p.stored, counter: 0 } }),
          );
        }
      }
      throw new Error('no signature of the wanted shape found');
    }
    it('#70 r of 31 bytes (leading zero dropped by minimal DER)', async () => {
      expect(await findAndVerify((d) => d.rLen <= 31)).toBe('accepted');
    });
    it('#70 s of 31 bytes', async () => {
      expect(await findAndVerify((d) => d.sLen <= 31)).toBe('accepted');
    });
    it('#70 r of 33 bytes (0x00 sign padding)', async () => {
      expect(await findAndVerify((d) => d.rLen === 33)).toBe('accepted');
    });
    it('#70 s of 33 bytes (high-S, 0x00 sign padding)', async () => {
      expect(await findAndVerify((d) => d.sLen === 33, true)).toBe('accepted');
    });
  });

  describe('#71 the signed data is built exactly as authData ‖ SHA-256(clientDataJSON)', () => {
    const variants: Array<[string, (raw: PreparedAssertion['assertion']['raw'], other: Uint8Array) => Uint8Array]> = [
      ['authData ‖ clientDataJSON (not its hash)', (raw) => concat(raw.authenticatorData, raw.clientDataJSON)],
      ['the clientData hash alone', (raw) => raw.clientDataHash],
      ['authData alone', (raw) => raw.authenticatorData],
      ['hash ‖ authData (reversed)', (raw) => concat(raw.clientDataHash, raw.authenticatorData)],
      ['authData ‖ SHA-256(hash) (double hash)', (raw) => concat(raw.authenticatorData, sha256(raw.clientDataHash))],
      ["another ceremony's authData", (raw, other) => concat(other, raw.clientDataHash)],
    ];
    for (const [label, data] of variants) {
      it(`#71 signature over ${label}`, async () => {
        const p = await prepareAssertion();
        const other = p.assertion.raw.authenticatorData.slice();
        other[36] = (other[36] as number) + 7; // the authData of another (later) ceremony
        const sig = p.created.keyPair.sign(data(p.assertion.raw, other));
        expect(await outcome(p.verify(withSignature(p, sig)))).toBe('ERR_SIGNATURE_INVALID');
      });
    }
    it('#71 harness check: the same construction by hand verifies', async () => {
      const p = await prepareAssertion();
      const sig = p.created.keyPair.sign(concat(p.assertion.raw.authenticatorData, p.assertion.raw.clientDataHash));
      expect(await outcome(p.verify(withSignature(p, sig)))).toBe('accepted');
    });
  });

  describe('#72 Ed25519 malleability and length (elliptic CVE-2024-48949)', () => {
    const ed = { authenticator: { algorithm: 'EdDSA' as const } };
    it('#72 S + L', async () => {
      const p = await prepareAssertion({
        ...ed,
        get: {
          mutate: {
            signature: (sig) => {
              const S = bytesToBigInt(sig.slice(32).reverse()) + ED25519_L;
              return concat(sig.subarray(0, 32), bigIntToBytes(S, 32).reverse());
            },
          },
        },
      });
      expect(await outcome(p.verify())).toBe('ERR_SIGNATURE_INVALID');
    });
    for (const [label, f] of [
      ['63 bytes', (s: Uint8Array) => s.slice(0, 63)],
      ['65 bytes', (s: Uint8Array) => concat(s, Uint8Array.of(0))],
      ['S = 0 and R = identity', () => concat(fromHex('01'), new Uint8Array(63))],
    ] as const) {
      it(`#72 ${label}`, async () => {
        const p = await prepareAssertion({ ...ed, get: { mutate: { signature: f } } });
        expect(await outcome(p.verify())).toBe('ERR_SIGNATURE_INVALID');
      });
    }
    it('#72 harness check: the unmodified Ed25519 assertion verifies', async () => {
      expect((await authenticate(ed)).counterStatus).toBe('ok');
    });
  });

  describe('#73 RSA PKCS#1 v1.5 malformations (jsrsasign CVE-2020-14968, CVE-2021-30246, node-forge)', () => {
    let rsa: RSAPrivateKey | undefined;
    const key = (): RSAPrivateKey => {
      rsa ??= generateRSAKey(2048, createSeededRandom('tessera-attacks', 'rsa-raw'));
      return rsa;
    };
    const SHA256_PREFIX = fromHex('3031300d060960864801650304020105000420');
    const SHA1_PREFIX = fromHex('3021300906052b0e03021a05000414');
    /** An RS256 "key pair" whose signatures use a hand-built encoded message. */
    function rawSigner(
      em: (digest: Uint8Array, k: number) => Uint8Array,
      extra?: (sig: Uint8Array) => Uint8Array,
    ): TestKeyPair {
      const k = key();
      const publicKey = { kty: 'RSA' as const, n: bigIntToBytes(k.n), e: bigIntToBytes(k.e) };
      return {
        algorithm: 'RS256',
        coseAlgorithm: -257,
        publicKey,
        scheme: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
        sign: (data) => {
          const sig = bigIntToBytes(modPow(bytesToBigInt(em(sha256(data), 256)), k.d, k.n), 256);
          return extra === undefined ? sig : extra(sig);
        },
      };
    }
    function pad(
      t: Uint8Array,
      k: number,
      options: { block?: number; fill?: number; psLength?: number } = {},
    ): Uint8Array {
      const psLength = options.psLength ?? k - t.length - 3;
      const em = new Uint8Array(3 + psLength + t.length);
      em[1] = options.block ?? 1;
      em.fill(options.fill ?? 0xff, 2, 2 + psLength);
      em.set(t, 3 + psLength);
      return em;
    }
    async function rsaCase(signer: TestKeyPair): Promise<string> {
      const stored = encodeCBOR(coseKeyMap(signer.publicKey, -257));
      const p = await prepareAssertion({ get: { signWith: signer }, stored: { publicKey: stored } });
      return outcome(p.verify());
    }
    it('#73 harness check: a correct hand-built EM verifies', async () => {
      expect(await rsaCase(rawSigner((d, k) => pad(concat(SHA256_PREFIX, d), k)))).toBe('accepted');
    });
    const cases: Array<[string, TestKeyPair | (() => TestKeyPair)]> = [
      [
        'a prepended 0x00 (signature one byte longer)',
        () =>
          rawSigner(
            (d, k) => pad(concat(SHA256_PREFIX, d), k),
            (s) => concat(Uint8Array.of(0), s),
          ),
      ],
      [
        'a signature longer than the modulus (n added)',
        () =>
          rawSigner(
            (d, k) => pad(concat(SHA256_PREFIX, d), k),
            (s) => bigIntToBytes(bytesToBigInt(s) + key().n),
          ),
      ],
      [
        'a DigestInfo with the SHA-1 OID',
        () => rawSigner((d, k) => pad(concat(SHA1_PREFIX.slice(0, 15), d.subarray(0, 20)), k)),
      ],
      [
        'a DigestInfo with extra bytes after the digest',
        () => rawSigner((d, k) => pad(concat(SHA256_PREFIX, d, Uint8Array.of(0)), k)),
      ],
      [
        'a DigestInfo without the NULL parameters',
        () => rawSigner((d, k) => pad(concat(fromHex('302f300b0609608648016503040201' + '0420'), d), k)),
      ],
      ['a bare digest without DigestInfo', () => rawSigner((d, k) => pad(d, k))],
      ['block type 2', () => rawSigner((d, k) => pad(concat(SHA256_PREFIX, d), k, { block: 2 }))],
      ['padding bytes that are not 0xFF', () => rawSigner((d, k) => pad(concat(SHA256_PREFIX, d), k, { fill: 0xfe }))],
      [
        'garbage instead of padding (short PS, digest not right-aligned)',
        () =>
          rawSigner((d, k) => {
            const em = pad(concat(SHA256_PREFIX, d), k, { psLength: 8 });
            return concat(em, new Uint8Array(k - em.length).fill(0x41));
          }),
      ],
    ];
    for (const [label, make] of cases) {
      it(`#73 ${label}`, async () => {
        expect(await rsaCase(typeof make === 'function' ? make() : make)).toBe('ERR_SIGNATURE_INVALID');
      });
    }
  });

  describe('#74 RSA padding bound to the algorithm', () => {
    it('#74 PS256 key, signature with PKCS#1 v1.5 padding', async () => {
      const p = await prepareAssertion({ authenticator: { algorithm: 'PS256' } });
      const sig = p.created.keyPair.sign(concat(p.assertion.raw.authenticatorData, p.assertion.raw.clientDataHash), {
        scheme: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
      });
      expect(await outcome(p.verify(withSignature(p, sig)))).toBe('ERR_SIGNATURE_INVALID');
    });
    it('#74 RS256 key, signature with PSS padding', async () => {
      const p = await prepareAssertion({ authenticator: { algorithm: 'RS256' } });
      const sig = p.created.keyPair.sign(concat(p.assertion.raw.authenticatorData, p.assertion.raw.clientDataHash), {
        scheme: { name: 'RSA-PSS', hash: 'SHA-256', saltLength: 32 },
      });
      expect(await outcome(p.verify(withSignature(p, sig)))).toBe('ERR_SIGNATURE_INVALID');
    });
    it('#74 RS256 key, PKCS#1 v1.5 with SHA-384', async () => {
      const p = await prepareAssertion({ authenticator: { algorithm: 'RS256' } });
      const sig = p.created.keyPair.sign(concat(p.assertion.raw.authenticatorData, p.assertion.raw.clientDataHash), {
        scheme: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-384' },
      });
      expect(await outcome(p.verify(withSignature(p, sig)))).toBe('ERR_SIGNATURE_INVALID');
    });
  });

  describe('#75 empty signature', () => {
    for (const algorithm of ['ES256', 'EdDSA', 'RS256'] as const) {
      it(`#75 ${algorithm}`, async () => {
        const p = await prepareAssertion({
          authenticator: { algorithm },
          get: { mutate: { signature: () => new Uint8Array(0) } },
        });
        expect(await outcome(p.verify())).toBe('ERR_SIGNATURE_INVALID');
      });
    }
  });

  it('#76 rawId of credential A, signature by the key of credential B (both registered)', async () => {
    const b = await prepareAssertion();
    const a = await prepareAssertion({ get: { signWith: b.created.keyPair } });
    expect(await outcome(a.verify())).toBe('ERR_SIGNATURE_INVALID');
  });
});
