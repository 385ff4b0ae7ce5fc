/**
 * Test certificate authorities: a deterministic root (and optional intermediate) that issues the
 * software authenticator's attestation certificates. Users pass `ca.root.pem` to the verifier as
 * a trust anchor.
 *
 * @module
 */
import { type CertificateBuilderExtensions, createCertificate, type NameEntry } from '../certificates/builder.js';
import { encodePublicKeySPKI } from '../certificates/public-key.js';
import { digest } from '../crypto/hash.js';
import type { PublicKey } from '../crypto/types.js';
import { concat, utf8Encode } from '../encoding/bytes.js';
import { generateTestKeyPair, type TestAlgorithm, type TestKeyPair } from './keys.js';
import { toPEM } from './pem.js';
import { deriveSeed, randomSeed, type TestSeed } from './random.js';

/** Default validity of every certificate the testing kit issues: 2025-01-01 … 2045-01-01 (UTC). */
export const DEFAULT_CERTIFICATE_VALIDITY: Readonly<{ notBefore: Date; notAfter: Date }> = Object.freeze({
  notBefore: new Date('2025-01-01T00:00:00.000Z'),
  notAfter: new Date('2045-01-01T00:00:00.000Z'),
});

/** A certificate with its key. */
export interface TestCertificate {
  /** DER bytes. */
  der: Uint8Array;
  /** PEM text. */
  pem: string;
  /** Subject name entries. */
  subject: readonly NameEntry[];
  /** The certified key pair (its private half signs what this certificate issues). */
  key: TestKeyPair;
}

/** Options of {@link TestCA.issueCertificate}. */
export interface IssueCertificateOptions {
  subject: readonly NameEntry[];
  publicKey: PublicKey;
  extensions?: CertificateBuilderExtensions;
  /** Default: derived from the CA seed, the subject and the key (order independent). */
  serialNumber?: number | bigint | Uint8Array | string;
  /** Default {@link DEFAULT_CERTIFICATE_VALIDITY}. */
  notBefore?: Date;
  notAfter?: Date;
  /** Encode an empty subject (TPM AIK certificates). */
  emptySubject?: boolean;
  /** 3 (default) or 1. */
  version?: 1 | 3;
  /** Which CA signs: the intermediate when there is one (default), or the root. */
  issuer?: 'root' | 'intermediate';
}

/** A test CA. */
export interface TestCA {
  /** Self-signed root: the trust anchor. */
  readonly root: TestCertificate;
  /** Intermediate CA, when requested. */
  readonly intermediate: TestCertificate | undefined;
  /** Certificates to append after a leaf in `x5c` (the intermediate, never the root). */
  readonly chain: readonly Uint8Array[];
  /** Issues a certificate (DER). */
  issueCertificate(options: IssueCertificateOptions): Promise<Uint8Array>;
}

/** Options of {@link createTestCA}. */
export interface CreateTestCAOptions {
  /** Seed for keys and serial numbers (default: random). */
  seed?: TestSeed;
  /** Root CN (default "Tessera Test Root CA"). */
  name?: string;
  /** CA key algorithm (default ES256). */
  algorithm?: TestAlgorithm;
  /** Also create an intermediate CA that signs leaves (default false). */
  intermediate?: boolean;
  /** Validity of the CA certificates (default {@link DEFAULT_CERTIFICATE_VALIDITY}). */
  notBefore?: Date;
  notAfter?: Date;
}

function keyIdentifier(key: PublicKey): Uint8Array {
  return digest('SHA-256', encodePublicKeySPKI(key)).slice(0, 20);
}

function serialFor(seed: Uint8Array, subject: readonly NameEntry[], key: PublicKey, extra: string): Uint8Array {
  const serial = digest(
    'SHA-256',
    concat(seed, utf8Encode(JSON.stringify(subject)), encodePublicKeySPKI(key), utf8Encode(extra)),
  ).slice(0, 16);
  // Positive, and no leading zero byte (RFC 5280 §4.1.2.2: at most 20 octets, positive).
  serial[0] = ((serial[0] as number) & 0x7f) | 0x40;
  return serial;
}

/** Signs TBS bytes with a test key, in the key's own scheme. */
function signer(key: TestKeyPair): (tbs: Uint8Array) => Promise<Uint8Array> {
  return async (tbs: Uint8Array): Promise<Uint8Array> => key.sign(tbs);
}

function eddsaCurve(key: TestKeyPair): 'Ed25519' | 'Ed448' | undefined {
  return key.publicKey.kty === 'OKP' ? key.publicKey.crv : undefined;
}

