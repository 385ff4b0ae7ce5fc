/**
 * Builds DER certificates and CRLs (RFC 5280 §4.1, §5.1) for tests and the software
 * authenticator: test CAs, attestation leaves, deliberately broken chains. Never used on
 * verification paths.
 *
 * @module
 */
import type { PublicKey, SignatureScheme } from '../crypto/types.js';
import { fromHex } from '../encoding/bytes.js';
import { encodeSignatureAlgorithm } from './algorithms.js';
import {
  derBitString,
  derBoolean,
  derExplicit,
  derOctetString,
  derOID,
  derSequence,
  derSetOf,
  derSmallInteger,
  derString,
  derTime,
  derUnsignedInteger,
  TAG,
  tlv,
} from './der.js';
import { attributeOID, EXT, KEY_USAGE_BITS, type KeyUsageName } from './oids.js';
import { encodePublicKeySPKI } from './public-key.js';
import type { CertificateExtension } from './types.js';

/** One name attribute: `[type, value]` or `[type, value, stringType]`; type is a short name or OID. */
export type NameEntry =
  | readonly [type: string, value: string]
  | readonly [type: string, value: string, stringType: 'utf8String' | 'printableString' | 'ia5String'];

/** A serial number: a non-negative integer, or big-endian magnitude bytes, or hex. */
export type SerialNumberInput = number | bigint | Uint8Array | string;

/** Signs the TBS bytes; ECDSA signatures must already be DER. */
export type TBSSigner = (tbs: Uint8Array) => Promise<Uint8Array>;

/** Extensions the builder knows how to encode. */
export interface CertificateBuilderExtensions {
  /** §4.2.1.9. Critical by default. `explicitFalse` encodes `cA FALSE` explicitly (a non-DER quirk seen in the wild). */
  basicConstraints?: { ca: boolean; pathLength?: number; critical?: boolean; explicitFalse?: boolean };
  /** §4.2.1.3. Critical by default. */
  keyUsage?: readonly KeyUsageName[] | { usages: readonly KeyUsageName[]; critical?: boolean };
  /** §4.2.1.12: KeyPurposeId OIDs. Non-critical by default. */
  extendedKeyUsage?: readonly string[] | { purposes: readonly string[]; critical?: boolean };
  /** §4.2.1.6: one directoryName. `multiValuedRDN` puts all attributes in one RDN (TPM SAN style). */
  subjectAltName?: { directoryName: readonly NameEntry[]; multiValuedRDN?: boolean; critical?: boolean };
  /** id-fido-gen-ce-aaguid: 16 bytes, non-critical unless asked. */
  aaguid?: Uint8Array | { aaguid: Uint8Array; critical?: boolean };
  subjectKeyIdentifier?: Uint8Array;
  authorityKeyIdentifier?: Uint8Array;
  /** Appended as given (extnValue = `value`). */
  raw?: readonly CertificateExtension[];
}

/** Options of {@link createCertificate}. */
export interface CreateCertificateOptions {
  serialNumber: SerialNumberInput;
  subject: readonly NameEntry[];
  /** The issuer name as entries, or its DER (e.g. `caCert.subjectDer`). */
  issuer: readonly NameEntry[] | Uint8Array;
  notBefore: Date;
  notAfter: Date;
  publicKey: PublicKey;
  /** The scheme the issuer signs with. */
  signatureAlgorithm: SignatureScheme;
  /** For EdDSA issuers: which curve (default Ed25519). */
  eddsaCurve?: 'Ed25519' | 'Ed448';
  sign: TBSSigner;
  extensions?: CertificateBuilderExtensions;
  /** 3 (default) or 1 (no version field, no extensions). */
  version?: 1 | 3;
  /** Encode an empty subject Name (TPM AIK certificates, §8.3.1). */
  emptySubject?: boolean;
}

function serialBytes(serial: SerialNumberInput): Uint8Array {
  if (serial instanceof Uint8Array) return serial;
  if (typeof serial === 'string') return fromHex(serial.length % 2 === 0 ? serial : `0${serial}`);
  let n = BigInt(serial);
  if (n < 0n) throw new RangeError('serial number must be non-negative');
  const bytes: number[] = [];
  do {
    bytes.unshift(Number(n & 0xffn));
    n >>= 8n;
  } while (n > 0n);
  return Uint8Array.from(bytes);
}

