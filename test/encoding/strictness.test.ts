/**
 * Strictness that the trailing-bytes check of decodeCBOR could hide, checked through
 * decodeCBORPrefix (no trailing check); the strict JSON member separator; and the encoding
 * modules' tables (alphabets, decoders, CBOR limits), imported inside each test after
 * `vi.resetModules()` so the tables are evaluated while the test runs.
 */
import { describe, expect, it, vi } from 'vitest';
import { fromHex } from '../../src/encoding/bytes.js';
import { decodeCBOR, decodeCBORPrefix } from '../../src/encoding/cbor.js';
import { parseStrictJSON } from '../../src/encoding/json.js';
import { WebAuthnError } from '../../src/errors.js';

function cborCode(fn: () => unknown): string {
  try {
    fn();
    return 'returned';
  } catch (err) {
    return err instanceof WebAuthnError ? err.code : `non-library ${(err as Error)?.name}`;
  }
}

async function fresh<T>(load: () => Promise<T>): Promise<T> {
  vi.resetModules();
  return load();
}

describe('CBOR map keys (RFC 8949 §5.6, CTAP2 canonical form), with no trailing bytes to hide them', () => {
  it('a duplicate key is refused at the key, even when what follows would parse', () => {
    expect(cborCode(() => decodeCBORPrefix(fromHex('a201020103')))).toBe('ERR_CBOR_MALFORMED');
    expect(cborCode(() => decodeCBOR(fromHex('a301020103420000')))).toBe('ERR_CBOR_MALFORMED');
    expect(decodeCBORPrefix(fromHex('a201020203'))).toEqual({
      value: new Map([
        [1, 2],
        [2, 3],
      ]),
      end: 5,
    });
  });

  it('a key that is neither an integer nor a text string is refused', () => {
    expect(cborCode(() => decodeCBORPrefix(fromHex('a18080')))).toBe('ERR_CBOR_MALFORMED');
    expect(cborCode(() => decodeCBOR(fromHex('a2800143000000')))).toBe('ERR_CBOR_MALFORMED');
  });
});

describe('strict JSON member separator', () => {
  it('a member name must be followed by ":"', () => {
    expect(() => parseStrictJSON('{"a";1}')).toThrow(SyntaxError);
    expect(() => parseStrictJSON('{"a" 1}')).toThrow(SyntaxError);
    expect(parseStrictJSON('{"a":1}')).toEqual({ a: 1 });
  });
});

describe('encoding tables evaluated inside the test', () => {
  it('base64 (RFC 4648 §4) and base64url (§5) alphabets', async () => {
    const b = await fresh(() => import('../../src/encoding/base64url.js'));
    expect(b.encodeBase64(Uint8Array.of(0xfb, 0xff))).toBe('+/8=');
    expect(b.encodeBase64(Uint8Array.of(0))).toBe('AA==');
    expect(b.encodeBase64url(Uint8Array.of(0xfb, 0xff))).toBe('-_8');
    expect(b.decodeBase64urlOrUndefined('AA+A')).toBeUndefined();
    expect(b.decodeBase64urlOrUndefined('-_8')).toEqual(Uint8Array.of(0xfb, 0xff));
  });

  it('UTF-8 decoders: strict refuses invalid bytes, both keep a byte-order mark', async () => {
    const bytes = await fresh(() => import('../../src/encoding/bytes.js'));
    const bom = Uint8Array.of(0xef, 0xbb, 0xbf, 0x41);
    expect(() => bytes.utf8DecodeStrict(Uint8Array.of(0xff))).toThrow(TypeError);
    expect(bytes.utf8DecodeStrict(bom)).toBe('\uFEFFA');
    expect(bytes.utf8DecodeLenient(bom)).toBe('\uFEFFA');
    expect(bytes.utf8DecodeLenient(Uint8Array.of(0xff))).toBe('\uFFFD');
    expect(bytes.toHex(Uint8Array.of(0, 0xab, 0xff))).toBe('00abff');
  });

  it('CBOR default limits: floats allowed, nesting bounded', async () => {
    const cbor = await fresh(() => import('../../src/encoding/cbor.js'));
    expect(cbor.decodeCBOR(fromHex('f93c00'))).toBe(1);
    let nested = '00';
    for (let i = 0; i < 100; i++) nested = `81${nested}`;
    let code: unknown;
    try {
      cbor.decodeCBOR(fromHex(nested));
    } catch (err) {
      code = (err as { code?: unknown }).code;
    }
    expect(code).toBe('ERR_CBOR_MALFORMED');
  });
});
