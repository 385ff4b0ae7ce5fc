/**
 * Test PKI helpers: key pairs (node:crypto) and builder-made CAs, intermediates and leaves.
 */
import { generateKeyPairSync, type KeyObject, sign as nodeSign } from 'node:crypto';
import {
  type CertificateBuilderExtensions,
  createCertificate,
  type NameEntry,
} from '../../src/certificates/builder.js';
import { parseCertificate } from '../../src/certificates/parse.js';
import type { Certificate } from '../../src/certificates/types.js';
import type { PublicKey, SignatureScheme } from '../../src/crypto/types.js';
import { decodeBase64url } from '../../src/encoding/base64url.js';

export interface TestKey {
  publicKey: PublicKey;
  scheme: SignatureScheme;
  sign: (tbs: Uint8Array) => Promise<Uint8Array>;
  eddsaCurve?: 'Ed25519' | 'Ed448';
}

function jwkKey(key: KeyObject): PublicKey {
  const jwk = key.export({ format: 'jwk' }) as {
    kty: string;
    crv?: string;
    x?: string;
    y?: string;
    n?: string;
    e?: string;
  };
  if (jwk.kty === 'EC') {
    return { kty: 'EC', crv: jwk.crv as 'P-256', x: decodeBase64url(jwk.x!), y: decodeBase64url(jwk.y!) };
  }
  if (jwk.kty === 'RSA') return { kty: 'RSA', n: decodeBase64url(jwk.n!), e: decodeBase64url(jwk.e!) };
  return { kty: 'OKP', crv: jwk.crv as 'Ed25519', x: decodeBase64url(jwk.x!) };
}

export function ecKey(curve: 'P-256' | 'P-384' | 'P-521' = 'P-256'): TestKey {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: curve });
  const hash = curve === 'P-256' ? 'SHA-256' : curve === 'P-384' ? 'SHA-384' : 'SHA-512';
  const nodeHash = hash.replace('-', '').toLowerCase();
  return {
    publicKey: jwkKey(publicKey),
    scheme: { name: 'ECDSA', hash, encoding: 'der' },
    sign: async (tbs) => new Uint8Array(nodeSign(nodeHash, tbs, { key: privateKey, dsaEncoding: 'der' })),
  };
}

export function rsaKey(pss = false): TestKey {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    publicKey: jwkKey(publicKey),
    scheme: pss ? { name: 'RSA-PSS', hash: 'SHA-256', saltLength: 32 } : { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
    sign: async (tbs) =>
      new Uint8Array(
        nodeSign('sha256', tbs, pss ? { key: privateKey, padding: 6, saltLength: 32 } : { key: privateKey }),
      ),
  };
}

export function edKey(curve: 'Ed25519' | 'Ed448' = 'Ed25519'): TestKey {
  const { publicKey, privateKey } = curve === 'Ed25519' ? generateKeyPairSync('ed25519') : generateKeyPairSync('ed448');
  return {
    publicKey: jwkKey(publicKey),
    scheme: { name: 'EdDSA' },
    eddsaCurve: curve,
    sign: async (tbs) => new Uint8Array(nodeSign(null, tbs, privateKey)),
  };
}

export const DAY = 86_400_000;
export const NOW = new Date('2025-06-01T00:00:00Z');

export interface IssueOptions {
  subject: NameEntry[];
  key: TestKey;
  issuer?: { cert: Certificate; key: TestKey };
  serialNumber?: number;
  notBefore?: Date;
  notAfter?: Date;
  extensions?: CertificateBuilderExtensions;
  version?: 1 | 3;
}

let serial = 1000;

/** Issues a certificate (self-signed when `issuer` is absent). */
export async function issue(o: IssueOptions): Promise<Certificate> {
  const signer = o.issuer?.key ?? o.key;
  const der = await createCertificate({
    serialNumber: o.serialNumber ?? serial++,
    subject: o.subject,
    issuer: o.issuer?.cert.subjectDer ?? o.subject,
    notBefore: o.notBefore ?? new Date(NOW.getTime() - 365 * DAY),
    notAfter: o.notAfter ?? new Date(NOW.getTime() + 365 * DAY),
    publicKey: o.key.publicKey,
    signatureAlgorithm: signer.scheme,
    ...(signer.eddsaCurve === undefined ? {} : { eddsaCurve: signer.eddsaCurve }),
    sign: signer.sign,
    ...(o.extensions === undefined ? {} : { extensions: o.extensions }),
    ...(o.version === undefined ? {} : { version: o.version }),
  });
  return parseCertificate(der);
}

export const CA_EXT: CertificateBuilderExtensions = {
  basicConstraints: { ca: true },
  keyUsage: ['keyCertSign', 'cRLSign'],
};

export interface TestPKI {
  rootKey: TestKey;
  root: Certificate;
  intKey: TestKey;
  intermediate: Certificate;
  leafKey: TestKey;
  leaf: Certificate;
}

/** root → intermediate → leaf, all valid at NOW. */
export async function makePKI(
  overrides: { rootKey?: TestKey; intKey?: TestKey; leafKey?: TestKey } = {},
): Promise<TestPKI> {
  const rootKey = overrides.rootKey ?? ecKey();
  const intKey = overrides.intKey ?? ecKey();
  const leafKey = overrides.leafKey ?? ecKey();
  const root = await issue({ subject: [['CN', 'Test Root']], key: rootKey, extensions: CA_EXT });
  const intermediate = await issue({
    subject: [['CN', 'Test Intermediate']],
    key: intKey,
    issuer: { cert: root, key: rootKey },
    extensions: CA_EXT,
  });
  const leaf = await issue({
    subject: [
      ['C', 'US'],
      ['O', 'Tessera'],
      ['OU', 'Authenticator Attestation'],
      ['CN', 'Leaf'],
    ],
    key: leafKey,
    issuer: { cert: intermediate, key: intKey },
    extensions: { basicConstraints: { ca: false } },
  });
  return { rootKey, root, intKey, intermediate, leafKey, leaf };
}
