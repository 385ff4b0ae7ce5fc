/**
 * `android-safetynet` attestation (WebAuthn L3 §8.5; deprecated in L3 but still found in stored
 * registrations). `response` is a SafetyNet JWS (compact serialization) signed by a certificate
 * issued to attest.android.com, whose payload nonce binds authenticatorData and clientDataHash.
 *
 * @module
 */
import { getNameAttribute, parseCertificate } from '../certificates/parse.js';
import type { Certificate } from '../certificates/types.js';
import { sha256 } from '../crypto/hash.js';
import { schemeFitsKey } from '../crypto/scheme.js';
import type { SignatureScheme } from '../crypto/types.js';
import { verifySignature } from '../crypto/verify.js';
import { decodeBase64OrUndefined, decodeBase64urlOrUndefined } from '../encoding/base64url.js';
import { concat, equalBytes, utf8DecodeStrict, utf8Encode } from '../encoding/bytes.js';
import { parseStrictJSON } from '../encoding/json.js';
import { WebAuthnError } from '../errors.js';
import { attestationError, bytesMember, statementMap, textMember } from './statement.js';
import type { AttestationFormatVerifier, AttestationStatementInput, AttestationStatementResult } from './types.js';
import { verifyX5cInternally } from './x5c-checks.js';

/** The hostname SafetyNet attestation certificates are issued to (§8.5 step 4). */
export const SAFETYNET_HOSTNAME = 'attest.android.com';
/** Largest accepted `response` (the JWS), in bytes. */
export const SAFETYNET_MAX_RESPONSE_BYTES = 64 * 1024;
/** Largest accepted header x5c. */
const MAX_X5C = 8;
/** Default `safetyNetMaxAgeMs`: 60 s. */
export const SAFETYNET_DEFAULT_MAX_AGE_MS = 60_000;
/** Default `safetyNetMaxFutureMs`: 10 s of clock skew. */
export const SAFETYNET_DEFAULT_MAX_FUTURE_MS = 10_000;

