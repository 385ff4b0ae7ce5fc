/**
 * What the demo tells a person for every error code: the server's WebAuthnError codes, the
 * browser companion's ERR_BROWSER_* codes, and the demo's own ERR_DEMO_* codes. Shared by the
 * server (JSON error bodies) and the pages (app.js). Messages address the user, not a developer.
 */
export const MESSAGES = {
  // browser companion (@tessera/webauthn/browser)
  ERR_BROWSER_CANCELLED:
    'The passkey prompt was closed or timed out. Nothing was changed; try again when you are ready.',
  ERR_BROWSER_ABORTED: 'The passkey request was replaced by a newer one. Please try again.',
  ERR_BROWSER_ALREADY_REGISTERED:
    'This device already has a passkey for your account. Use a different phone, computer or security key.',
  ERR_BROWSER_NOT_ALLOWED: 'This page is not allowed to use passkeys right now. Click into the page and try again.',
  ERR_BROWSER_SECURITY: 'Passkeys only work on the site they were made for, over a secure connection.',
  ERR_BROWSER_UNSUPPORTED:
    'This browser or device does not support the passkey type we asked for. Try an up-to-date browser or another device.',
  ERR_BROWSER_CONSTRAINT:
    'Your authenticator cannot do what this site requires (for example a PIN, fingerprint or face check).',
  ERR_BROWSER_INVALID_OPTIONS: 'The sign-in request from the server was malformed. Please reload the page.',
  ERR_BROWSER_UNKNOWN: 'Your browser could not complete the passkey request. Please try again.',

  // response envelope and encoding
  ERR_INVALID_RESPONSE: 'Your browser sent an answer we could not read. Please try again.',
  ERR_INPUT_TOO_LARGE: 'Your browser sent an answer that is too large. Please try again.',
  ERR_CBOR_MALFORMED: 'Your authenticator sent data we could not read. Please try another device.',
  // clientDataJSON
  ERR_CLIENT_DATA_INVALID: 'Your browser sent an answer we could not read. Please try again.',
  ERR_CLIENT_DATA_TYPE: 'That answer was for a different kind of request. Please try again.',
  ERR_CHALLENGE_MISMATCH: 'That answer belongs to an older request. Please try again.',
  ERR_ORIGIN_MISMATCH: 'That passkey answer came from a different website, so we refused it.',
  ERR_CROSS_ORIGIN: 'Passkeys cannot be used from inside another website here.',
  ERR_TOP_ORIGIN_MISMATCH: 'Passkeys cannot be used from inside this website.',
  // authenticatorData
  ERR_AUTHENTICATOR_DATA_INVALID: 'Your authenticator sent data we could not read. Please try another device.',
  ERR_RP_ID_HASH_MISMATCH: 'That passkey was made for a different website.',
  ERR_USER_PRESENCE_REQUIRED: 'Please touch or confirm on your authenticator when it asks.',
  ERR_USER_VERIFICATION_REQUIRED:
    'This site needs your device to check it is you (fingerprint, face, PIN or screen lock). Use a device that can.',
  ERR_BACKUP_FLAGS_INVALID: 'Your authenticator reported inconsistent backup information. Please try another device.',
  ERR_BACKUP_ELIGIBILITY_CHANGED:
    'This passkey changed in a way real passkeys cannot. For your safety, sign in with another passkey.',
  ERR_EXTENSIONS_INVALID: 'Your authenticator sent data we could not read. Please try another device.',
  // keys and signatures
  ERR_UNSUPPORTED_ALGORITHM: 'Your authenticator uses a key type we do not accept. Please try another device.',
  ERR_PUBLIC_KEY_INVALID: 'Your authenticator sent a key we could not use. Please try another device.',
  ERR_SIGNATURE_INVALID: 'The passkey signature did not check out. Please try again.',
  // credentials and counters
  ERR_COUNTER_REGRESSION:
    'This passkey looks like a copy of another one, so we refused it. Sign in with another passkey and contact support.',
  ERR_CREDENTIAL_MISMATCH: 'That passkey belongs to a different account.',
  ERR_CREDENTIAL_ID_TOO_LONG: 'Your authenticator sent an identifier we cannot store. Please try another device.',
  ERR_CREDENTIAL_EXISTS: 'This passkey is already registered.',
  ERR_CREDENTIAL_NOT_FOUND:
    'We do not know this passkey. It may have been deleted; choose another one or create an account.',
  // attestation and trust
  ERR_ATTESTATION_FORMAT_UNSUPPORTED: 'We cannot check this kind of authenticator yet. Please try another device.',
  ERR_ATTESTATION_INVALID: 'Your authenticator could not prove what it is. Please try another device.',
  ERR_ATTESTATION_UNTRUSTED: 'This site only accepts certain authenticators, and this one is not on the list.',
  ERR_ATTESTATION_TYPE_NOT_ALLOWED: 'This site only accepts certain authenticators, and this one is not on the list.',
  ERR_CERTIFICATE_INVALID: 'Your authenticator’s certificate is not valid. Please try another device.',
  ERR_CERTIFICATE_EXPIRED: 'Your authenticator’s certificate has expired. Please try another device.',
  ERR_CERTIFICATE_REVOKED: 'Your authenticator’s certificate was revoked. Please use another device.',
  ERR_REVOCATION_UNAVAILABLE: 'We could not check your authenticator’s certificate right now. Please try again later.',
  ERR_METADATA_INVALID: 'We could not check your authenticator right now. Please try again later.',
  ERR_METADATA_ROLLBACK: 'We could not check your authenticator right now. Please try again later.',
  ERR_METADATA_EXPIRED: 'We could not check your authenticator right now. Please try again later.',
  ERR_AUTHENTICATOR_REVOKED: 'This model of authenticator has a known security problem. Please use another device.',
  ERR_AUTHENTICATOR_NOT_CERTIFIED: 'This site only accepts certified authenticators. Please use another device.',
  // relying-party layer
  ERR_CHALLENGE_EXPIRED: 'That request took too long and expired. Please try again.',
  ERR_CHALLENGE_UNKNOWN: 'That request was already used or is unknown. Please start again.',
  ERR_CEREMONY_MISMATCH: 'That answer was for a different kind of request. Please start again.',
  ERR_LAST_CREDENTIAL:
    'This is your only passkey. Add a passkey on another device first, so you cannot lock yourself out.',
  ERR_RECOVERY_CODE_INVALID:
    'That recovery code is not valid for this username, or it was already used (each code works once). Check both and try another code.',
  ERR_STORE_CONFLICT: 'Something changed at the same time. Please try again.',

  // the demo's own
  ERR_DEMO_USERNAME_INVALID: 'Choose a username of 3 to 40 letters, digits, dots, dashes or underscores.',
  ERR_DEMO_USERNAME_TAKEN: 'That username is taken. Choose another one, or sign in if it is yours.',
  ERR_DEMO_NOT_SIGNED_IN: 'Please sign in first.',
  ERR_DEMO_NAME_INVALID: 'Give the passkey a name of 1 to 60 characters.',
  ERR_DEMO_BAD_REQUEST: 'The request was malformed. Please reload the page.',
  ERR_DEMO_FORBIDDEN: 'That request came from another website, so we refused it.',
  ERR_DEMO_SIGN_IN_AGAIN: 'For your safety, sign in again before you create recovery codes.',
  ERR_DEMO_TOO_MANY_ATTEMPTS: 'Too many wrong recovery codes. Wait 15 minutes, then try again.',
  ERR_DEMO_INTERNAL: 'Something went wrong on our side. Please try again.',
};

/** The message for `code`, or a generic one. */
export function messageFor(code) {
  return MESSAGES[code] ?? 'Something went wrong. Please try again.';
}
