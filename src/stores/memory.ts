/**
 * In-memory stores for one process: the default for development, tests and single-instance apps.
 * Challenges honour their TTL against an injected clock and are single use; credential counter
 * updates are compare-and-set. Everything lives in the returned objects (no module state).
 *
 * Subpath: `@tessera/webauthn/stores/memory`.
 *
 * @module
 */
import { WebAuthnError } from '../errors.js';
import { credentialRecordToJSON } from './codec.js';
import type {
  ChallengeRecord,
  ChallengeStore,
  Clock,
  CredentialAuthenticationUpdate,
  CredentialRecord,
  CredentialStore,
  RecoveryCodeRecord,
  RecoveryCodeStore,
} from './types.js';

/** Options of {@link createMemoryChallengeStore}. */
export interface MemoryChallengeStoreOptions {
  /** Time source for TTLs; default `() => new Date()`. */
  clock?: Clock;
  /** Upper bound on live challenges; `put` rejects with `ERR_STORE_CONFLICT` beyond it. Default 100 000. */
  maxEntries?: number;
}

function copy<T>(value: T): T {
  return structuredClone(value);
}

/**
 * Creates a single-process challenge store with TTLs and single-use `consume`.
 *
 * @example
 * ```ts
 * import { createMemoryChallengeStore } from '@tessera/webauthn/stores/memory';
 * const challenges = createMemoryChallengeStore();
 * ```
 */
export function createMemoryChallengeStore(options: MemoryChallengeStoreOptions = {}): ChallengeStore {
  const clock = options.clock ?? ((): Date => new Date());
  const maxEntries = options.maxEntries ?? 100_000;
  const entries = new Map<string, { record: ChallengeRecord; expiresAtMs: number }>();

  function sweep(now: number): void {
    for (const [key, entry] of entries) if (entry.expiresAtMs <= now) entries.delete(key);
  }

  return {
    async put(key: string, record: ChallengeRecord, ttlMs: number): Promise<void> {
      if (!Number.isFinite(ttlMs) || ttlMs <= 0) throw new RangeError('ttlMs must be a positive number');
      const now = clock().getTime();
      const existing = entries.get(key);
      if (existing !== undefined && existing.expiresAtMs > now) {
        throw new WebAuthnError('ERR_STORE_CONFLICT', 'a live challenge already exists under this key');
      }
      if (entries.size >= maxEntries) sweep(now);
      if (entries.size >= maxEntries) {
        throw new WebAuthnError('ERR_STORE_CONFLICT', 'the challenge store is full', { details: { maxEntries } });
      }
      entries.set(key, { record: copy(record), expiresAtMs: now + ttlMs });
    },
    async consume(key: string): Promise<ChallengeRecord | undefined> {
      const entry = entries.get(key);
      if (entry === undefined) return undefined;
      entries.delete(key);
      return entry.expiresAtMs > clock().getTime() ? entry.record : undefined;
    },
  };
}

function sortByCreated(records: CredentialRecord[]): CredentialRecord[] {
  return records.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1));
}

/**
 * Creates a single-process credential store (unique ids, compare-and-set counters).
 *
 * @example
 * ```ts
 * import { createMemoryCredentialStore } from '@tessera/webauthn/stores/memory';
 * const credentials = createMemoryCredentialStore();
 * ```
 */
export function createMemoryCredentialStore(): CredentialStore {
  const byId = new Map<string, CredentialRecord>();
  return {
    async create(record: CredentialRecord): Promise<void> {
      credentialRecordToJSON(record); // validates; throws TypeError on a malformed record
      if (byId.has(record.id)) {
        throw new WebAuthnError('ERR_CREDENTIAL_EXISTS', 'a credential with this id is already registered');
      }
      byId.set(record.id, copy(record));
    },
    async get(credentialId: string): Promise<CredentialRecord | undefined> {
      const record = byId.get(credentialId);
      return record === undefined ? undefined : copy(record);
    },
    async listByUser(userHandle: string): Promise<CredentialRecord[]> {
      const out: CredentialRecord[] = [];
      for (const record of byId.values()) if (record.userHandle === userHandle) out.push(copy(record));
      return sortByCreated(out);
    },
    async updateAfterAuthentication(
      id: string,
      expected: { counter: number },
      next: CredentialAuthenticationUpdate,
    ): Promise<boolean> {
      const record = byId.get(id);
      if (record === undefined || record.counter !== expected.counter) return false;
      record.counter = next.counter;
      record.backedUp = next.backedUp;
      record.lastUsedAt = new Date(next.lastUsedAt.getTime());
      return true;
    },
    async delete(credentialId: string): Promise<void> {
      byId.delete(credentialId);
    },
    async updateName(credentialId: string, name: string): Promise<boolean> {
      const record = byId.get(credentialId);
      if (record === undefined) return false;
      record.name = name;
      return true;
    },
    async deleteUnlessLast(credentialId: string, userHandle: string): Promise<'deleted' | 'last' | 'not-found'> {
      const record = byId.get(credentialId);
      if (record === undefined || record.userHandle !== userHandle) return 'not-found';
      let count = 0;
      for (const r of byId.values()) if (r.userHandle === userHandle) count++;
      if (count <= 1) return 'last';
      byId.delete(credentialId);
      return 'deleted';
    },
  };
}

/**
 * Creates a single-process recovery-code store.
 *
 * @example
 * ```ts
 * import { createMemoryRecoveryCodeStore } from '@tessera/webauthn/stores/memory';
 * const recoveryCodes = createMemoryRecoveryCodeStore();
 * ```
 */
export function createMemoryRecoveryCodeStore(): RecoveryCodeStore {
  const byUser = new Map<string, RecoveryCodeRecord[]>();
  return {
    async replaceAll(userHandle: string, records: RecoveryCodeRecord[]): Promise<void> {
      const ids = new Set(records.map((r) => r.id));
      if (ids.size !== records.length) throw new TypeError('recovery code ids must be unique per user');
      if (records.some((r) => r.userHandle !== userHandle)) throw new TypeError('records must belong to userHandle');
      byUser.set(userHandle, records.map(copy));
    },
    async listByUser(userHandle: string): Promise<RecoveryCodeRecord[]> {
      return (byUser.get(userHandle) ?? []).map(copy);
    },
    async markUsed(userHandle: string, id: string, usedAt: Date): Promise<boolean> {
      const record = byUser.get(userHandle)?.find((r) => r.id === id);
      if (record === undefined || record.usedAt !== null) return false;
      record.usedAt = new Date(usedAt.getTime());
      return true;
    },
  };
}
