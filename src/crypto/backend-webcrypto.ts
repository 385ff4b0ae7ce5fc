/**
 * WebCrypto (`globalThis.crypto.subtle`) verification: ECDSA on P-256/384/521 with raw r‖s (W3C
 * WebCrypto §23.4), RSASSA-PKCS1-v1_5, RSA-PSS, and Ed25519/Ed448 where the runtime has them
 * (W3C Secure Curves). Keys are imported from JWK.
 *
 * @module
 */
import { toBytes } from '../encoding/bytes.js';
import { WebAuthnError } from '../errors.js';
import { publicKeyToJWK } from './jwk.js';
import type { PublicKey, SignatureScheme } from './types.js';

function subtle(): SubtleCrypto | undefined {
  return (globalThis as { crypto?: Crypto }).crypto?.subtle;
}

/** True when WebCrypto exists at all. */
export function hasWebCrypto(): boolean {
  return subtle() !== undefined;
}

// RFC 8032 §7.1 test 1 public key: a valid Ed25519 point used only to probe importKey support.
const ED25519_PROBE_KEY = '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo';

// Memoised capability probe (its answer never changes for a given runtime).
let ed25519Probe: Promise<boolean> | undefined;

/** Whether `crypto.subtle` can import Ed25519 keys (probed once, lazily). */
export function webCryptoHasEd25519(): Promise<boolean> {
  ed25519Probe ??= (async (): Promise<boolean> => {
    const s = subtle();
    if (s === undefined) return false;
    try {
      await s.importKey('jwk', { kty: 'OKP', crv: 'Ed25519', x: ED25519_PROBE_KEY }, { name: 'Ed25519' }, false, [
        'verify',
      ]);
      return true;
    } catch {
      return false;
    }
  })();
  return ed25519Probe;
}

type ImportParams = Parameters<SubtleCrypto['importKey']>[2];
type VerifyParams = Parameters<SubtleCrypto['verify']>[0];

function algorithms(scheme: SignatureScheme, key: PublicKey): { imp: ImportParams; ver: VerifyParams } | undefined {
  switch (scheme.name) {
    case 'ECDSA':
      if (key.kty !== 'EC' || key.crv === 'secp256k1') return undefined;
      return { imp: { name: 'ECDSA', namedCurve: key.crv }, ver: { name: 'ECDSA', hash: scheme.hash } };
    case 'RSASSA-PKCS1-v1_5':
      return { imp: { name: 'RSASSA-PKCS1-v1_5', hash: scheme.hash }, ver: { name: 'RSASSA-PKCS1-v1_5' } };
    case 'RSA-PSS':
      return { imp: { name: 'RSA-PSS', hash: scheme.hash }, ver: { name: 'RSA-PSS', saltLength: scheme.saltLength } };
    case 'EdDSA':
      if (key.kty !== 'OKP') return undefined;
      return { imp: { name: key.crv }, ver: { name: key.crv } };
  }
}

/**
 * Verifies with WebCrypto. ECDSA signatures must already be raw r‖s (the caller converts DER).
 * Throws ERR_UNSUPPORTED_ALGORITHM when the runtime lacks the algorithm and ERR_PUBLIC_KEY_INVALID
 * when it refuses the key.
 */
export async function verifyWebCrypto(
  scheme: SignatureScheme,
  key: PublicKey,
  signature: Uint8Array,
  data: Uint8Array,
): Promise<boolean> {
  const s = subtle();
  const algs = algorithms(scheme, key);
  if (s === undefined || algs === undefined) {
    throw new WebAuthnError('ERR_UNSUPPORTED_ALGORITHM', `WebCrypto cannot verify ${scheme.name} with this key here`);
  }
  let cryptoKey: CryptoKey;
  try {
    cryptoKey = await s.importKey('jwk', publicKeyToJWK(key) as JsonWebKey, algs.imp, false, ['verify']);
  } catch (cause) {
    const unsupported = (cause as { name?: unknown } | null)?.name === 'NotSupportedError';
    throw new WebAuthnError(
      unsupported ? 'ERR_UNSUPPORTED_ALGORITHM' : 'ERR_PUBLIC_KEY_INVALID',
      unsupported
        ? `WebCrypto does not support ${scheme.name} with this key`
        : 'WebCrypto could not import the public key',
      { cause },
    );
  }
  try {
    return await s.verify(algs.ver, cryptoKey, toBytes(signature), toBytes(data));
  } catch {
    return false;
  }
}
