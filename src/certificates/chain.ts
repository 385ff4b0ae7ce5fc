/**
 * Certificate path validation (RFC 5280 §6.1, profiled for attestation) from an x5c chain to
 * caller-supplied trust anchors.
 *
 * Fail closed:
 * - every x5c certificate must be signed by the next one;
 * - only an anchor the caller supplied can make a path trusted: a certificate is anchored when
 *   it is byte-identical to an anchor, or its issuer name equals an anchor's subject and its
 *   signature verifies with that anchor's key. A self-signed root inside x5c never counts
 *   (GHSA-6hxq-p678-4hr2), and an empty anchor list never yields `trusted: true`;
 * - validity at `now` of every certificate on the path and of the anchor;
 * - CA rules for every issuing certificate (basicConstraints, keyUsage, pathLenConstraint,
 *   unknown critical extensions);
 * - size limits before any parsing or cryptography.
 *
 * Leaf-specific rules (CA=false, subject OU, EKU…) belong to the attestation formats.
 *
 * @module
 */
import type { CryptoBackend } from '../crypto/types.js';
import { equalBytes } from '../encoding/bytes.js';
import { WebAuthnError } from '../errors.js';
import { type CRL, checkRevocation, type RevocationPolicy, type RevocationResult } from './crl.js';
import { EXT } from './oids.js';
import { parsePEMBlocks, toCertificate } from './parse.js';
import { verifyCertificateSignature } from './signature.js';
import type { Certificate, CertificateInput } from './types.js';

export { findExtension, getNameAttribute } from './parse.js';

/** Default maximum number of certificates in x5c (security.md §4 #126). */
export const DEFAULT_MAX_CHAIN_LENGTH = 8;
/** Default maximum DER size of one certificate, in bytes (security.md §4 #127). */
export const DEFAULT_MAX_CERTIFICATE_SIZE = 16 * 1024;

/** Options of {@link verifyCertificateChain}. */
export interface VerifyCertificateChainOptions {
  /** x5c, leaf first. */
  chain: readonly CertificateInput[];
  /** Trust anchors the caller supplied. */
  anchors: readonly CertificateInput[];
  /** The instant validity is checked at. */
  now: Date;
  backend?: CryptoBackend;
  /** Maximum number of x5c certificates (default 8). */
  maxLength?: number;
  /** Maximum DER size of one x5c certificate in bytes (default 16 KiB). */
  maxCertificateSize?: number;
  /** Revocation checking of a trusted path (off when absent). */
  revocation?: { crls: ReadonlyArray<Uint8Array | CRL>; policy: RevocationPolicy };
}

/** What {@link verifyCertificateChain} returns. */
export interface ChainResult {
  /** True only when the path reached a caller-supplied anchor. */
  trusted: boolean;
  /** The anchor reached. */
  anchor: Certificate | undefined;
  /**
   * The validated certificates, leaf first, up to but excluding the anchor (when x5c contains
   * a copy of the anchor, the copy is not part of the path). When untrusted: the whole x5c.
   */
  path: Certificate[];
  /** Revocation results, when revocation checking was requested and the path is trusted. */
  revocation: RevocationResult | undefined;
}

function invalid(message: string, details?: Record<string, unknown>): never {
  throw new WebAuthnError('ERR_CERTIFICATE_INVALID', message, details === undefined ? {} : { details });
}

function derSize(input: CertificateInput): number {
  if (input instanceof Uint8Array) return input.length;
  if (typeof input === 'string') {
    if (input.includes('-----BEGIN')) return Math.max(0, ...parsePEMBlocks(input).map((b) => b.der.length));
    return Math.floor((input.replace(/\s+/g, '').length * 3) / 4);
  }
  return input.der.length;
}

/** §4.1.2.5 / §6.1.3 (a)(2): the certificate must be valid at `now`. */
function checkValidity(cert: Certificate, now: Date, role: string, position: number): void {
  const t = now.getTime();
  if (t < cert.notBefore.getTime() || t > cert.notAfter.getTime()) {
    throw new WebAuthnError('ERR_CERTIFICATE_EXPIRED', `${role} certificate is not valid at the verification time`, {
      details: { position, notBefore: cert.notBefore.toISOString(), notAfter: cert.notAfter.toISOString() },
    });
  }
}

