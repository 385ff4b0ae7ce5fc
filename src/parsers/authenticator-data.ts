/**
 * authenticatorData parsing (§6.1, §6.5.1). Pure and policy-free: every flag is reported,
 * attested credential data and extensions are decoded, and no byte is left unaccounted for.
 *
 * @module
 */
import { type CBORLimits, type CBORMap, decodeCBORPrefix, isCBORMap } from '../encoding/cbor.js';
import { WebAuthnError } from '../errors.js';
import type { AttestedCredentialData, AuthenticatorData, AuthenticatorFlags } from './types.js';

function invalid(message: string, cause?: unknown): WebAuthnError {
  return new WebAuthnError(
    'ERR_AUTHENTICATOR_DATA_INVALID',
    `authenticatorData: ${message}`,
    cause === undefined ? {} : { cause },
  );
}

/** Decodes the flags byte (§6.1). */
export function parseAuthenticatorFlags(value: number): AuthenticatorFlags {
  return {
    up: (value & 0x01) !== 0,
    rfu1: (value & 0x02) !== 0,
    uv: (value & 0x04) !== 0,
    be: (value & 0x08) !== 0,
    bs: (value & 0x10) !== 0,
    rfu2: (value & 0x20) !== 0,
    at: (value & 0x40) !== 0,
    ed: (value & 0x80) !== 0,
    value,
  };
}

/** Decodes one CBOR map at `offset` and returns it with its end offset. */
function mapAt(
  bytes: Uint8Array,
  offset: number,
  what: string,
  limits: CBORLimits = {},
): { map: CBORMap; end: number } {
  let decoded: ReturnType<typeof decodeCBORPrefix>;
  try {
    decoded = decodeCBORPrefix(bytes, offset, limits);
  } catch (err) {
    throw invalid(`${what} is not valid CBOR`, err);
  }
  if (!isCBORMap(decoded.value)) throw invalid(`${what} is not a CBOR map`);
  return { map: decoded.value, end: decoded.end };
}

/**
 * Parses authenticatorData bytes.
 *
 * @example
 * ```ts
 * const ad = parseAuthenticatorData(bytes);
 * if (ad.flags.uv) ...
 * ```
 */
export function parseAuthenticatorData(bytes: Uint8Array): AuthenticatorData {
  // §6.1: rpIdHash (32) ‖ flags (1) ‖ signCount (4, big-endian unsigned) ‖ …
  if (bytes.length < 37) throw invalid(`${bytes.length} bytes, at least 37 required`);
  const rpIdHash = bytes.slice(0, 32);
  const flags = parseAuthenticatorFlags(bytes[32] as number);
  const signCount =
    (((bytes[33] as number) << 24) |
      ((bytes[34] as number) << 16) |
      ((bytes[35] as number) << 8) |
      (bytes[36] as number)) >>>
    0;
  let offset = 37;

  let attestedCredentialData: AttestedCredentialData | undefined;
  if (flags.at) {
    // §6.5.1: aaguid (16) ‖ credentialIdLength (2) ‖ credentialId ‖ credentialPublicKey (COSE_Key)
    if (bytes.length < offset + 18) throw invalid('attested credential data truncated');
    const aaguid = bytes.slice(offset, offset + 16);
    const idLength = ((bytes[offset + 16] as number) << 8) | (bytes[offset + 17] as number);
    offset += 18;
    if (idLength > bytes.length - offset) throw invalid('credentialIdLength exceeds the data');
    const credentialId = bytes.slice(offset, offset + idLength);
    offset += idLength;
    // COSE_Key labels and values are integers, byte and text strings: never floats (§4 #15).
    const key = mapAt(bytes, offset, 'credentialPublicKey', { allowFloats: false });
    attestedCredentialData = {
      aaguid,
      credentialId,
      credentialPublicKey: bytes.slice(offset, key.end),
      credentialPublicKeyMap: key.map,
    };
    offset = key.end;
  }

  let extensions: CBORMap | undefined;
  if (flags.ed) {
    // §6.1: the extensions map follows when ED is set, and nothing after it.
    if (offset >= bytes.length) throw invalid('ED flag set but no extensions follow');
    const ext = mapAt(bytes, offset, 'extensions');
    extensions = ext.map;
    offset = ext.end;
  }

  if (offset !== bytes.length) throw invalid(`${bytes.length - offset} unexpected trailing byte(s)`);
  return { rpIdHash, flags, signCount, attestedCredentialData, extensions, bytes };
}
