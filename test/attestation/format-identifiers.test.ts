/**
 * Each verifier is registered under its WebAuthn attestation statement format identifier
 * (§8.1–§8.9, IANA "WebAuthn Attestation Statement Format Identifiers"). The verifier objects are
 * module-level constants, so each module is imported inside the test (after `vi.resetModules()`)
 * and its identifier is evaluated while the test runs. The registry lookup is checked as well.
 */
import { describe, expect, it, vi } from 'vitest';

async function fresh<T>(load: () => Promise<T>): Promise<T> {
  vi.resetModules();
  return load();
}

describe('attestation format identifiers', () => {
  it.each([
    ['packed', async () => (await import('../../src/attestation/packed.js')).packedAttestation],
    ['tpm', async () => (await import('../../src/attestation/tpm.js')).tpmAttestation],
    ['android-key', async () => (await import('../../src/attestation/android-key.js')).androidKeyAttestation],
    [
      'android-safetynet',
      async () => (await import('../../src/attestation/android-safetynet.js')).androidSafetyNetAttestation,
    ],
    ['fido-u2f', async () => (await import('../../src/attestation/fido-u2f.js')).fidoU2FAttestation],
    ['apple', async () => (await import('../../src/attestation/apple.js')).appleAttestation],
    ['none', async () => (await import('../../src/attestation/none.js')).noneAttestation],
    ['compound', async () => (await import('../../src/attestation/compound.js')).compoundAttestation],
  ])('%s', async (format, load) => {
    const verifier = await fresh(load);
    expect(verifier.format).toBe(format);
    const { registryWith } = await import('../../src/attestation/builtin.js');
    expect(registryWith(undefined).get(format)?.format).toBe(format);
  });

  it('registryWith([]) is the shared default registry, not a copy', async () => {
    const { registryWith } = await fresh(() => import('../../src/attestation/builtin.js'));
    expect(registryWith([])).toBe(registryWith(undefined));
  });
});
