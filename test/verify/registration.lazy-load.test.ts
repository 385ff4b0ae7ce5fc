import { afterAll, describe, expect, it, vi } from 'vitest';
import { createSoftwareAuthenticator } from '../../src/testing/index.js';
import { challenge, NOW, ORIGIN, RP_ID } from './helpers.js';

let failLoad = true;
const loadError = new Error('simulated chunk load failure');

vi.doMock('../../src/verify/formats.js', async (importOriginal) => {
  if (failLoad) throw loadError;
  return importOriginal();
});

afterAll(() => {
  vi.doUnmock('../../src/verify/formats.js');
  vi.resetModules();
});

describe('verifyRegistrationResponse: lazy loading of the attestation formats', () => {
  it('a failed load rejects that call and is retried by the next one', async () => {
    vi.resetModules();
    const { verifyRegistrationResponse } = await import('../../src/verify/registration.js');
    const auth = createSoftwareAuthenticator({ seed: 'reg-lazy-retry' });
    const ch = challenge();
    const { response } = await auth.createCredential({ challenge: ch, rpId: RP_ID, origin: ORIGIN });
    const opts = { response, expectedChallenge: ch, expectedOrigin: ORIGIN, expectedRPID: RP_ID, now: NOW };

    const first = await verifyRegistrationResponse(opts).then(
      () => 'resolved',
      (err: unknown) => err,
    );
    expect(first).toBeInstanceOf(Error);
    // vitest wraps a throwing mock factory; the original failure is the cause.
    expect((first as Error).cause).toBe(loadError);

    failLoad = false;
    const r = await verifyRegistrationResponse(opts);
    expect(r.credential.id).toBe(response.id);
  });
});
