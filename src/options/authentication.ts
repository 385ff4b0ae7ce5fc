/**
 * `generateAuthenticationOptions()`: the W3C `PublicKeyCredentialRequestOptionsJSON` for
 * `navigator.credentials.get()` (WebAuthn L3 §5.5).
 *
 * @module
 */
import { type AuthenticationExtensionsInput, authenticationExtensionsJSON } from './extensions.js';
import type {
  BinaryInput,
  PublicKeyCredentialHint,
  PublicKeyCredentialRequestOptionsJSON,
  RandomSource,
  UserVerificationRequirement,
} from './types.js';
import {
  assertKnownKeys,
  assertRecord,
  assertRPID,
  type CredentialDescriptorInput,
  resolveChallenge,
  resolveDescriptors,
  resolveHints,
  resolveTimeout,
  resolveUserVerification,
} from './validate.js';

/** Options for {@link generateAuthenticationOptions}. */
export interface GenerateAuthenticationOptionsInput {
  /** The RP ID the credentials were registered for (bare lower-case domain). */
  rpID: string;
  /** The challenge (16–1024 bytes, base64url or bytes). Default: 32 bytes from `random`. */
  challenge?: BinaryInput;
  /** Random source for the challenge. Default: `crypto.getRandomValues`. */
  random?: RandomSource;
  /** Milliseconds the client should wait. Default: 300000 (5 minutes). */
  timeout?: number;
  /**
   * The user's credentials, when the user is already known. Leave empty (the default) for
   * username-less sign-in and conditional mediation (autofill) with discoverable credentials.
   */
  allowCredentials?: readonly CredentialDescriptorInput[];
  /** Default `'required'`, matching the verifier's `requireUserVerification: true`. */
  userVerification?: UserVerificationRequirement;
  /** Hints for the client UI, most preferred first. */
  hints?: readonly PublicKeyCredentialHint[];
  /** Client extension inputs (appid, prf, largeBlob read/write). */
  extensions?: AuthenticationExtensionsInput;
}

const TOP_LEVEL_KEYS = [
  'rpID',
  'challenge',
  'random',
  'timeout',
  'allowCredentials',
  'userVerification',
  'hints',
  'extensions',
] as const;

/**
 * Builds the options for an authentication ceremony.
 *
 * Defaults: a 32-byte random challenge, 5-minute timeout, `userVerification: 'required'`, empty
 * `allowCredentials` (discoverable credentials). Extension inputs are checked the way the client
 * would check them, so mistakes fail on the server instead of in the browser.
 *
 * Throws `TypeError`/`RangeError` on invalid arguments (programmer errors).
 *
 * @example
 * ```ts
 * import { generateAuthenticationOptions } from '@tessera/webauthn';
 *
 * const options = generateAuthenticationOptions({ rpID: 'example.com' });
 * await challenges.put(sessionId, { challenge: options.challenge }, options.timeout);
 * return Response.json(options); // browser: PublicKeyCredential.parseRequestOptionsFromJSON(options)
 * ```
 */
export function generateAuthenticationOptions(
  input: GenerateAuthenticationOptionsInput,
): PublicKeyCredentialRequestOptionsJSON {
  assertRecord(input, 'generateAuthenticationOptions options');
  assertKnownKeys(input as unknown as Record<string, unknown>, TOP_LEVEL_KEYS, 'generateAuthenticationOptions options');
  assertRPID(input.rpID, 'rpID');
  const allowCredentials = resolveDescriptors(input.allowCredentials, 'allowCredentials');
  const options: PublicKeyCredentialRequestOptionsJSON = {
    challenge: resolveChallenge(input.challenge, input.random),
    timeout: resolveTimeout(input.timeout),
    rpId: input.rpID,
    allowCredentials,
    userVerification: resolveUserVerification(input.userVerification, 'userVerification'),
  };
  const hints = resolveHints(input.hints);
  if (hints !== undefined) options.hints = hints;
  const extensions = authenticationExtensionsJSON(input.extensions, allowCredentials);
  if (extensions !== undefined) options.extensions = extensions;
  return options;
}
