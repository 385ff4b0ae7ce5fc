import { describe, expect, it } from 'vitest';
import { COSE_ALGORITHMS } from '../../src/crypto/cose.js';
import { decodeBase64url, encodeBase64url } from '../../src/encoding/base64url.js';
import {
  DEFAULT_REGISTRATION_ALGORITHMS,
  type GenerateRegistrationOptionsInput,
  generateRegistrationOptions,
} from '../../src/options/index.js';

/** A deterministic random source: byte i of call k is (k * 16 + i) & 0xff. */
function counterRandom(): { random: (n: number) => Uint8Array; calls: number[] } {
  const calls: number[] = [];
  return {
    calls,
    random: (n: number): Uint8Array => {
      const k = calls.length;
      calls.push(n);
      return Uint8Array.from({ length: n }, (_, i) => (k * 16 + i) & 0xff);
    },
  };
}

const base: GenerateRegistrationOptionsInput = {
  rpName: 'Example Inc.',
  rpID: 'example.com',
  user: { name: 'ada@example.com', displayName: 'Ada Lovelace' },
};

function gen(
  overrides: Partial<GenerateRegistrationOptionsInput> = {},
): ReturnType<typeof generateRegistrationOptions> {
  return generateRegistrationOptions({ ...base, ...overrides });
}

describe('generateRegistrationOptions: defaults', () => {
  it('produces the W3C JSON shape with passkey-friendly defaults', () => {
    const o = gen();
    expect(o.rp).toEqual({ id: 'example.com', name: 'Example Inc.' });
    expect(o.user.name).toBe('ada@example.com');
    expect(o.user.displayName).toBe('Ada Lovelace');
    expect(o.timeout).toBe(300_000);
    expect(o.attestation).toBe('none');
    expect(o.excludeCredentials).toEqual([]);
    expect(o.authenticatorSelection).toEqual({
      residentKey: 'required',
      requireResidentKey: true,
      userVerification: 'required',
    });
    expect(o.authenticatorSelection).not.toHaveProperty('authenticatorAttachment');
    expect(o.pubKeyCredParams).toEqual([
      { type: 'public-key', alg: -7 },
      { type: 'public-key', alg: -8 },
      { type: 'public-key', alg: -257 },
    ]);
    expect(o.extensions).toEqual({ credProps: true });
    expect(DEFAULT_REGISTRATION_ALGORITHMS).toEqual([-7, -8, -257]);
    expect(o).not.toHaveProperty('hints');
    expect(o).not.toHaveProperty('attestationFormats');
  });

  it('uses a 32-byte random challenge and a 32-byte random user handle', () => {
    const o = gen();
    expect(decodeBase64url(o.challenge)).toHaveLength(32);
    expect(decodeBase64url(o.user.id)).toHaveLength(32);
    const again = gen();
    expect(again.challenge).not.toBe(o.challenge);
    expect(again.user.id).not.toBe(o.user.id);
    expect(o.user.id).not.toBe(o.challenge);
  });

  it('is JSON round-trippable (no bytes, no undefined members)', () => {
    const o = gen();
    expect(JSON.parse(JSON.stringify(o))).toEqual(o);
  });

  it('defaults displayName to name', () => {
    expect(gen({ user: { name: 'ada' } }).user.displayName).toBe('ada');
    expect(gen({ user: { name: 'ada', displayName: '' } }).user.displayName).toBe('');
  });
});

describe('generateRegistrationOptions: randomness injection', () => {
  it('draws the challenge then the user handle from the injected source', () => {
    const r = counterRandom();
    const o = gen({ random: r.random });
    expect(r.calls).toEqual([32, 32]);
    expect(decodeBase64url(o.challenge)).toEqual(Uint8Array.from({ length: 32 }, (_, i) => i));
    expect(decodeBase64url(o.user.id)).toEqual(Uint8Array.from({ length: 32 }, (_, i) => (16 + i) & 0xff));
  });

  it('does not draw when challenge and user id are given', () => {
    const r = counterRandom();
    const challenge = new Uint8Array(16).fill(7);
    const o = gen({ random: r.random, challenge, user: { id: 'dXNlcg', name: 'ada' } });
    expect(r.calls).toEqual([]);
    expect(o.challenge).toBe(encodeBase64url(challenge));
    expect(o.user.id).toBe('dXNlcg');
  });

  it('rejects a random source that returns the wrong thing', () => {
    expect(() => gen({ random: () => new Uint8Array(3) })).toThrow(TypeError);
    expect(() => gen({ random: (() => [1, 2]) as unknown as (n: number) => Uint8Array })).toThrow(TypeError);
    expect(() => gen({ random: 42 as unknown as (n: number) => Uint8Array })).toThrow(TypeError);
  });
});

