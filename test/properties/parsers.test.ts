/**
 * Every parser of attacker-controlled bytes either returns or throws a WebAuthnError with a
 * stable code: never a TypeError, RangeError, stack overflow or a foreign error.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCRL } from '../../src/certificates/builder.js';
import { parseCRL } from '../../src/certificates/crl.js';
import { parseCertificate } from '../../src/certificates/parse.js';
import { parseCOSEPublicKey } from '../../src/crypto/cose.js';
import { utf8Encode } from '../../src/encoding/bytes.js';
import { type CBORMap, type CBORValue, decodeCBOR, encodeCBOR } from '../../src/encoding/cbor.js';
import { parseAttestationObject } from '../../src/parsers/attestation-object.js';
import { parseAuthenticatorData } from '../../src/parsers/authenticator-data.js';
import { parseClientDataJSON } from '../../src/parsers/client-data.js';
import { coseKeyMap, createTestCA, generateTestKeyPair, type TestCA } from '../../src/testing/index.js';
import { prepareAssertion, prepareRegistration } from '../attacks/harness.js';
import { applyMutation, mutationArb, only, RUNS } from './helpers.js';

const bytesArb = fc.uint8Array({ maxLength: 512 });

/** CBOR values shaped like WebAuthn structures (int/text keys, bytes, nested maps and arrays). */
const cborValueArb: fc.Arbitrary<CBORValue> = fc.letrec<{ value: CBORValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.integer({ min: -70000, max: 70000 }),
    fc.string({ maxLength: 12 }),
    fc.uint8Array({ maxLength: 70 }),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc
      .array(
        fc.tuple(
          fc.oneof(fc.integer({ min: -4, max: 4 }), fc.constantFrom('fmt', 'attStmt', 'authData', 'alg', 'sig', 'x5c')),
          tie('value'),
        ),
        { maxLength: 5 },
      )
      .map((entries) => new Map(entries) as CBORMap),
  ),
})).value;

