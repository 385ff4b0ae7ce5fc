/** Shared set-up for relying-party tests: memory stores, a fake clock, an event log, a software authenticator. */

import { isWebAuthnError } from '../../src/errors.js';
import type { RelyingPartyEvent } from '../../src/relying-party/events.js';
import { createRelyingParty, type RelyingParty } from '../../src/relying-party/relying-party.js';
import type { RelyingPartyOptions } from '../../src/relying-party/types.js';
import {
  createMemoryChallengeStore,
  createMemoryCredentialStore,
  createMemoryRecoveryCodeStore,
} from '../../src/stores/memory.js';
import type { CredentialStore } from '../../src/stores/types.js';
import { createSoftwareAuthenticator, type SoftwareAuthenticator } from '../../src/testing/index.js';

export const RP_ID = 'example.com';
export const ORIGIN = 'https://example.com';

export interface Harness {
  rp: RelyingParty;
  events: RelyingPartyEvent[];
  credentials: CredentialStore;
  advance(ms: number): void;
  now(): Date;
}

export function createHarness(overrides: Partial<RelyingPartyOptions> = {}): Harness {
  let now = Date.parse('2026-03-01T12:00:00.000Z');
  const clock = (): Date => new Date(now);
  const events: RelyingPartyEvent[] = [];
  const credentials = overrides.credentials ?? createMemoryCredentialStore();
  const rp = createRelyingParty({
    rpID: RP_ID,
    rpName: 'Example',
    origins: [ORIGIN],
    challenges: createMemoryChallengeStore({ clock }),
    credentials,
    recoveryCodes: createMemoryRecoveryCodeStore(),
    recoveryCodeScrypt: { N: 2 ** 10, r: 8, p: 1 },
    clock,
    onEvent: (event) => {
      events.push(event);
    },
    ...overrides,
  });
  return {
    rp,
    events,
    credentials,
    advance: (ms) => {
      now += ms;
    },
    now: clock,
  };
}

let userSeq = 0;
/** A fresh base64url user handle. */
export function newUserHandle(): string {
  userSeq += 1;
  return Buffer.from(`user-${userSeq}-${Math.random()}`).toString('base64url');
}

export function newAuthenticator(
  options: Parameters<typeof createSoftwareAuthenticator>[0] = {},
): SoftwareAuthenticator {
  return createSoftwareAuthenticator({ seed: `rp-tests-${Math.random()}`, ...options });
}

/** Registers a credential for `userHandle` through the relying party; returns its id. */
export async function register(
  h: Harness,
  authenticator: SoftwareAuthenticator,
  userHandle: string,
  extra: Partial<Parameters<SoftwareAuthenticator['createCredential']>[0]> = {},
  session = `reg-${Math.random()}`,
): Promise<string> {
  h.advance(1000); // distinct createdAt, so lists come back in registration order
  const options = await h.rp.startRegistration({ session, user: { id: userHandle, name: 'ada@example.com' } });
  const { response } = await authenticator.createCredential({
    challenge: options.challenge,
    rpId: RP_ID,
    origin: ORIGIN,
    user: { id: options.user.id, name: options.user.name },
    residentKey: true,
    ...extra,
  });
  const result = await h.rp.finishRegistration({ session, response });
  return result.credential.id;
}

/** Resolves to the error code of a rejected promise (fails the test when it resolves). */
export async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (isWebAuthnError(error)) return error.code;
    throw error;
  }
  throw new Error('expected a WebAuthnError, but the call succeeded');
}
