/**
 * Signature verification per {@link SignatureScheme}, on Node's `crypto.verify`, WebCrypto or pure
 * JS. Encodings are checked here, once, before any backend runs, so that every backend accepts
 * and rejects exactly the same signatures (strict DER, r/s ranges, Ed25519 S < L, RSA length).
 *
 * @module
 */
import { WebAuthnError } from '../errors.js';
import { verifyNoble } from './backend-noble.js';
import { getNodeCrypto, verifyNode } from './backend-node.js';
import { hasWebCrypto, verifyWebCrypto, webCryptoHasEd25519 } from './backend-webcrypto.js';
import { bytesToBigIntLE, EC_CURVES, OKP_CURVES, stripLeadingZeros } from './curves.js';
import { type ECDSASignatureValues, ecdsaRawSignature, parseECDSASignatureDER, parseECDSASignatureRaw } from './der.js';
import type { CryptoBackend, HashName, PublicKey, SignatureScheme } from './types.js';

/** Arguments of {@link verifySignature}. */
export interface VerifySignatureOptions {
  /** How the signature was made (from {@link coseAlgorithmScheme} or a certificate's algorithm). */
  scheme: SignatureScheme;
  /** The signer's public key. */
  key: PublicKey;
  /** The signature bytes as found in the message (DER for WebAuthn ECDSA). */
  signature: Uint8Array;
  /** The signed bytes. */
  data: Uint8Array;
  /** Implementation to use (default `'auto'`). */
  backend?: CryptoBackend;
}

/** Largest RSA modulus verified, in bits (CPU bound; matches COSE key validation). */
export const MAX_RSA_VERIFY_BITS = 16384;

const HASHES: ReadonlySet<string> = new Set<HashName>(['SHA-1', 'SHA-256', 'SHA-384', 'SHA-512']);
const BACKENDS: ReadonlySet<string> = new Set<CryptoBackend>(['auto', 'node', 'webcrypto', 'noble']);

function checkArguments(options: VerifySignatureOptions): void {
  if (typeof options !== 'object' || options === null)
    throw new TypeError('verifySignature: expected an options object');
  const { scheme, key, signature, data, backend } = options;
  if (!(signature instanceof Uint8Array)) throw new TypeError('verifySignature: signature must be a Uint8Array');
  if (!(data instanceof Uint8Array)) throw new TypeError('verifySignature: data must be a Uint8Array');
  if (backend !== undefined && !BACKENDS.has(backend))
    throw new TypeError(`verifySignature: unknown backend ${String(backend)}`);
  if (typeof scheme !== 'object' || scheme === null) throw new TypeError('verifySignature: scheme must be an object');
  if (typeof key !== 'object' || key === null) throw new TypeError('verifySignature: key must be an object');
  switch (scheme.name) {
    case 'ECDSA':
      if (scheme.encoding !== 'der' && scheme.encoding !== 'raw')
        throw new TypeError('verifySignature: bad ECDSA encoding');
      break;
    case 'RSA-PSS':
      if (!Number.isSafeInteger(scheme.saltLength) || scheme.saltLength < 0) {
        throw new RangeError('verifySignature: RSA-PSS saltLength must be a non-negative integer');
      }
      break;
    case 'RSASSA-PKCS1-v1_5':
    case 'EdDSA':
      break;
    default:
      throw new TypeError(`verifySignature: unknown scheme ${String((scheme as { name?: unknown }).name)}`);
  }
  if (scheme.name !== 'EdDSA' && !HASHES.has(scheme.hash)) throw new TypeError('verifySignature: unknown hash');
}

function keyInvalid(message: string): never {
  throw new WebAuthnError('ERR_PUBLIC_KEY_INVALID', message);
}

/** The key must fit the scheme and have sane sizes; throws ERR_PUBLIC_KEY_INVALID otherwise. */
function checkKey(scheme: SignatureScheme, key: PublicKey): void {
  const want = scheme.name === 'ECDSA' ? 'EC' : scheme.name === 'EdDSA' ? 'OKP' : 'RSA';
  if (key.kty !== want) keyInvalid(`a ${key.kty} key cannot verify ${scheme.name} signatures`);
  switch (key.kty) {
    case 'EC': {
      if (!Object.hasOwn(EC_CURVES, key.crv)) keyInvalid('unknown EC curve');
      const curve = EC_CURVES[key.crv];
      if (!(key.x instanceof Uint8Array) || !(key.y instanceof Uint8Array)) keyInvalid('EC coordinates must be bytes');
      // SEC 1 §2.3.3 / RFC 7518 §6.2.1.2: full-size coordinates.
      if (key.x.length !== curve.size || key.y.length !== curve.size)
        keyInvalid(`${key.crv} coordinates must be ${curve.size} bytes`);
      return;
    }
    case 'OKP': {
      if (!Object.hasOwn(OKP_CURVES, key.crv)) keyInvalid('unknown OKP curve');
      const curve = OKP_CURVES[key.crv];
      if (!(key.x instanceof Uint8Array)) keyInvalid('OKP key must be bytes');
      // RFC 8032 §5.1.5 / §5.2.5: 32- or 57-byte public keys.
      if (key.x.length !== curve.keySize) keyInvalid(`${key.crv} public keys are ${curve.keySize} bytes`);
      return;
    }
    case 'RSA': {
      if (!(key.n instanceof Uint8Array) || !(key.e instanceof Uint8Array)) keyInvalid('RSA n and e must be bytes');
      const n = stripLeadingZeros(key.n);
      const e = stripLeadingZeros(key.e);
      // RFC 8017 §3.1: n is odd and positive, e ≥ 3 (odd) and below n; bound the size against DoS.
      if (n.length === 0 || ((n[n.length - 1] as number) & 1) === 0) keyInvalid('RSA modulus must be odd and positive');
      if (n.length * 8 > MAX_RSA_VERIFY_BITS) keyInvalid('RSA modulus too large');
      if (e.length === 0 || ((e[e.length - 1] as number) & 1) === 0 || (e.length === 1 && e[0] === 1)) {
        keyInvalid('RSA exponent must be odd and greater than 1');
      }
      if (e.length > n.length) keyInvalid('RSA exponent larger than the modulus');
      return;
    }
    default:
      keyInvalid('unknown key type');
  }
}

