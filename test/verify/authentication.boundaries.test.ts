import { beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../src/crypto/hash.js';
import { decodeBase64url, encodeBase64url } from '../../src/encoding/base64url.js';
import { concat } from '../../src/encoding/bytes.js';
import { type CBORMap, decodeCBOR, encodeCBOR } from '../../src/encoding/cbor.js';
import { WebAuthnError } from '../../src/errors.js';
import {
  type CreatedAssertion,
  createSoftwareAuthenticator,
  type GetAssertionOptions,
  type SoftwareAuthenticator,
} from '../../src/testing/index.js';
import { type StoredCredential, verifyAuthenticationResponse } from '../../src/verify/index.js';
import { rejected as errorOf } from '../helpers/outcome.js';
import { challenge, codeOf, ORIGIN, RP_ID } from './helpers.js';

interface Fixture {
  auth: SoftwareAuthenticator;
  stored: StoredCredential;
}

async function setup(seed: string, options: Parameters<typeof createSoftwareAuthenticator>[0] = {}): Promise<Fixture> {
  const auth = createSoftwareAuthenticator({ seed, ...options });
  const { credential } = await auth.createCredential({ challenge: challenge(), rpId: RP_ID, origin: ORIGIN });
  return {
    auth,
    stored: { id: credential.id, publicKey: credential.publicKey, counter: 0, backupEligible: false },
  };
}

type AssertionExtras = Omit<GetAssertionOptions, 'credentialId' | 'challenge' | 'rpId' | 'origin'>;

async function assertion(f: Fixture, extras: AssertionExtras = {}): Promise<CreatedAssertion & { ch: string }> {
  const ch = challenge();
  const a = await f.auth.getAssertion({
    credentialId: f.stored.id,
    challenge: ch,
    rpId: RP_ID,
    origin: ORIGIN,
    ...extras,
  });
  return { ...a, ch };
}

const opts = (response: unknown, ch: string, credential: unknown) => ({
  response: response as never,
  expectedChallenge: ch,
  expectedOrigin: ORIGIN,
  expectedRPID: RP_ID,
  credential: credential as never,
});

/** Appends attested credential data (AT flag set) to an assertion's authenticatorData. */
function withAttestedData(credentialId: Uint8Array, coseKey: Uint8Array): (authData: Uint8Array) => Uint8Array {
  return (authData) => {
    const head = authData.slice(0, 37);
    head[32] = (head[32] as number) | 0x40;
    const len = Uint8Array.of(credentialId.length >> 8, credentialId.length & 0xff);
    return concat(head, new Uint8Array(16), len, credentialId, coseKey, authData.subarray(37));
  };
}

describe('verifyAuthenticationResponse: argument checks', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await setup('auth-bounds-args');
  });

  it('valid options resolve (control)', async () => {
    const a = await assertion(f);
    expect(await codeOf(verifyAuthenticationResponse(opts(a.response, a.ch, f.stored)))).toBe('resolved');
  });

  it('options that are null or a function (even one carrying every option) → TypeError', async () => {
    const a = await assertion(f);
    const callable = Object.assign(() => undefined, opts(a.response, a.ch, f.stored));
    await expect(verifyAuthenticationResponse(callable as never)).rejects.toThrow(TypeError);
    await expect(verifyAuthenticationResponse(null as never)).rejects.toThrow(TypeError);
  });

  it('a credential record that is null, a function, or has no string id → TypeError', async () => {
    const a = await assertion(f);
    const callable = Object.assign(() => undefined, f.stored);
    for (const credential of [null, callable, { ...f.stored, id: undefined }, { ...f.stored, id: 42 }]) {
      await expect(verifyAuthenticationResponse(opts(a.response, a.ch, credential))).rejects.toThrow(TypeError);
    }
  });

  it('a record with another id but the same key → ERR_CREDENTIAL_MISMATCH', async () => {
    const a = await assertion(f);
    const otherId = encodeBase64url(Uint8Array.of(1, 2, 3, 4));
    expect(await codeOf(verifyAuthenticationResponse(opts(a.response, a.ch, { ...f.stored, id: otherId })))).toBe(
      'ERR_CREDENTIAL_MISMATCH',
    );
  });
});