describe('property: parsers only throw WebAuthnError', () => {
  let samples: {
    clientDataJSON: Uint8Array;
    authData: Uint8Array;
    assertionAuthData: Uint8Array;
    attestationObject: Uint8Array;
    coseKey: CBORMap;
  };
  let ca: TestCA;
  let crl: Uint8Array;
  beforeAll(async () => {
    const reg = await prepareRegistration({ authenticator: { attestation: 'packed' } });
    const auth = await prepareAssertion();
    const key = generateTestKeyPair('ES256', { seed: 'properties' });
    samples = {
      clientDataJSON: reg.created.raw.clientDataJSON,
      authData: reg.created.raw.authenticatorData,
      assertionAuthData: auth.assertion.raw.authenticatorData,
      attestationObject: reg.created.raw.attestationObject,
      coseKey: coseKeyMap(key.publicKey, -7),
    };
    ca = await createTestCA({ seed: 'properties', intermediate: true });
    const rootKey = generateTestKeyPair('ES256', { seed: 'properties', label: 'crl' });
    crl = await createCRL({
      issuer: [['CN', 'Properties CRL']],
      thisUpdate: new Date('2026-01-01T00:00:00Z'),
      revoked: [{ serialNumber: 5, revocationDate: new Date('2026-01-01T00:00:00Z') }],
      signatureAlgorithm: rootKey.scheme,
      sign: async (tbs: Uint8Array) => rootKey.sign(tbs),
    });
  });

  it('decodeCBOR: arbitrary bytes', () => {
    fc.assert(
      fc.property(bytesArb, (b) => void only(() => decodeCBOR(b))),
      { numRuns: RUNS * 3 },
    );
  });
  it('decodeCBOR: round trip of structured values, and mutations of their encoding', () => {
    fc.assert(
      fc.property(cborValueArb, mutationArb, (v, m) => {
        const encoded = encodeCBOR(v);
        expect(only(() => decodeCBOR(encoded))).toBe('ok');
        only(() => decodeCBOR(applyMutation(encoded, m)));
      }),
      { numRuns: RUNS },
    );
  });
  it('parseClientDataJSON: arbitrary bytes, arbitrary strings and mutations of a real one', () => {
    fc.assert(
      fc.property(bytesArb, (b) => void only(() => parseClientDataJSON(b))),
      { numRuns: RUNS },
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => void only(() => parseClientDataJSON(utf8Encode(s)))),
      { numRuns: RUNS },
    );
    fc.assert(
      fc.property(fc.json({ maxDepth: 4 }), (s) => void only(() => parseClientDataJSON(utf8Encode(s)))),
      { numRuns: RUNS },
    );
    fc.assert(
      fc.property(mutationArb, (m) => void only(() => parseClientDataJSON(applyMutation(samples.clientDataJSON, m)))),
      { numRuns: RUNS },
    );
  });
  it('parseAuthenticatorData: arbitrary bytes and mutations of registration and assertion authData', () => {
    fc.assert(
      fc.property(bytesArb, (b) => void only(() => parseAuthenticatorData(b))),
      { numRuns: RUNS },
    );
    fc.assert(
      fc.property(fc.constantFrom('authData', 'assertionAuthData' as const), mutationArb, (which, m) => {
        only(() => parseAuthenticatorData(applyMutation(samples[which as 'authData'], m)));
      }),
      { numRuns: RUNS * 2 },
    );
  });
  it('parseAttestationObject: arbitrary bytes, arbitrary CBOR maps and mutations of a real one', () => {
    fc.assert(
      fc.property(bytesArb, (b) => void only(() => parseAttestationObject(b))),
      { numRuns: RUNS },
    );
    fc.assert(
      fc.property(cborValueArb, (v) => void only(() => parseAttestationObject(encodeCBOR(v)))),
      { numRuns: RUNS },
    );
    fc.assert(
      fc.property(
        mutationArb,
        (m) => void only(() => parseAttestationObject(applyMutation(samples.attestationObject, m))),
      ),
      { numRuns: RUNS },
    );
  });
  it('parseCOSEPublicKey: decoded maps (random labels and values, and single-label changes of a real key)', () => {
    const labelArb = fc.constantFrom(1, 2, 3, 4, -1, -2, -3, -4);
    fc.assert(
      fc.property(fc.array(fc.tuple(labelArb, cborValueArb), { maxLength: 6 }), (entries) => {
        only(() => parseCOSEPublicKey(new Map(entries) as CBORMap));
      }),
      { numRuns: RUNS },
    );
    fc.assert(
      fc.property(labelArb, fc.option(cborValueArb, { nil: undefined }), (label, value) => {
        const map = new Map(samples.coseKey);
        if (value === undefined) map.delete(label);
        else map.set(label, value);
        only(() => parseCOSEPublicKey(map));
      }),
      { numRuns: RUNS },
    );
    fc.assert(
      fc.property(mutationArb, (m) => {
        let decoded: CBORValue;
        try {
          decoded = decodeCBOR(applyMutation(encodeCBOR(samples.coseKey), m));
        } catch {
          return;
        }
        if (decoded instanceof Map) only(() => parseCOSEPublicKey(decoded as CBORMap));
      }),
      { numRuns: RUNS },
    );
  });
  it('parseCertificate: arbitrary bytes and mutations of real certificates', () => {
    fc.assert(
      fc.property(bytesArb, (b) => void only(() => parseCertificate(b))),
      { numRuns: RUNS },
    );
    fc.assert(
      fc.property(fc.constantFrom(0, 1), mutationArb, (which, m) => {
        const der = which === 0 ? ca.root.der : (ca.chain[0] as Uint8Array);
        only(() => parseCertificate(applyMutation(der, m)));
      }),
      { numRuns: RUNS * 2 },
    );
  });
  it('parseCRL: arbitrary bytes and mutations of a real CRL', () => {
    expect(only(() => parseCRL(crl))).toBe('ok');
    fc.assert(
      fc.property(bytesArb, (b) => void only(() => parseCRL(b))),
      { numRuns: RUNS },
    );
    fc.assert(
      fc.property(mutationArb, (m) => void only(() => parseCRL(applyMutation(crl, m)))),
      { numRuns: RUNS * 2 },
    );
  });
});
