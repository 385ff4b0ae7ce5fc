/**
 * The one store contract suite. Every store implementation (memory, SQLite, Redis, PostgreSQL)
 * runs exactly this: see test/stores/*.test.ts and test/integration/*.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { encodeBase64url } from '../../src/encoding/base64url.js';
import { utf8Encode } from '../../src/encoding/bytes.js';
import { isWebAuthnError } from '../../src/errors.js';
import type {
  ChallengeRecord,
  ChallengeStore,
  CredentialRecord,
  CredentialStore,
  RecoveryCodeRecord,
  RecoveryCodeStore,
} from '../../src/stores/types.js';

export interface StoreContractTarget {
  /** Shown in test names. */
  name: string;
  challenges?: () => ChallengeStore | Promise<ChallengeStore>;
  credentials?: () => CredentialStore | Promise<CredentialStore>;
  recoveryCodes?: () => RecoveryCodeStore | Promise<RecoveryCodeStore>;
  /** Moves time forward by `ms` as the store sees it (advance an injected clock, or sleep for real servers). */
  advanceTime(ms: number): Promise<void>;
  /** The challenge TTL used by expiry tests (short for real servers that expire on wall time). Default 60 000. */
  challengeTTLms?: number;
}

let seq = 0;
/** A unique canonical base64url id (tests share tables on real servers). */
export function uid(label: string): string {
  seq += 1;
  const rnd = crypto.getRandomValues(new Uint8Array(8));
  return encodeBase64url(new Uint8Array([...utf8Encode(`${label}-${seq}-`), ...rnd]));
}

export function sampleCredential(overrides: Partial<CredentialRecord> = {}): CredentialRecord {
  return {
    id: uid('cred'),
    userHandle: uid('user'),
    publicKey: new Uint8Array([0xa5, 0x01, 0x02, 0x03, 0x26, 0x00, 0x00, 0xff, 0x00]),
    algorithm: -7,
    counter: 0,
    transports: ['internal', 'hybrid'],
    backupEligible: true,
    backedUp: false,
    uvInitialized: true,
    aaguid: 'fbfc3007-154e-4ecc-8c0b-6e020557d7bd',
    attestationFormat: 'none',
    name: 'Passkey — Ünïcødé 🔑',
    createdAt: new Date('2026-01-02T03:04:05.678Z'),
    lastUsedAt: null,
    ...overrides,
  };
}

function sampleChallenge(now: Date, overrides: Partial<ChallengeRecord> = {}): ChallengeRecord {
  return {
    ceremony: 'authentication',
    challenge: 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8',
    userHandle: 'dXNlci1h',
    createdAt: now,
    expiresAt: new Date(now.getTime() + 300_000),
    userVerification: 'required',
    allowCredentials: ['Y3JlZC0x', 'Y3JlZC0y'],
    ...overrides,
  };
}

async function expectCode(promise: Promise<unknown>, code: string): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, `expected ${code}`).toBeDefined();
  expect(isWebAuthnError(error) ? error.code : error).toBe(code);
}

