/**
 * `@tessera/webauthn/attestation`: the attestation-format verifiers (one per §8 format), the
 * registry to combine them with your own, and the certificate-extension parsers they use.
 *
 * `verifyRegistrationResponse` already verifies every built-in format; import this subpath to
 * add or replace a format (`attestation.formats`) or to reuse a verifier directly. It is a
 * separate entry so that importing the main entry never loads the ASN.1 schema code.
 *
 * @example
 * ```ts
 * import { packedAttestation, type AttestationFormatVerifier } from '@tessera/webauthn/attestation';
 *
 * const myFormat: AttestationFormatVerifier = { format: 'x-vendor', verify: async (input) => { … } };
 * await verifyRegistrationResponse({ …, attestation: { formats: [myFormat] } });
 * ```
 *
 * @module
 */
export {
  type AAGUIDExtension,
  type AndroidAuthorizationList,
  type AndroidKeyDescription,
  type FIDOTransport,
  getExtendedKeyUsage,
  parseAAGUIDExtension,
  parseAndroidKeyDescription,
  parseAppleNonceExtension,
  parseFIDOTransportsExtension,
  parseTPMSubjectAltName,
  type TPMSubjectAltName,
} from '../certificates/extensions.js';
export { androidKeyAttestation } from './android-key.js';
export { androidSafetyNetAttestation } from './android-safetynet.js';
export { appleAttestation } from './apple.js';
export { defaultAttestationFormats } from './builtin.js';
export { compoundAttestation } from './compound.js';
export { fidoU2FAttestation } from './fido-u2f.js';
export { noneAttestation } from './none.js';
export { packedAttestation } from './packed.js';
export { type AttestationRegistry, createAttestationRegistry } from './registry.js';
export { TPM_MANUFACTURERS } from './tpm/manufacturers.js';
export { tpmAttestation } from './tpm.js';
export type {
  AttestationFormatPolicy,
  AttestationFormatVerifier,
  AttestationMetadataSource,
  AttestationStatementInput,
  AttestationStatementResult,
  AttestationType,
  ResolvedMetadata,
  TrustAnchorsInput,
} from './types.js';
