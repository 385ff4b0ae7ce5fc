/**
 * verifyAuthenticationResponse: WebAuthn L3 §7.2 "Verifying an Authentication Assertion".
 *
 * @module
 */

import { parseCOSEPublicKey, publicKeysEqual } from '../crypto/cose.js';
import { sha256 } from '../crypto/hash.js';
import type { CryptoBackend } from '../crypto/types.js';
import { verifySignature } from '../crypto/verify.js';
import { decodeBase64urlOrUndefined, encodeBase64url } from '../encoding/base64url.js';
import { concat, equalBytes, utf8Encode } from '../encoding/bytes.js';
import { decodeCBOR, isCBORMap } from '../encoding/cbor.js';
import { WebAuthnError } from '../errors.js';
import { parseAuthenticatorData } from '../parsers/authenticator-data.js';
import { parseClientDataJSON } from '../parsers/client-data.js';
import { DEFAULT_SUPPORTED_ALGORITHMS } from './algorithms.js';
import { verifyClientData } from './client-data-checks.js';
import { type CommonVerifyOptions, checkFlags, clientDataExpectations, matchRpIdHash, rpIdHashes } from './common.js';
import {
  type AuthenticatorExtensionOutputs,
  type ClientExtensionOutputs,
  readAuthenticatorExtensionOutputs,
  readClientExtensionOutputs,
} from './extensions.js';
import { type InputLimits, resolveLimits } from './limits.js';
import { type AuthenticationResponseJSON, checkEnvelope, decodeMember, readClientExtensions } from './response.js';

/** The stored credential an assertion is checked against. */
export interface StoredCredential {
  /** Credential id, base64url. */
  id: string;
  /** COSE_Key bytes (or base64url of them) as stored at registration. */
  publicKey: Uint8Array | string;
  /** Stored signature counter. */
  counter: number;
  /** The user handle (base64url) of the account that owns the credential. */
  userHandle?: string;
  /** Stored backup eligibility; a change is refused (§7.2 step 19). */
  backupEligible?: boolean;
}

/** Options of {@link verifyAuthenticationResponse}. */
export interface VerifyAuthenticationResponseOptions extends CommonVerifyOptions {
  /** `PublicKeyCredential.toJSON()` of the assertion, as the browser sent it. */
  response: AuthenticationResponseJSON;
  /** The credential record the RP looked up by `response.rawId`. */
  credential: StoredCredential;
  /** `'reject'` (default) throws ERR_COUNTER_REGRESSION; `'flag'` returns `counterStatus: 'regressed'`. */
  counterPolicy?: 'reject' | 'flag';
  /** Require the UP flag (default true). */
  requireUserPresence?: boolean;
  /** The AppID requested through the `appid` extension; its hash is accepted only when the client reports `appid: true`. */
  expectedAppID?: string;
  /** COSE algorithms accepted for the stored key (default: every supported one except RS1). */
  supportedAlgorithms?: readonly number[];
  backend?: CryptoBackend;
  limits?: InputLimits;
}

/** The result of {@link verifyAuthenticationResponse}. */
export interface VerifiedAuthentication {
  credentialId: string;
  /** The counter to store (unchanged when the authenticator does not count). */
  newCounter: number;
  /** `ok`, `not-supported` (both zero) or `regressed` (only under `counterPolicy: 'flag'`). */
  counterStatus: 'ok' | 'not-supported' | 'regressed';
  userVerified: boolean;
  userPresent: boolean;
  backupEligible: boolean;
  backedUp: boolean;
  /** The user handle the authenticator returned (base64url), if any. */
  userHandle: string | undefined;
  origin: string;
  rpID: string;
  authenticatorAttachment: 'platform' | 'cross-platform' | undefined;
  extensions: { client: ClientExtensionOutputs; authenticator: AuthenticatorExtensionOutputs };
}

function readStoredKey(publicKey: Uint8Array | string): Uint8Array {
  const bytes = typeof publicKey === 'string' ? decodeBase64urlOrUndefined(publicKey) : publicKey;
  if (!(bytes instanceof Uint8Array))
    throw new TypeError('credential.publicKey must be COSE bytes or base64url of them');
  return bytes;
}

/**
 * Verifies an authentication assertion against a stored credential, or throws `WebAuthnError`.
 *
 * @example
 * ```ts
 * const record = await db.getCredential(body.rawId);
 * const result = await verifyAuthenticationResponse({
 *   response: body,
 *   expectedChallenge: session.challenge,
 *   expectedOrigin: 'https://example.com',
 *   expectedRPID: 'example.com',
 *   credential: record,
 * });
 * await db.updateCounter(record.id, result.newCounter);
 * ```
 */
