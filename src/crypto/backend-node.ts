/**
 * Node's synchronous `crypto.verify`, reached only through `process.getBuiltinModule` so that the
 * bundle has no static `node:` import and other runtimes never load it. One `createPublicKey`
 * from JWK and one `verify` per call.
 *
 * @module
 */
import { WebAuthnError } from '../errors.js';
import { publicKeyToJWK } from './jwk.js';
import type { HashName, PublicKey, SignatureScheme } from './types.js';

/** The subset of `node:crypto` used here (typed locally: src/ has no Node types). */
export interface NodeCryptoModule {
  createPublicKey(options: { key: object; format: 'jwk' }): object;
  verify(
    algorithm: string | null,
    data: Uint8Array,
    key: object | { key: object; dsaEncoding?: 'der' | 'ieee-p1363'; padding?: number; saltLength?: number },
    signature: Uint8Array,
  ): boolean;
  constants: { RSA_PKCS1_PADDING: number; RSA_PKCS1_PSS_PADDING: number };
}

interface ProcessLike {
  getBuiltinModule?: (id: string) => unknown;
}

// Memoised capability probe: resolved once, never changes afterwards (not configuration state).
let probed = false;
let nodeCrypto: NodeCryptoModule | undefined;

/** `node:crypto` when the runtime exposes `process.getBuiltinModule`, else `undefined`. */
export function getNodeCrypto(): NodeCryptoModule | undefined {
  if (!probed) {
    probed = true;
    try {
      const proc = (globalThis as { process?: ProcessLike }).process;
      const mod = proc?.getBuiltinModule?.('node:crypto') as NodeCryptoModule | undefined;
      if (mod !== undefined && typeof mod.verify === 'function' && typeof mod.createPublicKey === 'function') {
        nodeCrypto = mod;
      }
    } catch {
      nodeCrypto = undefined;
    }
  }
  return nodeCrypto;
}

const NODE_HASH: Readonly<Record<HashName, string>> = {
  'SHA-1': 'sha1',
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
};

/** Imports the key, or throws ERR_PUBLIC_KEY_INVALID when Node refuses it. */
function importKey(nc: NodeCryptoModule, key: PublicKey): object {
  try {
    return nc.createPublicKey({ key: publicKeyToJWK(key), format: 'jwk' });
  } catch (cause) {
    throw new WebAuthnError('ERR_PUBLIC_KEY_INVALID', 'node:crypto could not import the public key', { cause });
  }
}

/**
 * Verifies with `node:crypto`. The caller has already checked the signature's encoding, so `false`
 * here means the signature does not verify.
 */
export function verifyNode(
  nc: NodeCryptoModule,
  scheme: SignatureScheme,
  key: PublicKey,
  signature: Uint8Array,
  data: Uint8Array,
): boolean {
  const keyObject = importKey(nc, key);
  try {
    switch (scheme.name) {
      case 'ECDSA':
        // Node's defaults for EC keys: DER signatures (dsaEncoding 'der').
        return scheme.encoding === 'der'
          ? nc.verify(NODE_HASH[scheme.hash], data, keyObject, signature)
          : nc.verify(NODE_HASH[scheme.hash], data, { key: keyObject, dsaEncoding: 'ieee-p1363' }, signature);
      case 'RSASSA-PKCS1-v1_5':
        // Node's default padding for RSA keys is RSA_PKCS1_PADDING.
        return nc.verify(NODE_HASH[scheme.hash], data, keyObject, signature);
      case 'RSA-PSS':
        return nc.verify(
          NODE_HASH[scheme.hash],
          data,
          { key: keyObject, padding: nc.constants.RSA_PKCS1_PSS_PADDING, saltLength: scheme.saltLength },
          signature,
        );
      case 'EdDSA':
        // RFC 8032: PureEdDSA, no prehash (algorithm null).
        return nc.verify(null, data, { key: keyObject }, signature);
    }
  } catch {
    return false;
  }
}
