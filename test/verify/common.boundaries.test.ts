import { describe, expect, it } from 'vitest';
import { sha256 } from '../../src/crypto/hash.js';
import { utf8Encode } from '../../src/encoding/bytes.js';
import type { ClientData } from '../../src/parsers/types.js';
import { type ClientDataExpectations, verifyClientData } from '../../src/verify/client-data-checks.js';
import { clientDataExpectations, matchRpIdHash, rpIdHashes } from '../../src/verify/common.js';
import { DEFAULT_LIMITS, resolveLimits } from '../../src/verify/limits.js';
import { compileOrigins } from '../../src/verify/origins.js';
import { rejected as errorOf } from '../helpers/outcome.js';
import { ORIGIN, RP_ID } from './helpers.js';

const CHALLENGE = 'xGZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmY';

function clientData(overrides: Partial<ClientData> = {}): ClientData {
  return {
    type: 'webauthn.get',
    challenge: CHALLENGE,
    origin: ORIGIN,
    crossOrigin: undefined,
    topOrigin: undefined,
    members: {},
    ...overrides,
  };
}

function expectations(overrides: Partial<ClientDataExpectations> = {}): ClientDataExpectations {
  return {
    type: 'webauthn.get',
    challenge: CHALLENGE,
    origin: compileOrigins(ORIGIN, 'expectedOrigin', false),
    topOrigin: undefined,
    allowCrossOrigin: false,
    ...overrides,
  };
}

describe('clientDataExpectations: configuration checks', () => {
  const base = { expectedOrigin: ORIGIN, expectedRPID: RP_ID };

  it('compiles challenge, origin, top origin and cross-origin permission', () => {
    const e = clientDataExpectations({ ...base, expectedChallenge: CHALLENGE }, 'webauthn.create');
    expect(e.type).toBe('webauthn.create');
    expect(e.challenge).toBe(CHALLENGE);
    expect(e.origin(ORIGIN)).toBe(true);
    expect(e.topOrigin).toBeUndefined();
    expect(e.allowCrossOrigin).toBe(false);
    const top = clientDataExpectations(
      { ...base, expectedChallenge: CHALLENGE, expectedTopOrigin: 'https://top.example', allowCrossOrigin: true },
      'webauthn.get',
    );
    expect(top.topOrigin?.('https://top.example')).toBe(true);
    expect(top.allowCrossOrigin).toBe(true);
  });

  it('a one-character challenge and a predicate are accepted', () => {
    expect(clientDataExpectations({ ...base, expectedChallenge: 'A' }, 'webauthn.get').challenge).toBe('A');
    const predicate = () => true;
    expect(clientDataExpectations({ ...base, expectedChallenge: predicate }, 'webauthn.get').challenge).toBe(predicate);
  });

  it.each([
    ['empty', ''],
    ['a number', 42],
    ['null', null],
    ['missing', undefined],
  ])('a challenge that is %s → TypeError', (_, ch) => {
    expect(() => clientDataExpectations({ ...base, expectedChallenge: ch as never }, 'webauthn.get')).toThrow(
      TypeError,
    );
  });

  it('an invalid expectedOrigin or expectedTopOrigin → TypeError', () => {
    expect(() =>
      clientDataExpectations({ ...base, expectedChallenge: CHALLENGE, expectedOrigin: [] }, 'webauthn.get'),
    ).toThrow(TypeError);
    expect(() =>
      clientDataExpectations(
        { ...base, expectedChallenge: CHALLENGE, expectedTopOrigin: 'http://top.example' },
        'webauthn.get',
      ),
    ).toThrow(TypeError);
  });
});

