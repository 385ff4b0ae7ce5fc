/**
 * Generates `fixtures/generated/**` with the software authenticator, in the shared fixture
 * format (see `../shared/fixtures/README.md`): one JSON file per ceremony plus the test CA root.
 *
 * Deterministic: fixed seeds, fixed challenges, fixed certificate validity (2025-01-01 …
 * 2045-01-01) and a fixed verification clock, so regenerating gives byte-identical files
 * (`test/testing/fixtures.test.ts` checks this).
 *
 * Run: `npx bun scripts/generate-fixtures.ts` (Bun runs the TypeScript directly). Without Bun:
 * `npx esbuild scripts/generate-fixtures.ts --bundle --platform=node --format=esm --outfile=node_modules/.cache/gen.mjs && node node_modules/.cache/gen.mjs`.
 */

import { digest } from '../src/crypto/hash.js';
import { encodeBase64url } from '../src/encoding/base64url.js';
import { formatUUID, utf8Encode } from '../src/encoding/bytes.js';
import { type CBORMap, decodeCBOR } from '../src/encoding/cbor.js';
import { parseAttestationObject, parseAuthenticatorData, parseClientDataJSON } from '../src/parsers/index.js';
import {
  type CreateCredentialOptions,
  type CreatedCredential,
  createSoftwareAuthenticator,
  createTestCA,
  type GetAssertionOptions,
  generateTestKeyPair,
  type SoftwareAttestationFormat,
  type SoftwareAuthenticator,
  type SoftwareAuthenticatorOptions,
  TEST_ALGORITHMS,
  type TestAlgorithm,
  type TestCA,
} from '../src/testing/index.js';

/** One output file, path relative to the repository root. */
export interface GeneratedFile {
  path: string;
  content: string;
}

const OUT = 'fixtures/generated';
const RP_ID = 'example.com';
const ORIGIN = 'https://example.com';
const VERIFY_AT = '2026-01-01T00:00:00.000Z';
const ROOT_FILE = 'roots/tessera-test-root-ca.pem';
const CA_SEED = 'tessera-fixtures/ca';

type Json = Record<string, unknown>;

function challengeFor(id: string): string {
  return encodeBase64url(digest('SHA-256', utf8Encode(`tessera-fixtures/challenge/${id}`)));
}

function flagsJson(byte: number): Json {
  return {
    up: (byte & 0x01) !== 0,
    uv: (byte & 0x04) !== 0,
    be: (byte & 0x08) !== 0,
    bs: (byte & 0x10) !== 0,
    at: (byte & 0x40) !== 0,
    ed: (byte & 0x80) !== 0,
    byte: `0x${byte.toString(16).padStart(2, '0')}`,
  };
}

const EC_CRV: Record<number, string> = { 1: 'P-256', 2: 'P-384', 3: 'P-521', 8: 'secp256k1' };
const OKP_CRV: Record<number, string> = { 6: 'Ed25519', 7: 'Ed448' };

function algName(alg: number, crv?: string): string {
  if (alg === -8 && crv === 'Ed448') return 'EdDSA';
  for (const [name, info] of Object.entries(TEST_ALGORITHMS)) {
    if (info.coseAlgorithm === alg && name !== 'EdDSA-Ed448') return name;
  }
  return String(alg);
}

function publicKeyJson(cose: Uint8Array): Json {
  const m = decodeCBOR(cose) as CBORMap;
  const kty = m.get(1);
  const alg = m.get(3) as number;
  if (kty === 2) return { kty: 'EC2', alg, algName: algName(alg), crv: EC_CRV[m.get(-1) as number] };
  if (kty === 1) {
    const crv = OKP_CRV[m.get(-1) as number];
    return { kty: 'OKP', alg, algName: algName(alg, crv), crv };
  }
  const n = m.get(-1) as Uint8Array;
  return { kty: 'RSA', alg, algName: algName(alg), modulusBits: n.length * 8 - Math.clz32(n[0] as number) + 24 };
}

