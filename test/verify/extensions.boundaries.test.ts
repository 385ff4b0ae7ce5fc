import { describe, expect, it } from 'vitest';
import { encodeBase64url } from '../../src/encoding/base64url.js';
import type { CBORMap } from '../../src/encoding/cbor.js';
import { WebAuthnError } from '../../src/errors.js';
import { readAuthenticatorExtensionOutputs, readClientExtensionOutputs } from '../../src/verify/extensions.js';

/** The code a synchronous call throws with, 'returned' when it does not throw. */
function codeOfSync(fn: () => unknown): string {
  try {
    fn();
    return 'returned';
  } catch (err) {
    return err instanceof WebAuthnError ? err.code : `non-library ${(err as Error)?.name}`;
  }
}

const BYTES_A = Uint8Array.of(1, 2, 3, 4, 5);
const BYTES_B = Uint8Array.of(0xfe, 0xff);

const client = (results: Record<string, unknown>) => codeOfSync(() => readClientExtensionOutputs(results));
const authn = (entries: Array<[string | number, unknown]>) =>
  codeOfSync(() => readAuthenticatorExtensionOutputs(new Map(entries) as CBORMap));

describe('readClientExtensionOutputs: typed known extensions', () => {
  it('an empty result set gives only an empty unknown bag', () => {
    expect(readClientExtensionOutputs({})).toStrictEqual({ unknown: {} });
  });

  it('credProps: rk kept when present, no rk member when absent', () => {
    expect(readClientExtensionOutputs({ credProps: { rk: true } })).toStrictEqual({
      credProps: { rk: true },
      unknown: {},
    });
    expect(readClientExtensionOutputs({ credProps: { rk: false } }).credProps).toStrictEqual({ rk: false });
    const absent = readClientExtensionOutputs({ credProps: {} }).credProps;
    expect(absent).toStrictEqual({});
    expect(Object.keys(absent ?? { x: 1 })).toEqual([]);
  });

  it.each([
    ['a string', 'yes'],
    ['null', null],
    ['an array', [true]],
    ['a number', 1],
  ])('credProps given as %s → ERR_EXTENSIONS_INVALID', (_, value) => {
    expect(client({ credProps: value })).toBe('ERR_EXTENSIONS_INVALID');
  });

  it.each([
    ['a string', 'true'],
    ['a number', 1],
    ['null', null],
  ])('credProps.rk given as %s → ERR_EXTENSIONS_INVALID', (_, rk) => {
    expect(client({ credProps: { rk } })).toBe('ERR_EXTENSIONS_INVALID');
  });

  it('prf: enabled and both results decoded to bytes', () => {
    const out = readClientExtensionOutputs({
      prf: { enabled: true, results: { first: encodeBase64url(BYTES_A), second: encodeBase64url(BYTES_B) } },
    });
    expect(out).toStrictEqual({
      prf: { enabled: true, results: { first: BYTES_A, second: BYTES_B } },
      unknown: {},
    });
  });

  it('prf: absent members stay absent (no undefined keys)', () => {
    expect(readClientExtensionOutputs({ prf: {} }).prf).toStrictEqual({});
    const onlyFirst = readClientExtensionOutputs({ prf: { results: { first: encodeBase64url(BYTES_A) } } }).prf;
    expect(onlyFirst).toStrictEqual({ results: { first: BYTES_A } });
    expect(Object.keys(onlyFirst?.results ?? { x: 1 })).toEqual(['first']);
    expect(readClientExtensionOutputs({ prf: { enabled: false } }).prf).toStrictEqual({ enabled: false });
  });

  it.each([
    ['prf not an object', { prf: 'on' }],
    ['prf null', { prf: null }],
    ['prf.enabled not a boolean', { prf: { enabled: 'true' } }],
    ['prf.results not an object', { prf: { results: 'AAAA' } }],
    ['prf.results null', { prf: { results: null } }],
    ['prf.results.first missing', { prf: { results: {} } }],
    ['prf.results.first not base64url', { prf: { results: { first: 'AA+/' } } }],
    ['prf.results.first a number', { prf: { results: { first: 1234 } } }],
    ['prf.results.first an object', { prf: { results: { first: {} } } }],
    ['prf.results.second not base64url', { prf: { results: { first: 'AAAA', second: '*' } } }],
    ['prf.results.second a number', { prf: { results: { first: 'AAAA', second: 7 } } }],
  ])('%s → ERR_EXTENSIONS_INVALID', (_, results) => {
    expect(client(results)).toBe('ERR_EXTENSIONS_INVALID');
  });

  it('largeBlob: supported, written and blob each read independently', () => {
    expect(readClientExtensionOutputs({ largeBlob: { supported: true } }).largeBlob).toStrictEqual({ supported: true });
    expect(readClientExtensionOutputs({ largeBlob: { supported: false } }).largeBlob).toStrictEqual({
      supported: false,
    });
    expect(readClientExtensionOutputs({ largeBlob: { written: true } }).largeBlob).toStrictEqual({ written: true });
    expect(readClientExtensionOutputs({ largeBlob: { written: false } }).largeBlob).toStrictEqual({ written: false });
    expect(readClientExtensionOutputs({ largeBlob: { blob: encodeBase64url(BYTES_A) } }).largeBlob).toStrictEqual({
      blob: BYTES_A,
    });
    expect(readClientExtensionOutputs({ largeBlob: {} }).largeBlob).toStrictEqual({});
    expect(
      readClientExtensionOutputs({ largeBlob: { supported: true, written: false, blob: encodeBase64url(BYTES_B) } }),
    ).toStrictEqual({ largeBlob: { supported: true, written: false, blob: BYTES_B }, unknown: {} });
  });

  it.each([
    ['largeBlob not an object', { largeBlob: true }],
    ['largeBlob an array', { largeBlob: [] }],
    ['largeBlob.supported not a boolean', { largeBlob: { supported: 'yes' } }],
    ['largeBlob.written not a boolean', { largeBlob: { written: 1 } }],
    ['largeBlob.blob not base64url', { largeBlob: { blob: 'A' } }],
    ['largeBlob.blob a number', { largeBlob: { blob: 5 } }],
  ])('%s → ERR_EXTENSIONS_INVALID', (_, results) => {
    expect(client(results)).toBe('ERR_EXTENSIONS_INVALID');
  });

  it('appid and appidExclude: booleans read, anything else refused', () => {
    expect(readClientExtensionOutputs({ appid: true })).toStrictEqual({ appid: true, unknown: {} });
    expect(readClientExtensionOutputs({ appid: false }).appid).toBe(false);
    expect(readClientExtensionOutputs({ appidExclude: true })).toStrictEqual({ appidExclude: true, unknown: {} });
    expect(readClientExtensionOutputs({ appidExclude: false }).appidExclude).toBe(false);
    expect(client({ appid: 'true' })).toBe('ERR_EXTENSIONS_INVALID');
    expect(client({ appidExclude: 'true' })).toBe('ERR_EXTENSIONS_INVALID');
    expect(client({ appidExclude: 1 })).toBe('ERR_EXTENSIONS_INVALID');
  });

  it('unknown members pass through untouched, whatever their type', () => {
    const weird = { nested: [1, 2] };
    const out = readClientExtensionOutputs({ 'x-vendor': weird, other: 'text', credProtect: 7 });
    expect(out).toStrictEqual({ unknown: { 'x-vendor': weird, other: 'text', credProtect: 7 } });
    expect(out.unknown['x-vendor']).toBe(weird);
  });
});

