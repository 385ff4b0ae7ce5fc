/** security.md §4 #77–#82: signature counters (stored → new). */
import { describe, expect, it } from 'vitest';
import { createMemoryCredentialStore } from '../../src/stores/memory.js';
import { createHarness, newAuthenticator, newUserHandle, ORIGIN, RP_ID, register } from '../relying-party/helpers.js';
import { assertionOutcome, authenticate, ORIGIN as O, prepareAssertion } from './harness.js';

describe('counters (security.md §4 #77–#82)', () => {
  for (const [row, stored, received] of [
    ['#77', 5, 4],
    ['#78', 5, 5],
    ['#80', 5, 0],
  ] as const) {
    it(`${row} ${stored} → ${received}: REJECT by default`, async () => {
      expect(await assertionOutcome({ get: { counter: received }, stored: { counter: stored } })).toBe(
        'ERR_COUNTER_REGRESSION',
      );
    });
    it(`${row} ${stored} → ${received}: flagged under counterPolicy 'flag' (stored value kept)`, async () => {
      const r = await authenticate({
        get: { counter: received },
        stored: { counter: stored },
        verify: { counterPolicy: 'flag' },
      });
      expect([r.counterStatus, r.newCounter]).toEqual(['regressed', stored]);
    });
  }
  it('#79 0 → 0: ACCEPT (authenticator without a counter)', async () => {
    const r = await authenticate({ get: { counter: 0 }, stored: { counter: 0 } });
    expect([r.counterStatus, r.newCounter]).toEqual(['not-supported', 0]);
  });
  it('#81 0 → 7: ACCEPT and store 7', async () => {
    const r = await authenticate({ get: { counter: 7 }, stored: { counter: 0 } });
    expect([r.counterStatus, r.newCounter]).toEqual(['ok', 7]);
  });
  it('#82 two valid assertions (6 and 7) verified out of order: the second is flagged', async () => {
    const p = await prepareAssertion({ get: { counter: 6 }, stored: { counter: 5 } });
    const seven = await p.authenticator.getAssertion({
      credentialId: p.created.credential.id,
      challenge: p.challenge,
      rpId: 'example.com',
      origin: O,
      counter: 7,
    });
    const first = await p.verify(seven.response);
    expect(first.newCounter).toBe(7);
    const late = await p.verify(p.assertion.response, {
      credential: { ...p.stored, counter: first.newCounter },
      counterPolicy: 'flag',
    });
    expect(late.counterStatus).toBe('regressed');
  });
  it('#82 relying party: out-of-order sign-ins, the late one is refused and reported (counter.regressed)', async () => {
    const h = createHarness({ credentials: createMemoryCredentialStore() });
    const authenticator = newAuthenticator();
    const user = newUserHandle();
    const id = await register(h, authenticator, user);
    const sign = async (session: string, counter: number) => {
      const options = await h.rp.startAuthentication({ session, user: { id: user } });
      const { response } = await authenticator.getAssertion({
        credentialId: id,
        challenge: options.challenge,
        rpId: RP_ID,
        origin: ORIGIN,
        counter,
      });
      return () => h.rp.finishAuthentication({ session, response });
    };
    const six = await sign('s6', 6);
    const seven = await sign('s7', 7);
    expect((await seven()).credential.counter).toBe(7);
    await expect(six()).rejects.toMatchObject({ code: 'ERR_COUNTER_REGRESSION' });
    expect(h.events.some((e) => e.type === 'counter.regressed')).toBe(true);
  });
});
