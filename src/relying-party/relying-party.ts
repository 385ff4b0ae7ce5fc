/**
 * `createRelyingParty()`: the ceremony layer. Options → challenge store → verify → credential
 * store → events, with the parts every peer leaves to the user done here: single-use challenges
 * bound to session, ceremony and user; credential ownership; compare-and-set counters; device
 * management; recovery codes; audit events.
 *
 * @module
 */

import { sha256 } from '../crypto/hash.js';
import { decodeBase64urlOrUndefined, encodeBase64url, isBase64url } from '../encoding/base64url.js';
import { timingSafeEqualString, utf8Encode } from '../encoding/bytes.js';
import { WebAuthnError, type WebAuthnErrorCode } from '../errors.js';
import type {
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from '../options/index.js';
import { generateAuthenticationOptions, generateRegistrationOptions } from '../options/index.js';
import { parseClientDataJSON } from '../parsers/client-data.js';
import type { Ceremony, ChallengeRecord, CredentialRecord } from '../stores/types.js';
import type { VerifiedRegistration } from '../verify/index.js';
import { verifyAuthenticationResponse, verifyRegistrationResponse } from '../verify/index.js';
import type { RelyingPartyEvent } from './events.js';
import {
  DEFAULT_RECOVERY_CODE_SCRYPT,
  generateRecoveryCodes as generateCodes,
  redeemRecoveryCode as redeemCode,
} from './recovery-codes.js';
import {
  type AllAcceptedCredentialsSignal,
  type CurrentUserDetailsSignal,
  createAllAcceptedCredentialsSignal,
  createCurrentUserDetailsSignal,
  createUnknownCredentialSignal,
  type UnknownCredentialSignal,
} from './signals.js';
import type {
  AccountStatus,
  AuthenticatorNameSource,
  CredentialView,
  FinishAuthenticationInput,
  FinishAuthenticationResult,
  FinishRegistrationInput,
  FinishRegistrationResult,
  RelyingPartyOptions,
  StartAuthenticationInput,
  StartRegistrationInput,
} from './types.js';

/** The relying party returned by {@link createRelyingParty}. */
export interface RelyingParty {
  readonly rpID: string;
  startRegistration(input: StartRegistrationInput): Promise<PublicKeyCredentialCreationOptionsJSON>;
  finishRegistration(input: FinishRegistrationInput): Promise<FinishRegistrationResult>;
  startAuthentication(input: StartAuthenticationInput): Promise<PublicKeyCredentialRequestOptionsJSON>;
  finishAuthentication(input: FinishAuthenticationInput): Promise<FinishAuthenticationResult>;
  listCredentials(input: { userHandle: string }): Promise<CredentialView[]>;
  getAccountStatus(input: { userHandle: string }): Promise<AccountStatus>;
  renameCredential(input: { userHandle: string; credentialId: string; name: string }): Promise<void>;
  deleteCredential(input: { userHandle: string; credentialId: string; force?: boolean }): Promise<void>;
  generateRecoveryCodes(input: { userHandle: string; count?: number }): Promise<{ codes: string[] }>;
  redeemRecoveryCode(input: { userHandle: string; code: string }): Promise<{ remaining: number }>;
  signalUnknownCredential(input: { credentialId: string }): UnknownCredentialSignal;
  signalAllAcceptedCredentials(input: { userHandle: string }): Promise<AllAcceptedCredentialsSignal>;
  signalCurrentUserDetails(input: { userHandle: string; name: string; displayName: string }): CurrentUserDetailsSignal;
}

/** Extra time a consumed-too-late challenge stays stored, so it can be reported as expired rather than unknown. */
const EXPIRED_GRACE_MS = 10 * 60_000;
const MAX_CLIENT_DATA = 16 * 1024;
const MAX_NAME_LENGTH = 64;

/**
 * The store key of a challenge: SHA-256(session ‖ 0x00 ‖ challenge), base64url. Binding the key
 * to the session means a response only finds its challenge from the session that started it,
 * and stores never see raw session ids. Several ceremonies may run in one session at once.
 */
function challengeKey(session: string, challenge: string): string {
  return encodeBase64url(sha256(utf8Encode(`${session}\u0000${challenge}`)));
}

function assertSession(session: unknown): asserts session is string {
  if (typeof session !== 'string' || session.length === 0 || session.length > 1024) {
    throw new TypeError('session must be a non-empty string (your session identifier)');
  }
}

function assertUserHandle(userHandle: unknown, name = 'userHandle'): asserts userHandle is string {
  const bytes = typeof userHandle === 'string' ? decodeBase64urlOrUndefined(userHandle) : undefined;
  if (bytes === undefined || bytes.length < 1 || bytes.length > 64) {
    throw new TypeError(`${name} must be base64url of 1–64 bytes`);
  }
}

/** Reads the challenge out of a response's clientDataJSON, only to find the stored record. */
function challengeOf(response: unknown): string {
  const inner = (response as { response?: { clientDataJSON?: unknown } } | null)?.response;
  const encoded = inner?.clientDataJSON;
  if (typeof encoded !== 'string') {
    throw new WebAuthnError('ERR_INVALID_RESPONSE', 'response.clientDataJSON must be a base64url string');
  }
  if (encoded.length > Math.ceil((MAX_CLIENT_DATA * 4) / 3)) {
    throw new WebAuthnError('ERR_INPUT_TOO_LARGE', 'clientDataJSON is too large');
  }
  const bytes = decodeBase64urlOrUndefined(encoded);
  if (bytes === undefined) throw new WebAuthnError('ERR_INVALID_RESPONSE', 'clientDataJSON is not base64url');
  const { challenge } = parseClientDataJSON(bytes);
  return challenge;
}

/** §6.1: flags at byte 32, signCount at bytes 33–36 of authenticatorData (already verified). */
function signCountOf(response: { response: { authenticatorData: string } }): number {
  const bytes = decodeBase64urlOrUndefined(response.response.authenticatorData);
  if (bytes === undefined || bytes.length < 37) return 0;
  return (
    (bytes[33] as number) * 2 ** 24 +
    ((bytes[34] as number) << 16) +
    ((bytes[35] as number) << 8) +
    (bytes[36] as number)
  );
}

function credentialIdOf(response: unknown): string | undefined {
  const id = (response as { id?: unknown } | null)?.id;
  return typeof id === 'string' && isBase64url(id) && id.length > 0 && id.length <= 1400 ? id : undefined;
}

function defaultName(transports: readonly string[], multiDevice: boolean): string {
  if (multiDevice) return 'Passkey';
  const roaming = transports.some((t) => t === 'usb' || t === 'nfc' || t === 'ble' || t === 'smart-card');
  const platform = transports.some((t) => t === 'internal' || t === 'hybrid');
  return roaming && !platform ? 'Security key' : 'Passkey';
}

function metadataDescription(verification: VerifiedRegistration): string | undefined {
  const entry = verification.attestation.metadata?.entry as
    | { metadataStatement?: { description?: unknown }; description?: unknown }
    | undefined;
  const description = entry?.metadataStatement?.description ?? entry?.description;
  return typeof description === 'string' && description.length > 0 ? description : undefined;
}

async function lookupName(source: AuthenticatorNameSource | undefined, aaguid: string): Promise<string | undefined> {
  if (source === undefined || aaguid === '00000000-0000-0000-0000-000000000000') return undefined;
  if (typeof source === 'function') return (await source(aaguid)) ?? undefined;
  const entry = Object.hasOwn(source, aaguid) ? source[aaguid] : undefined;
  if (typeof entry === 'string') return entry;
  return typeof entry?.name === 'string' ? entry.name : undefined;
}

function validateName(name: unknown): string {
  if (typeof name !== 'string') throw new TypeError('name must be a string');
  const trimmed = name.trim();
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
  if (trimmed.length === 0 || trimmed.length > MAX_NAME_LENGTH || /[\u0000-\u001f\u007f]/.test(trimmed)) {
    throw new RangeError(`name must be 1–${MAX_NAME_LENGTH} characters without control characters`);
  }
  return trimmed;
}

function uniqueName(base: string, taken: readonly string[]): string {
  if (!taken.includes(base)) return base;
  for (let i = 2; ; i++) {
    const candidate = `${base} ${i}`;
    if (!taken.includes(candidate)) return candidate;
  }
}

function toView(record: CredentialRecord): CredentialView {
  return {
    id: record.id,
    name: record.name,
    deviceType: record.backupEligible ? 'multiDevice' : 'singleDevice',
    backedUp: record.backedUp,
    transports: [...record.transports],
    aaguid: record.aaguid,
    createdAt: record.createdAt,
    lastUsedAt: record.lastUsedAt,
  };
}

function codeOf(error: unknown): WebAuthnErrorCode | undefined {
  return error instanceof WebAuthnError ? error.code : undefined;
}

/**
 * Creates a relying party: the four ceremony steps plus device management, recovery codes, audit
 * events and Signal API payloads. Holds no state of its own: several instances (processes)
 * sharing the same stores behave as one.
 *
 * @example
 * ```ts
 * import { createRelyingParty } from '@tessera/webauthn';
 * import { createMemoryChallengeStore, createMemoryCredentialStore } from '@tessera/webauthn/stores/memory';
 *
 * const rp = createRelyingParty({
 *   rpID: 'example.com',
 *   rpName: 'Example',
 *   origins: ['https://example.com'],
 *   challenges: createMemoryChallengeStore(),
 *   credentials: createMemoryCredentialStore(),
 *   onEvent: (event) => auditLog.write(event),
 * });
 * const options = await rp.startAuthentication({ session: req.sessionId });
 * // … browser: navigator.credentials.get(…) …
 * const { userHandle } = await rp.finishAuthentication({ session: req.sessionId, response: body });
 * ```
 */
export function createRelyingParty(options: RelyingPartyOptions): RelyingParty {
  const { rpID, rpName, challenges, credentials } = options;
  if (typeof rpID !== 'string' || rpID.length === 0) throw new TypeError('rpID must be a non-empty string');
  if (typeof rpName !== 'string') throw new TypeError('rpName must be a string');
  if (challenges === undefined || credentials === undefined)
    throw new TypeError('challenges and credentials stores are required');
  const clock = options.clock ?? ((): Date => new Date());
  const timeoutMs = options.challengeTimeoutMs ?? 300_000;
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1000)
    throw new RangeError('challengeTimeoutMs must be an integer ≥ 1000');
  const userVerification = options.userVerification ?? 'required';
  const counterPolicy = options.counterPolicy ?? 'reject';
  const maxAttempts = options.maxUpdateAttempts ?? 5;
  const randomBytes = options.random ?? ((n: number): Uint8Array => crypto.getRandomValues(new Uint8Array(n)));
  const scrypt = options.recoveryCodeScrypt ?? DEFAULT_RECOVERY_CODE_SCRYPT;

  async function emit(event: RelyingPartyEvent): Promise<void> {
    if (options.onEvent === undefined) return;
    try {
      await options.onEvent(event);
    } catch (error) {
      options.logger?.warn('onEvent handler failed', { type: event.type, error: String(error) });
    }
  }

  /** Consumes the challenge a response answers; checks session binding, ceremony and expiry. */
  async function takeChallenge(session: string, response: unknown, ceremony: Ceremony): Promise<ChallengeRecord> {
    const challenge = challengeOf(response);
    const record =
      challenge.length > 0 && challenge.length <= 1400
        ? await challenges.consume(challengeKey(session, challenge))
        : undefined;
    // The stored challenge is a secret until it is consumed: compare in constant time.
    if (record === undefined || !timingSafeEqualString(record.challenge, challenge)) {
      const credentialId = credentialIdOf(response);
      await emit({
        type: 'challenge.replayed',
        at: clock(),
        rpID,
        ceremony,
        ...(credentialId === undefined ? {} : { credentialId }),
      });
      throw new WebAuthnError(
        'ERR_CHALLENGE_UNKNOWN',
        'no pending challenge for this session: unknown, already used or expired long ago',
      );
    }
    if (record.ceremony !== ceremony) {
      throw new WebAuthnError(
        'ERR_CEREMONY_MISMATCH',
        `the challenge was issued for ${record.ceremony}, not ${ceremony}`,
        {
          details: { expected: ceremony, received: record.ceremony },
        },
      );
    }
    if (clock().getTime() > record.expiresAt.getTime()) {
      throw new WebAuthnError('ERR_CHALLENGE_EXPIRED', 'the challenge expired', {
        details: { expiresAt: record.expiresAt.toISOString() },
      });
    }
    return record;
  }

  async function putChallenge(session: string, record: ChallengeRecord): Promise<void> {
    await challenges.put(challengeKey(session, record.challenge), record, timeoutMs + EXPIRED_GRACE_MS);
  }

  async function ownedCredential(userHandle: string, credentialId: string): Promise<CredentialRecord> {
    assertUserHandle(userHandle);
    const record = typeof credentialId === 'string' ? await credentials.get(credentialId) : undefined;
    if (record === undefined || record.userHandle !== userHandle) {
      throw new WebAuthnError('ERR_CREDENTIAL_NOT_FOUND', 'no such credential for this user');
    }
    return record;
  }

  async function startRegistration(input: StartRegistrationInput): Promise<PublicKeyCredentialCreationOptionsJSON> {
    assertSession(input.session);
    if (input.user.id !== undefined) assertUserHandle(input.user.id, 'user.id');
    const existing = input.user.id === undefined ? [] : await credentials.listByUser(input.user.id);
    const now = clock();
    const creation = generateRegistrationOptions({
      rpName,
      rpID,
      user: {
        ...(input.user.id === undefined ? {} : { id: input.user.id }),
        name: input.user.name,
        ...(input.user.displayName === undefined ? {} : { displayName: input.user.displayName }),
      },
      random: randomBytes,
      timeout: timeoutMs,
      attestation: options.attestationConveyance ?? 'none',
      excludeCredentials: existing.map((c) => ({ id: c.id, transports: c.transports })),
      authenticatorSelection: {
        residentKey: options.residentKey ?? 'required',
        userVerification,
        ...(input.authenticatorAttachment === undefined
          ? {}
          : { authenticatorAttachment: input.authenticatorAttachment }),
      },
      ...(options.supportedAlgorithms === undefined ? {} : { supportedAlgorithms: options.supportedAlgorithms }),
      ...(input.hints === undefined ? {} : { hints: input.hints }),
    });
    await putChallenge(input.session, {
      ceremony: 'registration',
      challenge: creation.challenge,
      userHandle: creation.user.id,
      createdAt: now,
      expiresAt: new Date(now.getTime() + timeoutMs),
      userVerification,
      userName: input.user.name,
    });
    return creation;
  }

  async function finishRegistration(input: FinishRegistrationInput): Promise<FinishRegistrationResult> {
    assertSession(input.session);
    let userHandle: string | undefined;
    let credentialId = credentialIdOf(input.response);
    try {
      const record = await takeChallenge(input.session, input.response, 'registration');
      userHandle = record.userHandle;
      if (userHandle === undefined)
        throw new WebAuthnError('ERR_CEREMONY_MISMATCH', 'registration challenge without a user');
      const now = clock();
      const verification = await verifyRegistrationResponse({
        response: input.response,
        expectedChallenge: record.challenge,
        expectedOrigin: options.origins,
        expectedRPID: rpID,
        requireUserVerification: record.userVerification === 'required',
        now,
        ...(options.topOrigins === undefined ? {} : { expectedTopOrigin: options.topOrigins }),
        ...(options.supportedAlgorithms === undefined ? {} : { supportedAlgorithms: options.supportedAlgorithms }),
        ...(options.attestation === undefined ? {} : { attestation: options.attestation }),
      });
      const c = verification.credential;
      credentialId = c.id;
      // §7.1 step 26: refuse a credential id that is already registered (to anyone).
      if ((await credentials.get(c.id)) !== undefined) {
        throw new WebAuthnError('ERR_CREDENTIAL_EXISTS', 'this credential is already registered');
      }
      const siblings = await credentials.listByUser(userHandle);
      const base =
        input.name !== undefined
          ? validateName(input.name)
          : ((await lookupName(options.metadata, c.aaguid)) ??
            metadataDescription(verification) ??
            defaultName(c.transports, c.backupEligible));
      const stored: CredentialRecord = {
        id: c.id,
        userHandle,
        publicKey: c.publicKey,
        algorithm: c.algorithm,
        counter: c.counter,
        transports: [...c.transports],
        backupEligible: c.backupEligible,
        backedUp: c.backedUp,
        uvInitialized: c.uvInitialized,
        aaguid: c.aaguid,
        attestationFormat: verification.attestation.format,
        name: uniqueName(
          base.slice(0, MAX_NAME_LENGTH),
          siblings.map((s) => s.name),
        ),
        createdAt: now,
        lastUsedAt: null,
      };
      await credentials.create(stored); // unique id: a concurrent duplicate fails here with ERR_CREDENTIAL_EXISTS
      await emit({
        type: 'registration.succeeded',
        at: clock(),
        rpID,
        userHandle,
        credentialId: c.id,
        aaguid: c.aaguid,
        attestationFormat: verification.attestation.format,
        attestationTrusted: verification.attestation.trusted,
        deviceType: c.deviceType,
        backedUp: c.backedUp,
        userVerified: verification.userVerified,
      });
      return { credential: stored, userHandle, verification };
    } catch (error) {
      await emit({
        type: 'registration.failed',
        at: clock(),
        rpID,
        code: codeOf(error),
        ...(userHandle === undefined ? {} : { userHandle }),
        ...(credentialId === undefined ? {} : { credentialId }),
      });
      throw error;
    }
  }

  async function startAuthentication(input: StartAuthenticationInput): Promise<PublicKeyCredentialRequestOptionsJSON> {
    assertSession(input.session);
    const userHandle = input.user?.id;
    if (userHandle !== undefined) assertUserHandle(userHandle, 'user.id');
    const owned = userHandle === undefined ? [] : await credentials.listByUser(userHandle);
    const now = clock();
    const request = generateAuthenticationOptions({
      rpID,
      random: randomBytes,
      timeout: timeoutMs,
      userVerification,
      allowCredentials: owned.map((c) => ({ id: c.id, transports: c.transports })),
      ...(input.hints === undefined ? {} : { hints: input.hints }),
    });
    await putChallenge(input.session, {
      ceremony: 'authentication',
      challenge: request.challenge,
      ...(userHandle === undefined ? {} : { userHandle }),
      createdAt: now,
      expiresAt: new Date(now.getTime() + timeoutMs),
      userVerification,
      allowCredentials: owned.map((c) => c.id),
    });
    return request;
  }

  async function finishAuthentication(input: FinishAuthenticationInput): Promise<FinishAuthenticationResult> {
    assertSession(input.session);
    const credentialId = credentialIdOf(input.response);
    let userHandle: string | undefined;
    try {
      const record = await takeChallenge(input.session, input.response, 'authentication');
      userHandle = record.userHandle;
      if (credentialId === undefined)
        throw new WebAuthnError('ERR_INVALID_RESPONSE', 'response.id must be a base64url credential id');
      // §7.2 step 5: when allowCredentials was sent, the credential must be one of them.
      const allowed = record.allowCredentials ?? [];
      if (record.userHandle !== undefined && !allowed.includes(credentialId)) {
        throw new WebAuthnError(
          'ERR_CREDENTIAL_MISMATCH',
          'the credential does not belong to the user this sign-in was started for',
        );
      }
      const stored = await credentials.get(credentialId);
      if (stored === undefined) throw new WebAuthnError('ERR_CREDENTIAL_NOT_FOUND', 'unknown credential');
      // §7.2 step 6 (YSA-2026-02, Rodauth 2.46.0): the credential must belong to the expected user …
      if (record.userHandle !== undefined && stored.userHandle !== record.userHandle) {
        throw new WebAuthnError(
          'ERR_CREDENTIAL_MISMATCH',
          'the credential does not belong to the user this sign-in was started for',
        );
      }
      // … and in a discoverable flow the authenticator must name that owner.
      const returned = input.response.response?.userHandle;
      const hasHandle = typeof returned === 'string' && returned.length > 0;
      if (record.userHandle === undefined && !hasHandle) {
        throw new WebAuthnError(
          'ERR_CREDENTIAL_MISMATCH',
          'discoverable sign-in requires the authenticator to return the userHandle',
        );
      }
      if (hasHandle && returned !== stored.userHandle) {
        throw new WebAuthnError('ERR_CREDENTIAL_MISMATCH', 'the userHandle does not belong to the credential owner');
      }
      userHandle = stored.userHandle;
      const verification = await verifyAuthenticationResponse({
        response: input.response,
        expectedChallenge: record.challenge,
        expectedOrigin: options.origins,
        expectedRPID: rpID,
        requireUserVerification: record.userVerification === 'required',
        credential: {
          id: stored.id,
          publicKey: stored.publicKey,
          counter: stored.counter,
          userHandle: stored.userHandle,
          backupEligible: stored.backupEligible,
        },
        counterPolicy: 'flag', // decided below, so the regression can be reported with its values
        ...(options.topOrigins === undefined ? {} : { expectedTopOrigin: options.topOrigins }),
        ...(options.supportedAlgorithms === undefined ? {} : { supportedAlgorithms: options.supportedAlgorithms }),
      });
      const received = signCountOf(input.response);
      const owner = stored.userHandle;

      // §7.2 steps 22 and 24: counter check and compare-and-set update. A lost race re-reads the
      // record: a concurrent sign-in that stored a counter ≥ ours makes this one a regression.
      let current = stored;
      let status: FinishAuthenticationResult['counterStatus'] = verification.counterStatus;
      for (let attempt = 1; ; attempt++) {
        if (received === 0 && current.counter === 0) status = 'not-supported';
        else if (received > current.counter) status = 'ok';
        else status = 'regressed';
        if (status === 'regressed') {
          await emit({
            type: 'counter.regressed',
            at: clock(),
            rpID,
            userHandle: owner,
            credentialId: stored.id,
            storedCounter: current.counter,
            receivedCounter: received,
            policy: counterPolicy,
          });
          if (counterPolicy === 'reject') {
            throw new WebAuthnError(
              'ERR_COUNTER_REGRESSION',
              'the signature counter did not increase: possible cloned authenticator',
              {
                details: { stored: current.counter, received },
              },
            );
          }
        }
        const next = {
          counter: status === 'ok' ? received : current.counter,
          backedUp: verification.backedUp,
          lastUsedAt: clock(),
        };
        if (await credentials.updateAfterAuthentication(stored.id, { counter: current.counter }, next)) {
          current = { ...current, ...next };
          break;
        }
        const reread = await credentials.get(stored.id);
        if (reread === undefined || reread.userHandle !== owner) {
          throw new WebAuthnError('ERR_CREDENTIAL_NOT_FOUND', 'the credential was deleted during sign-in');
        }
        if (attempt >= maxAttempts) {
          throw new WebAuthnError('ERR_STORE_CONFLICT', 'could not update the credential: too many concurrent updates');
        }
        current = reread;
      }
      await emit({
        type: 'authentication.succeeded',
        at: clock(),
        rpID,
        userHandle: owner,
        credentialId: stored.id,
        userVerified: verification.userVerified,
        backedUp: verification.backedUp,
        counterStatus: status,
      });
      return {
        userHandle: owner,
        credential: current,
        userVerified: verification.userVerified,
        counterStatus: status,
        needsReauthentication: status === 'regressed',
        verification: { ...verification, counterStatus: status, newCounter: current.counter },
      };
    } catch (error) {
      await emit({
        type: 'authentication.failed',
        at: clock(),
        rpID,
        code: codeOf(error),
        ...(userHandle === undefined ? {} : { userHandle }),
        ...(credentialId === undefined ? {} : { credentialId }),
      });
      throw error;
    }
  }

  async function listCredentials(input: { userHandle: string }): Promise<CredentialView[]> {
    assertUserHandle(input.userHandle);
    return (await credentials.listByUser(input.userHandle)).map(toView);
  }

  async function getAccountStatus(input: { userHandle: string }): Promise<AccountStatus> {
    const views = await listCredentials(input);
    let recoveryCodesRemaining: number | undefined;
    if (options.recoveryCodes !== undefined) {
      recoveryCodesRemaining = (await options.recoveryCodes.listByUser(input.userHandle)).filter(
        (r) => r.usedAt === null,
      ).length;
    }
    return {
      credentials: views,
      needsBackupPasskey: views.length < 2 && !views.some((v) => v.backedUp),
      recoveryCodesRemaining,
    };
  }

  async function renameCredential(input: { userHandle: string; credentialId: string; name: string }): Promise<void> {
    const name = validateName(input.name);
    if (typeof credentials.updateName !== 'function')
      throw new TypeError('the credential store does not support updateName');
    await ownedCredential(input.userHandle, input.credentialId);
    if (!(await credentials.updateName(input.credentialId, name))) {
      throw new WebAuthnError('ERR_CREDENTIAL_NOT_FOUND', 'no such credential for this user');
    }
    await emit({
      type: 'credential.renamed',
      at: clock(),
      rpID,
      userHandle: input.userHandle,
      credentialId: input.credentialId,
    });
  }

  async function deleteCredential(input: { userHandle: string; credentialId: string; force?: boolean }): Promise<void> {
    const forced = input.force === true;
    await ownedCredential(input.userHandle, input.credentialId);
    if (forced) {
      await credentials.delete(input.credentialId);
    } else if (typeof credentials.deleteUnlessLast === 'function') {
      const outcome = await credentials.deleteUnlessLast(input.credentialId, input.userHandle);
      if (outcome === 'not-found')
        throw new WebAuthnError('ERR_CREDENTIAL_NOT_FOUND', 'no such credential for this user');
      if (outcome === 'last') {
        throw new WebAuthnError(
          'ERR_LAST_CREDENTIAL',
          'refusing to delete the last credential of the account (pass force: true)',
        );
      }
    } else {
      // Stores without deleteUnlessLast: check, then delete (not atomic under concurrency).
      if ((await credentials.listByUser(input.userHandle)).length <= 1) {
        throw new WebAuthnError(
          'ERR_LAST_CREDENTIAL',
          'refusing to delete the last credential of the account (pass force: true)',
        );
      }
      await credentials.delete(input.credentialId);
    }
    await emit({
      type: 'credential.deleted',
      at: clock(),
      rpID,
      userHandle: input.userHandle,
      credentialId: input.credentialId,
      forced,
    });
  }

  function recoveryStore(): NonNullable<RelyingPartyOptions['recoveryCodes']> {
    if (options.recoveryCodes === undefined) throw new TypeError('recovery codes need the recoveryCodes store option');
    return options.recoveryCodes;
  }

  async function generateRecoveryCodes(input: { userHandle: string; count?: number }): Promise<{ codes: string[] }> {
    assertUserHandle(input.userHandle);
    const result = await generateCodes({
      store: recoveryStore(),
      userHandle: input.userHandle,
      random: randomBytes,
      now: clock(),
      scrypt,
      ...(input.count === undefined ? {} : { count: input.count }),
    });
    await emit({
      type: 'recovery.generated',
      at: clock(),
      rpID,
      userHandle: input.userHandle,
      count: result.codes.length,
    });
    return result;
  }

  async function redeemRecoveryCode(input: { userHandle: string; code: string }): Promise<{ remaining: number }> {
    assertUserHandle(input.userHandle);
    try {
      const result = await redeemCode({
        store: recoveryStore(),
        userHandle: input.userHandle,
        code: input.code,
        now: clock(),
        scrypt,
      });
      await emit({
        type: 'recovery.redeemed',
        at: clock(),
        rpID,
        userHandle: input.userHandle,
        remaining: result.remaining,
      });
      return result;
    } catch (error) {
      await emit({ type: 'recovery.failed', at: clock(), rpID, userHandle: input.userHandle, code: codeOf(error) });
      throw error;
    }
  }

  return {
    rpID,
    startRegistration,
    finishRegistration,
    startAuthentication,
    finishAuthentication,
    listCredentials,
    getAccountStatus,
    renameCredential,
    deleteCredential,
    generateRecoveryCodes,
    redeemRecoveryCode,
    signalUnknownCredential: (input) => createUnknownCredentialSignal({ rpID, credentialId: input.credentialId }),
    signalAllAcceptedCredentials: async (input) =>
      createAllAcceptedCredentialsSignal({
        rpID,
        userHandle: input.userHandle,
        credentialIds: (await credentials.listByUser(input.userHandle)).map((c) => c.id),
      }),
    signalCurrentUserDetails: (input) => createCurrentUserDetailsSignal({ rpID, ...input }),
  };
}
