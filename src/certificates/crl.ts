/**
 * Certificate revocation lists (RFC 5280 §5) and revocation checking of a validated path.
 *
 * Only complete, direct CRLs are supported: delta CRLs, indirect CRLs and partitioned CRLs
 * (issuingDistributionPoint) are never used to decide that a certificate is good.
 *
 * @module
 */
import type { CryptoBackend, SignatureScheme } from '../crypto/types.js';
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
import { EXT } from './oids.js';
import { decodeTime } from './parse.js';
import { verifyCertificateSignature } from './signature.js';
import { readSignedEnvelope } from './signed.js';
import type { Certificate, CertificateExtension, NameAttribute } from './types.js';

/** One revoked certificate entry. */
export interface RevokedCertificate {
  /** Lower-case hex of the INTEGER contents, as in {@link Certificate.serialNumber}. */
  serialNumber: string;
  revocationDate: Date;
  /** CRLReason code (§5.3.1), when present. */
  reason: number | undefined;
}

/** A parsed CRL. */
export interface CRL {
  der: Uint8Array;
  /** TBSCertList bytes, as signed. */
  tbs: Uint8Array;
  signature: Uint8Array;
  signatureAlgorithm: string;
  signatureScheme: SignatureScheme | undefined;
  issuer: NameAttribute[];
  issuerDer: Uint8Array;
  thisUpdate: Date;
  nextUpdate: Date | undefined;
  revoked: RevokedCertificate[];
  extensions: CertificateExtension[];
  /** cRLNumber as lower-case hex, when present. */
  crlNumber: string | undefined;
  authorityKeyIdentifier: Uint8Array | undefined;
  /** False for delta, indirect or partitioned CRLs, which Tessera does not use. */
  complete: boolean;
}

/** Revocation status of one certificate on a path. */
export interface RevocationStatus {
  serialNumber: string;
  status: 'good' | 'revoked' | 'unknown';
}

/** What {@link checkRevocation} returns. */
export interface RevocationResult {
  checked: RevocationStatus[];
}

/** How to treat a certificate for which no fresh, verified CRL is available. */
export type RevocationPolicy = 'fail-closed' | 'fail-open';

function invalid(message: string, cause?: unknown): never {
  throw new WebAuthnError('ERR_CERTIFICATE_INVALID', `CRL: ${message}`, cause === undefined ? {} : { cause });
}

function decodeExtensionList(el: DERElement): CertificateExtension[] {
  const out: CertificateExtension[] = [];
  for (const ext of readChildren(expectUniversal(el, TAG.SEQUENCE, 'Extensions'))) {
    const parts = readChildren(expectUniversal(ext, TAG.SEQUENCE, 'Extension'));
    const oid = decodeOID(expectUniversal(parts[0], TAG.OID, 'extnID').value);
    let i = 1;
    let critical = false;
    if (isUniversal(parts[1], TAG.BOOLEAN)) {
      if (parts[1].value.length !== 1) invalid('malformed BOOLEAN');
      critical = parts[1].value[0] !== 0;
      i = 2;
    }
    const value = expectUniversal(parts[i], TAG.OCTET_STRING, 'extnValue').value;
    if (parts.length !== i + 1) invalid('Extension has extra members');
    if (out.some((e) => e.oid === oid)) invalid(`duplicate extension ${oid}`);
    out.push({ oid, critical, value: value.slice() });
  }
  return out;
}

const KNOWN_CRL_EXTENSIONS = new Set<string>([EXT.cRLNumber, EXT.authorityKeyIdentifier, EXT.issuerAltName]);
const KNOWN_ENTRY_EXTENSIONS = new Set<string>([EXT.cRLReason, '2.5.29.24' /* invalidityDate */]);

