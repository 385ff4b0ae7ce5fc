/**
 * Checks shared by the x5c-bearing formats implemented beside this file (tpm, apple,
 * android-key, android-safetynet): internal chain validity, credential-key binding and the
 * statement algorithm.
 *
 * @module
 */
import { verifyCertificateChain } from '../certificates/chain.js';
import type { Certificate } from '../certificates/types.js';
import { coseAlgorithmScheme, publicKeysEqual } from '../crypto/cose.js';
import { schemeFitsKey } from '../crypto/scheme.js';
import type { PublicKey, SignatureScheme } from '../crypto/types.js';
import { attestationError } from './statement.js';
import type { AttestationStatementInput } from './types.js';

/**
 * Checks the x5c certificates' own signatures (each by the next) and validity at `input.now`,
 * without anchors: whether the path is *trusted* is decided centrally afterwards
 * (`attestation/trust.ts`). Throws `ERR_CERTIFICATE_INVALID` / `ERR_CERTIFICATE_EXPIRED`.
 */
export async function verifyX5cInternally(
  certs: readonly Certificate[],
  input: AttestationStatementInput,
): Promise<void> {
  await verifyCertificateChain({ chain: [...certs], anchors: [], now: input.now, backend: input.backend });
}

/** The certificate's subject key, which must be the credential public key (§8.4 step 3, §8.8 step 5). */
export function requireCredentialKey(format: string, cert: Certificate, input: AttestationStatementInput): PublicKey {
  const key = cert.publicKey;
  if (key === undefined || !publicKeysEqual(key, input.credentialPublicKey.publicKey)) {
    throw attestationError(format, 'credential-key', 'the attestation certificate key differs from the credential key');
  }
  return key;
}

/**
 * The signature scheme for the statement's COSE `alg`, which must fit the signing key's type.
 * SHA-1 (RS1) is accepted only when `allowSHA1` is true (the tpm format's legacy allowance).
 */
export function statementScheme(
  format: string,
  alg: number,
  key: PublicKey | undefined,
  allowSHA1: boolean,
): SignatureScheme {
  // Unknown algorithms throw ERR_UNSUPPORTED_ALGORITHM, as for packed. RS1 (-65535) maps to PKCS#1 v1.5 / SHA-1.
  const scheme = coseAlgorithmScheme(alg);
  if ('hash' in scheme && scheme.hash === 'SHA-1' && !allowSHA1) {
    throw attestationError(format, 'alg', `SHA-1 attestation alg ${alg} is not allowed`);
  }
  if (key === undefined || !schemeFitsKey(scheme, key)) {
    throw attestationError(format, 'alg', `alg ${alg} does not match the attestation key`);
  }
  return scheme;
}
