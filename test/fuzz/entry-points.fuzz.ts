/**
 * Bounded, seeded fuzz run (`npm run fuzz`): random and structurally mutated inputs into every
 * parser and both verify functions. The invariant is the one of the property tests: the only
 * failure is a WebAuthnError with a stable code. One test per entry point; the seed is printed at
 * the start and with every failure (rerun with FUZZ_SEED=<seed>).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { createCRL } from '../../src/certificates/builder.js';
import { parseCRL } from '../../src/certificates/crl.js';
import { parseCertificate } from '../../src/certificates/parse.js';
import { parseCOSEPublicKey } from '../../src/crypto/cose.js';
import { decodeBase64url, encodeBase64url } from '../../src/encoding/base64url.js';
import { type CBORMap, type CBORValue, decodeCBOR, encodeCBOR } from '../../src/encoding/cbor.js';
import { parseAttestationObject } from '../../src/parsers/attestation-object.js';
import { parseAuthenticatorData } from '../../src/parsers/authenticator-data.js';
import { parseClientDataJSON } from '../../src/parsers/client-data.js';
import { coseKeyMap, createTestCA, generateTestKeyPair } from '../../src/testing/index.js';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '../../src/verify/index.js';
import {
  type PreparedAssertion,
  type PreparedRegistration,
  prepareAssertion,
  prepareRegistration,
} from '../attacks/harness.js';
import { applyMutation, mutationArb, only, onlyAsync } from '../properties/helpers.js';

const SEED = process.env.FUZZ_SEED === undefined ? Date.now() % 2 ** 31 : Number(process.env.FUZZ_SEED);
const SECONDS = Number(process.env.FUZZ_SECONDS ?? 60);
const ITERATIONS = Number(process.env.FUZZ_ITERATIONS ?? 1_000_000);

interface EntryPoint {
  name: string;
  property: () => fc.IProperty<unknown[]> | fc.IAsyncProperty<unknown[]>;
}

const results: Array<{ name: string; runs: number; ok: boolean }> = [];
const regs: PreparedRegistration[] = [];
const auths: PreparedAssertion[] = [];
const corpus: Record<string, Uint8Array> = {};

const bytesArb = fc.uint8Array({ maxLength: 2048 });
/** Random bytes, or a mutation (possibly several) of a real sample. */
function inputArb(sample: () => Uint8Array): fc.Arbitrary<Uint8Array> {
  return fc.oneof(
    bytesArb,
    fc
      .array(mutationArb, { minLength: 1, maxLength: 4 })
      .map((ms) => ms.reduce<Uint8Array>((b, m) => applyMutation(b, m), sample())),
  );
}

const ENTRY_POINTS: EntryPoint[] = [
  {
    name: 'decodeCBOR',
    property: () =>
      fc.property(
        inputArb(() => corpus.attestationObject as Uint8Array),
        (b) => void only(() => decodeCBOR(b)),
      ),
  },
  {
    name: 'parseClientDataJSON',
    property: () =>
      fc.property(
        inputArb(() => corpus.clientDataJSON as Uint8Array),
        (b) => void only(() => parseClientDataJSON(b)),
      ),
  },
  {
    name: 'parseAuthenticatorData',
    property: () =>
      fc.property(
        inputArb(() => corpus.authData as Uint8Array),
        (b) => void only(() => parseAuthenticatorData(b)),
      ),
  },
  {
    name: 'parseAttestationObject',
    property: () =>
      fc.property(
        inputArb(() => corpus.attestationObject as Uint8Array),
        (b) => void only(() => parseAttestationObject(b)),
      ),
  },
  {
    name: 'parseCOSEPublicKey',
    property: () =>
      fc.property(
        inputArb(() => corpus.coseKey as Uint8Array),
        (b) => {
          let v: CBORValue;
          try {
            v = decodeCBOR(b);
          } catch {
            return;
          }
          if (v instanceof Map) only(() => parseCOSEPublicKey(v as CBORMap));
        },
      ),
  },
  {
    name: 'parseCertificate',
    property: () =>
      fc.property(
        inputArb(() => corpus.certificate as Uint8Array),
        (b) => void only(() => parseCertificate(b)),
      ),
  },
  {
    name: 'parseCRL',
    property: () =>
      fc.property(
        inputArb(() => corpus.crl as Uint8Array),
        (b) => void only(() => parseCRL(b)),
      ),
  },
  {
    name: 'verifyRegistrationResponse',
    property: () =>
      fc.asyncProperty(
        fc.nat(),
        fc.constantFrom<'clientDataJSON' | 'attestationObject'>('clientDataJSON', 'attestationObject'),
        fc.array(mutationArb, { minLength: 1, maxLength: 3 }),
        async (i, member, ms) => {
          const p = regs[i % regs.length] as PreparedRegistration;
          const r = p.created.response;
          const bytes = ms.reduce<Uint8Array>(
            (b, m) => applyMutation(b, m),
            decodeBase64url(r.response[member as 'clientDataJSON']),
          );
          await onlyAsync(() =>
            p.verify({
              ...r,
              response: { ...r.response, [member]: encodeBase64url(bytes) },
            } as RegistrationResponseJSON),
          );
        },
      ),
  },
  {
    name: 'verifyAuthenticationResponse',
    property: () =>
      fc.asyncProperty(
        fc.nat(),
        fc.constantFrom<'clientDataJSON' | 'authenticatorData' | 'signature' | 'userHandle'>(
          'clientDataJSON',
          'authenticatorData',
          'signature',
          'userHandle',
        ),
        fc.array(mutationArb, { minLength: 1, maxLength: 3 }),
        async (i, member, ms) => {
          const p = auths[i % auths.length] as PreparedAssertion;
          const r = p.assertion.response;
          const bytes = ms.reduce<Uint8Array>(
            (b, m) => applyMutation(b, m),
            decodeBase64url(r.response[member as 'signature'] ?? ''),
          );
          await onlyAsync(() =>
            p.verify({
              ...r,
              response: { ...r.response, [member]: encodeBase64url(bytes) },
            } as AuthenticationResponseJSON),
          );
        },
      ),
  },
];

