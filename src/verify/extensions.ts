/**
 * Typed extension outputs (§7.1 step 21, §7.2 step 23, §10). Known extensions are read with
 * their types checked; unknown ones are passed through untouched and never affect verification.
 *
 * @module
 */
import { decodeBase64urlOrUndefined } from '../encoding/base64url.js';
import type { CBORMap, CBORValue } from '../encoding/cbor.js';
import { WebAuthnError } from '../errors.js';

/** Client extension outputs (from `clientExtensionResults`), decoded. */
export interface ClientExtensionOutputs {
  /** credProps (§10.1.3). */
  credProps?: { rk?: boolean };
  /** prf (§10.1.4): results decoded to bytes. */
  prf?: { enabled?: boolean; results?: { first: Uint8Array; second?: Uint8Array } };
  /** largeBlob (§10.1.5). */
  largeBlob?: { supported?: boolean; blob?: Uint8Array; written?: boolean };
  /** appid (§10.1.1): true when the authenticator used the AppID. */
  appid?: boolean;
  /** appidExclude (§10.1.2). */
  appidExclude?: boolean;
  /** Every other member, as the client sent it. */
  unknown: Record<string, unknown>;
}

/** Authenticator extension outputs (the CBOR map after the ED flag), decoded. */
export interface AuthenticatorExtensionOutputs {
  /** credProtect (CTAP 2.2 §12.1): 1, 2 or 3. */
  credProtect?: number;
  /** hmac-secret: `true` at registration, encrypted output bytes at authentication. */
  hmacSecret?: boolean | Uint8Array;
  /** credBlob (CTAP 2.2 §12.2). */
  credBlob?: boolean | Uint8Array;
  /** minPinLength (CTAP 2.2 §12.4). */
  minPinLength?: number;
  /** largeBlobKey is never in authData; kept for completeness of unknown members. */
  unknown: Record<string, CBORValue>;
}

/** `member` is the dotted path of the offending output (`prf.results.first`), kept in `details`. */
function bad(message: string, member: string): WebAuthnError {
  return new WebAuthnError('ERR_EXTENSIONS_INVALID', message, { details: { member } });
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function optBool(v: unknown, name: string): boolean | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'boolean') throw bad(`${name} must be a boolean`, name);
  return v;
}

function b64(v: unknown, name: string): Uint8Array {
  const bytes = typeof v === 'string' ? decodeBase64urlOrUndefined(v) : undefined;
  if (bytes === undefined) throw bad(`${name} must be base64url`, name);
  return bytes;
}

/** Reads clientExtensionResults, checking the types of the extensions Tessera knows. */
export function readClientExtensionOutputs(results: Record<string, unknown>): ClientExtensionOutputs {
  const out: ClientExtensionOutputs = { unknown: {} };
  for (const [name, value] of Object.entries(results)) {
    switch (name) {
      case 'credProps': {
        if (!isRecord(value)) throw bad('credProps must be an object', 'credProps');
        const rk = optBool(value.rk, 'credProps.rk');
        out.credProps = rk === undefined ? {} : { rk };
        break;
      }
      case 'prf': {
        if (!isRecord(value)) throw bad('prf must be an object', 'prf');
        const prf: NonNullable<ClientExtensionOutputs['prf']> = {};
        const enabled = optBool(value.enabled, 'prf.enabled');
        if (enabled !== undefined) prf.enabled = enabled;
        if (value.results !== undefined) {
          if (!isRecord(value.results)) throw bad('prf.results must be an object', 'prf.results');
          prf.results = { first: b64(value.results.first, 'prf.results.first') };
          if (value.results.second !== undefined) prf.results.second = b64(value.results.second, 'prf.results.second');
        }
        out.prf = prf;
        break;
      }
      case 'largeBlob': {
        if (!isRecord(value)) throw bad('largeBlob must be an object', 'largeBlob');
        const lb: NonNullable<ClientExtensionOutputs['largeBlob']> = {};
        const supported = optBool(value.supported, 'largeBlob.supported');
        const written = optBool(value.written, 'largeBlob.written');
        if (supported !== undefined) lb.supported = supported;
        if (written !== undefined) lb.written = written;
        if (value.blob !== undefined) lb.blob = b64(value.blob, 'largeBlob.blob');
        out.largeBlob = lb;
        break;
      }
      case 'appid':
        out.appid = optBool(value, 'appid');
        break;
      case 'appidExclude':
        out.appidExclude = optBool(value, 'appidExclude');
        break;
      default:
        out.unknown[name] = value;
    }
  }
  return out;
}

/** Reads the authenticator extension outputs map. */
export function readAuthenticatorExtensionOutputs(map: CBORMap | undefined): AuthenticatorExtensionOutputs {
  const out: AuthenticatorExtensionOutputs = { unknown: {} };
  if (map === undefined) return out;
  for (const [key, value] of map) {
    const name = String(key);
    switch (name) {
      case 'credProtect':
        if (value !== 1 && value !== 2 && value !== 3) throw bad('credProtect must be 1, 2 or 3', name);
        out.credProtect = value;
        break;
      case 'hmac-secret':
        if (typeof value !== 'boolean' && !(value instanceof Uint8Array))
          throw bad('hmac-secret has the wrong type', name);
        out.hmacSecret = value;
        break;
      case 'credBlob':
        if (typeof value !== 'boolean' && !(value instanceof Uint8Array))
          throw bad('credBlob has the wrong type', name);
        out.credBlob = value;
        break;
      case 'minPinLength':
        if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0)
          throw bad('minPinLength must be an integer', name);
        out.minPinLength = value;
        break;
      default:
        out.unknown[name] = value;
    }
  }
  return out;
}
