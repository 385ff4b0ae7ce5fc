/**
 * The built-in attestation formats and trust assessment. `verifyRegistrationResponse` loads this
 * module with `import()` on first use, so that the X.509, ASN.1 and chain-building code behind it
 * is never evaluated on the way to a plain authentication (when nothing else imports it).
 *
 * @module
 */
import { androidKeyAttestation } from '../attestation/android-key.js';
import { androidSafetyNetAttestation } from '../attestation/android-safetynet.js';
import { appleAttestation } from '../attestation/apple.js';
import { compoundAttestation } from '../attestation/compound.js';
import { fidoU2FAttestation } from '../attestation/fido-u2f.js';
import { noneAttestation } from '../attestation/none.js';
import { packedAttestation } from '../attestation/packed.js';
import { type AttestationRegistry, createAttestationRegistry } from '../attestation/registry.js';
import { tpmAttestation } from '../attestation/tpm.js';
import type { AttestationFormatVerifier } from '../attestation/types.js';

export { assessTrust } from '../attestation/trust.js';

const BUILTIN_FORMATS: readonly AttestationFormatVerifier[] = [
  noneAttestation,
  packedAttestation,
  fidoU2FAttestation,
  tpmAttestation,
  androidKeyAttestation,
  androidSafetyNetAttestation,
  appleAttestation,
  compoundAttestation,
];
const DEFAULT_REGISTRY: AttestationRegistry = /* @__PURE__ */ createAttestationRegistry(BUILTIN_FORMATS);

/** The attestation formats verified out of the box. */
export function defaultAttestationFormats(): AttestationFormatVerifier[] {
  return [...BUILTIN_FORMATS];
}

/** The default registry, or one with the caller's verifiers added (same `format` replaces a built-in). */
export function registryWith(extra: readonly AttestationFormatVerifier[] | undefined): AttestationRegistry {
  return extra === undefined || extra.length === 0
    ? DEFAULT_REGISTRY
    : createAttestationRegistry([...BUILTIN_FORMATS, ...extra]);
}
