/**
 * Options and results of `createRelyingParty()`.
 *
 * @module
 */
import type { PublicKeyCredentialHint, RandomSource } from '../options/types.js';
import type {
  ChallengeStore,
  Clock,
  CredentialRecord,
  CredentialStore,
  RecoveryCodeStore,
  UserVerificationRequirement,
} from '../stores/types.js';
import type {
  AuthenticationResponseJSON,
  RegistrationAttestationOptions,
  RegistrationResponseJSON,
  VerifiedAuthentication,
  VerifiedRegistration,
} from '../verify/index.js';
import type { OriginExpectation } from '../verify/origins.js';
import type { EventHandler, Logger } from './events.js';
import type { ScryptParams } from './recovery-codes.js';

/**
 * Readable authenticator names by AAGUID: a function, or a map from AAGUID to a name (or to an
 * object with a `name`, the shape of the community "passkey AAGUIDs" list).
 */
export type AuthenticatorNameSource =
  | ((aaguid: string) => string | undefined | Promise<string | undefined>)
  | Readonly<Record<string, string | { name: string }>>;

/** Options of `createRelyingParty()`. */
export interface RelyingPartyOptions {
  /** The RP ID: a bare domain such as `example.com`. */
  rpID: string;
  /** Name shown by some clients. */
  rpName: string;
  /** Origins allowed to run ceremonies (`https://example.com`, related origins, app origins) or a predicate. */
  origins: OriginExpectation;
  /** Top-level origins allowed to embed ceremonies in a cross-origin iframe. */
  topOrigins?: OriginExpectation;
  challenges: ChallengeStore;
  credentials: CredentialStore;
  /** Enables `generateRecoveryCodes` / `redeemRecoveryCode`. */
  recoveryCodes?: RecoveryCodeStore;
  /** Audit events; failures in the handler are logged, never thrown. */
  onEvent?: EventHandler;
  logger?: Logger;
  /** Time source (challenge expiry, timestamps, certificate validity). Default `() => new Date()`. */
  clock?: Clock;
  /** Random source for challenges, user handles and recovery codes. Default `crypto.getRandomValues`. */
  random?: RandomSource;
  /** Readable device names by AAGUID (see also `attestation.metadata`, whose description is used too). */
  metadata?: AuthenticatorNameSource;
  /** Attestation verification policy passed to `verifyRegistrationResponse`. */
  attestation?: RegistrationAttestationOptions;
  /** Attestation conveyance requested in registration options. Default `'none'`. */
  attestationConveyance?: 'none' | 'indirect' | 'direct' | 'enterprise';
  /** `'reject'` (default) refuses a counter regression; `'flag'` accepts it, emits `counter.regressed` and reports it. */
  counterPolicy?: 'reject' | 'flag';
  /** Server-side user-verification requirement for both ceremonies. Default `'required'`. */
  userVerification?: UserVerificationRequirement;
  /** Registration: discoverable credential requirement. Default `'required'` (passkeys). */
  residentKey?: 'required' | 'preferred' | 'discouraged';
  /** Challenge lifetime in milliseconds (also the client `timeout`). Default 300 000 (5 minutes). */
  challengeTimeoutMs?: number;
  /** Accepted COSE algorithms. */
  supportedAlgorithms?: readonly number[];
  /** Cost of recovery-code hashing. Default `{ N: 2 ** 15, r: 8, p: 1 }`. */
  recoveryCodeScrypt?: ScryptParams;
  /** Compare-and-set attempts for the counter update before `ERR_STORE_CONFLICT`. Default 5. */
  maxUpdateAttempts?: number;
}

/** Input of `startRegistration`. */
export interface StartRegistrationInput {
  /** Your session identifier (e.g. the session cookie's id); the challenge is bound to it. */
  session: string;
  user: {
    /** The user handle (base64url, 1–64 bytes). Omit for a new account: 32 random bytes are generated (read `options.user.id`). */
    id?: string;
    /** Account name shown to the user (e-mail, username). */
    name: string;
    displayName?: string;
  };
  authenticatorAttachment?: 'platform' | 'cross-platform';
  hints?: readonly PublicKeyCredentialHint[];
}

/** Input of `finishRegistration`. */
export interface FinishRegistrationInput {
  session: string;
  /** `PublicKeyCredential.toJSON()` as the browser sent it. */
  response: RegistrationResponseJSON;
  /** Optional device name chosen by the user; default from metadata or a generic name. */
  name?: string;
}

/** Result of `finishRegistration`. */
export interface FinishRegistrationResult {
  /** The stored record. Persist `userHandle` with a new account. */
  credential: CredentialRecord;
  userHandle: string;
  verification: VerifiedRegistration;
}

/** Input of `startAuthentication`. */
export interface StartAuthenticationInput {
  session: string;
  /** The user, when already identified (username step, re-authentication). Omit for discoverable / autofill sign-in. */
  user?: { id: string };
  hints?: readonly PublicKeyCredentialHint[];
}

/** Input of `finishAuthentication`. */
export interface FinishAuthenticationInput {
  session: string;
  response: AuthenticationResponseJSON;
}

/** Result of `finishAuthentication`. */
export interface FinishAuthenticationResult {
  /** The signed-in user. */
  userHandle: string;
  /** The credential record after the update. */
  credential: CredentialRecord;
  userVerified: boolean;
  counterStatus: 'ok' | 'not-supported' | 'regressed';
  /** True under `counterPolicy: 'flag'` when the counter regressed: demand another factor. */
  needsReauthentication: boolean;
  verification: VerifiedAuthentication;
}

/** One credential as shown in an account's device list. */
export interface CredentialView {
  id: string;
  name: string;
  /** `multiDevice`: a synced passkey (backup eligible); `singleDevice`: bound to one authenticator. */
  deviceType: 'singleDevice' | 'multiDevice';
  backedUp: boolean;
  transports: string[];
  aaguid: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

/** Account overview for a security settings page. */
export interface AccountStatus {
  credentials: CredentialView[];
  /** True when losing one device would lock the user out: fewer than two credentials and none backed up. */
  needsBackupPasskey: boolean;
  /** Unused recovery codes, when a recovery-code store is configured. */
  recoveryCodesRemaining: number | undefined;
}
