/**
 * The JSON envelopes the browser sends (`PublicKeyCredential.toJSON()`, §5.1) and their
 * strict decoding: shape, canonical base64url, id = rawId, sizes before decoding.
 *
 * @module
 */
import { decodeBase64urlOrUndefined } from '../encoding/base64url.js';
import type { Bytes } from '../encoding/bytes.js';
import { WebAuthnError } from '../errors.js';

/** Authenticator transports (§5.8.4); unknown strings are kept as given. */
export type AuthenticatorTransport = 'usb' | 'nfc' | 'ble' | 'smart-card' | 'hybrid' | 'internal' | (string & {});

/** `RegistrationResponseJSON` (§5.1, L3). */
export interface RegistrationResponseJSON {
  id: string;
  rawId: string;
  type: 'public-key';
  response: {
    clientDataJSON: string;
    attestationObject: string;
    transports?: AuthenticatorTransport[];
    authenticatorData?: string;
    publicKey?: string;
    publicKeyAlgorithm?: number;
  };
  authenticatorAttachment?: 'platform' | 'cross-platform' | null;
  clientExtensionResults: Record<string, unknown>;
}

/** `AuthenticationResponseJSON` (§5.1, L3). */
export interface AuthenticationResponseJSON {
  id: string;
  rawId: string;
  type: 'public-key';
  response: {
    clientDataJSON: string;
    authenticatorData: string;
    signature: string;
    userHandle?: string | null;
  };
  authenticatorAttachment?: 'platform' | 'cross-platform' | null;
  clientExtensionResults: Record<string, unknown>;
}

function invalid(message: string, details?: Record<string, unknown>): WebAuthnError {
  return new WebAuthnError('ERR_INVALID_RESPONSE', message, details === undefined ? {} : { details });
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Decodes a required base64url member, refusing it before decoding when it is too large. */
export function decodeMember(value: unknown, field: string, maxBytes: number): Bytes {
  if (typeof value !== 'string') throw invalid(`${field} must be a base64url string`, { field });
  // 4 characters carry 3 bytes: refuse oversized input before allocating anything.
  if (Math.floor((value.length * 3) / 4) > maxBytes) {
    throw new WebAuthnError('ERR_INPUT_TOO_LARGE', `${field} exceeds ${maxBytes} bytes`, {
      details: { field, limit: maxBytes },
    });
  }
  const bytes = decodeBase64urlOrUndefined(value);
  if (bytes === undefined) throw invalid(`${field} is not canonical base64url`, { field });
  return bytes;
}

/** Common envelope checks: an object, `type` = public-key, canonical `id` equal to `rawId`. */
export function checkEnvelope(
  response: unknown,
  maxIdBytes: number,
): { json: Record<string, unknown>; inner: Record<string, unknown>; rawId: Bytes; id: string } {
  if (!isRecord(response)) throw invalid('response must be an object');
  // §7.1 step 3 / §7.2 step 3: a public-key credential.
  if (response.type !== 'public-key') throw invalid('response.type must be "public-key"', { field: 'type' });
  const rawId = decodeMember(response.rawId, 'rawId', maxIdBytes);
  if (rawId.length === 0) throw invalid('rawId is empty', { field: 'rawId' });
  if (response.id !== response.rawId) throw invalid('id and rawId differ', { field: 'id' });
  if (!isRecord(response.response)) throw invalid('response.response must be an object', { field: 'response' });
  const ext = response.clientExtensionResults;
  if (ext !== undefined && !isRecord(ext)) {
    throw invalid('clientExtensionResults must be an object', { field: 'clientExtensionResults' });
  }
  const attachment = response.authenticatorAttachment;
  if (attachment !== undefined && attachment !== null && attachment !== 'platform' && attachment !== 'cross-platform') {
    throw invalid('authenticatorAttachment is not a known value', { field: 'authenticatorAttachment' });
  }
  return { json: response, inner: response.response, rawId, id: response.rawId as string };
}

/** Transports as strings (unknown values kept, non-strings refused). */
export function readTransports(value: unknown): AuthenticatorTransport[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((t) => typeof t === 'string')) {
    throw invalid('response.transports must be an array of strings', { field: 'transports' });
  }
  return [...new Set(value as string[])];
}

/** clientExtensionResults as an object (absent → empty). */
export function readClientExtensions(json: Record<string, unknown>): Record<string, unknown> {
  return (json.clientExtensionResults as Record<string, unknown> | undefined) ?? {};
}
