/**
 * digest / sha256: node:crypto's one-shot `hash` when present, `createHash` on older Node, and
 * @noble/hashes without node:crypto or when node:crypto refuses (a FIPS provider without SHA-1).
 * node:crypto is replaced by stand-ins that record which primitive answered.
 */
import { createHash } from 'node:crypto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as node from '../../src/crypto/backend-node.js';
import { digest, HASH_LENGTHS, sha256 } from '../../src/crypto/hash.js';
import type { HashName } from '../../src/crypto/types.js';
import { utf8Encode } from '../../src/encoding/bytes.js';

vi.mock('../../src/crypto/backend-node.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/crypto/backend-node.js')>();
  return { ...real, getNodeCrypto: vi.fn(real.getNodeCrypto) };
});

const getNodeCrypto = vi.mocked(node.getNodeCrypto);
const DATA = utf8Encode('abc');
const HASHES: HashName[] = ['SHA-1', 'SHA-256', 'SHA-384', 'SHA-512'];
const NODE_NAMES: Record<HashName, string> = {
  'SHA-1': 'sha1',
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
};
const expected = (hash: HashName, data: Uint8Array = DATA): Uint8Array =>
  new Uint8Array(createHash(NODE_NAMES[hash]).update(data).digest());

/** A node:crypto stand-in whose answers are recognisable (the real digest with the first byte flipped). */
function marked(options: { oneShot: boolean; refuse?: boolean }) {
  const mark = (name: string, data: Uint8Array): Uint8Array => {
    if (options.refuse === true) throw new Error(`${name} disabled`);
    const out = createHash(name).update(data).digest();
    out[0] = (out[0] as number) ^ 0xff;
    return out;
  };
  const hash = vi.fn((name: string, data: Uint8Array, _encoding?: string) => mark(name, data));
  const createHashFn = vi.fn((name: string) => ({
    update: (data: Uint8Array) => ({ digest: () => mark(name, data) }),
  }));
  const nc = {
    createHash: createHashFn,
    verify: () => false,
    createPublicKey: () => ({}),
    constants: { RSA_PKCS1_PADDING: 1, RSA_PKCS1_PSS_PADDING: 6 },
    ...(options.oneShot ? { hash } : {}),
  } as unknown as node.NodeCryptoModule;
  return { nc, hash, createHash: createHashFn };
}
const flipped = (bytes: Uint8Array): Uint8Array => {
  const out = new Uint8Array(bytes);
  out[0] = (out[0] as number) ^ 0xff;
  return out;
};

beforeEach(() => {
  vi.resetAllMocks();
});

describe('with the real node:crypto', () => {
  it.each(HASHES)('%s of "abc" is the FIPS 180-4 value as a plain Uint8Array', (hash) => {
    const out = digest(hash, DATA);
    expect(out).toEqual(expected(hash));
    expect(out.length).toBe(HASH_LENGTHS[hash]);
    expect(Object.getPrototypeOf(out)).toBe(Uint8Array.prototype);
  });

  it('sha256 equals digest SHA-256 and is a plain Uint8Array', () => {
    const out = sha256(DATA);
    expect(out).toEqual(expected('SHA-256'));
    expect(Object.getPrototypeOf(out)).toBe(Uint8Array.prototype);
  });

  it('non-Uint8Array input is a TypeError (node:crypto alone would hash a string)', () => {
    for (const bad of ['abc', [97, 98, 99], new ArrayBuffer(3), undefined]) {
      expect(() => sha256(bad as unknown as Uint8Array)).toThrow(TypeError);
      expect(() => digest('SHA-256', bad as unknown as Uint8Array)).toThrow(TypeError);
    }
  });

  it('an unknown hash name is a TypeError', () => {
    for (const bad of ['MD5', 'sha256', 'toString', '']) {
      expect(() => digest(bad as HashName, DATA)).toThrow(TypeError);
    }
  });
});

describe('which primitive answers', () => {
  it('the one-shot crypto.hash when node:crypto has it (Node ≥ 20.12)', () => {
    const m = marked({ oneShot: true });
    getNodeCrypto.mockReturnValue(m.nc);
    for (const hash of HASHES) expect(digest(hash, DATA)).toEqual(flipped(expected(hash)));
    expect(sha256(DATA)).toEqual(flipped(expected('SHA-256')));
    expect(m.hash.mock.calls.map((c) => c[0])).toEqual(['sha1', 'sha256', 'sha384', 'sha512', 'sha256']);
    expect(m.hash.mock.calls[0]?.[2]).toBe('buffer');
    expect(m.createHash).not.toHaveBeenCalled();
  });

  it('createHash when node:crypto has no one-shot hash', () => {
    const m = marked({ oneShot: false });
    getNodeCrypto.mockReturnValue(m.nc);
    for (const hash of HASHES) expect(digest(hash, DATA)).toEqual(flipped(expected(hash)));
    expect(sha256(DATA)).toEqual(flipped(expected('SHA-256')));
    expect(m.createHash.mock.calls.map((c) => c[0])).toEqual(['sha1', 'sha256', 'sha384', 'sha512', 'sha256']);
  });

  it('@noble/hashes when node:crypto refuses the algorithm', () => {
    for (const oneShot of [true, false]) {
      const m = marked({ oneShot, refuse: true });
      getNodeCrypto.mockReturnValue(m.nc);
      for (const hash of HASHES) expect(digest(hash, DATA)).toEqual(expected(hash));
      expect(sha256(DATA)).toEqual(expected('SHA-256'));
    }
  });

  it('@noble/hashes without node:crypto, for every hash and input size', () => {
    getNodeCrypto.mockReturnValue(undefined);
    for (const size of [0, 55, 56, 64, 1000]) {
      const data = new Uint8Array(size).map((_, i) => i * 7);
      for (const hash of HASHES) expect(digest(hash, data)).toEqual(expected(hash, data));
      expect(sha256(data)).toEqual(expected('SHA-256', data));
    }
    for (const bad of ['MD5', 'toString']) expect(() => digest(bad as HashName, DATA)).toThrow(TypeError);
    expect(() => sha256('abc' as unknown as Uint8Array)).toThrow(TypeError);
  });

  it('never asks node:crypto for a hash outside SHA-1/SHA-256/SHA-384/SHA-512', () => {
    const anything = vi.fn(() => new Uint8Array(32));
    getNodeCrypto.mockReturnValue({ ...marked({ oneShot: true }).nc, hash: anything } as node.NodeCryptoModule);
    for (const bad of ['MD5', 'toString', 'sha256']) expect(() => digest(bad as HashName, DATA)).toThrow(TypeError);
    expect(anything).not.toHaveBeenCalled();
  });
});
