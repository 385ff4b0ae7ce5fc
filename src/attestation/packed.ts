/**
 * `packed` attestation (§8.2): full (x5c) and self attestation.
 *
 * @module
 */
import { parseCertificate } from '../certificates/parse.js';
import { coseAlgorithmScheme } from '../crypto/cose.js';
import { schemeFitsKey } from '../crypto/scheme.js';
import { verifySignature } from '../crypto/verify.js';
import { concat } from '../encoding/bytes.js';
import { checkPackedLeaf } from './certificate-rules.js';
import { attestationError, bytesMember, intMember, statementMap, x5cMember } from './statement.js';
import type { AttestationFormatVerifier, AttestationStatementResult } from './types.js';

/** The `packed` format verifier. */
export const packedAttestation: AttestationFormatVerifier = {
  format: 'packed',
  async verify({
    attStmt,
    authData,
    clientDataHash,
    credentialPublicKey,
    backend,
  }): Promise<AttestationStatementResult> {
    // §8.2 syntax: {alg, sig, x5c?}; ecdaaKeyId (removed from L2+) and unknown members are refused.
    const m = statementMap('packed', attStmt, ['alg', 'sig', 'x5c']);
    const alg = intMember('packed', m, 'alg');
    const sig = bytesMember('packed', m, 'sig');
    const signed = concat(authData.bytes, clientDataHash);

    if (m.has('x5c')) {
      const certs = x5cMember('packed', m).map((der) => parseCertificate(der));
      const leaf = certs[0]!;
      const scheme = coseAlgorithmScheme(alg);
      // §8.2 verification step 2: sig verifies with attestnCert's key using alg.
      if (leaf.publicKey === undefined || !schemeFitsKey(scheme, leaf.publicKey)) {
        throw attestationError('packed', 'alg', `alg ${alg} does not match the attestation certificate's key`);
      }
      if (!(await verifySignature({ scheme, key: leaf.publicKey, signature: sig, data: signed, backend }))) {
        throw attestationError('packed', 'signature', 'the attestation signature does not verify');
      }
      // §8.2 step 2: the certificate meets §8.2.1, including the AAGUID extension check.
      checkPackedLeaf(leaf, authData.attestedCredentialData!.aaguid);
      return { format: 'packed', type: 'basic', trustPath: certs };
    }

    // §8.2 step 3 (self attestation): alg matches the credential key's alg …
    if (alg !== credentialPublicKey.alg) {
      throw attestationError(
        'packed',
        'alg',
        `self attestation alg ${alg} differs from the credential alg ${credentialPublicKey.alg}`,
      );
    }
    // … and sig verifies with the credential public key.
    const ok = await verifySignature({
      scheme: credentialPublicKey.scheme,
      key: credentialPublicKey.publicKey,
      signature: sig,
      data: signed,
      backend,
    });
    if (!ok) throw attestationError('packed', 'signature', 'the self-attestation signature does not verify');
    return { format: 'packed', type: 'self', trustPath: [] };
  },
};
