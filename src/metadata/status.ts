/**
 * The authenticator status policy: which MDS3 status reports (§3.1.3, §3.1.4) block a
 * registration, read the way the specification describes them.
 *
 * How reports are read (documented in docs/metadata.md):
 * 1. A report with an `effectiveDate` after `now` is not yet effective and is ignored; a report
 *    without a date is "effective while present" (§3.1.3 effectiveDate).
 * 2. Order is by `effectiveDate`, not array position: the production BLOB lists newest first.
 *    The *current* status is the report(s) with the latest effective date, plus undated ones
 *    (§3.1.3: "The latest StatusReport entry MUST reflect the current status").
 * 3. `REVOKED` anywhere in the effective history rejects (§3.1.4: "Relying parties SHOULD reject
 *    any future registration of this authenticator model"); an update cannot undo it.
 * 4. `ATTESTATION_KEY_COMPROMISE` with a `certificate` names one compromised batch (§3.1.4): it
 *    stays in force, that certificate is never used as an anchor, and a trust path containing
 *    or issued by it rejects. Without `certificate` it applies to the whole model.
 * 5. An `UPDATE_AVAILABLE` that is current clears earlier issues only if the metadata
 *    statement's `authenticatorVersion` reached the update's version (§3.1.4 UPDATE_AVAILABLE:
 *    the relying party must reject the statement if authenticatorVersion has not increased).
 * 6. Unknown statuses are ignored (§3.1.4).
 *
 * @module
 */
import { toCertificate } from '../certificates/parse.js';
import type { Certificate } from '../certificates/types.js';
import { decodeBase64OrUndefined } from '../encoding/base64url.js';
import { equalBytes } from '../encoding/bytes.js';
import { WebAuthnError } from '../errors.js';
import { parseMetadataDate } from './payload.js';
import type {
  AuthenticatorStatus,
  MetadataBLOBPayloadEntry,
  StatusEvaluation,
  StatusPolicy,
  StatusReport,
} from './types.js';

/** Statuses that reject a registration by default (`ERR_AUTHENTICATOR_REVOKED`). */
export const DEFAULT_REJECTED_STATUSES: readonly AuthenticatorStatus[] = /* @__PURE__ */ Object.freeze([
  'REVOKED',
  'ATTESTATION_KEY_COMPROMISE',
  'USER_VERIFICATION_BYPASS',
  'USER_KEY_REMOTE_COMPROMISE',
  'USER_KEY_PHYSICAL_COMPROMISE',
]);

const CERTIFIED = /^FIDO_CERTIFIED(_L[1-9](plus)?)?$/;

/** Options of {@link evaluateStatusReports}. */
export interface EvaluateStatusOptions {
  now: Date;
  /** The attestation x5c, leaf first (for certificate-specific `ATTESTATION_KEY_COMPROMISE`). */
  trustPath?: readonly Certificate[];
  policy?: StatusPolicy;
}

function dateOf(r: StatusReport): number | undefined {
  return r.effectiveDate === undefined ? undefined : parseMetadataDate(r.effectiveDate)?.getTime();
}

function revoked(r: StatusReport, message: string): never {
  throw new WebAuthnError('ERR_AUTHENTICATOR_REVOKED', message, {
    details: { status: r.status, effectiveDate: r.effectiveDate ?? null, url: r.url ?? null },
  });
}

/**
 * True when the trust path contains `der` or its top certificate was issued under that name
 * (and, failing closed, when `der` is not a readable certificate).
 */
function pathUsesCertificate(trustPath: readonly Certificate[], der: Uint8Array): boolean {
  if (trustPath.some((c) => equalBytes(c.der, der))) return true;
  let compromised: Certificate;
  try {
    compromised = toCertificate(der);
  } catch {
    // Fail closed: a compromise report whose certificate cannot be read names no batch we can
    // exclude, so it applies to every path of the model.
    return true;
  }
  return trustPath.some((c) => equalBytes(c.issuerDer, compromised.subjectDer));
}

