/**
 * Challenge store on Redis (≥ 6.2): `SET key value PX ttl NX` to store, atomic `GETDEL` to consume,
 * so a challenge is returned at most once across every process sharing the server.
 *
 * Takes the application's own client, typed structurally (no dependency on a Redis package):
 * a `redis` (node-redis v4+) client or cluster, or an `ioredis` client or cluster. The method
 * names are detected: node-redis has `getDel` and takes `{ PX, NX }` options; ioredis has
 * `getdel` and takes positional arguments.
 *
 * Subpath: `@tessera/webauthn/stores/redis`.
 *
 * @module
 */
import { utf8DecodeStrict } from '../encoding/bytes.js';
import { WebAuthnError } from '../errors.js';
import { challengeRecordFromJSON, challengeRecordToJSON } from './codec.js';
import type { ChallengeRecord, ChallengeStore } from './types.js';

/** The part of a node-redis (`redis` package, v4+) client this store uses. */
export interface NodeRedisLike {
  set(key: string, value: string, options: { PX: number; NX: true }): Promise<unknown>;
  getDel(key: string): Promise<unknown>;
}

/** The part of an `ioredis` client this store uses. */
export interface IORedisLike {
  set(key: string, value: string, px: 'PX', ttlMs: number, nx: 'NX'): Promise<unknown>;
  getdel(key: string): Promise<unknown>;
}

/** Any supported Redis client. */
export type RedisClientLike = NodeRedisLike | IORedisLike;

/** Options of {@link createRedisChallengeStore}. */
export interface RedisChallengeStoreOptions {
  /** A connected `redis` or `ioredis` client. */
  client: RedisClientLike;
  /** Prefix for every key; default `"tessera:challenge:"`. */
  keyPrefix?: string;
}

interface RedisOps {
  setNX(key: string, value: string, ttlMs: number): Promise<boolean>;
  getDel(key: string): Promise<unknown>;
}

function detect(client: RedisClientLike): RedisOps {
  const c = client as unknown as Record<string, unknown>;
  if (typeof c.getDel === 'function') {
    const nr = client as NodeRedisLike;
    return {
      setNX: async (key, value, ttlMs): Promise<boolean> =>
        (await nr.set(key, value, { PX: ttlMs, NX: true })) === 'OK',
      getDel: (key): Promise<unknown> => nr.getDel(key),
    };
  }
  if (typeof c.getdel === 'function') {
    const io = client as IORedisLike;
    return {
      setNX: async (key, value, ttlMs): Promise<boolean> => (await io.set(key, value, 'PX', ttlMs, 'NX')) === 'OK',
      getDel: (key): Promise<unknown> => io.getdel(key),
    };
  }
  throw new TypeError('expected a redis (node-redis v4+) or ioredis client: no getDel/getdel method found');
}

/**
 * Creates a challenge store backed by Redis.
 *
 * @example
 * ```ts
 * import { createClient } from 'redis';
 * import { createRedisChallengeStore } from '@tessera/webauthn/stores/redis';
 * const client = await createClient({ url: process.env.REDIS_URL }).connect();
 * const challenges = createRedisChallengeStore({ client });
 * ```
 */
export function createRedisChallengeStore(options: RedisChallengeStoreOptions): ChallengeStore {
  const ops = detect(options.client);
  const prefix = options.keyPrefix ?? 'tessera:challenge:';
  return {
    async put(key: string, record: ChallengeRecord, ttlMs: number): Promise<void> {
      if (!Number.isFinite(ttlMs) || ttlMs <= 0) throw new RangeError('ttlMs must be a positive number');
      const value = JSON.stringify(challengeRecordToJSON(record));
      const stored = await ops.setNX(prefix + key, value, Math.ceil(ttlMs));
      if (!stored) throw new WebAuthnError('ERR_STORE_CONFLICT', 'a live challenge already exists under this key');
    },
    async consume(key: string): Promise<ChallengeRecord | undefined> {
      const value = await ops.getDel(prefix + key);
      if (value === null || value === undefined) return undefined;
      const text = value instanceof Uint8Array ? utf8DecodeStrict(value) : value;
      if (typeof text !== 'string') throw new TypeError('unexpected reply type from GETDEL');
      return challengeRecordFromJSON(text);
    },
  };
}
