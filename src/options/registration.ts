/**
 * `generateRegistrationOptions()`: the W3C `PublicKeyCredentialCreationOptionsJSON` for
 * `navigator.credentials.create()` (WebAuthn L3 §5.4), with passkey-friendly defaults.
 *
 * @module
 */
import { COSE_ALGORITHMS } from '../crypto/cose.js';
import { encodeBase64url } from '../encoding/base64url.js';
import { type RegistrationExtensionsInput, registrationExtensionsJSON } from './extensions.js';
import {
  type AttestationConveyancePreference,
  type AttestationFormat,
  type AuthenticatorAttachment,
  type AuthenticatorSelectionCriteria,
  type BinaryInput,
  type COSEAlgorithmIdentifier,
  DEFAULT_REGISTRATION_ALGORITHMS,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialHint,
  type RandomSource,
  type ResidentKeyRequirement,
  type UserVerificationRequirement,
} from './types.js';
import {
  assertKnownKeys,
  assertNonEmptyString,
  assertOneOf,
  assertRecord,
  assertRPID,
  type CredentialDescriptorInput,
  DEFAULT_USER_ID_BYTES,
  drawRandom,
  recordOrEmpty,
  resolveChallenge,
  resolveDescriptors,
  resolveHints,
  resolveTimeout,
  resolveUserVerification,
  toBytesInRange,
} from './validate.js';

/** Options for {@link generateRegistrationOptions}. */
export interface GenerateRegistrationOptionsInput {
  /** Human-readable Relying Party name shown by some clients (e.g. "Example Inc."). */
  rpName: string;
  /** The RP ID: a bare lower-case domain (`example.com`), the origin's host or a registrable suffix of it. */
  rpID: string;
  user: {
    /**
     * The user handle (1–64 bytes, base64url or bytes). Default: 32 fresh random bytes.
     * Store it with the account and reuse it for every credential of that user. Never derive it
     * from an e-mail address or other personal data: authenticators store it unencrypted.
     */
    id?: BinaryInput;
    /** Account identifier shown to the user (e-mail address, username). Must not be empty. */
    name: string;
    /** Friendly name shown to the user. Default: `name`. */
    displayName?: string;
  };
  /** The challenge (16–1024 bytes, base64url or bytes). Default: 32 bytes from `random`. */
  challenge?: BinaryInput;
  /** Random source for the challenge and user handle. Default: `crypto.getRandomValues`. */
  random?: RandomSource;
  /** Milliseconds the client should wait. Default: 300000 (5 minutes). */
  timeout?: number;
  /** Attestation conveyance. Default: `'none'`. */
  attestation?: AttestationConveyancePreference;
  /** Preferred attestation statement formats, most preferred first (ignored with `attestation: 'none'`). */
  attestationFormats?: readonly AttestationFormat[];
  /** Credentials the user already has, so the authenticator does not register a second one. */
  excludeCredentials?: readonly CredentialDescriptorInput[];
  /**
   * Authenticator selection. Defaults: `residentKey: 'required'` (a passkey), `userVerification: 'required'`
   * (matching the verifier's `requireUserVerification: true`), no `authenticatorAttachment`.
   */
  authenticatorSelection?: {
    authenticatorAttachment?: AuthenticatorAttachment;
    residentKey?: ResidentKeyRequirement;
    userVerification?: UserVerificationRequirement;
  };
  /**
   * Acceptable credential key algorithms, most preferred first (COSE ids).
   * Default: `[-7, -8, -257]` (ES256, EdDSA, RS256).
   */
  supportedAlgorithms?: readonly COSEAlgorithmIdentifier[];
  /** Hints for the client UI, most preferred first. */
  hints?: readonly PublicKeyCredentialHint[];
  /** Client extension inputs. `credProps` is requested by default. */
  extensions?: RegistrationExtensionsInput;
}

const ATTESTATION: readonly AttestationConveyancePreference[] = ['none', 'indirect', 'direct', 'enterprise'];
const ATTESTATION_FORMATS: readonly AttestationFormat[] = [
  'packed',
  'tpm',
  'android-key',
  'android-safetynet',
  'fido-u2f',
  'apple',
  'none',
  'compound',
];
const RESIDENT_KEY: readonly ResidentKeyRequirement[] = ['discouraged', 'preferred', 'required'];
const ATTACHMENT: readonly AuthenticatorAttachment[] = ['platform', 'cross-platform'];
/** Every algorithm the verifiers support, except RS1 (SHA-1), which is never offered for new credentials. */
const OFFERABLE_ALGORITHMS: ReadonlySet<number> = /* @__PURE__ */ new Set(
  Object.values(COSE_ALGORITHMS).filter((alg) => alg !== COSE_ALGORITHMS.RS1),
);
const TOP_LEVEL_KEYS = [
  'rpName',
  'rpID',
  'user',
  'challenge',
  'random',
  'timeout',
  'attestation',
  'attestationFormats',
  'excludeCredentials',
  'authenticatorSelection',
  'supportedAlgorithms',
  'hints',
  'extensions',
] as const;

function resolveAlgorithms(value: unknown): COSEAlgorithmIdentifier[] {
  if (value === undefined) return [...DEFAULT_REGISTRATION_ALGORITHMS];
  if (!Array.isArray(value)) throw new TypeError('supportedAlgorithms must be an array of COSE algorithm ids');
  if (value.length === 0) throw new RangeError('supportedAlgorithms must not be empty');
  const seen = new Set<number>();
  for (const [i, alg] of value.entries()) {
    if (typeof alg !== 'number' || !Number.isInteger(alg)) {
      throw new TypeError(`supportedAlgorithms[${i}] must be an integer COSE algorithm id`);
    }
    if (alg === COSE_ALGORITHMS.RS1)
      throw new RangeError('supportedAlgorithms: RS1 (-65535, SHA-1) is never offered for new credentials');
    if (!OFFERABLE_ALGORITHMS.has(alg)) {
      throw new RangeError(`supportedAlgorithms[${i}]: Tessera cannot verify COSE algorithm ${alg}`);
    }
    if (seen.has(alg)) throw new RangeError(`supportedAlgorithms lists ${alg} twice`);
    seen.add(alg);
  }
  return [...(value as number[])];
}