describe('readAuthenticatorExtensionOutputs: typed CTAP outputs', () => {
  it('no map → only an empty unknown bag', () => {
    expect(readAuthenticatorExtensionOutputs(undefined)).toStrictEqual({ unknown: {} });
    expect(readAuthenticatorExtensionOutputs(new Map())).toStrictEqual({ unknown: {} });
  });

  it.each([1, 2, 3])('credProtect %i is accepted', (level) => {
    expect(readAuthenticatorExtensionOutputs(new Map([['credProtect', level]]))).toStrictEqual({
      credProtect: level,
      unknown: {},
    });
  });

  it.each([
    ['0', 0],
    ['4', 4],
    ['the string "1"', '1'],
    ['true', true],
  ])('credProtect %s → ERR_EXTENSIONS_INVALID', (_, value) => {
    expect(authn([['credProtect', value]])).toBe('ERR_EXTENSIONS_INVALID');
  });

  it('hmac-secret: a boolean at registration, bytes at authentication', () => {
    expect(readAuthenticatorExtensionOutputs(new Map([['hmac-secret', true]]))).toStrictEqual({
      hmacSecret: true,
      unknown: {},
    });
    expect(readAuthenticatorExtensionOutputs(new Map([['hmac-secret', BYTES_A]])).hmacSecret).toBe(BYTES_A);
    expect(authn([['hmac-secret', 1]])).toBe('ERR_EXTENSIONS_INVALID');
  });

  it('credBlob: a boolean or bytes, nothing else', () => {
    expect(readAuthenticatorExtensionOutputs(new Map([['credBlob', false]]))).toStrictEqual({
      credBlob: false,
      unknown: {},
    });
    expect(readAuthenticatorExtensionOutputs(new Map([['credBlob', true]])).credBlob).toBe(true);
    expect(readAuthenticatorExtensionOutputs(new Map([['credBlob', BYTES_B]])).credBlob).toBe(BYTES_B);
    expect(authn([['credBlob', 1]])).toBe('ERR_EXTENSIONS_INVALID');
    expect(authn([['credBlob', 'yes']])).toBe('ERR_EXTENSIONS_INVALID');
    expect(authn([['credBlob', [1]]])).toBe('ERR_EXTENSIONS_INVALID');
  });

  it.each([0, 1, 4, 63, Number.MAX_SAFE_INTEGER])('minPinLength %i is accepted', (value) => {
    expect(readAuthenticatorExtensionOutputs(new Map([['minPinLength', value]]))).toStrictEqual({
      minPinLength: value,
      unknown: {},
    });
  });

  it.each([
    ['-1', -1],
    ['4.5', 4.5],
    ['2^53', 2 ** 53],
    ['NaN', Number.NaN],
    ['the string "4"', '4'],
    ['a bigint', 4n],
  ])('minPinLength %s → ERR_EXTENSIONS_INVALID', (_, value) => {
    expect(authn([['minPinLength', value]])).toBe('ERR_EXTENSIONS_INVALID');
  });

  it('unknown members (text or integer keys) pass through under their string name', () => {
    const out = readAuthenticatorExtensionOutputs(
      new Map<string | number, unknown>([
        ['largeBlobKey', BYTES_A],
        [7, 'seven'],
        ['credProtect', 2],
      ]) as CBORMap,
    );
    expect(out).toStrictEqual({ credProtect: 2, unknown: { largeBlobKey: BYTES_A, '7': 'seven' } });
  });

  it('every known member together', () => {
    const out = readAuthenticatorExtensionOutputs(
      new Map<string, unknown>([
        ['credProtect', 3],
        ['hmac-secret', false],
        ['credBlob', BYTES_A],
        ['minPinLength', 8],
      ]) as CBORMap,
    );
    expect(out).toStrictEqual({ credProtect: 3, hmacSecret: false, credBlob: BYTES_A, minPinLength: 8, unknown: {} });
  });
});

