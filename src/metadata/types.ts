/**
 * Types of the FIDO Metadata Service v3 (MDS3) BLOB payload, as verified by
 * `verifyMetadataBlob`, and of the metadata store built from it.
 *
 * Field names follow FIDO MDS3 §3.1 (fido-metadata-service-v3.0-ps-20210518) and the Metadata
 * Statement specification exactly, so entries can be compared with the published JSON.
 *
 * @module
 */
import type { Certificate, CertificateInput } from '../certificates/types.js';
import type { CryptoBackend } from '../crypto/types.js';

/**
 * MDS3 §3.1.4 AuthenticatorStatus. Unknown values are kept as strings and ignored by the status
 * policy (§3.1.4: "FIDO Servers MUST silently ignore all unknown AuthenticatorStatus values").
 */
export type AuthenticatorStatus =
  | 'NOT_FIDO_CERTIFIED'
  | 'FIDO_CERTIFIED'
  | 'USER_VERIFICATION_BYPASS'
  | 'ATTESTATION_KEY_COMPROMISE'
  | 'USER_KEY_REMOTE_COMPROMISE'
  | 'USER_KEY_PHYSICAL_COMPROMISE'
  | 'UPDATE_AVAILABLE'
  | 'REVOKED'
  | 'SELF_ASSERTION_SUBMITTED'
  | 'FIDO_CERTIFIED_L1'
  | 'FIDO_CERTIFIED_L1plus'
  | 'FIDO_CERTIFIED_L2'
  | 'FIDO_CERTIFIED_L2plus'
  | 'FIDO_CERTIFIED_L3'
  | 'FIDO_CERTIFIED_L3plus';

/** MDS3 §3.1.3 StatusReport. */
export interface StatusReport {
  readonly status: AuthenticatorStatus | (string & {});
  /** ISO-8601 date (`YYYY-MM-DD`) since when the status is effective; absent = effective while present. */
  readonly effectiveDate?: string;
  readonly authenticatorVersion?: number;
  /** Base64 (not base64url) DER certificate related to the status (e.g. the compromised attestation root). */
  readonly certificate?: string;
  readonly url?: string;
  readonly certificationDescriptor?: string;
  readonly certificateNumber?: string;
  readonly certificationPolicyVersion?: string;
  readonly certificationRequirementsVersion?: string;
  readonly [member: string]: unknown;
}

/** MDS3 §3.1.2 BiometricStatusReport. */
export interface BiometricStatusReport {
  readonly certLevel: number;
  readonly modality: string;
  readonly effectiveDate?: string;
  readonly certificationDescriptor?: string;
  readonly certificateNumber?: string;
  readonly certificationPolicyVersion?: string;
  readonly certificationRequirementsVersion?: string;
  readonly [member: string]: unknown;
}

/**
 * A FIDO Metadata Statement (the `metadataStatement` member of an entry). Only the members
 * Tessera reads are typed precisely; every other member is kept as published.
 */
export interface MetadataStatement {
  readonly legalHeader?: string;
  readonly aaid?: string;
  readonly aaguid?: string;
  readonly attestationCertificateKeyIdentifiers?: readonly string[];
  readonly description?: string;
  readonly authenticatorVersion?: number;
  /** `fido2`, `u2f` or `uaf`. */
  readonly protocolFamily?: string;
  readonly schema?: number;
  readonly attestationTypes?: readonly string[];
  /** Base64 (not base64url) DER certificates: the trust anchors for this model's attestations. */
  readonly attestationRootCertificates?: readonly string[];
  readonly [member: string]: unknown;
}

/** MDS3 §3.1.1 Metadata BLOB Payload Entry. */
export interface MetadataBLOBPayloadEntry {
  readonly aaid?: string;
  /** Lower-case UUID with dashes, as published. */
  readonly aaguid?: string;
  /** Lower-case hex SHA-1 key identifiers (RFC 5280 §4.2.1.2 method 1). */
  readonly attestationCertificateKeyIdentifiers?: readonly string[];
  readonly metadataStatement?: MetadataStatement;
  readonly biometricStatusReports?: readonly BiometricStatusReport[];
  readonly statusReports: readonly StatusReport[];
  /** ISO-8601 date of the last status change. */
  readonly timeOfLastStatusChange: string;
  readonly rogueListURL?: string;
  readonly rogueListHash?: string;
  readonly [member: string]: unknown;
}

