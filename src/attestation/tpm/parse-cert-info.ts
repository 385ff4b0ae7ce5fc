/**
 * TPMS_ATTEST (TPM 2.0 Part 2 §10.12.12) parsing for `tpm` attestation's `certInfo`.
 *
 * The header is parsed for every structure type; the `attested` union is decoded only for
 * TPM_ST_ATTEST_CERTIFY (TPMS_CERTIFY_INFO), the one type WebAuthn accepts. Every TPM2B size is
 * bounded and checked against the bytes left.
 *
 * @module
 */
import { TPM_MAX_DIGEST, TPM_MAX_NAME, TPM_ST_ATTEST_CERTIFY } from './constants.js';
import { createTPMReader } from './reader.js';

/** TPMS_CLOCK_INFO (Part 2 §10.11.1). */
export interface TPMClockInfo {
  clock: bigint;
  resetCount: number;
  restartCount: number;
  safe: boolean;
}

/** TPMS_CERTIFY_INFO (Part 2 §10.12.3). */
export interface TPMCertifyInfo {
  /** TPM2B_NAME of the certified object: nameAlg (2 bytes) ‖ digest. */
  name: Uint8Array;
  qualifiedName: Uint8Array;
}

/** A parsed TPMS_ATTEST. */
export interface TPMSAttest {
  /** TPM_GENERATED_VALUE for structures the TPM produced. */
  magic: number;
  /** TPMI_ST_ATTEST. */
  type: number;
  qualifiedSigner: Uint8Array;
  extraData: Uint8Array;
  clockInfo: TPMClockInfo;
  firmwareVersion: bigint;
  /** Present when `type` is TPM_ST_ATTEST_CERTIFY. */
  attested: TPMCertifyInfo | undefined;
}

/**
 * Parses a marshalled TPMS_ATTEST. Throws `ERR_ATTESTATION_INVALID` (`check: 'tpm.certInfo'`)
 * when a size field runs past the end or a CERTIFY structure has trailing bytes.
 *
 * @example
 * ```ts
 * const info = parseCertInfo(attStmt.certInfo);
 * info.magic === 0xff544347;
 * ```
 */
export function parseCertInfo(certInfo: Uint8Array): TPMSAttest {
  const r = createTPMReader(certInfo, 'tpm.certInfo');
  const magic = r.u32('magic');
  const type = r.u16('type');
  const qualifiedSigner = r.tpm2b('qualifiedSigner', TPM_MAX_NAME);
  const extraData = r.tpm2b('extraData', TPM_MAX_DIGEST);
  const clockInfo: TPMClockInfo = {
    clock: r.u64('clockInfo.clock'),
    resetCount: r.u32('clockInfo.resetCount'),
    restartCount: r.u32('clockInfo.restartCount'),
    safe: r.u8('clockInfo.safe') !== 0,
  };
  const firmwareVersion = r.u64('firmwareVersion');
  let attested: TPMCertifyInfo | undefined;
  if (type === TPM_ST_ATTEST_CERTIFY) {
    attested = {
      name: r.tpm2b('attested.name', TPM_MAX_NAME),
      qualifiedName: r.tpm2b('attested.qualifiedName', TPM_MAX_NAME),
    };
    r.end('certInfo');
  }
  return { magic, type, qualifiedSigner, extraData, clockInfo, firmwareVersion, attested };
}