/** Runs the contract against one implementation. */
export function describeStoreContract(target: StoreContractTarget): void {
  const ttl = target.challengeTTLms ?? 60_000;

  if (target.challenges !== undefined) {
    const make = target.challenges;
    describe(`${target.name}: ChallengeStore contract`, () => {
      it('returns the stored record intact', async () => {
        const store = await make();
        const key = uid('k');
        const record = sampleChallenge(new Date('2026-03-01T10:00:00.123Z'), { userName: 'ada@example.com' });
        await store.put(key, record, ttl);
        expect(await store.consume(key)).toEqual(record);
      });

      it('keeps optional members absent', async () => {
        const store = await make();
        const key = uid('k');
        const record: ChallengeRecord = {
          ceremony: 'registration',
          challenge: 'AQID',
          createdAt: new Date('2026-03-01T10:00:00.000Z'),
          expiresAt: new Date('2026-03-01T10:05:00.000Z'),
          userVerification: 'preferred',
        };
        await store.put(key, record, ttl);
        const back = await store.consume(key);
        expect(back).toEqual(record);
        expect(back && 'userHandle' in back).toBe(false);
      });

      it('is single use: a second consume returns undefined', async () => {
        const store = await make();
        const key = uid('k');
        await store.put(key, sampleChallenge(new Date()), ttl);
        expect(await store.consume(key)).toBeDefined();
        expect(await store.consume(key)).toBeUndefined();
      });

      it('returns undefined for an unknown key', async () => {
        const store = await make();
        expect(await store.consume(uid('missing'))).toBeUndefined();
      });

      it('never overwrites a live record (NX): ERR_STORE_CONFLICT', async () => {
        const store = await make();
        const key = uid('k');
        const first = sampleChallenge(new Date(), { challenge: 'Zmlyc3Q' });
        await store.put(key, first, ttl);
        await expectCode(
          store.put(key, sampleChallenge(new Date(), { challenge: 'c2Vjb25k' }), ttl),
          'ERR_STORE_CONFLICT',
        );
        expect((await store.consume(key))?.challenge).toBe('Zmlyc3Q');
      });

      it('keeps keys independent', async () => {
        const store = await make();
        const a = uid('a');
        const b = uid('b');
        await store.put(a, sampleChallenge(new Date(), { challenge: 'YQ' }), ttl);
        await store.put(b, sampleChallenge(new Date(), { challenge: 'Yg' }), ttl);
        expect((await store.consume(b))?.challenge).toBe('Yg');
        expect((await store.consume(a))?.challenge).toBe('YQ');
      });

      it('honours the TTL: live before it, gone after it', async () => {
        const store = await make();
        const live = uid('live');
        const dead = uid('dead');
        await store.put(live, sampleChallenge(new Date()), ttl);
        await store.put(dead, sampleChallenge(new Date()), ttl);
        await target.advanceTime(ttl / 4);
        expect(await store.consume(live)).toBeDefined();
        await target.advanceTime(ttl);
        expect(await store.consume(dead)).toBeUndefined();
      });

      it('accepts a new record under a key whose record expired', async () => {
        const store = await make();
        const key = uid('k');
        await store.put(key, sampleChallenge(new Date(), { challenge: 'b2xk' }), ttl);
        await target.advanceTime(ttl * 1.25);
        await store.put(key, sampleChallenge(new Date(), { challenge: 'bmV3' }), ttl);
        expect((await store.consume(key))?.challenge).toBe('bmV3');
      });

      it('rejects a non-positive TTL with RangeError', async () => {
        const store = await make();
        await expect(store.put(uid('k'), sampleChallenge(new Date()), 0)).rejects.toBeInstanceOf(RangeError);
      });

      it('hands a record to exactly one of 50 concurrent consumers', async () => {
        const store = await make();
        const key = uid('k');
        await store.put(key, sampleChallenge(new Date()), ttl);
        const results = await Promise.all(Array.from({ length: 50 }, () => store.consume(key)));
        expect(results.filter((r) => r !== undefined)).toHaveLength(1);
      });

      it('lets exactly one of 20 concurrent puts on one key win', async () => {
        const store = await make();
        const key = uid('k');
        const results = await Promise.allSettled(
          Array.from({ length: 20 }, (_, i) =>
            store.put(key, sampleChallenge(new Date(), { challenge: encodeBase64url(new Uint8Array([i])) }), ttl),
          ),
        );
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        for (const r of results) {
          if (r.status === 'rejected') expect(isWebAuthnError(r.reason, 'ERR_STORE_CONFLICT')).toBe(true);
        }
      });
    });
  }

  if (target.credentials !== undefined) {
    const make = target.credentials;
    describe(`${target.name}: CredentialStore contract`, () => {
      it('round-trips every field exactly', async () => {
        const store = await make();
        const record = sampleCredential({
          counter: 0xffffffff,
          lastUsedAt: new Date('2026-02-03T04:05:06.789Z'),
          transports: ['usb', 'nfc', 'ble', 'smart-card', 'hybrid', 'internal', 'future-transport'],
          backedUp: true,
          attestationFormat: 'packed',
          algorithm: -257,
        });
        await store.create(record);
        const back = await store.get(record.id);
        expect(back).toEqual(record);
        expect(Object.getPrototypeOf(back?.publicKey)).toBe(Uint8Array.prototype);
      });

      it('keeps an empty name, no transports and the all-zero AAGUID', async () => {
        const store = await make();
        const record = sampleCredential({ name: '', transports: [], aaguid: '00000000-0000-0000-0000-000000000000' });
        await store.create(record);
        expect(await store.get(record.id)).toEqual(record);
      });

      it('returns undefined for an unknown id', async () => {
        const store = await make();
        expect(await store.get(uid('nope'))).toBeUndefined();
      });

      it('refuses a taken id, even for another user: ERR_CREDENTIAL_EXISTS', async () => {
        const store = await make();
        const record = sampleCredential();
        await store.create(record);
        await expectCode(
          store.create(sampleCredential({ id: record.id, userHandle: uid('other') })),
          'ERR_CREDENTIAL_EXISTS',
        );
        expect((await store.get(record.id))?.userHandle).toBe(record.userHandle);
      });

      it('lets exactly one of 10 concurrent creates of one id win', async () => {
        const store = await make();
        const id = uid('race');
        const results = await Promise.allSettled(
          Array.from({ length: 10 }, () => store.create(sampleCredential({ id, userHandle: uid('u') }))),
        );
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      });

      it('rejects a malformed record with TypeError and stores nothing', async () => {
        const store = await make();
        const bad = sampleCredential({ id: 'not base64url!' });
        await expect(store.create(bad)).rejects.toBeInstanceOf(TypeError);
        const badCounter = sampleCredential({ counter: 2 ** 32 });
        await expect(store.create(badCounter)).rejects.toBeInstanceOf(TypeError);
        expect(await store.get(badCounter.id)).toBeUndefined();
      });

      it('lists only the user’s credentials, oldest first', async () => {
        const store = await make();
        const user = uid('user');
        const newer = sampleCredential({ userHandle: user, createdAt: new Date('2026-05-01T00:00:00.000Z') });
        const older = sampleCredential({ userHandle: user, createdAt: new Date('2026-04-01T00:00:00.000Z') });
        await store.create(newer);
        await store.create(older);
        await store.create(sampleCredential());
        expect((await store.listByUser(user)).map((r) => r.id)).toEqual([older.id, newer.id]);
        expect(await store.listByUser(uid('nobody'))).toEqual([]);
      });

      it('updates counter, backup state and last use with compare-and-set', async () => {
        const store = await make();
        const record = sampleCredential({ counter: 5 });
        await store.create(record);
        const at = new Date('2026-06-01T12:00:00.001Z');
        expect(
          await store.updateAfterAuthentication(
            record.id,
            { counter: 5 },
            { counter: 9, backedUp: true, lastUsedAt: at },
          ),
        ).toBe(true);
        expect(await store.get(record.id)).toEqual({ ...record, counter: 9, backedUp: true, lastUsedAt: at });
        // stale expectation: refused, nothing written
        expect(
          await store.updateAfterAuthentication(
            record.id,
            { counter: 5 },
            { counter: 7, backedUp: false, lastUsedAt: new Date() },
          ),
        ).toBe(false);
        expect((await store.get(record.id))?.counter).toBe(9);
        expect(
          await store.updateAfterAuthentication(
            uid('nope'),
            { counter: 0 },
            { counter: 1, backedUp: false, lastUsedAt: at },
          ),
        ).toBe(false);
      });

      it('handles counters up to 2^32 − 1 in compare-and-set', async () => {
        const store = await make();
        const record = sampleCredential({ counter: 0xfffffffe });
        await store.create(record);
        const next = { counter: 0xffffffff, backedUp: false, lastUsedAt: new Date() };
        expect(await store.updateAfterAuthentication(record.id, { counter: 0xfffffffe }, next)).toBe(true);
        expect((await store.get(record.id))?.counter).toBe(0xffffffff);
      });

      it('lets exactly one of 20 concurrent updates with the same expectation win', async () => {
        const store = await make();
        const record = sampleCredential({ counter: 1 });
        await store.create(record);
        const results = await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            store.updateAfterAuthentication(
              record.id,
              { counter: 1 },
              { counter: 2 + i, backedUp: false, lastUsedAt: new Date() },
            ),
          ),
        );
        expect(results.filter(Boolean)).toHaveLength(1);
        const winner = results.indexOf(true);
        expect((await store.get(record.id))?.counter).toBe(2 + winner);
      });

      it('loses no update: 10 workers × 5 read-modify-CAS increments end at 50', async () => {
        const store = await make();
        const record = sampleCredential({ counter: 0 });
        await store.create(record);
        let conflicts = 0;
        const worker = async (): Promise<void> => {
          for (let n = 0; n < 5; n++) {
            for (;;) {
              const current = await store.get(record.id);
              if (current === undefined) throw new Error('vanished');
              const ok = await store.updateAfterAuthentication(
                record.id,
                { counter: current.counter },
                { counter: current.counter + 1, backedUp: false, lastUsedAt: new Date() },
              );
              if (ok) break;
              conflicts++;
            }
          }
        };
        await Promise.all(Array.from({ length: 10 }, worker));
        expect((await store.get(record.id))?.counter).toBe(50);
        expect(conflicts).toBeGreaterThanOrEqual(0);
      });

      it('deletes; deleting an unknown id is not an error', async () => {
        const store = await make();
        const record = sampleCredential();
        await store.create(record);
        await store.delete(record.id);
        expect(await store.get(record.id)).toBeUndefined();
        await expect(store.delete(record.id)).resolves.toBeUndefined();
      });

      it('hands out copies: mutating a returned record changes nothing stored', async () => {
        const store = await make();
        const record = sampleCredential();
        await store.create(record);
        record.name = 'mutated after create';
        const back = await store.get(record.id);
        if (back === undefined) throw new Error('missing');
        back.counter = 999;
        back.publicKey[0] = 0;
        const again = await store.get(record.id);
        expect(again?.counter).toBe(0);
        expect(again?.publicKey[0]).toBe(0xa5);
        expect(again?.name).toBe('Passkey — Ünïcødé 🔑');
      });

      it('renames (updateName)', async () => {
        const store = await make();
        expect(typeof store.updateName).toBe('function');
        const record = sampleCredential();
        await store.create(record);
        expect(await store.updateName?.(record.id, 'Work laptop')).toBe(true);
        expect((await store.get(record.id))?.name).toBe('Work laptop');
        expect(await store.updateName?.(uid('nope'), 'x')).toBe(false);
      });

      it('deleteUnlessLast keeps the last credential and checks the owner', async () => {
        const store = await make();
        expect(typeof store.deleteUnlessLast).toBe('function');
        const user = uid('user');
        const a = sampleCredential({ userHandle: user });
        const b = sampleCredential({ userHandle: user });
        await store.create(a);
        await store.create(b);
        expect(await store.deleteUnlessLast?.(a.id, uid('intruder'))).toBe('not-found');
        expect(await store.deleteUnlessLast?.(a.id, user)).toBe('deleted');
        expect(await store.deleteUnlessLast?.(b.id, user)).toBe('last');
        expect(await store.get(b.id)).toBeDefined();
        expect(await store.deleteUnlessLast?.(a.id, user)).toBe('not-found');
      });

      it('deleteUnlessLast under concurrency never removes both of the last two', async () => {
        const store = await make();
        const user = uid('user');
        const a = sampleCredential({ userHandle: user });
        const b = sampleCredential({ userHandle: user });
        await store.create(a);
        await store.create(b);
        const results = await Promise.all([store.deleteUnlessLast?.(a.id, user), store.deleteUnlessLast?.(b.id, user)]);
        expect(results.sort()).toEqual(['deleted', 'last']);
        expect(await store.listByUser(user)).toHaveLength(1);
      });
    });
  }

  if (target.recoveryCodes !== undefined) {
    const make = target.recoveryCodes;
    const code = (userHandle: string, id: string): RecoveryCodeRecord => ({
      id,
      userHandle,
      hash: 'aGFzaC1vZi1zZWNyZXQ',
      salt: 'c2FsdA',
      params: { N: 1024, r: 8, p: 1 },
      createdAt: new Date('2026-01-01T00:00:00.000Z'),
      usedAt: null,
    });
    describe(`${target.name}: RecoveryCodeStore contract`, () => {
      it('round-trips and replaces the whole set', async () => {
        const store = await make();
        const user = uid('user');
        await store.replaceAll(user, [code(user, 'AAAA'), code(user, 'BBBB')]);
        expect(await store.listByUser(user)).toEqual([code(user, 'AAAA'), code(user, 'BBBB')]);
        await store.replaceAll(user, [code(user, 'CCCC')]);
        expect((await store.listByUser(user)).map((r) => r.id)).toEqual(['CCCC']);
        expect(await store.listByUser(uid('nobody'))).toEqual([]);
      });

      it('marks a code used exactly once, even concurrently', async () => {
        const store = await make();
        const user = uid('user');
        await store.replaceAll(user, [code(user, 'AAAA'), code(user, 'BBBB')]);
        const at = new Date('2026-02-02T00:00:00.000Z');
        const results = await Promise.all(Array.from({ length: 10 }, () => store.markUsed(user, 'AAAA', at)));
        expect(results.filter(Boolean)).toHaveLength(1);
        const list = await store.listByUser(user);
        expect(list.find((r) => r.id === 'AAAA')?.usedAt).toEqual(at);
        expect(list.find((r) => r.id === 'BBBB')?.usedAt).toBeNull();
        expect(await store.markUsed(uid('other'), 'BBBB', at)).toBe(false);
        expect(await store.markUsed(user, 'ZZZZ', at)).toBe(false);
      });
    });
  }
}