export async function verifyAuthenticationResponse(
  opts: VerifyAuthenticationResponseOptions,
): Promise<VerifiedAuthentication> {
  if (typeof opts !== 'object' || opts === null)
    throw new TypeError('verifyAuthenticationResponse needs an options object');
  const limits = resolveLimits(opts.limits);
  const expectations = clientDataExpectations(opts, 'webauthn.get');
  const rpIds = rpIdHashes(opts.expectedRPID);
  const stored = opts.credential;
  if (typeof stored !== 'object' || stored === null || typeof stored.id !== 'string') {
    throw new TypeError('credential must be the stored credential record');
  }
  if (!Number.isSafeInteger(stored.counter) || stored.counter < 0)
    throw new TypeError('credential.counter must be an integer ≥ 0');
  const storedKey = readStoredKey(stored.publicKey);
  const counterPolicy = opts.counterPolicy ?? 'reject';
  if (counterPolicy !== 'reject' && counterPolicy !== 'flag')
    throw new TypeError("counterPolicy must be 'reject' or 'flag'");

  // §7.2 step 3: an AuthenticatorAssertionResponse.
  const { json, inner, id } = checkEnvelope(opts.response, limits.credentialId);
  // §7.2 steps 5–6: the credential is the one the RP looked up (never trust a mismatched record).
  if (id !== stored.id) {
    throw new WebAuthnError(
      'ERR_CREDENTIAL_MISMATCH',
      'the response is for a different credential than the stored one',
    );
  }
  const clientDataJSON = decodeMember(inner.clientDataJSON, 'response.clientDataJSON', limits.clientDataJSON);
  const authDataBytes = decodeMember(inner.authenticatorData, 'response.authenticatorData', limits.authenticatorData);
  const signature = decodeMember(inner.signature, 'response.signature', limits.signature);
  let userHandle: string | undefined;
  if (inner.userHandle !== undefined && inner.userHandle !== null && inner.userHandle !== '') {
    decodeMember(inner.userHandle, 'response.userHandle', limits.userHandle);
    userHandle = inner.userHandle as string;
  }
  // §7.2 step 6: when the authenticator names a user, it must be the credential's owner.
  if (userHandle !== undefined && stored.userHandle !== undefined && userHandle !== stored.userHandle) {
    throw new WebAuthnError('ERR_CREDENTIAL_MISMATCH', 'the userHandle does not belong to the credential owner');
  }
  // §7.2 step 4: client extension results.
  const clientExtensions = readClientExtensionOutputs(readClientExtensions(json));

  // §7.2 steps 7–14: clientData.
  const clientData = parseClientDataJSON(clientDataJSON);
  await verifyClientData(clientData, expectations);

  const authData = parseAuthenticatorData(authDataBytes);
  // §7.2 step 15: rpIdHash; the AppID hash only when requested and reported used (§10.1.1).
  let rpID: string;
  if (
    opts.expectedAppID !== undefined &&
    clientExtensions.appid === true &&
    equalBytes(authData.rpIdHash, sha256(utf8Encode(opts.expectedAppID)))
  ) {
    rpID = opts.expectedAppID;
  } else {
    rpID = matchRpIdHash(authData.rpIdHash, rpIds);
  }
  // §7.2 steps 16–18: UP, UV, BE/BS consistency.
  checkFlags(authData.flags, opts.requireUserPresence !== false, opts.requireUserVerification !== false);
  // §7.2 step 19: backup eligibility never changes for a credential (§6.1.3).
  if (stored.backupEligible !== undefined && stored.backupEligible !== authData.flags.be) {
    throw new WebAuthnError('ERR_BACKUP_ELIGIBILITY_CHANGED', 'the BE flag differs from the stored backup eligibility');
  }
  // §7.2 steps 20–21: signature over authData ‖ SHA-256(clientDataJSON) with the stored key.
  let keyMap: unknown;
  try {
    keyMap = decodeCBOR(storedKey);
  } catch (err) {
    throw new WebAuthnError('ERR_PUBLIC_KEY_INVALID', 'the stored public key is not a COSE key', { cause: err });
  }
  if (!isCBORMap(keyMap)) throw new WebAuthnError('ERR_PUBLIC_KEY_INVALID', 'the stored public key is not a COSE key');
  const allowedAlgorithms = opts.supportedAlgorithms ?? DEFAULT_SUPPORTED_ALGORITHMS;
  const key = parseCOSEPublicKey(keyMap, { allowedAlgorithms });
  // Attested credential data in an assertion (seen from early macOS Touch ID) is tolerated only
  // when it describes this very credential (same id, same key; map order may differ).
  const acd = authData.attestedCredentialData;
  if (acd !== undefined) {
    const same =
      encodeBase64url(acd.credentialId) === id &&
      (() => {
        try {
          const attested = parseCOSEPublicKey(acd.credentialPublicKeyMap, { allowedAlgorithms });
          return attested.alg === key.alg && publicKeysEqual(attested.publicKey, key.publicKey);
        } catch {
          return false;
        }
      })();
    if (!same)
      throw new WebAuthnError(
        'ERR_AUTHENTICATOR_DATA_INVALID',
        'assertion carries attested data for another credential',
      );
  }
  const ok = await verifySignature({
    scheme: key.scheme,
    key: key.publicKey,
    signature,
    data: concat(authDataBytes, sha256(clientDataJSON)),
    backend: opts.backend ?? 'auto',
  });
  if (!ok) throw new WebAuthnError('ERR_SIGNATURE_INVALID', 'the assertion signature does not verify');

  // §7.2 step 22: signature counter.
  const newCount = authData.signCount;
  let counterStatus: VerifiedAuthentication['counterStatus'];
  if (newCount === 0 && stored.counter === 0) counterStatus = 'not-supported';
  else if (newCount > stored.counter) counterStatus = 'ok';
  else if (counterPolicy === 'flag') counterStatus = 'regressed';
  else {
    throw new WebAuthnError(
      'ERR_COUNTER_REGRESSION',
      'the signature counter did not increase: possible cloned authenticator',
      {
        details: { stored: stored.counter, received: newCount },
      },
    );
  }

  const attachment = json.authenticatorAttachment;
  return {
    credentialId: id,
    newCounter: counterStatus === 'ok' ? newCount : stored.counter,
    counterStatus,
    userVerified: authData.flags.uv,
    userPresent: authData.flags.up,
    backupEligible: authData.flags.be,
    backedUp: authData.flags.bs,
    userHandle,
    origin: clientData.origin,
    rpID,
    authenticatorAttachment: attachment === 'platform' || attachment === 'cross-platform' ? attachment : undefined,
    extensions: { client: clientExtensions, authenticator: readAuthenticatorExtensionOutputs(authData.extensions) },
  };
}
