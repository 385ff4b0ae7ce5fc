/**
 * Strict parsing of the JWS Compact Serialization (RFC 7515 §7.1) that carries an MDS3 BLOB
 * (MDS3 §3.1.7), and the JWS `alg` allow-list (RFC 7518 §3.1).
 *
 * @module
 */
import type { PublicKey, SignatureScheme } from '../crypto/types.js';
import { decodeBase64OrUndefined, decodeBase64urlOrUndefined } from '../encoding/base64url.js';
import { utf8DecodeStrict } from '../encoding/bytes.js';
import { parseStrictJSON } from '../encoding/json.js';
import { WebAuthnError } from '../errors.js';
import type { JWSAlgorithm } from './types.js';

/** Default cap on the JWS text: 32 MiB (the production BLOB was 2.8 MB in 2023). */
export const DEFAULT_MAX_BLOB_BYTES = 32 * 1024 * 1024;
/** Most certificates accepted in `x5c`. */
export const MAX_X5C_LENGTH = 8;

interface AlgorithmRule {
  scheme: SignatureScheme;
  /** The key the signer certificate must carry. */
  fits: (key: PublicKey) => boolean;
}

const rsa = (key: PublicKey): boolean => key.kty === 'RSA' && rsaBits(key.n) >= 2048;
const ec =
  (crv: 'P-256' | 'P-384' | 'P-521') =>
  (key: PublicKey): boolean =>
    key.kty === 'EC' && key.crv === crv;

function rsaBits(n: Uint8Array): number {
  let i = 0;
  while (i < n.length && n[i] === 0) i++;
  if (i === n.length) return 0;
  return (n.length - i) * 8 - Math.clz32(n[i] as number) + 24;
}

