/**
 * Shapes produced by the pure, policy-free parsers.
 *
 * @module
 */
import type { CBORMap, CBORValue } from '../encoding/cbor.js';

/** Parsed CollectedClientData (§5.8.1). Unknown members are kept in `members`. */
export interface ClientData {
  type: string;
  challenge: string;
  origin: string;
  crossOrigin: boolean | undefined;
  topOrigin: string | undefined;
  /** Every member as parsed (including unknown ones such as Chrome's anti-templating hint). */
  members: Readonly<Record<string, unknown>>;
}

/** The flags byte of authenticatorData (§6.1). */
export interface AuthenticatorFlags {
  /** User Present (bit 0). */
  up: boolean;
  /** Bit 1, reserved for future use (ignored). */
  rfu1: boolean;
  /** User Verified (bit 2). */
  uv: boolean;
  /** Backup Eligible (bit 3). */
  be: boolean;
  /** Backup State (bit 4). */
  bs: boolean;
  /** Bit 5, reserved for future use (ignored). */
  rfu2: boolean;
  /** Attested credential data included (bit 6). */
  at: boolean;
  /** Extension data included (bit 7). */
  ed: boolean;
  /** The raw byte. */
  value: number;
}

/** Attested credential data (§6.5.1). */
export interface AttestedCredentialData {
  aaguid: Uint8Array;
  credentialId: Uint8Array;
  /** The COSE_Key bytes exactly as they appear in authenticatorData (never re-encoded). */
  credentialPublicKey: Uint8Array;
  /** The same key decoded as a CBOR map. */
  credentialPublicKeyMap: CBORMap;
}

/** Parsed authenticatorData (§6.1). */
export interface AuthenticatorData {
  rpIdHash: Uint8Array;
  flags: AuthenticatorFlags;
  signCount: number;
  attestedCredentialData: AttestedCredentialData | undefined;
  /** Authenticator extension outputs (CBOR map) when the ED flag is set. */
  extensions: CBORMap | undefined;
  /** The raw bytes, as signed. */
  bytes: Uint8Array;
}

/** Parsed attestationObject (§6.5.4). `attStmt` is a map, or an array for `compound`. */
export interface AttestationObject {
  fmt: string;
  attStmt: CBORValue;
  authData: Uint8Array;
}
