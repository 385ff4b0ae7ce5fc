/**
 * Harness for the attack catalogue (security.md §4): every case starts from a valid software
 * authenticator response, applies exactly one mutation, re-signs whatever the mutation touched
 * (the authenticator's hooks run before signing), and asserts the error code.
 */
import { expect } from 'vitest';
import { sha256 } from '../../src/crypto/hash.js';
import { decodeBase64url, encodeBase64url } from '../../src/encoding/base64url.js';
import { concat, utf8Encode } from '../../src/encoding/bytes.js';
import { type CBORMap, type CBORValue, decodeCBOR, encodeCBOR } from '../../src/encoding/cbor.js';
import { WEBAUTHN_ERROR_CODES, WebAuthnError } from '../../src/errors.js';
import {
  type CreateCredentialOptions,
  type CreatedAssertion,
  type CreatedCredential,
  createSoftwareAuthenticator,
  createTestCA,
  type GetAssertionOptions,
  type SoftwareAuthenticator,
  type SoftwareAuthenticatorOptions,
  type TestCA,
  type TestKeyPair,
} from '../../src/testing/index.js';
import {
  type AuthenticationResponseJSON,
  type RegistrationResponseJSON,
  type StoredCredential,
  type VerifiedAuthentication,
  type VerifiedRegistration,
  type VerifyAuthenticationResponseOptions,
  type VerifyRegistrationResponseOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '../../src/verify/index.js';

export const RP_ID = 'example.com';
export const ORIGIN = 'https://example.com';
/** Inside the test CAs' validity (2025–2045). */
export const NOW = new Date('2030-01-01T00:00:00.000Z');
export const USER_ID = encodeBase64url(utf8Encode('attack-user'));

let seq = 0;
/** A fresh base64url challenge (32 bytes). */
export function newChallenge(): string {
  seq++;
  const bytes = sha256(utf8Encode(`attack-challenge-${seq}`));
  return encodeBase64url(bytes);
}

let caPromise: Promise<TestCA> | undefined;
/** The CA every x5c format chains to in these tests (root + intermediate). */
export function testCA(): Promise<TestCA> {
  caPromise ??= createTestCA({ seed: 'tessera-attacks', name: 'Tessera Attacks Root', intermediate: true });
  return caPromise;
}

let attackerCA: Promise<TestCA> | undefined;
/** An attacker's own CA (never configured as an anchor). */
export function attackerTestCA(): Promise<TestCA> {
  attackerCA ??= createTestCA({ seed: 'tessera-attacker', name: 'Attacker Root', intermediate: true });
  return attackerCA;
}

const authenticators = new Map<string, SoftwareAuthenticator>();
/** One software authenticator per configuration, so key generation (RSA, AIK) is shared. */
export async function authenticator(options: SoftwareAuthenticatorOptions = {}): Promise<SoftwareAuthenticator> {
  const key = JSON.stringify(options, (_k, v) => (v instanceof Uint8Array ? encodeBase64url(v) : v));
  let a = authenticators.get(key);
  if (a === undefined) {
    a = createSoftwareAuthenticator({
      seed: 'tessera-attacks',
      attestationCA: options.attestationCA ?? (await testCA()),
      ...options,
    });
    authenticators.set(key, a);
  }
  return a;
}

/** The outcome of a verify call: the WebAuthnError code, or `'accepted'`. Non-library errors propagate. */
export async function outcome(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'accepted';
  } catch (err) {
    if (err instanceof WebAuthnError) {
      expect(WEBAUTHN_ERROR_CODES).toContain(err.code);
      return err.code;
    }
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------
// Registration

export interface RegistrationCase {
  authenticator?: SoftwareAuthenticatorOptions;
  create?: Partial<CreateCredentialOptions>;
  verify?: Partial<VerifyRegistrationResponseOptions>;
}

export interface PreparedRegistration {
  created: CreatedCredential;
  challenge: string;
  authenticator: SoftwareAuthenticator;
  /** Verifies `response` (default: the created one) with the case's options plus `extra`. */
  verify(
    response?: RegistrationResponseJSON,
    extra?: Partial<VerifyRegistrationResponseOptions>,
  ): Promise<VerifiedRegistration>;
}

export async function prepareRegistration(c: RegistrationCase = {}): Promise<PreparedRegistration> {
  const auth = await authenticator(c.authenticator);
  const challenge = newChallenge();
  const created = await auth.createCredential({
    challenge,
    rpId: RP_ID,
    origin: ORIGIN,
    user: { id: USER_ID, name: 'alice@example.com' },
    ...c.create,
  });
  const ca = await testCA();
  return {
    created,
    challenge,
    authenticator: auth,
    verify: (response = created.response, extra = {}) =>
      verifyRegistrationResponse({
        response,
        expectedChallenge: challenge,
        expectedOrigin: ORIGIN,
        expectedRPID: RP_ID,
        now: NOW,
        ...c.verify,
        ...extra,
        attestation: { trustAnchors: [ca.root.der], ...c.verify?.attestation, ...extra.attestation },
      }),
  };
}

/** Creates and verifies a registration; returns the result. */
export async function register(c: RegistrationCase = {}): Promise<VerifiedRegistration> {
  return (await prepareRegistration(c)).verify();
}

/** Creates and verifies a registration; returns the error code or `'accepted'`. */
export async function registrationOutcome(c: RegistrationCase = {}): Promise<string> {
  const p = await prepareRegistration(c);
  return outcome(p.verify());
}

/** Rewrites a finished registration response (for container-level mutations that nothing signs). */
export function withAttestationObject(response: RegistrationResponseJSON, bytes: Uint8Array): RegistrationResponseJSON {
  return { ...response, response: { ...response.response, attestationObject: encodeBase64url(bytes) } };
}

/** Decodes the attestationObject of a created credential as a map. */
export function attestationObjectMap(created: CreatedCredential): CBORMap {
  return decodeCBOR(created.raw.attestationObject) as CBORMap;
}

/** Rebuilds the attestationObject from the created one with `edit` applied to its map. */
export function rebuildAttestation(
  created: CreatedCredential,
  edit: (map: CBORMap) => CBORMap,
): RegistrationResponseJSON {
  return withAttestationObject(created.response, encodeCBOR(edit(attestationObjectMap(created))));
}

/** Replaces one attStmt member (value `undefined` deletes it). */
export function setMember(key: string, value: CBORValue | undefined): (attStmt: CBORMap | CBORValue[]) => CBORMap {
  return (attStmt) => {
    const m = new Map(attStmt as CBORMap);
    if (value === undefined) m.delete(key);
    else m.set(key, value);
    return m;
  };
}

/** Offset of the COSE key inside registration authData (37 + aaguid 16 + length 2 + credentialId). */
export function coseKeyOffset(authData: Uint8Array): number {
  const idLength = ((authData[53] as number) << 8) | (authData[54] as number);
  return 55 + idLength;
}

// ---------------------------------------------------------------------------------------------
// Authentication

export interface AssertionCase {
  authenticator?: SoftwareAuthenticatorOptions;
  create?: Partial<CreateCredentialOptions>;
  get?: Partial<GetAssertionOptions>;
  /** Overrides of the stored credential record. */
  stored?: Partial<StoredCredential>;
  verify?: Partial<VerifyAuthenticationResponseOptions>;
}

export interface PreparedAssertion {
  created: CreatedCredential;
  assertion: CreatedAssertion;
  stored: StoredCredential;
  challenge: string;
  authenticator: SoftwareAuthenticator;
  verify(
    response?: AuthenticationResponseJSON,
    extra?: Partial<VerifyAuthenticationResponseOptions>,
  ): Promise<VerifiedAuthentication>;
}

export async function prepareAssertion(c: AssertionCase = {}): Promise<PreparedAssertion> {
  const auth = await authenticator(c.authenticator);
  const created = await auth.createCredential({
    challenge: newChallenge(),
    rpId: RP_ID,
    origin: ORIGIN,
    user: { id: USER_ID, name: 'alice@example.com' },
    ...c.create,
  });
  const challenge = newChallenge();
  const assertion = await auth.getAssertion({
    credentialId: created.credential.id,
    challenge,
    rpId: RP_ID,
    origin: ORIGIN,
    ...c.get,
  });
  const stored: StoredCredential = {
    id: created.credential.id,
    publicKey: created.credential.publicKey,
    counter: created.credential.counter,
    userHandle: USER_ID,
    backupEligible: created.credential.backupEligible,
    ...c.stored,
  };
  return {
    created,
    assertion,
    stored,
    challenge,
    authenticator: auth,
    verify: (response = assertion.response, extra = {}) =>
      verifyAuthenticationResponse({
        response,
        expectedChallenge: challenge,
        expectedOrigin: ORIGIN,
        expectedRPID: RP_ID,
        credential: stored,
        ...c.verify,
        ...extra,
      }),
  };
}

export async function authenticate(c: AssertionCase = {}): Promise<VerifiedAuthentication> {
  return (await prepareAssertion(c)).verify();
}

export async function assertionOutcome(c: AssertionCase = {}): Promise<string> {
  const p = await prepareAssertion(c);
  return outcome(p.verify());
}

// ---------------------------------------------------------------------------------------------
// Byte helpers

/** Flips bits of one byte (returns a copy). */
export function flipByte(bytes: Uint8Array, index: number, mask = 0x01): Uint8Array {
  const out = bytes.slice();
  const i = index < 0 ? out.length + index : index;
  out[i] = (out[i] as number) ^ mask;
  return out;
}

/** Sets the flags byte of authenticatorData. */
export function withFlags(authData: Uint8Array, set: number, clear = 0): Uint8Array {
  const out = authData.slice();
  out[32] = ((out[32] as number) | set) & ~clear;
  return out;
}

export const FLAG = { UP: 0x01, RFU1: 0x02, UV: 0x04, BE: 0x08, BS: 0x10, RFU2: 0x20, AT: 0x40, ED: 0x80 } as const;

/** A CBOR head (major type + argument) in minimal form, or with `width` bytes of argument. */
export function cborHead(major: number, value: number | bigint, width?: 0 | 1 | 2 | 4 | 8): Uint8Array {
  const v = BigInt(value);
  const w = width ?? (v < 24n ? 0 : v < 0x100n ? 1 : v < 0x10000n ? 2 : v < 0x100000000n ? 4 : 8);
  if (w === 0) return Uint8Array.of((major << 5) | Number(v));
  const info = { 1: 24, 2: 25, 4: 26, 8: 27 }[w];
  const out = new Uint8Array(1 + w);
  out[0] = (major << 5) | info;
  for (let i = 0; i < w; i++) out[w - i] = Number((v >> BigInt(8 * i)) & 0xffn);
  return out;
}

/** CBOR text string. */
export function cborText(text: string): Uint8Array {
  const b = utf8Encode(text);
  return concat(cborHead(3, b.length), b);
}

/** CBOR byte string. */
export function cborBytes(b: Uint8Array): Uint8Array {
  return concat(cborHead(2, b.length), b);
}

/** The three encoded members of an attestationObject, for hand-built variants. */
export function attestationParts(created: CreatedCredential): {
  fmt: Uint8Array;
  attStmt: Uint8Array;
  authData: Uint8Array;
} {
  const map = attestationObjectMap(created);
  return {
    fmt: cborText(map.get('fmt') as string),
    attStmt: encodeCBOR(map.get('attStmt')),
    authData: cborBytes(map.get('authData') as Uint8Array),
  };
}

/** A key pair wrapper that signs transformed data (signed-data construction attacks). */
export function signingOver(key: TestKeyPair, transform: (data: Uint8Array) => Uint8Array): TestKeyPair {
  return { ...key, sign: (data, options) => key.sign(transform(data), options) };
}

/** base64url decode (test convenience). */
export const b64 = decodeBase64url;
export const b64u = encodeBase64url;
