/**
 * Signature AlgorithmIdentifier ↔ {@link SignatureScheme} (RFC 5758 §3.2, RFC 8017 App. A.2,
 * RFC 4055 §3.1, RFC 8410 §3).
 *
 * @module
 */
import type { HashName, SignatureScheme } from '../crypto/types.js';
import {
  type DERElement,
  decodeOID,
  derExplicit,
  derNull,
  derOID,
  derSequence,
  derSmallInteger,
  expectUniversal,
  isUniversal,
  readChildren,
  readSingle,
  TAG,
} from './der.js';
import { ALG, HASH_OIDS, lookupKey } from './oids.js';

const ECDSA: Readonly<Record<string, HashName>> = {
  [ALG.ecdsaWithSHA1]: 'SHA-1',
  [ALG.ecdsaWithSHA256]: 'SHA-256',
  [ALG.ecdsaWithSHA384]: 'SHA-384',
  [ALG.ecdsaWithSHA512]: 'SHA-512',
};

const PKCS1: Readonly<Record<string, HashName>> = {
  [ALG.sha1WithRSAEncryption]: 'SHA-1',
  [ALG.sha256WithRSAEncryption]: 'SHA-256',
  [ALG.sha384WithRSAEncryption]: 'SHA-384',
  [ALG.sha512WithRSAEncryption]: 'SHA-512',
};

function isNullOrAbsent(params: DERElement | undefined): boolean {
  return params === undefined || (isUniversal(params, TAG.NULL) && params.value.length === 0);
}

/** Hash AlgorithmIdentifier (parameters NULL or absent, RFC 4055 §2.1). */
function hashFromAlgorithmIdentifier(el: DERElement): HashName | undefined {
  const parts = readChildren(expectUniversal(el, TAG.SEQUENCE, 'hash AlgorithmIdentifier'));
  const oid = decodeOID(expectUniversal(parts[0], TAG.OID, 'hash OID').value);
  if (parts.length > 2 || !isNullOrAbsent(parts[1])) return undefined;
  return lookupKey(HASH_OIDS, oid);
}

/** RFC 4055 §3.1 RSASSA-PSS-params; only MGF1 with the same hash and trailerField 1 are supported. */
function pssScheme(params: DERElement | undefined): SignatureScheme | undefined {
  if (!isUniversal(params, TAG.SEQUENCE)) return undefined;
  let hash: HashName | undefined = 'SHA-1';
  let mgfHash: HashName | undefined = 'SHA-1';
  let saltLength = 20;
  let trailer = 1;
  let lastTag = -1;
  for (const field of readChildren(params)) {
    if (field.tagClass !== 'context' || !field.constructed || field.tagNumber <= lastTag) return undefined;
    lastTag = field.tagNumber;
    const inner = readSingle(field.value);
    if (field.tagNumber === 0) {
      hash = hashFromAlgorithmIdentifier(inner);
    } else if (field.tagNumber === 1) {
      const mgf = readChildren(expectUniversal(inner, TAG.SEQUENCE, 'maskGenAlgorithm'));
      if (decodeOID(expectUniversal(mgf[0], TAG.OID, 'MGF OID').value) !== ALG.mgf1 || mgf[1] === undefined) {
        return undefined;
      }
      if (mgf.length > 2) return undefined;
      mgfHash = hashFromAlgorithmIdentifier(mgf[1]);
    } else if (field.tagNumber === 2 || field.tagNumber === 3) {
      const int = expectUniversal(inner, TAG.INTEGER, 'PSS integer').value;
      if (int.length === 0 || int.length > 2 || ((int[0] as number) & 0x80) !== 0) return undefined;
      let v = 0;
      for (const b of int) v = v * 256 + b;
      if (field.tagNumber === 2) saltLength = v;
      else trailer = v;
    } else {
      return undefined;
    }
  }
  if (hash === undefined || mgfHash !== hash || trailer !== 1) return undefined;
  return { name: 'RSA-PSS', hash, saltLength };
}

/**
 * Maps a signature AlgorithmIdentifier (DER) to a scheme; `undefined` when unsupported or when
 * its parameters deviate from the profile (fail closed: such signatures never verify).
 */
export function signatureSchemeFromAlgorithmIdentifier(algorithmIdentifier: Uint8Array): {
  oid: string;
  scheme: SignatureScheme | undefined;
} {
  const parts = readChildren(expectUniversal(readSingle(algorithmIdentifier), TAG.SEQUENCE, 'AlgorithmIdentifier'));
  const oid = decodeOID(expectUniversal(parts[0], TAG.OID, 'algorithm OID').value);
  const params = parts[1];
  if (parts.length > 2) return { oid, scheme: undefined };
  const ecdsa = ECDSA[oid];
  // RFC 5758 §3.2: ECDSA parameters MUST be absent.
  if (ecdsa !== undefined) {
    return { oid, scheme: params === undefined ? { name: 'ECDSA', hash: ecdsa, encoding: 'der' } : undefined };
  }
  const pkcs1 = PKCS1[oid];
  // RFC 8017 Appendix A.2.4: parameters NULL (absent tolerated, as many encoders emit it).
  if (pkcs1 !== undefined) {
    return { oid, scheme: isNullOrAbsent(params) ? { name: 'RSASSA-PKCS1-v1_5', hash: pkcs1 } : undefined };
  }
  if (oid === ALG.rsassaPss) return { oid, scheme: pssScheme(params) };
  // RFC 8410 §3: parameters MUST be absent.
  if (oid === ALG.ed25519 || oid === ALG.ed448) {
    return { oid, scheme: params === undefined ? { name: 'EdDSA' } : undefined };
  }
  return { oid, scheme: undefined };
}

function hashAlgorithmIdentifier(hash: HashName): Uint8Array {
  return derSequence([derOID(HASH_OIDS[hash]), derNull()]);
}

/**
 * Encodes a signature AlgorithmIdentifier for a scheme. EdDSA defaults to Ed25519; pass
 * `curve: 'Ed448'` for Ed448.
 */
export function encodeSignatureAlgorithm(scheme: SignatureScheme, curve?: 'Ed25519' | 'Ed448'): Uint8Array {
  switch (scheme.name) {
    case 'ECDSA':
      return derSequence([derOID(oidFor(ECDSA, scheme.hash))]);
    case 'RSASSA-PKCS1-v1_5':
      return derSequence([derOID(oidFor(PKCS1, scheme.hash)), derNull()]);
    case 'RSA-PSS':
      return derSequence([
        derOID(ALG.rsassaPss),
        derSequence([
          derExplicit(0, hashAlgorithmIdentifier(scheme.hash)),
          derExplicit(1, derSequence([derOID(ALG.mgf1), hashAlgorithmIdentifier(scheme.hash)])),
          derExplicit(2, derSmallInteger(scheme.saltLength)),
        ]),
      ]);
    case 'EdDSA':
      return derSequence([derOID(curve === 'Ed448' ? ALG.ed448 : ALG.ed25519)]);
  }
}

function oidFor(table: Readonly<Record<string, HashName>>, hash: HashName): string {
  for (const [oid, h] of Object.entries(table)) if (h === hash) return oid;
  throw new RangeError(`no signature algorithm for ${hash}`);
}