describe('verifyAuthenticationResponse: members are named in error details', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await setup('auth-bounds-fields');
  });

  it.each(['clientDataJSON', 'authenticatorData', 'signature', 'userHandle'] as const)(
    'non-canonical response.%s → ERR_INVALID_RESPONSE with its field',
    async (member) => {
      const a = await assertion(f, {
        userHandle: Uint8Array.of(7, 7, 7),
        mutate: { response: (r) => ({ ...r, response: { ...r.response, [member]: 'AQI=' } }) },
      });
      const err = await errorOf(verifyAuthenticationResponse(opts(a.response, a.ch, f.stored)));
      expect(err.code).toBe('ERR_INVALID_RESPONSE');
      expect(err.details).toStrictEqual({ field: `response.${member}` });
    },
  );

  it.each([
    ['clientDataJSON', 'clientDataJSON'],
    ['authenticatorData', 'authenticatorData'],
    ['signature', 'signature'],
    ['userHandle', 'userHandle'],
  ] as const)('response.%s over its limit → ERR_INPUT_TOO_LARGE with field and limit', async (member, limit) => {
    const a = await assertion(f, { userHandle: new Uint8Array(24) });
    const err = await errorOf(
      verifyAuthenticationResponse({ ...opts(a.response, a.ch, f.stored), limits: { [limit]: 8 } }),
    );
    expect(err.code).toBe('ERR_INPUT_TOO_LARGE');
    expect(err.details).toStrictEqual({ field: `response.${member}`, limit: 8 });
  });

  it('an empty userHandle counts as absent', async () => {
    const a = await assertion(f, {
      mutate: { response: (r) => ({ ...r, response: { ...r.response, userHandle: '' } }) },
    });
    const r = await verifyAuthenticationResponse(opts(a.response, a.ch, { ...f.stored, userHandle: 'AQID' }));
    expect(r.userHandle).toBeUndefined();
  });
});

describe('verifyAuthenticationResponse: policy', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await setup('auth-bounds-policy');
  });

  it('without expectedAppID a client-reported appid never widens the accepted RP ID hashes', async () => {
    // The hash of the empty string is what an unset AppID would hash to.
    for (const text of ['', 'undefined']) {
      const a = await assertion(f, {
        rpIdHash: sha256(new TextEncoder().encode(text)),
        clientExtensionResults: { appid: true },
      });
      expect(await codeOf(verifyAuthenticationResponse(opts(a.response, a.ch, f.stored)))).toBe(
        'ERR_RP_ID_HASH_MISMATCH',
      );
    }
  });

  it('UP is required by default and may be waived explicitly', async () => {
    const a = await assertion(f, { flags: { up: false } });
    expect(await codeOf(verifyAuthenticationResponse(opts(a.response, a.ch, f.stored)))).toBe(
      'ERR_USER_PRESENCE_REQUIRED',
    );
    expect(
      await codeOf(verifyAuthenticationResponse({ ...opts(a.response, a.ch, f.stored), requireUserPresence: true })),
    ).toBe('ERR_USER_PRESENCE_REQUIRED');
    const r = await verifyAuthenticationResponse({ ...opts(a.response, a.ch, f.stored), requireUserPresence: false });
    expect(r).toMatchObject({ userPresent: false, userVerified: true });
  });

  it('counter regression reports the stored and received counters', async () => {
    const a = await assertion(f, { counter: 5 });
    for (const stored of [5, 6]) {
      const err = await errorOf(verifyAuthenticationResponse(opts(a.response, a.ch, { ...f.stored, counter: stored })));
      expect(err.code).toBe('ERR_COUNTER_REGRESSION');
      expect(err.details).toStrictEqual({ stored, received: 5 });
    }
    const ok = await verifyAuthenticationResponse(opts(a.response, a.ch, { ...f.stored, counter: 4 }));
    expect(ok).toMatchObject({ counterStatus: 'ok', newCounter: 5 });
  });

  it.each([
    ['platform', 'platform'],
    ['cross-platform', 'cross-platform'],
    [null, undefined],
  ] as const)('authenticatorAttachment %s is reported as %s', async (sent, reported) => {
    const a = await assertion(f, { authenticatorAttachment: sent });
    const r = await verifyAuthenticationResponse(opts(a.response, a.ch, f.stored));
    expect(r.authenticatorAttachment).toBe(reported);
  });

  it('an absent authenticatorAttachment is reported as undefined', async () => {
    const a = await assertion(f, {
      mutate: {
        response: (r) => {
          const { authenticatorAttachment: _, ...rest } = r;
          return rest as typeof r;
        },
      },
    });
    const r = await verifyAuthenticationResponse(opts(a.response, a.ch, f.stored));
    expect(r.authenticatorAttachment).toBeUndefined();
    expect('authenticatorAttachment' in r).toBe(true);
  });
});

describe('verifyAuthenticationResponse: the stored public key', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await setup('auth-bounds-key');
  });

  it('stored bytes that are not CBOR → ERR_PUBLIC_KEY_INVALID caused by the CBOR error', async () => {
    const a = await assertion(f);
    for (const publicKey of [Uint8Array.of(0xa1), Uint8Array.of(0xff), new Uint8Array(0)]) {
      const err = await errorOf(verifyAuthenticationResponse(opts(a.response, a.ch, { ...f.stored, publicKey })));
      expect(err.code).toBe('ERR_PUBLIC_KEY_INVALID');
      expect(err.cause).toBeInstanceOf(WebAuthnError);
    }
  });

  it('stored CBOR that is not a map → ERR_PUBLIC_KEY_INVALID', async () => {
    const a = await assertion(f);
    for (const publicKey of [Uint8Array.of(0x01), Uint8Array.of(0x80), encodeCBOR('key')]) {
      expect(await codeOf(verifyAuthenticationResponse(opts(a.response, a.ch, { ...f.stored, publicKey })))).toBe(
        'ERR_PUBLIC_KEY_INVALID',
      );
    }
  });

  it('a forced backend is used as given (WebCrypto has no secp256k1)', async () => {
    const k = await setup('auth-bounds-es256k', { algorithm: 'ES256K' });
    const a = await assertion(k);
    expect(await codeOf(verifyAuthenticationResponse({ ...opts(a.response, a.ch, k.stored), backend: 'noble' }))).toBe(
      'resolved',
    );
    expect(
      await codeOf(verifyAuthenticationResponse({ ...opts(a.response, a.ch, k.stored), backend: 'webcrypto' })),
    ).toBe('ERR_UNSUPPORTED_ALGORITHM');
  });
});

