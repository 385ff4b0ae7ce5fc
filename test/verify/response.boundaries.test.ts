import { describe, expect, it } from 'vitest';
import { encodeBase64url } from '../../src/encoding/base64url.js';
import { checkEnvelope, decodeMember, readClientExtensions, readTransports } from '../../src/verify/response.js';
import { thrown as errorOf } from '../helpers/outcome.js';

const ID = encodeBase64url(Uint8Array.of(9, 8, 7, 6, 5, 4, 3, 2));

function envelope(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: ID,
    rawId: ID,
    type: 'public-key',
    response: { clientDataJSON: 'AAAA' },
    clientExtensionResults: {},
    ...overrides,
  };
}

describe('decodeMember: size before decoding, canonical base64url', () => {
  it('decodes a canonical member to its bytes', () => {
    expect(decodeMember('AQID', 'response.signature', 16)).toEqual(Uint8Array.of(1, 2, 3));
  });

  it('a non-string → ERR_INVALID_RESPONSE naming the field', () => {
    for (const value of [undefined, null, 42, ['AQID'], { a: 1 }]) {
      const err = errorOf(() => decodeMember(value, 'response.signature', 16));
      expect(err.code).toBe('ERR_INVALID_RESPONSE');
      expect(err.details).toStrictEqual({ field: 'response.signature' });
    }
  });

  it('non-canonical base64url → ERR_INVALID_RESPONSE naming the field', () => {
    for (const value of ['AQI=', 'AQ+D', 'A', 'AR']) {
      const err = errorOf(() => decodeMember(value, 'response.userHandle', 64));
      expect(err.code).toBe('ERR_INVALID_RESPONSE');
      expect(err.details).toStrictEqual({ field: 'response.userHandle' });
    }
  });

  it('limit boundary: exactly the limit decodes, one byte over → ERR_INPUT_TOO_LARGE with field and limit', () => {
    const at = encodeBase64url(new Uint8Array(30));
    expect(decodeMember(at, 'clientDataJSON', 30)).toHaveLength(30);
    const over = encodeBase64url(new Uint8Array(31));
    const err = errorOf(() => decodeMember(over, 'clientDataJSON', 30));
    expect(err.code).toBe('ERR_INPUT_TOO_LARGE');
    expect(err.details).toStrictEqual({ field: 'clientDataJSON', limit: 30 });
  });
});

describe('checkEnvelope: shape of PublicKeyCredential JSON', () => {
  it('returns the object, its inner response, the raw id bytes and the id', () => {
    const json = envelope();
    const out = checkEnvelope(json, 64);
    expect(out.json).toBe(json);
    expect(out.inner).toBe(json.response);
    expect(out.rawId).toEqual(Uint8Array.of(9, 8, 7, 6, 5, 4, 3, 2));
    expect(out.id).toBe(ID);
  });

  it.each([
    ['null', null],
    ['a string', 'public-key'],
    ['an array', [envelope()]],
  ])('a response that is %s → ERR_INVALID_RESPONSE without details', (_, response) => {
    const err = errorOf(() => checkEnvelope(response, 64));
    expect(err.code).toBe('ERR_INVALID_RESPONSE');
    expect(err.details).toBeUndefined();
  });

  it.each([
    ['type missing', { type: undefined }, 'type'],
    ['type other than public-key', { type: 'password' }, 'type'],
    ['rawId missing', { rawId: undefined }, 'rawId'],
    ['rawId not canonical', { rawId: `${ID}=`, id: `${ID}=` }, 'rawId'],
    ['rawId empty', { rawId: '', id: '' }, 'rawId'],
    ['id differs from rawId', { id: encodeBase64url(Uint8Array.of(1)) }, 'id'],
    ['id missing', { id: undefined }, 'id'],
    ['response.response missing', { response: undefined }, 'response'],
    ['response.response an array', { response: [] }, 'response'],
    ['response.response null', { response: null }, 'response'],
    ['clientExtensionResults null', { clientExtensionResults: null }, 'clientExtensionResults'],
    ['clientExtensionResults an array', { clientExtensionResults: [] }, 'clientExtensionResults'],
    ['clientExtensionResults a string', { clientExtensionResults: '{}' }, 'clientExtensionResults'],
    ['authenticatorAttachment unknown', { authenticatorAttachment: 'usb' }, 'authenticatorAttachment'],
    ['authenticatorAttachment empty', { authenticatorAttachment: '' }, 'authenticatorAttachment'],
  ])('%s → ERR_INVALID_RESPONSE naming the field', (_, overrides, field) => {
    const err = errorOf(() => checkEnvelope(envelope(overrides), 64));
    expect(err.code).toBe('ERR_INVALID_RESPONSE');
    expect(err.details).toStrictEqual({ field });
  });

  it('a one-byte rawId is the smallest accepted id', () => {
    const one = encodeBase64url(Uint8Array.of(0));
    expect(checkEnvelope(envelope({ id: one, rawId: one }), 64).rawId).toEqual(Uint8Array.of(0));
  });

  it('rawId over the credential id limit → ERR_INPUT_TOO_LARGE on rawId', () => {
    const err = errorOf(() => checkEnvelope(envelope(), 7));
    expect(err.code).toBe('ERR_INPUT_TOO_LARGE');
    expect(err.details).toStrictEqual({ field: 'rawId', limit: 7 });
    expect(checkEnvelope(envelope(), 8).id).toBe(ID);
  });

  it.each([
    ['absent', undefined],
    ['null', null],
    ['platform', 'platform'],
    ['cross-platform', 'cross-platform'],
  ])('authenticatorAttachment %s is accepted', (_, attachment) => {
    expect(checkEnvelope(envelope({ authenticatorAttachment: attachment }), 64).id).toBe(ID);
  });

  it('clientExtensionResults may be absent', () => {
    expect(checkEnvelope(envelope({ clientExtensionResults: undefined }), 64).id).toBe(ID);
  });
});

describe('readTransports', () => {
  it('absent → an empty list', () => {
    expect(readTransports(undefined)).toStrictEqual([]);
  });

  it('keeps unknown strings, removes duplicates, keeps order', () => {
    expect(readTransports(['usb', 'nfc', 'usb', 'future-thing'])).toStrictEqual(['usb', 'nfc', 'future-thing']);
    expect(readTransports([])).toStrictEqual([]);
  });

  it.each([
    ['a string', 'usb'],
    ['null', null],
    ['an array with a number', ['usb', 1]],
    ['an array of numbers only', [1, 2]],
    ['an object', { 0: 'usb', length: 1 }],
  ])('transports given as %s → ERR_INVALID_RESPONSE on transports', (_, value) => {
    const err = errorOf(() => readTransports(value));
    expect(err.code).toBe('ERR_INVALID_RESPONSE');
    expect(err.details).toStrictEqual({ field: 'transports' });
  });
});

describe('readClientExtensions', () => {
  it('absent → an empty object; present → the same object', () => {
    expect(readClientExtensions({})).toStrictEqual({});
    const ext = { credProps: { rk: true } };
    expect(readClientExtensions({ clientExtensionResults: ext })).toBe(ext);
  });
});
