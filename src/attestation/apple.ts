/**
 * `apple` anonymous attestation (WebAuthn L3 §8.8). The Apple Anonymous Attestation CA issues a
 * per-credential certificate whose extension 1.2.840.113635.100.8.2 carries
 * SHA-256(authenticatorData ‖ clientDataHash) and whose key is the credential key.
 *
 * @module
 */
import { parseAppleNonceExtension } from '../certificates/extensions.js';
import { parseCertificate } from '../certificates/parse.js';
import type { Certificate } from '../certificates/types.js';
import { sha256 } from '../crypto/hash.js';
import { concat, equalBytes } from '../encoding/bytes.js';
import { attestationError, intMember, statementMap, x5cMember } from './statement.js';
import type { AttestationFormatVerifier, AttestationStatementInput, AttestationStatementResult } from './types.js';
import { requireCredentialKey, verifyX5cInternally } from './x5c-checks.js';

/** The `apple` format verifier (§8.8). Attestation type: Anonymization CA. */
export const appleAttestation: AttestationFormatVerifier = {
  format: 'apple',
  async verify(input: AttestationStatementInput): Promise<AttestationStatementResult> {
    // §8.8 step 1: attStmt is {x5c}. Apple devices also send `alg` (-7), which has no meaning
    // in this format: it is tolerated when it is an integer and never used.
    const m = statementMap('apple', input.attStmt, ['x5c', 'alg']);
    if (m.has('alg')) intMember('apple', m, 'alg');
    const certs = x5cMember('apple', m).map((der) => parseCertificate(der));
    const credCert = certs[0] as Certificate;
    // §8.8 steps 2–3: nonceToHash = authenticatorData ‖ clientDataHash; nonce = SHA-256(nonceToHash).
    const nonce = sha256(concat(input.authData.bytes, input.clientDataHash));
    // §8.8 step 4: nonce equals the value of extension 1.2.840.113635.100.8.2 in credCert.
    const ext = parseAppleNonceExtension(credCert);
    if (ext === undefined)
      throw attestationError('apple', 'apple.nonce', 'the nonce extension 1.2.840.113635.100.8.2 is missing');
    if (!equalBytes(ext.nonce, nonce)) {
      throw attestationError('apple', 'apple.nonce', 'the certificate nonce is not SHA-256(authData ‖ clientDataHash)');
    }
    // §8.8 step 5: the credential public key equals the Subject Public Key of credCert.
    requireCredentialKey('apple', credCert, input);
    // The x5c certificates' own signatures and validity at `now` (trust is decided centrally).
    await verifyX5cInternally(certs, input);
    // §8.8 step 6: attestation type Anonymization CA, trust path x5c.
    return { format: 'apple', type: 'anonca', trustPath: certs };
  },
};
