import { describe, expect, it } from 'vitest';
import { generateRecoveryCodes, redeemRecoveryCode } from '../../src/relying-party/recovery-codes.js';
import { createMemoryRecoveryCodeStore } from '../../src/stores/memory.js';
import { codeOf, createHarness, newUserHandle } from './helpers.js';

const FAST = { N: 2 ** 10, r: 8, p: 1 };

describe('recovery codes', () => {
  it('issues 10 codes shown once; only salted scrypt hashes are stored', async () => {
    const store = createMemoryRecoveryCodeStore();
    const user = newUserHandle();
    const { codes } = await generateRecoveryCodes({ store, userHandle: user, scrypt: FAST });
    expect(codes).toHaveLength(10);
    for (const code of codes) expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
    expect(new Set(codes).size).toBe(10);
    const records = await store.listByUser(user);
    const text = JSON.stringify(records);
    for (const code of codes) expect(text).not.toContain(code.replace(/-/g, '').slice(4));
    expect(new Set(records.map((r) => r.salt)).size).toBe(10);
    expect(records[0]?.params).toEqual(FAST);
  });

  it('redeems each code exactly once; typing variations are accepted', async () => {
    const h = createHarness();
    const user = newUserHandle();
    const { codes } = await h.rp.generateRecoveryCodes({ userHandle: user, count: 3 });
    const code = codes[0] as string;
    const typed = ` ${code.toLowerCase().replace(/-/g, ' ').replace(/0/g, 'o').replace(/1/g, 'l')} `;
    expect(await h.rp.redeemRecoveryCode({ userHandle: user, code: typed })).toEqual({ remaining: 2 });
    expect(await codeOf(h.rp.redeemRecoveryCode({ userHandle: user, code }))).toBe('ERR_RECOVERY_CODE_INVALID');
    expect((await h.rp.getAccountStatus({ userHandle: user })).recoveryCodesRemaining).toBe(2);
    expect(h.events.map((e) => e.type)).toEqual(['recovery.generated', 'recovery.redeemed', 'recovery.failed']);
    expect(JSON.stringify(h.events)).not.toContain(code);
  });

  it('refuses wrong, malformed and other users’ codes with one error code', async () => {
    const h = createHarness();
    const alice = newUserHandle();
    const { codes } = await h.rp.generateRecoveryCodes({ userHandle: alice, count: 2 });
    const code = codes[0] as string;
    const wrongSecret = `${code.slice(0, 5)}${code[5] === '0' ? '1' : '0'}${code.slice(6)}`;
    for (const attempt of [wrongSecret, 'AAAA-BBBB-CCCC-DDDD', 'short', '', 'U'.repeat(16), 'x'.repeat(1000)]) {
      expect(await codeOf(h.rp.redeemRecoveryCode({ userHandle: alice, code: attempt }))).toBe(
        'ERR_RECOVERY_CODE_INVALID',
      );
    }
    expect(await codeOf(h.rp.redeemRecoveryCode({ userHandle: newUserHandle(), code }))).toBe(
      'ERR_RECOVERY_CODE_INVALID',
    );
    expect(await h.rp.redeemRecoveryCode({ userHandle: alice, code })).toEqual({ remaining: 1 });
  });

  it('a new set voids the old one', async () => {
    const h = createHarness();
    const user = newUserHandle();
    const old = await h.rp.generateRecoveryCodes({ userHandle: user, count: 2 });
    await h.rp.generateRecoveryCodes({ userHandle: user, count: 2 });
    expect(await codeOf(h.rp.redeemRecoveryCode({ userHandle: user, code: old.codes[0] as string }))).toBe(
      'ERR_RECOVERY_CODE_INVALID',
    );
  });

  it('concurrent redemptions of one code: exactly one succeeds', async () => {
    const store = createMemoryRecoveryCodeStore();
    const user = newUserHandle();
    const { codes } = await generateRecoveryCodes({ store, userHandle: user, count: 1, scrypt: FAST });
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () =>
        redeemRecoveryCode({ store, userHandle: user, code: codes[0] as string, scrypt: FAST }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });

  it('needs a recovery-code store and a sane count', async () => {
    const h = createHarness({ recoveryCodes: undefined });
    await expect(h.rp.generateRecoveryCodes({ userHandle: newUserHandle() })).rejects.toBeInstanceOf(TypeError);
    await expect(
      generateRecoveryCodes({ store: createMemoryRecoveryCodeStore(), userHandle: newUserHandle(), count: 0 }),
    ).rejects.toBeInstanceOf(RangeError);
  });
});
