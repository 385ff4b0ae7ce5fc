import { describe, expect, it } from 'vitest';
import { createCRL } from '../../src/certificates/builder.js';
import { parseCertificate } from '../../src/certificates/parse.js';
import { createSoftwareAuthenticator, createTestCA, type TestCA } from '../../src/testing/index.js';
import { verifyRegistrationResponse } from '../../src/verify/index.js';
import { challenge, codeOf, NOW, ORIGIN, RP_ID } from './helpers.js';

async function crlFrom(
  ca: TestCA,
  revokedSerials: string[],
  nextUpdate = new Date('2026-02-01T00:00:00Z'),
  by: 'root' | 'intermediate' = 'root',
): Promise<Uint8Array> {
  const issuer = by === 'root' ? ca.root : ca.intermediate!;
  return createCRL({
    issuer: parseCertificate(issuer.der).subjectDer,
    thisUpdate: new Date('2025-12-01T00:00:00Z'),
    nextUpdate,
    revoked: revokedSerials.map((serialNumber) => ({ serialNumber, revocationDate: new Date('2025-12-15T00:00:00Z') })),
    signatureAlgorithm: issuer.key.scheme,
    sign: async (tbs) => issuer.key.sign(tbs),
  });
}

describe('registration with CRL revocation checking', async () => {
  const ca = await createTestCA({ seed: 'revocation-ca', intermediate: true });
  const intermediateSerial = parseCertificate(ca.intermediate!.der).serialNumber;
  const auth = createSoftwareAuthenticator({ seed: 'revocation', attestation: 'packed', attestationCA: ca });
  const ch = challenge();
  const { response } = await auth.createCredential({ challenge: ch, rpId: RP_ID, origin: ORIGIN });
  // Fail-closed needs a fresh CRL for every certificate on the path: the leaf's (from the
  // intermediate) and the intermediate's (from the root).
  const leafCRL = await crlFrom(ca, [], undefined, 'intermediate');
  const base = {
    response,
    expectedChallenge: ch,
    expectedOrigin: ORIGIN,
    expectedRPID: RP_ID,
    now: NOW,
  };

  it('a CRL that does not list the intermediate: trusted, and the result says what was checked', async () => {
    const r = await verifyRegistrationResponse({
      ...base,
      attestation: { trustAnchors: [ca.root.pem], revocation: { crls: [leafCRL, await crlFrom(ca, ['0badc0de'])] } },
    });
    expect(r.attestation.trusted).toBe(true);
    expect(r.attestation.revocation?.checked).toContainEqual({ serialNumber: intermediateSerial, status: 'good' });
  });

  it('a revoked intermediate → ERR_CERTIFICATE_REVOKED', async () => {
    const crl = await crlFrom(ca, [intermediateSerial]);
    expect(
      await codeOf(
        verifyRegistrationResponse({
          ...base,
          attestation: { trustAnchors: [ca.root.pem], revocation: { crls: [leafCRL, crl] } },
        }),
      ),
    ).toBe('ERR_CERTIFICATE_REVOKED');
  });

  it('a stale CRL: fail-closed by default (ERR_REVOCATION_UNAVAILABLE), explicit "unknown" under fail-open', async () => {
    const stale = await crlFrom(ca, [], new Date('2025-12-20T00:00:00Z'));
    expect(
      await codeOf(
        verifyRegistrationResponse({
          ...base,
          attestation: { trustAnchors: [ca.root.pem], revocation: { crls: [leafCRL, stale] } },
        }),
      ),
    ).toBe('ERR_REVOCATION_UNAVAILABLE');
    const open = await verifyRegistrationResponse({
      ...base,
      attestation: { trustAnchors: [ca.root.pem], revocation: { crls: [leafCRL, stale], policy: 'fail-open' } },
    });
    expect(open.attestation.trusted).toBe(true);
    expect(open.attestation.revocation?.checked).toContainEqual({
      serialNumber: intermediateSerial,
      status: 'unknown',
    });
  });

  it('a CRL signed by another CA is not accepted as evidence (fail-closed)', async () => {
    const other = await createTestCA({ seed: 'revocation-other' });
    const forged = await createCRL({
      issuer: parseCertificate(ca.root.der).subjectDer,
      thisUpdate: new Date('2025-12-01T00:00:00Z'),
      nextUpdate: new Date('2026-02-01T00:00:00Z'),
      revoked: [],
      signatureAlgorithm: other.root.key.scheme,
      sign: async (tbs) => other.root.key.sign(tbs),
    });
    expect(
      await codeOf(
        verifyRegistrationResponse({
          ...base,
          attestation: { trustAnchors: [ca.root.pem], revocation: { crls: [leafCRL, forged] } },
        }),
      ),
    ).toBe('ERR_REVOCATION_UNAVAILABLE');
  });
});
