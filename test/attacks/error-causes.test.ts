/**
 * Parser errors keep the underlying error as `cause` (for logs), and the clientDataJSON depth
 * bound is 16 (not the strict-JSON default of 32). Written to kill mutation-testing survivors.
 */
import { describe, expect, it } from 'vitest';
import { utf8Encode } from '../../src/encoding/bytes.js';
import { WebAuthnError } from '../../src/errors.js';
import { parseAuthenticatorData } from '../../src/parsers/authenticator-data.js';
import { parseClientDataJSON } from '../../src/parsers/client-data.js';

function thrown(f: () => unknown): WebAuthnError {
  try {
    f();
  } catch (err) {
    if (err instanceof WebAuthnError) return err;
    throw err;
  }
  throw new Error('expected a WebAuthnError');
}

describe('parser errors and their causes', () => {
  it('authenticatorData: a CBOR failure inside is wrapped with the CBOR error as cause', () => {
    const bytes = new Uint8Array(38);
    bytes[32] = 0x80; // ED set, extensions = 0xFF (a lone break)
    bytes[37] = 0xff;
    const err = thrown(() => parseAuthenticatorData(bytes));
    expect(err.code).toBe('ERR_AUTHENTICATOR_DATA_INVALID');
    expect(err.cause).toBeInstanceOf(WebAuthnError);
    expect((err.cause as WebAuthnError).code).toBe('ERR_CBOR_MALFORMED');
  });
  it('authenticatorData: a structural failure has no cause', () => {
    const err = thrown(() => parseAuthenticatorData(new Uint8Array(36)));
    expect(err.code).toBe('ERR_AUTHENTICATOR_DATA_INVALID');
    expect(err.cause).toBeUndefined();
    expect('cause' in err).toBe(false);
  });
  it('clientDataJSON: a JSON syntax error is wrapped with the SyntaxError as cause', () => {
    const err = thrown(() => parseClientDataJSON(utf8Encode('{"type":')));
    expect(err.code).toBe('ERR_CLIENT_DATA_INVALID');
    expect(err.cause).toBeInstanceOf(SyntaxError);
  });
  it('clientDataJSON: a shape failure has no cause', () => {
    const err = thrown(() => parseClientDataJSON(utf8Encode('{"type":1}')));
    expect(err.code).toBe('ERR_CLIENT_DATA_INVALID');
    expect('cause' in err).toBe(false);
  });
  it('clientDataJSON: nesting is bounded at 16 levels', () => {
    const nested = (depth: number) =>
      utf8Encode(
        `{"type":"webauthn.get","challenge":"x","origin":"https://example.com","x":${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}}`,
      );
    expect(parseClientDataJSON(nested(16)).type).toBe('webauthn.get');
    const err = thrown(() => parseClientDataJSON(nested(17)));
    expect(err.code).toBe('ERR_CLIENT_DATA_INVALID');
    expect(err.cause).toBeInstanceOf(SyntaxError);
  });
});
