/**
 * The two verification functions and their types.
 *
 * @module
 */
export { DEFAULT_SUPPORTED_ALGORITHMS } from './algorithms.js';
export {
  type StoredCredential,
  type VerifiedAuthentication,
  type VerifyAuthenticationResponseOptions,
  verifyAuthenticationResponse,
} from './authentication.js';
export type { ChallengeExpectation } from './client-data-checks.js';
export type { CommonVerifyOptions } from './common.js';
export type { AuthenticatorExtensionOutputs, ClientExtensionOutputs } from './extensions.js';
export { DEFAULT_LIMITS, type InputLimits } from './limits.js';
export type { OriginExpectation } from './origins.js';
export {
  type AttestationReport,
  type RegisteredCredential,
  type RegistrationAttestationOptions,
  type VerifiedRegistration,
  type VerifyRegistrationResponseOptions,
  verifyRegistrationResponse,
} from './registration.js';
export type { AuthenticationResponseJSON, AuthenticatorTransport, RegistrationResponseJSON } from './response.js';