/** Extensions a CA certificate may mark critical: those this module processes or that do not restrict the path. */
const CA_KNOWN_CRITICAL = new Set<string>([
  EXT.basicConstraints,
  EXT.keyUsage,
  EXT.extKeyUsage,
  EXT.subjectKeyIdentifier,
  EXT.authorityKeyIdentifier,
  EXT.subjectAltName,
  EXT.issuerAltName,
  EXT.certificatePolicies,
  EXT.cRLDistributionPoints,
  EXT.authorityInfoAccess,
]);

/**
 * CA rules for an issuing certificate. `below` is the number of non-self-issued intermediate
 * certificates between it and the leaf.
 */
function checkIssuer(cert: Certificate, role: string, position: number, below: number, isAnchor: boolean): void {
  // Anchors without extensions (v1 roots) are trusted as configured (§6.1.1 (d) trust anchor information).
  if (isAnchor && cert.extensions.length === 0) return;
  // §6.1.4 (k): an intermediate must be v3 with basicConstraints cA TRUE.
  if (cert.version !== 3 || cert.basicConstraints?.ca !== true) {
    invalid(`${role} certificate is not a CA (basicConstraints cA must be TRUE)`, { position });
  }
  // §6.1.4 (n): when keyUsage is present, keyCertSign must be set.
  if (cert.keyUsage !== undefined && !cert.keyUsage.has('keyCertSign')) {
    invalid(`${role} certificate keyUsage lacks keyCertSign`, { position });
  }
  // §6.1.4 (l)/(m): pathLenConstraint bounds the non-self-issued intermediates below it.
  const pathLength = cert.basicConstraints.pathLength;
  if (pathLength !== undefined && below > pathLength) {
    invalid(`${role} certificate pathLenConstraint ${pathLength} exceeded`, { position });
  }
  // §4.2 / §6.1.4 (o): reject unrecognized critical extensions.
  for (const ext of cert.extensions) {
    if (ext.critical && !CA_KNOWN_CRITICAL.has(ext.oid)) {
      invalid(`${role} certificate has an unsupported critical extension ${ext.oid}`, { position });
    }
  }
}

function isSelfIssued(cert: Certificate): boolean {
  return equalBytes(cert.subjectDer, cert.issuerDer);
}

/**
 * Validates an x5c chain against caller-supplied anchors.
 *
 * Throws `ERR_CERTIFICATE_INVALID` (broken signature, unsupported algorithm, CA rule
 * violated, malformed certificate), `ERR_CERTIFICATE_EXPIRED` (outside validity),
 * `ERR_INPUT_TOO_LARGE` (limits), `ERR_CERTIFICATE_REVOKED` / `ERR_REVOCATION_UNAVAILABLE`
 * (revocation). Resolves `{ trusted: false }` when no anchor is reached: the caller decides.
 *
 * @example
 * ```ts
 * const { trusted, anchor } = await verifyCertificateChain({ chain: x5c, anchors: [appleRootPEM], now: new Date() });
 * ```
 */
