/**
 * End-to-end: the software authenticator's responses pass the library's own verifiers, and
 * corrupted ones fail with the intended error code only.
 */
import { describe, expect, it } from 'vitest';
import { defaultAttestationFormats } from '../../src/attestation/index.js';
import {
  createSoftwareAuthenticator,
  type SoftwareAttestationFormat,
  type TestAlgorithm,
} from '../../src/testing/index.js';
import { verifyAuthenticationResponse } from '../../src/verify/authentication.js';
import { verifyRegistrationResponse } from '../../src/verify/index.js';

const RP = { rpId: 'example.com', origin: 'https://example.com' };
const now = new Date('2026-01-01T00:00:00.000Z');
const supported = new Set(defaultAttestationFormats().map((f) => f.format));

const cases: [SoftwareAttestationFormat, TestAlgorithm][] = [
  ['none', 'ES256'],
  ['none', 'RS256'],
  ['none', 'EdDSA'],
  ['none', 'PS256'],
  ['none', 'ES384'],
  ['none', 'ES512'],
  ['packed-self', 'ES256'],
  ['packed-self', 'RS256'],
  ['packed-self', 'EdDSA'],
  ['packed', 'ES256'],
  ['packed', 'RS256'],
  ['packed', 'EdDSA'],
  ['fido-u2f', 'ES256'],
  ['tpm', 'ES256'],
  ['tpm', 'RS256'],
  ['apple', 'ES256'],
  ['android-key', 'ES256'],
  ['compound', 'ES256'],
];

describe('software authenticator ↔ verifyRegistrationResponse / verifyAuthenticationResponse', () => {
  for (const [attestation, algorithm] of cases) {
    const fmt = attestation === 'packed-self' ? 'packed' : attestation;
    it.skipIf(!supported.has(fmt))(`${attestation} / ${algorithm}`, async () => {
      const authenticator = createSoftwareAuthenticator({
        seed: `int-${attestation}-${algorithm}`,
        attestation,
        algorithm,
      });
      const ca = await authenticator.getAttestationCA();
      const { response, credential } = await authenticator.createCredential({
        challenge: 'cmVnaXN0cmF0aW9uLWNoYWxsZW5nZQ',
        ...RP,
        user: { id: 'dXNlci0x', name: 'alice' },
      });
      const reg = await verifyRegistrationResponse({
        response,
        expectedChallenge: 'cmVnaXN0cmF0aW9uLWNoYWxsZW5nZQ',
        expectedOrigin: RP.origin,
        expectedRPID: RP.rpId,
        requireUserVerification: attestation !== 'fido-u2f',
        supportedAlgorithms: [credential.algorithm],
        attestation: { trustAnchors: [ca.root.pem] },
        now,
      });
      expect(reg.credential.id).toBe(credential.id);
      expect(Buffer.from(reg.credential.publicKey)).toEqual(Buffer.from(credential.publicKey));
      if (fmt !== 'none' && attestation !== 'packed-self') expect(reg.attestation.trusted).toBe(true);

      const assertion = await authenticator.getAssertion({
        credentialId: credential.id,
        challenge: 'YXV0aC1jaGFsbGVuZ2U',
        ...RP,
      });
      const auth = await verifyAuthenticationResponse({
        response: assertion.response,
        expectedChallenge: 'YXV0aC1jaGFsbGVuZ2U',
        expectedOrigin: RP.origin,
        expectedRPID: RP.rpId,
        requireUserVerification: attestation !== 'fido-u2f',
        credential: { id: credential.id, publicKey: credential.publicKey, counter: credential.counter },
      });
      expect(auth.newCounter).toBe(1);
    });
  }
});

const CODE: Record<string, string> = {
  'challenge-mismatch': 'ERR_CHALLENGE_MISMATCH',
  'origin-mismatch': 'ERR_ORIGIN_MISMATCH',
  'rpid-mismatch': 'ERR_RP_ID_HASH_MISMATCH',
  'signature-invalid': 'ERR_SIGNATURE_INVALID',
  'counter-not-increased': 'ERR_COUNTER_REGRESSION',
  'cross-origin-not-allowed': 'ERR_CROSS_ORIGIN',
  'aaguid-extension-mismatch': 'ERR_ATTESTATION_INVALID',
};

describe('generated fixtures through the library verifiers', async () => {
  const { readFileSync, readdirSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { fileURLToPath } = await import('node:url');
  const dir = fileURLToPath(new URL('../../fixtures/generated', import.meta.url));
  for (const kind of ['registration', 'authentication'] as const) {
    for (const file of readdirSync(join(dir, kind)).sort()) {
      // biome-ignore lint/suspicious/noExplicitAny: fixture JSON
      const f: any = JSON.parse(readFileSync(join(dir, kind, file), 'utf8'));
      const fmt: string | undefined = f.attestation?.fmt;
      const skip = (fmt !== undefined && !supported.has(fmt)) || f.requires?.includes('sha1');
      it.skipIf(skip)(`${f.id} → ${f.outcome}${f.invalidReason ? ` (${f.invalidReason})` : ''}`, async () => {
        const common = {
          expectedChallenge: f.expected.challenge,
          expectedOrigin: f.expected.origin,
          expectedRPID: f.expected.rpId,
          requireUserVerification: f.expected.requireUserVerification,
          ...(f.expected.topOrigin === undefined ? {} : { expectedTopOrigin: f.expected.topOrigin }),
          ...(f.policy?.allowCrossOrigin === true ? { allowCrossOrigin: true } : {}),
        };
        const run = (): Promise<unknown> =>
          kind === 'registration'
            ? verifyRegistrationResponse({
                ...common,
                response: f.response,
                supportedAlgorithms: [f.result.publicKeyAlgorithm],
                attestation: {
                  trustAnchors: f.attestation.trustAnchors.map((p: string) => readFileSync(join(dir, p), 'utf8')),
                },
                now: new Date(f.attestation.verifyAt),
              })
            : verifyAuthenticationResponse({
                ...common,
                response: f.response,
                credential: {
                  id: f.credential.id,
                  publicKey: new Uint8Array(Buffer.from(f.credential.publicKey, 'base64url')),
                  counter: f.credential.counter,
                },
              });
        if (f.outcome === 'valid') await run();
        else await expect(run()).rejects.toMatchObject({ code: CODE[f.invalidReason] });
      });
    }
  }
});