/** RFC 7518 §3.1 algorithms accepted for BLOB signatures; `none` and HMAC never are. */
const ALGORITHMS: Readonly<Record<JWSAlgorithm, AlgorithmRule>> = /* @__PURE__ */ Object.freeze({
  RS256: { scheme: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, fits: rsa },
  RS384: { scheme: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-384' }, fits: rsa },
  RS512: { scheme: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-512' }, fits: rsa },
  PS256: { scheme: { name: 'RSA-PSS', hash: 'SHA-256', saltLength: 32 }, fits: rsa },
  PS384: { scheme: { name: 'RSA-PSS', hash: 'SHA-384', saltLength: 48 }, fits: rsa },
  PS512: { scheme: { name: 'RSA-PSS', hash: 'SHA-512', saltLength: 64 }, fits: rsa },
  // RFC 7518 §3.4: ECDSA signatures are the raw R || S concatenation.
  ES256: { scheme: { name: 'ECDSA', hash: 'SHA-256', encoding: 'raw' }, fits: ec('P-256') },
  ES384: { scheme: { name: 'ECDSA', hash: 'SHA-384', encoding: 'raw' }, fits: ec('P-384') },
  ES512: { scheme: { name: 'ECDSA', hash: 'SHA-512', encoding: 'raw' }, fits: ec('P-521') },
});

/** The JWS algorithms `verifyMetadataBlob` accepts. */
export const METADATA_JWS_ALGORITHMS: readonly JWSAlgorithm[] = /* @__PURE__ */ Object.freeze(
  Object.keys(ALGORITHMS) as JWSAlgorithm[],
);

/** The rule for an accepted `alg`, or `undefined`. */
export function jwsAlgorithmRule(alg: string): AlgorithmRule | undefined {
  return Object.hasOwn(ALGORITHMS, alg) ? ALGORITHMS[alg as JWSAlgorithm] : undefined;
}

/** A parsed (not yet verified) compact JWS. */
export interface ParsedCompactJWS {
  alg: JWSAlgorithm;
  /** DER certificates from `x5c` (RFC 7515 §4.1.6), signer first; empty when absent. */
  x5c: Uint8Array[];
  /** The decoded payload text (UTF-8). */
  payloadText: string;
  signature: Uint8Array;
  /** ASCII(BASE64URL(header) || '.' || BASE64URL(payload)), the bytes that were signed. */
  signingInput: Uint8Array;
}

function invalid(message: string, cause?: unknown): never {
  throw new WebAuthnError('ERR_METADATA_INVALID', message, cause === undefined ? {} : { cause });
}

/**
 * Parses a compact JWS strictly (surrounding ASCII whitespace aside): size cap, exactly three canonical base64url parts, a JSON
 * object header with an allow-listed `alg`, no `crit`, no `x5u`, a well-formed `x5c`.
 *
 * @example
 * ```ts
 * const { alg, x5c, payloadText } = parseCompactJWS(jwt, DEFAULT_MAX_BLOB_BYTES);
 * ```
 */
export function parseCompactJWS(text: string, maxBytes: number): ParsedCompactJWS {
  if (typeof text !== 'string') throw new TypeError('expected the BLOB as a JWS string');
  if (text.length > maxBytes) {
    throw new WebAuthnError('ERR_INPUT_TOO_LARGE', 'metadata BLOB exceeds maxBytes', {
      details: { maxBytes, received: text.length },
    });
  }
  // Saved BLOBs often end with a newline: surrounding ASCII whitespace is not part of the JWS.
  const jws = text.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
  // RFC 7515 §7.1: BASE64URL(header) '.' BASE64URL(payload) '.' BASE64URL(signature).
  const first = jws.indexOf('.');
  const second = first < 0 ? -1 : jws.indexOf('.', first + 1);
  if (first <= 0 || second < 0 || jws.indexOf('.', second + 1) !== -1)
    invalid('BLOB is not a compact JWS (three parts)');
  const headerB64 = jws.slice(0, first);
  const payloadB64 = jws.slice(first + 1, second);
  const signatureB64 = jws.slice(second + 1);
  if (payloadB64.length === 0) invalid('JWS payload is empty');
  if (signatureB64.length === 0) invalid('JWS signature is empty (unsecured JWS is never accepted)');

  const headerBytes = decodeBase64urlOrUndefined(headerB64);
  const payloadBytes = decodeBase64urlOrUndefined(payloadB64);
  const signature = decodeBase64urlOrUndefined(signatureB64);
  if (headerBytes === undefined || payloadBytes === undefined || signature === undefined) {
    invalid('JWS part is not canonical base64url');
  }

  let header: unknown;
  let payloadText: string;
  try {
    header = parseStrictJSON(utf8DecodeStrict(headerBytes), { maxDepth: 4 });
    payloadText = utf8DecodeStrict(payloadBytes);
  } catch (err) {
    return invalid('JWS header is not valid JSON or payload is not UTF-8', err);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header))
    invalid('JWS header must be a JSON object');
  const h = header as Record<string, unknown>;

  // RFC 7515 §4.1.1 + RFC 7518 §3.1: alg from the allow-list only ("none" and HS* are refused).
  if (typeof h.alg !== 'string' || jwsAlgorithmRule(h.alg) === undefined) {
    throw new WebAuthnError('ERR_METADATA_INVALID', 'JWS alg is not allowed', {
      details: { alg: typeof h.alg === 'string' ? h.alg : null, allowed: METADATA_JWS_ALGORITHMS },
    });
  }
  // RFC 7515 §4.1.11: we understand no extension, so any crit member must be refused.
  if (h.crit !== undefined) invalid('JWS header crit is not supported');
  // MDS3 §3.2 step 2: x5u would require fetching the chain; Tessera never fetches on its own.
  if (h.x5u !== undefined) invalid('JWS header x5u is not supported (use x5c)');
  if (h.typ !== undefined && h.typ !== 'JWT') invalid('JWS header typ must be "JWT" when present');
  if (h.b64 !== undefined) invalid('JWS header b64 is not supported');

  const x5c: Uint8Array[] = [];
  if (h.x5c !== undefined) {
    // RFC 7515 §4.1.6: x5c is a non-empty array of base64 (not base64url) DER certificates.
    if (!Array.isArray(h.x5c) || h.x5c.length === 0 || h.x5c.length > MAX_X5C_LENGTH) {
      invalid('JWS header x5c must be a non-empty array of certificates');
    }
    for (const item of h.x5c) {
      const der = typeof item === 'string' ? decodeBase64OrUndefined(item) : undefined;
      if (der === undefined || der.length === 0) invalid('JWS header x5c entry is not base64 DER');
      x5c.push(der);
    }
  }

  return {
    alg: h.alg as JWSAlgorithm,
    x5c,
    payloadText,
    signature,
    signingInput: asciiBytes(jws, second),
  };
}

/** The first `end` characters of an ASCII string as bytes (the JWS signing input). */
function asciiBytes(text: string, end: number): Uint8Array {
  const out = new Uint8Array(end);
  for (let i = 0; i < end; i++) out[i] = text.charCodeAt(i);
  return out;
}
