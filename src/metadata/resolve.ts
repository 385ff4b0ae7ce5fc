/**
 * The hook the registration verifier calls: find the MDS3 entry of the authenticator that made
 * an attestation, enforce the status policy and hand back the anchors its metadata statement
 * lists. It never decides trust itself: the trust path is always verified against the returned
 * anchors afterwards, also for a zero AAGUID (PKSA-8q9p-nqf2-p48x).
 *
 * @module
 */
import { expectUniversal, readChildren, readSingle, TAG } from '../certificates/der.js';
import { toCertificate } from '../certificates/parse.js';
import type { Certificate } from '../certificates/types.js';
import { digest } from '../crypto/hash.js';
import { decodeBase64OrUndefined } from '../encoding/base64url.js';
import { equalBytes, toHex } from '../encoding/bytes.js';
import { WebAuthnError } from '../errors.js';
import { evaluateStatusReports } from './status.js';
import type {
  MetadataBLOBPayloadEntry,
  MetadataStore,
  ResolveAttestationInput,
  ResolvedAttestationMetadata,
  StatusPolicy,
} from './types.js';

/**
 * The attestation certificate key identifier of MDS3 §3.1.1: SHA-1 of the certificate's
 * subjectPublicKey BIT STRING value (RFC 5280 §4.2.1.2 method 1), lower-case hex.
 *
 * @example
 * ```ts
 * attestationCertificateKeyIdentifier(x5cLeaf); // '1434d2f277fe479c35ddf6aa4d08a07cbce99dd7'
 * ```
 */
export function attestationCertificateKeyIdentifier(certificate: Certificate): string {
  // RFC 5280 §4.1: SubjectPublicKeyInfo ::= SEQUENCE { algorithm, subjectPublicKey BIT STRING }
  const spki = readChildren(expectUniversal(readSingle(certificate.spki), TAG.SEQUENCE, 'SubjectPublicKeyInfo'));
  const bits = expectUniversal(spki[1], TAG.BIT_STRING, 'subjectPublicKey').value;
  // §4.2.1.2 method 1: the hash excludes tag, length and the unused-bits octet.
  return toHex(digest('SHA-1', bits.subarray(1)));
}

function isZero(bytes: Uint8Array): boolean {
  return bytes.every((b) => b === 0);
}

/** Parses `attestationRootCertificates` (base64 DER), leaving out compromised ones. */
function entryAnchors(entry: MetadataBLOBPayloadEntry, compromised: readonly string[]): Certificate[] {
  const roots = entry.metadataStatement?.attestationRootCertificates ?? [];
  const excluded = compromised.map((c) => decodeBase64OrUndefined(c.replace(/\s+/g, '')));
  const out: Certificate[] = [];
  for (const b64 of roots) {
    try {
      const cert = toCertificate(b64);
      // MDS3 §3.1.4 ATTESTATION_KEY_COMPROMISE: a certificate named as compromised is never an anchor.
      if (!excluded.some((der) => der !== undefined && equalBytes(der, cert.der))) out.push(cert);
    } catch (err) {
      throw new WebAuthnError(
        'ERR_METADATA_INVALID',
        'metadata statement has an unreadable attestation root certificate',
        {
          cause: err,
          details: { aaguid: entry.aaguid ?? null },
        },
      );
    }
  }
  return out;
}

/** Input of {@link resolveMetadataForAttestation}. */
export interface ResolveMetadataForAttestationInput extends ResolveAttestationInput {
  store: MetadataStore;
  /** Overrides the store's status policy. */
  statusPolicy?: StatusPolicy;
}

/**
 * Finds the entry for a registration's authenticator and applies the status policy.
 *
 * - A non-zero AAGUID is looked up by AAGUID (FIDO2).
 * - For `fido-u2f` and for a zero AAGUID, the entry is found by the attestation certificate key
 *   identifier of the x5c leaf (MDS3 §3.1.1 attestationCertificateKeyIdentifiers).
 * - Returns `undefined` when there is no entry (or no leaf to identify a zero-AAGUID
 *   authenticator); the caller still verifies the trust path against its own anchors.
 *
 * @throws WebAuthnError `ERR_AUTHENTICATOR_REVOKED`, `ERR_AUTHENTICATOR_NOT_CERTIFIED` per policy.
 *
 * @example
 * ```ts
 * const meta = resolveMetadataForAttestation({ store, aaguid, trustPath: x5c, format: 'packed' });
 * const anchors = meta?.anchors ?? [];
 * ```
 */
export function resolveMetadataForAttestation(
  input: ResolveMetadataForAttestationInput,
): ResolvedAttestationMetadata | undefined {
  const { store, aaguid, trustPath, format } = input;
  if (!(aaguid instanceof Uint8Array) || aaguid.length !== 16) throw new TypeError('aaguid must be 16 bytes');
  if (!Array.isArray(trustPath)) throw new TypeError('trustPath must be an array of certificates');
  if (typeof format !== 'string') throw new TypeError('format must be a string');

  let entry: MetadataBLOBPayloadEntry | undefined;
  let matchedBy: ResolvedAttestationMetadata['matchedBy'];
  if (format !== 'fido-u2f' && !isZero(aaguid)) {
    // MDS3 §3.1.1 aaguid: FIDO2 authenticators are identified by AAGUID.
    entry = store.findByAAGUID(aaguid);
    matchedBy = 'aaguid';
  } else {
    // MDS3 §3.1.1 attestationCertificateKeyIdentifiers: U2F / zero-AAGUID models by their leaf key.
    const leaf = trustPath[0];
    if (leaf === undefined) return undefined;
    entry = store.findByAttestationCertificateKeyIdentifier(attestationCertificateKeyIdentifier(leaf));
    matchedBy = 'attestationCertificateKeyIdentifier';
  }
  if (entry === undefined) return undefined;

  const policy = input.statusPolicy ?? store.statusPolicy;
  const status = evaluateStatusReports(entry, {
    now: input.now ?? new Date(),
    trustPath,
    ...(policy === undefined ? {} : { policy }),
  });
  return Object.freeze({
    entry,
    anchors: Object.freeze(entryAnchors(entry, status.compromisedCertificates)),
    statusReports: entry.statusReports,
    matchedBy,
    status,
  });
}
