/**
 * `@tessera/webauthn/testing`: a deterministic software authenticator, test CAs and key pairs
 * for testing relying parties (yours and ours). Not for production use.
 *
 * @example
 * ```ts
 * import { createSoftwareAuthenticator } from '@tessera/webauthn/testing';
 *
 * const authenticator = createSoftwareAuthenticator({ seed: 'my-tests' });
 * const { response, credential } = await authenticator.createCredential({
 *   challenge, rpId: 'example.com', origin: 'https://example.com',
 * });
 * ```
 *
 * @module
 */
export {
  ANDROID_KEY_DESCRIPTION_OID,
  type AndroidAuthorizationList,
  type AndroidKeyDescription,
  encodeAndroidKeyDescription,
} from './android-key.js';
export {
  type AssertionMutations,
  type CeremonyBytes,
  type CounterMode,
  type CounterOptions,
  type CreateCredentialOptions,
  type CreatedAssertion,
  type CreatedCredential,
  createSoftwareAuthenticator,
  type GetAssertionOptions,
  type RegistrationMutations,
  type SoftwareAuthenticator,
  type SoftwareAuthenticatorOptions,
  type SoftwareCredentialRecord,
  type SoftwareExtensionInputs,
} from './authenticator.js';
export {
  type AuthenticatorDataInput,
  type AuthenticatorFlagOptions,
  encodeAuthenticatorData,
  FLAG_BITS,
} from './authenticator-data.js';
export {
  type CreateTestCAOptions,
  createTestCA,
  DEFAULT_CERTIFICATE_VALIDITY,
  type IssueCertificateOptions,
  type TestCA,
  type TestCertificate,
} from './ca.js';
export { buildClientDataJSON, type ClientDataInput, type ClientDataQuirks } from './client-data.js';
export { coseKeyMap } from './cose-key.js';
export {
  type GenerateTestKeyPairOptions,
  generateTestKeyPair,
  resolveTestAlgorithm,
  TEST_ALGORITHMS,
  type TestAlgorithm,
  type TestAlgorithmInfo,
  type TestKeyPair,
  type TestSignOptions,
} from './keys.js';
export { toPEM } from './pem.js';
export { createSeededRandom, deriveSeed, type RandomSource, type TestSeed } from './random.js';
export type {
  AndroidKeyOptions,
  AppleOptions,
  AttestationCertificateOverrides,
  SoftwareAttestationFormat,
  TPMOptions,
} from './statements.js';
export {
  type CertInfoOptions,
  encodeCertInfo,
  encodePubArea,
  type PubAreaOptions,
  TPM_ALG,
  TPM_GENERATED_VALUE,
  TPM_ST_ATTEST_CERTIFY,
  tpmName,
} from './tpm.js';
