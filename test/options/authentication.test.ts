import { describe, expect, it } from 'vitest';
import { decodeBase64url } from '../../src/encoding/base64url.js';
import {
  CREDENTIAL_PROTECTION_POLICY_VALUES,
  type GenerateAuthenticationOptionsInput,
  generateAuthenticationOptions,
} from '../../src/options/index.js';

function gen(
  overrides: Partial<GenerateAuthenticationOptionsInput> = {},
): ReturnType<typeof generateAuthenticationOptions> {
  return generateAuthenticationOptions({ rpID: 'example.com', ...overrides });
}

describe('generateAuthenticationOptions: defaults', () => {
  it('produces the W3C JSON shape', () => {
    const o = gen();
    expect(o).toEqual({
      challenge: expect.any(String),
      timeout: 300_000,
      rpId: 'example.com',
      allowCredentials: [],
      userVerification: 'required',
    });
    expect(decodeBase64url(o.challenge)).toHaveLength(32);
    expect(gen().challenge).not.toBe(o.challenge);
    expect(JSON.parse(JSON.stringify(o))).toEqual(o);
  });

  it('draws the challenge from the injected random source', () => {
    const calls: number[] = [];
    const o = gen({
      random: (n) => {
        calls.push(n);
        return new Uint8Array(n).fill(0xff);
      },
    });
    expect(calls).toEqual([32]);
    expect(o.challenge).toBe(`${'_'.repeat(42)}8`);
  });

  it('uses a given challenge without drawing', () => {
    const o = gen({
      challenge: 'AAAAAAAAAAAAAAAAAAAAAA',
      random: () => {
        throw new Error('must not be called');
      },
    });
    expect(o.challenge).toBe('AAAAAAAAAAAAAAAAAAAAAA');
  });
});

describe('generateAuthenticationOptions: caller values', () => {
  it('allowCredentials, userVerification, hints, timeout', () => {
    const o = gen({
      allowCredentials: [{ id: new Uint8Array([1, 2, 3]), transports: ['internal', 'hybrid'] }],
      userVerification: 'discouraged',
      hints: ['client-device'],
      timeout: 60_000,
    });
    expect(o.allowCredentials).toEqual([{ type: 'public-key', id: 'AQID', transports: ['internal', 'hybrid'] }]);
    expect(o.userVerification).toBe('discouraged');
    expect(o.hints).toEqual(['client-device']);
    expect(o.timeout).toBe(60_000);
  });
});

describe('generateAuthenticationOptions: extensions', () => {
  const allow = [{ id: 'AQID' }, { id: 'BAUG' }];

  it('appid', () => {
    expect(gen({ extensions: { appid: 'https://example.com' } }).extensions).toEqual({ appid: 'https://example.com' });
    expect(() => gen({ extensions: { appid: 'http://example.com' } })).toThrow(RangeError);
  });

  it('prf eval and evalByCredential (keys canonical, must be allowed)', () => {
    const o = gen({
      allowCredentials: allow,
      extensions: {
        prf: { eval: { first: new Uint8Array([9]) }, evalByCredential: { BAUG: { first: 'AQ', second: 'Ag' } } },
      },
    });
    expect(o.extensions).toEqual({
      prf: { eval: { first: 'CQ' }, evalByCredential: { BAUG: { first: 'AQ', second: 'Ag' } } },
    });
    expect(() => gen({ extensions: { prf: { evalByCredential: { AQID: { first: 'AQ' } } } } })).toThrow(
      /needs allowCredentials/,
    );
    expect(() =>
      gen({ allowCredentials: allow, extensions: { prf: { evalByCredential: { BwgJ: { first: 'AQ' } } } } }),
    ).toThrow(/not in allowCredentials/);
    expect(() =>
      gen({ allowCredentials: allow, extensions: { prf: { evalByCredential: { 'AQID=': { first: 'AQ' } } } } }),
    ).toThrow(TypeError);
    expect(() => gen({ extensions: { prf: {} } })).toThrow(TypeError);
    expect(() => gen({ extensions: { prf: { eval: { first: 'AQ' }, enable: true } as never } })).toThrow(TypeError);
  });

  it('largeBlob read', () => {
    expect(gen({ extensions: { largeBlob: { read: true } } }).extensions).toEqual({ largeBlob: { read: true } });
  });

  it('largeBlob write needs exactly one allowed credential', () => {
    const o = gen({ allowCredentials: [{ id: 'AQID' }], extensions: { largeBlob: { write: new Uint8Array([1, 2]) } } });
    expect(o.extensions).toEqual({ largeBlob: { write: 'AQI' } });
    expect(() => gen({ extensions: { largeBlob: { write: 'AQI' } } })).toThrow(RangeError);
    expect(() => gen({ allowCredentials: allow, extensions: { largeBlob: { write: 'AQI' } } })).toThrow(RangeError);
  });

  it('largeBlob rejects read+write, support, read:false and empty', () => {
    const bad =
      (largeBlob: unknown): (() => unknown) =>
      () =>
        gen({ allowCredentials: [{ id: 'AQID' }], extensions: { largeBlob: largeBlob as never } });
    expect(bad({ read: true, write: 'AQI' })).toThrow(/mutually exclusive/);
    expect(bad({ support: 'required' })).toThrow(TypeError);
    expect(bad({ read: false })).toThrow(TypeError);
    expect(bad({})).toThrow(TypeError);
  });

  it('rejects registration-only and unknown extensions', () => {
    expect(() => gen({ extensions: { credProps: true } as never })).toThrow(/unknown member "credProps"/);
    expect(() => gen({ extensions: { appidExclude: 'https://example.com' } as never })).toThrow(TypeError);
  });

  it('omits extensions when the input is empty', () => {
    expect(gen({ extensions: {} })).not.toHaveProperty('extensions');
  });
});

describe('generateAuthenticationOptions: programmer errors', () => {
  const cases: [string, Record<string, unknown>, typeof TypeError][] = [
    ['rpID with scheme', { rpID: 'https://example.com' }, RangeError],
    ['rpID missing', { rpID: undefined }, TypeError],
    ['challenge too short', { challenge: new Uint8Array(8) }, RangeError],
    ['timeout negative', { timeout: -1 }, RangeError],
    ['userVerification unknown', { userVerification: 'always' }, RangeError],
    ['allowCredentials bad id', { allowCredentials: [{ id: 'not base64url!' }] }, TypeError],
    ['allowCredentials unknown member', { allowCredentials: [{ id: 'AQID', name: 'x' }] }, TypeError],
    ['hint unknown', { hints: ['usb'] }, RangeError],
    ['unknown top-level option', { rpId: 'example.com' }, TypeError],
  ];
  it.each(cases)('%s', (_name, overrides, ErrorClass) => {
    expect(() =>
      generateAuthenticationOptions({ rpID: 'example.com', ...overrides } as GenerateAuthenticationOptionsInput),
    ).toThrow(ErrorClass);
  });
});

describe('CREDENTIAL_PROTECTION_POLICY_VALUES', () => {
  it('maps policies to the CTAP integers', () => {
    expect(CREDENTIAL_PROTECTION_POLICY_VALUES).toEqual({
      userVerificationOptional: 1,
      userVerificationOptionalWithCredentialIDList: 2,
      userVerificationRequired: 3,
    });
  });
});