/** JWS `alg` values (RFC 7518 §3.1) accepted; `none` and the HMAC algorithms never are. */
const JWS_ALGORITHMS: ReadonlyMap<string, SignatureScheme> = /* @__PURE__ */ new Map<string, SignatureScheme>([
  ['RS256', { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }],
  ['RS384', { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-384' }],
  ['RS512', { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-512' }],
  ['PS256', { name: 'RSA-PSS', hash: 'SHA-256', saltLength: 32 }],
  ['PS384', { name: 'RSA-PSS', hash: 'SHA-384', saltLength: 48 }],
  ['PS512', { name: 'RSA-PSS', hash: 'SHA-512', saltLength: 64 }],
  // RFC 7518 §3.4: JWS ECDSA signatures are R ‖ S, not DER.
  ['ES256', { name: 'ECDSA', hash: 'SHA-256', encoding: 'raw' }],
  ['ES384', { name: 'ECDSA', hash: 'SHA-384', encoding: 'raw' }],
  ['ES512', { name: 'ECDSA', hash: 'SHA-512', encoding: 'raw' }],
]);

/** Facts an `android-safetynet` statement reports in `details`. */
export type SafetyNetAttestationDetails = {
  ver: string;
  jwsAlg: string;
  ctsProfileMatch: boolean;
  basicIntegrity: boolean | undefined;
  timestampMs: number;
  apkPackageName: string | undefined;
  evaluationType: string | undefined;
};

type Fail = (check: string, message: string) => WebAuthnError;

function fail(check: string, message: string): WebAuthnError {
  return attestationError('android-safetynet', check, message);
}

function jsonObject(segment: Uint8Array, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = parseStrictJSON(utf8DecodeStrict(segment));
  } catch (err) {
    throw attestationError('android-safetynet', 'android-safetynet.jws', `the JWS ${what} is not valid JSON`, err);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw fail('android-safetynet.jws', `the JWS ${what} is not a JSON object`);
  }
  return value as Record<string, unknown>;
}

/** Splits the JWS compact serialization (RFC 7515 §7.1) into its decoded parts. */
function splitJWS(response: Uint8Array): {
  signingInput: Uint8Array;
  header: Uint8Array;
  payload: Uint8Array;
  signature: Uint8Array;
} {
  let text: string;
  try {
    text = utf8DecodeStrict(response);
  } catch (err) {
    throw attestationError('android-safetynet', 'android-safetynet.jws', 'response is not UTF-8', err);
  }
  const parts = text.split('.');
  if (parts.length !== 3) throw fail('android-safetynet.jws', 'response is not a JWS in compact serialization');
  const [h, p, s] = parts.map((part) => decodeBase64urlOrUndefined(part));
  // An empty signature is left to the alg check (`none`) and to signature verification.
  if (h === undefined || p === undefined || s === undefined || h.length === 0 || p.length === 0) {
    throw fail('android-safetynet.jws', 'a JWS segment is not canonical base64url');
  }
  const signingInput = utf8Encode(`${parts[0]}.${parts[1]}`);
  return { signingInput, header: h, payload: p, signature: s };
}

function headerCertificates(header: Record<string, unknown>, failWith: Fail): Certificate[] {
  const x5c = header.x5c;
  if (!Array.isArray(x5c) || x5c.length === 0 || !x5c.every((c) => typeof c === 'string')) {
    throw failWith('x5c', 'the JWS header must carry x5c');
  }
  if (x5c.length > MAX_X5C) {
    throw new WebAuthnError(
      'ERR_INPUT_TOO_LARGE',
      `android-safetynet attestation: x5c has ${x5c.length} certificates`,
      {
        details: { format: 'android-safetynet', limit: MAX_X5C },
      },
    );
  }
  return (x5c as string[]).map((b64) => {
    // RFC 7515 §4.1.6: x5c entries are standard base64 (not base64url) DER.
    const der = decodeBase64OrUndefined(b64);
    if (der === undefined || der.length === 0) throw failWith('x5c', 'an x5c entry is not base64 DER');
    return parseCertificate(der);
  });
}

function durationPolicy(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative number of milliseconds`);
  }
  return value;
}

/** The `android-safetynet` format verifier (§8.5). Attestation type: Basic. */
export const androidSafetyNetAttestation: AttestationFormatVerifier = {
  format: 'android-safetynet',
  async verify(input: AttestationStatementInput): Promise<AttestationStatementResult> {
    const { policy } = input;
    // §8.5 step 1: attStmt is {ver: text, response: bytes}.
    const m = statementMap('android-safetynet', input.attStmt, ['ver', 'response']);
    const ver = textMember('android-safetynet', m, 'ver');
    // §8.5 syntax: ver is the version number of Google Play Services: non-empty.
    if (ver.length === 0) throw fail('android-safetynet.ver', 'ver must not be empty');
    const response = bytesMember('android-safetynet', m, 'response');
    if (response.length > SAFETYNET_MAX_RESPONSE_BYTES) {
      throw new WebAuthnError('ERR_INPUT_TOO_LARGE', 'android-safetynet attestation: response is too large', {
        details: { format: 'android-safetynet', limit: SAFETYNET_MAX_RESPONSE_BYTES },
      });
    }

    // §8.5 step 2: response is a valid SafetyNet response (a JWS signed by the x5c leaf).
    const jws = splitJWS(response);
    const header = jsonObject(jws.header, 'header');
    // RFC 7515 §4.1.11: no critical header parameters are understood here.
    if (header.crit !== undefined) throw fail('android-safetynet.jws', 'the JWS header has crit parameters');
    const jwsAlg = header.alg;
    const scheme = typeof jwsAlg === 'string' ? JWS_ALGORITHMS.get(jwsAlg) : undefined;
    // Never `none`, never HMAC: only the public-key algorithms of RFC 7518 §3.1.
    if (scheme === undefined) throw fail('alg', `JWS alg ${String(jwsAlg)} is not allowed`);
    const certs = headerCertificates(header, fail);
    const leaf = certs[0] as Certificate;
    if (leaf.publicKey === undefined || !schemeFitsKey(scheme, leaf.publicKey)) {
      throw fail('alg', `JWS alg ${String(jwsAlg)} does not match the x5c leaf key`);
    }
    const ok = await verifySignature({
      scheme,
      key: leaf.publicKey,
      signature: jws.signature,
      data: jws.signingInput,
      backend: input.backend,
    });
    if (!ok) throw fail('signature', 'the JWS signature does not verify with the x5c leaf');

    // §8.5 step 4: the attestation certificate is issued to the hostname "attest.android.com".
    if (getNameAttribute(leaf.subject, 'CN') !== SAFETYNET_HOSTNAME) {
      throw fail('android-safetynet.hostname', `the x5c leaf is not issued to ${SAFETYNET_HOSTNAME}`);
    }

    const payload = jsonObject(jws.payload, 'payload');
    // §8.5 step 3: nonce is base64(SHA-256(authenticatorData ‖ clientDataHash)).
    const expectedNonce = sha256(concat(input.authData.bytes, input.clientDataHash));
    const nonce = typeof payload.nonce === 'string' ? decodeBase64OrUndefined(payload.nonce) : undefined;
    if (nonce === undefined || !equalBytes(nonce, expectedNonce)) {
      throw fail('android-safetynet.nonce', 'the payload nonce is not base64(SHA-256(authData ‖ clientDataHash))');
    }
    // §8.5 step 5: ctsProfileMatch is true (policy `safetyNetRequireCtsProfileMatch`, default true).
    if (typeof payload.ctsProfileMatch !== 'boolean')
      throw fail('android-safetynet.cts-profile', 'ctsProfileMatch is missing');
    if (payload.ctsProfileMatch !== true && policy.safetyNetRequireCtsProfileMatch !== false) {
      throw fail('android-safetynet.cts-profile', 'ctsProfileMatch is false');
    }
    // SafetyNet docs: timestampMs is the attestation time; it must be fresh relative to `now`.
    const timestampMs = payload.timestampMs;
    if (typeof timestampMs !== 'number' || !Number.isSafeInteger(timestampMs) || timestampMs < 0) {
      throw fail('android-safetynet.timestamp', 'timestampMs is missing or not an integer');
    }
    const now = input.now.getTime();
    const maxFuture = durationPolicy(
      'safetyNetMaxFutureMs',
      policy.safetyNetMaxFutureMs,
      SAFETYNET_DEFAULT_MAX_FUTURE_MS,
    );
    const maxAge = durationPolicy('safetyNetMaxAgeMs', policy.safetyNetMaxAgeMs, SAFETYNET_DEFAULT_MAX_AGE_MS);
    if (timestampMs - now > maxFuture) throw fail('android-safetynet.timestamp', 'timestampMs is in the future');
    if (now - timestampMs > maxAge) throw fail('android-safetynet.timestamp', 'timestampMs is too old');

    // The x5c certificates' own signatures and validity at `now` (trust is decided centrally).
    await verifyX5cInternally(certs, input);

    const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
    const details: SafetyNetAttestationDetails = {
      ver,
      jwsAlg: jwsAlg as string,
      ctsProfileMatch: payload.ctsProfileMatch,
      basicIntegrity: typeof payload.basicIntegrity === 'boolean' ? payload.basicIntegrity : undefined,
      timestampMs,
      apkPackageName: str(payload.apkPackageName),
      evaluationType: str(payload.evaluationType),
    };
    // §8.5 step 6: attestation type Basic, trust path x5c.
    return { format: 'android-safetynet', type: 'basic', trustPath: certs, details };
  },
};