function clientDataJson(clientDataJSON: string): Json {
  const c = parseClientDataJSON(decode(clientDataJSON));
  return {
    type: c.type,
    challenge: c.challenge,
    origin: c.origin,
    ...(c.crossOrigin === undefined ? {} : { crossOrigin: c.crossOrigin }),
    ...(c.topOrigin === undefined ? {} : { topOrigin: c.topOrigin }),
  };
}

function decode(b64: string): Uint8Array {
  const bin = atob(b64.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((b64.length + 3) % 4));
  return Uint8Array.from(bin, (ch) => ch.charCodeAt(0));
}

const ATTESTATION_TYPE: Record<string, string> = {
  none: 'None',
  'packed-self': 'Self',
  packed: 'Basic/AttCA (x5c)',
  'fido-u2f': 'Basic',
  tpm: 'AttCA',
  apple: 'AnonCA',
  'android-key': 'Basic',
  compound: 'Compound',
};

interface RegistrationCase {
  id: string;
  description: string;
  algorithm: TestAlgorithm;
  attestation: SoftwareAttestationFormat;
  create?: Partial<CreateCredentialOptions>;
  authenticator?: Partial<SoftwareAuthenticatorOptions>;
  expected?: Partial<{ challenge: string; origin: string; rpId: string; topOrigin: string }>;
  requireUserVerification?: boolean;
  outcome?: 'valid' | 'invalid';
  invalidReason?: string;
  policy?: Json;
  notes?: string[];
  /** Also emit an authentication fixture for this credential. */
  authentication?: boolean;
}

interface AuthenticationCase {
  id: string;
  description: string;
  registrationId: string;
  get?: Partial<GetAssertionOptions>;
  storedCounter?: number;
  /** Assertions to make (and drop) before the recorded one, e.g. to raise the counter. */
  before?: number;
  authenticator?: Partial<SoftwareAuthenticatorOptions>;
  expected?: Partial<{ challenge: string; origin: string; rpId: string; topOrigin: string }>;
  requireUserVerification?: boolean;
  outcome?: 'valid' | 'invalid';
  invalidReason?: string;
  policy?: Json;
  notes?: string[];
}

const NONE_ALGORITHMS: TestAlgorithm[] = [
  'ES256',
  'ES384',
  'ES512',
  'ES256K',
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'EdDSA',
  'Ed448',
  'EdDSA-Ed448',
  'RS1',
];

function slug(alg: TestAlgorithm): string {
  return alg.toLowerCase();
}

