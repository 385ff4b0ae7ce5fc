/**
 * Attestation statements (§8) produced by the software authenticator: none, packed (self and
 * x5c), fido-u2f, tpm, apple, android-key and compound. Every signature is computed over the
 * (possibly mutated) authenticatorData and clientDataHash it is given, so a test that mutates
 * an input gets a correctly re-signed statement.
 *
 * @module
 */
import type { CertificateBuilderExtensions, NameEntry } from '../certificates/builder.js';
import { derExplicit, derOctetString, derSequence } from '../certificates/der.js';
import { digest } from '../crypto/hash.js';
import type { HashName, PublicKey } from '../crypto/types.js';
import { concat } from '../encoding/bytes.js';
import type { CBORMap, CBORValue } from '../encoding/cbor.js';
import { ANDROID_KEY_DESCRIPTION_OID, type AndroidKeyDescription, encodeAndroidKeyDescription } from './android-key.js';
import type { TestCA } from './ca.js';
import type { TestKeyPair } from './keys.js';
import { encodeCertInfo, encodePubArea, type PubAreaOptions, tpmName } from './tpm.js';

/** Attestation formats the software authenticator can produce. */
export type SoftwareAttestationFormat =
  | 'none'
  | 'packed-self'
  | 'packed'
  | 'fido-u2f'
  | 'tpm'
  | 'apple'
  | 'android-key'
  | 'compound';

/** Overrides for the attestation (leaf) certificate. */
export interface AttestationCertificateOverrides {
  notBefore?: Date;
  notAfter?: Date;
  /** Subject entries (packed default: C=AA, O=Tessera Test, OU=Authenticator Attestation, CN=…). */
  subject?: readonly NameEntry[];
  /** Rewrites the extensions the kit would put in the leaf. */
  extensions?: (extensions: CertificateBuilderExtensions) => CertificateBuilderExtensions;
  /** Certify this key instead of the expected one (leaf-key-mismatch tests for apple/android-key). */
  publicKey?: PublicKey;
  version?: 1 | 3;
  /** Issue the leaf from the root even when the CA has an intermediate. */
  issuer?: 'root' | 'intermediate';
}

/** Knobs for the `tpm` format. */
export interface TPMOptions {
  /** pubArea encoding options (nameAlg, objectAttributes). */
  pubArea?: PubAreaOptions;
  /** Rewrites pubArea before the attested name is computed. */
  mutatePubArea?: (pubArea: Uint8Array) => Uint8Array;
  /** Rewrites certInfo before the AIK signs it. */
  mutateCertInfo?: (certInfo: Uint8Array) => Uint8Array;
  /** Hash used for extraData (default: the hash of `alg`). */
  extraDataHash?: HashName;
  /** TCG manufacturer id in the AIK SAN (default "id:414D4400", AMD). */
  manufacturer?: string;
  /** `ver` member (default "2.0"). */
  ver?: string;
}

/** Knobs for the `android-key` format. */
export type AndroidKeyOptions = Partial<AndroidKeyDescription>;

/** Knobs for the `apple` format. */
export interface AppleOptions {
  /** Nonce to put in the certificate (default SHA-256(authData ‖ clientDataHash)). */
  nonce?: Uint8Array;
}

/** Everything a statement builder needs. */
export interface StatementContext {
  authData: Uint8Array;
  clientDataHash: Uint8Array;
  credentialKey: TestKeyPair;
  aaguid: Uint8Array;
  ca: () => Promise<TestCA>;
  attestationKey: (purpose: 'packed' | 'fido-u2f' | 'tpm') => TestKeyPair;
  leaf?: AttestationCertificateOverrides;
  tpm?: TPMOptions;
  androidKey?: AndroidKeyOptions;
  apple?: AppleOptions;
  compoundFormats?: readonly SoftwareAttestationFormat[];
  /** Applied to every signature right after signing. */
  mutateSignature?: (signature: Uint8Array) => Uint8Array;
  /** Applied to x5c before it is placed in the statement. */
  mutateCertificates?: (x5c: Uint8Array[]) => Uint8Array[];
}

/** A built statement: `fmt` and `attStmt`. */
export interface BuiltStatement {
  fmt: string;
  attStmt: CBORMap | CBORValue[];
}

/** OIDs used in attestation certificates. */
const OID = {
  appleNonce: '1.2.840.113635.100.8.2',
  tcgKpAIKCertificate: '2.23.133.8.3',
  tpmManufacturer: '2.23.133.2.1',
  tpmModel: '2.23.133.2.2',
  tpmVersion: '2.23.133.2.3',
} as const;

const PACKED_SUBJECT: readonly NameEntry[] = [
  ['C', 'AA'],
  ['O', 'Tessera Test'],
  ['OU', 'Authenticator Attestation'],
  ['CN', 'Tessera Software Authenticator'],
];

function hashOf(key: TestKeyPair): HashName {
  return key.scheme.name === 'EdDSA' ? 'SHA-512' : key.scheme.hash;
}

