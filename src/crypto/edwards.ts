/**
 * Edwards-curve public-key validation (Ed25519, Ed448) without point arithmetic.
 *
 * RFC 8032 §5.1.3 / §5.2.3 decoding succeeds exactly when y is canonical (< p), x² = u / v has a
 * root in GF(p), and x = 0 is not encoded with a set sign bit. Instead of computing the square
 * root (a ~255-squaring exponentiation, the dominant cost of EdDSA key validation), the root's
 * existence is decided with the Jacobi symbol of u·v (Euler/Legendre: u/v is a square iff u·v
 * is, v ≠ 0 because d is not a square). Small-order points are recognised by their y coordinate:
 * the torsion subgroup is tiny and listed below (libsodium's `has_small_order` list, canonical
 * part). Test vectors in test/crypto check equivalence with `@noble/curves`.
 *
 * @module
 */
import { HEX_BYTE } from './curves.js';
import type { OKPCurve } from './types.js';

/** Why a public key was refused, or `undefined` when it is a valid, non-small-order point. */
export type EdwardsKeyProblem = 'non-canonical' | 'not-on-curve' | 'small-order';

interface EdwardsParams {
  keySize: number;
  p: bigint;
  /** y² coefficient in v: Ed25519 v = d·y² + 1 (a = −1), Ed448 v = d·y² − 1 (a = 1). */
  d: bigint;
  vPlusOne: boolean;
  /** y coordinates of the points of small order (canonical values, any sign bit). */
  smallOrderY: readonly bigint[];
}

const P25519 = (1n << 255n) - 19n;
const P448 = (1n << 448n) - (1n << 224n) - 1n;

const PARAMS: Readonly<Record<OKPCurve, EdwardsParams>> = {
  Ed25519: {
    keySize: 32,
    p: P25519,
    // RFC 8032 §5.1: d = −121665/121666 mod p.
    d: 0x52036cee2b6ffe738cc740797779e89800700a4d4141d8ab75eb4dca135978a3n,
    vPlusOne: true,
    // The 8-torsion subgroup: y = 1 (identity), −1 (order 2), 0 (order 4), ±y8 (order 8).
    smallOrderY: [
      0n,
      1n,
      P25519 - 1n,
      0x7a03ac9277fdc74ec6cc392cfa53202a0f67100d760b3cba4fd84d3d706a17c7n,
      0x05fc536d880238b13933c6d305acdfd5f098eff289f4c345b027b2c28f95e826n,
    ],
  },
  Ed448: {
    keySize: 57,
    p: P448,
    // RFC 8032 §5.2: d = −39081.
    d: P448 - 39081n,
    vPlusOne: false,
    // The 4-torsion subgroup: (0, 1), (0, −1), (±1, 0).
    smallOrderY: [0n, 1n, P448 - 1n],
  },
};

/** The y coordinate of an RFC 8032 encoding: little-endian, the top bit (x_0) cleared. */
function decodeY(key: Uint8Array, last: number): bigint {
  let hex = `0x${HEX_BYTE[(key[last] as number) & 0x7f] as string}`;
  for (let i = last - 1; i >= 0; i--) hex += HEX_BYTE[key[i] as number] as string;
  return BigInt(hex);
}

/** Jacobi symbol (a/n) for small odd n (both below 2^53): plain Number arithmetic. */
function jacobiSmall(a: number, n: number): number {
  let t = 1;
  a %= n;
  while (a !== 0) {
    while (a % 2 === 0) {
      a /= 2;
      const r = n % 8;
      if (r === 3 || r === 5) t = -t;
    }
    const tmp = a;
    a = n;
    n = tmp;
    if (a % 4 === 3 && n % 4 === 3) t = -t;
    a %= n;
  }
  return n === 1 ? t : 0;
}

const TWO_53 = 1n << 53n;

/**
 * Jacobi symbol (a/n) for odd n > 0 (the binary-free textbook algorithm: reciprocity and the
 * second supplement). Equals the Legendre symbol when n is prime: 1 for a non-zero square,
 * −1 for a non-square, 0 when n divides a.
 */
export function jacobi(a: bigint, n: bigint): number {
  let t = 1;
  a %= n;
  if (a < 0n) a += n;
  while (a !== 0n) {
    // Remove factors of two; (2/n) = −1 iff n ≡ 3, 5 (mod 8). Whole 32-bit zero words are an even
    // count and leave the sign unchanged.
    let low = Number(a & 0xffffffffn);
    while (low === 0) {
      a >>= 32n;
      low = Number(a & 0xffffffffn);
    }
    const tz = 31 - Math.clz32(low & -low);
    if (tz > 0) {
      a >>= BigInt(tz);
      const r = Number(n & 7n);
      if ((tz & 1) === 1 && (r === 3 || r === 5)) t = -t;
    }
    // Quadratic reciprocity for odd a, n.
    const tmp = a;
    a = n;
    n = tmp;
    if (Number(a & 3n) === 3 && Number(n & 3n) === 3) t = -t;
    a %= n;
    if (n < TWO_53) return t * jacobiSmall(Number(a), Number(n));
  }
  return n === 1n ? t : 0;
}

/**
 * Validates an Ed25519 (32-byte) or Ed448 (57-byte) public key: RFC 8032 strict decoding (not
 * ZIP-215) and rejection of small-order points. The caller has checked the length.
 */
export function edwardsKeyProblem(crv: OKPCurve, key: Uint8Array): EdwardsKeyProblem | undefined {
  const c = PARAMS[crv];
  const last = c.keySize - 1;
  // RFC 8032 §5.1.3 step 1 / §5.2.3 step 1: x_0 is the top bit; y is the rest and must be < p.
  const x0 = ((key[last] as number) & 0x80) !== 0;
  const y = decodeY(key, last);
  if (y >= c.p) return 'non-canonical';
  // Steps 2–3: x² = u / v with u = y² − 1 and v = d·y² ± 1; a root exists iff u·v is a square.
  const y2 = (y * y) % c.p;
  const u = (y2 - 1n + c.p) % c.p;
  const v = (c.d * y2 + (c.vPlusOne ? 1n : c.p - 1n)) % c.p;
  if (jacobi((u * v) % c.p, c.p) < 0) return 'not-on-curve';
  // Step 4: x = 0 (u = 0) with x_0 = 1 has no encoding.
  if (u === 0n && x0) return 'not-on-curve';
  // Small order: the torsion points, whatever the sign of x.
  if (c.smallOrderY.includes(y)) return 'small-order';
  return undefined;
}
