import { describe, expect, it } from 'vitest';
import { utf8Encode } from '../../src/encoding/bytes.js';
import { WebAuthnError } from '../../src/errors.js';
import { parseClientDataJSON } from '../../src/parsers/client-data.js';

const base = { type: 'webauthn.get', challenge: 'AAEC', origin: 'https://example.com', crossOrigin: false };

function codeOf(text: string | Uint8Array): string | undefined {
  try {
    parseClientDataJSON(typeof text === 'string' ? utf8Encode(text) : text);
  } catch (err) {
    return err instanceof WebAuthnError ? err.code : `non-library: ${String(err)}`;
  }
  return undefined;
}

describe('parseClientDataJSON', () => {
  it('parses the L3 serialisation', () => {
    const c = parseClientDataJSON(utf8Encode(JSON.stringify(base)));
    expect(c).toMatchObject({
      type: 'webauthn.get',
      challenge: 'AAEC',
      origin: 'https://example.com',
      crossOrigin: false,
    });
    expect(c.topOrigin).toBeUndefined();
  });

  it('accepts any member order, unknown members, escaped slashes and pretty printing (§4 #49, #53)', () => {
    const text =
      '{\r\n\t"challenge": "AAEC",\r\n\t"other_keys_can_be_added_here": "x",\r\n\t"origin": "https:\\/\\/example.com",\r\n\t"type": "webauthn.get"\r\n}';
    const c = parseClientDataJSON(utf8Encode(text));
    expect(c.origin).toBe('https://example.com');
    expect(c.members.other_keys_can_be_added_here).toBe('x');
  });

  it('strips a leading BOM for parsing (§7.1 step 5, §4 #50)', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8Encode(JSON.stringify(base))]);
    expect(parseClientDataJSON(bytes).type).toBe('webauthn.get');
  });

  it('keeps topOrigin when present', () => {
    const c = parseClientDataJSON(
      utf8Encode(JSON.stringify({ ...base, crossOrigin: true, topOrigin: 'https://top.example' })),
    );
    expect(c.topOrigin).toBe('https://top.example');
  });

  it.each([
    [
      'duplicate challenge member (§4 #51)',
      '{"type":"webauthn.get","challenge":"AAEC","challenge":"BBBB","origin":"https://example.com"}',
    ],
    ['not JSON', 'type=webauthn.get'],
    ['top-level array', '[]'],
    ['trailing garbage', `${JSON.stringify(base)}x`],
    ['type missing', JSON.stringify({ ...base, type: undefined })],
    ['type a number', JSON.stringify({ ...base, type: 1 })],
    ['challenge missing', JSON.stringify({ ...base, challenge: undefined })],
    ['origin null', JSON.stringify({ ...base, origin: null })],
    ['crossOrigin as string (§4 #47)', JSON.stringify({ ...base, crossOrigin: 'true' })],
    ['topOrigin null (§4 #48)', JSON.stringify({ ...base, topOrigin: null })],
  ])('rejects %s with ERR_CLIENT_DATA_INVALID', (_name, text) => {
    expect(codeOf(text)).toBe('ERR_CLIENT_DATA_INVALID');
  });
});
