/**
 * Steps shared by registration and authentication: clientData decoding and checks, RP ID hash,
 * user presence / verification and backup flags.
 *
 * @module
 */

import { sha256 } from '../crypto/hash.js';
import { equalBytes, utf8Encode } from '../encoding/bytes.js';
import { WebAuthnError } from '../errors.js';
import type { AuthenticatorFlags } from '../parsers/types.js';
import type { ChallengeExpectation, ClientDataExpectations } from './client-data-checks.js';
import { compileOrigins, type OriginExpectation } from './origins.js';

/** Options common to both verify functions. */
export interface CommonVerifyOptions {
  /** The challenge issued for this ceremony (base64url string as sent), or a predicate. */
  expectedChallenge: ChallengeExpectation;
  /** The origin(s) the ceremony may run on: `https://…`, `http://localhost…`, `android:apk-key-hash:…`, or a predicate. */
  expectedOrigin: OriginExpectation;
  /** The RP ID(s) whose SHA-256 the authenticator must have signed. */
  expectedRPID: string | readonly string[];
  /** Top-level origins allowed to embed the ceremony in a cross-origin iframe (implies `allowCrossOrigin`). */
  expectedTopOrigin?: OriginExpectation;
  /** Accept `crossOrigin: true` (default false). A present `topOrigin` still has to match `expectedTopOrigin`. */
  allowCrossOrigin?: boolean;
  /** Require the UV flag (default true). */
  requireUserVerification?: boolean;
  /** Accept configured `http://` origins other than localhost. Never do this in production. */
  dangerouslyAllowInsecureOrigins?: boolean;
}

/** Compiles the clientData expectations of a ceremony, validating configuration (TypeError). */
export function clientDataExpectations(
  opts: CommonVerifyOptions,
  type: 'webauthn.create' | 'webauthn.get',
): ClientDataExpectations {
  const insecure = opts.dangerouslyAllowInsecureOrigins === true;
  const ch = opts.expectedChallenge;
  if (typeof ch !== 'function' && (typeof ch !== 'string' || ch.length === 0)) {
    throw new TypeError('expectedChallenge must be a non-empty string or a function');
  }
  return {
    type,
    challenge: ch,
    origin: compileOrigins(opts.expectedOrigin, 'expectedOrigin', insecure),
    topOrigin:
      opts.expectedTopOrigin === undefined
        ? undefined
        : compileOrigins(opts.expectedTopOrigin, 'expectedTopOrigin', insecure),
    allowCrossOrigin: opts.allowCrossOrigin === true,
  };
}

/** Validates the RP ID option and returns each id with its SHA-256. */
export function rpIdHashes(expected: string | readonly string[]): Array<{ rpID: string; hash: Uint8Array }> {
  const list = typeof expected === 'string' ? [expected] : expected;
  if (!Array.isArray(list) || list.length === 0)
    throw new TypeError('expectedRPID must be a string or a non-empty list');
  return list.map((rpID) => {
    if (typeof rpID !== 'string' || rpID.length === 0 || rpID.includes('/') || rpID.includes(':')) {
      throw new TypeError(`expectedRPID: "${String(rpID)}" is not a domain (no scheme, port or path)`);
    }
    return { rpID, hash: sha256(utf8Encode(rpID)) };
  });
}

/** §7.1 step 14 / §7.2 step 15: rpIdHash is SHA-256 of an expected RP ID; returns that id. */
export function matchRpIdHash(
  rpIdHash: Uint8Array,
  candidates: ReadonlyArray<{ rpID: string; hash: Uint8Array }>,
): string {
  for (const c of candidates) if (equalBytes(rpIdHash, c.hash)) return c.rpID;
  throw new WebAuthnError('ERR_RP_ID_HASH_MISMATCH', 'authenticatorData.rpIdHash is not the hash of an expected RP ID');
}

/** §7.1 steps 15–17 / §7.2 steps 16–18: UP, UV and the BE/BS consistency rule. */
export function checkFlags(flags: AuthenticatorFlags, requireUP: boolean, requireUV: boolean): void {
  if (requireUP && !flags.up) throw new WebAuthnError('ERR_USER_PRESENCE_REQUIRED', 'the UP flag is not set');
  if (requireUV && !flags.uv) throw new WebAuthnError('ERR_USER_VERIFICATION_REQUIRED', 'the UV flag is not set');
  // §6.1: BS may only be set when BE is set.
  if (flags.bs && !flags.be) throw new WebAuthnError('ERR_BACKUP_FLAGS_INVALID', 'BS is set but BE is not');
}
