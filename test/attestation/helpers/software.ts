/**
 * Builds signed attestation statements with the software authenticator (src/testing) and a
 * minimal SafetyNet JWS builder, for single-mutation negative tests: every mutation is applied
 * before signing, so the only check that can fail is the one under test.
 */
import type { AttestationFormatPolicy, AttestationFormatVerifier } from '../../../src/attestation/types.js';
import { sha256 } from '../../../src/crypto/hash.js';
import { encodeBase64, encodeBase64url } from '../../../src/encoding/base64url.js';
import { concat, utf8Encode } from '../../../src/encoding/bytes.js';
import type { CBORMap } from '../../../src/encoding/cbor.js';
import {
  type CreateCredentialOptions,
  createSoftwareAuthenticator,
  createTestCA,
  generateTestKeyPair,
  type SoftwareAttestationFormat,
  type SoftwareAuthenticator,
  type SoftwareAuthenticatorOptions,
  type TestCA,
  type TestKeyPair,
} from '../../../src/testing/index.js';
import { type DecodedStatement, decodeRegistration, statementInput } from './fixtures.js';

/** Verification instant for software statements (inside the kit's 2025–2045 validity). */
export const NOW = new Date('2030-01-01T00:00:00.000Z');

const CEREMONY = {
  challenge: 'dGVzc2VyYS1hdHRlc3RhdGlvbi10ZXN0cw',
  rpId: 'example.com',
  origin: 'https://example.com',
};

const authenticators = new Map<string, SoftwareAuthenticator>();

/** Options for {@link softwareStatement}. */
export type SoftwareStatementOptions = Omit<CreateCredentialOptions, 'challenge' | 'rpId' | 'origin'> & {
  authenticator?: SoftwareAuthenticatorOptions;
};

/** Creates a registration with the software authenticator and decodes its statement. */
export async function softwareStatement(
  format: SoftwareAttestationFormat,
  options: SoftwareStatementOptions = {},
): Promise<DecodedStatement> {
  const { authenticator: authOptions, ...create } = options;
  // One authenticator per configuration: its keys (an RSA AIK takes a while in pure JS) are reused.
  const cacheKey = JSON.stringify(authOptions ?? {});
  let authenticator = authenticators.get(cacheKey);
  if (authenticator === undefined) {
    authenticator = createSoftwareAuthenticator({ seed: 'tessera-attestation-tests', ...authOptions });
    authenticators.set(cacheKey, authenticator);
  }
  const created = await authenticator.createCredential({ ...CEREMONY, attestation: format, ...create });
  return decodeRegistration(created.raw.attestationObject, created.raw.clientDataJSON);
}

/** Runs one verifier on a decoded statement at {@link NOW} (or `now`). */
export function verifyWith(
  verifier: AttestationFormatVerifier,
  decoded: DecodedStatement,
  options: { policy?: AttestationFormatPolicy; now?: Date; verifiers?: readonly AttestationFormatVerifier[] } = {},
): Promise<unknown> {
  return verifier.verify(
    statementInput(decoded, {
      now: options.now ?? NOW,
      ...(options.policy === undefined ? {} : { policy: options.policy }),
      ...(options.verifiers === undefined ? {} : { verifiers: options.verifiers }),
    }),
  );
}

/** Replaces one member of a map statement (after signing: only for members that are not signed). */
export function withMember(key: string, value: unknown): (attStmt: CBORMap | unknown[]) => CBORMap {
  return (attStmt) => {
    const m = new Map(attStmt as CBORMap);
    if (value === undefined) m.delete(key);
    else m.set(key, value as never);
    return m;
  };
}

// ---------------------------------------------------------------------------------------------
// SafetyNet

/** Knobs for {@link safetyNetStatement}; each changes exactly one thing before signing. */
export interface SafetyNetOptions {
  /** JWS header alg (default RS256). `none` produces an empty signature. */
  alg?: string;
  /** Leaf CN (default attest.android.com). */
  hostname?: string;
  /** Payload overrides (merged; `undefined` deletes). */
  payload?: Record<string, unknown>;
  /** `ver` member (default "12345678"). */
  ver?: string;
  /** Leaf validity. */
  notBefore?: Date;
  notAfter?: Date;
  /** Corrupt the JWS signature. */
  breakSignature?: boolean;
  /** Omit x5c from the header. */
  noX5c?: boolean;
}

interface SafetyNetKit {
  ca: TestCA;
  key: TestKeyPair;
}

let kit: Promise<SafetyNetKit> | undefined;
function safetyNetKit(): Promise<SafetyNetKit> {
  kit ??= (async (): Promise<SafetyNetKit> => {
    const ca = await createTestCA({
      seed: 'tessera-safetynet-tests',
      name: 'Tessera Test GlobalSign-like Root',
      intermediate: true,
    });
    const key = generateTestKeyPair('RS256', { seed: 'tessera-safetynet-tests', label: 'attest.android.com' });
    return { ca, key };
  })();
  return kit;
}

/** Builds an android-safetynet statement over an ES256 `none` registration's authData. */
export async function safetyNetStatement(options: SafetyNetOptions = {}): Promise<DecodedStatement> {
  const base = await softwareStatement('none');
  const { ca, key } = await safetyNetKit();
  const leaf = await ca.issueCertificate({
    subject: [
      ['C', 'US'],
      ['ST', 'California'],
      ['L', 'Mountain View'],
      ['O', 'Google LLC'],
      ['CN', options.hostname ?? 'attest.android.com'],
    ],
    publicKey: key.publicKey,
    extensions: { basicConstraints: { ca: false }, keyUsage: ['digitalSignature'] },
    ...(options.notBefore === undefined ? {} : { notBefore: options.notBefore }),
    ...(options.notAfter === undefined ? {} : { notAfter: options.notAfter }),
  });
  const alg = options.alg ?? 'RS256';
  const header: Record<string, unknown> = { alg };
  if (options.noX5c !== true) header.x5c = [leaf, ...ca.chain].map((der) => encodeBase64(der));
  const nonce = encodeBase64(sha256(concat(base.authData.bytes, base.clientDataHash)));
  const payload: Record<string, unknown> = {
    nonce,
    timestampMs: NOW.getTime() - 2_000,
    apkPackageName: 'com.google.android.gms',
    apkDigestSha256: 'dGVzc2VyYQ==',
    ctsProfileMatch: true,
    basicIntegrity: true,
    evaluationType: 'BASIC,HARDWARE_BACKED',
  };
  for (const [k, v] of Object.entries(options.payload ?? {})) {
    if (v === undefined) delete payload[k];
    else payload[k] = v;
  }
  const signingInput = `${encodeBase64url(utf8Encode(JSON.stringify(header)))}.${encodeBase64url(utf8Encode(JSON.stringify(payload)))}`;
  let signature = alg === 'none' ? new Uint8Array(0) : key.sign(utf8Encode(signingInput));
  if (options.breakSignature === true) {
    signature = signature.slice();
    signature[10] = (signature[10] as number) ^ 0xff;
  }
  const jws = `${signingInput}.${encodeBase64url(signature)}`;
  const attStmt: CBORMap = new Map<string, string | Uint8Array>([
    ['ver', options.ver ?? '12345678'],
    ['response', utf8Encode(jws)],
  ]);
  return { ...base, fmt: 'android-safetynet', attStmt };
}
