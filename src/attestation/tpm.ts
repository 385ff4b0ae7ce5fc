/**
 * `tpm` attestation (WebAuthn L3 §8.3): a TPM 2.0 certifies the credential key with
 * TPM2_Certify, signing `certInfo` (TPMS_ATTEST) with an Attestation Identity Key whose
 * certificate (`x5c[0]`) meets §8.3.1.
 *
 * `certInfo` and `pubArea` are TPM 2.0 binary structures, parsed in `./tpm/` with every size
 * bounded. RS1 (RSASSA-PKCS1-v1_5 / SHA-1) is accepted here, and only here, for legacy Windows
 * Hello (policy `allowSHA1`, default true for this format).
 *
 * @module
 */
import { parseTPMSubjectAltName } from '../certificates/extensions.js';
import { parseCertificate } from '../certificates/parse.js';
import type { Certificate } from '../certificates/types.js';
import { digest } from '../crypto/hash.js';
import type { PublicKey } from '../crypto/types.js';
import { verifySignature } from '../crypto/verify.js';
import { concat, equalBytes } from '../encoding/bytes.js';
import type { WebAuthnError } from '../errors.js';
import { checkAAGUIDExtension } from './certificate-rules.js';
import { attestationError, bytesMember, intMember, statementMap, textMember, x5cMember } from './statement.js';
import { TPM_ECC_CURVES, TPM_GENERATED_VALUE, TPM_NAME_HASHES, TPM_ST_ATTEST_CERTIFY } from './tpm/constants.js';
import { parseTPMManufacturer, type TPMManufacturer } from './tpm/manufacturers.js';
import { parseCertInfo } from './tpm/parse-cert-info.js';
import { parsePubArea, type TPMTPublic } from './tpm/parse-pub-area.js';
import type { AttestationFormatVerifier, AttestationStatementInput, AttestationStatementResult } from './types.js';
import { statementScheme, verifyX5cInternally } from './x5c-checks.js';

/** tcg-kp-AIKCertificate (TCG EK Credential Profile): the EKU an AIK certificate must carry. */
export const TCG_KP_AIK_CERTIFICATE = '2.23.133.8.3';

/** Bytes accepted for `certInfo` and `pubArea` (real ones are < 400 bytes). */
const MAX_TPM_STRUCTURE = 2048;

/** Facts a `tpm` statement reports in `details`. */
export type TPMAttestationDetails = {
  manufacturer: TPMManufacturer;
  model: string;
  version: string;
  /** COSE alg of the AIK signature (RS1 = -65535 for legacy Windows Hello). */
  alg: number;
};

function stripLeadingZeros(b: Uint8Array): Uint8Array {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  return b.subarray(i);
}

function leftPad(b: Uint8Array, size: number): Uint8Array | undefined {
  const s = stripLeadingZeros(b);
  if (s.length > size) return undefined;
  const out = new Uint8Array(size);
  out.set(s, size - s.length);
  return out;
}

function keyMismatch(why: string): WebAuthnError {
  return attestationError('tpm', 'credential-key', `pubArea does not match the credential key: ${why}`);
}

/** §8.3.2 step 2: pubArea's parameters and unique identify exactly the credential public key. */
function checkPubAreaKey(pub: TPMTPublic, key: PublicKey): void {
  if (key.kty === 'RSA') {
    if (pub.type !== 'RSA') throw keyMismatch('pubArea is not an RSA key');
    // unique.rsa is the big-endian modulus.
    if (!equalBytes(stripLeadingZeros(pub.n), stripLeadingZeros(key.n))) throw keyMismatch('modulus differs');
    // TPMS_RSA_PARMS.exponent: big-endian UINT32 where 0 means 65537 (TPM 2.0 Part 2 §12.2.3.5).
    const exponent = pub.exponent === 0 ? 65537 : pub.exponent;
    const e = stripLeadingZeros(key.e);
    let credentialExponent = 0;
    for (const byte of e) credentialExponent = credentialExponent * 256 + byte;
    if (e.length > 4 || credentialExponent !== exponent) throw keyMismatch('exponent differs');
    return;
  }
  if (key.kty === 'EC') {
    if (pub.type !== 'ECC') throw keyMismatch('pubArea is not an ECC key');
    const curve = TPM_ECC_CURVES.get(pub.curveID);
    if (curve === undefined || curve.curve !== key.crv) throw keyMismatch('curve differs');
    const x = leftPad(pub.x, curve.size);
    const y = leftPad(pub.y, curve.size);
    if (x === undefined || y === undefined || !equalBytes(x, key.x) || !equalBytes(y, key.y)) {
      throw keyMismatch('point differs');
    }
    return;
  }
  // OKP (and anything else) cannot be a TPMT_PUBLIC key: fail closed, never skip (security.md §4 #100).
  throw keyMismatch(`a ${key.kty} credential cannot be TPM-attested`);
}

