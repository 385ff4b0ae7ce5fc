/**
 * Payloads for the WebAuthn L3 Signal API (§5.1.10–5.1.12): the server builds them, the page
 * passes them to `PublicKeyCredential.signalUnknownCredential()`,
 * `signalAllAcceptedCredentials()` and `signalCurrentUserDetails()` so that password managers
 * drop deleted passkeys and show current account names.
 *
 * @module
 */
import { isBase64url } from '../encoding/base64url.js';

/** Argument of `PublicKeyCredential.signalUnknownCredential()`. */
export interface UnknownCredentialSignal {
  rpId: string;
  credentialId: string;
}

/** Argument of `PublicKeyCredential.signalAllAcceptedCredentials()`. */
export interface AllAcceptedCredentialsSignal {
  rpId: string;
  userId: string;
  allAcceptedCredentialIds: string[];
}

/** Argument of `PublicKeyCredential.signalCurrentUserDetails()`. */
export interface CurrentUserDetailsSignal {
  rpId: string;
  userId: string;
  name: string;
  displayName: string;
}

function b64(value: string, name: string): string {
  if (!isBase64url(value) || value.length === 0) throw new TypeError(`${name} must be a non-empty base64url string`);
  return value;
}

function rp(rpID: string): string {
  if (typeof rpID !== 'string' || rpID.length === 0) throw new TypeError('rpID must be a non-empty string');
  return rpID;
}

/**
 * Payload telling the client a credential id is unknown to the server (send it after a sign-in
 * failed with `ERR_CREDENTIAL_NOT_FOUND`). Safe without authentication: it reveals nothing.
 *
 * @example
 * ```ts
 * // browser: await PublicKeyCredential.signalUnknownCredential(payload)
 * const payload = createUnknownCredentialSignal({ rpID: 'example.com', credentialId: response.id });
 * ```
 */
export function createUnknownCredentialSignal(input: { rpID: string; credentialId: string }): UnknownCredentialSignal {
  return { rpId: rp(input.rpID), credentialId: b64(input.credentialId, 'credentialId') };
}

/**
 * Payload listing every credential id the server still accepts for a user. Send it only to the
 * signed-in user (it reveals their credential ids).
 *
 * @example
 * ```ts
 * const payload = createAllAcceptedCredentialsSignal({ rpID: 'example.com', userHandle, credentialIds });
 * ```
 */
export function createAllAcceptedCredentialsSignal(input: {
  rpID: string;
  userHandle: string;
  credentialIds: readonly string[];
}): AllAcceptedCredentialsSignal {
  return {
    rpId: rp(input.rpID),
    userId: b64(input.userHandle, 'userHandle'),
    allAcceptedCredentialIds: input.credentialIds.map((id) => b64(id, 'credentialIds[]')),
  };
}

/**
 * Payload with the user's current account name and display name. Send it only to the signed-in user.
 *
 * @example
 * ```ts
 * const payload = createCurrentUserDetailsSignal({ rpID: 'example.com', userHandle, name: 'ada@example.com', displayName: 'Ada' });
 * ```
 */
export function createCurrentUserDetailsSignal(input: {
  rpID: string;
  userHandle: string;
  name: string;
  displayName: string;
}): CurrentUserDetailsSignal {
  if (typeof input.name !== 'string' || typeof input.displayName !== 'string') {
    throw new TypeError('name and displayName must be strings');
  }
  return {
    rpId: rp(input.rpID),
    userId: b64(input.userHandle, 'userHandle'),
    name: input.name,
    displayName: input.displayName,
  };
}