function encodeAttribute(entry: NameEntry): Uint8Array {
  const oid = attributeOID(entry[0]);
  let stringType = entry[2];
  // §4.1.2.4 / Appendix A: countryName and serialNumber are PrintableString, emailAddress IA5String.
  stringType ??=
    oid === '2.5.4.6' || oid === '2.5.4.5'
      ? 'printableString'
      : oid === '1.2.840.113549.1.9.1'
        ? 'ia5String'
        : 'utf8String';
  const tag =
    stringType === 'printableString'
      ? TAG.PRINTABLE_STRING
      : stringType === 'ia5String'
        ? TAG.IA5_STRING
        : TAG.UTF8_STRING;
  return derSequence([derOID(oid), derString(tag, entry[1])]);
}

/** Encodes a Name: one RDN per entry, or all entries in one multi-valued RDN. */
export function encodeName(entries: readonly NameEntry[], multiValuedRDN = false): Uint8Array {
  if (multiValuedRDN && entries.length > 0) return derSequence([derSetOf(entries.map(encodeAttribute))]);
  return derSequence(entries.map((e) => derSetOf([encodeAttribute(e)])));
}

function extension(oid: string, critical: boolean, value: Uint8Array): Uint8Array {
  return derSequence([derOID(oid), ...(critical ? [derBoolean(true)] : []), derOctetString(value)]);
}

function encodeKeyUsage(usages: readonly KeyUsageName[]): Uint8Array {
  let highest = -1;
  const bits = new Uint8Array(2);
  for (const u of usages) {
    const i = KEY_USAGE_BITS.indexOf(u);
    if (i < 0) throw new RangeError(`unknown key usage ${u}`);
    bits[i >> 3] = (bits[i >> 3] as number) | (0x80 >> (i & 7));
    highest = Math.max(highest, i);
  }
  // X.690 §11.2.2: named bit lists drop trailing zero bits.
  const byteCount = highest < 0 ? 0 : (highest >> 3) + 1;
  const used = bits.slice(0, byteCount);
  const unused = highest < 0 ? 0 : 7 - (highest & 7);
  return derBitString(used, unused);
}

function encodeExtensions(ext: CertificateBuilderExtensions): Uint8Array[] {
  const out: Uint8Array[] = [];
  if (ext.basicConstraints !== undefined) {
    const { ca, pathLength, critical = true, explicitFalse = false } = ext.basicConstraints;
    const members: Uint8Array[] = [];
    if (ca || explicitFalse) members.push(derBoolean(ca));
    if (pathLength !== undefined) members.push(derSmallInteger(pathLength));
    out.push(extension(EXT.basicConstraints, critical, derSequence(members)));
  }
  if (ext.keyUsage !== undefined) {
    const { usages, critical = true } = 'usages' in ext.keyUsage ? ext.keyUsage : { usages: ext.keyUsage };
    out.push(extension(EXT.keyUsage, critical, encodeKeyUsage(usages)));
  }
  if (ext.extendedKeyUsage !== undefined) {
    const { purposes, critical = false } =
      'purposes' in ext.extendedKeyUsage ? ext.extendedKeyUsage : { purposes: ext.extendedKeyUsage };
    out.push(extension(EXT.extKeyUsage, critical, derSequence(purposes.map(derOID))));
  }
  if (ext.subjectAltName !== undefined) {
    const { directoryName, multiValuedRDN = false, critical = false } = ext.subjectAltName;
    // GeneralName directoryName [4] is EXPLICIT because Name is a CHOICE (§4.2.1.6, Appendix A.2).
    const gn = derExplicit(4, encodeName(directoryName, multiValuedRDN));
    out.push(extension(EXT.subjectAltName, critical, derSequence([gn])));
  }
  if (ext.aaguid !== undefined) {
    const { aaguid, critical = false } = ext.aaguid instanceof Uint8Array ? { aaguid: ext.aaguid } : ext.aaguid;
    out.push(extension(EXT.fidoAAGUID, critical, derOctetString(aaguid)));
  }
  if (ext.subjectKeyIdentifier !== undefined) {
    out.push(extension(EXT.subjectKeyIdentifier, false, derOctetString(ext.subjectKeyIdentifier)));
  }
  if (ext.authorityKeyIdentifier !== undefined) {
    const keyId = tlv('context', false, 0, ext.authorityKeyIdentifier);
    out.push(extension(EXT.authorityKeyIdentifier, false, derSequence([keyId])));
  }
  for (const r of ext.raw ?? []) out.push(extension(r.oid, r.critical, r.value));
  return out;
}

