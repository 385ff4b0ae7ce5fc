/**
 * The relying-party (ceremony) layer: `createRelyingParty()` plus recovery codes, the
 * related-origins document and Signal API payloads.
 *
 * @module
 */
export type {
  AuthenticationFailedEvent,
  AuthenticationSucceededEvent,
  ChallengeReplayedEvent,
  CounterRegressedEvent,
  CredentialDeletedEvent,
  CredentialRenamedEvent,
  EventHandler,
  Logger,
  RecoveryCodeFailedEvent,
  RecoveryCodeRedeemedEvent,
  RecoveryCodesGeneratedEvent,
  RegistrationFailedEvent,
  RegistrationSucceededEvent,
  RelyingPartyEvent,
  RelyingPartyEventType,
} from './events.js';
export {
  DEFAULT_RECOVERY_CODE_SCRYPT,
  type GenerateRecoveryCodesOptions,
  generateRecoveryCodes,
  type RandomBytes,
  type RedeemRecoveryCodeOptions,
  redeemRecoveryCode,
  type ScryptParams,
} from './recovery-codes.js';
export {
  createRelatedOriginsDocument,
  heuristicRegistrableDomain,
  type RegistrableDomainFunction,
  type RelatedOriginsOptions,
  type RelatedOriginsResult,
  relatedOriginsResponse,
} from './related-origins.js';
export { createRelyingParty, type RelyingParty } from './relying-party.js';
export {
  type AllAcceptedCredentialsSignal,
  type CurrentUserDetailsSignal,
  createAllAcceptedCredentialsSignal,
  createCurrentUserDetailsSignal,
  createUnknownCredentialSignal,
  type UnknownCredentialSignal,
} from './signals.js';
export type {
  AccountStatus,
  AuthenticatorNameSource,
  CredentialView,
  FinishAuthenticationInput,
  FinishAuthenticationResult,
  FinishRegistrationInput,
  FinishRegistrationResult,
  RelyingPartyOptions,
  StartAuthenticationInput,
  StartRegistrationInput,
} from './types.js';
