/**
 * Structured mutations of valid responses into both verify functions: the only failure is a
 * WebAuthnError with a stable code; every single-byte change of a signed region is rejected; and
 * semantically neutral changes of a re-signed clientDataJSON still verify.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeBase64url, encodeBase64url } from '../../src/encoding/base64url.js';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '../../src/verify/index.js';
import {
  ORIGIN,
  type PreparedAssertion,
  type PreparedRegistration,
  prepareAssertion,
  prepareRegistration,
  RP_ID,
} from '../attacks/harness.js';
import { applyMutation, mutationArb, onlyAsync, RUNS } from './helpers.js';

type RegMember = 'clientDataJSON' | 'attestationObject';
type AuthMember = 'clientDataJSON' | 'authenticatorData' | 'signature' | 'userHandle';

function mutateReg(
  r: RegistrationResponseJSON,
  member: RegMember,
  f: (b: Uint8Array) => Uint8Array,
): RegistrationResponseJSON {
  return { ...r, response: { ...r.response, [member]: encodeBase64url(f(decodeBase64url(r.response[member]))) } };
}
function mutateAuth(
  r: AuthenticationResponseJSON,
  member: AuthMember,
  f: (b: Uint8Array) => Uint8Array,
): AuthenticationResponseJSON {
  const value = r.response[member] ?? '';
  return { ...r, response: { ...r.response, [member]: encodeBase64url(f(decodeBase64url(value))) } };
}

describe('property: verify functions under mutation', () => {
  const regs: PreparedRegistration[] = [];
  const auths: PreparedAssertion[] = [];
  beforeAll(async () => {
    for (const attestation of ['packed-self', 'packed', 'none'] as const)
      regs.push(await prepareRegistration({ authenticator: { attestation } }));
    for (const algorithm of ['ES256', 'EdDSA', 'RS256'] as const)
      auths.push(await prepareAssertion({ authenticator: { algorithm } }));
  });

  it('registration: flip/truncate/extend/splice/overwrite/duplicate of any member fails only with a WebAuthnError', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat(),
        fc.constantFrom<RegMember>('clientDataJSON', 'attestationObject'),
        mutationArb,
        async (i, member, m) => {
          const p = regs[i % regs.length] as PreparedRegistration;
          await onlyAsync(() => p.verify(mutateReg(p.created.response, member, (b) => applyMutation(b, m))));
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('authentication: mutations of any member fail only with a WebAuthnError', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat(),
        fc.constantFrom<AuthMember>('clientDataJSON', 'authenticatorData', 'signature', 'userHandle'),
        mutationArb,
        async (i, member, m) => {
          const p = auths[i % auths.length] as PreparedAssertion;
          await onlyAsync(() => p.verify(mutateAuth(p.assertion.response, member, (b) => applyMutation(b, m))));
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('both: re-encoding the JSON envelope (arbitrary member values) fails only with a WebAuthnError', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('id', 'rawId', 'type', 'response', 'clientExtensionResults', 'authenticatorAttachment'),
        fc.jsonValue({ maxDepth: 3 }),
        async (key, value) => {
          const a = auths[0] as PreparedAssertion;
          const r = regs[0] as PreparedRegistration;
          await onlyAsync(() => a.verify({ ...a.assertion.response, [key]: value } as AuthenticationResponseJSON));
          await onlyAsync(() => r.verify({ ...r.created.response, [key]: value } as RegistrationResponseJSON));
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('any single-byte change of a signed region is rejected (assertion: authData, clientDataJSON, signature)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat(),
        fc.constantFrom<AuthMember>('clientDataJSON', 'authenticatorData', 'signature'),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        async (i, member, at, mask) => {
          const p = auths[i % auths.length] as PreparedAssertion;
          const response = mutateAuth(p.assertion.response, member, (b) =>
            applyMutation(b, { kind: 'flip', at, mask }),
          );
          expect(await onlyAsync(() => p.verify(response))).not.toBe('ok');
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('any single-byte change of a signed registration (packed self: clientDataJSON, attestationObject) is rejected', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<RegMember>('clientDataJSON', 'attestationObject'),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        async (member, at, mask) => {
          const p = regs[0] as PreparedRegistration;
          const response = mutateReg(p.created.response, member, (b) => applyMutation(b, { kind: 'flip', at, mask }));
          expect(await onlyAsync(() => p.verify(response))).not.toBe('ok');
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('neutral changes of a re-signed clientDataJSON (member order, unknown members, whitespace, BOM) still verify', async () => {
    const reserved = new Set(['type', 'challenge', 'origin', 'crossOrigin', 'topOrigin', '__proto__']);
    const extraArb = fc.dictionary(
      fc.string({ minLength: 1, maxLength: 10 }).filter((k) => !reserved.has(k)),
      fc.jsonValue({ maxDepth: 2 }),
      { maxKeys: 4 },
    );
    const quirksArb = fc.record(
      {
        extraMembers: extraArb,
        memberOrder: fc.shuffledSubarray(['type', 'challenge', 'origin', 'crossOrigin'], {
          minLength: 4,
          maxLength: 4,
        }),
        indent: fc.integer({ min: 0, max: 4 }),
        bom: fc.boolean(),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(quirksArb, fc.boolean(), async (clientData, registration) => {
        if (registration) {
          const p = regs[0] as PreparedRegistration;
          const created = await p.authenticator.createCredential({
            challenge: p.challenge,
            rpId: RP_ID,
            origin: ORIGIN,
            clientData,
          });
          expect(await onlyAsync(() => p.verify(created.response))).toBe('ok');
        } else {
          const p = auths[0] as PreparedAssertion;
          const got = await p.authenticator.getAssertion({
            credentialId: p.created.credential.id,
            challenge: p.challenge,
            rpId: RP_ID,
            origin: ORIGIN,
            clientData,
          });
          expect(
            await onlyAsync(() =>
              p.verify(got.response, { credential: { ...p.stored, counter: 0 }, counterPolicy: 'flag' }),
            ),
          ).toBe('ok');
        }
      }),
      { numRuns: Math.max(20, Math.floor(RUNS / 3)) },
    );
  });
});
