/**
 * X.509 certificate parsing (RFC 5280 §4.1) into the plain {@link Certificate} shape.
 *
 * The certificate is sliced with a strict DER reader so that `tbs`, `subjectDer`, `issuerDer`
 * and `spki` are the exact bytes that were signed, trailing bytes are rejected, and every
 * length is checked before use. Known extensions are decoded and fail closed when malformed.
 * One non-DER quirk seen in the wild is tolerated: BasicConstraints with an explicit
 * `cA FALSE` (and extensions with an explicit `critical FALSE`).
 *
 * @module
 */

import { decodeBase64OrUndefined } from '../encoding/base64url.js';
import { equalBytes, toHex } from '../encoding/bytes.js';
import { WebAuthnError } from '../errors.js';
import { signatureSchemeFromAlgorithmIdentifier } from './algorithms.js';
import {
  type DERElement,
  decodeOID,
  expectUniversal,
  isContext,
  isUniversal,
  readChildren,
  readSingle,
  TAG,
} from './der.js';
import { decodeName } from './names.js';
import { EXT, KEY_USAGE_BITS } from './oids.js';
import { decodeSPKI } from './public-key.js';
import { readSignedEnvelope } from './signed.js';
import type { Certificate, CertificateExtension, CertificateInput } from './types.js';

export { getNameAttribute, getNameAttributes } from './names.js';
export { encodePublicKeySPKI } from './public-key.js';

function invalid(message: string, cause?: unknown): never {
  throw new WebAuthnError('ERR_CERTIFICATE_INVALID', message, cause === undefined ? {} : { cause });
}

/** The extension with this OID, or `undefined`. */
export function findExtension(cert: Certificate, oid: string): CertificateExtension | undefined {
  return cert.extensions.find((e) => e.oid === oid);
}

// ---------------------------------------------------------------------------------------------
// Time

/** Decodes UTCTime / GeneralizedTime as RFC 5280 §4.1.2.5 profiles them (Zulu, with seconds). */
export function decodeTime(el: DERElement): Date {
  let text = '';
  for (const b of el.value) text += String.fromCharCode(b);
  let m: RegExpExecArray | null;
  let year: number;
  if (isUniversal(el, TAG.UTC_TIME)) {
    // §4.1.2.5.1: YYMMDDHHMMSSZ; YY >= 50 → 19YY, else 20YY.
    m = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text);
    if (m === null) invalid('malformed UTCTime');
    const yy = Number(m[1]);
    year = yy >= 50 ? 1900 + yy : 2000 + yy;
  } else if (isUniversal(el, TAG.GENERALIZED_TIME)) {
    // §4.1.2.5.2: YYYYMMDDHHMMSSZ, no fractional seconds.
    m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text);
    if (m === null) invalid('malformed GeneralizedTime');
    year = Number(m[1]);
  } else {
    return invalid('expected UTCTime or GeneralizedTime');
  }
  const [mo, d, h, mi, s] = [m[2], m[3], m[4], m[5], m[6]].map(Number) as [number, number, number, number, number];
  const date = new Date(Date.UTC(year, mo - 1, d, h, mi, s));
  date.setUTCFullYear(year);
  if (
    date.getUTCMonth() !== mo - 1 ||
    date.getUTCDate() !== d ||
    date.getUTCHours() !== h ||
    date.getUTCMinutes() !== mi ||
    date.getUTCSeconds() !== s
  ) {
    invalid('time out of range');
  }
  return date;
}

// ---------------------------------------------------------------------------------------------
// Extensions

function decodeBoolean(el: DERElement): boolean {
  if (el.value.length !== 1) invalid('BOOLEAN must be one byte');
  // X.690 §8.2.2: any non-zero value is TRUE (DER wants 0xFF; BER encodings are tolerated).
  return el.value[0] !== 0;
}

function decodeSmallUnsigned(el: DERElement, what: string): number {
  const v = expectUniversal(el, TAG.INTEGER, what).value;
  if (v.length === 0 || v.length > 4 || ((v[0] as number) & 0x80) !== 0) invalid(`${what} out of range`);
  let n = 0;
  for (const b of v) n = n * 256 + b;
  return n;
}

