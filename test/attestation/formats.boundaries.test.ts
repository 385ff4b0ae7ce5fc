/**
 * Boundaries of the small formats (none, packed, fido-u2f, apple), the §8.2.1 packed leaf rules,
 * the shared statement readers and x5c checks: each error names its format and check, and each
 * key-type guard refuses a leaf whose key could not be parsed.
 */
import { describe, expect, it } from 'vitest';
import { appleAttestation } from '../../src/attestation/apple.js';
import { checkAAGUIDExtension, checkPackedLeaf } from '../../src/attestation/certificate-rules.js';
import { fidoU2FAttestation } from '../../src/attestation/fido-u2f.js';
import { noneAttestation } from '../../src/attestation/none.js';
import { packedAttestation } from '../../src/attestation/packed.js';
import {
  attestationError,
  bytesMember,
  intMember,
  statementMap,
  textMember,
  x5cMember,
} from '../../src/attestation/statement.js';
import type { AttestationFormatVerifier, AttestationStatementResult } from '../../src/attestation/types.js';
import { requireCredentialKey, statementScheme } from '../../src/attestation/x5c-checks.js';
import { parseCertificate } from '../../src/certificates/parse.js';
import { concat } from '../../src/encoding/bytes.js';
import type { CBORMap, CBORValue } from '../../src/encoding/cbor.js';
import { WebAuthnError } from '../../src/errors.js';
import { ecKey, issue, NOW as PKI_NOW, rsaKey } from '../certificates/pki.js';
import { type DecodedStatement, rejection, statementInput } from './helpers/fixtures.js';
import { type SoftwareStatementOptions, softwareStatement, verifyWith, withMember } from './helpers/software.js';

/** The DER with its first P-256 namedCurve OID changed to the unassigned 1.2.840.10045.3.1.8 (key unparsed). */
function withUnknownCurve(der: Uint8Array): Uint8Array {
  const out = der.slice();
  const oid = [0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];
  const at = out.findIndex((_, i) => oid.every((b, j) => out[i + j] === b));
  if (at < 0) throw new Error('no P-256 OID in the certificate');
  out[at + oid.length - 1] = 0x08;
  expect(parseCertificate(out).publicKey).toBeUndefined();
  return out;
}

async function expectCheck(
  verifier: AttestationFormatVerifier,
  decoded: DecodedStatement | Promise<DecodedStatement>,
  check: string,
  policy = {},
): Promise<WebAuthnError> {
  const d = await decoded;
  const err = await rejection(() => verifyWith(verifier, d, { policy }));
  expect(err.code).toBe('ERR_ATTESTATION_INVALID');
  expect(err.details).toEqual({ format: verifier.format, check });
  return err;
}

const result = async (verifier: AttestationFormatVerifier, decoded: Promise<DecodedStatement>) =>
  (await verifyWith(verifier, await decoded)) as AttestationStatementResult;

const flipLast = (s: Uint8Array): Uint8Array => Uint8Array.from(s, (b, i) => (i === s.length - 1 ? b ^ 1 : b));

describe('none (§8.7)', () => {
  it('an empty map verifies as type none', async () => {
    expect(noneAttestation.format).toBe('none');
    await expect(result(noneAttestation, softwareStatement('none'))).resolves.toEqual({
      format: 'none',
      type: 'none',
      trustPath: [],
    });
  });
  it('a non-empty map or a non-map is a none syntax error', async () => {
    const base = await softwareStatement('none');
    await expectCheck(noneAttestation, { ...base, attStmt: new Map([['alg', -7]]) }, 'syntax');
    await expectCheck(noneAttestation, { ...base, attStmt: [] }, 'syntax');
  });
});

