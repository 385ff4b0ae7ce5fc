/**
 * Audit events of the relying-party layer, delivered to the injected `onEvent`.
 *
 * Events never carry secrets: no challenges, session ids, recovery codes or public keys. They
 * carry public identifiers (base64url credential ids and user handles) so an audit log can be
 * joined with the account.
 *
 * @module
 */
import type { WebAuthnErrorCode } from '../errors.js';
import type { Ceremony } from '../stores/types.js';

interface EventBase {
  /** When the event happened (from the injected clock). */
  at: Date;
  rpID: string;
}

/** A credential was registered and stored. */
export interface RegistrationSucceededEvent extends EventBase {
  type: 'registration.succeeded';
  userHandle: string;
  credentialId: string;
  aaguid: string;
  attestationFormat: string;
  attestationTrusted: boolean;
  deviceType: 'singleDevice' | 'multiDevice';
  backedUp: boolean;
  userVerified: boolean;
}

/** A registration attempt failed. */
export interface RegistrationFailedEvent extends EventBase {
  type: 'registration.failed';
  /** The WebAuthnError code, or undefined for an unexpected error (store outage, bug). */
  code: WebAuthnErrorCode | undefined;
  userHandle?: string;
  credentialId?: string;
}

/** A sign-in succeeded. */
export interface AuthenticationSucceededEvent extends EventBase {
  type: 'authentication.succeeded';
  userHandle: string;
  credentialId: string;
  userVerified: boolean;
  backedUp: boolean;
  counterStatus: 'ok' | 'not-supported' | 'regressed';
}

/** A sign-in attempt failed. */
export interface AuthenticationFailedEvent extends EventBase {
  type: 'authentication.failed';
  code: WebAuthnErrorCode | undefined;
  userHandle?: string;
  credentialId?: string;
}

/** The signature counter did not increase: a possible cloned authenticator (§7.2 step 22). */
export interface CounterRegressedEvent extends EventBase {
  type: 'counter.regressed';
  userHandle: string;
  credentialId: string;
  storedCounter: number;
  receivedCounter: number;
  /** `'reject'`: the sign-in was refused; `'flag'`: it was accepted and the app should demand more proof. */
  policy: 'reject' | 'flag';
}

/** A credential was deleted through `deleteCredential`. */
export interface CredentialDeletedEvent extends EventBase {
  type: 'credential.deleted';
  userHandle: string;
  credentialId: string;
  /** True when the last-credential guard was overridden. */
  forced: boolean;
}

/** A credential was renamed. */
export interface CredentialRenamedEvent extends EventBase {
  type: 'credential.renamed';
  userHandle: string;
  credentialId: string;
}

/**
 * A `finish*` call presented a challenge that is not (or no longer) stored for its session:
 * a replayed response, a stale tab, or a forged challenge.
 */
export interface ChallengeReplayedEvent extends EventBase {
  type: 'challenge.replayed';
  ceremony: Ceremony;
  credentialId?: string;
}

/** A new set of recovery codes was issued (the old set is void). */
export interface RecoveryCodesGeneratedEvent extends EventBase {
  type: 'recovery.generated';
  userHandle: string;
  count: number;
}

/** A recovery code was redeemed. */
export interface RecoveryCodeRedeemedEvent extends EventBase {
  type: 'recovery.redeemed';
  userHandle: string;
  remaining: number;
}

/** A recovery code was refused. */
export interface RecoveryCodeFailedEvent extends EventBase {
  type: 'recovery.failed';
  userHandle: string;
  code: WebAuthnErrorCode | undefined;
}

/** Every event the relying party emits. */
export type RelyingPartyEvent =
  | RegistrationSucceededEvent
  | RegistrationFailedEvent
  | AuthenticationSucceededEvent
  | AuthenticationFailedEvent
  | CounterRegressedEvent
  | CredentialDeletedEvent
  | CredentialRenamedEvent
  | ChallengeReplayedEvent
  | RecoveryCodesGeneratedEvent
  | RecoveryCodeRedeemedEvent
  | RecoveryCodeFailedEvent;

/** Event names. */
export type RelyingPartyEventType = RelyingPartyEvent['type'];

/** Receives audit events; a throw or rejection is logged and never fails the ceremony. */
export type EventHandler = (event: RelyingPartyEvent) => void | Promise<void>;

/** Where the relying party reports problems it swallows (a failing `onEvent`). */
export interface Logger {
  warn(message: string, data?: Record<string, unknown>): void;
}