const REGISTRATIONS: RegistrationCase[] = [
  ...NONE_ALGORITHMS.map(
    (algorithm): RegistrationCase => ({
      id: `tessera-none-${slug(algorithm)}-registration`,
      description: `Software authenticator: ${algorithm} credential, "none" attestation.`,
      algorithm,
      attestation: 'none',
      authentication: true,
      ...(algorithm === 'EdDSA-Ed448' ? { notes: ['COSE alg -8 (EdDSA) with crv 7 (Ed448).'] } : {}),
    }),
  ),
  ...(['ES256', 'RS256', 'EdDSA', 'PS256', 'ES384'] as TestAlgorithm[]).map(
    (algorithm): RegistrationCase => ({
      id: `tessera-packed-self-${slug(algorithm)}-registration`,
      description: `Software authenticator: ${algorithm} credential, packed self attestation.`,
      algorithm,
      attestation: 'packed-self',
    }),
  ),
  ...(['ES256', 'RS256', 'EdDSA'] as TestAlgorithm[]).map(
    (algorithm): RegistrationCase => ({
      id: `tessera-packed-x5c-${slug(algorithm)}-registration`,
      description: `Software authenticator: ${algorithm} credential, packed x5c attestation (ES256 attestation key, test CA).`,
      algorithm,
      attestation: 'packed',
    }),
  ),
  {
    id: 'tessera-packed-x5c-es256-intermediate-registration',
    description: 'Packed x5c attestation whose leaf is issued by an intermediate CA (x5c = [leaf, intermediate]).',
    algorithm: 'ES256',
    attestation: 'packed',
    notes: ['The chain is leaf → intermediate (in x5c) → root (the trust anchor).'],
  },
  {
    id: 'tessera-fido-u2f-es256-registration',
    description:
      'Software authenticator: ES256 credential, fido-u2f attestation (one certificate, zero AAGUID, UV clear).',
    algorithm: 'ES256',
    attestation: 'fido-u2f',
    requireUserVerification: false,
    authentication: true,
  },
  {
    id: 'tessera-tpm-es256-registration',
    description: 'TPM attestation: ECC P-256 pubArea, RS256 AIK with empty subject, TCG SAN and AIK EKU.',
    algorithm: 'ES256',
    attestation: 'tpm',
  },
  {
    id: 'tessera-tpm-rs256-registration',
    description: 'TPM attestation: RSA 2048 pubArea (exponent encoded as 0), RS256 AIK.',
    algorithm: 'RS256',
    attestation: 'tpm',
  },
  {
    id: 'tessera-apple-es256-registration',
    description:
      'Apple anonymous attestation: leaf certifies the credential key, nonce extension = SHA-256(authData ‖ clientDataHash).',
    algorithm: 'ES256',
    attestation: 'apple',
  },
  {
    id: 'tessera-android-key-es256-registration',
    description:
      'Android Key attestation: leaf certifies the credential key, KeyDescription challenge = clientDataHash, TEE purpose SIGN, origin GENERATED.',
    algorithm: 'ES256',
    attestation: 'android-key',
  },
  {
    id: 'tessera-android-key-rs256-registration',
    description: 'Android Key attestation with an RSA 2048 credential key.',
    algorithm: 'RS256',
    attestation: 'android-key',
  },
  {
    id: 'tessera-compound-es256-registration',
    description: 'Compound attestation (L3 §8.9) carrying a packed x5c and a tpm statement over the same authData.',
    algorithm: 'ES256',
    attestation: 'compound',
    create: { compoundFormats: ['packed', 'tpm'] },
  },
  {
    id: 'tessera-none-es256-bom-extra-members-registration',
    description:
      'clientDataJSON with a UTF-8 BOM, reordered members (challenge first) and unknown extra members: must be accepted.',
    algorithm: 'ES256',
    attestation: 'none',
    create: {
      clientData: {
        bom: true,
        memberOrder: ['challenge', 'origin', 'type'],
        extraMembers: {
          other_keys_can_be_added_here: 'do not compare clientDataJSON against a template',
          extraData: 1,
        },
      },
    },
    notes: ['clientDataJSON starts with EF BB BF; the hash covers the BOM.'],
  },
  {
    id: 'tessera-none-es256-extensions-registration',
    description:
      'Registration with authenticator extension outputs (credProtect, hmac-secret) in authData and client outputs (credProps, prf).',
    algorithm: 'ES256',
    attestation: 'none',
    create: { extensions: { credProps: true, credentialProtectionPolicy: 'userVerificationRequired', prf: {} } },
  },
  {
    id: 'tessera-none-es256-backup-registration',
    description: 'Synced-passkey style registration: BE and BS set, signCount 0.',
    algorithm: 'ES256',
    attestation: 'none',
    create: { flags: { be: true, bs: true } },
  },
  {
    id: 'tessera-none-es256-crossorigin-registration',
    description: 'Cross-origin iframe registration (crossOrigin true, topOrigin set) with a policy that allows it.',
    algorithm: 'ES256',
    attestation: 'none',
    create: { crossOrigin: true, topOrigin: 'https://embedder.example' },
    expected: { topOrigin: 'https://embedder.example' },
    policy: { allowCrossOrigin: true },
  },
  {
    id: 'tessera-none-es256-crossorigin-disallowed-registration',
    description: 'Cross-origin iframe registration with a policy that does not allow it.',
    algorithm: 'ES256',
    attestation: 'none',
    create: { crossOrigin: true, topOrigin: 'https://embedder.example' },
    policy: { allowCrossOrigin: false },
    outcome: 'invalid',
    invalidReason: 'cross-origin-not-allowed',
  },
  {
    id: 'tessera-none-es256-wrong-challenge-registration',
    description: 'clientData.challenge differs from the challenge the RP issued.',
    algorithm: 'ES256',
    attestation: 'none',
    create: { challenge: challengeFor('some-other-ceremony') },
    outcome: 'invalid',
    invalidReason: 'challenge-mismatch',
  },
  {
    id: 'tessera-none-es256-wrong-origin-registration',
    description: 'clientData.origin is a look-alike of the expected origin.',
    algorithm: 'ES256',
    attestation: 'none',
    create: { origin: 'https://example.com.evil.example' },
    outcome: 'invalid',
    invalidReason: 'origin-mismatch',
  },
  {
    id: 'tessera-none-es256-wrong-rpid-registration',
    description: 'authData.rpIdHash is SHA-256 of a different RP ID (re-signed, so only the RP ID check fails).',
    algorithm: 'ES256',
    attestation: 'none',
    create: { rpId: 'evil.example' },
    outcome: 'invalid',
    invalidReason: 'rpid-mismatch',
  },
  {
    id: 'tessera-packed-self-es256-wrong-rpid-registration',
    description: 'Packed self attestation over authData for another RP ID (signature valid, RP ID check fails).',
    algorithm: 'ES256',
    attestation: 'packed-self',
    create: { rpId: 'evil.example' },
    outcome: 'invalid',
    invalidReason: 'rpid-mismatch',
  },
  {
    id: 'tessera-packed-x5c-es256-aaguid-ext-mismatch-registration',
    description: 'Packed x5c attestation whose leaf id-fido-gen-ce-aaguid differs from authData AAGUID.',
    algorithm: 'ES256',
    attestation: 'packed',
    create: {
      attestationCertificate: {
        extensions: (e) => ({ ...e, aaguid: new Uint8Array(16).fill(0xee) }),
      },
    },
    outcome: 'invalid',
    invalidReason: 'aaguid-extension-mismatch',
  },
];

