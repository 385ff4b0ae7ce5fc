/**
 * The relying party on real servers: 4 instances (2 with node-redis, 2 with ioredis clients; each
 * with its own pg Pool) sharing one Redis for challenges and one PostgreSQL for credentials.
 */
import IORedis from 'ioredis';
import pg from 'pg';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isWebAuthnError } from '../../src/errors.js';
import { createRelyingParty, type RelyingParty } from '../../src/relying-party/index.js';
import {
  createPostgresCredentialStore,
  createPostgresRecoveryCodeStore,
  migratePostgres,
} from '../../src/stores/postgres.js';
import { createRedisChallengeStore } from '../../src/stores/redis.js';
import { createSoftwareAuthenticator } from '../../src/testing/index.js';
import { isolationSuffix, requireEnv } from './env.js';

const RP_ID = 'example.com';
const ORIGIN = 'https://example.com';
const redisURL = requireEnv('REDIS_URL');
const databaseURL = requireEnv('DATABASE_URL');
const suffix = isolationSuffix();
const schema = `tessera_rp_${suffix}`;
const credentialsTable = `${schema}.webauthn_credentials`;
const recoveryCodesTable = `${schema}.webauthn_recovery_codes`;

const nodeRedisClients = [createClient({ url: redisURL }), createClient({ url: redisURL })];
const ioredisClients = [new IORedis(redisURL), new IORedis(redisURL)];
const pools = Array.from({ length: 4 }, () => new pg.Pool({ connectionString: databaseURL, max: 5 }));

function instances(counterPolicy: 'reject' | 'flag', maxUpdateAttempts?: number): RelyingParty[] {
  const clients = [nodeRedisClients[0], ioredisClients[0], nodeRedisClients[1], ioredisClients[1]];
  return pools.map((pool, i) =>
    createRelyingParty({
      rpID: RP_ID,
      rpName: 'Example',
      origins: [ORIGIN],
      challenges: createRedisChallengeStore({
        client: clients[i] as NonNullable<(typeof clients)[number]>,
        keyPrefix: `tessera-rp-${suffix}:`,
      }),
      credentials: createPostgresCredentialStore({ pool, table: credentialsTable }),
      recoveryCodes: createPostgresRecoveryCodeStore({ pool, table: recoveryCodesTable }),
      recoveryCodeScrypt: { N: 2 ** 10, r: 8, p: 1 },
      counterPolicy,
      ...(maxUpdateAttempts === undefined ? {} : { maxUpdateAttempts }),
    }),
  );
}

beforeAll(async () => {
  await Promise.all(nodeRedisClients.map((c) => c.connect()));
  await pools[0]?.query(`CREATE SCHEMA ${schema}`);
  await migratePostgres({ pool: pools[0] as pg.Pool, credentialsTable, recoveryCodesTable });
});

afterAll(async () => {
  await pools[0]?.query(`DROP SCHEMA ${schema} CASCADE`);
  await Promise.all(pools.map((p) => p.end()));
  await Promise.all(nodeRedisClients.map((c) => c.quit()));
  for (const c of ioredisClients) c.disconnect();
});

async function registerOn(rp: RelyingParty, seed: string) {
  const authenticator = createSoftwareAuthenticator({ seed });
  const userHandle = Buffer.from(`user-${seed}`).toString('base64url');
  const options = await rp.startRegistration({ session: `reg-${seed}`, user: { id: userHandle, name: seed } });
  const { response } = await authenticator.createCredential({
    challenge: options.challenge,
    rpId: RP_ID,
    origin: ORIGIN,
    user: { id: userHandle },
    residentKey: true,
  });
  const { credential } = await rp.finishRegistration({ session: `reg-${seed}`, response });
  return { authenticator, userHandle, credentialId: credential.id };
}