/**
 * Applies the status policy to one entry at `now`; throws `ERR_AUTHENTICATOR_REVOKED` or
 * `ERR_AUTHENTICATOR_NOT_CERTIFIED`, else returns what was evaluated.
 *
 * @example
 * ```ts
 * const { current } = evaluateStatusReports(entry, { now: new Date(), trustPath });
 * console.log(current.map((r) => r.status)); // ['FIDO_CERTIFIED_L1']
 * ```
 */
export function evaluateStatusReports(
  entry: MetadataBLOBPayloadEntry,
  options: EvaluateStatusOptions,
): StatusEvaluation {
  const policy = options.policy ?? {};
  const reject = new Set<string>(policy.reject ?? DEFAULT_REJECTED_STATUSES);
  const evaluate = policy.evaluate ?? 'latest';
  const now = options.now.getTime();
  const trustPath = options.trustPath ?? [];

  // §3.1.3 effectiveDate: a report is effective from its date; undated reports always are.
  const effective: StatusReport[] = [];
  const pending: StatusReport[] = [];
  for (const r of entry.statusReports) {
    const d = dateOf(r);
    (d !== undefined && d > now ? pending : effective).push(r);
  }

  // §3.1.4 REVOKED: reject any future registration of the model (sticky).
  if (reject.has('REVOKED')) {
    const r = effective.find((x) => x.status === 'REVOKED');
    if (r !== undefined) revoked(r, 'authenticator model is revoked by FIDO metadata');
  }

  // §3.1.4 ATTESTATION_KEY_COMPROMISE: "check the certificate field … to identify the compromised batch".
  const compromisedCertificates: string[] = [];
  for (const r of effective) {
    if (r.status !== 'ATTESTATION_KEY_COMPROMISE' || r.certificate === undefined) continue;
    compromisedCertificates.push(r.certificate);
    const der = decodeBase64OrUndefined(r.certificate.replace(/\s+/g, ''));
    if (reject.has('ATTESTATION_KEY_COMPROMISE') && der !== undefined && pathUsesCertificate(trustPath, der)) {
      revoked(r, 'attestation key of this authenticator batch is compromised');
    }
  }
  const isBlocking = (r: StatusReport): boolean =>
    reject.has(r.status) && !(r.status === 'ATTESTATION_KEY_COMPROMISE' && r.certificate !== undefined);

  // §3.1.3: the latest report(s) reflect the current status (by effectiveDate; undated are current).
  let latest = Number.NEGATIVE_INFINITY;
  for (const r of effective) latest = Math.max(latest, dateOf(r) ?? Number.NEGATIVE_INFINITY);
  const current = effective.filter((r) => {
    const d = dateOf(r);
    return d === undefined || d === latest;
  });

  const blocking = (evaluate === 'any' ? effective : current).find(isBlocking);
  if (blocking !== undefined) revoked(blocking, `authenticator status ${blocking.status} is rejected by policy`);

  // §3.1.4 UPDATE_AVAILABLE: fixes earlier issues only once the statement's authenticatorVersion increased.
  const update = current.find((r) => r.status === 'UPDATE_AVAILABLE');
  if (update !== undefined && update.authenticatorVersion !== undefined) {
    const earlier = effective.find((r) => isBlocking(r) && !current.includes(r));
    const statementVersion = entry.metadataStatement?.authenticatorVersion ?? 0;
    if (earlier !== undefined && statementVersion < update.authenticatorVersion) {
      revoked(earlier, `authenticator status ${earlier.status} is not fixed in the metadata statement version`);
    }
  }

  // NOT_FIDO_CERTIFIED policy: under 'reject', the current status must not be NOT_FIDO_CERTIFIED
  // and some effective report must be a FIDO_CERTIFIED* status.
  if (policy.notFidoCertified === 'reject') {
    const notCertified = current.find((r) => r.status === 'NOT_FIDO_CERTIFIED');
    if (notCertified !== undefined || !effective.some((r) => CERTIFIED.test(r.status))) {
      throw new WebAuthnError('ERR_AUTHENTICATOR_NOT_CERTIFIED', 'authenticator is not FIDO certified', {
        details: { status: notCertified?.status ?? null },
      });
    }
  }

  return Object.freeze({
    current: Object.freeze(current),
    pending: Object.freeze(pending),
    compromisedCertificates: Object.freeze(compromisedCertificates),
  });
}