const AUTHENTICATIONS: AuthenticationCase[] = [
  {
    id: 'tessera-es256-counter-zero-authentication',
    description: 'Authenticator without a counter: stored 0, new 0 (no check, must be accepted).',
    registrationId: 'tessera-none-es256-registration',
    authenticator: { counter: { mode: 'zero' } },
    storedCounter: 0,
  },
  {
    id: 'tessera-es256-high-s-authentication',
    description: 'ES256 assertion whose signature has s > n/2 (WebAuthn has no low-S rule: must be accepted).',
    registrationId: 'tessera-none-es256-registration',
    get: { highS: true },
  },
  {
    id: 'tessera-es256-extensions-authentication',
    description: 'Assertion with PRF results and an hmac-secret authenticator output (ED flag set).',
    registrationId: 'tessera-none-es256-registration',
    get: { extensions: { prf: { eval: { first: utf8Encode('salt-1') } } } },
  },
  {
    id: 'tessera-es256-bom-authentication',
    description: 'Assertion clientDataJSON with a BOM and Chrome-style extra member: must be accepted.',
    registrationId: 'tessera-none-es256-registration',
    get: { clientData: { bom: true, extraMembers: { other_keys_can_be_added_here: 'x' } } },
  },
  {
    id: 'tessera-es256-wrong-challenge-authentication',
    description: 'Assertion over a different challenge.',
    registrationId: 'tessera-none-es256-registration',
    get: { challenge: challengeFor('some-other-ceremony') },
    outcome: 'invalid',
    invalidReason: 'challenge-mismatch',
  },
  {
    id: 'tessera-es256-wrong-origin-authentication',
    description: 'Assertion from another origin (subdomain).',
    registrationId: 'tessera-none-es256-registration',
    get: { origin: 'https://login.example.com' },
    outcome: 'invalid',
    invalidReason: 'origin-mismatch',
  },
  {
    id: 'tessera-es256-wrong-rpid-authentication',
    description: 'Assertion whose rpIdHash is for another RP ID (re-signed).',
    registrationId: 'tessera-none-es256-registration',
    get: { rpId: 'evil.example' },
    outcome: 'invalid',
    invalidReason: 'rpid-mismatch',
  },
  {
    id: 'tessera-es256-wrong-key-authentication',
    description: 'Assertion signed by a different ES256 key than the stored credential key.',
    registrationId: 'tessera-none-es256-registration',
    get: { signWith: generateTestKeyPair('ES256', { seed: 'tessera-fixtures/other-key' }) },
    outcome: 'invalid',
    invalidReason: 'signature-invalid',
  },
  {
    id: 'tessera-rs256-bad-signature-authentication',
    description: 'RS256 assertion with one flipped signature byte.',
    registrationId: 'tessera-none-rs256-registration',
    get: {
      mutate: {
        signature: (s) => {
          const out = new Uint8Array(s);
          out[10] = (out[10] as number) ^ 0x01;
          return out;
        },
      },
    },
    outcome: 'invalid',
    invalidReason: 'signature-invalid',
  },
  {
    id: 'tessera-es256-counter-replay-authentication',
    description: 'Counter not increased: stored 5, assertion 5 (clone signal).',
    registrationId: 'tessera-none-es256-registration',
    get: { counter: 5 },
    storedCounter: 5,
    outcome: 'invalid',
    invalidReason: 'counter-not-increased',
  },
  {
    id: 'tessera-es256-counter-regression-authentication',
    description: 'Counter went backwards: stored 5, assertion 4 (clone signal).',
    registrationId: 'tessera-none-es256-registration',
    get: { counter: 4 },
    storedCounter: 5,
    outcome: 'invalid',
    invalidReason: 'counter-not-increased',
  },
  {
    id: 'tessera-es256-crossorigin-authentication',
    description: 'Cross-origin iframe assertion with a policy that allows it.',
    registrationId: 'tessera-none-es256-registration',
    get: { crossOrigin: true, topOrigin: 'https://embedder.example' },
    expected: { topOrigin: 'https://embedder.example' },
    policy: { allowCrossOrigin: true },
  },
  {
    id: 'tessera-es256-crossorigin-disallowed-authentication',
    description: 'Cross-origin iframe assertion with a policy that does not allow it.',
    registrationId: 'tessera-none-es256-registration',
    get: { crossOrigin: true },
    policy: { allowCrossOrigin: false },
    outcome: 'invalid',
    invalidReason: 'cross-origin-not-allowed',
  },
];

