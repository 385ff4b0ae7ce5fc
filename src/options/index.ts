/**
 * Ceremony options: `generateRegistrationOptions()` and `generateAuthenticationOptions()`
 * return the W3C JSON forms, ready for `JSON.stringify` and the browser's
 * `PublicKeyCredential.parseCreationOptionsFromJSON()` / `parseRequestOptionsFromJSON()`.
 * Exported from `@tessera/webauthn`.
 *
 * @example
 * ```ts
 * import { generateAuthenticationOptions, generateRegistrationOptions } from '@tessera/webauthn';
 *
 * const creation = generateRegistrationOptions({ rpName: 'Example', rpID: 'example.com', user: { name: 'ada' } });
 * const request = generateAuthenticationOptions({ rpID: 'example.com' });
 * ```
 *
 * @module
 */
export { type GenerateAuthenticationOptionsInput, generateAuthenticationOptions } from './authentication.js';
export type { AuthenticationExtensionsInput, PRFValuesInput, RegistrationExtensionsInput } from './extensions.js';
export { type GenerateRegistrationOptionsInput, generateRegistrationOptions } from './registration.js';
export {
  type AttestationConveyancePreference,
  type AttestationFormat,
  type AuthenticationExtensionsAuthenticatorOutputs,
  type AuthenticationExtensionsClientInputsJSON,
  type AuthenticationExtensionsClientOutputsJSON,
  type AuthenticationExtensionsLargeBlobInputsJSON,
  type AuthenticationExtensionsLargeBlobOutputsJSON,
  type AuthenticationExtensionsPRFInputsJSON,
  type AuthenticationExtensionsPRFOutputsJSON,
  type AuthenticationExtensionsPRFValuesJSON,
  type AuthenticatorAttachment,
  type AuthenticatorSelectionCriteria,
  type Base64URLString,
  type BinaryInput,
  type COSEAlgorithmIdentifier,
  CREDENTIAL_PROTECTION_POLICY_VALUES,
  type CredentialPropertiesOutput,
  type CredentialProtectionPolicy,
  DEFAULT_REGISTRATION_ALGORITHMS,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialDescriptorJSON,
  type PublicKeyCredentialHint,
  type PublicKeyCredentialParameters,
  type PublicKeyCredentialRequestOptionsJSON,
  type PublicKeyCredentialRpEntity,
  type PublicKeyCredentialUserEntityJSON,
  type RandomSource,
  type ResidentKeyRequirement,
  type UserVerificationRequirement,
} from './types.js';
export type { CredentialDescriptorInput } from './validate.js';
