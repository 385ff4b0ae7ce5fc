import { describe, expect, it } from 'vitest';
import type { AttestationFormatVerifier } from '../../src/attestation/types.js';
import { type CreateCredentialOptions, createSoftwareAuthenticator } from '../../src/testing/index.js';
import { verifyRegistrationResponse } from '../../src/verify/index.js';
import { rejected as errorOf } from '../helpers/outcome.js';
import { challenge, codeOf, NOW, ORIGIN, RP_ID } from './helpers.js';

const base = (response: unknown, ch: string) => ({
  response: response as never,
  expectedChallenge: ch,
  expectedOrigin: ORIGIN,
  expectedRPID: RP_ID,
  now: NOW,
});

type Extras = Omit<CreateCredentialOptions, 'challenge' | 'rpId' | 'origin'>;

async function make(
  seed: string,
  extras: Extras = {},
  options: Parameters<typeof createSoftwareAuthenticator>[0] = {},
): Promise<{ response: unknown; ch: string }> {
  const auth = createSoftwareAuthenticator({ seed, ...options });
  const ch = challenge();
  const { response } = await auth.createCredential({ challenge: ch, rpId: RP_ID, origin: ORIGIN, ...extras });
  return { response, ch };
}

describe('verifyRegistrationResponse: argument checks', () => {
  it('options that are null or a function (even one carrying every option) → TypeError', async () => {
    const { response, ch } = await make('reg-bounds-args');
    expect(await codeOf(verifyRegistrationResponse(base(response, ch)))).toBe('resolved');
    const callable = Object.assign(() => undefined, base(response, ch));
    await expect(verifyRegistrationResponse(callable as never)).rejects.toThrow(TypeError);
    await expect(verifyRegistrationResponse(null as never)).rejects.toThrow(TypeError);
  });

  it('a forced backend is used for the attestation signature (WebCrypto has no secp256k1)', async () => {
    const { response, ch } = await make('reg-bounds-backend', {}, { algorithm: 'ES256K', attestation: 'packed-self' });
    expect(await codeOf(verifyRegistrationResponse({ ...base(response, ch), backend: 'noble' }))).toBe('resolved');
    expect(await codeOf(verifyRegistrationResponse({ ...base(response, ch), backend: 'webcrypto' }))).toBe(
      'ERR_UNSUPPORTED_ALGORITHM',
    );
  });
});

describe('verifyRegistrationResponse: members are named in error details', () => {
  it.each(['clientDataJSON', 'attestationObject'] as const)(
    'non-canonical response.%s → ERR_INVALID_RESPONSE with its field',
    async (member) => {
      const { response, ch } = await make('reg-bounds-fields', {
        mutate: { response: (r) => ({ ...r, response: { ...r.response, [member]: 'AQI=' } }) },
      });
      const err = await errorOf(verifyRegistrationResponse(base(response, ch)));
      expect(err.code).toBe('ERR_INVALID_RESPONSE');
      expect(err.details).toStrictEqual({ field: `response.${member}` });
    },
  );

  it.each(['clientDataJSON', 'attestationObject'] as const)(
    'response.%s over its limit → ERR_INPUT_TOO_LARGE with field and limit',
    async (member) => {
      const { response, ch } = await make('reg-bounds-limits');
      const err = await errorOf(verifyRegistrationResponse({ ...base(response, ch), limits: { [member]: 16 } }));
      expect(err.code).toBe('ERR_INPUT_TOO_LARGE');
      expect(err.details).toStrictEqual({ field: `response.${member}`, limit: 16 });
    },
  );
});

describe('verifyRegistrationResponse: authenticatorData', () => {
  it('no attested credential data (AT clear) → ERR_AUTHENTICATOR_DATA_INVALID', async () => {
    const { response, ch } = await make('reg-bounds-no-acd', {
      mutate: {
        authData: (bytes) => {
          const head = bytes.slice(0, 37);
          head[32] = (head[32] as number) & ~0xc0;
          return head;
        },
      },
    });
    expect(await codeOf(verifyRegistrationResponse(base(response, ch)))).toBe('ERR_AUTHENTICATOR_DATA_INVALID');
  });

  it('deviceType follows BE: singleDevice without it, multiDevice with it', async () => {
    const single = await make('reg-bounds-device');
    const r1 = await verifyRegistrationResponse(base(single.response, single.ch));
    expect(r1.credential).toMatchObject({ backupEligible: false, deviceType: 'singleDevice' });
    const multi = await make('reg-bounds-device', {}, { flags: { be: true, bs: true } });
    const r2 = await verifyRegistrationResponse(base(multi.response, multi.ch));
    expect(r2.credential).toMatchObject({ backupEligible: true, backedUp: true, deviceType: 'multiDevice' });
  });

  it.each([
    ['platform', 'platform'],
    ['cross-platform', 'cross-platform'],
    [null, undefined],
  ] as const)('authenticatorAttachment %s is reported as %s', async (sent, reported) => {
    const { response, ch } = await make('reg-bounds-attach', { authenticatorAttachment: sent });
    const r = await verifyRegistrationResponse(base(response, ch));
    expect(r.authenticatorAttachment).toBe(reported);
  });
});

describe('verifyRegistrationResponse: attestation policy details', () => {
  it('a type outside allowedTypes → ERR_ATTESTATION_TYPE_NOT_ALLOWED with type and format', async () => {
    const { response, ch } = await make('reg-bounds-types');
    const err = await errorOf(
      verifyRegistrationResponse({ ...base(response, ch), attestation: { allowedTypes: ['basic', 'attca'] } }),
    );
    expect(err.code).toBe('ERR_ATTESTATION_TYPE_NOT_ALLOWED');
    expect(err.details).toStrictEqual({ type: 'none', format: 'none' });
    const ok = await verifyRegistrationResponse({ ...base(response, ch), attestation: { allowedTypes: ['none'] } });
    expect(ok.attestation.type).toBe('none');
  });

  it('require: trusted without trust → ERR_ATTESTATION_UNTRUSTED with format and type', async () => {
    const { response, ch } = await make('reg-bounds-untrusted', {}, { attestation: 'packed-self' });
    const err = await errorOf(
      verifyRegistrationResponse({ ...base(response, ch), attestation: { require: 'trusted' } }),
    );
    expect(err.code).toBe('ERR_ATTESTATION_UNTRUSTED');
    expect(err.details).toStrictEqual({ format: 'packed', type: 'self' });
  });

  it('a format verifier may nest other formats but never compound', async () => {
    const nesting = (nested: string): AttestationFormatVerifier => ({
      format: 'x-wrapper',
      verify: async (input) => {
        const inner = await input.verifyNested(nested, new Map());
        return { format: 'x-wrapper', type: inner.type, trustPath: [], components: [inner] };
      },
    });
    const { response, ch } = await make('reg-bounds-nest', {
      mutate: { attestationObject: (m) => m.set('fmt', 'x-wrapper') },
    });
    const ok = await verifyRegistrationResponse({ ...base(response, ch), attestation: { formats: [nesting('none')] } });
    expect(ok.attestation).toMatchObject({ format: 'x-wrapper', type: 'none' });
    expect(ok.attestation.components).toHaveLength(1);
    const err = await errorOf(
      verifyRegistrationResponse({ ...base(response, ch), attestation: { formats: [nesting('compound')] } }),
    );
    expect(err.code).toBe('ERR_ATTESTATION_INVALID');
    expect(err.details).toStrictEqual({ format: 'compound', check: 'nested' });
  });
});
