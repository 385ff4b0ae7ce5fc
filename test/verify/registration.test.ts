import { describe, expect, it } from 'vitest';
import type { AttestationFormatVerifier, AttestationMetadataSource } from '../../src/attestation/types.js';
import { createSoftwareAuthenticator, createTestCA } from '../../src/testing/index.js';
import { verifyRegistrationResponse } from '../../src/verify/index.js';
import { challenge, codeOf, NOW, ORIGIN, RP_ID } from './helpers.js';

const base = (response: unknown, ch: string) => ({
  response: response as never,
  expectedChallenge: ch,
  expectedOrigin: ORIGIN,
  expectedRPID: RP_ID,
  now: NOW,
});

describe('verifyRegistrationResponse: results', () => {
  it.each([
    ['ES256', -7],
    ['ES384', -35],
    ['ES512', -36],
    ['RS256', -257],
    ['PS256', -37],
    ['EdDSA', -8],
    ['Ed448', -53],
    ['ES256K', -47],
  ] as const)('none + %s: returns the credential to store', async (algorithm, alg) => {
    const auth = createSoftwareAuthenticator({ seed: `reg-${algorithm}`, algorithm });
    const ch = challenge();
    const { response, credential } = await auth.createCredential({ challenge: ch, rpId: RP_ID, origin: ORIGIN });
    const r = await verifyRegistrationResponse(base(response, ch));
    expect(r.credential.id).toBe(credential.id);
    expect(r.credential.algorithm).toBe(alg);
    expect(r.credential.publicKey).toEqual(credential.publicKey);
    expect(r.credential.counter).toBe(credential.counter);
    expect(r.attestation).toMatchObject({ format: 'none', type: 'none', trusted: false, trustPath: [] });
    expect(r).toMatchObject({ userVerified: true, userPresent: true, origin: ORIGIN, rpID: RP_ID });
  });

  it('packed self attestation: type self, never trusted', async () => {
    const auth = createSoftwareAuthenticator({ seed: 'packed-self', attestation: 'packed-self' });
    const ch = challenge();
    const { response } = await auth.createCredential({ challenge: ch, rpId: RP_ID, origin: ORIGIN });
    const r = await verifyRegistrationResponse(base(response, ch));
    expect(r.attestation).toMatchObject({ format: 'packed', type: 'self', trusted: false });
  });

  it('packed x5c: trusted only with the caller’s anchor, untrusted without, refused under require: trusted', async () => {
    const ca = await createTestCA({ seed: 'packed-ca', name: 'Packed Test Root' });
    const foreign = await createTestCA({ seed: 'foreign-ca', name: 'Packed Test Root' });
    const auth = createSoftwareAuthenticator({ seed: 'packed-x5c', attestation: 'packed', attestationCA: ca });
    const ch = challenge();
    const { response } = await auth.createCredential({ challenge: ch, rpId: RP_ID, origin: ORIGIN });

    const anchored = await verifyRegistrationResponse({
      ...base(response, ch),
      attestation: { trustAnchors: [ca.root.pem] },
    });
    expect(anchored.attestation).toMatchObject({ format: 'packed', type: 'basic', trusted: true });
    expect(anchored.attestation.anchor?.der).toEqual(ca.root.der);

    const perFormat = await verifyRegistrationResponse({
      ...base(response, ch),
      attestation: { trustAnchors: { packed: [ca.root.der], tpm: [foreign.root.der] } },
    });
    expect(perFormat.attestation.trusted).toBe(true);

    const otherFormatOnly = await verifyRegistrationResponse({
      ...base(response, ch),
      attestation: { trustAnchors: { tpm: [ca.root.der] } },
    });
    expect(otherFormatOnly.attestation.trusted).toBe(false);

    const none = await verifyRegistrationResponse(base(response, ch));
    expect(none.attestation.trusted).toBe(false);
    expect(
      await codeOf(verifyRegistrationResponse({ ...base(response, ch), attestation: { require: 'trusted' } })),
    ).toBe('ERR_ATTESTATION_UNTRUSTED');
    expect(
      await codeOf(
        verifyRegistrationResponse({
          ...base(response, ch),
          attestation: { require: 'trusted', trustAnchors: [foreign.root.pem] },
        }),
      ),
    ).toBe('ERR_ATTESTATION_UNTRUSTED');
  });

  it('fido-u2f: basic attestation with one certificate', async () => {
    const ca = await createTestCA({ seed: 'u2f-ca' });
    const auth = createSoftwareAuthenticator({ seed: 'u2f', attestation: 'fido-u2f', attestationCA: ca });
    const ch = challenge();
    const { response } = await auth.createCredential({ challenge: ch, rpId: RP_ID, origin: ORIGIN });
    const r = await verifyRegistrationResponse({
      ...base(response, ch),
      requireUserVerification: false,
      attestation: { trustAnchors: [ca.root.pem] },
    });
    expect(r.attestation).toMatchObject({ format: 'fido-u2f', type: 'basic', trusted: true });
    expect(r.credential.aaguid).toBe('00000000-0000-0000-0000-000000000000');
  });

  it('allowedTypes refuses none and self attestation when asked', async () => {
    const auth = createSoftwareAuthenticator({ seed: 'types' });
    const ch = challenge();
    const { response } = await auth.createCredential({ challenge: ch, rpId: RP_ID, origin: ORIGIN });
    expect(
      await codeOf(
        verifyRegistrationResponse({ ...base(response, ch), attestation: { allowedTypes: ['basic', 'attca'] } }),
      ),
    ).toBe('ERR_ATTESTATION_TYPE_NOT_ALLOWED');
  });

  it('reports backup flags, transports and typed extension outputs', async () => {
    const auth = createSoftwareAuthenticator({ seed: 'flags', flags: { be: true, bs: true } });
    const ch = challenge();
    const { response } = await auth.createCredential({
      challenge: ch,
      rpId: RP_ID,
      origin: ORIGIN,
      extensions: { credProps: true, credentialProtectionPolicy: 'userVerificationRequired' },
    });
    const r = await verifyRegistrationResponse(base(response, ch));
    expect(r.credential).toMatchObject({
      backupEligible: true,
      backedUp: true,
      deviceType: 'multiDevice',
      uvInitialized: true,
    });
    expect(r.credential.transports).toEqual(response.response.transports ?? []);
    expect(r.extensions.client.credProps).toEqual({ rk: true });
    expect(r.extensions.authenticator.credProtect).toBe(3);
  });

  it('consults a metadata source and adds its anchors', async () => {
    const ca = await createTestCA({ seed: 'mds-ca' });
    const auth = createSoftwareAuthenticator({ seed: 'mds', attestation: 'packed', attestationCA: ca });
    const ch = challenge();
    const { response } = await auth.createCredential({ challenge: ch, rpId: RP_ID, origin: ORIGIN });
    const { toCertificate } = await import('../../src/certificates/index.js');
    const calls: string[] = [];
    const metadata: AttestationMetadataSource = {
      resolveAttestation: ({ format }) => {
        calls.push(format);
        return { entry: { description: 'Test' }, anchors: [toCertificate(ca.root.der)], statusReports: [] };
      },
    };
    const r = await verifyRegistrationResponse({
      ...base(response, ch),
      attestation: { metadata, require: 'trusted' },
    });
    expect(calls).toEqual(['packed']);
    expect(r.attestation.trusted).toBe(true);
    expect(r.attestation.metadata?.entry).toEqual({ description: 'Test' });
  });

  it('accepts extra format verifiers by name, and unknown formats fail', async () => {
    const auth = createSoftwareAuthenticator({ seed: 'custom-fmt' });
    const ch = challenge();
    const { response } = await auth.createCredential({
      challenge: ch,
      rpId: RP_ID,
      origin: ORIGIN,
      mutate: { attestationObject: (m) => m.set('fmt', 'x-custom') },
    });
    expect(await codeOf(verifyRegistrationResponse(base(response, ch)))).toBe('ERR_ATTESTATION_FORMAT_UNSUPPORTED');
    const custom: AttestationFormatVerifier = {
      format: 'x-custom',
      verify: async () => ({ format: 'x-custom', type: 'none', trustPath: [] }),
    };
    const r = await verifyRegistrationResponse({ ...base(response, ch), attestation: { formats: [custom] } });
    expect(r.attestation.format).toBe('x-custom');
  });
});

