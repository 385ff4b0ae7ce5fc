/**
 * `@tessera/webauthn`: strict server-side WebAuthn.
 *
 * Options generation, the two verification functions, pure parsers, the error class, X.509
 * helpers and the relying-party layer. Other subpaths: `/attestation` (format verifiers, registry), `/metadata` (FIDO MDS3), `/testing`
 * (software authenticator), `/browser` (client companion), `/stores/*` (storage adapters).
 *
 * @module
 */

// attestation (format verifiers and the registry: `@tessera/webauthn/attestation`)
export type { RevocationOptions } from './attestation/trust.js';
export type {
  AttestationFormatPolicy,
  AttestationFormatVerifier,
  AttestationMetadataSource,
  AttestationStatementInput,
  AttestationStatementResult,
  AttestationType,
  ResolvedMetadata,
  TrustAnchorsInput,
} from './attestation/types.js';
// certificates
export { type ChainResult, verifyCertificateChain } from './certificates/chain.js';
export { checkRevocation, parseCRL } from './certificates/crl.js';
export { parseCertificate, toCertificate } from './certificates/parse.js';
export type { Certificate, CertificateExtension, CertificateInput, NameAttribute } from './certificates/types.js';
// crypto
export {
  algorithmName,
  COSE_ALGORITHMS,
  type COSEPublicKey,
  encodeCOSEPublicKey,
  parseCOSEPublicKey,
  publicKeysEqual,
} from './crypto/cose.js';
export type { CryptoBackend, ECCurve, HashName, OKPCurve, PublicKey, SignatureScheme } from './crypto/types.js';
export { verifySignature } from './crypto/verify.js';
// encoding
export { decodeBase64url, encodeBase64url, isBase64url } from './encoding/base64url.js';
export type { CBORKey, CBORMap, CBORValue } from './encoding/cbor.js';
// errors
export {
  isWebAuthnError,
  WEBAUTHN_ERROR_CODES,
  WebAuthnError,
  type WebAuthnErrorCode,
  type WebAuthnErrorDetails,
} from './errors.js';
// options
export {
  type AuthenticationExtensionsClientInputsJSON,
  type AuthenticationExtensionsClientOutputsJSON,
  type AuthenticationExtensionsInput,
  type AuthenticatorSelectionCriteria,
  DEFAULT_REGISTRATION_ALGORITHMS,
  type GenerateAuthenticationOptionsInput,
  type GenerateRegistrationOptionsInput,
  generateAuthenticationOptions,
  generateRegistrationOptions,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialDescriptorJSON,
  type PublicKeyCredentialHint,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationExtensionsInput,
  type ResidentKeyRequirement,
  type UserVerificationRequirement,
} from './options/index.js';
// parsers
export {
  type AttestationObject,
  type AttestedCredentialData,
  type AuthenticatorData,
  type AuthenticatorFlags,
  type ClientData,
  parseAttestationObject,
  parseAuthenticatorData,
  parseAuthenticatorFlags,
  parseClientDataJSON,
} from './parsers/index.js';
// relying party
export {
  type AccountStatus,
  type CredentialView,
  createAllAcceptedCredentialsSignal,
  createCurrentUserDetailsSignal,
  createRelatedOriginsDocument,
  createRelyingParty,
  createUnknownCredentialSignal,
  type EventHandler,
  type FinishAuthenticationInput,
  type FinishAuthenticationResult,
  type FinishRegistrationInput,
  type FinishRegistrationResult,
  generateRecoveryCodes,
  type RelyingParty,
  type RelyingPartyEvent,
  type RelyingPartyEventType,
  type RelyingPartyOptions,
  redeemRecoveryCode,
  relatedOriginsResponse,
  type StartAuthenticationInput,
  type StartRegistrationInput,
} from './relying-party/index.js';
export { credentialRecordFromJSON, credentialRecordToJSON } from './stores/codec.js';
export type {
  ChallengeRecord,
  ChallengeStore,
  CredentialRecord,
  CredentialStore,
  RecoveryCodeRecord,
  RecoveryCodeStore,
} from './stores/types.js';
// verify
export {
  type AttestationReport,
  type AuthenticationResponseJSON,
  type AuthenticatorExtensionOutputs,
  type AuthenticatorTransport,
  type ClientExtensionOutputs,
  DEFAULT_LIMITS,
  DEFAULT_SUPPORTED_ALGORITHMS,
  type InputLimits,
  type OriginExpectation,
  type RegisteredCredential,
  type RegistrationAttestationOptions,
  type RegistrationResponseJSON,
  type StoredCredential,
  type VerifiedAuthentication,
  type VerifiedRegistration,
  type VerifyAuthenticationResponseOptions,
  type VerifyRegistrationResponseOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from './verify/index.js';
