/**
 * The runtime smoke: verifies real Chromium captures (fixtures/chromium, see test/e2e/) with the
 * BUILT package, once with the default signature backend and once with `backend: 'noble'`
 * (pure JS). Web-standard JavaScript only, so the same module runs on Node, Deno, Bun and workerd;
 * the fixtures are imported as JSON modules so that no file-system access is needed.
 */

import ed25519Auth from '../../fixtures/chromium/authentication/chromium-ctap2-ed25519-none-resident-authentication.json' with {
  type: 'json',
};
import es256Auth from '../../fixtures/chromium/authentication/chromium-ctap2-es256-none-resident-authentication.json' with {
  type: 'json',
};
import rs256Auth from '../../fixtures/chromium/authentication/chromium-ctap2-rs256-packed-resident-authentication.json' with {
  type: 'json',
};
import ed25519Reg from '../../fixtures/chromium/registration/chromium-ctap2-ed25519-none-resident-registration.json' with {
  type: 'json',
};
import es256Reg from '../../fixtures/chromium/registration/chromium-ctap2-es256-none-resident-registration.json' with {
  type: 'json',
};
import wrongOrigin from '../../fixtures/chromium/registration/chromium-ctap2-es256-wrong-origin-registration.json' with {
  type: 'json',
};
import rs256Reg from '../../fixtures/chromium/registration/chromium-ctap2-rs256-packed-resident-registration.json' with {
  type: 'json',
};

const PAIRS = [
  ['ES256 / none', es256Reg, es256Auth],
  ['Ed25519 / none', ed25519Reg, ed25519Auth],
  ['RS256 / packed x5c', rs256Reg, rs256Auth],
];

const expectedOf = (f) => ({
  expectedChallenge: f.expected.challenge,
  expectedOrigin: f.expected.origin,
  expectedRPID: f.expected.rpId,
  requireUserVerification: f.expected.requireUserVerification,
});

/**
 * Runs every check against `lib` (the namespace of dist/index.js).
 * @returns {Promise<{ passed: number, failed: number, lines: string[] }>}
 */
export async function smoke(lib) {
  const lines = [];
  let passed = 0;
  let failed = 0;
  const check = async (name, fn) => {
    try {
      await fn();
      passed++;
      lines.push(`ok   ${name}`);
    } catch (err) {
      failed++;
      lines.push(`FAIL ${name}: ${err?.code ?? err?.name ?? 'Error'}: ${err?.message ?? err}`);
    }
  };
  const assert = (condition, message) => {
    if (!condition) throw new Error(message);
  };

  for (const backend of [undefined, 'noble']) {
    const label = backend ?? 'default';
    const opts = backend ? { backend } : {};
    for (const [name, reg, auth] of PAIRS) {
      await check(`${label}: registration ${name}`, async () => {
        const result = await lib.verifyRegistrationResponse({
          ...expectedOf(reg),
          ...opts,
          response: reg.response,
          now: new Date(reg.attestation.verifyAt),
        });
        assert(result.credential.id === auth.credential.id, 'credential id differs from the authentication fixture');
      });
      await check(`${label}: authentication ${name}`, async () => {
        const result = await lib.verifyAuthenticationResponse({
          ...expectedOf(auth),
          ...opts,
          response: auth.response,
          credential: auth.credential,
        });
        assert(result.newCounter > auth.credential.counter, `counter did not increase (${result.newCounter})`);
      });
    }
    await check(`${label}: wrong origin rejected`, async () => {
      try {
        await lib.verifyRegistrationResponse({ ...expectedOf(wrongOrigin), ...opts, response: wrongOrigin.response });
      } catch (err) {
        assert(err?.code === 'ERR_ORIGIN_MISMATCH', `expected ERR_ORIGIN_MISMATCH, got ${err?.code ?? err}`);
        return;
      }
      throw new Error('accepted a response from another origin');
    });
  }
  return { passed, failed, lines };
}