function sign(ctx: StatementContext, key: TestKeyPair, data: Uint8Array): Uint8Array {
  const sig = key.sign(data);
  return ctx.mutateSignature === undefined ? sig : ctx.mutateSignature(sig);
}

function x5c(ctx: StatementContext, chain: Uint8Array[]): Uint8Array[] {
  return ctx.mutateCertificates === undefined ? chain : ctx.mutateCertificates(chain);
}

async function issueLeaf(
  ctx: StatementContext,
  defaults: {
    subject: readonly NameEntry[];
    publicKey: PublicKey;
    extensions: CertificateBuilderExtensions;
    emptySubject?: boolean;
    issuer?: 'root' | 'intermediate';
  },
): Promise<Uint8Array[]> {
  const ca = await ctx.ca();
  const o = ctx.leaf ?? {};
  const issuer = o.issuer ?? defaults.issuer ?? 'intermediate';
  const leaf = await ca.issueCertificate({
    subject: o.subject ?? defaults.subject,
    publicKey: o.publicKey ?? defaults.publicKey,
    extensions: o.extensions === undefined ? defaults.extensions : o.extensions(defaults.extensions),
    ...(o.notBefore === undefined ? {} : { notBefore: o.notBefore }),
    ...(o.notAfter === undefined ? {} : { notAfter: o.notAfter }),
    ...(o.version === undefined ? {} : { version: o.version }),
    ...(defaults.emptySubject === true ? { emptySubject: true } : {}),
    issuer,
  });
  const chain = issuer === 'root' ? [] : [...ca.chain];
  return [leaf, ...chain];
}

function map(entries: [string, CBORValue][]): CBORMap {
  return new Map(entries);
}

async function packed(ctx: StatementContext): Promise<BuiltStatement> {
  const key = ctx.attestationKey('packed');
  const certs = await issueLeaf(ctx, {
    subject: PACKED_SUBJECT,
    publicKey: key.publicKey,
    extensions: { basicConstraints: { ca: false }, aaguid: ctx.aaguid },
  });
  const sig = sign(ctx, key, concat(ctx.authData, ctx.clientDataHash));
  return {
    fmt: 'packed',
    attStmt: map([
      ['alg', key.coseAlgorithm],
      ['sig', sig],
      ['x5c', x5c(ctx, certs)],
    ]),
  };
}

function packedSelf(ctx: StatementContext): BuiltStatement {
  const key = ctx.credentialKey;
  const sig = sign(ctx, key, concat(ctx.authData, ctx.clientDataHash));
  return {
    fmt: 'packed',
    attStmt: map([
      ['alg', key.coseAlgorithm],
      ['sig', sig],
    ]),
  };
}

async function fidoU2F(ctx: StatementContext, rpIdHash: Uint8Array, credentialId: Uint8Array): Promise<BuiltStatement> {
  const cred = ctx.credentialKey.publicKey;
  if (cred.kty !== 'EC' || cred.crv !== 'P-256') throw new RangeError('fido-u2f needs an ES256 (P-256) credential');
  const key = ctx.attestationKey('fido-u2f');
  // §8.6: exactly one certificate; issued by the root so that it chains without intermediates.
  const certs = await issueLeaf(ctx, {
    subject: [
      ['C', 'AA'],
      ['O', 'Tessera Test'],
      ['OU', 'Authenticator Attestation'],
      ['CN', 'Tessera Software U2F Authenticator'],
    ],
    publicKey: key.publicKey,
    extensions: { basicConstraints: { ca: false } },
    issuer: 'root',
  });
  // §8.6 step 5: verificationData = 0x00 ‖ rpIdHash ‖ clientDataHash ‖ credentialId ‖ publicKeyU2F.
  const verificationData = concat(
    Uint8Array.of(0),
    rpIdHash,
    ctx.clientDataHash,
    credentialId,
    Uint8Array.of(4),
    cred.x,
    cred.y,
  );
  const sig = sign(ctx, key, verificationData);
  return {
    fmt: 'fido-u2f',
    attStmt: map([
      ['sig', sig],
      ['x5c', x5c(ctx, certs.slice(0, 1))],
    ]),
  };
}

async function tpm(ctx: StatementContext): Promise<BuiltStatement> {
  const aik = ctx.attestationKey('tpm');
  const o = ctx.tpm ?? {};
  let pubArea = encodePubArea(ctx.credentialKey.publicKey, o.pubArea);
  if (o.mutatePubArea !== undefined) pubArea = o.mutatePubArea(pubArea);
  const attToBeSigned = concat(ctx.authData, ctx.clientDataHash);
  // §8.3 step: extraData = H_alg(attToBeSigned), attested.name = Name(pubArea).
  let certInfo = encodeCertInfo({
    extraData: digest(o.extraDataHash ?? hashOf(aik), attToBeSigned),
    attestedName: tpmName(pubArea, o.pubArea?.nameAlg ?? 'SHA-256'),
  });
  if (o.mutateCertInfo !== undefined) certInfo = o.mutateCertInfo(certInfo);
  // §8.3.1: v3, empty subject, SAN (critical) with TPM manufacturer/model/version, EKU AIK, CA=false.
  const certs = await issueLeaf(ctx, {
    subject: [],
    emptySubject: true,
    publicKey: aik.publicKey,
    extensions: {
      basicConstraints: { ca: false },
      extendedKeyUsage: [OID.tcgKpAIKCertificate],
      subjectAltName: {
        directoryName: [
          [OID.tpmManufacturer, o.manufacturer ?? 'id:414D4400'],
          [OID.tpmModel, 'Tessera vTPM'],
          [OID.tpmVersion, 'id:00020000'],
        ],
        multiValuedRDN: true,
        critical: true,
      },
      aaguid: ctx.aaguid,
    },
  });
  const sig = sign(ctx, aik, certInfo);
  return {
    fmt: 'tpm',
    attStmt: map([
      ['ver', o.ver ?? '2.0'],
      ['alg', aik.coseAlgorithm],
      ['x5c', x5c(ctx, certs)],
      ['sig', sig],
      ['certInfo', certInfo],
      ['pubArea', pubArea],
    ]),
  };
}

