/**
 * A software (virtual) WebAuthn authenticator plus client, for tests: it creates credentials and
 * assertions exactly as a browser would hand them to the relying party
 * (`PublicKeyCredential.toJSON()`), deterministically from a seed, with hooks to corrupt any
 * part of a response *before* it is signed, so that a negative test fails for one reason only.
 *
 * @module
 */
import { encodePublicKeySPKI } from '../certificates/public-key.js';
import { digest } from '../crypto/hash.js';
import { decodeBase64url, encodeBase64url } from '../encoding/base64url.js';
import { concat, formatUUID, fromHex, utf8Encode } from '../encoding/bytes.js';
import { type CBORMap, type CBORValue, encodeCBOR } from '../encoding/cbor.js';
import type {
  AuthenticationResponseJSON,
  AuthenticatorTransport,
  RegistrationResponseJSON,
} from '../verify/response.js';
import { type AuthenticatorFlagOptions, encodeAuthenticatorData } from './authenticator-data.js';
import { createTestCA, type TestCA } from './ca.js';
import { buildClientDataJSON, type ClientDataQuirks } from './client-data.js';
import { coseKeyMap } from './cose-key.js';
import { generateTestKeyPair, resolveTestAlgorithm, type TestAlgorithm, type TestKeyPair } from './keys.js';
import { createSeededRandom, deriveSeed, randomSeed, type TestSeed } from './random.js';
import {
  type AndroidKeyOptions,
  type AppleOptions,
  type AttestationCertificateOverrides,
  buildAttestationStatement,
  type SoftwareAttestationFormat,
  type StatementContext,
  type TPMOptions,
} from './statements.js';

/** How the signature counter moves on each assertion. */
export type CounterMode = 'increment' | 'fixed' | 'zero' | 'decrement';

/** Counter behaviour of an authenticator. */
export interface CounterOptions {
  /** signCount at registration (default 0). */
  initial?: number;
  /** Default `'increment'`. `'zero'`: always 0 (like synced passkeys); `'decrement'`: clone simulation. */
  mode?: CounterMode;
  /** Step for increment/decrement (default 1). */
  step?: number;
}

/** Extension inputs the authenticator understands (a small emulation of browser + CTAP2). */
export interface SoftwareExtensionInputs {
  /** Registration: report `credProps: { rk }`. */
  credProps?: boolean;
  /** Registration: CTAP2 credProtect level 1–3 in authenticator outputs. */
  credentialProtectionPolicy?:
    | 'userVerificationOptional'
    | 'userVerificationOptionalWithCredentialIDList'
    | 'userVerificationRequired';
  /** Registration: `hmac-secret: true` in authenticator outputs and `hmacCreateSecret: true` in client outputs. */
  hmacCreateSecret?: boolean;
  /** PRF (§10.1.4): registration → `{ enabled: true }`; assertion with eval → results (HMAC-SHA-256 of a seeded secret). */
  prf?: { eval?: { first: Uint8Array; second?: Uint8Array } };
  /** largeBlob (§10.1.5): registration `support` → `{ supported: true }`; assertion `read` → `{ blob }`, `write` → `{ written: true }`. */
  largeBlob?: { support?: 'required' | 'preferred'; read?: boolean; write?: Uint8Array };
  /** Assertion: AppID (§10.1.1). With `useAppId`, rpIdHash = SHA-256(appid) and the output is `appid: true`. */
  appid?: string;
}

/** Knobs shared by registration and assertion. */
interface CeremonyOptions {
  /** The challenge the RP issued: its base64url string (used verbatim) or its bytes. */
  challenge: string | Uint8Array;
  rpId: string;
  origin: string;
  crossOrigin?: boolean;
  topOrigin?: string;
  /** Flags to set or clear (defaults come from the authenticator). */
  flags?: AuthenticatorFlagOptions;
  extensions?: SoftwareExtensionInputs;
  /** Extra authenticator extension outputs (CBOR in authData, ED flag set). */
  authenticatorExtensions?: Readonly<Record<string, unknown>> | CBORMap;
  /** Client extension results to merge into (or replace) the emulated ones. */
  clientExtensionResults?: Record<string, unknown>;
  /** Use this rpIdHash instead of SHA-256(rpId). */
  rpIdHash?: Uint8Array;
  /** clientDataJSON serialization quirks (extra members, member order, BOM, indentation). */
  clientData?: ClientDataQuirks;
  /** Override `authenticatorAttachment` (null allowed). */
  authenticatorAttachment?: 'platform' | 'cross-platform' | null;
}

