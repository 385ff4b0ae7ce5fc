/** docs/errors.md must list exactly the codes of the WebAuthnErrorCode union. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { WEBAUTHN_ERROR_CODES } from '../../src/errors.js';

const doc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
const documented = new Set([...doc.matchAll(/^\| `(ERR_[A-Z_]+)` \|/gm)].map((m) => m[1]));

describe('docs/errors.md', () => {
  it('documents every error code', () => {
    expect(WEBAUTHN_ERROR_CODES.filter((c) => !documented.has(c))).toEqual([]);
  });
  it('documents no code that does not exist', () => {
    expect([...documented].filter((c) => !(WEBAUTHN_ERROR_CODES as readonly string[]).includes(c as string))).toEqual(
      [],
    );
  });
});
