/**
 * Timing-safe comparison of secrets and no secret material in errors or events (issue 7 §6).
 * Timing itself is not measured (no timed assertions): the comparison sites are pinned in the
 * source, and the behaviour of near-miss secrets is asserted.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { encodeBase64url } from '../../src/encoding/base64url.js';
import { timingSafeEqual, timingSafeEqualString } from '../../src/encoding/bytes.js';
import type { WebAuthnError } from '../../src/errors.js';
import { createHarness, newAuthenticator, newUserHandle, ORIGIN, RP_ID, register } from '../relying-party/helpers.js';
import { prepareAssertion } from './harness.js';

const source = (path: string) => readFileSync(new URL(`../../src/${path}`, import.meta.url), 'utf8');

/** Everything an error exposes: message, details and the messages of its causes. */
function exposed(err: unknown): string {
  const parts: string[] = [];
  let e: unknown = err;
  for (let i = 0; i < 5 && e instanceof Error; i++) {
    parts.push(e.message, JSON.stringify((e as WebAuthnError).details ?? {}));
    e = e.cause;
  }
  return parts.join('\n');
}

describe('timing-safe comparisons', () => {
  it('timingSafeEqual / timingSafeEqualString: equal, different, prefix and length-extended inputs', () => {
    expect(timingSafeEqualString('challenge', 'challenge')).toBe(true);
    expect(timingSafeEqualString('challenge', 'challengf')).toBe(false);
    expect(timingSafeEqualString('challenge', 'challeng')).toBe(false);
    expect(timingSafeEqualString('challeng', 'challenge')).toBe(false);
    expect(timingSafeEqualString('', '')).toBe(true);
    expect(timingSafeEqual(Uint8Array.of(1, 2), Uint8Array.of(1, 2, 0))).toBe(false);
    expect(timingSafeEqual(Uint8Array.of(0), new Uint8Array(0))).toBe(false);
  });

  it('challenge comparisons go through timingSafeEqualString (verify and relying-party layers)', () => {
    const checks = source('verify/client-data-checks.ts');
    expect(checks).toMatch(/timingSafeEqualString\(c\.challenge, expected\.challenge\)/);
    const rp = source('relying-party/relying-party.ts');
    expect(rp).toMatch(/timingSafeEqualString\(record\.challenge, challenge\)/);
    for (const text of [checks, rp]) {
      expect(text).not.toMatch(/challenge\s*[!=]==\s*[\w.]*challenge\b/i);
    }
  });

  it('recovery codes are compared with timingSafeEqual', () => {
    expect(source('relying-party/recovery-codes.ts')).toMatch(/timingSafeEqual\(/);
  });

  it('a challenge that differs only in its last character is refused (relying party)', async () => {
    const h = createHarness();
    const a = newAuthenticator();
    const user = newUserHandle();
    const id = await register(h, a, user);
    const request = await h.rp.startAuthentication({ session: 's', user: { id: user } });
    const last = request.challenge.at(-1) === 'A' ? 'B' : 'A';
    const { response } = await a.getAssertion({
      credentialId: id,
      challenge: request.challenge.slice(0, -1) + last,
      rpId: RP_ID,
      origin: ORIGIN,
    });
    await expect(h.rp.finishAuthentication({ session: 's', response })).rejects.toMatchObject({
      code: 'ERR_CHALLENGE_UNKNOWN',
    });
  });
});

describe('no secret material in errors or events', () => {
  it('verify: a challenge mismatch names neither the expected nor the received challenge', async () => {
    const p = await prepareAssertion();
    const expected = encodeBase64url(new Uint8Array(32).fill(0x5a));
    const err = await p.verify(undefined, { expectedChallenge: expected }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ERR_CHALLENGE_MISMATCH' });
    expect(exposed(err)).not.toContain(expected);
    expect(exposed(err)).not.toContain(p.challenge);
  });

  it('verify: signature and counter failures expose no key material or signature bytes', async () => {
    const p = await prepareAssertion({ get: { mutate: { signature: (s) => s.map((b) => b ^ 1) } } });
    const err = await p.verify().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ERR_SIGNATURE_INVALID' });
    const text = exposed(err);
    expect(text).not.toContain(encodeBase64url(p.created.credential.publicKey));
    expect(text).not.toContain(p.assertion.response.response.signature);
    expect(text).not.toContain(p.challenge);
  });

  it('relying party: failed and successful ceremonies emit events and errors without challenges, sessions or keys', async () => {
    const h = createHarness();
    const a = newAuthenticator();
    const user = newUserHandle();
    const session = 'secret-session-id-0123456789';
    const options = await h.rp.startRegistration({ session, user: { id: user, name: 'ada' } });
    const reg = await a.createCredential({
      challenge: options.challenge,
      rpId: RP_ID,
      origin: ORIGIN,
      user: { id: user },
    });
    const { credential } = await h.rp.finishRegistration({ session, response: reg.response });
    const secrets = [options.challenge, session, encodeBase64url(credential.publicKey)];
    const errors: unknown[] = [];
    // Wrong challenge, replay, bad signature, wrong origin.
    const request = await h.rp.startAuthentication({ session, user: { id: user } });
    secrets.push(request.challenge);
    const bad = await a.getAssertion({
      credentialId: credential.id,
      challenge: request.challenge,
      rpId: RP_ID,
      origin: ORIGIN,
      mutate: { signature: (s) => s.map((b) => b ^ 1) },
    });
    errors.push(await h.rp.finishAuthentication({ session, response: bad.response }).catch((e: unknown) => e));
    errors.push(await h.rp.finishAuthentication({ session, response: bad.response }).catch((e: unknown) => e));
    const r2 = await h.rp.startAuthentication({ session, user: { id: user } });
    secrets.push(r2.challenge);
    const evil = await a.getAssertion({
      credentialId: credential.id,
      challenge: r2.challenge,
      rpId: RP_ID,
      origin: 'https://evil.example',
    });
    errors.push(await h.rp.finishAuthentication({ session, response: evil.response }).catch((e: unknown) => e));
    const r3 = await h.rp.startAuthentication({ session, user: { id: user } });
    const ok = await a.getAssertion({
      credentialId: credential.id,
      challenge: r3.challenge,
      rpId: RP_ID,
      origin: ORIGIN,
    });
    await h.rp.finishAuthentication({ session, response: ok.response });
    secrets.push(r3.challenge);

    expect(errors.map((e) => (e as WebAuthnError).code)).toEqual([
      'ERR_SIGNATURE_INVALID',
      'ERR_CHALLENGE_UNKNOWN',
      'ERR_ORIGIN_MISMATCH',
    ]);
    const eventText = JSON.stringify(h.events);
    const errorText = errors.map(exposed).join('\n');
    for (const secret of secrets) {
      expect(eventText).not.toContain(secret);
      expect(errorText).not.toContain(secret);
    }
    expect(h.events.map((e) => e.type)).toEqual(
      expect.arrayContaining([
        'registration.succeeded',
        'authentication.failed',
        'challenge.replayed',
        'authentication.succeeded',
      ]),
    );
  });

  it('recovery codes: a failed redemption does not echo the code', async () => {
    const h = createHarness();
    const user = newUserHandle();
    await register(h, newAuthenticator(), user);
    const { codes } = await h.rp.generateRecoveryCodes({ userHandle: user, count: 2 });
    const wrong = `${(codes[0] as string).slice(0, -1)}${(codes[0] as string).endsWith('2') ? '3' : '2'}`;
    const err = await h.rp.redeemRecoveryCode({ userHandle: user, code: wrong }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ERR_RECOVERY_CODE_INVALID' });
    expect(exposed(err)).not.toContain(wrong);
    for (const c of codes) expect(JSON.stringify(h.events)).not.toContain(c);
  });
});
