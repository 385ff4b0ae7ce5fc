/**
 * `fido-u2f` attestation (§8.6).
 *
 * @module
 */
import { parseCertificate } from '../certificates/parse.js';
import { verifySignature } from '../crypto/verify.js';
import { concat } from '../encoding/bytes.js';
import { attestationError, bytesMember, statementMap, x5cMember } from './statement.js';
import type { AttestationFormatVerifier, AttestationStatementResult } from './types.js';

const U2F_SCHEME = { name: 'ECDSA', hash: 'SHA-256', encoding: 'der' } as const;

/** The `fido-u2f` format verifier. */
export const fidoU2FAttestation: AttestationFormatVerifier = {
  format: 'fido-u2f',
  async verify({
    attStmt,
    authData,
    clientDataHash,
    credentialPublicKey,
    backend,
  }): Promise<AttestationStatementResult> {
    const m = statementMap('fido-u2f', attStmt, ['x5c', 'sig']);
    const x5c = x5cMember('fido-u2f', m);
    const sig = bytesMember('fido-u2f', m, 'sig');
    // §8.6 step 2: x5c has exactly one element, whose key is EC P-256.
    if (x5c.length !== 1) throw attestationError('fido-u2f', 'x5c', 'x5c must hold exactly one certificate');
    const cert = parseCertificate(x5c[0]!);
    const certKey = cert.publicKey;
    if (certKey?.kty !== 'EC' || certKey.crv !== 'P-256') {
      throw attestationError('fido-u2f', 'certificate.key', 'the attestation certificate key must be EC P-256');
    }
    // §8.6 step 4: the credential key is EC2 P-256 with 32-byte x and y.
    const key = credentialPublicKey.publicKey;
    if (key.kty !== 'EC' || key.crv !== 'P-256' || key.x.length !== 32 || key.y.length !== 32) {
      throw attestationError('fido-u2f', 'credential.key', 'the credential key must be EC2 P-256');
    }
    const acd = authData.attestedCredentialData!;
    // §8.6 step 5: 0x00 ‖ rpIdHash ‖ clientDataHash ‖ credentialId ‖ publicKeyU2F (0x04 ‖ x ‖ y).
    const verificationData = concat(
      new Uint8Array([0]),
      authData.rpIdHash,
      clientDataHash,
      acd.credentialId,
      new Uint8Array([4]),
      key.x,
      key.y,
    );
    // §8.6 step 6: ECDSA P-256 / SHA-256 over verificationData.
    if (
      !(await verifySignature({ scheme: U2F_SCHEME, key: certKey, signature: sig, data: verificationData, backend }))
    ) {
      throw attestationError('fido-u2f', 'signature', 'the attestation signature does not verify');
    }
    return { format: 'fido-u2f', type: 'basic', trustPath: [cert] };
  },
};