export async function verifyCertificateChain(options: VerifyCertificateChainOptions): Promise<ChainResult> {
  const { now, backend } = options;
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) throw new TypeError('now must be a valid Date');
  const maxLength = options.maxLength ?? DEFAULT_MAX_CHAIN_LENGTH;
  const maxSize = options.maxCertificateSize ?? DEFAULT_MAX_CERTIFICATE_SIZE;
  if (!Array.isArray(options.chain) || options.chain.length === 0) invalid('empty certificate chain');
  // security.md §4 #126–127: bound work before parsing anything.
  if (options.chain.length > maxLength) {
    throw new WebAuthnError('ERR_INPUT_TOO_LARGE', `certificate chain longer than ${maxLength}`, {
      details: { length: options.chain.length, max: maxLength },
    });
  }
  for (const [position, input] of options.chain.entries()) {
    if (derSize(input) > maxSize) {
      throw new WebAuthnError('ERR_INPUT_TOO_LARGE', `certificate larger than ${maxSize} bytes`, {
        details: { position, max: maxSize },
      });
    }
  }
  const chain = options.chain.map((c) => toCertificate(c));
  const anchors = options.anchors.map((a) => toCertificate(a));

  // Every x5c certificate must be signed by the next one (§6.1.3 (a)(1), (a)(4)).
  for (let i = 0; i + 1 < chain.length; i++) {
    const cert = chain[i] as Certificate;
    const issuer = chain[i + 1] as Certificate;
    if (!equalBytes(cert.issuerDer, issuer.subjectDer)) {
      invalid('x5c certificate issuer does not match the next certificate subject', { position: i });
    }
    if (!(await verifyCertificateSignature(cert, issuer, backend))) {
      invalid('x5c certificate signature does not verify with the next certificate', { position: i });
    }
  }

  // Walk from the leaf to the first certificate that is an anchor or is issued by one.
  let anchor: Certificate | undefined;
  let pathLength = chain.length;
  for (let i = 0; i < chain.length && anchor === undefined; i++) {
    const cert = chain[i] as Certificate;
    if (i > 0) {
      const same = anchors.find((a) => equalBytes(a.der, cert.der));
      if (same !== undefined) {
        anchor = same;
        pathLength = i;
        break;
      }
    }
    const candidates: Certificate[] = [];
    for (const a of anchors) {
      if (!equalBytes(cert.issuerDer, a.subjectDer)) continue;
      if (await verifyCertificateSignature(cert, a, backend)) candidates.push(a);
    }
    if (candidates.length > 0) {
      // Several anchors may share a name and key (Google roots 1–4): prefer one valid now.
      const t = now.getTime();
      anchor = candidates.find((a) => t >= a.notBefore.getTime() && t <= a.notAfter.getTime()) ?? candidates[0];
      pathLength = i + 1;
    } else if (i === 0) {
      const same = anchors.find((a) => equalBytes(a.der, cert.der));
      if (same !== undefined) {
        // The leaf itself is a configured anchor (pinned certificate).
        anchor = same;
        pathLength = 1;
      }
    }
  }
  const path = chain.slice(0, pathLength);

  // Validity of every certificate on the path, and of the anchor.
  path.forEach((cert, i) => {
    checkValidity(cert, now, i === 0 ? 'leaf' : 'intermediate', i);
  });
  if (anchor !== undefined) checkValidity(anchor, now, 'anchor', path.length);

  // CA rules for every certificate that issues another one on the path, and the anchor.
  let below = 0;
  for (let i = 1; i < path.length; i++) {
    const cert = path[i] as Certificate;
    checkIssuer(cert, 'intermediate', i, below, false);
    if (!isSelfIssued(cert)) below++;
  }
  // The anchor issues path[last] unless the leaf is the anchor itself.
  if (anchor !== undefined && !(pathLength === 1 && equalBytes(anchor.der, (chain[0] as Certificate).der))) {
    checkIssuer(anchor, 'anchor', path.length, below, true);
  }
  // x5c certificates beyond the anchor still sign the one before them; they must be CAs as well.
  for (let i = Math.max(pathLength, 1); i < chain.length; i++) {
    checkIssuer(chain[i] as Certificate, 'x5c', i, 0, true);
  }

  if (anchor === undefined) return { trusted: false, anchor: undefined, path, revocation: undefined };

  let revocation: RevocationResult | undefined;
  if (options.revocation !== undefined) {
    const revocationPath = equalBytes(anchor.der, (path[path.length - 1] as Certificate).der)
      ? path
      : [...path, anchor];
    revocation = await checkRevocation({
      path: revocationPath,
      crls: options.revocation.crls,
      now,
      policy: options.revocation.policy,
      ...(backend === undefined ? {} : { backend }),
    });
  }
  return { trusted: true, anchor, path, revocation };
}
