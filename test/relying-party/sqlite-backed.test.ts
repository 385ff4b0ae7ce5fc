import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { createRelyingParty } from '../../src/relying-party/relying-party.js';
import {
  createSQLiteChallengeStore,
  createSQLiteCredentialStore,
  createSQLiteRecoveryCodeStore,
  migrateSQLite,
} from '../../src/stores/sqlite.js';
import { codeOf, newAuthenticator, newUserHandle, ORIGIN, RP_ID } from './helpers.js';

it('runs both ceremonies, replay refusal and recovery on SQLite stores (the embedded default)', async () => {
  const db = new Database(':memory:');
  migrateSQLite({ db });
  let now = Date.parse('2026-03-01T00:00:00.000Z');
  const clock = (): Date => new Date(now);
  const rp = createRelyingParty({
    rpID: RP_ID,
    rpName: 'Example',
    origins: [ORIGIN],
    challenges: createSQLiteChallengeStore({ db, clock }),
    credentials: createSQLiteCredentialStore({ db }),
    recoveryCodes: createSQLiteRecoveryCodeStore({ db }),
    recoveryCodeScrypt: { N: 2 ** 10, r: 8, p: 1 },
    clock,
  });
  const user = newUserHandle();
  const auth = newAuthenticator();
  const reg = await rp.startRegistration({ session: 's', user: { id: user, name: 'ada' } });
  const created = await auth.createCredential({
    challenge: reg.challenge,
    rpId: RP_ID,
    origin: ORIGIN,
    user: { id: user },
  });
  const { credential } = await rp.finishRegistration({ session: 's', response: created.response });
  now += 5000;
  const options = await rp.startAuthentication({ session: 's', user: { id: user } });
  const { response } = await auth.getAssertion({
    credentialId: credential.id,
    challenge: options.challenge,
    rpId: RP_ID,
    origin: ORIGIN,
  });
  const results = await Promise.allSettled(
    Array.from({ length: 10 }, () => rp.finishAuthentication({ session: 's', response })),
  );
  expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  expect((await rp.listCredentials({ userHandle: user }))[0]).toMatchObject({
    id: credential.id,
    lastUsedAt: new Date(now),
  });
  const { codes } = await rp.generateRecoveryCodes({ userHandle: user, count: 2 });
  await rp.redeemRecoveryCode({ userHandle: user, code: codes[0] as string });
  expect(await codeOf(rp.redeemRecoveryCode({ userHandle: user, code: codes[0] as string }))).toBe(
    'ERR_RECOVERY_CODE_INVALID',
  );
  expect(await codeOf(rp.deleteCredential({ userHandle: user, credentialId: credential.id }))).toBe(
    'ERR_LAST_CREDENTIAL',
  );
});
