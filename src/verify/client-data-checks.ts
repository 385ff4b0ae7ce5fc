/**
 * The clientDataJSON steps shared by both ceremonies (§7.1 steps 7–11, §7.2 steps 10–14).
 *
 * @module
 */
import { timingSafeEqualString } from '../encoding/bytes.js';
import { WebAuthnError } from '../errors.js';
import type { ClientData } from '../parsers/types.js';
import type { OriginMatcher } from './origins.js';

/** How the expected challenge is given: the exact string issued, or a predicate. */
export type ChallengeExpectation = string | ((challenge: string) => boolean | Promise<boolean>);

/** Compiled expectations for clientData. */
export interface ClientDataExpectations {
  type: 'webauthn.create' | 'webauthn.get';
  challenge: ChallengeExpectation;
  origin: OriginMatcher;
  /** Matcher for `topOrigin`, when the RP expects to be embedded cross-origin. */
  topOrigin: OriginMatcher | undefined;
  /** Whether `crossOrigin: true` is acceptable at all. */
  allowCrossOrigin: boolean;
}

/** Runs the clientData checks in spec order; throws on the first failure. */
export async function verifyClientData(c: ClientData, expected: ClientDataExpectations): Promise<void> {
  // §7.1 step 7 / §7.2 step 10: exact type.
  if (c.type !== expected.type) {
    throw new WebAuthnError('ERR_CLIENT_DATA_TYPE', `clientData.type is not ${expected.type}`, {
      details: { expected: expected.type, received: c.type },
    });
  }
  // §7.1 step 8 / §7.2 step 11: the challenge the RP issued (compared as strings, constant time).
  const ok =
    typeof expected.challenge === 'function'
      ? (await expected.challenge(c.challenge)) === true
      : timingSafeEqualString(c.challenge, expected.challenge);
  if (!ok)
    throw new WebAuthnError('ERR_CHALLENGE_MISMATCH', 'clientData.challenge does not match the expected challenge');
  // §7.1 step 9 / §7.2 step 12: an origin the RP expects (exact match). Configured lists answer
  // synchronously; only a caller's async predicate costs an await.
  const originOk = expected.origin(c.origin);
  if (!(typeof originOk === 'boolean' ? originOk : await originOk)) {
    throw new WebAuthnError('ERR_ORIGIN_MISMATCH', 'clientData.origin is not an expected origin', {
      details: { received: c.origin },
    });
  }
  const crossAllowed = expected.allowCrossOrigin || expected.topOrigin !== undefined;
  // §7.1 step 10 / §7.2 step 13: crossOrigin true only when the RP expects cross-origin iframes.
  if (c.crossOrigin === true && !crossAllowed) {
    throw new WebAuthnError('ERR_CROSS_ORIGIN', 'the ceremony ran in a cross-origin iframe, which is not allowed');
  }
  // §7.1 step 11 / §7.2 step 14: topOrigin present → iframe use expected and topOrigin expected.
  if (c.topOrigin !== undefined) {
    if (!crossAllowed || c.crossOrigin !== true) {
      throw new WebAuthnError(
        'ERR_CROSS_ORIGIN',
        'clientData.topOrigin is present but cross-origin use is not allowed',
      );
    }
    if (expected.topOrigin === undefined || !(await expected.topOrigin(c.topOrigin))) {
      throw new WebAuthnError('ERR_TOP_ORIGIN_MISMATCH', 'clientData.topOrigin is not an expected top-level origin', {
        details: { received: c.topOrigin },
      });
    }
  }
}