/** A verified MDS3 BLOB (MDS3 §3.1.6 payload plus what verification proved). */
export interface VerifiedMetadata {
  /** §3.1.6 serial number of the BLOB; strictly increasing between publications. */
  readonly no: number;
  /** §3.1.6 date (`YYYY-MM-DD`) by which the next BLOB will be published. */
  readonly nextUpdate: string;
  readonly legalHeader: string;
  readonly entries: readonly MetadataBLOBPayloadEntry[];
  /** The JWS `alg` the BLOB was signed with. */
  readonly alg: JWSAlgorithm;
  /** The verified signing path, signer first (without the anchor). */
  readonly signerChain: readonly Certificate[];
  /** The caller-supplied anchor the signing path ends at. */
  readonly anchor: Certificate;
  /** The instant verification was performed at. */
  readonly verifiedAt: Date;
  /** True when `now` is past `nextUpdate` and the BLOB was accepted only because `maxStaleMs` allowed it. */
  readonly stale: boolean;
  /** What was proven about revocation of the signing path. */
  readonly revocation: 'checked' | 'not-checked' | 'unavailable-fail-open';
}

/** JWS algorithms accepted for BLOB signatures (RFC 7518 §3.1). `none` is never accepted. */
export type JWSAlgorithm = 'RS256' | 'RS384' | 'RS512' | 'PS256' | 'PS384' | 'PS512' | 'ES256' | 'ES384' | 'ES512';

/** Options of `verifyMetadataBlob`. */
export interface VerifyMetadataBlobOptions {
  /**
   * The roots you trust for BLOB signatures (PEM, base64 or DER, or parsed). For production
   * MDS3 this is GlobalSign Root CA - R3 (or its successor named by the FIDO Alliance). A
   * certificate inside the BLOB header never counts as an anchor. Required, non-empty.
   */
  trustAnchors: readonly CertificateInput[];
  /** Instant for certificate validity, CRL freshness and `nextUpdate` (default: `new Date()`). */
  now?: Date;
  /** DER (or PEM) CRLs for the signing path. When given, revocation is checked (fail-closed by default). */
  crls?: readonly (Uint8Array | string)[];
  /** What to do when a certificate of the path has no current CRL (default `'fail-closed'` when `crls` are given). */
  revocation?: 'fail-closed' | 'fail-open';
  /** The BLOB you accepted before: a BLOB with a lower `no` is a rollback (`ERR_METADATA_ROLLBACK`). */
  previous?: { readonly no: number };
  /**
   * How long after `nextUpdate` a BLOB is still accepted (default 0: a BLOB is expired from
   * 00:00:00Z on its `nextUpdate` day). `Infinity` accepts any stale BLOB (then `stale` is true).
   */
  maxStaleMs?: number;
  /** Largest accepted JWS, in characters (default 32 MiB). */
  maxBytes?: number;
  /** Signature backend (default `'auto'`). */
  backend?: CryptoBackend;
}

/**
 * Which statuses block a registration, and how status reports are read.
 *
 * Default: `REVOKED`, `ATTESTATION_KEY_COMPROMISE`, `USER_VERIFICATION_BYPASS`,
 * `USER_KEY_REMOTE_COMPROMISE` and `USER_KEY_PHYSICAL_COMPROMISE` reject with
 * `ERR_AUTHENTICATOR_REVOKED`; `NOT_FIDO_CERTIFIED` is allowed.
 */
export interface StatusPolicy {
  /** Statuses that reject with `ERR_AUTHENTICATOR_REVOKED` when current. */
  reject?: readonly AuthenticatorStatus[];
  /** `'reject'` turns a current `NOT_FIDO_CERTIFIED` into `ERR_AUTHENTICATOR_NOT_CERTIFIED` (default `'allow'`). */
  notFidoCertified?: 'allow' | 'reject';
  /**
   * `'latest'` (default, MDS3 §3.1.3: "the latest StatusReport entry MUST reflect the current
   * status"): only the report(s) with the latest effective date decide, so an `UPDATE_AVAILABLE`
   * after a compromise clears it (REVOKED and certificate-specific key compromise stay sticky).
   * `'any'`: any effective report with a rejected status rejects, whatever came after.
   */
  evaluate?: 'latest' | 'any';
}