describe('packed (§8.2)', () => {
  const packed = (options: SoftwareStatementOptions = {}) => softwareStatement('packed', options);
  const self = (options: SoftwareStatementOptions = {}) => softwareStatement('packed-self', options);
  it('full and self attestation report format packed', async () => {
    expect(packedAttestation.format).toBe('packed');
    await expect(result(packedAttestation, packed())).resolves.toMatchObject({ format: 'packed', type: 'basic' });
    await expect(result(packedAttestation, self())).resolves.toEqual({ format: 'packed', type: 'self', trustPath: [] });
  });
  it('syntax errors name packed', async () => {
    await expectCheck(
      packedAttestation,
      packed({ mutate: { attStmt: withMember('ecdaaKeyId', new Uint8Array(4)) } }),
      'syntax',
    );
    await expectCheck(packedAttestation, packed({ mutate: { attStmt: withMember('alg', '-7') } }), 'syntax');
    await expectCheck(packedAttestation, packed({ mutate: { attStmt: withMember('sig', undefined) } }), 'syntax');
    await expectCheck(packedAttestation, packed({ mutate: { attStmt: withMember('x5c', []) } }), 'x5c');
  });
  it('full: an alg that does not fit the leaf key', () =>
    expectCheck(packedAttestation, packed({ mutate: { attStmt: withMember('alg', -257) } }), 'alg'));
  it('full: a leaf whose key cannot be parsed is an alg mismatch', () =>
    expectCheck(
      packedAttestation,
      packed({ mutate: { certificates: (x5c) => [withUnknownCurve(x5c[0]!), ...x5c.slice(1)] } }),
      'alg',
    ));
  it('full: a broken signature', () =>
    expectCheck(packedAttestation, packed({ mutate: { signature: flipLast } }), 'signature'));
  it('self: an alg other than the credential alg', () =>
    expectCheck(packedAttestation, self({ mutate: { attStmt: withMember('alg', -257) } }), 'alg'));
  it('self: a broken signature', () =>
    expectCheck(packedAttestation, self({ mutate: { signature: flipLast } }), 'signature'));
});

