import { describe, expect, it } from 'vitest';
import { androidSafetyNetAttestation } from '../../src/attestation/android-safetynet.js';
import { hasSharedFixtures } from '../helpers/shared-fixtures.js';
import { decodeFixture, registrationFixtures, rejection, statementInput } from './helpers/fixtures.js';

describe.skipIf(!hasSharedFixtures('android-safetynet fixtures'))('android-safetynet: shared fixtures', () => {
  const fixtures = registrationFixtures('android-safetynet');
  it('has the SafetyNet fixtures', () => {
    expect(fixtures.length).toBe(5);
  });
  for (const fx of fixtures) {
    const now = new Date(fx.attestation!.verifyAt!);
    const policy = { safetyNetRequireCtsProfileMatch: fx.policy?.safetyNetEnforceCtsProfileMatch ?? true };
    it(`${fx.id}: ${fx.outcome} ${fx.invalidReason ?? ''}`, async () => {
      const input = statementInput(decodeFixture(fx), { now, policy });
      if (fx.outcome === 'valid' || fx.requires?.includes('crl-revocation-check')) {
        const result = await androidSafetyNetAttestation.verify(input);
        expect(result.type).toBe('basic');
      } else {
        const err = await rejection(() => androidSafetyNetAttestation.verify(input));
        console.log(fx.id, err.code, err.details, err.message);
      }
    });
  }
});