/** What the status policy concluded for one entry. */
export interface StatusEvaluation {
  /** The report(s) that define the current status (latest effective date). */
  readonly current: readonly StatusReport[];
  /** Reports ignored because their `effectiveDate` is after `now`. */
  readonly pending: readonly StatusReport[];
  /** Certificates (base64 DER) named by `ATTESTATION_KEY_COMPROMISE` reports: never used as anchors. */
  readonly compromisedCertificates: readonly string[];
}

/** What `resolveMetadataForAttestation` returns for a known authenticator. */
export interface ResolvedAttestationMetadata {
  readonly entry: MetadataBLOBPayloadEntry;
  /** Trust anchors from `metadataStatement.attestationRootCertificates` (minus compromised ones). */
  readonly anchors: readonly Certificate[];
  readonly statusReports: readonly StatusReport[];
  /** How the entry was found. */
  readonly matchedBy: 'aaguid' | 'attestationCertificateKeyIdentifier';
  readonly status: StatusEvaluation;
}

/** Input of `resolveMetadataForAttestation` (without the store). */
export interface ResolveAttestationInput {
  /** The attestation format (`packed`, `fido-u2f`, `tpm`, …). */
  format: string;
  /** The AAGUID from authenticatorData (16 bytes; all zero for U2F). */
  aaguid: Uint8Array;
  /** The attestation x5c, leaf first. */
  trustPath: readonly Certificate[];
  /** Instant for `effectiveDate` comparisons (default: the store's clock, else `new Date()`). */
  now?: Date;
}

/**
 * Any source of MDS3 entries the verify layer can use: the store from `createMetadataStore` /
 * `loadMetadataStore`, or your own implementation (a database, a cache).
 */
export interface MetadataStore {
  /** `no` of the BLOB the entries came from. */
  readonly no: number;
  /** `nextUpdate` of that BLOB. */
  readonly nextUpdate: string;
  /** Policy applied by `resolveAttestation` (and by `resolveMetadataForAttestation` when none is given). */
  readonly statusPolicy?: Readonly<StatusPolicy>;
  /** The entry for an AAGUID (UUID text in any case, or 16 bytes), or `undefined`. */
  findByAAGUID(aaguid: string | Uint8Array): MetadataBLOBPayloadEntry | undefined;
  /** The entry listing this attestation certificate key identifier (40 hex digits), or `undefined`. */
  findByAttestationCertificateKeyIdentifier(keyIdentifier: string): MetadataBLOBPayloadEntry | undefined;
  /**
   * Looks up the authenticator of a registration, enforces the status policy and returns the
   * anchors from its metadata statement (`undefined` when there is no entry).
   */
  resolveAttestation(input: ResolveAttestationInput): ResolvedAttestationMetadata | undefined;
}

/** Options of `createMetadataStore` and `loadMetadataStore`. */
export interface MetadataStoreOptions {
  statusPolicy?: StatusPolicy;
  /** Clock for status `effectiveDate` comparisons when a lookup passes no `now` (default `() => new Date()`). */
  clock?: () => Date;
}

/** Options of `loadMetadataStore`. */
export interface LoadMetadataStoreOptions extends MetadataStoreOptions {
  /** Instant the serialised BLOB's `nextUpdate` is checked against (default: `clock()`). */
  now?: Date;
  /** How long after `nextUpdate` the serialised store is still accepted (default 0; `Infinity` = always). */
  maxStaleMs?: number;
}

/** The serialised form of a metadata store (`store.toJSON()`), version 1. */
export interface MetadataStoreJSON {
  readonly type: 'tessera.mds3-store';
  readonly version: 1;
  readonly no: number;
  readonly nextUpdate: string;
  readonly legalHeader: string;
  /** ISO-8601 instant the BLOB was verified at. */
  readonly verifiedAt: string;
  /** JWS alg and signer subject/serial of the verified BLOB (informational). */
  readonly signer: { readonly alg: string; readonly subject: string; readonly serialNumber: string };
  readonly entries: readonly MetadataBLOBPayloadEntry[];
  /** Lower-case hex SHA-256 over the canonical content: detects corruption, not a signature. */
  readonly digest: string;
}