function decodeExtensions(el: DERElement): CertificateExtension[] {
  const seq = expectUniversal(readSingle(el.value), TAG.SEQUENCE, 'Extensions');
  const list = readChildren(seq);
  // §4.1.2.9: Extensions ::= SEQUENCE SIZE (1..MAX) OF Extension
  if (list.length === 0) invalid('empty Extensions');
  const out: CertificateExtension[] = [];
  for (const ext of list) {
    const parts = readChildren(expectUniversal(ext, TAG.SEQUENCE, 'Extension'));
    const oid = decodeOID(expectUniversal(parts[0], TAG.OID, 'extnID').value);
    let critical = false;
    let idx = 1;
    if (isUniversal(parts[1], TAG.BOOLEAN)) {
      critical = decodeBoolean(parts[1]);
      idx = 2;
    }
    const value = expectUniversal(parts[idx], TAG.OCTET_STRING, 'extnValue').value;
    if (parts.length !== idx + 1) invalid('Extension has extra members');
    // §4.2: a certificate MUST NOT include more than one instance of a particular extension.
    if (out.some((e) => e.oid === oid)) invalid(`duplicate extension ${oid}`);
    out.push({ oid, critical, value: value.slice() });
  }
  return out;
}

/** Decodes BasicConstraints (§4.2.1.9), tolerating an explicit `cA FALSE`. */
export function decodeBasicConstraints(value: Uint8Array): { ca: boolean; pathLength: number | undefined } {
  const parts = readChildren(expectUniversal(readSingle(value), TAG.SEQUENCE, 'BasicConstraints'));
  let i = 0;
  let ca = false;
  if (isUniversal(parts[i], TAG.BOOLEAN)) ca = decodeBoolean(parts[i++] as DERElement);
  let pathLength: number | undefined;
  if (parts[i] !== undefined) pathLength = decodeSmallUnsigned(parts[i++] as DERElement, 'pathLenConstraint');
  if (i !== parts.length) invalid('BasicConstraints has extra members');
  return { ca, pathLength };
}

/** Decodes KeyUsage (§4.2.1.3) into bit names. */
export function decodeKeyUsage(value: Uint8Array): Set<string> {
  const bits = expectUniversal(readSingle(value), TAG.BIT_STRING, 'KeyUsage').value;
  if (bits.length < 1 || (bits[0] as number) > 7 || (bits.length === 1 && bits[0] !== 0)) invalid('malformed KeyUsage');
  const out = new Set<string>();
  const total = (bits.length - 1) * 8 - (bits[0] as number);
  KEY_USAGE_BITS.forEach((name, i) => {
    if (i < total && (((bits[1 + (i >> 3)] as number) >> (7 - (i & 7))) & 1) === 1) out.add(name);
  });
  return out;
}

/** Decodes ExtKeyUsageSyntax (§4.2.1.12) into OIDs. */
export function decodeExtendedKeyUsage(value: Uint8Array): string[] {
  const list = readChildren(expectUniversal(readSingle(value), TAG.SEQUENCE, 'ExtKeyUsageSyntax'));
  if (list.length === 0) invalid('empty ExtKeyUsageSyntax');
  return list.map((el) => decodeOID(expectUniversal(el, TAG.OID, 'KeyPurposeId').value));
}

function decodeAuthorityKeyIdentifier(value: Uint8Array): Uint8Array | undefined {
  // §4.2.1.1: SEQUENCE { keyIdentifier [0] IMPLICIT OCTET STRING OPTIONAL, ... }
  const parts = readChildren(expectUniversal(readSingle(value), TAG.SEQUENCE, 'AuthorityKeyIdentifier'));
  const first = parts[0];
  return isContext(first, 0) && !first.constructed ? first.value.slice() : undefined;
}

// ---------------------------------------------------------------------------------------------
// Certificate

