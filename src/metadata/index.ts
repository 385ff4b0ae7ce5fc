/**
 * `@tessera/webauthn/metadata`: FIDO Metadata Service v3 (MDS3). Verify a BLOB against the root
 * you trust, build a store, serialise it, and let the registration verifier look authenticators
 * up (anchors from `attestationRootCertificates`, status policy enforced).
 *
 * @example
 * ```ts
 * import { fetchMetadataBlob, verifyMetadataBlob, createMetadataStore } from '@tessera/webauthn/metadata';
 *
 * const jwt = await fetchMetadataBlob({ fetch: globalThis.fetch });
 * const store = createMetadataStore(await verifyMetadataBlob(jwt, { trustAnchors: [globalSignRootR3] }));
 * ```
 *
 * @module
 */
export { verifyMetadataBlob } from './blob.js';
export { type FetchMetadataBlobOptions, FIDO_MDS3_URL, fetchMetadataBlob, type MetadataFetch } from './fetch.js';
export { DEFAULT_MAX_BLOB_BYTES, METADATA_JWS_ALGORITHMS } from './jws.js';
export {
  attestationCertificateKeyIdentifier,
  type ResolveMetadataForAttestationInput,
  resolveMetadataForAttestation,
} from './resolve.js';
export { DEFAULT_REJECTED_STATUSES, type EvaluateStatusOptions, evaluateStatusReports } from './status.js';
export {
  createMetadataStore,
  loadMetadataStore,
  METADATA_STORE_JSON_TYPE,
  METADATA_STORE_JSON_VERSION,
  type SerializableMetadataStore,
} from './store.js';
export type {
  AuthenticatorStatus,
  BiometricStatusReport,
  JWSAlgorithm,
  LoadMetadataStoreOptions,
  MetadataBLOBPayloadEntry,
  MetadataStatement,
  MetadataStore,
  MetadataStoreJSON,
  MetadataStoreOptions,
  ResolveAttestationInput,
  ResolvedAttestationMetadata,
  StatusEvaluation,
  StatusPolicy,
  StatusReport,
  VerifiedMetadata,
  VerifyMetadataBlobOptions,
} from './types.js';