describe('extension errors name the offending member in details.member', () => {
  function memberOf(fn: () => unknown): unknown {
    try {
      fn();
    } catch (err) {
      if (err instanceof WebAuthnError && err.code === 'ERR_EXTENSIONS_INVALID') return err.details?.member;
      throw err;
    }
    throw new Error('expected ERR_EXTENSIONS_INVALID');
  }
  const blob = encodeBase64url(new Uint8Array([1, 2]));

  it.each<[Record<string, unknown>, string]>([
    [{ credProps: 1 }, 'credProps'],
    [{ credProps: { rk: 1 } }, 'credProps.rk'],
    [{ prf: 1 }, 'prf'],
    [{ prf: { enabled: 1 } }, 'prf.enabled'],
    [{ prf: { results: 1 } }, 'prf.results'],
    [{ prf: { results: { first: 1 } } }, 'prf.results.first'],
    [{ prf: { results: { first: blob, second: '+' } } }, 'prf.results.second'],
    [{ largeBlob: 1 }, 'largeBlob'],
    [{ largeBlob: { supported: 1 } }, 'largeBlob.supported'],
    [{ largeBlob: { written: 1 } }, 'largeBlob.written'],
    [{ largeBlob: { blob: '*' } }, 'largeBlob.blob'],
    [{ appid: 1 }, 'appid'],
    [{ appidExclude: 1 }, 'appidExclude'],
  ])('client output %j → member %s', (results, member) => {
    expect(memberOf(() => readClientExtensionOutputs(results))).toBe(member);
  });

  it.each<[string, unknown]>([
    ['credProtect', 4],
    ['hmac-secret', 1],
    ['credBlob', 'yes'],
    ['minPinLength', -1],
  ])('authenticator output %s → member %s', (name, value) => {
    const map: CBORMap = new Map([[name, value as never]]);
    expect(memberOf(() => readAuthenticatorExtensionOutputs(map))).toBe(name);
  });
});
