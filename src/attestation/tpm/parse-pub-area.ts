/**
 * TPMT_PUBLIC (TPM 2.0 Part 2 §12.2.4) parsing for `tpm` attestation's `pubArea`.
 *
 * Only the two key types WebAuthn credentials can have in a TPM are accepted: TPM_ALG_RSA and
 * TPM_ALG_ECC. Any other type (KEYEDHASH, SYMCIPHER, …) fails closed, so no key type can skip
 * the comparison with the credential public key (security.md §4 #100).
 *
 * @module
 */
import { attestationError } from '../statement.js';
import { TPM_ALG, TPM_MAX_DIGEST, TPM_MAX_ECC_BYTES, TPM_MAX_RSA_BYTES } from './constants.js';
import { createTPMReader, type TPMReader } from './reader.js';

/** TPMT_SYM_DEF_OBJECT (Part 2 §11.1.7); `keyBits`/`mode` only when `algorithm` is not TPM_ALG_NULL. */
export interface TPMSymmetricDefinition {
  algorithm: number;
  keyBits: number | undefined;
  mode: number | undefined;
}

/** A TPMT_*_SCHEME / TPMT_KDF_SCHEME: the scheme and, when it has one, its hash (and ECDAA count). */
export interface TPMScheme {
  scheme: number;
  hashAlg: number | undefined;
  count: number | undefined;
}

/** TPMS_RSA_PARMS (Part 2 §12.2.3.5) with TPM2B_PUBLIC_KEY_RSA. */
export interface TPMRSAPublic {
  type: 'RSA';
  symmetric: TPMSymmetricDefinition;
  scheme: TPMScheme;
  keyBits: number;
  /** The raw UINT32 exponent; 0 means the default 2^16 + 1 (Part 2 §12.2.3.5). */
  exponent: number;
  /** Modulus, big-endian, as marshalled. */
  n: Uint8Array;
}

/** TPMS_ECC_PARMS (Part 2 §12.2.3.6) with TPMS_ECC_POINT. */
export interface TPMECCPublic {
  type: 'ECC';
  symmetric: TPMSymmetricDefinition;
  scheme: TPMScheme;
  /** TPM_ECC_CURVE. */
  curveID: number;
  kdf: TPMScheme;
  x: Uint8Array;
  y: Uint8Array;
}

/** A parsed TPMT_PUBLIC. */
export type TPMTPublic = {
  /** TPMI_ALG_HASH used to compute the object's Name. */
  nameAlg: number;
  /** TPMA_OBJECT bits. */
  objectAttributes: number;
  authPolicy: Uint8Array;
} & (TPMRSAPublic | TPMECCPublic);

// Schemes whose details are TPMS_SCHEME_HASH (one TPMI_ALG_HASH), Part 2 §11.2.
const HASH_SCHEMES: ReadonlySet<number> = new Set<number>([
  TPM_ALG.HMAC,
  TPM_ALG.RSASSA,
  TPM_ALG.RSAPSS,
  TPM_ALG.OAEP,
  TPM_ALG.ECDSA,
  TPM_ALG.ECDH,
  TPM_ALG.SM2,
  TPM_ALG.ECSCHNORR,
  TPM_ALG.ECMQV,
  TPM_ALG.MGF1,
  TPM_ALG.KDF1_SP800_56A,
  TPM_ALG.KDF2,
  TPM_ALG.KDF1_SP800_108,
]);

function readSymmetric(r: TPMReader): TPMSymmetricDefinition {
  const algorithm = r.u16('symmetric.algorithm');
  if (algorithm === TPM_ALG.NULL) return { algorithm, keyBits: undefined, mode: undefined };
  // TPMU_SYM_KEY_BITS and TPMU_SYM_MODE (Part 2 §11.1.3–4); XOR's mode is a hash algorithm, same size.
  return { algorithm, keyBits: r.u16('symmetric.keyBits'), mode: r.u16('symmetric.mode') };
}

function readScheme(r: TPMReader, what: string): TPMScheme {
  const scheme = r.u16(`${what}.scheme`);
  if (scheme === TPM_ALG.NULL || scheme === TPM_ALG.RSAES) {
    // TPM_ALG_NULL and RSAES carry TPMS_EMPTY details.
    return { scheme, hashAlg: undefined, count: undefined };
  }
  if (scheme === TPM_ALG.ECDAA) {
    // TPMS_SCHEME_ECDAA: hashAlg then count (Part 2 §11.2.3.3).
    return { scheme, hashAlg: r.u16(`${what}.hashAlg`), count: r.u16(`${what}.count`) };
  }
  if (HASH_SCHEMES.has(scheme)) return { scheme, hashAlg: r.u16(`${what}.hashAlg`), count: undefined };
  // Unknown scheme: the size of its details is unknown, so fail closed instead of guessing.
  throw attestationError('tpm', 'tpm.pubArea', `unknown ${what} 0x${scheme.toString(16)}`);
}

/**
 * Parses a marshalled TPMT_PUBLIC. Throws `ERR_ATTESTATION_INVALID` (`check: 'tpm.pubArea'`)
 * when it is truncated, has trailing bytes, an unsupported object type or an unknown scheme.
 *
 * @example
 * ```ts
 * const pub = parsePubArea(attStmt.pubArea);
 * if (pub.type === 'RSA') console.log(pub.keyBits);
 * ```
 */
export function parsePubArea(pubArea: Uint8Array): TPMTPublic {
  const r = createTPMReader(pubArea, 'tpm.pubArea');
  // TPMT_PUBLIC: type, nameAlg, objectAttributes, authPolicy, parameters, unique.
  const type = r.u16('type');
  const nameAlg = r.u16('nameAlg');
  const objectAttributes = r.u32('objectAttributes');
  const authPolicy = r.tpm2b('authPolicy', TPM_MAX_DIGEST);
  const common = { nameAlg, objectAttributes, authPolicy };

  if (type === TPM_ALG.RSA) {
    // TPMS_RSA_PARMS: symmetric, scheme, keyBits, exponent; unique: TPM2B_PUBLIC_KEY_RSA.
    const symmetric = readSymmetric(r);
    const scheme = readScheme(r, 'scheme');
    const keyBits = r.u16('keyBits');
    const exponent = r.u32('exponent');
    const n = r.tpm2b('unique.rsa', TPM_MAX_RSA_BYTES);
    r.end('pubArea');
    if (n.length === 0 || keyBits !== n.length * 8) {
      throw attestationError('tpm', 'tpm.pubArea', `keyBits ${keyBits} does not match a ${n.length}-byte modulus`);
    }
    return { ...common, type: 'RSA', symmetric, scheme, keyBits, exponent, n };
  }
  if (type === TPM_ALG.ECC) {
    // TPMS_ECC_PARMS: symmetric, scheme, curveID, kdf; unique: TPMS_ECC_POINT {x, y}.
    const symmetric = readSymmetric(r);
    const scheme = readScheme(r, 'scheme');
    const curveID = r.u16('curveID');
    const kdf = readScheme(r, 'kdf');
    const x = r.tpm2b('unique.ecc.x', TPM_MAX_ECC_BYTES);
    const y = r.tpm2b('unique.ecc.y', TPM_MAX_ECC_BYTES);
    r.end('pubArea');
    return { ...common, type: 'ECC', symmetric, scheme, curveID, kdf, x, y };
  }
  // §8.3.2 step 2 can only be done for RSA and ECC keys: every other type fails closed.
  throw attestationError('tpm', 'tpm.pubArea', `unsupported pubArea type 0x${type.toString(16)}`);
}