/**
 * Parses a DER X.509 certificate. Throws `ERR_CERTIFICATE_INVALID` on any parse failure,
 * including trailing bytes. Unsupported key types or signature algorithms are not parse
 * failures: `publicKey` / `signatureScheme` are then `undefined`.
 *
 * @example
 * ```ts
 * const cert = parseCertificate(x5c[0]);
 * getNameAttribute(cert.subject, 'OU'); // 'Authenticator Attestation'
 * ```
 */
export function parseCertificate(der: Uint8Array): Certificate {
  if (!(der instanceof Uint8Array)) throw new TypeError('expected DER bytes');
  try {
    return parseCertificateUnchecked(der.slice());
  } catch (err) {
    if (err instanceof WebAuthnError) throw err;
    return invalid('certificate could not be parsed', err);
  }
}

function parseCertificateUnchecked(der: Uint8Array): Certificate {
  // §4.1: Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue }
  const {
    tbs: tbsEl,
    signatureAlgorithm: sigAlgEl,
    signature,
  } = readSignedEnvelope(der, { outer: 'Certificate', tbs: 'TBSCertificate' }, invalid);

  const fields = readChildren(tbsEl);
  let i = 0;
  let version = 1;
  if (isContext(fields[0], 0)) {
    // §4.1.2.1: version [0] EXPLICIT Version DEFAULT v1
    const v = decodeSmallUnsigned(readSingle((fields[0] as DERElement).value), 'version');
    if (v > 2) invalid('unknown certificate version');
    version = v + 1;
    i++;
  }
  // §4.1.2.2: serialNumber INTEGER
  const serialEl = expectUniversal(fields[i++], TAG.INTEGER, 'serialNumber');
  if (serialEl.value.length === 0) invalid('empty serialNumber');
  const innerSigAlg = expectUniversal(fields[i++], TAG.SEQUENCE, 'signature');
  // §4.1.1.2 / §4.1.2.3: signatureAlgorithm MUST equal the signature field in tbsCertificate.
  if (!equalBytes(innerSigAlg.bytes, sigAlgEl.bytes))
    invalid('signature algorithm differs from tbsCertificate.signature');
  const issuerEl = expectUniversal(fields[i++], TAG.SEQUENCE, 'issuer');
  const validity = readChildren(expectUniversal(fields[i++], TAG.SEQUENCE, 'validity'));
  if (validity.length !== 2) invalid('Validity must have two members');
  const subjectEl = expectUniversal(fields[i++], TAG.SEQUENCE, 'subject');
  const spkiEl = expectUniversal(fields[i++], TAG.SEQUENCE, 'subjectPublicKeyInfo');
  // §4.1.2.8: issuerUniqueID [1], subjectUniqueID [2] (v2/v3 only); §4.1.2.9: extensions [3] (v3 only)
  for (const tag of [1, 2]) {
    if (isContext(fields[i], tag)) {
      if (version === 1) invalid('unique identifiers require version 2 or 3');
      i++;
    }
  }
  let extensions: CertificateExtension[] = [];
  if (isContext(fields[i], 3)) {
    if (version !== 3) invalid('extensions require version 3');
    extensions = decodeExtensions(fields[i++] as DERElement);
  }
  if (i !== fields.length) invalid('unexpected fields in TBSCertificate');

  const { oid: signatureAlgorithm, scheme } = signatureSchemeFromAlgorithmIdentifier(sigAlgEl.bytes);
  const ext = (oid: string): CertificateExtension | undefined => extensions.find((e) => e.oid === oid);
  const bc = ext(EXT.basicConstraints);
  const ku = ext(EXT.keyUsage);
  const eku = ext(EXT.extKeyUsage);
  const ski = ext(EXT.subjectKeyIdentifier);
  const aki = ext(EXT.authorityKeyIdentifier);

  return {
    der,
    tbs: tbsEl.bytes,
    signature,
    signatureAlgorithm,
    signatureScheme: scheme,
    version,
    serialNumber: toHex(serialEl.value),
    subject: decodeName(subjectEl),
    issuer: decodeName(issuerEl),
    subjectDer: subjectEl.bytes,
    issuerDer: issuerEl.bytes,
    notBefore: decodeTime(validity[0] as DERElement),
    notAfter: decodeTime(validity[1] as DERElement),
    spki: spkiEl.bytes,
    publicKey: decodeSPKI(spkiEl.bytes),
    extensions,
    basicConstraints: bc === undefined ? undefined : decodeBasicConstraints(bc.value),
    keyUsage: ku === undefined ? undefined : decodeKeyUsage(ku.value),
    extendedKeyUsage: eku === undefined ? undefined : decodeExtendedKeyUsage(eku.value),
    subjectKeyIdentifier:
      ski === undefined ? undefined : expectUniversal(readSingle(ski.value), TAG.OCTET_STRING, 'SKI').value.slice(),
    authorityKeyIdentifier: aki === undefined ? undefined : decodeAuthorityKeyIdentifier(aki.value),
  };
}