describe('rpIdHashes / matchRpIdHash', () => {
  it('hashes each RP ID and matches the hash back to its id', () => {
    const list = rpIdHashes(['example.com', 'login.example.com']);
    expect(list).toStrictEqual([
      { rpID: 'example.com', hash: sha256(utf8Encode('example.com')) },
      { rpID: 'login.example.com', hash: sha256(utf8Encode('login.example.com')) },
    ]);
    expect(matchRpIdHash(sha256(utf8Encode('login.example.com')), list)).toBe('login.example.com');
    expect(rpIdHashes('example.com')).toHaveLength(1);
  });

  it.each([
    ['an empty list', []],
    ['null', null],
    ['an array-like with map', { length: 1, 0: 'example.com', map: Array.prototype.map }],
    ['a Set', new Set(['example.com'])],
  ])('an expectedRPID that is %s → TypeError', (_, expected) => {
    expect(() => rpIdHashes(expected as never)).toThrow(TypeError);
  });

  it.each([
    ['empty', ''],
    ['with a scheme', 'https://example.com'],
    ['with a port', 'example.com:443'],
    ['with a path', 'example.com/login'],
    ['a String object', new String('example.com')],
    ['a number', 42],
  ])('an RP ID %s → TypeError', (_, rpID) => {
    expect(() => rpIdHashes([rpID as never])).toThrow(TypeError);
    expect(() => rpIdHashes(['example.com', rpID as never])).toThrow(TypeError);
  });
});

describe('resolveLimits', () => {
  it('no limits → the frozen defaults themselves', () => {
    const out = resolveLimits(undefined);
    expect(out).toBe(DEFAULT_LIMITS);
    expect(Object.isFrozen(out)).toBe(true);
  });

  it('caller limits override only what they name; 1 is the smallest limit', () => {
    expect(resolveLimits({ signature: 1 })).toStrictEqual({ ...DEFAULT_LIMITS, signature: 1 });
    expect(resolveLimits({})).toStrictEqual({ ...DEFAULT_LIMITS });
  });

  it.each([
    ['0', 0],
    ['-1', -1],
    ['1.5', 1.5],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['2^53', 2 ** 53],
    ['a numeric string', '64'],
  ])('a limit of %s → RangeError', (_, value) => {
    expect(() => resolveLimits({ userHandle: value as never })).toThrow(RangeError);
    expect(() => resolveLimits({ credentialId: value as never })).toThrow(RangeError);
  });
});

describe('verifyClientData: error details', () => {
  it('the expected values pass', async () => {
    await expect(verifyClientData(clientData(), expectations())).resolves.toBeUndefined();
  });

  it('a wrong type → ERR_CLIENT_DATA_TYPE with expected and received', async () => {
    const err = await errorOf(verifyClientData(clientData({ type: 'webauthn.create' }), expectations()));
    expect(err.code).toBe('ERR_CLIENT_DATA_TYPE');
    expect(err.details).toStrictEqual({ expected: 'webauthn.get', received: 'webauthn.create' });
  });

  it('a wrong origin → ERR_ORIGIN_MISMATCH with the received origin', async () => {
    const err = await errorOf(verifyClientData(clientData({ origin: 'https://evil.example' }), expectations()));
    expect(err.code).toBe('ERR_ORIGIN_MISMATCH');
    expect(err.details).toStrictEqual({ received: 'https://evil.example' });
  });

  it('an async origin predicate: its answer decides (a promised false is a mismatch)', async () => {
    const origin = compileOrigins(async (o) => o === ORIGIN, 'expectedOrigin', false);
    await expect(verifyClientData(clientData(), expectations({ origin }))).resolves.toBeUndefined();
    const err = await errorOf(
      verifyClientData(clientData({ origin: 'https://evil.example' }), expectations({ origin })),
    );
    expect(err.code).toBe('ERR_ORIGIN_MISMATCH');
    expect(err.details).toStrictEqual({ received: 'https://evil.example' });
  });

  it('a wrong top origin → ERR_TOP_ORIGIN_MISMATCH with the received top origin', async () => {
    const e = expectations({ topOrigin: compileOrigins('https://top.example', 'expectedTopOrigin', false) });
    await expect(
      verifyClientData(clientData({ crossOrigin: true, topOrigin: 'https://top.example' }), e),
    ).resolves.toBeUndefined();
    const err = await errorOf(
      verifyClientData(clientData({ crossOrigin: true, topOrigin: 'https://other.example' }), e),
    );
    expect(err.code).toBe('ERR_TOP_ORIGIN_MISMATCH');
    expect(err.details).toStrictEqual({ received: 'https://other.example' });
  });
});
