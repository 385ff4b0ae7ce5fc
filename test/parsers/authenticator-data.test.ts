import { describe, expect, it } from 'vitest';
import { concat } from '../../src/encoding/bytes.js';
import { encodeCBOR } from '../../src/encoding/cbor.js';
import { WebAuthnError } from '../../src/errors.js';
import { parseAuthenticatorData } from '../../src/parsers/authenticator-data.js';

const rpIdHash = new Uint8Array(32).fill(7);
const coseKey = encodeCBOR(
  new Map<number, unknown>([
    [1, 2],
    [3, -7],
    [-1, 1],
    [-2, new Uint8Array(32).fill(1)],
    [-3, new Uint8Array(32).fill(2)],
  ]),
);

function authData(flags: number, counter: number, ...rest: Uint8Array[]): Uint8Array {
  const head = new Uint8Array(37);
  head.set(rpIdHash);
  head[32] = flags;
  new DataView(head.buffer).setUint32(33, counter);
  return concat(head, ...rest);
}

function attested(idLength: number, key = coseKey): Uint8Array {
  const len = new Uint8Array([idLength >> 8, idLength & 0xff]);
  return concat(new Uint8Array(16).fill(9), len, new Uint8Array(idLength).fill(5), key);
}

function codeOf(bytes: Uint8Array): string | undefined {
  try {
    parseAuthenticatorData(bytes);
  } catch (err) {
    return err instanceof WebAuthnError ? err.code : `non-library: ${String(err)}`;
  }
  return undefined;
}

describe('parseAuthenticatorData', () => {
  it('parses a 37-byte assertion authData with every flag', () => {
    const ad = parseAuthenticatorData(authData(0x1d, 42));
    expect(ad.rpIdHash).toEqual(rpIdHash);
    expect(ad.flags).toMatchObject({
      up: true,
      uv: true,
      be: true,
      bs: true,
      at: false,
      ed: false,
      rfu1: false,
      rfu2: false,
    });
    expect(ad.signCount).toBe(42);
    expect(ad.attestedCredentialData).toBeUndefined();
  });

  it('reads signCount as unsigned 32-bit (§4 #35)', () => {
    expect(parseAuthenticatorData(authData(0x01, 0x80000000)).signCount).toBe(0x80000000);
    expect(parseAuthenticatorData(authData(0x01, 0xffffffff)).signCount).toBe(0xffffffff);
  });

  it('ignores RFU bits (§4 #34)', () => {
    expect(parseAuthenticatorData(authData(0x23, 0)).flags).toMatchObject({ up: true, rfu1: true, rfu2: true });
  });

  it('parses attested credential data and keeps the raw COSE bytes', () => {
    const ad = parseAuthenticatorData(authData(0x45, 0, attested(16)));
    expect(ad.attestedCredentialData?.credentialId.length).toBe(16);
    expect(ad.attestedCredentialData?.credentialPublicKey).toEqual(coseKey);
    expect(ad.attestedCredentialData?.credentialPublicKeyMap.get(3)).toBe(-7);
  });

  it('parses extensions after the key when ED is set', () => {
    const ext = encodeCBOR(new Map([['credProtect', 2]]));
    const ad = parseAuthenticatorData(authData(0xc5, 0, attested(16), ext));
    expect(ad.extensions?.get('credProtect')).toBe(2);
  });

  it('accepts a 1023-byte credential id (length checks are the verifier’s)', () => {
    expect(parseAuthenticatorData(authData(0x45, 0, attested(1023))).attestedCredentialData?.credentialId.length).toBe(
      1023,
    );
  });

  it.each([
    ['shorter than 37 bytes (§4 #18)', authData(0x01, 0).slice(0, 36)],
    ['AT set but nothing follows (§4 #28)', authData(0x41, 0)],
    ['AT set, aaguid truncated', authData(0x41, 0, new Uint8Array(10))],
    ['credentialIdLength beyond the data (§4 #30)', authData(0x41, 0, attested(16).slice(0, 30))],
    ['COSE key truncated', authData(0x41, 0, attested(16).slice(0, -3))],
    ['COSE key not a map', authData(0x41, 0, attested(4, encodeCBOR([1, 2])))],
    ['ED set but no extensions (§4 #31)', authData(0x81, 0)],
    ['ED clear but bytes follow (§4 #32)', authData(0x01, 0, new Uint8Array([0xa0]))],
    ['trailing bytes after the key', authData(0x41, 0, attested(16), new Uint8Array([0]))],
    ['extensions not a map (§4 #33)', authData(0x81, 0, encodeCBOR([1]))],
    ['bytes after the extensions map', authData(0x81, 0, encodeCBOR(new Map([['a', 1]])), new Uint8Array([1]))],
  ])('rejects %s with ERR_AUTHENTICATOR_DATA_INVALID', (_name, bytes) => {
    expect(codeOf(bytes)).toBe('ERR_AUTHENTICATOR_DATA_INVALID');
  });
});