// ---------------------------------------------------------------------------------------------
// PEM and inputs

/** One PEM block (RFC 7468). */
export interface PEMBlock {
  /** The label, e.g. `CERTIFICATE` or `X509 CRL`. */
  label: string;
  der: Uint8Array;
}

/**
 * Extracts every PEM block from text. Text outside the blocks (banners, `Subject:` lines) is
 * ignored; a block with a malformed body throws `ERR_CERTIFICATE_INVALID`.
 */
export function parsePEMBlocks(text: string): PEMBlock[] {
  if (typeof text !== 'string') throw new TypeError('expected PEM text');
  const out: PEMBlock[] = [];
  const lines = text.split(/\r\n|\r|\n/);
  let label: string | undefined;
  let body = '';
  for (const raw of lines) {
    const line = raw.trim();
    const begin = /^-----BEGIN ([A-Z0-9 ]+)-----$/.exec(line);
    const end = /^-----END ([A-Z0-9 ]+)-----$/.exec(line);
    if (label === undefined) {
      if (begin !== null) {
        label = begin[1] as string;
        body = '';
      } else if (end !== null) {
        invalid('PEM END without BEGIN');
      }
      continue;
    }
    if (end !== null) {
      if (end[1] !== label) invalid('PEM END label does not match BEGIN');
      const der = decodeBase64OrUndefined(body);
      if (der === undefined || der.length === 0) invalid('PEM body is not valid base64');
      out.push({ label, der });
      label = undefined;
      continue;
    }
    if (begin !== null) invalid('nested PEM BEGIN');
    // RFC 7468 §2: headers (RFC 1421 style "Key: value") are not allowed in CERTIFICATE blocks.
    if (line.includes(':')) invalid('PEM headers are not supported');
    body += line.replace(/\s+/g, '');
  }
  if (label !== undefined) invalid('PEM BEGIN without END');
  return out;
}

/**
 * Accepts PEM text (one CERTIFICATE block, banner lines tolerated), bare base64 DER (as found
 * in metadata statements), DER bytes, or an already parsed certificate.
 */
export function toCertificate(input: CertificateInput): Certificate {
  if (input instanceof Uint8Array) return parseCertificate(input);
  if (typeof input === 'string') {
    if (input.includes('-----BEGIN')) {
      const blocks = parsePEMBlocks(input).filter((b) => b.label === 'CERTIFICATE');
      if (blocks.length !== 1) invalid(`expected exactly one CERTIFICATE block, found ${blocks.length}`);
      return parseCertificate((blocks[0] as PEMBlock).der);
    }
    const der = decodeBase64OrUndefined(input.replace(/\s+/g, ''));
    if (der === undefined || der.length === 0) invalid('certificate text is neither PEM nor base64');
    return parseCertificate(der);
  }
  if (isCertificate(input)) return input;
  throw new TypeError('expected PEM text, DER bytes or a parsed certificate');
}

/** Parses every CERTIFICATE block in PEM text (e.g. a bundle of roots). */
export function parseCertificatesPEM(text: string): Certificate[] {
  return parsePEMBlocks(text)
    .filter((b) => b.label === 'CERTIFICATE')
    .map((b) => parseCertificate(b.der));
}

function isCertificate(value: unknown): value is Certificate {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<Certificate>;
  return v.der instanceof Uint8Array && v.tbs instanceof Uint8Array && v.subjectDer instanceof Uint8Array;
}
