import { encodeBase64url } from '../../src/encoding/base64url.js';
import { WebAuthnError } from '../../src/errors.js';

export const RP_ID = 'example.com';
export const ORIGIN = 'https://example.com';
export const NOW = new Date('2026-01-01T00:00:00Z');

let n = 0;
/** A fresh deterministic challenge (base64url of 32 bytes). */
export function challenge(): string {
  n++;
  const bytes = new Uint8Array(32);
  bytes.fill(n & 0xff);
  bytes[0] = 0xc4;
  return encodeBase64url(bytes);
}

/** The code of the WebAuthnError a promise rejects with (or a description of what else happened). */
export async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'resolved';
  } catch (err) {
    return err instanceof WebAuthnError ? err.code : `non-library ${(err as Error)?.name}: ${(err as Error)?.message}`;
  }
}
