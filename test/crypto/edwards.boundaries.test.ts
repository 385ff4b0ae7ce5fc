/**
 * Number helpers behind key validation: the Jacobi symbol (edwards.ts) against a textbook
 * reference on the inputs that take each branch (negative a, gcd > 1, whole zero words, n = 1),
 * and the byte/integer conversions of curves.ts at their edges.
 */
import { describe, expect, it } from 'vitest';
import { bigIntToBytes, leftPad, stripLeadingZeros } from '../../src/crypto/curves.js';
import { edwardsKeyProblem, jacobi as jacobiRaw } from '../../src/crypto/edwards.js';

/** The symbol as a plain number (the implementation may return −0 for 0). */
const jacobi = (a: bigint, n: bigint): number => jacobiRaw(a, n) + 0;

/** Textbook Jacobi symbol (a/n), n odd and positive. */
function jacobiRef(a0: bigint, n0: bigint): number {
  let a = ((a0 % n0) + n0) % n0;
  let n = n0;
  let t = 1;
  while (a !== 0n) {
    while (a % 2n === 0n) {
      a /= 2n;
      const r = n % 8n;
      if (r === 3n || r === 5n) t = -t;
    }
    [a, n] = [n, a];
    if (a % 4n === 3n && n % 4n === 3n) t = -t;
    a %= n;
  }
  return n === 1n ? t : 0;
}

const P25519 = (1n << 255n) - 19n;
const P448 = (1n << 448n) - (1n << 224n) - 1n;

describe('jacobi', () => {
  it('(a/1) = 1 for every a, including 0', () => {
    for (const a of [0n, 1n, 2n, 5n, -3n, P25519]) expect(jacobi(a, 1n)).toBe(1);
  });

  it('is 0 when gcd(a, n) > 1, for small and large n', () => {
    expect(jacobi(6n, 9n)).toBe(0);
    expect(jacobi(3n, 9n)).toBe(0);
    expect(jacobi(0n, 7n)).toBe(0);
    expect(jacobi(15n, 45n)).toBe(0);
    const big = P25519 * 3n;
    expect(jacobi(3n * 12345n, big)).toBe(0);
    expect(jacobi(P25519 * 5n, P25519 * 7n)).toBe(0);
  });

  it('handles negative a like a + n', () => {
    for (const n of [7n, 9n, 15n, 97n, P25519, P448]) {
      for (const a of [-1n, -2n, -3n, -n + 1n, -5n * n - 4n]) {
        expect(jacobi(a, n)).toBe(jacobiRef(a, n));
        expect(jacobi(a, n)).toBe(jacobi(((a % n) + n) % n, n));
      }
    }
    expect(jacobi(-1n, 7n)).toBe(-1); // 7 ≡ 3 (mod 4)
    expect(jacobi(-1n, 13n)).toBe(1); // 13 ≡ 1 (mod 4)
  });

  it('handles powers of two, including whole zero 32-bit words, on large moduli', () => {
    for (const n of [P25519, P448, (1n << 127n) - 1n, P25519 * 3n]) {
      for (const shift of [1n, 2n, 3n, 31n, 32n, 33n, 64n, 65n, 96n, 200n]) {
        for (const odd of [1n, 3n, 5n, 7n, 0xdeadbeefn]) {
          const a = (odd << shift) % n;
          expect(jacobi(a, n)).toBe(jacobiRef(a, n));
        }
      }
      expect(jacobi(1n << 64n, n)).toBe(jacobiRef(1n << 64n, n));
    }
  });

  it('agrees with the reference on a spread of values', () => {
    let x = 0x1234567n;
    for (let i = 0; i < 300; i++) {
      x = (x * 6364136223846793005n + 1442695040888963407n) % (1n << 256n);
      for (const n of [3n, 5n, 21n, 1001n, (1n << 61n) - 1n, P25519, P448, P25519 * 9n]) {
        expect(jacobi(x, n)).toBe(jacobiRef(x, n));
      }
    }
  });
});

describe('edwardsKeyProblem', () => {
  const le = (v: bigint, size: number): Uint8Array => {
    const out = new Uint8Array(size);
    for (let i = 0, x = v; i < size; i++, x >>= 8n) out[i] = Number(x & 0xffn);
    return out;
  };

  it('y = 0, ±1 are small order on both curves; y ≥ p is non-canonical', () => {
    expect(edwardsKeyProblem('Ed25519', le(1n, 32))).toBe('small-order');
    expect(edwardsKeyProblem('Ed25519', le(P25519 - 1n, 32))).toBe('small-order');
    expect(edwardsKeyProblem('Ed25519', le(0n, 32))).toBe('small-order');
    expect(edwardsKeyProblem('Ed25519', le(P25519, 32))).toBe('non-canonical');
    expect(edwardsKeyProblem('Ed448', le(1n, 57))).toBe('small-order');
    expect(edwardsKeyProblem('Ed448', le(P448 - 1n, 57))).toBe('small-order');
    expect(edwardsKeyProblem('Ed448', le(P448, 57))).toBe('non-canonical');
  });

  it('x = 0 with the sign bit set has no encoding', () => {
    const identityNegative = le(1n, 32);
    identityNegative[31] = (identityNegative[31] as number) | 0x80;
    expect(edwardsKeyProblem('Ed25519', identityNegative)).toBe('not-on-curve');
  });
});

describe('curves.ts conversions', () => {
  it('bigIntToBytes: zero, exact fit, overflow, negative', () => {
    expect(bigIntToBytes(0n, 4)).toEqual(new Uint8Array(4));
    expect(bigIntToBytes(0n, 0)).toEqual(new Uint8Array(0));
    expect(bigIntToBytes(255n, 1)).toEqual(Uint8Array.of(255));
    expect(bigIntToBytes(256n, 1)).toBeUndefined();
    expect(bigIntToBytes(256n, 2)).toEqual(Uint8Array.of(1, 0));
    expect(bigIntToBytes(1n, 0)).toBeUndefined();
    expect(bigIntToBytes(-1n, 4)).toBeUndefined();
  });

  it('stripLeadingZeros: all zeros become empty, inner zeros stay', () => {
    expect(stripLeadingZeros(new Uint8Array(3))).toEqual(new Uint8Array(0));
    expect(stripLeadingZeros(Uint8Array.of(0, 1, 0))).toEqual(Uint8Array.of(1, 0));
    expect(stripLeadingZeros(new Uint8Array(0))).toEqual(new Uint8Array(0));
  });

  it('leftPad returns the input itself when it already has the size, a padded copy otherwise', () => {
    const b = Uint8Array.of(1, 2);
    expect(leftPad(b, 2)).toBe(b);
    const padded = leftPad(b, 4);
    expect(padded).toEqual(Uint8Array.of(0, 0, 1, 2));
    expect(padded).not.toBe(b);
  });
});