/** §8.3.1: requirements of the AIK certificate. Returns the SAN's TPM device attributes. */
function checkAIKCertificate(aik: Certificate, input: AttestationStatementInput): Omit<TPMAttestationDetails, 'alg'> {
  const fail: (check: string, message: string) => never = (check, message) => {
    throw attestationError('tpm', check, message);
  };
  // §8.3.1: Version MUST be set to 3.
  if (aik.version !== 3) fail('certificate.version', 'the AIK certificate must be X.509 v3');
  // §8.3.1: Subject field MUST be set to empty.
  if (aik.subject.length !== 0) fail('certificate.subject', 'the AIK certificate subject must be empty');
  // §8.3.1: the Subject Alternative Name extension MUST be set as defined in TPMv2-EK-Profile §3.2.9.
  const san = parseTPMSubjectAltName(aik);
  if (san === undefined) fail('certificate.san', 'the AIK certificate has no subjectAltName');
  const { manufacturer: id, model, version } = san;
  // TPMv2-EK-Profile §3.2.9: tpmManufacturer, tpmModel and tpmVersion are all present.
  if (id === undefined || model === undefined || version === undefined) {
    fail('certificate.san', 'the AIK subjectAltName must carry tpmManufacturer, tpmModel and tpmVersion');
  }
  const manufacturer = parseTPMManufacturer(id);
  if (manufacturer === undefined) fail('certificate.san', 'tpmManufacturer is not of the form id:XXXXXXXX');
  // TPMv2-EK-Profile §3.2.9: the manufacturer is a vendor id from the TCG registry (security.md §3A row 11).
  if (manufacturer.name === undefined && input.policy.tpmAllowUnknownManufacturer !== true) {
    fail('certificate.manufacturer', `TPM manufacturer ${id} is not in the TCG vendor registry`);
  }
  // §8.3.1: the Extended Key Usage extension MUST contain tcg-kp-AIKCertificate (2.23.133.8.3).
  if (!aik.extendedKeyUsage?.includes(TCG_KP_AIK_CERTIFICATE)) {
    fail('certificate.eku', 'the AIK certificate EKU must contain 2.23.133.8.3');
  }
  // §8.3.1: the Basic Constraints extension MUST have the CA component set to false.
  if (aik.basicConstraints?.ca === true) fail('certificate.basic-constraints', 'the AIK certificate must not be a CA');
  return { manufacturer, model, version };
}

function structureMember(m: Parameters<typeof bytesMember>[1], key: 'certInfo' | 'pubArea'): Uint8Array {
  const v = bytesMember('tpm', m, key);
  if (v.length > MAX_TPM_STRUCTURE) throw attestationError('tpm', `tpm.${key}`, `${key} is too large`);
  return v;
}

