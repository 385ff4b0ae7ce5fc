/**
 * COSE_Key (RFC 9052 §7, RFC 9053 §7, RFC 8230 §4, RFC 8812) parsing, validation and encoding of
 * WebAuthn credential public keys (WebAuthn L3 §6.5.1.1).
 *
 * Error policy: an `alg` Tessera does not verify (or one outside `allowedAlgorithms`, or RS1 when
 * not listed) is `ERR_UNSUPPORTED_ALGORITHM`; everything else that is wrong with the key (missing
 * or non-integer `alg`, kty/crv that do not fit the alg, bad sizes, points off the curve, weak RSA
 * parameters, extra members) is `ERR_PUBLIC_KEY_INVALID`.
 *
 * @module
 */
import { equalBytes } from '../encoding/bytes.js';
import { type CBORMap, type CBORValue, encodeCBOR } from '../encoding/cbor.js';
import { WebAuthnError } from '../errors.js';
import { bytesToBigInt, EC_CURVES, leftPad, OKP_CURVES, stripLeadingZeros } from './curves.js';
import { edwardsKeyProblem } from './edwards.js';
import type { ECCurve, OKPCurve, PublicKey, SignatureScheme } from './types.js';

/** A validated credential public key. */
export interface COSEPublicKey {
  /** COSE algorithm identifier (label 3). */
  alg: number;
  /** COSE key type (label 1): 1 OKP, 2 EC2, 3 RSA. */
  kty: number;
  /** COSE curve (label -1) for EC2/OKP keys. */
  crv: number | undefined;
  /** The key in runtime-neutral form. */
  publicKey: PublicKey;
  /** How signatures by this key are verified. */
  scheme: SignatureScheme;
}

/** Options of {@link parseCOSEPublicKey}. */
export interface ParseCOSEPublicKeyOptions {
  /**
   * COSE algorithm ids the relying party accepts (WebAuthn L3 §7.1 step 20). Default: every
   * algorithm Tessera verifies except RS1 (-65535), which is only accepted when listed here.
   */
  allowedAlgorithms?: readonly number[];
}

/** COSE algorithm identifiers Tessera verifies (IANA "COSE Algorithms" registry). */
export const COSE_ALGORITHMS = /* @__PURE__ */ Object.freeze({
  ES256: -7,
  EdDSA: -8,
  Ed25519: -19,
  ES384: -35,
  ES512: -36,
  PS256: -37,
  PS384: -38,
  PS512: -39,
  ES256K: -47,
  Ed448: -53,
  RS256: -257,
  RS384: -258,
  RS512: -259,
  RS1: -65535,
} as const);

/** COSE key types (RFC 9053 §7, RFC 8230 §4). */
export const COSE_KEY_TYPES = /* @__PURE__ */ Object.freeze({ OKP: 1, EC2: 2, RSA: 3 } as const);

/** COSE elliptic curves (RFC 9053 §7.1, RFC 8812 §3.1). */
export const COSE_CURVES = /* @__PURE__ */ Object.freeze({
  P256: 1,
  P384: 2,
  P521: 3,
  X25519: 4,
  X448: 5,
  Ed25519: 6,
  Ed448: 7,
  secp256k1: 8,
} as const);

type KtyName = 'EC' | 'RSA' | 'OKP';

interface AlgorithmInfo {
  name: string;
  kty: KtyName;
  /** Allowed COSE curve ids (EC2/OKP). */
  crvs?: readonly number[];
  scheme: SignatureScheme;
}

const A = COSE_ALGORITHMS;
const C = COSE_CURVES;

