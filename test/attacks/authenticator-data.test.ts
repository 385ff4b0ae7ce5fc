/** security.md §4 #18–#35: authenticatorData. */
import { describe, expect, it } from 'vitest';
import { sha256 } from '../../src/crypto/hash.js';
import { concat, utf8Encode } from '../../src/encoding/bytes.js';
import { encodeCBOR } from '../../src/encoding/cbor.js';
import {
  assertionOutcome,
  authenticate,
  coseKeyOffset,
  FLAG,
  outcome,
  prepareAssertion,
  prepareRegistration,
  register,
  registrationOutcome,
  withFlags,
} from './harness.js';

const APPID = 'https://example.com/appid.json';

describe('authenticatorData (security.md §4 #18–#35)', () => {
  describe('#18 shorter than 37 bytes', () => {
    for (const length of [0, 1, 32, 36]) {
      it(`#18 registration authData of ${length} bytes`, async () => {
        expect(
          await registrationOutcome({
            authenticator: { attestation: 'packed-self' },
            create: { mutate: { authData: (a) => a.slice(0, length) } },
          }),
        ).toBe('ERR_AUTHENTICATOR_DATA_INVALID');
      });
      it(`#18 assertion authData of ${length} bytes`, async () => {
        expect(await assertionOutcome({ get: { mutate: { authData: (a) => a.slice(0, length) } } })).toBe(
          'ERR_AUTHENTICATOR_DATA_INVALID',
        );
      });
    }
  });

  describe('#19 rpIdHash of another RP ID', () => {
    for (const rpId of ['evil.com', 'sub.example.com', 'com', 'EXAMPLE.com', 'example.com.', 'https://example.com']) {
      it(`#19 registration signed for "${rpId}"`, async () => {
        expect(await registrationOutcome({ authenticator: { attestation: 'packed-self' }, create: { rpId } })).toBe(
          'ERR_RP_ID_HASH_MISMATCH',
        );
      });
      it(`#19 assertion signed for "${rpId}"`, async () => {
        expect(await assertionOutcome({ get: { rpId } })).toBe('ERR_RP_ID_HASH_MISMATCH');
      });
    }
    it('#19 an all-zero rpIdHash', async () => {
      expect(await assertionOutcome({ get: { rpIdHash: new Uint8Array(32) } })).toBe('ERR_RP_ID_HASH_MISMATCH');
    });
  });

  describe('#20 AppID hash', () => {
    const appidGet = { extensions: { appid: APPID }, useAppId: true };
    it('#20 rpIdHash = SHA-256(appid) when the RP did not request appid: REJECT', async () => {
      expect(await assertionOutcome({ get: appidGet })).toBe('ERR_RP_ID_HASH_MISMATCH');
    });
    it('#20 requested, but the client reports appid: false: REJECT', async () => {
      expect(
        await assertionOutcome({
          get: { ...appidGet, clientExtensionResults: { appid: false } },
          verify: { expectedAppID: APPID },
        }),
      ).toBe('ERR_RP_ID_HASH_MISMATCH');
    });
    it('#20 requested, but the client omits the appid output: REJECT', async () => {
      const p = await prepareAssertion({ get: appidGet, verify: { expectedAppID: APPID } });
      const response = { ...p.assertion.response, clientExtensionResults: {} };
      expect(await outcome(p.verify(response))).toBe('ERR_RP_ID_HASH_MISMATCH');
    });
    it('#20 requested a different appid: REJECT', async () => {
      expect(
        await assertionOutcome({ get: appidGet, verify: { expectedAppID: 'https://evil.example/appid.json' } }),
      ).toBe('ERR_RP_ID_HASH_MISMATCH');
    });
    it('#20 requested and reported true: ACCEPT', async () => {
      const result = await authenticate({ get: appidGet, verify: { expectedAppID: APPID } });
      expect(result.rpID).toBe(APPID);
    });
  });

  describe('#21 UP = 0', () => {
    it('#21 registration: REJECT', async () => {
      expect(
        await registrationOutcome({ authenticator: { attestation: 'packed-self' }, create: { flags: { up: false } } }),
      ).toBe('ERR_USER_PRESENCE_REQUIRED');
    });
    it('#21 authentication: REJECT', async () => {
      expect(await assertionOutcome({ get: { flags: { up: false } } })).toBe('ERR_USER_PRESENCE_REQUIRED');
    });
    it('#21 registration under conditional create (requireUserPresence: false): ACCEPT', async () => {
      const result = await register({
        authenticator: { attestation: 'packed-self' },
        create: { flags: { up: false } },
        verify: { requireUserPresence: false },
      });
      expect(result.userPresent).toBe(false);
    });
  });

  describe('#22 UV = 0', () => {
    it('#22 registration with UV required (default): REJECT', async () => {
      expect(await registrationOutcome({ create: { flags: { uv: false } } })).toBe('ERR_USER_VERIFICATION_REQUIRED');
    });
    it('#22 authentication with UV required (default): REJECT', async () => {
      expect(await assertionOutcome({ get: { flags: { uv: false } } })).toBe('ERR_USER_VERIFICATION_REQUIRED');
    });
    it('#22 registration with UV not required: ACCEPT', async () => {
      const r = await register({ create: { flags: { uv: false } }, verify: { requireUserVerification: false } });
      expect(r.userVerified).toBe(false);
    });
    it('#22 authentication with UV not required: ACCEPT', async () => {
      const r = await authenticate({ get: { flags: { uv: false } }, verify: { requireUserVerification: false } });
      expect(r.userVerified).toBe(false);
    });
  });

  it('#23 BE = 0, BS = 1: REJECT in both ceremonies', async () => {
    expect(await registrationOutcome({ create: { flags: { be: false, bs: true } } })).toBe('ERR_BACKUP_FLAGS_INVALID');
    expect(await assertionOutcome({ get: { flags: { be: false, bs: true } } })).toBe('ERR_BACKUP_FLAGS_INVALID');
  });

  describe('#24 BE differs from the stored backupEligible', () => {
    it('#24 stored false, assertion BE = 1', async () => {
      expect(await assertionOutcome({ get: { flags: { be: true } }, stored: { backupEligible: false } })).toBe(
        'ERR_BACKUP_ELIGIBILITY_CHANGED',
      );
    });
    it('#24 stored true, assertion BE = 0', async () => {
      expect(
        await assertionOutcome({
          create: { flags: { be: true } },
          get: { flags: { be: false, bs: false } },
          stored: { backupEligible: true },
        }),
      ).toBe('ERR_BACKUP_ELIGIBILITY_CHANGED');
    });
  });

  describe('#25 BS flips with BE = 1: ACCEPT and report the new state', () => {
    it('#25 BS 0 → 1', async () => {
      const r = await authenticate({
        create: { flags: { be: true, bs: false } },
        get: { flags: { be: true, bs: true } },
      });
      expect([r.backupEligible, r.backedUp]).toEqual([true, true]);
    });
    it('#25 BS 1 → 0', async () => {
      const r = await authenticate({
        create: { flags: { be: true, bs: true } },
        get: { flags: { be: true, bs: false } },
      });
      expect([r.backupEligible, r.backedUp]).toEqual([true, false]);
    });
  });

  it('#26 registration with AT = 0 (attested data removed, re-signed): REJECT', async () => {
    expect(
      await registrationOutcome({
        authenticator: { attestation: 'packed-self' },
        create: { mutate: { authData: (a) => withFlags(a.slice(0, 37), 0, FLAG.AT) } },
      }),
    ).toBe('ERR_AUTHENTICATOR_DATA_INVALID');
    expect(
      await registrationOutcome({
        authenticator: { attestation: 'packed-self' },
        create: { mutate: { authData: (a) => withFlags(a, 0, FLAG.AT) } },
      }),
    ).toBe('ERR_AUTHENTICATOR_DATA_INVALID');
  });

  describe('#27 assertion with AT = 1 and attested data appended', () => {
    it('#27 attested data of another credential: REJECT', async () => {
      const other = await prepareRegistration();
      const otherAuthData = other.created.raw.authenticatorData;
      expect(
        await assertionOutcome({
          get: { mutate: { authData: (a) => concat(withFlags(a, FLAG.AT), otherAuthData.subarray(37)) } },
        }),
      ).toBe('ERR_AUTHENTICATOR_DATA_INVALID');
    });
    it('#27 attested data of this very credential: tolerated (documented deviation: early macOS Touch ID)', async () => {
      const q = await prepareAssertion();
      const own = q.created.raw.authenticatorData.subarray(37);
      const r = await q.authenticator.getAssertion({
        credentialId: q.created.credential.id,
        challenge: q.challenge,
        rpId: 'example.com',
        origin: 'https://example.com',
        mutate: { authData: (a) => concat(withFlags(a, FLAG.AT), own) },
      });
      expect(await outcome(q.verify(r.response))).toBe('accepted');
    });
  });

  describe('#28 AT = 1 but the attested data is truncated', () => {
    for (const [label, keep] of [
      ['inside the aaguid', 37 + 8],
      ['inside the length', 37 + 17],
      ['inside the credentialId', 37 + 18 + 10],
      ['inside the COSE key', -5],
    ] as const) {
      it(`#28 truncated ${label}`, async () => {
        expect(
          await registrationOutcome({
            authenticator: { attestation: 'packed-self' },
            create: { mutate: { authData: (a) => a.slice(0, keep) } },
          }),
        ).toBe('ERR_AUTHENTICATOR_DATA_INVALID');
      });
    }
  });

  describe('#29 credentialIdLength 1024 / 1023', () => {
    it('#29 1023 bytes: ACCEPT', async () => {
      const r = await register({ create: { credentialIdLength: 1023 } });
      expect(r.credential.id.length).toBe(1364);
    });
    it('#29 1024 bytes: REJECT (refused by the envelope size limit: ERR_INPUT_TOO_LARGE)', async () => {
      expect(await registrationOutcome({ create: { credentialIdLength: 1024 } })).toBe('ERR_INPUT_TOO_LARGE');
    });
    it('#29 1024 bytes with limits.credentialId raised: §7.1 step 25 still refuses it', async () => {
      expect(
        await registrationOutcome({ create: { credentialIdLength: 1024 }, verify: { limits: { credentialId: 4096 } } }),
      ).toBe('ERR_CREDENTIAL_ID_TOO_LONG');
    });
  });

  it('#30 credentialIdLength larger than the bytes left (no out-of-bounds read)', async () => {
    for (const length of [0xffff, 0x1000, 300]) {
      expect(
        await registrationOutcome({
          authenticator: { attestation: 'packed-self' },
          create: {
            mutate: {
              authData: (a) => {
                const out = a.slice();
                out[53] = length >> 8;
                out[54] = length & 0xff;
                return out;
              },
            },
          },
        }),
      ).toBe('ERR_AUTHENTICATOR_DATA_INVALID');
    }
  });

  it('#31 ED = 1 but no extensions follow', async () => {
    expect(
      await registrationOutcome({
        authenticator: { attestation: 'packed-self' },
        create: { mutate: { authData: (a) => withFlags(a, FLAG.ED) } },
      }),
    ).toBe('ERR_AUTHENTICATOR_DATA_INVALID');
    expect(await assertionOutcome({ get: { mutate: { authData: (a) => withFlags(a, FLAG.ED) } } })).toBe(
      'ERR_AUTHENTICATOR_DATA_INVALID',
    );
  });

  describe('#32 ED = 0 but bytes follow', () => {
    it('#32 registration: bytes after the COSE key', async () => {
      for (const tail of [Uint8Array.of(0), encodeCBOR(new Map([['credProtect', 2]]))]) {
        expect(
          await registrationOutcome({
            authenticator: { attestation: 'packed-self' },
            create: { mutate: { authData: (a) => concat(a, tail) } },
          }),
        ).toBe('ERR_AUTHENTICATOR_DATA_INVALID');
      }
    });
    it('#32 assertion: bytes after byte 37', async () => {
      for (const tail of [Uint8Array.of(0), encodeCBOR(new Map([['credProtect', 2]]))]) {
        expect(await assertionOutcome({ get: { mutate: { authData: (a) => concat(a, tail) } } })).toBe(
          'ERR_AUTHENTICATOR_DATA_INVALID',
        );
      }
    });
  });

  describe('#33 ED = 1 with a malformed extensions map', () => {
    const variants: Array<[string, Uint8Array]> = [
      ['an array', encodeCBOR(['credProtect', 2])],
      ['an integer', Uint8Array.of(0x02)],
      ['a map followed by a byte', concat(encodeCBOR(new Map([['credProtect', 2]])), Uint8Array.of(0))],
      ['a map followed by a second map', concat(encodeCBOR(new Map([['a', 1]])), encodeCBOR(new Map([['b', 2]])))],
      ['a truncated map', encodeCBOR(new Map([['credProtect', 2]])).slice(0, -1)],
    ];
    for (const [label, ext] of variants) {
      it(`#33 registration: extensions are ${label}`, async () => {
        expect(
          await registrationOutcome({
            authenticator: { attestation: 'packed-self' },
            create: { mutate: { authData: (a) => concat(withFlags(a, FLAG.ED), ext) } },
          }),
        ).toBe('ERR_AUTHENTICATOR_DATA_INVALID');
      });
      it(`#33 assertion: extensions are ${label}`, async () => {
        expect(
          await assertionOutcome({ get: { mutate: { authData: (a) => concat(withFlags(a, FLAG.ED), ext) } } }),
        ).toBe('ERR_AUTHENTICATOR_DATA_INVALID');
      });
    }
  });

  describe('#34 RFU bits set: ACCEPT (ignored)', () => {
    it('#34 registration with RFU1 and RFU2', async () => {
      const r = await register({
        authenticator: { attestation: 'packed-self' },
        create: { flags: { rfu1: true, rfu2: true } },
      });
      expect(r.userVerified).toBe(true);
    });
    it('#34 assertion with RFU1 and RFU2', async () => {
      const r = await authenticate({ get: { flags: { rfu1: true, rfu2: true } } });
      expect(r.userVerified).toBe(true);
    });
  });

  describe('#35 signCount as unsigned 32-bit', () => {
    it('#35 0x80000000 after stored 0x7FFFFFFF: ACCEPT as an increase', async () => {
      const r = await authenticate({ get: { counter: 0x80000000 }, stored: { counter: 0x7fffffff } });
      expect([r.counterStatus, r.newCounter]).toEqual(['ok', 0x80000000]);
    });
    it('#35 0xFFFFFFFF after stored 0xFFFFFFFE: ACCEPT', async () => {
      const r = await authenticate({ get: { counter: 0xffffffff }, stored: { counter: 0xfffffffe } });
      expect(r.newCounter).toBe(0xffffffff);
    });
    it('#35 registration with signCount 0xFFFFFFFF is stored unsigned', async () => {
      const r = await register({ create: { counter: 0xffffffff } });
      expect(r.credential.counter).toBe(0xffffffff);
    });
  });

  it('harness sanity: the COSE key starts after the credential id', async () => {
    const p = await prepareRegistration();
    const a = p.created.raw.authenticatorData;
    expect(a[coseKeyOffset(a)]! >> 5).toBe(5);
    expect(sha256(utf8Encode('example.com'))).toEqual(a.slice(0, 32));
  });
});