describe('generateRegistrationOptions: caller values', () => {
  it('accepts a base64url or byte challenge of 16–1024 bytes', () => {
    expect(gen({ challenge: encodeBase64url(new Uint8Array(16)) }).challenge).toBe('AAAAAAAAAAAAAAAAAAAAAA');
    expect(decodeBase64url(gen({ challenge: new Uint8Array(1024) }).challenge)).toHaveLength(1024);
  });

  it('converts excludeCredentials with transports', () => {
    const id = new Uint8Array([1, 2, 3, 4]);
    const o = gen({ excludeCredentials: [{ id, transports: ['usb', 'nfc', 'usb'] }, { id: 'AQID' }] });
    expect(o.excludeCredentials).toEqual([
      { type: 'public-key', id: 'AQIDBA', transports: ['usb', 'nfc'] },
      { type: 'public-key', id: 'AQID' },
    ]);
  });

  it('passes authenticatorSelection choices through', () => {
    const o = gen({
      authenticatorSelection: {
        authenticatorAttachment: 'cross-platform',
        residentKey: 'discouraged',
        userVerification: 'discouraged',
      },
    });
    expect(o.authenticatorSelection).toEqual({
      authenticatorAttachment: 'cross-platform',
      residentKey: 'discouraged',
      requireResidentKey: false,
      userVerification: 'discouraged',
    });
    expect(
      gen({ authenticatorSelection: { residentKey: 'preferred' } }).authenticatorSelection?.requireResidentKey,
    ).toBe(false);
  });

  it('keeps the caller order of supportedAlgorithms', () => {
    const o = gen({ supportedAlgorithms: [COSE_ALGORITHMS.EdDSA, COSE_ALGORITHMS.ES384, COSE_ALGORITHMS.PS256] });
    expect(o.pubKeyCredParams.map((p) => p.alg)).toEqual([-8, -35, -37]);
    const all = gen({ supportedAlgorithms: [-7, -8, -19, -35, -36, -37, -38, -39, -47, -53, -257, -258, -259] });
    expect(all.pubKeyCredParams).toHaveLength(13);
  });

  it('sets attestation, attestationFormats, hints and timeout', () => {
    const o = gen({
      attestation: 'direct',
      attestationFormats: ['packed', 'tpm'],
      hints: ['security-key', 'hybrid'],
      timeout: 120_000,
    });
    expect(o.attestation).toBe('direct');
    expect(o.attestationFormats).toEqual(['packed', 'tpm']);
    expect(o.hints).toEqual(['security-key', 'hybrid']);
    expect(o.timeout).toBe(120_000);
    expect(gen({ hints: [] })).not.toHaveProperty('hints');
  });

  it('accepts localhost and multi-label domains', () => {
    expect(gen({ rpID: 'localhost' }).rp.id).toBe('localhost');
    expect(gen({ rpID: 'login.xn--bcher-kva.example' }).rp.id).toBe('login.xn--bcher-kva.example');
  });
});

describe('generateRegistrationOptions: extensions', () => {
  it('omits credProps when asked', () => {
    expect(gen({ extensions: { credProps: false } })).not.toHaveProperty('extensions');
  });

  it('prf: enable only, or evaluate at creation', () => {
    expect(gen({ extensions: { prf: {} } }).extensions?.prf).toEqual({});
    const first = new Uint8Array([1, 2, 3]);
    expect(gen({ extensions: { prf: { eval: { first, second: 'BAUG' } } } }).extensions?.prf).toEqual({
      eval: { first: 'AQID', second: 'BAUG' },
    });
  });

  it('largeBlob support', () => {
    expect(gen({ extensions: { largeBlob: { support: 'preferred' } } }).extensions?.largeBlob).toEqual({
      support: 'preferred',
    });
  });

  it('credProtect is serialised as top-level members (CTAP 2.2 §12.1)', () => {
    const o = gen({
      extensions: {
        credProtect: {
          credentialProtectionPolicy: 'userVerificationRequired',
          enforceCredentialProtectionPolicy: true,
        },
      },
    });
    expect(o.extensions).toEqual({
      credProps: true,
      credentialProtectionPolicy: 'userVerificationRequired',
      enforceCredentialProtectionPolicy: true,
    });
    expect(o.extensions).not.toHaveProperty('credProtect');
  });

  it('appidExclude', () => {
    expect(gen({ extensions: { appidExclude: 'https://example.com/appid.json' } }).extensions?.appidExclude).toBe(
      'https://example.com/appid.json',
    );
  });

  it('rejects authentication-only and unknown inputs', () => {
    const bad =
      (extensions: unknown): (() => unknown) =>
      () =>
        gen({ extensions: extensions as GenerateRegistrationOptionsInput['extensions'] });
    expect(bad({ prf: { evalByCredential: {} } })).toThrow(TypeError);
    expect(bad({ largeBlob: { read: true } })).toThrow(TypeError);
    expect(bad({ largeBlob: { support: 'always' } })).toThrow(RangeError);
    expect(bad({ credprops: true })).toThrow(/unknown member "credprops"/);
    expect(bad({ credProtect: { credentialProtectionPolicy: 'sometimes' } })).toThrow(RangeError);
    expect(bad({ credProtect: { credentialProtectionPolicy: 'userVerificationOptional', enforce: true } })).toThrow(
      TypeError,
    );
    expect(bad({ appidExclude: 'http://example.com' })).toThrow(RangeError);
    expect(bad({ appidExclude: 'not a url' })).toThrow(RangeError);
    expect(bad({ prf: { eval: { second: 'AQID' } } })).toThrow(TypeError);
    expect(bad({ prf: { eval: { first: 'not base64!' } } })).toThrow(TypeError);
    expect(bad({ credProps: 'yes' })).toThrow(TypeError);
    expect(bad('credProps')).toThrow(TypeError);
  });
});