describe(`fuzz (seed ${SEED})`, () => {
  beforeAll(async () => {
    console.log(
      `fuzz: seed ${SEED}, ${SECONDS} s budget, at most ${ITERATIONS} iterations per entry point (rerun: FUZZ_SEED=${SEED})`,
    );
    for (const attestation of ['packed-self', 'packed', 'tpm', 'android-key', 'none'] as const) {
      regs.push(await prepareRegistration({ authenticator: { attestation } }));
    }
    for (const algorithm of ['ES256', 'EdDSA', 'RS256', 'PS256'] as const)
      auths.push(await prepareAssertion({ authenticator: { algorithm } }));
    const packed = regs[1] as PreparedRegistration;
    corpus.attestationObject = packed.created.raw.attestationObject;
    corpus.clientDataJSON = packed.created.raw.clientDataJSON;
    corpus.authData = packed.created.raw.authenticatorData;
    corpus.coseKey = encodeCBOR(coseKeyMap(generateTestKeyPair('ES256', { seed: 'fuzz' }).publicKey, -7));
    const ca = await createTestCA({ seed: 'fuzz', intermediate: true });
    corpus.certificate = ca.chain[0] as Uint8Array;
    const key = generateTestKeyPair('ES256', { seed: 'fuzz', label: 'crl' });
    corpus.crl = await createCRL({
      issuer: [['CN', 'Fuzz CRL']],
      thisUpdate: new Date('2026-01-01T00:00:00Z'),
      revoked: [{ serialNumber: 7, revocationDate: new Date('2026-01-01T00:00:00Z') }],
      signatureAlgorithm: key.scheme,
      sign: async (tbs: Uint8Array) => key.sign(tbs),
    });
  });

  afterAll(() => {
    const passed = results.filter((r) => r.ok).length;
    const failed = results.length - passed;
    const runs = results.reduce((n, r) => n + r.runs, 0);
    for (const r of results) console.log(`fuzz: ${r.ok ? 'ok  ' : 'FAIL'} ${r.name}: ${r.runs} inputs`);
    console.log(`fuzz: ${runs} inputs in total, seed ${SEED}`);
    console.log(`${passed} passed, ${failed} failed`);
  });

  const budgetMs = (SECONDS * 1000) / ENTRY_POINTS.length;
  ENTRY_POINTS.forEach((entry, index) => {
    it(entry.name, async () => {
      const details = await fc.check(entry.property() as fc.IAsyncProperty<unknown[]>, {
        seed: SEED + index,
        numRuns: ITERATIONS,
        interruptAfterTimeLimit: budgetMs,
        markInterruptAsFailure: false,
      });
      results.push({ name: entry.name, runs: details.numRuns, ok: !details.failed });
      if (details.failed) {
        console.log(`fuzz: ${entry.name} FAILED with seed ${SEED + index} (run: FUZZ_SEED=${SEED})`);
        throw new Error(fc.defaultReportMessage(details) ?? `${entry.name} failed`);
      }
    });
  });
});