describe('verifyAuthenticationResponse: attested credential data inside an assertion', () => {
  let f: Fixture;
  let other: Fixture;
  let idBytes: Uint8Array;
  beforeAll(async () => {
    f = await setup('auth-bounds-acd');
    other = await setup('auth-bounds-acd-other');
    idBytes = decodeBase64url(f.stored.id);
  });

  it('tolerated when it names this credential with this key', async () => {
    const a = await assertion(f, {
      mutate: { authData: withAttestedData(idBytes, f.stored.publicKey as Uint8Array) },
    });
    expect(await codeOf(verifyAuthenticationResponse(opts(a.response, a.ch, f.stored)))).toBe('resolved');
  });

  it('another credential id with this key → ERR_AUTHENTICATOR_DATA_INVALID', async () => {
    const a = await assertion(f, {
      mutate: { authData: withAttestedData(Uint8Array.of(1, 2, 3, 4), f.stored.publicKey as Uint8Array) },
    });
    expect(await codeOf(verifyAuthenticationResponse(opts(a.response, a.ch, f.stored)))).toBe(
      'ERR_AUTHENTICATOR_DATA_INVALID',
    );
  });

  it('this credential id with another key of the same algorithm → ERR_AUTHENTICATOR_DATA_INVALID', async () => {
    const a = await assertion(f, {
      mutate: { authData: withAttestedData(idBytes, other.stored.publicKey as Uint8Array) },
    });
    expect(await codeOf(verifyAuthenticationResponse(opts(a.response, a.ch, f.stored)))).toBe(
      'ERR_AUTHENTICATOR_DATA_INVALID',
    );
  });

  it('this credential id with an unparseable or disallowed key → ERR_AUTHENTICATOR_DATA_INVALID', async () => {
    const key = decodeCBOR(f.stored.publicKey as Uint8Array) as CBORMap;
    const badCurve = new Map(key).set(-1, 2); // P-384 label on a P-256 ES256 key
    const rs1 = new Map<number, unknown>([
      [1, 3],
      [3, -65535],
    ]);
    for (const map of [badCurve, rs1]) {
      const a = await assertion(f, { mutate: { authData: withAttestedData(idBytes, encodeCBOR(map)) } });
      expect(await codeOf(verifyAuthenticationResponse(opts(a.response, a.ch, f.stored)))).toBe(
        'ERR_AUTHENTICATOR_DATA_INVALID',
      );
    }
  });

  it('the same RSA key under another algorithm (PS256 vs RS256) → ERR_AUTHENTICATOR_DATA_INVALID', async () => {
    const rsa = await setup('auth-bounds-acd-rsa', { algorithm: 'RS256' });
    const rsaId = decodeBase64url(rsa.stored.id);
    const key = decodeCBOR(rsa.stored.publicKey as Uint8Array) as CBORMap;
    const same = await assertion(rsa, {
      mutate: { authData: withAttestedData(rsaId, rsa.stored.publicKey as Uint8Array) },
    });
    expect(await codeOf(verifyAuthenticationResponse(opts(same.response, same.ch, rsa.stored)))).toBe('resolved');
    const relabelled = encodeCBOR(new Map(key).set(3, -37));
    const a = await assertion(rsa, { mutate: { authData: withAttestedData(rsaId, relabelled) } });
    expect(await codeOf(verifyAuthenticationResponse(opts(a.response, a.ch, rsa.stored)))).toBe(
      'ERR_AUTHENTICATOR_DATA_INVALID',
    );
  });

  it('the attested key is checked against the caller’s algorithm list (RS1 only when listed)', async () => {
    const rs1 = await setup('auth-bounds-acd-rs1', { algorithm: 'RS1' as never });
    const rs1Id = decodeBase64url(rs1.stored.id);
    const a = await assertion(rs1, {
      mutate: { authData: withAttestedData(rs1Id, rs1.stored.publicKey as Uint8Array) },
    });
    const r = await verifyAuthenticationResponse({
      ...opts(a.response, a.ch, rs1.stored),
      supportedAlgorithms: [-65535],
    });
    expect(r.counterStatus).toBe('ok');
  });
});
