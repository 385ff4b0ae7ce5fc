/**
 * TPM 2.0 structures for the `tpm` attestation format (§8.3; TPM 2.0 Part 2): TPMT_PUBLIC
 * (pubArea) for RSA and ECC keys, and TPMS_ATTEST (certInfo) of type TPM_ST_ATTEST_CERTIFY.
 *
 * @module
 */

import { digest } from '../crypto/hash.js';
import type { HashName, PublicKey } from '../crypto/types.js';
import { concat } from '../encoding/bytes.js';

/** TPM_ALG_ID values (Part 2 §6.3). */
export const TPM_ALG = {
  RSA: 0x0001,
  SHA1: 0x0004,
  SHA256: 0x000b,
  SHA384: 0x000c,
  SHA512: 0x000d,
  NULL: 0x0010,
  ECC: 0x0023,
} as const;

/** TPM_GENERATED_VALUE (Part 2 §6.2). */
export const TPM_GENERATED_VALUE = 0xff544347;
/** TPM_ST_ATTEST_CERTIFY (Part 2 §6.9). */
export const TPM_ST_ATTEST_CERTIFY = 0x8017;

const NAME_ALG: Readonly<Record<HashName, number>> = {
  'SHA-1': TPM_ALG.SHA1,
  'SHA-256': TPM_ALG.SHA256,
  'SHA-384': TPM_ALG.SHA384,
  'SHA-512': TPM_ALG.SHA512,
};

const ECC_CURVE: Readonly<Record<string, number>> = { 'P-256': 0x0003, 'P-384': 0x0004, 'P-521': 0x0005 };

function u16(n: number): Uint8Array {
  return Uint8Array.of((n >> 8) & 0xff, n & 0xff);
}

function u32(n: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, n >>> 0);
  return out;
}

/**
 * A TPM2B: 2-byte size then the bytes.
 *
 * @example
 * ```ts
 * tpm2b(new Uint8Array([1, 2])); // 00 02 01 02
 * ```
 */
export function tpm2b(bytes: Uint8Array): Uint8Array {
  return concat(u16(bytes.length), bytes);
}

/** Fields of a pubArea a test may want to change. */
export interface PubAreaOptions {
  /** nameAlg (default SHA-256). */
  nameAlg?: HashName;
  /** objectAttributes (default 0x00060472: fixedTPM, fixedParent, sensitiveDataOrigin, userWithAuth, noDA, sign). */
  objectAttributes?: number;
}

/**
 * Encodes TPMT_PUBLIC for an RSA or ECC credential key (OKP keys have no TPM encoding).
 *
 * @example
 * ```ts
 * const pubArea = encodePubArea(credentialKey.publicKey);
 * ```
 */
export function encodePubArea(key: PublicKey, options: PubAreaOptions = {}): Uint8Array {
  const nameAlg = NAME_ALG[options.nameAlg ?? 'SHA-256'];
  const attributes = u32(options.objectAttributes ?? 0x00060472);
  const authPolicy = tpm2b(new Uint8Array(0));
  if (key.kty === 'RSA') {
    const e = key.e;
    let exponent = 0;
    for (const b of e) exponent = exponent * 256 + b;
    // TPMS_RSA_PARMS: symmetric, scheme, keyBits, exponent (0 means the default 65537).
    const parameters = concat(
      u16(TPM_ALG.NULL),
      u16(TPM_ALG.NULL),
      u16(modulusBits(key.n)),
      u32(exponent === 65537 ? 0 : exponent),
    );
    return concat(u16(TPM_ALG.RSA), u16(nameAlg), attributes, authPolicy, parameters, tpm2b(key.n));
  }
  if (key.kty === 'EC') {
    const curve = ECC_CURVE[key.crv];
    if (curve === undefined) throw new RangeError(`no TPM curve for ${key.crv}`);
    // TPMS_ECC_PARMS: symmetric, scheme, curveID, kdf; unique: TPMS_ECC_POINT.
    const parameters = concat(u16(TPM_ALG.NULL), u16(TPM_ALG.NULL), u16(curve), u16(TPM_ALG.NULL));
    return concat(u16(TPM_ALG.ECC), u16(nameAlg), attributes, authPolicy, parameters, tpm2b(key.x), tpm2b(key.y));
  }
  throw new RangeError('TPM attestation supports RSA and EC credential keys only');
}

function modulusBits(n: Uint8Array): number {
  let i = 0;
  while (i < n.length && n[i] === 0) i++;
  if (i === n.length) return 0;
  return (n.length - i - 1) * 8 + (32 - Math.clz32(n[i] as number));
}

/**
 * The TPM Name of an object: nameAlg ‖ H_nameAlg(pubArea) (Part 1 §16).
 *
 * @example
 * ```ts
 * const name = tpmName(pubArea); // 00 0b ‖ SHA-256(pubArea)
 * ```
 */
export function tpmName(pubArea: Uint8Array, nameAlg: HashName = 'SHA-256'): Uint8Array {
  return concat(u16(NAME_ALG[nameAlg]), digest(nameAlg, pubArea));
}

/** Inputs of {@link encodeCertInfo}. */
export interface CertInfoOptions {
  /** H_alg(authData ‖ clientDataHash). */
  extraData: Uint8Array;
  /** Name of the certified object (nameAlg ‖ H(pubArea)). */
  attestedName: Uint8Array;
  /** Default TPM_GENERATED_VALUE. */
  magic?: number;
  /** Default TPM_ST_ATTEST_CERTIFY. */
  type?: number;
  /** qualifiedSigner TPM2B_NAME contents (default empty). */
  qualifiedSigner?: Uint8Array;
  /** attested.qualifiedName contents (default empty). */
  qualifiedName?: Uint8Array;
}

/**
 * Encodes TPMS_ATTEST with a TPMS_CERTIFY_INFO body (clock and firmware fields fixed).
 *
 * @example
 * ```ts
 * const certInfo = encodeCertInfo({ extraData, attestedName: tpmName(pubArea) });
 * ```
 */
export function encodeCertInfo(options: CertInfoOptions): Uint8Array {
  // TPMS_CLOCK_INFO: clock (u64), resetCount (u32), restartCount (u32), safe (u8).
  const clockInfo = concat(u32(0), u32(0x01000000), u32(1), u32(1), Uint8Array.of(1));
  const firmwareVersion = concat(u32(0x00020000), u32(0));
  return concat(
    u32(options.magic ?? TPM_GENERATED_VALUE),
    u16(options.type ?? TPM_ST_ATTEST_CERTIFY),
    tpm2b(options.qualifiedSigner ?? new Uint8Array(0)),
    tpm2b(options.extraData),
    clockInfo,
    firmwareVersion,
    tpm2b(options.attestedName),
    tpm2b(options.qualifiedName ?? new Uint8Array(0)),
  );
}
