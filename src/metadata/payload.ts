/**
 * Shape validation of the MDS3 BLOB payload (§3.1.6) and its entries (§3.1.1, §3.1.3).
 *
 * Known members are type-checked; unknown members are kept (forward compatibility). A single
 * malformed entry rejects the whole BLOB: the BLOB is one signed document, and a store that
 * silently drops entries would turn a revoked authenticator into an unknown one.
 *
 * @module
 */
import { WebAuthnError } from '../errors.js';
import type { MetadataBLOBPayloadEntry, StatusReport } from './types.js';

/** `YYYY-MM-DD` (ISO-8601 full-date) as used by `nextUpdate`, `effectiveDate`, `timeOfLastStatusChange`. */
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const KEY_ID_RE = /^[0-9a-f]{40}$/;
const AAID_RE = /^[0-9A-Fa-f]{4}#[0-9A-Fa-f]{4}$/;
/** Standard base64; published statements wrap some certificates with spaces and newlines. */
const BASE64_RE = /^[A-Za-z0-9+/\s]+={0,2}\s*$/;

function invalid(message: string, details?: Record<string, unknown>): never {
  throw new WebAuthnError('ERR_METADATA_INVALID', message, details === undefined ? {} : { details });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Parses an ISO-8601 full-date (`YYYY-MM-DD`) as 00:00:00Z of that day; `undefined` when the
 * text is not a real calendar date.
 *
 * @example
 * ```ts
 * parseMetadataDate('2023-10-01')?.toISOString(); // '2023-10-01T00:00:00.000Z'
 * ```
 */
export function parseMetadataDate(text: string): Date | undefined {
  const m = DATE_RE.exec(text);
  if (m === null) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return undefined;
  return date;
}

function optString(o: Record<string, unknown>, key: string, where: string): void {
  if (o[key] !== undefined && typeof o[key] !== 'string') invalid(`${where}.${key} must be a string`);
}

function optDate(o: Record<string, unknown>, key: string, where: string): void {
  const v = o[key];
  if (v === undefined) return;
  if (typeof v !== 'string' || parseMetadataDate(v) === undefined) invalid(`${where}.${key} must be a YYYY-MM-DD date`);
}

function optUnsigned(o: Record<string, unknown>, key: string, where: string): void {
  const v = o[key];
  if (v !== undefined && !(typeof v === 'number' && Number.isSafeInteger(v) && v >= 0)) {
    invalid(`${where}.${key} must be an unsigned integer`);
  }
}

function optBase64List(o: Record<string, unknown>, key: string, where: string): void {
  const v = o[key];
  if (v === undefined) return;
  if (!Array.isArray(v) || v.some((c) => typeof c !== 'string' || !BASE64_RE.test(c))) {
    invalid(`${where}.${key} must be an array of base64 DER certificates`);
  }
}

function validateStatusReport(r: unknown, where: string): asserts r is StatusReport {
  if (!isRecord(r)) invalid(`${where} must be an object`);
  // §3.1.3: status is required; unknown values are kept and ignored by the policy (§3.1.4).
  if (typeof r.status !== 'string' || r.status.length === 0) invalid(`${where}.status must be a non-empty string`);
  optDate(r, 'effectiveDate', where);
  optUnsigned(r, 'authenticatorVersion', where);
  if (r.certificate !== undefined && (typeof r.certificate !== 'string' || !BASE64_RE.test(r.certificate))) {
    invalid(`${where}.certificate must be base64 DER`);
  }
  for (const k of [
    'url',
    'certificationDescriptor',
    'certificateNumber',
    'certificationPolicyVersion',
    'certificationRequirementsVersion',
  ]) {
    optString(r, k, where);
  }
}

function validateMetadataStatement(s: unknown, where: string): void {
  if (!isRecord(s)) invalid(`${where} must be an object`);
  for (const k of ['legalHeader', 'aaid', 'aaguid', 'description', 'protocolFamily']) optString(s, k, where);
  optUnsigned(s, 'authenticatorVersion', where);
  optUnsigned(s, 'schema', where);
  optBase64List(s, 'attestationRootCertificates', where);
  if (s.aaguid !== undefined && !UUID_RE.test(s.aaguid as string)) invalid(`${where}.aaguid must be a lower-case UUID`);
  const keyIds = s.attestationCertificateKeyIdentifiers;
  if (
    keyIds !== undefined &&
    (!Array.isArray(keyIds) || keyIds.some((k) => typeof k !== 'string' || !KEY_ID_RE.test(k)))
  ) {
    invalid(`${where}.attestationCertificateKeyIdentifiers must be lower-case hex SHA-1 identifiers`);
  }
  const types = s.attestationTypes;
  if (types !== undefined && (!Array.isArray(types) || types.some((t) => typeof t !== 'string'))) {
    invalid(`${where}.attestationTypes must be an array of strings`);
  }
}

/**
 * Validates one §3.1.1 entry in place (throws `ERR_METADATA_INVALID`).
 *
 * @example
 * ```ts
 * validateEntry(payload.entries[0], 'entries[0]');
 * ```
 */
export function validateEntry(e: unknown, where: string): asserts e is MetadataBLOBPayloadEntry {
  if (!isRecord(e)) invalid(`${where} must be an object`);
  // §3.1.1: aaid (UAF), aaguid (FIDO2) or attestationCertificateKeyIdentifiers (U2F) identify the model.
  if (e.aaid !== undefined && (typeof e.aaid !== 'string' || !AAID_RE.test(e.aaid)))
    invalid(`${where}.aaid is malformed`);
  if (e.aaguid !== undefined && (typeof e.aaguid !== 'string' || !UUID_RE.test(e.aaguid))) {
    invalid(`${where}.aaguid must be a lower-case UUID`);
  }
  const keyIds = e.attestationCertificateKeyIdentifiers;
  if (keyIds !== undefined) {
    // §3.1.1: "hex string MUST NOT contain any non-hex characters … All hex letters MUST be lower case."
    if (
      !Array.isArray(keyIds) ||
      keyIds.length === 0 ||
      keyIds.some((k) => typeof k !== 'string' || !KEY_ID_RE.test(k))
    ) {
      invalid(`${where}.attestationCertificateKeyIdentifiers must be lower-case hex SHA-1 identifiers`);
    }
  }
  if (e.aaid === undefined && e.aaguid === undefined && keyIds === undefined) {
    invalid(`${where} has no aaid, aaguid or attestationCertificateKeyIdentifiers`);
  }
  if (e.metadataStatement !== undefined) validateMetadataStatement(e.metadataStatement, `${where}.metadataStatement`);
  // §3.1.1: statusReports and timeOfLastStatusChange are required.
  if (!Array.isArray(e.statusReports)) invalid(`${where}.statusReports must be an array`);
  for (const [i, r] of e.statusReports.entries()) validateStatusReport(r, `${where}.statusReports[${i}]`);
  if (typeof e.timeOfLastStatusChange !== 'string' || parseMetadataDate(e.timeOfLastStatusChange) === undefined) {
    invalid(`${where}.timeOfLastStatusChange must be a YYYY-MM-DD date`);
  }
  const bio = e.biometricStatusReports;
  if (bio !== undefined && (!Array.isArray(bio) || bio.some((b) => !isRecord(b)))) {
    invalid(`${where}.biometricStatusReports must be an array of objects`);
  }
  optString(e, 'rogueListURL', where);
  optString(e, 'rogueListHash', where);
}

/** The validated §3.1.6 payload members. */
export interface ValidatedPayload {
  legalHeader: string;
  no: number;
  nextUpdate: string;
  entries: MetadataBLOBPayloadEntry[];
}

/**
 * Validates the §3.1.6 MetadataBLOBPayload: `legalHeader`, `no`, `nextUpdate`, `entries`, and
 * that no AAGUID or key identifier is claimed by two entries (a lookup must be unambiguous).
 *
 * @example
 * ```ts
 * const { no, nextUpdate, entries } = validatePayload(parseStrictJSON(text));
 * ```
 */
export function validatePayload(payload: unknown): ValidatedPayload {
  if (!isRecord(payload)) invalid('BLOB payload must be a JSON object');
  // §3.1.6: legalHeader (required in MDS3), no (serial number), nextUpdate (date), entries.
  if (typeof payload.legalHeader !== 'string') invalid('BLOB payload legalHeader must be a string');
  const no = payload.no;
  if (typeof no !== 'number' || !Number.isSafeInteger(no) || no < 0)
    invalid('BLOB payload no must be an unsigned integer');
  if (typeof payload.nextUpdate !== 'string' || parseMetadataDate(payload.nextUpdate) === undefined) {
    invalid('BLOB payload nextUpdate must be a YYYY-MM-DD date');
  }
  if (!Array.isArray(payload.entries)) invalid('BLOB payload entries must be an array');
  const aaguids = new Set<string>();
  const keyIds = new Set<string>();
  payload.entries.forEach((e, i) => {
    validateEntry(e, `entries[${i}]`);
    if (e.aaguid !== undefined) {
      if (aaguids.has(e.aaguid)) invalid('two entries claim the same aaguid', { aaguid: e.aaguid });
      aaguids.add(e.aaguid);
    }
    for (const k of e.attestationCertificateKeyIdentifiers ?? []) {
      if (keyIds.has(k))
        invalid('two entries claim the same attestation certificate key identifier', { keyIdentifier: k });
      keyIds.add(k);
    }
  });
  return {
    legalHeader: payload.legalHeader,
    no,
    nextUpdate: payload.nextUpdate,
    entries: payload.entries as MetadataBLOBPayloadEntry[],
  };
}