function resolveSelection(value: unknown): AuthenticatorSelectionCriteria {
  const input = recordOrEmpty(value, 'authenticatorSelection');
  assertKnownKeys(input, ['authenticatorAttachment', 'residentKey', 'userVerification'], 'authenticatorSelection');
  const residentKey = input.residentKey ?? 'required';
  assertOneOf(residentKey, RESIDENT_KEY, 'authenticatorSelection.residentKey');
  const out: AuthenticatorSelectionCriteria = {};
  if (input.authenticatorAttachment !== undefined) {
    assertOneOf(input.authenticatorAttachment, ATTACHMENT, 'authenticatorSelection.authenticatorAttachment');
    out.authenticatorAttachment = input.authenticatorAttachment;
  }
  out.residentKey = residentKey;
  out.requireResidentKey = residentKey === 'required';
  out.userVerification = resolveUserVerification(input.userVerification, 'authenticatorSelection.userVerification');
  return out;
}

/**
 * Builds the options for a registration ceremony.
 *
 * Defaults, chosen for passkeys (docs/options.md explains each): a 32-byte random challenge, a
 * random 32-byte user handle, 5-minute timeout, `attestation: 'none'`, `residentKey: 'required'`,
 * `userVerification: 'required'`, no authenticator attachment (synced passkeys and security keys
 * both work), algorithms ES256, EdDSA, RS256, and the `credProps` extension.
 *
 * Store `options.challenge` (and `options.user.id` for a new account) server-side before sending the
 * options to the browser; the verifier needs the exact challenge string.
 *
 * Throws `TypeError`/`RangeError` on invalid arguments (programmer errors).
 *
 * @example
 * ```ts
 * import { generateRegistrationOptions } from '@tessera/webauthn';
 *
 * const options = generateRegistrationOptions({
 *   rpName: 'Example Inc.',
 *   rpID: 'example.com',
 *   user: { id: account.userHandle, name: 'ada@example.com', displayName: 'Ada Lovelace' },
 *   excludeCredentials: account.credentials.map((c) => ({ id: c.id, transports: c.transports })),
 * });
 * await challenges.put(sessionId, { challenge: options.challenge }, options.timeout);
 * return Response.json(options); // browser: PublicKeyCredential.parseCreationOptionsFromJSON(options)
 * ```
 */
export function generateRegistrationOptions(
  input: GenerateRegistrationOptionsInput,
): PublicKeyCredentialCreationOptionsJSON {
  assertRecord(input, 'generateRegistrationOptions options');
  assertKnownKeys(input as unknown as Record<string, unknown>, TOP_LEVEL_KEYS, 'generateRegistrationOptions options');
  assertNonEmptyString(input.rpName, 'rpName');
  assertRPID(input.rpID, 'rpID');

  const user: unknown = input.user;
  assertRecord(user, 'user');
  assertKnownKeys(user, ['id', 'name', 'displayName'], 'user');
  assertNonEmptyString(user.name, 'user.name');
  const displayName = user.displayName ?? user.name;
  if (typeof displayName !== 'string') throw new TypeError('user.displayName must be a string');

  const challenge = resolveChallenge(input.challenge, input.random);
  const userID =
    user.id === undefined ? drawRandom(input.random, DEFAULT_USER_ID_BYTES) : toBytesInRange(user.id, 'user.id', 1, 64);

  const attestation = input.attestation ?? 'none';
  assertOneOf(attestation, ATTESTATION, 'attestation');

  let attestationFormats: AttestationFormat[] | undefined;
  if (input.attestationFormats !== undefined) {
    if (!Array.isArray(input.attestationFormats)) throw new TypeError('attestationFormats must be an array');
    const formats: AttestationFormat[] = [];
    for (const [i, fmt] of input.attestationFormats.entries()) {
      assertOneOf(fmt, ATTESTATION_FORMATS, `attestationFormats[${i}]`);
      if (formats.includes(fmt)) throw new RangeError(`attestationFormats lists '${fmt}' twice`);
      formats.push(fmt);
    }
    if (formats.length > 0 && attestation === 'none') {
      throw new RangeError("attestationFormats has no effect with attestation: 'none'; set attestation too");
    }
    if (formats.length > 0) attestationFormats = formats;
  }

  const options: PublicKeyCredentialCreationOptionsJSON = {
    rp: { id: input.rpID, name: input.rpName },
    user: { id: encodeBase64url(userID), name: user.name, displayName },
    challenge,
    pubKeyCredParams: resolveAlgorithms(input.supportedAlgorithms).map((alg) => ({ type: 'public-key', alg })),
    timeout: resolveTimeout(input.timeout),
    excludeCredentials: resolveDescriptors(input.excludeCredentials, 'excludeCredentials'),
    authenticatorSelection: resolveSelection(input.authenticatorSelection),
    attestation,
  };
  if (attestationFormats !== undefined) options.attestationFormats = attestationFormats;
  const hints = resolveHints(input.hints);
  if (hints !== undefined) options.hints = hints;
  const extensions = registrationExtensionsJSON(input.extensions);
  if (Object.keys(extensions).length > 0) options.extensions = extensions;
  return options;
}