describe('verifyRegistrationResponse: failures carry codes', () => {
  async function make(
    opts: Parameters<ReturnType<typeof createSoftwareAuthenticator>['createCredential']>[0] extends infer O
      ? Partial<O>
      : never = {},
  ) {
    const auth = createSoftwareAuthenticator({ seed: 'neg' });
    const ch = challenge();
    const { response } = await auth.createCredential({ challenge: ch, rpId: RP_ID, origin: ORIGIN, ...opts });
    return { response, ch };
  }

  it('wrong challenge → ERR_CHALLENGE_MISMATCH', async () => {
    const { response } = await make();
    expect(await codeOf(verifyRegistrationResponse(base(response, challenge())))).toBe('ERR_CHALLENGE_MISMATCH');
  });

  it('challenge predicate rejecting → ERR_CHALLENGE_MISMATCH; accepting → ok', async () => {
    const { response, ch } = await make();
    expect(
      await codeOf(verifyRegistrationResponse({ ...base(response, ch), expectedChallenge: async () => false })),
    ).toBe('ERR_CHALLENGE_MISMATCH');
    expect(
      await codeOf(verifyRegistrationResponse({ ...base(response, ch), expectedChallenge: (c) => c === ch })),
    ).toBe('resolved');
  });

  it('assertion clientData type in a registration → ERR_CLIENT_DATA_TYPE', async () => {
    const { response, ch } = await make({ mutate: { clientData: (c) => ({ ...c, type: 'webauthn.get' }) } });
    expect(await codeOf(verifyRegistrationResponse(base(response, ch)))).toBe('ERR_CLIENT_DATA_TYPE');
  });

  it.each([
    'https://evil.example.com',
    'https://example.com.evil.com',
    'https://example.com:8443',
    'http://example.com',
    'https://example.com/',
    'https://EXAMPLE.com',
  ])('origin %s → ERR_ORIGIN_MISMATCH', async (origin) => {
    const { response, ch } = await make({ mutate: { clientData: (c) => ({ ...c, origin }) } });
    expect(await codeOf(verifyRegistrationResponse(base(response, ch)))).toBe('ERR_ORIGIN_MISMATCH');
  });

  it('a list of origins and an origin predicate are honoured', async () => {
    const { response, ch } = await make();
    expect(
      await codeOf(
        verifyRegistrationResponse({ ...base(response, ch), expectedOrigin: ['https://a.example', ORIGIN] }),
      ),
    ).toBe('resolved');
    expect(await codeOf(verifyRegistrationResponse({ ...base(response, ch), expectedOrigin: () => false }))).toBe(
      'ERR_ORIGIN_MISMATCH',
    );
  });

  it('cross-origin: refused by default, accepted when allowed, topOrigin must match', async () => {
    const cross = await make({ crossOrigin: true });
    expect(await codeOf(verifyRegistrationResponse(base(cross.response, cross.ch)))).toBe('ERR_CROSS_ORIGIN');
    expect(
      await codeOf(verifyRegistrationResponse({ ...base(cross.response, cross.ch), allowCrossOrigin: true })),
    ).toBe('resolved');
    const top = await make({ crossOrigin: true, topOrigin: 'https://top.example' });
    expect(await codeOf(verifyRegistrationResponse({ ...base(top.response, top.ch), allowCrossOrigin: true }))).toBe(
      'ERR_TOP_ORIGIN_MISMATCH',
    );
    expect(
      await codeOf(
        verifyRegistrationResponse({ ...base(top.response, top.ch), expectedTopOrigin: 'https://other.example' }),
      ),
    ).toBe('ERR_TOP_ORIGIN_MISMATCH');
    expect(
      await codeOf(
        verifyRegistrationResponse({ ...base(top.response, top.ch), expectedTopOrigin: 'https://top.example' }),
      ),
    ).toBe('resolved');
    const topOnly = await make({ topOrigin: 'https://top.example' });
    expect(
      await codeOf(
        verifyRegistrationResponse({ ...base(topOnly.response, topOnly.ch), expectedTopOrigin: 'https://top.example' }),
      ),
    ).toBe('ERR_CROSS_ORIGIN');
  });

  it('rpIdHash of another RP → ERR_RP_ID_HASH_MISMATCH; a list of RP IDs is honoured', async () => {
    const { response, ch } = await make();
    expect(await codeOf(verifyRegistrationResponse({ ...base(response, ch), expectedRPID: 'other.example' }))).toBe(
      'ERR_RP_ID_HASH_MISMATCH',
    );
    expect(
      await codeOf(verifyRegistrationResponse({ ...base(response, ch), expectedRPID: ['other.example', RP_ID] })),
    ).toBe('resolved');
  });

  it('UP clear → ERR_USER_PRESENCE_REQUIRED unless requireUserPresence is false', async () => {
    const { response, ch } = await make({ flags: { up: false } });
    expect(await codeOf(verifyRegistrationResponse(base(response, ch)))).toBe('ERR_USER_PRESENCE_REQUIRED');
    expect(await codeOf(verifyRegistrationResponse({ ...base(response, ch), requireUserPresence: false }))).toBe(
      'resolved',
    );
  });

  it('UV clear → ERR_USER_VERIFICATION_REQUIRED by default, accepted when not required', async () => {
    const { response, ch } = await make({ flags: { uv: false } });
    expect(await codeOf(verifyRegistrationResponse(base(response, ch)))).toBe('ERR_USER_VERIFICATION_REQUIRED');
    expect(await codeOf(verifyRegistrationResponse({ ...base(response, ch), requireUserVerification: false }))).toBe(
      'resolved',
    );
  });

  it('BS without BE → ERR_BACKUP_FLAGS_INVALID', async () => {
    const { response, ch } = await make({ flags: { be: false, bs: true } });
    expect(await codeOf(verifyRegistrationResponse(base(response, ch)))).toBe('ERR_BACKUP_FLAGS_INVALID');
  });

  it('algorithm outside supportedAlgorithms → ERR_UNSUPPORTED_ALGORITHM', async () => {
    const { response, ch } = await make();
    expect(await codeOf(verifyRegistrationResponse({ ...base(response, ch), supportedAlgorithms: [-8] }))).toBe(
      'ERR_UNSUPPORTED_ALGORITHM',
    );
  });

  it('credential id over 1023 bytes → refused before decoding (ERR_INPUT_TOO_LARGE)', async () => {
    const { response, ch } = await make({ credentialIdLength: 1024 });
    expect(await codeOf(verifyRegistrationResponse(base(response, ch)))).toBe('ERR_INPUT_TOO_LARGE');
  });

  it('authData credential id different from rawId → ERR_CREDENTIAL_MISMATCH', async () => {
    const { response, ch } = await make();
    const other = await createSoftwareAuthenticator({ seed: 'neg-other' }).createCredential({
      challenge: ch,
      rpId: RP_ID,
      origin: ORIGIN,
    });
    expect(other.response.rawId).not.toBe(response.rawId);
    const swapped = { ...response, id: other.response.id, rawId: other.response.rawId };
    expect(await codeOf(verifyRegistrationResponse(base(swapped, ch)))).toBe('ERR_CREDENTIAL_MISMATCH');
  });

  it('oversized members are refused before decoding', async () => {
    const { response, ch } = await make();
    expect(await codeOf(verifyRegistrationResponse({ ...base(response, ch), limits: { attestationObject: 64 } }))).toBe(
      'ERR_INPUT_TOO_LARGE',
    );
    expect(await codeOf(verifyRegistrationResponse({ ...base(response, ch), limits: { clientDataJSON: 16 } }))).toBe(
      'ERR_INPUT_TOO_LARGE',
    );
  });

  it('configuration mistakes are programmer errors (TypeError), not verification failures', async () => {
    const { response, ch } = await make();
    await expect(
      verifyRegistrationResponse({ ...base(response, ch), expectedOrigin: 'http://example.com' }),
    ).rejects.toThrow(TypeError);
    await expect(
      verifyRegistrationResponse({ ...base(response, ch), expectedOrigin: 'https://example.com/' }),
    ).rejects.toThrow(TypeError);
    await expect(
      verifyRegistrationResponse({ ...base(response, ch), expectedRPID: 'https://example.com' }),
    ).rejects.toThrow(TypeError);
    await expect(verifyRegistrationResponse({ ...base(response, ch), expectedChallenge: '' })).rejects.toThrow(
      TypeError,
    );
    await expect(verifyRegistrationResponse({ ...base(response, ch), now: new Date('x') })).rejects.toThrow(TypeError);
    await expect(
      verifyRegistrationResponse({
        ...base(response, ch),
        expectedOrigin: 'http://example.com',
        dangerouslyAllowInsecureOrigins: true,
      }),
    ).rejects.toMatchObject({ code: 'ERR_ORIGIN_MISMATCH' });
  });

  it('accepts http://localhost and Android app origins as configuration', async () => {
    const local = await make({ origin: 'http://localhost:3000' });
    expect(
      await codeOf(
        verifyRegistrationResponse({ ...base(local.response, local.ch), expectedOrigin: 'http://localhost:3000' }),
      ),
    ).toBe('resolved');
    const apk = 'android:apk-key-hash:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8';
    const app = await make({ origin: apk });
    expect(
      await codeOf(verifyRegistrationResponse({ ...base(app.response, app.ch), expectedOrigin: [ORIGIN, apk] })),
    ).toBe('resolved');
  });
});