/**
 * Issues a certificate signed by `issuer` (low-level; {@link TestCA.issueCertificate} fills in
 * names and key identifiers).
 */
async function issue(
  issuer: { subject: readonly NameEntry[]; key: TestKeyPair },
  seed: Uint8Array,
  options: IssueCertificateOptions,
): Promise<Uint8Array> {
  const notBefore = options.notBefore ?? DEFAULT_CERTIFICATE_VALIDITY.notBefore;
  const notAfter = options.notAfter ?? DEFAULT_CERTIFICATE_VALIDITY.notAfter;
  const version = options.version ?? 3;
  const extensions: CertificateBuilderExtensions | undefined =
    version === 1
      ? undefined
      : {
          subjectKeyIdentifier: keyIdentifier(options.publicKey),
          authorityKeyIdentifier: keyIdentifier(issuer.key.publicKey),
          ...options.extensions,
        };
  const curve = eddsaCurve(issuer.key);
  return createCertificate({
    serialNumber:
      options.serialNumber ?? serialFor(seed, options.subject, options.publicKey, `${notBefore.toISOString()}`),
    subject: options.subject,
    issuer: issuer.subject,
    notBefore,
    notAfter,
    publicKey: options.publicKey,
    signatureAlgorithm: issuer.key.scheme,
    ...(curve === undefined ? {} : { eddsaCurve: curve }),
    sign: signer(issuer.key),
    ...(extensions === undefined ? {} : { extensions }),
    version,
    ...(options.emptySubject === true ? { emptySubject: true } : {}),
  });
}

/**
 * Creates a deterministic test CA: a self-signed root and, optionally, an intermediate. Every
 * certificate is valid 2025-01-01 … 2045-01-01 unless told otherwise.
 *
 * @example
 * ```ts
 * import { createTestCA, createSoftwareAuthenticator } from '@tessera/webauthn/testing';
 *
 * const ca = await createTestCA({ seed: 'my-tests', name: 'My Test Root' });
 * const authenticator = createSoftwareAuthenticator({ attestation: 'packed', attestationCA: ca });
 * // verifier side: attestation: { trustAnchors: [ca.root.pem] }
 * ```
 */
export async function createTestCA(options: CreateTestCAOptions = {}): Promise<TestCA> {
  const seed = deriveSeed(options.seed ?? randomSeed(), 'test-ca');
  const name = options.name ?? 'Tessera Test Root CA';
  const algorithm = options.algorithm ?? 'ES256';
  const notBefore = options.notBefore ?? DEFAULT_CERTIFICATE_VALIDITY.notBefore;
  const notAfter = options.notAfter ?? DEFAULT_CERTIFICATE_VALIDITY.notAfter;

  const rootKey = generateTestKeyPair(algorithm, { seed, label: 'root' });
  const rootSubject: NameEntry[] = [
    ['C', 'AA'],
    ['O', 'Tessera Test'],
    ['OU', 'Authenticator Attestation CA'],
    ['CN', name],
  ];
  const rootDer = await issue({ subject: rootSubject, key: rootKey }, seed, {
    subject: rootSubject,
    publicKey: rootKey.publicKey,
    notBefore,
    notAfter,
    extensions: {
      basicConstraints: { ca: true },
      keyUsage: ['keyCertSign', 'cRLSign'],
      subjectKeyIdentifier: keyIdentifier(rootKey.publicKey),
      authorityKeyIdentifier: keyIdentifier(rootKey.publicKey),
    },
  });
  const root: TestCertificate = { der: rootDer, pem: toPEM(rootDer), subject: rootSubject, key: rootKey };

  let intermediate: TestCertificate | undefined;
  if (options.intermediate === true) {
    const key = generateTestKeyPair(algorithm, { seed, label: 'intermediate' });
    const subject: NameEntry[] = [
      ['C', 'AA'],
      ['O', 'Tessera Test'],
      ['OU', 'Authenticator Attestation CA'],
      ['CN', `${name} Intermediate`],
    ];
    const der = await issue(root, seed, {
      subject,
      publicKey: key.publicKey,
      notBefore,
      notAfter,
      extensions: { basicConstraints: { ca: true, pathLength: 0 }, keyUsage: ['keyCertSign', 'cRLSign'] },
    });
    intermediate = { der, pem: toPEM(der), subject, key };
  }

  return {
    root,
    intermediate,
    chain: intermediate === undefined ? [] : [intermediate.der],
    issueCertificate(issueOptions: IssueCertificateOptions): Promise<Uint8Array> {
      const issuer = issueOptions.issuer === 'root' || intermediate === undefined ? root : intermediate;
      return issue(issuer, seed, issueOptions);
    },
  };
}
