/**
 * authenticatorData (§6.1) and attested credential data (§6.5.1) encoding.
 *
 * @module
 */
import { concat } from '../encoding/bytes.js';

/** Flag bits of authenticatorData (§6.1). */
export const FLAG_BITS = {
  up: 0x01,
  rfu1: 0x02,
  uv: 0x04,
  be: 0x08,
  bs: 0x10,
  rfu2: 0x20,
  at: 0x40,
  ed: 0x80,
} as const;

/** Flags to set or clear. `at` and `ed` default to "whatever the content implies". */
export interface AuthenticatorFlagOptions {
  up?: boolean;
  uv?: boolean;
  be?: boolean;
  bs?: boolean;
  at?: boolean;
  ed?: boolean;
  rfu1?: boolean;
  rfu2?: boolean;
}

/** Inputs of {@link encodeAuthenticatorData}. */
export interface AuthenticatorDataInput {
  rpIdHash: Uint8Array;
  flags: AuthenticatorFlagOptions;
  signCount: number;
  attestedCredentialData?: { aaguid: Uint8Array; credentialId: Uint8Array; credentialPublicKey: Uint8Array };
  /** Encoded CBOR map of extension outputs. */
  extensions?: Uint8Array;
}

/**
 * Computes the flags byte: explicit flags win; AT/ED follow the content unless given.
 *
 * @example
 * ```ts
 * flagsByte({ up: true, uv: true }, true, false); // 0x45
 * ```
 */
export function flagsByte(flags: AuthenticatorFlagOptions, hasAttestedData: boolean, hasExtensions: boolean): number {
  let byte = 0;
  const set = (bit: number, on: boolean | undefined): void => {
    if (on === true) byte |= bit;
  };
  set(FLAG_BITS.up, flags.up);
  set(FLAG_BITS.rfu1, flags.rfu1);
  set(FLAG_BITS.uv, flags.uv);
  set(FLAG_BITS.be, flags.be);
  set(FLAG_BITS.bs, flags.bs);
  set(FLAG_BITS.rfu2, flags.rfu2);
  set(FLAG_BITS.at, flags.at ?? hasAttestedData);
  set(FLAG_BITS.ed, flags.ed ?? hasExtensions);
  return byte;
}

/**
 * Encodes authenticatorData: rpIdHash ‖ flags ‖ signCount (big-endian u32) ‖ attested
 * credential data ‖ extensions.
 *
 * @example
 * ```ts
 * const authData = encodeAuthenticatorData({ rpIdHash, flags: { up: true }, signCount: 1 });
 * ```
 */
export function encodeAuthenticatorData(input: AuthenticatorDataInput): Uint8Array {
  if (!Number.isInteger(input.signCount) || input.signCount < 0 || input.signCount > 0xffffffff) {
    throw new RangeError('signCount must be an unsigned 32-bit integer');
  }
  const head = new Uint8Array(37);
  head.set(input.rpIdHash.subarray(0, 32));
  head[32] = flagsByte(input.flags, input.attestedCredentialData !== undefined, input.extensions !== undefined);
  new DataView(head.buffer).setUint32(33, input.signCount);
  const parts: Uint8Array[] = [head];
  const acd = input.attestedCredentialData;
  if (acd !== undefined) {
    const length = Uint8Array.of((acd.credentialId.length >> 8) & 0xff, acd.credentialId.length & 0xff);
    parts.push(acd.aaguid, length, acd.credentialId, acd.credentialPublicKey);
  }
  if (input.extensions !== undefined) parts.push(input.extensions);
  return concat(...parts);
}