/**
 * Checks the signature's encoding once for all backends. Returns `undefined` when the signature
 * is malformed, the decoded (r, s) for ECDSA, and `true` otherwise.
 */
function precheck(
  scheme: SignatureScheme,
  key: PublicKey,
  signature: Uint8Array,
): ECDSASignatureValues | true | undefined {
  switch (scheme.name) {
    case 'ECDSA': {
      if (key.kty !== 'EC') return undefined;
      const curve = EC_CURVES[key.crv];
      // WebAuthn §6.5.6: ECDSA signatures are ASN.1 DER Ecdsa-Sig-Value; 'raw' is IEEE P1363 (JWS, MDS).
      return scheme.encoding === 'der'
        ? parseECDSASignatureDER(signature, curve)
        : parseECDSASignatureRaw(signature, curve);
    }
    case 'EdDSA': {
      if (key.kty !== 'OKP') return undefined;
      const curve = OKP_CURVES[key.crv];
      // RFC 8032 §5.1.7 / §5.2.7: fixed length, and S < L (elliptic CVE-2024-48949 accepted S + L).
      if (signature.length !== curve.sigSize) return undefined;
      if (bytesToBigIntLE(signature.subarray(curve.sigSize / 2)) >= curve.L) return undefined;
      return true;
    }
    case 'RSASSA-PKCS1-v1_5':
    case 'RSA-PSS':
      // RFC 8017 §8.1.2 / §8.2.2 step 1: the signature has exactly the modulus length k.
      if (key.kty !== 'RSA' || signature.length !== stripLeadingZeros(key.n).length) return undefined;
      return true;
  }
}

/** The signature bytes WebCrypto takes: ECDSA as fixed-width r‖s (W3C WebCrypto §23.4). */
function webCryptoSignature(
  scheme: SignatureScheme,
  key: PublicKey,
  signature: Uint8Array,
  pre: ECDSASignatureValues | true,
): Uint8Array {
  if (pre === true || scheme.name !== 'ECDSA' || scheme.encoding === 'raw' || key.kty !== 'EC') return signature;
  return ecdsaRawSignature(pre, EC_CURVES[key.crv]);
}

/** True when the runtime's WebCrypto is used for this scheme under `auto`. */
async function webCryptoPreferred(scheme: SignatureScheme, key: PublicKey): Promise<boolean> {
  if (!hasWebCrypto()) return false;
  if (key.kty === 'EC') return key.crv !== 'secp256k1';
  if (key.kty === 'OKP') return key.crv === 'Ed25519' && (await webCryptoHasEd25519());
  return scheme.name === 'RSASSA-PKCS1-v1_5' || scheme.name === 'RSA-PSS';
}

/**
 * Verifies `signature` over `data` with `key` under `scheme`.
 *
 * Resolves `true` or `false`; any malformed signature (bad DER, wrong length, r or s out of range,
 * S ≥ L) is simply `false`. Throws `WebAuthnError` `ERR_PUBLIC_KEY_INVALID` when the key does not
 * fit the scheme or is refused, `ERR_UNSUPPORTED_ALGORITHM` when a forced backend lacks the
 * algorithm, and `TypeError`/`RangeError` for wrong argument types.
 *
 * @example
 * ```ts
 * const cose = parseCOSEPublicKey(map);
 * const ok = await verifySignature({ scheme: cose.scheme, key: cose.publicKey, signature, data });
 * ```
 */
export async function verifySignature(options: VerifySignatureOptions): Promise<boolean> {
  checkArguments(options);
  const { scheme, key, signature, data } = options;
  const backend = options.backend ?? 'auto';
  checkKey(scheme, key);
  const pre = precheck(scheme, key, signature);
  if (pre === undefined) return false;

  if (backend === 'auto' || backend === 'node') {
    // node:crypto first: synchronous (no thread-pool round trip) and the fastest primitive.
    const nc = getNodeCrypto();
    if (nc !== undefined) {
      if (backend === 'node') return verifyNode(nc, scheme, key, signature, data);
      try {
        return verifyNode(nc, scheme, key, signature, data);
      } catch {
        // A runtime with partial node:crypto (no secp256k1/Ed448): fall through; the others decide.
      }
    } else if (backend === 'node') {
      throw new WebAuthnError('ERR_UNSUPPORTED_ALGORITHM', 'node:crypto is not available here');
    }
  }
  if (backend === 'noble') return verifyNoble(scheme, key, signature, data);
  // 'webcrypto', or 'auto' without node:crypto: WebCrypto when it has the algorithm → pure JS.
  if (backend === 'webcrypto' || (await webCryptoPreferred(scheme, key))) {
    return verifyWebCrypto(webCryptoScheme(scheme), key, webCryptoSignature(scheme, key, signature, pre), data);
  }
  return verifyNoble(scheme, key, signature, data);
}

/** WebCrypto takes ECDSA signatures as raw r‖s only. */
function webCryptoScheme(scheme: SignatureScheme): SignatureScheme {
  return scheme.name === 'ECDSA' ? { name: 'ECDSA', hash: scheme.hash, encoding: 'raw' } : scheme;
}