const ALGORITHMS: ReadonlyMap<number, AlgorithmInfo> = /* @__PURE__ */ new Map<number, AlgorithmInfo>([
  // RFC 9053 §2.1: ECDSA with the curve fixed by WebAuthn L3 §5.8.5 / RFC 8812 §3.2.
  [A.ES256, { name: 'ES256', kty: 'EC', crvs: [C.P256], scheme: { name: 'ECDSA', hash: 'SHA-256', encoding: 'der' } }],
  [A.ES384, { name: 'ES384', kty: 'EC', crvs: [C.P384], scheme: { name: 'ECDSA', hash: 'SHA-384', encoding: 'der' } }],
  [A.ES512, { name: 'ES512', kty: 'EC', crvs: [C.P521], scheme: { name: 'ECDSA', hash: 'SHA-512', encoding: 'der' } }],
  [
    A.ES256K,
    { name: 'ES256K', kty: 'EC', crvs: [C.secp256k1], scheme: { name: 'ECDSA', hash: 'SHA-256', encoding: 'der' } },
  ],
  // RFC 9053 §2.2 (EdDSA with crv), RFC 9864 (fully specified Ed25519 / Ed448).
  [A.EdDSA, { name: 'EdDSA', kty: 'OKP', crvs: [C.Ed25519, C.Ed448], scheme: { name: 'EdDSA' } }],
  [A.Ed25519, { name: 'Ed25519', kty: 'OKP', crvs: [C.Ed25519], scheme: { name: 'EdDSA' } }],
  [A.Ed448, { name: 'Ed448', kty: 'OKP', crvs: [C.Ed448], scheme: { name: 'EdDSA' } }],
  // RFC 8230 §2: RSASSA-PSS, salt length = hash length, MGF1 with the same hash.
  [A.PS256, { name: 'PS256', kty: 'RSA', scheme: { name: 'RSA-PSS', hash: 'SHA-256', saltLength: 32 } }],
  [A.PS384, { name: 'PS384', kty: 'RSA', scheme: { name: 'RSA-PSS', hash: 'SHA-384', saltLength: 48 } }],
  [A.PS512, { name: 'PS512', kty: 'RSA', scheme: { name: 'RSA-PSS', hash: 'SHA-512', saltLength: 64 } }],
  // RFC 8812 §2: RSASSA-PKCS1-v1_5.
  [A.RS256, { name: 'RS256', kty: 'RSA', scheme: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } }],
  [A.RS384, { name: 'RS384', kty: 'RSA', scheme: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-384' } }],
  [A.RS512, { name: 'RS512', kty: 'RSA', scheme: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-512' } }],
  [A.RS1, { name: 'RS1', kty: 'RSA', scheme: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-1' } }],
]);

const KTY_IDS: Readonly<Record<KtyName, number>> = { OKP: 1, EC: 2, RSA: 3 };
const EC_CURVE_NAMES: ReadonlyMap<number, ECCurve> = new Map<number, ECCurve>([
  [C.P256, 'P-256'],
  [C.P384, 'P-384'],
  [C.P521, 'P-521'],
  [C.secp256k1, 'secp256k1'],
]);
const OKP_CURVE_NAMES: ReadonlyMap<number, OKPCurve> = new Map<number, OKPCurve>([
  [C.Ed25519, 'Ed25519'],
  [C.Ed448, 'Ed448'],
]);

/** Smallest and largest RSA modulus accepted in credential keys, in bits. */
export const RSA_MODULUS_BITS = /* @__PURE__ */ Object.freeze({ min: 2048, max: 16384 } as const);

/** Labels each key type may carry: kty (1), alg (3) and its type parameters (RFC 9053 §7.1–7.2, RFC 8230 §4). */
const ALLOWED_LABELS: Readonly<Record<KtyName, ReadonlySet<number>>> = {
  EC: new Set([1, 3, -1, -2, -3]),
  OKP: new Set([1, 3, -1, -2]),
  RSA: new Set([1, 3, -1, -2]),
};

function invalid(message: string, details?: Record<string, unknown>): never {
  throw new WebAuthnError('ERR_PUBLIC_KEY_INVALID', `COSE key: ${message}`, details === undefined ? {} : { details });
}

function unsupported(alg: number, message: string): never {
  throw new WebAuthnError('ERR_UNSUPPORTED_ALGORITHM', `COSE key: ${message}`, { details: { alg } });
}

function isInt(v: CBORValue | undefined): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v);
}

function bytesParam(map: CBORMap, label: number, what: string): Uint8Array {
  const v = map.get(label);
  if (!(v instanceof Uint8Array)) invalid(`${what} (label ${label}) must be a byte string`);
  return v;
}

/**
 * SEC 1 v2 §3.2.2.1 public key validation for cofactor-1 curves: coordinates in [0, p − 1] and
 * y² = x³ + ax + b (mod p). The identity has no affine encoding, and (0, 0) is not on any of them.
 */
function assertOnCurve(crv: ECCurve, x: Uint8Array, y: Uint8Array): void {
  const c = EC_CURVES[crv];
  const X = bytesToBigInt(x);
  const Y = bytesToBigInt(y);
  // SEC 1 §3.2.2.1 step 2: each coordinate is a field element (< p).
  if (X >= c.p || Y >= c.p) invalid(`${crv} coordinate is not below the field prime`);
  // SEC 1 §3.2.2.1 step 1: not the point at infinity (encoded by some as (0, 0)).
  if (X === 0n && Y === 0n) invalid(`${crv} point (0, 0) is not a valid public key`);
  // SEC 1 §3.2.2.1 step 3: the point satisfies the curve equation.
  const lhs = (Y * Y) % c.p;
  const rhs = (((X * X) % c.p) * X + c.a * X + c.b) % c.p;
  if (lhs !== (rhs + c.p) % c.p) invalid(`${crv} point is not on the curve`);
  // SEC 1 §3.2.2.1 step 4 (nQ = O) holds for every point on these cofactor-1 curves.
}

function parseEC2(map: CBORMap, info: AlgorithmInfo, crvId: number): PublicKey {
  const crv = EC_CURVE_NAMES.get(crvId)!;
  const size = EC_CURVES[crv].size;
  const x = bytesParam(map, -2, 'x');
  // RFC 9053 §7.1.1: y is a bstr (uncompressed) or a bool (point compression): WebAuthn keys use bstr.
  const yv = map.get(-3);
  if (yv === undefined) invalid('EC2 key lacks y (label -3)');
  if (typeof yv === 'boolean') invalid('compressed EC2 points are not accepted');
  if (!(yv instanceof Uint8Array)) invalid('y (label -3) must be a byte string');
  // RFC 9053 §7.1.1: x and y are padded to the field size (leading zeros kept).
  if (x.length !== size || yv.length !== size) {
    invalid(`${info.name} coordinates must be ${size} bytes`, { x: x.length, y: yv.length });
  }
  assertOnCurve(crv, x, yv);
  return { kty: 'EC', crv, x, y: yv };
}

function parseOKP(map: CBORMap, crvId: number): PublicKey {
  const crv = OKP_CURVE_NAMES.get(crvId)!;
  const x = bytesParam(map, -2, 'x');
  // RFC 8032 §5.1.5 / §5.2.5: 32-byte Ed25519 and 57-byte Ed448 public keys.
  if (x.length !== OKP_CURVES[crv].keySize) invalid(`${crv} public key must be ${OKP_CURVES[crv].keySize} bytes`);
  // RFC 8032 §5.1.3 / §5.2.3: canonical decoding (y < p, x recoverable, no x = 0 with sign 1).
  // Small-order points (identity, torsion) let any signature over anything verify for some messages.
  const problem = edwardsKeyProblem(crv, x);
  if (problem === 'small-order') invalid(`${crv} public key is a small-order point`);
  if (problem !== undefined) invalid(`${crv} public key does not decode to a point`);
  return { kty: 'OKP', crv, x };
}

function parseRSA(map: CBORMap): PublicKey {
  const n = bytesParam(map, -1, 'n');
  const e = bytesParam(map, -2, 'e');
  // RFC 8230 §4: minimum number of octets (no leading zeros) for n and e.
  if (n.length === 0 || n[0] === 0) invalid('RSA n must be minimally encoded (no leading zero)');
  if (e.length === 0 || e[0] === 0) invalid('RSA e must be minimally encoded (no leading zero)');
  const bits = n.length * 8 - Math.clz32(n[0] as number) + 24;
  // Key strength (NIST SP 800-57) and a CPU bound on verification.
  if (bits < RSA_MODULUS_BITS.min || bits > RSA_MODULUS_BITS.max) {
    invalid(`RSA modulus must be ${RSA_MODULUS_BITS.min}..${RSA_MODULUS_BITS.max} bits`, { bits });
  }
  // RFC 8017 §3.1: n is a product of odd primes.
  if (((n[n.length - 1] as number) & 1) === 0) invalid('RSA modulus must be odd');
  // RFC 8017 §3.1: 3 ≤ e ≤ n − 1, odd; bounded to 32 bits (FIPS 186-5 §A.1.1 uses e < 2^256; 2^32 is ample).
  if (e.length > 4) invalid('RSA exponent is too large');
  const eInt = bytesToBigInt(e);
  if (eInt < 3n || (eInt & 1n) === 0n) invalid('RSA exponent must be odd and at least 3');
  return { kty: 'RSA', n, e };
}

/**
 * Parses and validates a decoded COSE_Key credential public key.
 *
 * @example
 * ```ts
 * const key = parseCOSEPublicKey(decodeCBOR(bytes) as CBORMap, { allowedAlgorithms: [-7, -8, -257] });
 * ```
 */
export function parseCOSEPublicKey(map: CBORMap, options: ParseCOSEPublicKeyOptions = {}): COSEPublicKey {
  if (!(map instanceof Map)) throw new TypeError('parseCOSEPublicKey: expected a decoded CBOR map');
  const allowed = options.allowedAlgorithms;
  if (allowed !== undefined && !Array.isArray(allowed)) throw new TypeError('allowedAlgorithms must be an array');

  // WebAuthn L3 §6.5.1.1: the credential public key MUST contain alg (label 3), an integer.
  const alg = map.get(3);
  if (!isInt(alg)) invalid('alg (label 3) is missing or not an integer');
  const info = ALGORITHMS.get(alg);
  if (info === undefined) unsupported(alg, `algorithm ${alg} is not supported`);
  // WebAuthn L3 §7.1 step 20: alg is one of the relying party's pubKeyCredParams; RS1 only on request.
  if (allowed !== undefined ? !allowed.includes(alg) : alg === A.RS1) {
    unsupported(alg, `algorithm ${info.name} (${alg}) is not allowed`);
  }

  // RFC 9052 §7.1: kty (label 1) is required and must be the key type of alg.
  const kty = map.get(1);
  if (!isInt(kty)) invalid('kty (label 1) is missing or not an integer');
  if (kty !== KTY_IDS[info.kty]) invalid(`kty ${kty} does not match ${info.name}`, { kty, alg });

  // WebAuthn L3 §6.5.1.1: no OPTIONAL parameters (kid, key_ops, Base IV …) besides alg.
  for (const label of map.keys()) {
    if (!ALLOWED_LABELS[info.kty].has(label as number)) invalid(`unexpected member ${JSON.stringify(label)}`);
  }

  let crv: number | undefined;
  let publicKey: PublicKey;
  if (info.kty === 'RSA') {
    publicKey = parseRSA(map);
  } else {
    // RFC 9053 §7.1: crv (label -1) is required for EC2 and OKP and must be the alg's curve.
    const c = map.get(-1);
    if (!isInt(c)) invalid('crv (label -1) is missing or not an integer');
    if (!info.crvs!.includes(c)) invalid(`crv ${c} does not match ${info.name}`, { crv: c, alg });
    crv = c;
    publicKey = info.kty === 'EC' ? parseEC2(map, info, c) : parseOKP(map, c);
  }
  return { alg, kty, crv, publicKey, scheme: info.scheme };
}

/**
 * The signature scheme of a COSE algorithm id; throws `ERR_UNSUPPORTED_ALGORITHM` for ids Tessera
 * does not verify. For EdDSA (-8) the curve comes from the key.
 *
 * @example
 * ```ts
 * coseAlgorithmScheme(-7); // { name: 'ECDSA', hash: 'SHA-256', encoding: 'der' }
 * ```
 */
export function coseAlgorithmScheme(alg: number): SignatureScheme {
  const info = typeof alg === 'number' ? ALGORITHMS.get(alg) : undefined;
  if (info === undefined) unsupported(alg, `algorithm ${String(alg)} is not supported`);
  return info.scheme;
}

/** Name of a COSE algorithm id (`'ES256'`), or `'COSE(<id>)'` when Tessera does not know it. */
export function algorithmName(alg: number): string {
  return ALGORITHMS.get(alg)?.name ?? `COSE(${String(alg)})`;
}

/** True when Tessera can verify signatures for this COSE algorithm id (RS1 included). */
export function isSupportedAlgorithm(alg: number): boolean {
  return ALGORITHMS.has(alg);
}

/**
 * Encodes a public key as a COSE_Key in CTAP2 canonical order (kty, alg, then -1, -2, -3).
 * Throws `TypeError` when `alg` does not fit the key.
 *
 * @example
 * ```ts
 * const cose = encodeCOSEPublicKey({ kty: 'EC', crv: 'P-256', x, y }, COSE_ALGORITHMS.ES256);
 * ```
 */
export function encodeCOSEPublicKey(key: PublicKey, alg: number): Uint8Array {
  const info = ALGORITHMS.get(alg);
  if (info === undefined) throw new TypeError(`encodeCOSEPublicKey: unsupported algorithm ${String(alg)}`);
  if (key.kty !== info.kty) throw new TypeError(`encodeCOSEPublicKey: ${info.name} needs a ${info.kty} key`);
  // CTAP2.1 §8 canonical CBOR: integer keys sorted by encoded bytes (1, 3, -1, -2, -3).
  const map = new Map<number, number | Uint8Array>([
    [1, KTY_IDS[info.kty]],
    [3, alg],
  ]);
  switch (key.kty) {
    case 'EC': {
      const crv = [...EC_CURVE_NAMES].find(([, name]) => name === key.crv)?.[0];
      if (crv === undefined || !info.crvs!.includes(crv))
        throw new TypeError(`encodeCOSEPublicKey: ${key.crv} does not fit ${info.name}`);
      const size = EC_CURVES[key.crv].size;
      map.set(-1, crv);
      map.set(-2, leftPad(stripLeadingZeros(key.x), size));
      map.set(-3, leftPad(stripLeadingZeros(key.y), size));
      break;
    }
    case 'OKP': {
      const crv = [...OKP_CURVE_NAMES].find(([, name]) => name === key.crv)?.[0];
      if (crv === undefined || !info.crvs!.includes(crv))
        throw new TypeError(`encodeCOSEPublicKey: ${key.crv} does not fit ${info.name}`);
      map.set(-1, crv);
      map.set(-2, key.x);
      break;
    }
    case 'RSA':
      // RFC 8230 §4: minimal octets.
      map.set(-1, stripLeadingZeros(key.n));
      map.set(-2, stripLeadingZeros(key.e));
      break;
  }
  return encodeCBOR(map);
}

/** Equality of two public keys (RSA compares n and e without leading zeros). */
export function publicKeysEqual(a: PublicKey, b: PublicKey): boolean {
  if (a.kty === 'EC' && b.kty === 'EC') {
    return (
      a.crv === b.crv &&
      equalBytes(stripLeadingZeros(a.x), stripLeadingZeros(b.x)) &&
      equalBytes(stripLeadingZeros(a.y), stripLeadingZeros(b.y))
    );
  }
  if (a.kty === 'OKP' && b.kty === 'OKP') return a.crv === b.crv && equalBytes(a.x, b.x);
  if (a.kty === 'RSA' && b.kty === 'RSA') {
    return (
      equalBytes(stripLeadingZeros(a.n), stripLeadingZeros(b.n)) &&
      equalBytes(stripLeadingZeros(a.e), stripLeadingZeros(b.e))
    );
  }
  return false;
}