function stringify(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

function registrationResult(created: CreatedCredential): Json {
  const ao = parseAttestationObject(created.raw.attestationObject);
  const ad = parseAuthenticatorData(ao.authData);
  const acd = ad.attestedCredentialData!;
  return {
    clientData: clientDataJson(created.response.response.clientDataJSON),
    fmt: ao.fmt,
    aaguid: formatUUID(acd.aaguid),
    credentialId: encodeBase64url(acd.credentialId),
    credentialPublicKey: encodeBase64url(acd.credentialPublicKey),
    publicKeyAlgorithm: created.credential.algorithm,
    publicKey: publicKeyJson(acd.credentialPublicKey),
    signCount: ad.signCount,
    flags: flagsJson(ad.flags.value),
    ...(ad.extensions === undefined
      ? {}
      : {
          authenticatorExtensionsCbor: encodeBase64url(
            ao.authData.subarray(ao.authData.length - extensionLength(ao.authData)),
          ),
        }),
  };
}

function extensionLength(authData: Uint8Array): number {
  // Re-derive: everything after the attested credential data (or byte 37).
  const ad = parseAuthenticatorData(authData);
  let end = 37;
  if (ad.attestedCredentialData !== undefined) {
    end +=
      16 + 2 + ad.attestedCredentialData.credentialId.length + ad.attestedCredentialData.credentialPublicKey.length;
  }
  return authData.length - end;
}

function x5cOf(attestationObject: Uint8Array): Uint8Array[] {
  const ao = parseAttestationObject(attestationObject);
  if (Array.isArray(ao.attStmt)) {
    return ao.attStmt.flatMap(
      (item) => (((item as CBORMap).get('attStmt') as CBORMap).get('x5c') as Uint8Array[]) ?? [],
    );
  }
  return ((ao.attStmt as CBORMap).get('x5c') as Uint8Array[] | undefined) ?? [];
}

function attestationAlg(attestationObject: Uint8Array): number | undefined {
  const ao = parseAttestationObject(attestationObject);
  if (Array.isArray(ao.attStmt)) return undefined;
  const alg = (ao.attStmt as CBORMap).get('alg');
  if (typeof alg === 'number') return alg;
  return ao.fmt === 'fido-u2f' ? -7 : undefined;
}

/** Builds every fixture file in memory (deterministic). */
export async function buildFixtures(): Promise<GeneratedFile[]> {
  const files: GeneratedFile[] = [];
  const ca: TestCA = await createTestCA({ seed: CA_SEED, name: 'Tessera Fixtures Root CA' });
  const caWithIntermediate: TestCA = await createTestCA({
    seed: CA_SEED,
    name: 'Tessera Fixtures Root CA',
    intermediate: true,
  });
  files.push({ path: `${OUT}/${ROOT_FILE}`, content: ca.root.pem });

  const registered = new Map<
    string,
    { authenticator: SoftwareAuthenticator; created: CreatedCredential; options: SoftwareAuthenticatorOptions }
  >();
  const index: Json[] = [];

  for (const c of REGISTRATIONS) {
    const seed = `tessera-fixtures/${c.id}`;
    const attestationCA = c.id.includes('intermediate') ? caWithIntermediate : ca;
    const options: SoftwareAuthenticatorOptions = {
      seed,
      algorithm: c.algorithm,
      attestation: c.attestation,
      attestationCA,
      ...c.authenticator,
    };
    const authenticator = createSoftwareAuthenticator(options);
    const challenge = challengeFor(c.id);
    const created = await authenticator.createCredential({
      challenge,
      rpId: RP_ID,
      origin: ORIGIN,
      user: { id: utf8Encode(`user/${c.id}`), name: 'alice@example.com', displayName: 'Alice' },
      ...c.create,
    });
    registered.set(c.id, { authenticator, created, options });
    const requireUV = c.requireUserVerification ?? c.attestation !== 'fido-u2f';
    const x5c = x5cOf(created.raw.attestationObject);
    const alg = attestationAlg(created.raw.attestationObject);
    const fixture: Json = {
      id: c.id,
      source: { repo: 'tessera', generator: 'software-authenticator', seed },
      description: c.description,
      kind: 'registration',
      response: created.response,
      expected: {
        challenge: c.expected?.challenge ?? challenge,
        origin: c.expected?.origin ?? ORIGIN,
        rpId: c.expected?.rpId ?? RP_ID,
        requireUserVerification: requireUV,
        requireUserPresence: true,
        ...(c.expected?.topOrigin === undefined ? {} : { topOrigin: c.expected.topOrigin }),
      },
      credential: null,
      outcome: c.outcome ?? 'valid',
      ...(c.invalidReason === undefined ? {} : { invalidReason: c.invalidReason }),
      ...(c.policy === undefined ? {} : { policy: c.policy }),
      ...(c.algorithm === 'RS1' ? { requires: ['sha1'] } : {}),
      attestation: {
        fmt: created.raw.fmt,
        type: ATTESTATION_TYPE[c.attestation],
        ...(alg === undefined ? {} : { alg, algName: algName(alg) }),
        trustAnchors: x5c.length > 0 ? [ROOT_FILE] : [],
        verifyAt: VERIFY_AT,
      },
      result: registrationResult(created),
      ...(c.notes === undefined ? {} : { notes: c.notes }),
    };
    files.push({ path: `${OUT}/registration/${c.id}.json`, content: stringify(fixture) });
    index.push({
      id: c.id,
      file: `registration/${c.id}.json`,
      kind: 'registration',
      fmt: created.raw.fmt,
      algorithm: c.algorithm,
      outcome: fixture.outcome,
      ...(c.invalidReason === undefined ? {} : { invalidReason: c.invalidReason }),
    });
  }

  const authCases: AuthenticationCase[] = [
    ...REGISTRATIONS.filter((r) => r.authentication === true).map(
      (r): AuthenticationCase => ({
        id: r.id.replace(/-registration$/, '-authentication').replace(/^tessera-none-/, 'tessera-'),
        description: `Assertion by the ${r.algorithm} credential of ${r.id} (stored counter 0, new counter 1).`,
        registrationId: r.id,
        ...(r.requireUserVerification === undefined ? {} : { requireUserVerification: r.requireUserVerification }),
      }),
    ),
    ...AUTHENTICATIONS,
  ];

  for (const c of authCases) {
    const reg = registered.get(c.registrationId);
    if (reg === undefined) throw new Error(`unknown registration ${c.registrationId}`);
    // A fresh authenticator with the registration's seed recreates the same credential, so
    // each authentication fixture is independent of the order in which fixtures are made.
    const options: SoftwareAuthenticatorOptions = { ...reg.options, ...c.authenticator };
    const authenticator = createSoftwareAuthenticator(options);
    const regCase = REGISTRATIONS.find((r) => r.id === c.registrationId)!;
    const created = await authenticator.createCredential({
      challenge: challengeFor(regCase.id),
      rpId: RP_ID,
      origin: ORIGIN,
      user: { id: utf8Encode(`user/${regCase.id}`), name: 'alice@example.com', displayName: 'Alice' },
      ...regCase.create,
    });
    const stored = c.storedCounter ?? created.credential.counter;
    const challenge = challengeFor(c.id);
    const assertion = await authenticator.getAssertion({
      credentialId: created.credential.id,
      challenge,
      rpId: RP_ID,
      origin: ORIGIN,
      ...c.get,
    });
    const ad = parseAuthenticatorData(decode(assertion.response.response.authenticatorData));
    const requireUV = c.requireUserVerification ?? reg.options.attestation !== 'fido-u2f';
    const fixture: Json = {
      id: c.id,
      source: { repo: 'tessera', generator: 'software-authenticator', seed: String(options.seed) },
      description: c.description,
      kind: 'authentication',
      response: assertion.response,
      expected: {
        challenge,
        origin: ORIGIN,
        rpId: RP_ID,
        requireUserVerification: requireUV,
        requireUserPresence: true,
        ...(c.expected?.topOrigin === undefined ? {} : { topOrigin: c.expected.topOrigin }),
      },
      credential: {
        id: created.credential.id,
        publicKey: encodeBase64url(created.credential.publicKey),
        counter: stored,
        registrationId: c.registrationId,
      },
      outcome: c.outcome ?? 'valid',
      ...(c.invalidReason === undefined ? {} : { invalidReason: c.invalidReason }),
      ...(c.policy === undefined ? {} : { policy: c.policy }),
      ...(regCase.algorithm === 'RS1' ? { requires: ['sha1'] } : {}),
      result: {
        clientData: clientDataJson(assertion.response.response.clientDataJSON),
        signCount: ad.signCount,
        flags: flagsJson(ad.flags.value),
        publicKey: publicKeyJson(created.credential.publicKey),
        ...(typeof assertion.response.response.userHandle === 'string'
          ? { userHandle: assertion.response.response.userHandle }
          : {}),
        ...(ad.extensions === undefined ? {} : { authenticatorExtensionsCbor: encodeBase64url(ad.bytes.subarray(37)) }),
      },
      ...(c.notes === undefined ? {} : { notes: c.notes }),
    };
    files.push({ path: `${OUT}/authentication/${c.id}.json`, content: stringify(fixture) });
    index.push({
      id: c.id,
      file: `authentication/${c.id}.json`,
      kind: 'authentication',
      algorithm: regCase.algorithm,
      outcome: fixture.outcome,
      ...(c.invalidReason === undefined ? {} : { invalidReason: c.invalidReason }),
    });
  }

  files.push({ path: `${OUT}/index.json`, content: stringify(index) });
  return files;
}

async function main(): Promise<void> {
  const { mkdirSync, writeFileSync, rmSync } = await import('node:fs');
  const { dirname, join } = await import('node:path');
  const { fileURLToPath } = await import('node:url');
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const files = await buildFixtures();
  for (const sub of ['registration', 'authentication', 'roots'])
    rmSync(join(root, OUT, sub), { recursive: true, force: true });
  for (const f of files) {
    const target = join(root, f.path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, f.content);
  }
  console.log(`wrote ${files.length} files under ${OUT}/`);
}

const entry = typeof process !== 'undefined' ? (process.argv[1] ?? '') : '';
if (
  (import.meta as { main?: boolean }).main === true ||
  /generate-fixtures\.(ts|mjs|js)$/.test(entry) ||
  /gen\.mjs$/.test(entry)
) {
  await main();
}