function parseCRLUnchecked(der: Uint8Array): CRL {
  // §5.1: CertificateList ::= SEQUENCE { tbsCertList, signatureAlgorithm, signatureValue }
  const {
    tbs: tbsEl,
    signatureAlgorithm: sigAlgEl,
    signature,
  } = readSignedEnvelope(der, { outer: 'CertificateList', tbs: 'TBSCertList' }, invalid);

  const fields = readChildren(tbsEl);
  let i = 0;
  if (isUniversal(fields[0], TAG.INTEGER)) {
    // §5.1.2.1: version, if present, MUST be v2 (1).
    if (fields[0].value.length !== 1 || fields[0].value[0] !== 1) invalid('unsupported CRL version');
    i++;
  }
  const innerAlg = expectUniversal(fields[i++], TAG.SEQUENCE, 'signature');
  // §5.1.1.2: signatureAlgorithm MUST equal tbsCertList.signature.
  if (!equalBytes(innerAlg.bytes, sigAlgEl.bytes)) invalid('signature algorithm differs from tbsCertList.signature');
  const issuerEl = expectUniversal(fields[i++], TAG.SEQUENCE, 'issuer');
  const thisUpdate = decodeTime(fields[i++] as DERElement);
  let nextUpdate: Date | undefined;
  if (isUniversal(fields[i], TAG.UTC_TIME) || isUniversal(fields[i], TAG.GENERALIZED_TIME)) {
    nextUpdate = decodeTime(fields[i++] as DERElement);
  }
  let complete = true;
  const revoked: RevokedCertificate[] = [];
  if (isUniversal(fields[i], TAG.SEQUENCE)) {
    for (const entry of readChildren(fields[i++] as DERElement)) {
      const parts = readChildren(expectUniversal(entry, TAG.SEQUENCE, 'revoked entry'));
      const serial = expectUniversal(parts[0], TAG.INTEGER, 'userCertificate').value;
      if (serial.length === 0) invalid('empty serial number');
      const revocationDate = decodeTime(parts[1] as DERElement);
      let reason: number | undefined;
      if (parts[2] !== undefined) {
        for (const ext of decodeExtensionList(parts[2])) {
          if (ext.oid === EXT.cRLReason) {
            const r = expectUniversal(readSingle(ext.value), TAG.ENUMERATED, 'CRLReason').value;
            reason = r.length === 1 ? (r[0] as number) : undefined;
          } else if (ext.critical && !KNOWN_ENTRY_EXTENSIONS.has(ext.oid)) {
            // §5.3: certificateIssuer (indirect CRL) or another unknown critical entry extension.
            complete = false;
          }
        }
      }
      if (parts.length > 3) invalid('revoked entry has extra members');
      revoked.push({ serialNumber: toHex(serial), revocationDate, reason });
    }
  }
  let extensions: CertificateExtension[] = [];
  if (isContext(fields[i], 0)) {
    extensions = decodeExtensionList(readSingle((fields[i++] as DERElement).value));
  }
  if (i !== fields.length) invalid('unexpected fields in TBSCertList');
  // §5.2: a CRL with an unrecognized critical extension (deltaCRLIndicator, issuingDistributionPoint…) is not used.
  for (const ext of extensions) if (ext.critical && !KNOWN_CRL_EXTENSIONS.has(ext.oid)) complete = false;
  if (extensions.some((e) => e.oid === EXT.deltaCRLIndicator || e.oid === EXT.issuingDistributionPoint))
    complete = false;

  const num = extensions.find((e) => e.oid === EXT.cRLNumber);
  const aki = extensions.find((e) => e.oid === EXT.authorityKeyIdentifier);
  let authorityKeyIdentifier: Uint8Array | undefined;
  if (aki !== undefined) {
    const first = readChildren(expectUniversal(readSingle(aki.value), TAG.SEQUENCE, 'AKI'))[0];
    if (isContext(first, 0) && !first.constructed) authorityKeyIdentifier = first.value.slice();
  }
  const { oid, scheme } = signatureSchemeFromAlgorithmIdentifier(sigAlgEl.bytes);
  return {
    der,
    tbs: tbsEl.bytes,
    signature,
    signatureAlgorithm: oid,
    signatureScheme: scheme,
    issuer: decodeName(issuerEl),
    issuerDer: issuerEl.bytes,
    thisUpdate,
    nextUpdate,
    revoked,
    extensions,
    crlNumber:
      num === undefined ? undefined : toHex(expectUniversal(readSingle(num.value), TAG.INTEGER, 'cRLNumber').value),
    authorityKeyIdentifier,
    complete,
  };
}

