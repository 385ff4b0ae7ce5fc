/**
 * Storage interfaces of the relying-party layer (DESIGN.md "Storage interfaces").
 *
 * Every adapter (`@tessera/webauthn/stores/memory`, `/stores/redis`, `/stores/postgres`,
 * `/stores/sqlite`) implements these, and `test/stores/contract.ts` runs one contract suite
 * against each of them. Users who bring another database implement the same interfaces and can
 * use {@link credentialRecordToJSON} (in `./codec.ts`) to get a storage-safe form of a record.
 *
 * @module
 */

/** The two WebAuthn ceremonies. */
export type Ceremony = 'registration' | 'authentication';

/** `userVerification` values of `PublicKeyCredential*Options` (§5.8.6). */
export type UserVerificationRequirement = 'required' | 'preferred' | 'discouraged';

/** `AuthenticatorTransport` values (§5.8.4); kept as plain strings so that new values survive storage. */
export type AuthenticatorTransportString = 'usb' | 'nfc' | 'ble' | 'smart-card' | 'hybrid' | 'internal' | (string & {});

/** Returns the current time; injected everywhere a store or the relying party needs one. */
export type Clock = () => Date;

/**
 * Server-side state of one started ceremony. Stored under an opaque key derived from the session
 * and the challenge, consumed exactly once by the matching `finish*` call.
 */
export interface ChallengeRecord {
  /** Which ceremony the challenge was issued for; the other ceremony cannot finish with it. */
  ceremony: Ceremony;
  /** The challenge as sent to the client (base64url of 32 random bytes). */
  challenge: string;
  /** The user (base64url user handle) the ceremony was started for; absent for discoverable sign-in. */
  userHandle?: string;
  /** When the challenge was issued. */
  createdAt: Date;
  /** After this instant the challenge is refused with `ERR_CHALLENGE_EXPIRED`. */
  expiresAt: Date;
  /** The user-verification requirement decided by the server when the ceremony started. */
  userVerification: UserVerificationRequirement;
  /** Authentication: the credential ids offered in `allowCredentials` (empty or absent: any). */
  allowCredentials?: string[];
  /** Registration: the user's display data, echoed into events and the stored record's defaults. */
  userName?: string;
}

/**
 * Single-use challenge storage.
 *
 * `consume()` returns a record at most once, even when called concurrently from several processes.
 * `put()` never overwrites a live record (`SET … NX` semantics): it rejects with
 * `WebAuthnError('ERR_STORE_CONFLICT')` when the key is taken.
 */
export interface ChallengeStore {
  put(key: string, record: ChallengeRecord, ttlMs: number): Promise<void>;
  consume(key: string): Promise<ChallengeRecord | undefined>;
}

/** One registered credential, as the relying party stores it. */
export interface CredentialRecord {
  /** Credential id, base64url (canonical, unpadded). Unique across all users. */
  id: string;
  /** Owner's user handle, base64url. */
  userHandle: string;
  /** The credential public key: COSE_Key bytes exactly as found in the attested credential data. */
  publicKey: Uint8Array;
  /** COSE algorithm identifier of `publicKey` (e.g. -7 for ES256). */
  algorithm: number;
  /** Last accepted signature counter (0 … 2^32 − 1). */
  counter: number;
  /** Transports the client reported at registration, in the order reported. */
  transports: AuthenticatorTransportString[];
  /** BE flag at registration; it must never change afterwards (L3 §6.1.3). */
  backupEligible: boolean;
  /** BS flag from the latest ceremony. */
  backedUp: boolean;
  /** Whether user verification was performed when the credential was registered (§7.2 step 24). */
  uvInitialized: boolean;
  /** Authenticator AAGUID as a lower-case UUID string (all zeros when unknown). */
  aaguid: string;
  /** Attestation statement format of the registration (`none`, `packed`, …). */
  attestationFormat: string;
  /** Human-readable name shown in device lists; renamable. */
  name: string;
  /** When the credential was registered. */
  createdAt: Date;
  /** When the credential last completed an authentication; `null` until then. */
  lastUsedAt: Date | null;
}

/** Values written by a successful authentication. */
export interface CredentialAuthenticationUpdate {
  counter: number;
  backedUp: boolean;
  lastUsedAt: Date;
}

/**
 * Credential storage. Ids are unique (`create` rejects a taken id with
 * `WebAuthnError('ERR_CREDENTIAL_EXISTS')`); counter updates are compare-and-set.
 */
export interface CredentialStore {
  create(record: CredentialRecord): Promise<void>;
  get(credentialId: string): Promise<CredentialRecord | undefined>;
  /** The user's credentials, oldest first. */
  listByUser(userHandle: string): Promise<CredentialRecord[]>;
  /** Writes `next` only when the stored counter still equals `expected.counter`; true when written. */
  updateAfterAuthentication(
    id: string,
    expected: { counter: number },
    next: CredentialAuthenticationUpdate,
  ): Promise<boolean>;
  /** Deletes the credential; deleting an unknown id is not an error. */
  delete(credentialId: string): Promise<void>;
  /** Optional: changes the display name; true when the credential exists. Needed by `renameCredential`. */
  updateName?(credentialId: string, name: string): Promise<boolean>;
  /**
   * Optional: deletes `credentialId` of `userHandle` atomically unless it is that user's only
   * credential. Used by `deleteCredential` so two concurrent deletes cannot remove the last two.
   */
  deleteUnlessLast?(credentialId: string, userHandle: string): Promise<'deleted' | 'last' | 'not-found'>;
}

/** One stored recovery code: only a slow hash of its secret part is kept. */
export interface RecoveryCodeRecord {
  /** Public lookup part of the code (the first group), unique per user. */
  id: string;
  userHandle: string;
  /** scrypt(secret, salt), base64url. */
  hash: string;
  /** Per-code random salt, base64url. */
  salt: string;
  /** scrypt parameters used for this code, so they can be raised later without invalidating it. */
  params: { N: number; r: number; p: number };
  createdAt: Date;
  /** When the code was redeemed; `null` while unused. */
  usedAt: Date | null;
}

/** Recovery-code storage. */
export interface RecoveryCodeStore {
  /** Replaces every code of the user (issuing a new set invalidates the old one). */
  replaceAll(userHandle: string, records: RecoveryCodeRecord[]): Promise<void>;
  listByUser(userHandle: string): Promise<RecoveryCodeRecord[]>;
  /** Marks the code used only when it is still unused (compare-and-set); true when this call used it. */
  markUsed(userHandle: string, id: string, usedAt: Date): Promise<boolean>;
}