async function apple(ctx: StatementContext): Promise<BuiltStatement> {
  // §8.8: nonce = SHA-256(authData ‖ clientDataHash) in 1.2.840.113635.100.8.2, leaf key = credential key.
  const nonce = ctx.apple?.nonce ?? digest('SHA-256', concat(ctx.authData, ctx.clientDataHash));
  const value = derSequence([derExplicit(1, derOctetString(nonce))]);
  const certs = await issueLeaf(ctx, {
    subject: [
      ['CN', 'Tessera Apple-style Credential'],
      ['OU', 'AAA Certification'],
      ['O', 'Tessera Test'],
      ['ST', 'California'],
    ],
    publicKey: ctx.credentialKey.publicKey,
    extensions: { raw: [{ oid: OID.appleNonce, critical: false, value }] },
  });
  return { fmt: 'apple', attStmt: map([['x5c', x5c(ctx, certs)]]) };
}

async function androidKey(ctx: StatementContext): Promise<BuiltStatement> {
  const key = ctx.credentialKey;
  const algorithm = key.publicKey.kty === 'RSA' ? 1 : 3;
  const o = ctx.androidKey ?? {};
  const description: AndroidKeyDescription = {
    attestationChallenge: ctx.clientDataHash,
    softwareEnforced: {},
    teeEnforced: { purpose: [2], algorithm, origin: 0 },
    ...o,
  };
  const certs = await issueLeaf(ctx, {
    subject: [['CN', 'Android Keystore Key']],
    publicKey: key.publicKey,
    extensions: {
      raw: [{ oid: ANDROID_KEY_DESCRIPTION_OID, critical: false, value: encodeAndroidKeyDescription(description) }],
    },
  });
  const sig = sign(ctx, key, concat(ctx.authData, ctx.clientDataHash));
  return {
    fmt: 'android-key',
    attStmt: map([
      ['alg', key.coseAlgorithm],
      ['sig', sig],
      ['x5c', x5c(ctx, certs)],
    ]),
  };
}

/**
 * Sub-formats used by `compound` when none are given.
 *
 * @example
 * ```ts
 * defaultCompoundFormats(generateTestKeyPair('ES256')); // ['packed', 'tpm']
 * ```
 */
export function defaultCompoundFormats(key: TestKeyPair): SoftwareAttestationFormat[] {
  const k = key.publicKey;
  const tpmCapable = k.kty === 'RSA' || (k.kty === 'EC' && k.crv !== 'secp256k1');
  return tpmCapable ? ['packed', 'tpm'] : ['packed', 'packed-self'];
}

/**
 * Builds the attestation statement for `format`.
 *
 * @example
 * ```ts
 * const { fmt, attStmt } = await buildAttestationStatement('packed-self', ctx, rpIdHash, credentialId);
 * ```
 */
export async function buildAttestationStatement(
  format: SoftwareAttestationFormat,
  ctx: StatementContext,
  rpIdHash: Uint8Array,
  credentialId: Uint8Array,
): Promise<BuiltStatement> {
  switch (format) {
    case 'none':
      return { fmt: 'none', attStmt: new Map() };
    case 'packed-self':
      return packedSelf(ctx);
    case 'packed':
      return packed(ctx);
    case 'fido-u2f':
      return fidoU2F(ctx, rpIdHash, credentialId);
    case 'tpm':
      return tpm(ctx);
    case 'apple':
      return apple(ctx);
    case 'android-key':
      return androidKey(ctx);
    case 'compound': {
      const formats = ctx.compoundFormats ?? defaultCompoundFormats(ctx.credentialKey);
      const items: CBORValue[] = [];
      for (const f of formats) {
        if (f === 'compound') throw new RangeError('compound statements cannot nest');
        const s = await buildAttestationStatement(f, ctx, rpIdHash, credentialId);
        items.push(
          map([
            ['fmt', s.fmt],
            ['attStmt', s.attStmt as CBORValue],
          ]),
        );
      }
      return { fmt: 'compound', attStmt: items };
    }
    default:
      throw new RangeError(`unknown attestation format ${String(format)}`);
  }
}
