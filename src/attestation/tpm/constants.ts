/**
 * TPM 2.0 constants (TPM 2.0 Part 2: Structures, §6 Constants) used by `tpm` attestation.
 *
 * @module
 */
import type { ECCurve, HashName } from '../../crypto/types.js';

/** TPM_GENERATED_VALUE (Part 2 §6.2): certInfo.magic of a TPM-generated structure. */
export const TPM_GENERATED_VALUE = 0xff544347;

/** TPM_ST_ATTEST_CERTIFY (Part 2 §6.9): certInfo.type produced by TPM2_Certify. */
export const TPM_ST_ATTEST_CERTIFY = 0x8017;

/** TPM_ALG_ID values (Part 2 §6.3) that appear in WebAuthn pubArea / certInfo structures. */
export const TPM_ALG = {
  RSA: 0x0001,
  SHA1: 0x0004,
  HMAC: 0x0005,
  AES: 0x0006,
  MGF1: 0x0007,
  KEYEDHASH: 0x0008,
  XOR: 0x000a,
  SHA256: 0x000b,
  SHA384: 0x000c,
  SHA512: 0x000d,
  NULL: 0x0010,
  SM3_256: 0x0012,
  SM4: 0x0013,
  RSASSA: 0x0014,
  RSAES: 0x0015,
  RSAPSS: 0x0016,
  OAEP: 0x0017,
  ECDSA: 0x0018,
  ECDH: 0x0019,
  ECDAA: 0x001a,
  SM2: 0x001b,
  ECSCHNORR: 0x001c,
  ECMQV: 0x001d,
  KDF1_SP800_56A: 0x0020,
  KDF2: 0x0021,
  KDF1_SP800_108: 0x0022,
  ECC: 0x0023,
  SYMCIPHER: 0x0025,
  CAMELLIA: 0x0026,
  CTR: 0x0040,
  OFB: 0x0041,
  CBC: 0x0042,
  CFB: 0x0043,
  ECB: 0x0044,
} as const;

/** nameAlg values Tessera can compute a Name with (Part 2 §6.3); anything else is rejected. */
export const TPM_NAME_HASHES: ReadonlyMap<number, HashName> = /* @__PURE__ */ new Map<number, HashName>([
  [TPM_ALG.SHA1, 'SHA-1'],
  [TPM_ALG.SHA256, 'SHA-256'],
  [TPM_ALG.SHA384, 'SHA-384'],
  [TPM_ALG.SHA512, 'SHA-512'],
]);

/** TPM_ECC_CURVE values (Part 2 §6.4) with a COSE/WebCrypto equivalent, and their coordinate size. */
export const TPM_ECC_CURVES: ReadonlyMap<number, { curve: ECCurve; size: number }> = /* @__PURE__ */ new Map([
  [0x0003, { curve: 'P-256' as ECCurve, size: 32 }],
  [0x0004, { curve: 'P-384' as ECCurve, size: 48 }],
  [0x0005, { curve: 'P-521' as ECCurve, size: 66 }],
]);

/** Largest digest a TPMT_HA can hold (SHA-512), bounding TPM2B_DIGEST / TPM2B_DATA sizes. */
export const TPM_MAX_DIGEST = 64;
/** Largest TPM2B_NAME (Part 2 §10.5.3): a 2-byte hash algorithm plus the largest digest. */
export const TPM_MAX_NAME = 2 + TPM_MAX_DIGEST;
/** Largest RSA modulus accepted in a pubArea (bytes, 8192 bits — the certificate layer's bound too). */
export const TPM_MAX_RSA_BYTES = 1024;
/** Largest ECC coordinate (P-521). */
export const TPM_MAX_ECC_BYTES = 66;
