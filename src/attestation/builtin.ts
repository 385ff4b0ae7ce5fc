/**
 * The attestation formats Tessera verifies out of the box, and the default registry.
 *
 * @module
 */
import { androidKeyAttestation } from './android-key.js';
import { androidSafetyNetAttestation } from './android-safetynet.js';
import { appleAttestation } from './apple.js';
import { compoundAttestation } from './compound.js';
import { fidoU2FAttestation } from './fido-u2f.js';
import { noneAttestation } from './none.js';
import { packedAttestation } from './packed.js';
import { type AttestationRegistry, createAttestationRegistry } from './registry.js';
import { tpmAttestation } from './tpm.js';
import type { AttestationFormatVerifier } from './types.js';

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
