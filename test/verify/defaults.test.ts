/**
 * The verifiers' module-level defaults: the accepted algorithms, the input limits and the Android
 * origin pattern. Each module is imported inside the test (after `vi.resetModules()`), so the
 * tables are evaluated while the test runs and a change to any entry is observed here.
 */
import { describe, expect, it, vi } from 'vitest';

async function fresh<T>(load: () => Promise<T>): Promise<T> {
  vi.resetModules();
  return load();
}

describe('verifier defaults', () => {
  it('DEFAULT_SUPPORTED_ALGORITHMS is every verified COSE algorithm but RS1, frozen', async () => {
    const { DEFAULT_SUPPORTED_ALGORITHMS } = await fresh(() => import('../../src/verify/algorithms.js'));
    // ES256, EdDSA, Ed25519, ES384, ES512, RS256, RS384, RS512, PS256, PS384, PS512, Ed448, ES256K
    expect([...DEFAULT_SUPPORTED_ALGORITHMS]).toEqual([
      -7, -8, -19, -35, -36, -257, -258, -259, -37, -38, -39, -53, -47,
    ]);
    expect(DEFAULT_SUPPORTED_ALGORITHMS).not.toContain(-65535);
    expect(Object.isFrozen(DEFAULT_SUPPORTED_ALGORITHMS)).toBe(true);
  });

  it('DEFAULT_LIMITS are the documented sizes, frozen', async () => {
    const { DEFAULT_LIMITS, resolveLimits } = await fresh(() => import('../../src/verify/limits.js'));
    expect(DEFAULT_LIMITS).toStrictEqual({
      clientDataJSON: 16384,
      attestationObject: 131072,
      authenticatorData: 16384,
      signature: 2048,
      userHandle: 64,
      credentialId: 1023,
    });
    expect(Object.isFrozen(DEFAULT_LIMITS)).toBe(true);
    expect(resolveLimits({ signature: 4096 })).toStrictEqual({ ...DEFAULT_LIMITS, signature: 4096 });
  });

  it('an Android origin is android:apk-key-hash: and exactly 43 base64url characters', async () => {
    const { assertConfiguredOrigin } = await fresh(() => import('../../src/verify/origins.js'));
    const accepted = (origin: string) => {
      try {
        assertConfiguredOrigin(origin, 'expectedOrigin', false);
        return true;
      } catch (err) {
        if (err instanceof TypeError) return false;
        throw err;
      }
    };
    const hash43 = `${'A-_'.repeat(14)}z`;
    expect(accepted(`android:apk-key-hash:${hash43}`)).toBe(true);
    expect(accepted(`android:apk-key-hash:${hash43}A`)).toBe(false);
    expect(accepted(`android:apk-key-hash:${hash43.slice(1)}`)).toBe(false);
    expect(accepted('android:apk-key-hash:A')).toBe(false);
    expect(accepted(`android:apk-key-hash:${'.'.repeat(43)}`)).toBe(false);
    expect(accepted(`android:android:apk-key-hash:${hash43}`)).toBe(false);
  });
});