/** The `tpm` format verifier (§8.3). Attestation type: AttCA. */
export const tpmAttestation: AttestationFormatVerifier = {
  format: 'tpm',
  async verify(input: AttestationStatementInput): Promise<AttestationStatementResult> {
    const { authData, clientDataHash } = input;
    // §8.3.2 step 1: attStmt is {ver, alg, x5c, sig, certInfo, pubArea}; ecdaaKeyId (pre-L2) and unknown members are refused.
    const m = statementMap('tpm', input.attStmt, ['ver', 'alg', 'x5c', 'sig', 'certInfo', 'pubArea']);
    // §8.3 syntax: ver MUST be "2.0".
    if (textMember('tpm', m, 'ver') !== '2.0') throw attestationError('tpm', 'tpm.ver', 'ver must be "2.0"');
    const alg = intMember('tpm', m, 'alg');
    const sig = bytesMember('tpm', m, 'sig');
    const certInfoBytes = structureMember(m, 'certInfo');
    const pubAreaBytes = structureMember(m, 'pubArea');
    // §8.3.2 step 5 (checked early, cheaply): x5c MUST be present.
    if (!m.has('x5c')) throw attestationError('tpm', 'x5c', 'x5c is required');
    const certs = x5cMember('tpm', m).map((der) => parseCertificate(der));
    const aik = certs[0] as Certificate;
    const allowSHA1 = input.policy.allowSHA1 ?? true;
    const scheme = statementScheme('tpm', alg, aik.publicKey, allowSHA1);
    if (scheme.name === 'EdDSA') throw attestationError('tpm', 'alg', 'EdDSA cannot sign TPM structures');

    // §8.3.2 step 2: the pubArea key is the credential public key.
    const pubArea = parsePubArea(pubAreaBytes);
    checkPubAreaKey(pubArea, input.credentialPublicKey.publicKey);

    // §8.3.2 step 3: attToBeSigned = authenticatorData ‖ clientDataHash.
    const attToBeSigned = concat(authData.bytes, clientDataHash);

    // §8.3.2 step 4: validate certInfo.
    const certInfo = parseCertInfo(certInfoBytes);
    // §8.3.2 step 4: magic is TPM_GENERATED_VALUE.
    if (certInfo.magic !== TPM_GENERATED_VALUE) {
      throw attestationError('tpm', 'tpm.magic', 'certInfo.magic is not TPM_GENERATED_VALUE');
    }
    // §8.3.2 step 4: type is TPM_ST_ATTEST_CERTIFY.
    if (certInfo.type !== TPM_ST_ATTEST_CERTIFY || certInfo.attested === undefined) {
      throw attestationError('tpm', 'tpm.type', 'certInfo.type is not TPM_ST_ATTEST_CERTIFY');
    }
    // §8.3.2 step 4: extraData is the hash of attToBeSigned with the hash algorithm of "alg".
    if (!equalBytes(certInfo.extraData, digest(scheme.hash, attToBeSigned))) {
      throw attestationError(
        'tpm',
        'tpm.extraData',
        `certInfo.extraData is not ${scheme.hash}(authData ‖ clientDataHash)`,
      );
    }
    // §8.3.2 step 4: attested.name is the Name of pubArea (TPM 2.0 Part 1 §16): nameAlg ‖ H_nameAlg(pubArea).
    const nameHash = TPM_NAME_HASHES.get(pubArea.nameAlg);
    if (nameHash === undefined || (nameHash === 'SHA-1' && !allowSHA1)) {
      throw attestationError('tpm', 'tpm.nameAlg', `unsupported pubArea.nameAlg 0x${pubArea.nameAlg.toString(16)}`);
    }
    const expectedName = concat(pubAreaBytes.subarray(2, 4), digest(nameHash, pubAreaBytes));
    if (!equalBytes(certInfo.attested.name, expectedName)) {
      throw attestationError('tpm', 'tpm.name', 'certInfo.attested.name is not the Name of pubArea');
    }

    // §8.3.2 step 6: sig is a valid signature over certInfo with the AIK key and alg.
    const key = aik.publicKey!;
    const ok = await verifySignature({ scheme, key, signature: sig, data: certInfoBytes, backend: input.backend });
    if (!ok) {
      throw attestationError('tpm', 'signature', 'the AIK signature over certInfo does not verify');
    }
    // §8.3.2 step 7: aikCert meets §8.3.1.
    const device = checkAIKCertificate(aik, input);
    // §8.3.2 step 8: id-fido-gen-ce-aaguid, when present, equals authData's AAGUID.
    checkAAGUIDExtension('tpm', aik, authData.attestedCredentialData!.aaguid);
    // The x5c certificates' own signatures and validity at `now` (trust is decided centrally).
    await verifyX5cInternally(certs, input);

    const details: TPMAttestationDetails = { ...device, alg };
    // §8.3.2 step 9: attestation type AttCA, trust path x5c.
    return { format: 'tpm', type: 'attca', trustPath: certs, details };
  },
};