/** Corruption hooks for registration, each applied before whatever depends on it is signed. */
export interface RegistrationMutations {
  /** Rewrites the CollectedClientData object (key order = serialization order). */
  clientData?: (clientData: Record<string, unknown>) => Record<string, unknown>;
  /** Rewrites the raw clientDataJSON bytes (hashed afterwards). */
  clientDataJSON?: (bytes: Uint8Array) => Uint8Array;
  /** Rewrites the COSE_Key map before it is encoded into authData. */
  coseKey?: (key: CBORMap) => CBORMap;
  /** Rewrites authenticatorData before the attestation signs it. */
  authData?: (bytes: Uint8Array) => Uint8Array;
  /** Rewrites each attestation signature right after signing. */
  signature?: (signature: Uint8Array) => Uint8Array;
  /** Rewrites x5c before it goes into the statement. */
  certificates?: (x5c: Uint8Array[]) => Uint8Array[];
  /** Rewrites the finished statement (signed already). */
  attStmt?: (attStmt: CBORMap | CBORValue[]) => CBORMap | CBORValue[];
  /** Rewrites the attestationObject map before encoding. */
  attestationObject?: (attestationObject: CBORMap) => CBORMap;
  /** Rewrites the final JSON. */
  response?: (response: RegistrationResponseJSON) => RegistrationResponseJSON;
}

/** Corruption hooks for assertions. */
export interface AssertionMutations {
  clientData?: (clientData: Record<string, unknown>) => Record<string, unknown>;
  clientDataJSON?: (bytes: Uint8Array) => Uint8Array;
  /** Rewrites authenticatorData before it is signed. */
  authData?: (bytes: Uint8Array) => Uint8Array;
  /** Rewrites the signature after signing. */
  signature?: (signature: Uint8Array) => Uint8Array;
  response?: (response: AuthenticationResponseJSON) => AuthenticationResponseJSON;
}

/** Options of {@link SoftwareAuthenticator.createCredential}. */
export interface CreateCredentialOptions extends CeremonyOptions {
  /** The user entity; `id` as bytes or base64url. Stored and returned as userHandle in assertions. */
  user?: { id: Uint8Array | string; name?: string; displayName?: string };
  /** Credential algorithm (default: the authenticator's). */
  algorithm?: TestAlgorithm | number;
  /** Attestation format (default: the authenticator's). */
  attestation?: SoftwareAttestationFormat;
  /** Use this credential ID. */
  credentialId?: Uint8Array;
  /** Length of the generated credential ID (default 32). */
  credentialIdLength?: number;
  /** AAGUID in authData (default: the authenticator's; fido-u2f always zero). */
  aaguid?: Uint8Array | string;
  /** Whether the credential is discoverable (reported by credProps; default true). */
  residentKey?: boolean;
  /** Transports reported (default: the authenticator's). */
  transports?: AuthenticatorTransport[];
  /** Replace COSE_Key labels (value `undefined` deletes a label). */
  coseKeyOverrides?: Readonly<Record<number, CBORValue>>;
  /** signCount in the registration authData (default: counter.initial). */
  counter?: number;
  /** Leave out the L3 convenience members (publicKey, publicKeyAlgorithm, authenticatorData). */
  omitConvenienceMembers?: boolean;
  /** Attestation (leaf) certificate overrides. */
  attestationCertificate?: AttestationCertificateOverrides;
  tpm?: TPMOptions;
  androidKey?: AndroidKeyOptions;
  apple?: AppleOptions;
  /** Sub-formats for `compound` (default packed + tpm, or packed + packed-self for OKP keys). */
  compoundFormats?: readonly SoftwareAttestationFormat[];
  mutate?: RegistrationMutations;
}

