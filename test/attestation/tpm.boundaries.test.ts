/**
 * `tpm` attestation (WebAuthn L3 §8.3) at its boundaries: the statement members and their
 * reported `format`, the structure size bound, the pubArea ↔ credential key comparison
 * (leading zeros, coordinate sizes, curves, exponents), and the AIK certificate rules (§8.3.1).
 *
 * Tests in "module tables" import the verifier inside the test after `vi.resetModules()`: the
 * name-hash and curve tables, the AIK EKU and the format name are module-level values, and
 * evaluating them inside the test is what lets these tests observe them.
 */
import { describe, expect, it, vi } from 'vitest';
import { tpmAttestation } from '../../src/attestation/tpm.js';
import type { AttestationFormatVerifier } from '../../src/attestation/types.js';
import type { PublicKey } from '../../src/crypto/types.js';
import type { CBORMap } from '../../src/encoding/cbor.js';
import { type DecodedStatement, statementInput } from './helpers/fixtures.js';
import { NOW, type SoftwareStatementOptions, softwareStatement, verifyWith, withMember } from './helpers/software.js';

function tpm(options: SoftwareStatementOptions = {}): Promise<DecodedStatement> {
  return softwareStatement('tpm', options);
}

/** Code and details of the error `promise` rejects with (any module instance of WebAuthnError). */
async function failure(promise: Promise<unknown>): Promise<{ code: unknown; details: unknown }> {
  try {
    await promise;
  } catch (err) {
    const e = err as { code?: unknown; details?: unknown };
    return { code: e.code, details: e.details };
  }
  throw new Error('expected a rejection, but the verification succeeded');
}

/** Expects ERR_ATTESTATION_INVALID reported by the tpm format with `check`. */
async function expectInvalid(promise: Promise<unknown>, check: string): Promise<void> {
  const f = await failure(promise);
  expect(f.code).toBe('ERR_ATTESTATION_INVALID');
  expect(f.details).toMatchObject({ format: 'tpm', check });
}