describe('packed leaf rules (§8.2.1)', () => {
  const aaguid = Uint8Array.from({ length: 16 }, (_, i) => i + 1);
  const leafWith = (
    subject: [string, string][],
    extensions: Parameters<typeof issue>[0]['extensions'] = { basicConstraints: { ca: false } },
    version: 1 | 3 = 3,
  ) => issue({ subject: subject as never, key: ecKey(), ...(version === 1 ? { version } : { extensions }) });
  const OK: [string, string][] = [
    ['C', 'US'],
    ['O', 'Tessera'],
    ['OU', 'Authenticator Attestation'],
    ['CN', 'Leaf'],
  ];
  const without = (name: string) => OK.filter(([n]) => n !== name);
  const expectRule = (fn: () => void, check: string, format = 'packed') => {
    let err: unknown;
    try {
      fn();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(WebAuthnError);
    expect((err as WebAuthnError).code).toBe('ERR_ATTESTATION_INVALID');
    expect((err as WebAuthnError).details).toEqual({ format, check });
  };

  it('a conforming leaf passes, with or without basicConstraints', async () => {
    const leaf = await leafWith(OK);
    expect(() => checkPackedLeaf(leaf, aaguid)).not.toThrow();
    const noBC = await leafWith(OK, {});
    expect(noBC.basicConstraints).toBeUndefined();
    expect(() => checkPackedLeaf(noBC, aaguid)).not.toThrow();
  });
  it('a v1 leaf', async () => {
    const leaf = await leafWith(OK, undefined, 1);
    expectRule(() => checkPackedLeaf(leaf, aaguid), 'certificate.version');
  });
  it('subject C missing', async () => {
    const leaf = await leafWith(without('C'));
    expectRule(() => checkPackedLeaf(leaf, aaguid), 'certificate.subject');
  });
  it('subject C must be exactly two letters (lower case accepted)', async () => {
    for (const c of ['USA', 'XUS', 'U1', 'U']) {
      const leaf = await leafWith([['C', c], ...without('C')]);
      expectRule(() => checkPackedLeaf(leaf, aaguid), 'certificate.subject');
    }
    const lower = await leafWith([['C', 'us'], ...without('C')]);
    expect(() => checkPackedLeaf(lower, aaguid)).not.toThrow();
  });
  for (const name of ['O', 'OU', 'CN']) {
    it(`subject ${name} missing`, async () => {
      const leaf = await leafWith(without(name));
      expectRule(() => checkPackedLeaf(leaf, aaguid), 'certificate.subject');
    });
  }
  it('subject OU other than "Authenticator Attestation"', async () => {
    const leaf = await leafWith([...without('OU'), ['OU', 'Authenticator']]);
    expectRule(() => checkPackedLeaf(leaf, aaguid), 'certificate.subject');
  });
  it('a CA leaf', async () => {
    const leaf = await leafWith(OK, { basicConstraints: { ca: true } });
    expectRule(() => checkPackedLeaf(leaf, aaguid), 'certificate.basic-constraints');
  });
  it('the AAGUID extension: equal passes, different or critical is refused (format named by the caller)', async () => {
    const equal = await leafWith(OK, { basicConstraints: { ca: false }, aaguid });
    expect(() => checkPackedLeaf(equal, aaguid)).not.toThrow();
    const other = await leafWith(OK, { basicConstraints: { ca: false }, aaguid: new Uint8Array(16) });
    expectRule(() => checkPackedLeaf(other, aaguid), 'aaguid-extension');
    expectRule(() => checkAAGUIDExtension('tpm', other, aaguid), 'aaguid-extension', 'tpm');
    const critical = await leafWith(OK, { basicConstraints: { ca: false }, aaguid: { aaguid, critical: true } });
    expectRule(() => checkPackedLeaf(critical, aaguid), 'aaguid-extension');
    expectRule(() => checkAAGUIDExtension('tpm', critical, aaguid), 'aaguid-extension', 'tpm');
  });
});

describe('fido-u2f (§8.6)', () => {
  const u2f = (options: SoftwareStatementOptions = {}) => softwareStatement('fido-u2f', options);
  it('verifies as basic with the one certificate as trust path', async () => {
    expect(fidoU2FAttestation.format).toBe('fido-u2f');
    const r = await result(fidoU2FAttestation, u2f());
    expect(r).toMatchObject({ format: 'fido-u2f', type: 'basic' });
    expect(r.trustPath).toHaveLength(1);
  });
  it('syntax errors name fido-u2f', async () => {
    await expectCheck(fidoU2FAttestation, u2f({ mutate: { attStmt: withMember('alg', -7) } }), 'syntax');
    await expectCheck(fidoU2FAttestation, u2f({ mutate: { attStmt: withMember('x5c', 'AAAA') } }), 'x5c');
    await expectCheck(fidoU2FAttestation, u2f({ mutate: { attStmt: withMember('sig', 'AAAA') } }), 'syntax');
  });
  it('two certificates in x5c', () =>
    expectCheck(fidoU2FAttestation, u2f({ mutate: { certificates: (x5c) => [x5c[0]!, x5c[0]!] } }), 'x5c'));
  it('a certificate whose key cannot be parsed', () =>
    expectCheck(
      fidoU2FAttestation,
      u2f({ mutate: { certificates: (x5c) => [withUnknownCurve(x5c[0]!)] } }),
      'certificate.key',
    ));
  it('a certificate with an RSA or P-384 key', async () => {
    for (const key of [rsaKey(), ecKey('P-384')]) {
      const cert = await issue({ subject: [['CN', 'U2F']], key });
      await expectCheck(fidoU2FAttestation, u2f({ mutate: { certificates: () => [cert.der] } }), 'certificate.key');
    }
  });
  it('a broken signature', () =>
    expectCheck(fidoU2FAttestation, u2f({ mutate: { signature: flipLast } }), 'signature'));

  /** A fido-u2f statement, correctly signed by a P-256 certificate, over any credential. */
  async function u2fOver(base: DecodedStatement): Promise<DecodedStatement> {
    const key = ecKey('P-256');
    const cert = await issue({ subject: [['CN', 'U2F']], key });
    const acd = base.authData.attestedCredentialData!;
    const input = statementInput(base, { now: PKI_NOW });
    const pk = input.credentialPublicKey.publicKey as { x: Uint8Array; y?: Uint8Array };
    const data = concat(
      Uint8Array.of(0),
      base.authData.rpIdHash,
      base.clientDataHash,
      acd.credentialId,
      Uint8Array.of(4),
      pk.x,
      pk.y ?? new Uint8Array(0),
    );
    const sig = await key.sign(data);
    const attStmt: CBORMap = new Map<string, CBORValue>([
      ['x5c', [cert.der]],
      ['sig', sig],
    ]);
    return { ...base, fmt: 'fido-u2f', attStmt };
  }
  it('control: a hand-built statement over a P-256 credential verifies', async () => {
    const decoded = await u2fOver(await softwareStatement('none'));
    await expect(verifyWith(fidoU2FAttestation, decoded, { now: PKI_NOW })).resolves.toMatchObject({ type: 'basic' });
  });
  it('a secp256k1 credential (32-byte coordinates, not P-256) is refused', async () => {
    const decoded = await u2fOver(await softwareStatement('none', { algorithm: 'ES256K' }));
    const err = await rejection(() => verifyWith(fidoU2FAttestation, decoded, { now: PKI_NOW }));
    expect(err.details).toEqual({ format: 'fido-u2f', check: 'credential.key' });
  });
  it('P-384 and Ed25519 credentials are refused', async () => {
    for (const algorithm of ['ES384', 'EdDSA'] as const) {
      const decoded = await u2fOver(await softwareStatement('none', { algorithm }));
      const err = await rejection(() => verifyWith(fidoU2FAttestation, decoded, { now: PKI_NOW }));
      expect(err.details).toEqual({ format: 'fido-u2f', check: 'credential.key' });
    }
  });
});

describe('apple (§8.8)', () => {
  const apple = (options: SoftwareStatementOptions = {}) => softwareStatement('apple', options);
  it('verifies as anonca and names the format', async () => {
    expect(appleAttestation.format).toBe('apple');
    await expect(result(appleAttestation, apple())).resolves.toMatchObject({ format: 'apple', type: 'anonca' });
  });
  it('syntax errors name apple', async () => {
    await expectCheck(appleAttestation, apple({ mutate: { attStmt: withMember('sig', new Uint8Array(1)) } }), 'syntax');
    await expectCheck(appleAttestation, apple({ mutate: { attStmt: withMember('alg', 'ES256') } }), 'syntax');
    await expectCheck(appleAttestation, apple({ mutate: { attStmt: withMember('x5c', []) } }), 'x5c');
  });
  it('nonce missing or different', async () => {
    await expectCheck(
      appleAttestation,
      apple({ attestationCertificate: { extensions: (e) => ({ ...e, raw: [] }) } }),
      'apple.nonce',
    );
    await expectCheck(appleAttestation, apple({ apple: { nonce: new Uint8Array(32) } }), 'apple.nonce');
  });
  it('a leaf key other than the credential key', async () => {
    const other = ecKey();
    await expectCheck(
      appleAttestation,
      apple({ attestationCertificate: { publicKey: other.publicKey } }),
      'credential-key',
    );
  });
});

describe('statement readers', () => {
  it('attestationError carries format and check, and a cause only when given', () => {
    const plain = attestationError('packed', 'alg', 'm');
    expect(plain.code).toBe('ERR_ATTESTATION_INVALID');
    expect(plain.details).toEqual({ format: 'packed', check: 'alg' });
    expect('cause' in plain).toBe(false);
    const cause = new Error('inner');
    expect(attestationError('packed', 'alg', 'm', cause).cause).toBe(cause);
  });
  const syntax = (fn: () => unknown, format = 'f', check = 'syntax') => {
    let err: unknown;
    try {
      fn();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(WebAuthnError);
    expect((err as WebAuthnError).details).toEqual({ format, check });
  };
  it('statementMap: only maps with allowed text keys', () => {
    syntax(() => statementMap('f', [], ['a']));
    syntax(() => statementMap('f', ['a'], ['a']));
    syntax(() => statementMap('f', 'a', ['a']));
    syntax(() => statementMap('f', new Map([[1, 1]]) as never, ['a', '1']));
    syntax(() => statementMap('f', new Map([['b', 1]]), ['a']));
    const ok = new Map([['a', 1]]);
    expect(statementMap('f', ok, ['a'])).toBe(ok);
  });
  it('intMember: safe integers only', () => {
    const m = new Map<string, CBORValue>([
      ['i', -7],
      ['f', 1.5],
      ['s', '1'],
      ['u', 2 ** 53],
    ]);
    expect(intMember('f', m, 'i')).toBe(-7);
    for (const key of ['f', 's', 'u', 'missing']) syntax(() => intMember('f', m, key));
  });
  it('bytesMember and textMember', () => {
    const m = new Map<string, CBORValue>([
      ['b', new Uint8Array(1)],
      ['t', 'x'],
    ]);
    expect(bytesMember('f', m, 'b')).toEqual(new Uint8Array(1));
    expect(textMember('f', m, 't')).toBe('x');
    syntax(() => bytesMember('f', m, 't'));
    syntax(() => textMember('f', m, 'b'));
  });
  it('x5cMember: a non-empty array of byte strings, at most max', () => {
    const cert = new Uint8Array(1);
    const x5c = (v: CBORValue) => new Map<string, CBORValue>([['x5c', v]]);
    syntax(() => x5cMember('f', x5c([])), 'f', 'x5c');
    syntax(() => x5cMember('f', x5c(cert)), 'f', 'x5c');
    syntax(() => x5cMember('f', x5c([cert, 'AAAA'])), 'f', 'x5c');
    syntax(() => x5cMember('f', new Map()), 'f', 'x5c');
    expect(x5cMember('f', x5c(Array(8).fill(cert)))).toHaveLength(8);
    let err: unknown;
    try {
      x5cMember('f', x5c(Array(9).fill(cert)));
    } catch (e) {
      err = e;
    }
    expect((err as WebAuthnError).code).toBe('ERR_INPUT_TOO_LARGE');
    expect((err as WebAuthnError).details).toEqual({ format: 'f', limit: 8 });
    expect(x5cMember('f', x5c([cert, cert]), 2)).toHaveLength(2);
    expect(() => x5cMember('f', x5c([cert, cert, cert]), 2)).toThrow(WebAuthnError);
  });
});

describe('x5c checks', () => {
  it('a certificate without a parsable key is never the credential key, and fits no alg', async () => {
    const base = await softwareStatement('none');
    const input = statementInput(base, { now: PKI_NOW });
    const cert = await issue({ subject: [['CN', 'x']], key: ecKey() });
    const unparsed = parseCertificate(withUnknownCurve(cert.der));
    let err: unknown;
    try {
      requireCredentialKey('apple', unparsed, input);
    } catch (e) {
      err = e;
    }
    expect((err as WebAuthnError).details).toEqual({ format: 'apple', check: 'credential-key' });
    err = undefined;
    try {
      statementScheme('tpm', -7, undefined, false);
    } catch (e) {
      err = e;
    }
    expect((err as WebAuthnError).details).toEqual({ format: 'tpm', check: 'alg' });
    expect(statementScheme('tpm', -7, cert.publicKey, false)).toMatchObject({ name: 'ECDSA', hash: 'SHA-256' });
  });
});

describe('fido-u2f: the credential key coordinates are exactly 32 bytes (§8.6 step 4)', () => {
  async function withKey(change: (key: { x: Uint8Array; y: Uint8Array }) => object) {
    const decoded = await softwareStatement('fido-u2f');
    const input = statementInput(decoded, { now: PKI_NOW });
    const publicKey = {
      ...input.credentialPublicKey.publicKey,
      ...change(input.credentialPublicKey.publicKey as never),
    };
    return fidoU2FAttestation.verify({
      ...input,
      credentialPublicKey: { ...input.credentialPublicKey, publicKey: publicKey as never },
    });
  }
  it('33-byte x or y, and 31-byte y, are refused as credential.key', async () => {
    await expect(withKey(() => ({}))).resolves.toMatchObject({ format: 'fido-u2f' });
    for (const change of [
      (k: { x: Uint8Array }) => ({ x: concat(Uint8Array.of(0), k.x) }),
      (k: { y: Uint8Array }) => ({ y: concat(Uint8Array.of(0), k.y) }),
      (k: { y: Uint8Array }) => ({ y: k.y.subarray(1) }),
    ]) {
      const err = await rejection(() => withKey(change as never));
      expect(err.code).toBe('ERR_ATTESTATION_INVALID');
      expect(err.details).toMatchObject({ format: 'fido-u2f', check: 'credential.key' });
    }
  });
});