/** Options of {@link SoftwareAuthenticator.getAssertion}. */
export interface GetAssertionOptions extends CeremonyOptions {
  /** Which credential signs: its ID as base64url or bytes. */
  credentialId: string | Uint8Array;
  /** userHandle to return: default the stored user id (null or omitted when unknown); `null` sends JSON null. */
  userHandle?: Uint8Array | string | null;
  /** Use exactly this signCount (and remember it). */
  counter?: number;
  /** ECDSA: return the high-S form of the signature (must still verify). */
  highS?: boolean;
  /** With `extensions.appid`: hash the AppID instead of the RP ID. */
  useAppId?: boolean;
  /** Sign with this key instead of the credential's (wrong-key tests). */
  signWith?: TestKeyPair;
  mutate?: AssertionMutations;
}

/** What a credential store needs to keep (bytes as bytes; the JSON-safe form is `id` + base64url). */
export interface SoftwareCredentialRecord {
  /** base64url credential ID. */
  id: string;
  /** COSE_Key bytes exactly as in authData. */
  publicKey: Uint8Array;
  /** COSE algorithm. */
  algorithm: number;
  /** signCount after registration. */
  counter: number;
  transports: AuthenticatorTransport[];
  /** base64url user handle, when a user was given. */
  userHandle: string | undefined;
  backupEligible: boolean;
  backedUp: boolean;
  /** AAGUID as a UUID string. */
  aaguid: string;
}

/** Raw bytes of a ceremony, for assertions in tests. */
export interface CeremonyBytes {
  clientDataJSON: Uint8Array;
  clientDataHash: Uint8Array;
  authenticatorData: Uint8Array;
}

/** Result of {@link SoftwareAuthenticator.createCredential}. */
export interface CreatedCredential {
  response: RegistrationResponseJSON;
  credential: SoftwareCredentialRecord;
  raw: CeremonyBytes & { attestationObject: Uint8Array; fmt: string };
  /** The credential key pair (for tests that sign by hand). */
  keyPair: TestKeyPair;
}

/** Result of {@link SoftwareAuthenticator.getAssertion}. */
export interface CreatedAssertion {
  response: AuthenticationResponseJSON;
  /** signCount in this assertion. */
  counter: number;
  raw: CeremonyBytes & { signature: Uint8Array };
}

/** Options of {@link createSoftwareAuthenticator}. */
export interface SoftwareAuthenticatorOptions {
  /** Seed for every key, ID and salt (default: random). Same seed + same calls = same bytes. */
  seed?: TestSeed;
  /** AAGUID as 16 bytes or a UUID string (default: derived from the seed). */
  aaguid?: Uint8Array | string;
  /** Credential algorithm (default ES256). */
  algorithm?: TestAlgorithm | number;
  /** Attestation format (default `'none'`). */
  attestation?: SoftwareAttestationFormat;
  /** CA for x5c formats (default: a CA derived from the seed; export it with `getAttestationCA()`). */
  attestationCA?: TestCA;
  /** Attestation key algorithm for packed x5c (default ES256) and tpm AIK (default RS256). */
  attestationAlgorithm?: TestAlgorithm;
  /** Default flags (UP and UV set, BE and BS clear; fido-u2f: UV clear). */
  flags?: AuthenticatorFlagOptions;
  /** Counter behaviour, or the initial value. */
  counter?: number | CounterOptions;
  /** Transports (default ["internal"]; fido-u2f ["usb"]). */
  transports?: AuthenticatorTransport[];
  /** Attachment (default "platform"; fido-u2f "cross-platform"). */
  attachment?: 'platform' | 'cross-platform';
  /** RSA modulus size for credential keys (default 2048). */
  rsaModulusBits?: number;
}

/** A software authenticator instance (holds its credentials; no global state). */
export interface SoftwareAuthenticator {
  /** Creates a credential: the registration response and the record to store. */
  createCredential(options: CreateCredentialOptions): Promise<CreatedCredential>;
  /** Signs an assertion with a credential this authenticator created. */
  getAssertion(options: GetAssertionOptions): Promise<CreatedAssertion>;
  /** The CA that issues this authenticator's attestation certificates. */
  getAttestationCA(): Promise<TestCA>;
  /** Current counter of a credential. */
  getCounter(credentialId: string | Uint8Array): number;
  /** Sets the counter of a credential (e.g. to simulate a clone). */
  setCounter(credentialId: string | Uint8Array, counter: number): void;
  /** The AAGUID as bytes. */
  readonly aaguid: Uint8Array;
}