describe('relying party on Redis + PostgreSQL, 4 instances', () => {
  it('replay under concurrency: 50 finishes of one response → exactly 1 success, 49 ERR_CHALLENGE_UNKNOWN', async () => {
    const rps = instances('reject');
    const { authenticator, userHandle, credentialId } = await registerOn(rps[0] as RelyingParty, `replay-${suffix}`);
    const session = `session-${suffix}`;
    const options = await (rps[1] as RelyingParty).startAuthentication({ session });
    const { response } = await authenticator.getAssertion({
      credentialId,
      challenge: options.challenge,
      rpId: RP_ID,
      origin: ORIGIN,
    });
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) => (rps[i % 4] as RelyingParty).finishAuthentication({ session, response })),
    );
    const successes = results.filter((r) => r.status === 'fulfilled');
    const codes = results.flatMap((r) => (r.status === 'rejected' && isWebAuthnError(r.reason) ? [r.reason.code] : []));
    console.log(
      `replay: attempts=50 successes=${successes.length} ERR_CHALLENGE_UNKNOWN=${codes.filter((c) => c === 'ERR_CHALLENGE_UNKNOWN').length}`,
    );
    expect(successes).toHaveLength(1);
    expect(codes).toEqual(Array(49).fill('ERR_CHALLENGE_UNKNOWN'));
    expect((successes[0] as PromiseFulfilledResult<{ userHandle: string }>).value.userHandle).toBe(userHandle);
  });

  it('concurrent counter updates lose nothing: 20 sign-ins finished concurrently end at the highest counter', async () => {
    // 20 sign-ins racing on ONE credential: a compare-and-set loop may need up to one round per
    // contender, so this test allows 25 (the default of 5 suits real traffic; a loser past the
    // limit gets ERR_STORE_CONFLICT, never a lost update).
    const rps = instances('flag', 25);
    const { authenticator, credentialId } = await registerOn(rps[0] as RelyingParty, `counter-${suffix}`);
    const prepared = [];
    for (let i = 0; i < 20; i++) {
      const session = `counter-${suffix}-${i}`;
      const options = await (rps[i % 4] as RelyingParty).startAuthentication({ session });
      const assertion = await authenticator.getAssertion({
        credentialId,
        challenge: options.challenge,
        rpId: RP_ID,
        origin: ORIGIN,
      });
      prepared.push({
        session,
        response: assertion.response,
        counter: assertion.counter,
        rp: rps[(i + 1) % 4] as RelyingParty,
      });
    }
    const results = await Promise.allSettled(
      prepared.map((p) => p.rp.finishAuthentication({ session: p.session, response: p.response })),
    );
    const ok = results.filter((r) => r.status === 'fulfilled').length;
    const regressed = results.filter((r) => r.status === 'fulfilled' && r.value.counterStatus === 'regressed').length;
    const stored = await createPostgresCredentialStore({ pool: pools[0] as pg.Pool, table: credentialsTable }).get(
      credentialId,
    );
    console.log(`counter: attempts=20 successes=${ok} flaggedOutOfOrder=${regressed} storedCounter=${stored?.counter}`);
    expect(ok).toBe(20);
    expect(stored?.counter).toBe(Math.max(...prepared.map((p) => p.counter)));
  });

  it('under the default policy, out-of-order finishes are refused but the highest counter is kept', async () => {
    const rps = instances('reject', 25); // one CAS round per contender, as above
    const { authenticator, credentialId } = await registerOn(rps[0] as RelyingParty, `counter-reject-${suffix}`);
    const prepared = [];
    for (let i = 0; i < 20; i++) {
      const session = `counter-reject-${suffix}-${i}`;
      const options = await (rps[i % 4] as RelyingParty).startAuthentication({ session });
      const assertion = await authenticator.getAssertion({
        credentialId,
        challenge: options.challenge,
        rpId: RP_ID,
        origin: ORIGIN,
      });
      prepared.push({
        session,
        response: assertion.response,
        counter: assertion.counter,
        rp: rps[(i + 3) % 4] as RelyingParty,
      });
    }
    const results = await Promise.allSettled(
      prepared.map((p) => p.rp.finishAuthentication({ session: p.session, response: p.response })),
    );
    const codes = results.flatMap((r) => (r.status === 'rejected' ? [(r.reason as { code?: string }).code] : []));
    for (const code of codes) expect(code).toBe('ERR_COUNTER_REGRESSION');
    const stored = await createPostgresCredentialStore({ pool: pools[0] as pg.Pool, table: credentialsTable }).get(
      credentialId,
    );
    console.log(
      `counter (reject): attempts=20 successes=${20 - codes.length} regressions=${codes.length} storedCounter=${stored?.counter}`,
    );
    expect(stored?.counter).toBe(20);
  });

  it('ownership across instances: A’s credential in B’s session → ERR_CREDENTIAL_MISMATCH', async () => {
    const rps = instances('reject');
    const alice = await registerOn(rps[0] as RelyingParty, `alice-${suffix}`);
    const bob = await registerOn(rps[1] as RelyingParty, `bob-${suffix}`);
    const options = await (rps[2] as RelyingParty).startAuthentication({
      session: `b-${suffix}`,
      user: { id: bob.userHandle },
    });
    const { response } = await alice.authenticator.getAssertion({
      credentialId: alice.credentialId,
      challenge: options.challenge,
      rpId: RP_ID,
      origin: ORIGIN,
    });
    const error = await (rps[3] as RelyingParty)
      .finishAuthentication({ session: `b-${suffix}`, response })
      .catch((e: unknown) => e);
    expect(isWebAuthnError(error, 'ERR_CREDENTIAL_MISMATCH')).toBe(true);
  });

  it('a registration challenge cannot finish an authentication across instances: ERR_CEREMONY_MISMATCH', async () => {
    const rps = instances('reject');
    const alice = await registerOn(rps[0] as RelyingParty, `cer-${suffix}`);
    const reg = await (rps[1] as RelyingParty).startRegistration({
      session: `c-${suffix}`,
      user: { id: alice.userHandle, name: 'a' },
    });
    const { response } = await alice.authenticator.getAssertion({
      credentialId: alice.credentialId,
      challenge: reg.challenge,
      rpId: RP_ID,
      origin: ORIGIN,
    });
    const error = await (rps[2] as RelyingParty)
      .finishAuthentication({ session: `c-${suffix}`, response })
      .catch((e: unknown) => e);
    expect(isWebAuthnError(error, 'ERR_CEREMONY_MISMATCH')).toBe(true);
  });

  it('recovery codes on PostgreSQL: single use across instances', async () => {
    const rps = instances('reject');
    const userHandle = Buffer.from(`recovery-${suffix}`).toString('base64url');
    const { codes } = await (rps[0] as RelyingParty).generateRecoveryCodes({ userHandle, count: 3 });
    const results = await Promise.allSettled(
      rps.map((rp) => rp.redeemRecoveryCode({ userHandle, code: codes[1] as string })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });
});
