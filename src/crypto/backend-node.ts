/**
 * Node's synchronous `crypto.verify`, reached only through `process.getBuiltinModule` so that the
 * bundle has no static `node:` import and other runtimes never load it. One `createPublicKey`
 * and one `verify` per call: EC and OKP keys from JWK, RSA keys from a PKCS #1 RSAPublicKey built
 * directly from n and e (the cheapest forms Node imports; SPKI/PEM go through OpenSSL's slower
 * decoder framework).
 *
 * @module
 */
import { WebAuthnError } from '../errors.js';
import { stripLeadingZeros } from './curves.js';
import { publicKeyToJWK } from './jwk.js';
import type { HashName, PublicKey, SignatureScheme } from './types.js';

/** The subset of `node:crypto` used here (typed locally: src/ has no Node types). */
export interface NodeCryptoModule {
  createPublicKey(options: { key: object; format: 'jwk' } | { key: Uint8Array; format: 'der'; type: 'pkcs1' }): object;
  /** One-shot digest (Node ≥ 20.12). */
  hash?: (algorithm: string, data: Uint8Array, outputEncoding: 'buffer') => Uint8Array;
  createHash(algorithm: string): { update(data: Uint8Array): { digest(): Uint8Array } };
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
      if (
        mod !== undefined &&
        typeof mod.verify === 'function' &&
        typeof mod.createPublicKey === 'function' &&
        typeof mod.createHash === 'function'
      ) {
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

/** Number of DER length octets (X.690 §8.1.3, definite form, minimal) for a content length. */
function derLengthSize(n: number): number {
  return n < 0x80 ? 1 : n < 0x100 ? 2 : n < 0x10000 ? 3 : 4;
}

/** Writes DER length octets at `o`; returns the next offset. */
function writeDerLength(out: Uint8Array, o: number, n: number): number {
  const size = derLengthSize(n);
  if (size === 1) {
    out[o] = n;
    return o + 1;
  }
  out[o] = 0x80 | (size - 1);
  for (let k = size - 1; k >= 1; k--) out[o + k] = (n >> (8 * (size - 1 - k))) & 0xff;
  return o + size;
}

/** Writes a DER INTEGER of a non-negative magnitude (X.690 §8.3: sign octet when the top bit is set). */
function writeUnsignedInteger(out: Uint8Array, o: number, m: Uint8Array): number {
  const pad = m.length === 0 || ((m[0] as number) & 0x80) !== 0 ? 1 : 0;
  out[o] = 0x02;
  let p = writeDerLength(out, o + 1, m.length + pad);
  if (pad === 1) out[p++] = 0;
  out.set(m, p);
  return p + m.length;
}

function unsignedIntegerSize(m: Uint8Array): number {
  const content = m.length + (m.length === 0 || ((m[0] as number) & 0x80) !== 0 ? 1 : 0);
  return 1 + derLengthSize(content) + content;
}

/** RFC 8017 §A.1.1 RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }. */
export function rsaPublicKeyDER(n: Uint8Array, e: Uint8Array): Uint8Array {
  const nm = stripLeadingZeros(n);
  const em = stripLeadingZeros(e);
  const body = unsignedIntegerSize(nm) + unsignedIntegerSize(em);
  const out = new Uint8Array(1 + derLengthSize(body) + body);
  out[0] = 0x30;
  const o = writeDerLength(out, 1, body);
  writeUnsignedInteger(out, writeUnsignedInteger(out, o, nm), em);
  return out;
}

/** Imports the key, or throws ERR_PUBLIC_KEY_INVALID when Node refuses it. */
function importKey(nc: NodeCryptoModule, key: PublicKey): object {
  try {
    if (key.kty === 'RSA')
      return nc.createPublicKey({ key: rsaPublicKeyDER(key.n, key.e), format: 'der', type: 'pkcs1' });
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
