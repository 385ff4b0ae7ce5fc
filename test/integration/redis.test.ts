import IORedis from 'ioredis';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisChallengeStore } from '../../src/stores/redis.js';
import type { ChallengeStore } from '../../src/stores/types.js';
import { describeStoreContract } from '../stores/contract.js';
import { isolationSuffix, requireEnv } from './env.js';

const url = requireEnv('REDIS_URL');
const prefix = `tessera-test:${isolationSuffix()}:`;
const nodeRedis = createClient({ url });
const ioredis = new IORedis(url);

beforeAll(async () => {
  await nodeRedis.connect();
});

afterAll(async () => {
  await nodeRedis.quit();
  ioredis.disconnect();
});

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describeStoreContract({
  name: 'redis (node-redis client)',
  challenges: () => createRedisChallengeStore({ client: nodeRedis, keyPrefix: `${prefix}nr:` }),
  advanceTime: sleep,
  challengeTTLms: 400,
});

describeStoreContract({
  name: 'redis (ioredis client)',
  challenges: () => createRedisChallengeStore({ client: ioredis, keyPrefix: `${prefix}io:` }),
  advanceTime: sleep,
  challengeTTLms: 400,
});

describe('redis store specifics', () => {
  it('node-redis and ioredis clients see the same single-use records', async () => {
    const a: ChallengeStore = createRedisChallengeStore({ client: nodeRedis, keyPrefix: `${prefix}shared:` });
    const b: ChallengeStore = createRedisChallengeStore({ client: ioredis, keyPrefix: `${prefix}shared:` });
    const now = new Date();
    const record = {
      ceremony: 'registration' as const,
      challenge: 'AQIDBA',
      userHandle: 'dXNlcg',
      createdAt: now,
      expiresAt: new Date(now.getTime() + 60_000),
      userVerification: 'required' as const,
    };
    await a.put('k', record, 60_000);
    const results = await Promise.all([a.consume('k'), b.consume('k'), a.consume('k'), b.consume('k')]);
    expect(results.filter((r) => r !== undefined)).toEqual([record]);
  });

  it('stores JSON with a PX TTL under the prefix', async () => {
    const store = createRedisChallengeStore({ client: ioredis, keyPrefix: `${prefix}ttl:` });
    const now = new Date();
    await store.put(
      'k',
      { ceremony: 'authentication', challenge: 'AQ', createdAt: now, expiresAt: now, userVerification: 'preferred' },
      30_000,
    );
    const ttl = await ioredis.pttl(`${prefix}ttl:k`);
    expect(ttl).toBeGreaterThan(25_000);
    expect(ttl).toBeLessThanOrEqual(30_000);
    expect(JSON.parse((await ioredis.get(`${prefix}ttl:k`)) ?? '{}').v).toBe(1);
  });

  it('rejects a client that is neither node-redis nor ioredis', () => {
    expect(() => createRedisChallengeStore({ client: {} as never })).toThrow(TypeError);
  });
});
