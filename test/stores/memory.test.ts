import {
  createMemoryChallengeStore,
  createMemoryCredentialStore,
  createMemoryRecoveryCodeStore,
} from '../../src/stores/memory.js';
import { describeStoreContract } from './contract.js';

let now = Date.parse('2026-03-01T00:00:00.000Z');
const clock = (): Date => new Date(now);

describeStoreContract({
  name: 'memory',
  challenges: () => createMemoryChallengeStore({ clock }),
  credentials: () => createMemoryCredentialStore(),
  recoveryCodes: () => createMemoryRecoveryCodeStore(),
  advanceTime: async (ms) => {
    now += ms;
  },
});