describe('generateRegistrationOptions: programmer errors', () => {
  const cases: [string, Partial<GenerateRegistrationOptionsInput> | Record<string, unknown>, typeof TypeError][] = [
    ['rpID with scheme', { rpID: 'https://example.com' }, RangeError],
    ['rpID with path', { rpID: 'example.com/login' }, RangeError],
    ['rpID with port', { rpID: 'example.com:443' }, RangeError],
    ['rpID upper case', { rpID: 'Example.com' }, RangeError],
    ['rpID IPv4', { rpID: '192.168.0.1' }, RangeError],
    ['rpID trailing dot', { rpID: 'example.com.' }, RangeError],
    ['rpID empty label', { rpID: 'example..com' }, RangeError],
    ['rpID unicode', { rpID: 'bücher.example' }, RangeError],
    ['rpID empty', { rpID: '' }, RangeError],
    ['rpID not a string', { rpID: 42 }, TypeError],
    ['empty rpName', { rpName: '' }, RangeError],
    ['empty user name', { user: { name: '' } }, RangeError],
    ['missing user', { user: undefined }, TypeError],
    ['user id too long', { user: { name: 'a', id: new Uint8Array(65) } }, RangeError],
    ['user id empty', { user: { name: 'a', id: new Uint8Array(0) } }, RangeError],
    ['user id not base64url', { user: { name: 'a', id: 'ada@example.com' } }, TypeError],
    ['user displayName not string', { user: { name: 'a', displayName: 1 } }, TypeError],
    ['user unknown member', { user: { name: 'a', email: 'x' } }, TypeError],
    ['challenge too short', { challenge: new Uint8Array(15) }, RangeError],
    ['challenge too long', { challenge: new Uint8Array(1025) }, RangeError],
    ['challenge padded base64url', { challenge: 'AAAAAAAAAAAAAAAAAAAAAA==' }, TypeError],
    ['challenge number', { challenge: 1234 }, TypeError],
    ['timeout zero', { timeout: 0 }, RangeError],
    ['timeout fractional', { timeout: 1.5 }, RangeError],
    ['timeout string', { timeout: '300000' }, TypeError],
    ['attestation unknown', { attestation: 'full' }, RangeError],
    ['attestationFormats unknown', { attestation: 'direct', attestationFormats: ['fido_u2f'] }, RangeError],
    ['attestationFormats with none', { attestationFormats: ['packed'] }, RangeError],
    ['attestationFormats duplicate', { attestation: 'direct', attestationFormats: ['tpm', 'tpm'] }, RangeError],
    ['supportedAlgorithms empty', { supportedAlgorithms: [] }, RangeError],
    ['supportedAlgorithms RS1', { supportedAlgorithms: [-65535] }, RangeError],
    ['supportedAlgorithms unknown', { supportedAlgorithms: [-7, -999] }, RangeError],
    ['supportedAlgorithms duplicate', { supportedAlgorithms: [-7, -7] }, RangeError],
    ['supportedAlgorithms string', { supportedAlgorithms: ['ES256'] }, TypeError],
    ['residentKey unknown', { authenticatorSelection: { residentKey: 'always' } }, RangeError],
    ['userVerification unknown', { authenticatorSelection: { userVerification: 'yes' } }, RangeError],
    ['attachment unknown', { authenticatorSelection: { authenticatorAttachment: 'roaming' } }, RangeError],
    ['requireResidentKey given', { authenticatorSelection: { requireResidentKey: true } }, TypeError],
    ['hint unknown', { hints: ['phone'] }, RangeError],
    ['hint duplicate', { hints: ['hybrid', 'hybrid'] }, RangeError],
    ['exclude duplicate', { excludeCredentials: [{ id: 'AQID' }, { id: new Uint8Array([1, 2, 3]) }] }, RangeError],
    ['exclude id too long', { excludeCredentials: [{ id: new Uint8Array(1024) }] }, RangeError],
    ['exclude not array', { excludeCredentials: { id: 'AQID' } }, TypeError],
    ['exclude transports not array', { excludeCredentials: [{ id: 'AQID', transports: 'usb' }] }, TypeError],
    ['exclude wrong type', { excludeCredentials: [{ id: 'AQID', type: 'password' }] }, RangeError],
    ['unknown top-level option', { userVerification: 'required' }, TypeError],
  ];
  it.each(cases)('%s', (_name, overrides, ErrorClass) => {
    expect(() => generateRegistrationOptions({ ...base, ...overrides } as GenerateRegistrationOptionsInput)).toThrow(
      ErrorClass,
    );
  });

  it('rejects a non-object argument', () => {
    expect(() => generateRegistrationOptions(undefined as unknown as GenerateRegistrationOptionsInput)).toThrow(
      TypeError,
    );
  });
});