interface StoredCredential {
  id: Uint8Array;
  format: SoftwareAttestationFormat;
  keyPair: TestKeyPair;
  counter: number;
  userHandle: Uint8Array | undefined;
  prfSecret: Uint8Array;
  largeBlob: Uint8Array;
}

const CRED_PROTECT: Readonly<Record<string, number>> = {
  userVerificationOptional: 1,
  userVerificationOptionalWithCredentialIDList: 2,
  userVerificationRequired: 3,
};

function parseAAGUID(value: Uint8Array | string): Uint8Array {
  const bytes = typeof value === 'string' ? fromHex(value.replace(/-/g, '')) : value;
  if (bytes.length !== 16) throw new RangeError('AAGUID must be 16 bytes');
  return bytes;
}

function toIdBytes(value: string | Uint8Array): Uint8Array {
  return typeof value === 'string' ? decodeBase64url(value) : value;
}

function toMap(value: Readonly<Record<string, unknown>> | CBORMap | undefined): CBORMap {
  if (value === undefined) return new Map();
  if (value instanceof Map) return new Map(value);
  return new Map(Object.entries(value) as [string, CBORValue][]);
}

function prfOutput(secret: Uint8Array, salt: Uint8Array): Uint8Array {
  // §10.1.4: the salt sent to hmac-secret is SHA-256("WebAuthn PRF" ‖ 0x00 ‖ input).
  const hashedSalt = digest('SHA-256', concat(utf8Encode('WebAuthn PRF'), Uint8Array.of(0), salt));
  // A stand-in for CTAP2 hmac-secret's HMAC-SHA-256(CredRandom, salt): deterministic per credential.
  return digest('SHA-256', concat(secret, hashedSalt));
}

function nextCounter(current: number, options: Required<CounterOptions>): number {
  switch (options.mode) {
    case 'increment':
      return Math.min(current + options.step, 0xffffffff);
    case 'decrement':
      return Math.max(current - options.step, 0);
    case 'zero':
      return 0;
    case 'fixed':
      return current;
  }
}

/**
 * Creates a software authenticator.
 *
 * @example
 * ```ts
 * import { createSoftwareAuthenticator } from '@tessera/webauthn/testing';
 *
 * const authenticator = createSoftwareAuthenticator({ seed: 'my-tests', attestation: 'none' });
 * const { response, credential } = await authenticator.createCredential({
 *   challenge: 'rZ0f8bP0c3c8tY3PbqkVKA',
 *   rpId: 'example.com',
 *   origin: 'https://example.com',
 *   user: { id: new TextEncoder().encode('user-1'), name: 'alice' },
 * });
 * const assertion = await authenticator.getAssertion({
 *   credentialId: credential.id,
 *   challenge: 'W0Yl6o5dkqU1Y2f3N4HkXg',
 *   rpId: 'example.com',
 *   origin: 'https://example.com',
 * });
 * ```
 */