const u16 = (n: number): number[] => [(n >> 8) & 0xff, n & 0xff];
const u32 = (n: number): number[] => [(n >>> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];

// ECC TPMT_PUBLIC as the software authenticator writes it: header (10), symmetric (2), scheme (2),
// curveID at 14, kdf (2), then x (size at 18, 32 bytes at 20) and y (size at 52, bytes at 54).
function eccParts(p: Uint8Array): { head: number[]; x: number[]; y: number[] } {
  return { head: [...p.slice(0, 18)], x: [...p.slice(20, 52)], y: [...p.slice(54, 86)] };
}
function eccWith(head: number[], x: number[], y: number[]): Uint8Array {
  return Uint8Array.from([...head, ...u16(x.length), ...x, ...u16(y.length), ...y]);
}

// RSA TPMT_PUBLIC: header (10), symmetric (2), scheme (2), keyBits at 14, exponent at 16, n (size at 20).
function rsaWith(p: Uint8Array, change: { keyBits?: number; exponent?: number; n?: number[] }): Uint8Array {
  const n = change.n ?? [...p.slice(22)];
  const keyBits = change.keyBits ?? n.length * 8;
  return Uint8Array.from([
    ...p.slice(0, 14),
    ...u16(keyBits),
    ...(change.exponent === undefined ? p.slice(16, 20) : u32(change.exponent)),
    ...u16(n.length),
    ...n,
  ]);
}

/** Verifies `decoded` with the credential public key replaced (the pubArea comparison's other side). */
function verifyWithCredentialKey(decoded: DecodedStatement, change: (key: PublicKey) => PublicKey): Promise<unknown> {
  const input = statementInput(decoded, { now: NOW });
  const credentialPublicKey = { ...input.credentialPublicKey, publicKey: change(input.credentialPublicKey.publicKey) };
  return tpmAttestation.verify({ ...input, credentialPublicKey });
}

describe('tpm: statement members are refused as tpm errors', () => {
  it('certInfo or pubArea that is not a byte string, or missing', async () => {
    const decoded = await tpm();
    for (const [key, value] of [
      ['certInfo', 'text'],
      ['pubArea', 7],
      ['certInfo', undefined],
      ['pubArea', undefined],
    ] as const) {
      const attStmt = withMember(key, value)(decoded.attStmt as CBORMap);
      await expectInvalid(verifyWith(tpmAttestation, { ...decoded, attStmt }), 'syntax');
    }
  });

  it('ver that is not text, alg that is not an integer, sig that is missing', async () => {
    const decoded = await tpm();
    for (const [key, value] of [
      ['ver', 2],
      ['alg', '-257'],
      ['sig', undefined],
      ['sig', 'AAAA'],
    ] as const) {
      const attStmt = withMember(key, value)(decoded.attStmt as CBORMap);
      await expectInvalid(verifyWith(tpmAttestation, { ...decoded, attStmt }), 'syntax');
    }
  });

  it('an attStmt member outside §8.3 (ecdaaKeyId, or an unknown one)', async () => {
    for (const key of ['ecdaaKeyId', 'extra']) {
      const decoded = await tpm({ mutate: { attStmt: withMember(key, new Uint8Array(2)) } });
      await expectInvalid(verifyWith(tpmAttestation, decoded), 'syntax');
    }
  });

  it('ver "2.0" only: "1.2", "2", "2.00" are refused', async () => {
    for (const ver of ['1.2', '2', '2.00']) {
      await expectInvalid(verifyWith(tpmAttestation, await tpm({ tpm: { ver } })), 'tpm.ver');
    }
  });

  it('x5c missing, empty, or holding a non-bytes entry', async () => {
    for (const x5c of [undefined, [], ['cert']]) {
      const decoded = await tpm({ mutate: { attStmt: withMember('x5c', x5c) } });
      await expectInvalid(verifyWith(tpmAttestation, decoded), 'x5c');
    }
  });

  it('alg that does not fit the AIK key (ES256 for an RSA AIK)', async () => {
    await expectInvalid(verifyWith(tpmAttestation, await tpm({ mutate: { attStmt: withMember('alg', -7) } })), 'alg');
  });

  it('an EdDSA AIK (alg -8) cannot sign TPM structures', async () => {
    const decoded = await tpm({ authenticator: { attestationAlgorithm: 'EdDSA' } });
    expect((decoded.attStmt as CBORMap).get('alg')).toBe(-8);
    await expectInvalid(verifyWith(tpmAttestation, decoded), 'alg');
  });

  it('certInfo failures are reported by the tpm format with their own check', async () => {
    const flipAt = (at: (b: Uint8Array) => number) => (b: Uint8Array) => {
      const out = b.slice();
      const i = at(out);
      out[i] = (out[i] as number) ^ 0x01;
      return out;
    };
    await expectInvalid(
      verifyWith(tpmAttestation, await tpm({ tpm: { mutateCertInfo: flipAt(() => 0) } })),
      'tpm.magic',
    );
    await expectInvalid(
      verifyWith(tpmAttestation, await tpm({ tpm: { mutateCertInfo: flipAt(() => 5) } })),
      'tpm.type',
    );
    await expectInvalid(verifyWith(tpmAttestation, await tpm({ tpm: { extraDataHash: 'SHA-1' } })), 'tpm.extraData');
    await expectInvalid(
      verifyWith(tpmAttestation, await tpm({ tpm: { mutateCertInfo: flipAt((b) => b.length - 3) } })),
      'tpm.name',
    );
    await expectInvalid(
      verifyWith(tpmAttestation, await tpm({ mutate: { signature: flipAt((b) => b.length - 1) } })),
      'signature',
    );
  });

  it('pubArea nameAlg outside the name-hash table (SM3_256) is a tpm.nameAlg failure', async () => {
    const decoded = await tpm({
      tpm: { mutatePubArea: (p) => Uint8Array.from([...p.slice(0, 2), 0x00, 0x12, ...p.slice(4)]) },
    });
    await expectInvalid(verifyWith(tpmAttestation, decoded), 'tpm.nameAlg');
  });

  it('an AIK AAGUID extension that differs from authData', async () => {
    const decoded = await tpm({
      attestationCertificate: { extensions: (e) => ({ ...e, aaguid: new Uint8Array(16).fill(9) }) },
    });
    await expectInvalid(verifyWith(tpmAttestation, decoded), 'aaguid-extension');
  });
});

describe('tpm: certInfo and pubArea are bounded at 2048 bytes before anything else is read', () => {
  // x5c is removed too: a structure within the bound gets as far as the x5c check, one above it does not.
  const padded = (length: number) => (): Uint8Array => new Uint8Array(length).fill(0x5a);
  for (const key of ['certInfo', 'pubArea'] as const) {
    it(`${key} of 2048 bytes passes the bound; 2049 bytes is refused as tpm.${key}`, async () => {
      const decoded = await tpm();
      const withSize = (length: number): DecodedStatement => {
        const m = withMember(key, padded(length)())(decoded.attStmt as CBORMap);
        m.delete('x5c');
        return { ...decoded, attStmt: m };
      };
      await expectInvalid(verifyWith(tpmAttestation, withSize(2048)), 'x5c');
      await expectInvalid(verifyWith(tpmAttestation, withSize(2049)), `tpm.${key}`);
    });
  }
});

describe('tpm: pubArea unique vs the credential public key', () => {
  it('an ECC coordinate marshalled with an extra leading zero byte is the same coordinate', async () => {
    const x = await tpm({
      tpm: {
        mutatePubArea: (p) => {
          const { head, x, y } = eccParts(p);
          return eccWith(head, [0, ...x], y);
        },
      },
    });
    await expect(verifyWith(tpmAttestation, x)).resolves.toMatchObject({ type: 'attca' });
    const y = await tpm({
      tpm: {
        mutatePubArea: (p) => {
          const { head, x, y } = eccParts(p);
          return eccWith(head, x, [0, 0, ...y]);
        },
      },
    });
    await expect(verifyWith(tpmAttestation, y)).resolves.toMatchObject({ type: 'attca' });
  });

  it('an ECC coordinate longer than the curve size (non-zero leading byte) does not match', async () => {
    const x = await tpm({
      tpm: {
        mutatePubArea: (p) => {
          const { head, x, y } = eccParts(p);
          return eccWith(head, [1, ...x], y);
        },
      },
    });
    await expectInvalid(verifyWith(tpmAttestation, x), 'credential-key');
    const y = await tpm({
      tpm: {
        mutatePubArea: (p) => {
          const { head, x, y } = eccParts(p);
          return eccWith(head, x, [1, ...y]);
        },
      },
    });
    await expectInvalid(verifyWith(tpmAttestation, y), 'credential-key');
  });

  it('a pubArea curve without a COSE equivalent (TPM_ECC_NIST_P192) does not match', async () => {
    for (const curveID of [0x0001, 0x0010, 0x0020]) {
      const decoded = await tpm({
        tpm: { mutatePubArea: (p) => Uint8Array.from([...p.slice(0, 14), ...u16(curveID), ...p.slice(16)]) },
      });
      await expectInvalid(verifyWith(tpmAttestation, decoded), 'credential-key');
    }
  });

  it('an RSA pubArea for an EC credential, and an ECC pubArea for an RSA credential, do not match', async () => {
    const rsa = await tpm({ algorithm: 'RS256' });
    const ecc = await tpm({ algorithm: 'ES256' });
    const rsaPub = (rsa.attStmt as CBORMap).get('pubArea') as Uint8Array;
    const eccPub = (ecc.attStmt as CBORMap).get('pubArea') as Uint8Array;
    const eccWithRsaPub = await tpm({ algorithm: 'ES256', tpm: { mutatePubArea: () => rsaPub } });
    await expectInvalid(verifyWith(tpmAttestation, eccWithRsaPub), 'credential-key');
    const rsaWithEccPub = await tpm({ algorithm: 'RS256', tpm: { mutatePubArea: () => eccPub } });
    await expectInvalid(verifyWith(tpmAttestation, rsaWithEccPub), 'credential-key');
  });

  it('an RSA modulus marshalled with a leading zero byte is the same modulus', async () => {
    const decoded = await tpm({
      algorithm: 'RS256',
      tpm: { mutatePubArea: (p) => rsaWith(p, { n: [0, ...p.slice(22)] }) },
    });
    await expect(verifyWith(tpmAttestation, decoded)).resolves.toMatchObject({ type: 'attca' });
  });

  it('an RSA modulus with one more (non-zero) leading byte does not match', async () => {
    const decoded = await tpm({
      algorithm: 'RS256',
      tpm: { mutatePubArea: (p) => rsaWith(p, { n: [1, ...p.slice(22)] }) },
    });
    await expectInvalid(verifyWith(tpmAttestation, decoded), 'credential-key');
  });

  it('a 4-byte credential exponent (0x01000001) equals the same UINT32 pubArea exponent', async () => {
    const decoded = await tpm({
      algorithm: 'RS256',
      tpm: { mutatePubArea: (p) => rsaWith(p, { exponent: 0x01000001 }) },
    });
    const e = Uint8Array.of(0x01, 0x00, 0x00, 0x01);
    await expect(
      verifyWithCredentialKey(decoded, (k) => ({ ...(k as Extract<PublicKey, { kty: 'RSA' }>), e })),
    ).resolves.toMatchObject({ type: 'attca' });
    // The same value with leading zero bytes in the credential key is still 4 bytes long once stripped.
    const padded = Uint8Array.of(0x00, 0x00, 0x01, 0x00, 0x00, 0x01);
    await expect(
      verifyWithCredentialKey(decoded, (k) => ({ ...(k as Extract<PublicKey, { kty: 'RSA' }>), e: padded })),
    ).resolves.toMatchObject({ type: 'attca' });
  });

  it('a 5-byte credential exponent never equals a UINT32 pubArea exponent', async () => {
    const decoded = await tpm({ algorithm: 'RS256', tpm: { mutatePubArea: (p) => rsaWith(p, { exponent: 1 }) } });
    const e = Uint8Array.of(0x01, 0x00, 0x00, 0x00, 0x01);
    await expectInvalid(
      verifyWithCredentialKey(decoded, (k) => ({ ...(k as Extract<PublicKey, { kty: 'RSA' }>), e })),
      'credential-key',
    );
  });

  it('pubArea exponent 0 means 65537, and 65537 written out is the same; 3 is not', async () => {
    const zero = await tpm({ algorithm: 'RS256' });
    await expect(verifyWith(tpmAttestation, zero)).resolves.toMatchObject({ type: 'attca' });
    const three = await tpm({ algorithm: 'RS256', tpm: { mutatePubArea: (p) => rsaWith(p, { exponent: 3 }) } });
    await expectInvalid(verifyWith(tpmAttestation, three), 'credential-key');
  });
});

describe('tpm: AIK certificate (§8.3.1)', () => {
  const sanWith = (entries: [string, string][]) => ({
    directoryName: entries,
    multiValuedRDN: true,
    critical: true,
  });

  it('SAN without tpmVersion, or without tpmManufacturer, is refused', async () => {
    const noVersion = await tpm({
      attestationCertificate: {
        extensions: (e) => ({
          ...e,
          subjectAltName: sanWith([
            ['2.23.133.2.1', 'id:414D4400'],
            ['2.23.133.2.2', 'Tessera vTPM'],
          ]),
        }),
      },
    });
    await expectInvalid(verifyWith(tpmAttestation, noVersion), 'certificate.san');
    const noManufacturer = await tpm({
      attestationCertificate: {
        extensions: (e) => ({
          ...e,
          subjectAltName: sanWith([
            ['2.23.133.2.2', 'Tessera vTPM'],
            ['2.23.133.2.3', 'id:00020000'],
          ]),
        }),
      },
    });
    await expectInvalid(verifyWith(tpmAttestation, noManufacturer), 'certificate.san');
  });

  it('an AIK certificate without an EKU extension is refused (not a crash)', async () => {
    const decoded = await tpm({
      attestationCertificate: { extensions: ({ extendedKeyUsage: _, ...e }) => e },
    });
    await expectInvalid(verifyWith(tpmAttestation, decoded), 'certificate.eku');
  });

  it('an EKU with other purposes besides tcg-kp-AIKCertificate is accepted', async () => {
    const decoded = await tpm({
      attestationCertificate: {
        extensions: (e) => ({ ...e, extendedKeyUsage: ['1.3.6.1.5.5.7.3.2', '2.23.133.8.3'] }),
      },
    });
    await expect(verifyWith(tpmAttestation, decoded)).resolves.toMatchObject({ type: 'attca' });
  });

  it('an AIK certificate without basicConstraints is not a CA, so it is accepted', async () => {
    const decoded = await tpm({
      attestationCertificate: { extensions: ({ basicConstraints: _, ...e }) => e },
    });
    await expect(verifyWith(tpmAttestation, decoded)).resolves.toMatchObject({ type: 'attca' });
  });

  it('certificate rule failures are reported by the tpm format', async () => {
    const decoded = await tpm({
      attestationCertificate: { extensions: (e) => ({ ...e, basicConstraints: { ca: true } }) },
    });
    await expectInvalid(verifyWith(tpmAttestation, decoded), 'certificate.basic-constraints');
    await expectInvalid(
      verifyWith(tpmAttestation, await tpm({ tpm: { manufacturer: 'id:FFFFF1D0' } })),
      'certificate.manufacturer',
    );
  });
});

describe('tpm: allowSHA1 false refuses only SHA-1', () => {
  it('a SHA-256 nameAlg with an ES256 or RS256 AIK still verifies', async () => {
    const policy = { allowSHA1: false };
    const es = await tpm({ authenticator: { attestationAlgorithm: 'ES256' } });
    await expect(verifyWith(tpmAttestation, es, { policy })).resolves.toMatchObject({ details: { alg: -7 } });
    const rs = await tpm({ tpm: { pubArea: { nameAlg: 'SHA-512' } } });
    await expect(verifyWith(tpmAttestation, rs, { policy })).resolves.toMatchObject({ details: { alg: -257 } });
  });
});

describe('tpm: module tables (evaluated inside each test)', () => {
  async function freshTPM(): Promise<typeof import('../../src/attestation/tpm.js')> {
    vi.resetModules();
    return import('../../src/attestation/tpm.js');
  }
  const verifyFresh = (verifier: AttestationFormatVerifier, decoded: DecodedStatement) =>
    verifier.verify(statementInput(decoded, { now: NOW }));

  it('the verifier is registered as "tpm" and requires EKU 2.23.133.8.3', async () => {
    const fresh = await freshTPM();
    expect(fresh.tpmAttestation.format).toBe('tpm');
    expect(fresh.TCG_KP_AIK_CERTIFICATE).toBe('2.23.133.8.3');
    const result = await verifyFresh(fresh.tpmAttestation, await tpm());
    expect(result).toMatchObject({ format: 'tpm', type: 'attca', details: { manufacturer: { name: 'AMD' } } });
  });

  for (const nameAlg of ['SHA-1', 'SHA-256', 'SHA-384', 'SHA-512'] as const) {
    it(`pubArea nameAlg ${nameAlg} computes the Name with ${nameAlg}`, async () => {
      const fresh = await freshTPM();
      const decoded = await tpm({ tpm: { pubArea: { nameAlg } } });
      await expect(verifyFresh(fresh.tpmAttestation, decoded)).resolves.toMatchObject({ type: 'attca' });
    });
  }

  for (const algorithm of ['ES256', 'ES384', 'ES512'] as const) {
    it(`an ${algorithm} credential's TPM curve maps to its COSE curve and coordinate size`, async () => {
      const fresh = await freshTPM();
      const decoded = await tpm({ algorithm });
      await expect(verifyFresh(fresh.tpmAttestation, decoded)).resolves.toMatchObject({ type: 'attca' });
    });
  }

  it('a P-521 coordinate of 67 bytes exceeds the TPM bound (66) even when its first byte is zero', async () => {
    const fresh = await freshTPM();
    const decoded = await tpm({
      algorithm: 'ES512',
      tpm: {
        mutatePubArea: (p) => {
          // P-521: x size at 18, 66 bytes at 20; y size at 86, 66 bytes at 88.
          const head = [...p.slice(0, 18)];
          const x = [...p.slice(20, 86)];
          const y = [...p.slice(88, 154)];
          return eccWith(head, [0, ...x], y);
        },
      },
    });
    const f = await failure(verifyFresh(fresh.tpmAttestation, decoded));
    expect(f).toEqual({ code: 'ERR_ATTESTATION_INVALID', details: { format: 'tpm', check: 'tpm.pubArea' } });
  });
});

describe('tpm: the pubArea curve must be the credential key curve, not just the same coordinate size', () => {
  it('a P-256 pubArea does not match a secp256k1 (ES256K) credential key with the same x and y', async () => {
    const decoded = await tpm({ algorithm: 'ES256' });
    await expect(verifyWithCredentialKey(decoded, (key) => key)).resolves.toBeDefined();
    await expectInvalid(
      verifyWithCredentialKey(decoded, (key) => ({ ...key, crv: 'secp256k1' }) as PublicKey),
      'credential-key',
    );
  });
});