async function signed(tbs: Uint8Array, algorithm: Uint8Array, sign: TBSSigner): Promise<Uint8Array> {
  const signature = await sign(tbs);
  return derSequence([tbs, algorithm, derBitString(signature)]);
}

/**
 * Creates a DER certificate signed by `sign`.
 *
 * @example
 * ```ts
 * const rootDer = await createCertificate({
 *   serialNumber: 1, subject: [['CN', 'Test Root']], issuer: [['CN', 'Test Root']],
 *   notBefore, notAfter, publicKey: rootKey, signatureAlgorithm: { name: 'ECDSA', hash: 'SHA-256', encoding: 'der' },
 *   sign: (tbs) => signWithRootKey(tbs),
 *   extensions: { basicConstraints: { ca: true }, keyUsage: ['keyCertSign', 'cRLSign'] },
 * });
 * ```
 */
export async function createCertificate(options: CreateCertificateOptions): Promise<Uint8Array> {
  const version = options.version ?? 3;
  const algorithm = encodeSignatureAlgorithm(options.signatureAlgorithm, options.eddsaCurve);
  const issuer = options.issuer instanceof Uint8Array ? options.issuer : encodeName(options.issuer);
  const subject = options.emptySubject === true ? derSequence([]) : encodeName(options.subject);
  if (version !== 1 && version !== 3) throw new RangeError('version must be 1 or 3');
  if (version === 1 && options.extensions !== undefined)
    throw new RangeError('version 1 certificates have no extensions');
  const extensions = options.extensions !== undefined ? encodeExtensions(options.extensions) : [];
  const tbs = derSequence([
    ...(version === 3 ? [derExplicit(0, derSmallInteger(2))] : []),
    derUnsignedInteger(serialBytes(options.serialNumber)),
    algorithm,
    issuer,
    derSequence([derTime(options.notBefore), derTime(options.notAfter)]),
    subject,
    encodePublicKeySPKI(options.publicKey),
    ...(extensions.length > 0 ? [derExplicit(3, derSequence(extensions))] : []),
  ]);
  return signed(tbs, algorithm, options.sign);
}

/** Options of {@link createCRL}. */
export interface CreateCRLOptions {
  /** The issuer name as entries, or its DER (e.g. `caCert.subjectDer`). */
  issuer: readonly NameEntry[] | Uint8Array;
  thisUpdate: Date;
  nextUpdate?: Date;
  revoked: ReadonlyArray<{ serialNumber: SerialNumberInput; revocationDate: Date }>;
  signatureAlgorithm: SignatureScheme;
  eddsaCurve?: 'Ed25519' | 'Ed448';
  sign: TBSSigner;
  /** cRLNumber (§5.2.3), default 1. */
  crlNumber?: number;
  authorityKeyIdentifier?: Uint8Array;
  /** Further crlExtensions, appended as given. */
  raw?: readonly CertificateExtension[];
}

/** Creates a v2 DER CRL (RFC 5280 §5.1) signed by `sign`. */
export async function createCRL(options: CreateCRLOptions): Promise<Uint8Array> {
  const algorithm = encodeSignatureAlgorithm(options.signatureAlgorithm, options.eddsaCurve);
  const issuer = options.issuer instanceof Uint8Array ? options.issuer : encodeName(options.issuer);
  const revoked = options.revoked.map((r) =>
    derSequence([derUnsignedInteger(serialBytes(r.serialNumber)), derTime(r.revocationDate)]),
  );
  const crlExtensions = [extension(EXT.cRLNumber, false, derSmallInteger(options.crlNumber ?? 1))];
  if (options.authorityKeyIdentifier !== undefined) {
    crlExtensions.push(
      extension(
        EXT.authorityKeyIdentifier,
        false,
        derSequence([tlv('context', false, 0, options.authorityKeyIdentifier)]),
      ),
    );
  }
  for (const r of options.raw ?? []) crlExtensions.push(extension(r.oid, r.critical, r.value));
  const tbs = derSequence([
    derSmallInteger(1),
    algorithm,
    issuer,
    derTime(options.thisUpdate),
    ...(options.nextUpdate === undefined ? [] : [derTime(options.nextUpdate)]),
    ...(revoked.length > 0 ? [derSequence(revoked)] : []),
    derExplicit(0, derSequence(crlExtensions)),
  ]);
  return signed(tbs, algorithm, options.sign);
}