/** Parses a DER CRL; `ERR_CERTIFICATE_INVALID` on any parse failure (including trailing bytes). */
export function parseCRL(der: Uint8Array): CRL {
  if (!(der instanceof Uint8Array)) throw new TypeError('expected DER bytes');
  try {
    return parseCRLUnchecked(der.slice());
  } catch (err) {
    if (err instanceof WebAuthnError) throw err;
    return invalid('could not be parsed', err);
  }
}

/** Options of {@link checkRevocation}. */
export interface CheckRevocationOptions {
  /**
   * Leaf first; each certificate is issued by the next. The last one (the trust anchor) is
   * only used as an issuer and is not itself checked.
   */
  path: readonly Certificate[];
  crls: ReadonlyArray<Uint8Array | CRL>;
  now: Date;
  policy: RevocationPolicy;
  backend?: CryptoBackend;
}

/** True when the CRL is fresh at `now` (§6.3.3 (a)(1)–(2)): thisUpdate ≤ now ≤ nextUpdate. */
function isFresh(crl: CRL, now: Date): boolean {
  const t = now.getTime();
  return crl.nextUpdate !== undefined && crl.thisUpdate.getTime() <= t && t <= crl.nextUpdate.getTime();
}

/**
 * Checks every certificate of `path` (except the last, the anchor) against the CRLs of its
 * issuer. A CRL counts only when it is complete, its issuer name equals the issuing
 * certificate's subject, its signature verifies with that certificate's key (which must allow
 * cRLSign when it has keyUsage), and it is fresh at `now`.
 *
 * Throws `ERR_CERTIFICATE_REVOKED` when a certificate is listed; `ERR_REVOCATION_UNAVAILABLE`
 * when a certificate has no usable CRL under `'fail-closed'` (under `'fail-open'` it is
 * reported as `unknown`).
 */
export async function checkRevocation(options: CheckRevocationOptions): Promise<RevocationResult> {
  const { path, now, policy } = options;
  const crls = options.crls.map((c) => (c instanceof Uint8Array ? parseCRL(c) : c));
  const checked: RevocationStatus[] = [];
  for (let i = 0; i + 1 < path.length; i++) {
    const cert = path[i] as Certificate;
    const issuer = path[i + 1] as Certificate;
    let usable = false;
    for (const crl of crls) {
      // §6.3.3 (b): the CRL issuer must match the certificate issuer (direct CRLs only).
      if (
        !crl.complete ||
        !equalBytes(crl.issuerDer, cert.issuerDer) ||
        !equalBytes(crl.issuerDer, issuer.subjectDer)
      ) {
        continue;
      }
      if (!isFresh(crl, now)) continue;
      // §6.3.3 (f): the CRL issuer's key must be allowed to sign CRLs.
      if (issuer.keyUsage !== undefined && !issuer.keyUsage.has('cRLSign')) continue;
      // §6.3.3 (g): the CRL signature must verify with the issuer's key.
      const ok = await verifyCertificateSignature(crl, issuer, options.backend);
      if (!ok) continue;
      usable = true;
      if (crl.revoked.some((r) => r.serialNumber === cert.serialNumber)) {
        // §6.3.3 (i): the serial number is listed.
        throw new WebAuthnError('ERR_CERTIFICATE_REVOKED', 'a certificate on the path is revoked', {
          details: { serialNumber: cert.serialNumber, position: i },
        });
      }
    }
    if (usable) {
      checked.push({ serialNumber: cert.serialNumber, status: 'good' });
    } else if (policy === 'fail-open') {
      checked.push({ serialNumber: cert.serialNumber, status: 'unknown' });
    } else {
      throw new WebAuthnError('ERR_REVOCATION_UNAVAILABLE', 'no fresh, verified CRL for a certificate on the path', {
        details: { serialNumber: cert.serialNumber, position: i },
      });
    }
  }
  return { checked };
}