export function createSoftwareAuthenticator(options: SoftwareAuthenticatorOptions = {}): SoftwareAuthenticator {
  const seed = deriveSeed(options.seed ?? randomSeed(), 'software-authenticator');
  const aaguid = options.aaguid === undefined ? deriveSeed(seed, 'aaguid', 16) : parseAAGUID(options.aaguid);
  const defaultFormat = options.attestation ?? 'none';
  const counterOptions: Required<CounterOptions> = {
    initial: 0,
    mode: 'increment',
    step: 1,
    ...(typeof options.counter === 'number' ? { initial: options.counter } : options.counter),
  };
  const credentials = new Map<string, StoredCredential>();
  const attestationKeys = new Map<string, TestKeyPair>();
  let caPromise: Promise<TestCA> | undefined;
  let created = 0;

  const getCA = (): Promise<TestCA> => {
    if (options.attestationCA !== undefined) return Promise.resolve(options.attestationCA);
    caPromise ??= createTestCA({
      seed: deriveSeed(seed, 'attestation-ca'),
      name: 'Tessera Software Authenticator Root CA',
    });
    return caPromise;
  };

  const attestationKey = (purpose: 'packed' | 'fido-u2f' | 'tpm'): TestKeyPair => {
    const algorithm: TestAlgorithm =
      purpose === 'fido-u2f' ? 'ES256' : (options.attestationAlgorithm ?? (purpose === 'tpm' ? 'RS256' : 'ES256'));
    const cacheKey = `${purpose}/${algorithm}`;
    let key = attestationKeys.get(cacheKey);
    if (key === undefined) {
      key = generateTestKeyPair(algorithm, { seed, label: `attestation/${purpose}` });
      attestationKeys.set(cacheKey, key);
    }
    return key;
  };

  const lookup = (credentialId: string | Uint8Array): StoredCredential => {
    const id = typeof credentialId === 'string' ? credentialId : encodeBase64url(credentialId);
    const stored = credentials.get(id);
    if (stored === undefined) throw new RangeError(`unknown credential ${id}`);
    return stored;
  };

  const flagsFor = (
    format: SoftwareAttestationFormat,
    overrides: AuthenticatorFlagOptions | undefined,
  ): AuthenticatorFlagOptions => ({
    up: true,
    uv: format !== 'fido-u2f',
    be: false,
    bs: false,
    ...options.flags,
    ...overrides,
  });

  return {
    aaguid,

    getAttestationCA: getCA,

    getCounter(credentialId: string | Uint8Array): number {
      return lookup(credentialId).counter;
    },

    setCounter(credentialId: string | Uint8Array, counter: number): void {
      lookup(credentialId).counter = counter;
    },

    async createCredential(o: CreateCredentialOptions): Promise<CreatedCredential> {
      const index = created++;
      const format = o.attestation ?? defaultFormat;
      const algorithm = resolveTestAlgorithm(o.algorithm ?? options.algorithm ?? 'ES256');
      const keyPair = generateTestKeyPair(algorithm, {
        seed,
        label: `credential/${index}`,
        ...(options.rsaModulusBits === undefined ? {} : { rsaModulusBits: options.rsaModulusBits }),
      });
      const random = createSeededRandom(seed, `credential/${index}`);
      const credentialId = o.credentialId ?? random(o.credentialIdLength ?? 32);
      const credAaguid =
        o.aaguid !== undefined ? parseAAGUID(o.aaguid) : format === 'fido-u2f' ? new Uint8Array(16) : aaguid;
      const transports = o.transports ?? options.transports ?? (format === 'fido-u2f' ? ['usb'] : ['internal']);
      const attachment =
        o.authenticatorAttachment !== undefined
          ? o.authenticatorAttachment
          : (options.attachment ?? (format === 'fido-u2f' ? 'cross-platform' : 'platform'));
      const flags = flagsFor(format, o.flags);
      const signCount = o.counter ?? counterOptions.initial;
      const m = o.mutate ?? {};

      // clientDataJSON (§5.8.1) → its hash.
      const clientDataJSON = buildClientDataJSON({
        type: 'webauthn.create',
        challenge: o.challenge,
        origin: o.origin,
        ...(o.crossOrigin === undefined ? {} : { crossOrigin: o.crossOrigin }),
        ...(o.topOrigin === undefined ? {} : { topOrigin: o.topOrigin }),
        ...(o.clientData === undefined ? {} : { quirks: o.clientData }),
        ...(m.clientData === undefined ? {} : { mutateObject: m.clientData }),
        ...(m.clientDataJSON === undefined ? {} : { mutateBytes: m.clientDataJSON }),
      });
      const clientDataHash = digest('SHA-256', clientDataJSON);

      // Credential public key as COSE_Key (§6.5.1.1).
      let coseMap = coseKeyMap(keyPair.publicKey, keyPair.coseAlgorithm);
      for (const [label, value] of Object.entries(o.coseKeyOverrides ?? {})) {
        if (value === undefined) coseMap.delete(Number(label));
        else coseMap.set(Number(label), value);
      }
      if (m.coseKey !== undefined) coseMap = m.coseKey(coseMap);
      const coseKey = encodeCBOR(coseMap);

      // Extensions.
      const ext = o.extensions ?? {};
      const authExt = new Map<string | number, CBORValue>();
      const clientExt: Record<string, unknown> = {};
      const prfSecret = random(32);
      if (ext.credentialProtectionPolicy !== undefined) {
        authExt.set('credProtect', CRED_PROTECT[ext.credentialProtectionPolicy] as number);
      }
      if (ext.hmacCreateSecret === true) {
        authExt.set('hmac-secret', true);
        clientExt.hmacCreateSecret = true;
      }
      if (ext.prf !== undefined) {
        authExt.set('hmac-secret', true);
        const prf: Record<string, unknown> = { enabled: true };
        if (ext.prf.eval !== undefined) {
          prf.results = {
            first: encodeBase64url(prfOutput(prfSecret, ext.prf.eval.first)),
            ...(ext.prf.eval.second === undefined
              ? {}
              : { second: encodeBase64url(prfOutput(prfSecret, ext.prf.eval.second)) }),
          };
        }
        clientExt.prf = prf;
      }
      if (ext.largeBlob?.support !== undefined) clientExt.largeBlob = { supported: true };
      if (ext.credProps === true) clientExt.credProps = { rk: o.residentKey ?? true };
      for (const [k, v] of toMap(o.authenticatorExtensions)) authExt.set(k, v);
      Object.assign(clientExt, o.clientExtensionResults);

      // authenticatorData (§6.1) with attested credential data.
      const rpIdHash = o.rpIdHash ?? digest('SHA-256', utf8Encode(o.rpId));
      let authData = encodeAuthenticatorData({
        rpIdHash,
        flags,
        signCount,
        attestedCredentialData: { aaguid: credAaguid, credentialId, credentialPublicKey: coseKey },
        ...(authExt.size > 0 ? { extensions: encodeCBOR(authExt) } : {}),
      });
      if (m.authData !== undefined) authData = m.authData(authData);

      // Attestation statement, signed over the final authData and clientDataHash.
      const ctx: StatementContext = {
        authData,
        clientDataHash,
        credentialKey: keyPair,
        aaguid: credAaguid,
        ca: getCA,
        attestationKey,
        ...(o.attestationCertificate === undefined ? {} : { leaf: o.attestationCertificate }),
        ...(o.tpm === undefined ? {} : { tpm: o.tpm }),
        ...(o.androidKey === undefined ? {} : { androidKey: o.androidKey }),
        ...(o.apple === undefined ? {} : { apple: o.apple }),
        ...(o.compoundFormats === undefined ? {} : { compoundFormats: o.compoundFormats }),
        ...(m.signature === undefined ? {} : { mutateSignature: m.signature }),
        ...(m.certificates === undefined ? {} : { mutateCertificates: m.certificates }),
      };
      const statement = await buildAttestationStatement(format, ctx, rpIdHash, credentialId);
      const attStmt = m.attStmt === undefined ? statement.attStmt : m.attStmt(statement.attStmt);
      let attObjMap: CBORMap = new Map<string, CBORValue>([
        ['fmt', statement.fmt],
        ['attStmt', attStmt as CBORValue],
        ['authData', authData],
      ]);
      if (m.attestationObject !== undefined) attObjMap = m.attestationObject(attObjMap);
      const attestationObject = encodeCBOR(attObjMap);

      const idText = encodeBase64url(credentialId);
      const userHandle = o.user === undefined ? undefined : toIdBytes(o.user.id);
      const convenience = o.omitConvenienceMembers === true;
      let response: RegistrationResponseJSON = {
        id: idText,
        rawId: idText,
        type: 'public-key',
        response: {
          clientDataJSON: encodeBase64url(clientDataJSON),
          attestationObject: encodeBase64url(attestationObject),
          transports: [...transports],
          ...(convenience
            ? {}
            : {
                publicKeyAlgorithm: keyPair.coseAlgorithm,
                publicKey: encodeBase64url(encodePublicKeySPKI(keyPair.publicKey)),
                authenticatorData: encodeBase64url(authData),
              }),
        },
        clientExtensionResults: clientExt,
        authenticatorAttachment: attachment,
      };
      if (m.response !== undefined) response = m.response(response);

      const stored: StoredCredential = {
        id: credentialId,
        format,
        keyPair,
        counter: signCount,
        userHandle,
        prfSecret,
        largeBlob: new Uint8Array(0),
      };
      credentials.set(idText, stored);

      return {
        response,
        credential: {
          id: idText,
          publicKey: coseKey,
          algorithm: keyPair.coseAlgorithm,
          counter: signCount,
          transports: [...transports],
          userHandle: userHandle === undefined ? undefined : encodeBase64url(userHandle),
          backupEligible: flags.be === true,
          backedUp: flags.bs === true,
          aaguid: formatUUID(credAaguid),
        },
        raw: { clientDataJSON, clientDataHash, authenticatorData: authData, attestationObject, fmt: statement.fmt },
        keyPair,
      };
    },

    async getAssertion(o: GetAssertionOptions): Promise<CreatedAssertion> {
      const stored = lookup(o.credentialId);
      const m = o.mutate ?? {};
      const counter = o.counter ?? nextCounter(stored.counter, counterOptions);
      stored.counter = counter;

      const clientDataJSON = buildClientDataJSON({
        type: 'webauthn.get',
        challenge: o.challenge,
        origin: o.origin,
        ...(o.crossOrigin === undefined ? {} : { crossOrigin: o.crossOrigin }),
        ...(o.topOrigin === undefined ? {} : { topOrigin: o.topOrigin }),
        ...(o.clientData === undefined ? {} : { quirks: o.clientData }),
        ...(m.clientData === undefined ? {} : { mutateObject: m.clientData }),
        ...(m.clientDataJSON === undefined ? {} : { mutateBytes: m.clientDataJSON }),
      });
      const clientDataHash = digest('SHA-256', clientDataJSON);

      const ext = o.extensions ?? {};
      const authExt = new Map<string | number, CBORValue>();
      const clientExt: Record<string, unknown> = {};
      if (ext.prf?.eval !== undefined) {
        const first = prfOutput(stored.prfSecret, ext.prf.eval.first);
        const second = ext.prf.eval.second === undefined ? undefined : prfOutput(stored.prfSecret, ext.prf.eval.second);
        // The encrypted hmac-secret output is opaque to the RP; emit a deterministic stand-in.
        authExt.set('hmac-secret', digest('SHA-256', concat(first, second ?? new Uint8Array(0))));
        clientExt.prf = {
          results: {
            first: encodeBase64url(first),
            ...(second === undefined ? {} : { second: encodeBase64url(second) }),
          },
        };
      }
      if (ext.largeBlob?.read === true) clientExt.largeBlob = { blob: encodeBase64url(stored.largeBlob) };
      if (ext.largeBlob?.write !== undefined) {
        stored.largeBlob = new Uint8Array(ext.largeBlob.write);
        clientExt.largeBlob = { written: true };
      }
      if (ext.appid !== undefined) clientExt.appid = o.useAppId === true;
      for (const [k, v] of toMap(o.authenticatorExtensions)) authExt.set(k, v);
      Object.assign(clientExt, o.clientExtensionResults);

      const rpIdHash =
        o.rpIdHash ??
        digest('SHA-256', utf8Encode(o.useAppId === true && ext.appid !== undefined ? ext.appid : o.rpId));
      let authData = encodeAuthenticatorData({
        rpIdHash,
        flags: flagsFor(stored.format, o.flags),
        signCount: counter,
        ...(authExt.size > 0 ? { extensions: encodeCBOR(authExt) } : {}),
      });
      if (m.authData !== undefined) authData = m.authData(authData);

      // §6.3.3 step 11: the signature covers authenticatorData ‖ clientDataHash.
      const signer = o.signWith ?? stored.keyPair;
      let signature = signer.sign(concat(authData, clientDataHash), {
        highS: o.highS === true && signer.scheme.name === 'ECDSA',
      });
      if (m.signature !== undefined) signature = m.signature(signature);

      const idText = encodeBase64url(stored.id);
      const userHandleBytes =
        o.userHandle === undefined ? stored.userHandle : o.userHandle === null ? null : toIdBytes(o.userHandle);
      let response: AuthenticationResponseJSON = {
        id: idText,
        rawId: idText,
        type: 'public-key',
        response: {
          clientDataJSON: encodeBase64url(clientDataJSON),
          authenticatorData: encodeBase64url(authData),
          signature: encodeBase64url(signature),
          ...(userHandleBytes === undefined
            ? {}
            : { userHandle: userHandleBytes === null ? null : encodeBase64url(userHandleBytes) }),
        },
        clientExtensionResults: clientExt,
        authenticatorAttachment:
          o.authenticatorAttachment !== undefined
            ? o.authenticatorAttachment
            : (options.attachment ?? (stored.format === 'fido-u2f' ? 'cross-platform' : 'platform')),
      };
      if (m.response !== undefined) response = m.response(response);
      return { response, counter, raw: { clientDataJSON, clientDataHash, authenticatorData: authData, signature } };
    },
  };
}
