/**
 * verifySignature: which backend answers. The three backends are wrapped in spies that call the
 * real implementations, and the capability probes (node:crypto present, WebCrypto present, WebCrypto
 * Ed25519) can be switched off to model Deno, browsers and workerd.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as noble from '../../src/crypto/backend-noble.js';
import * as node from '../../src/crypto/backend-node.js';
import * as webcrypto from '../../src/crypto/backend-webcrypto.js';
import type { CryptoBackend, PublicKey, SignatureScheme } from '../../src/crypto/types.js';
import { verifySignature } from '../../src/crypto/verify.js';
import { utf8Encode } from '../../src/encoding/bytes.js';
import { WebAuthnError } from '../../src/errors.js';
import { ecKeyPair, okpKeyPair, rsaKeyPair, signECDSA, signEdDSA, signRSA } from './keys.js';

vi.mock('../../src/crypto/backend-node.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/crypto/backend-node.js')>();
  return { ...real, getNodeCrypto: vi.fn(real.getNodeCrypto), verifyNode: vi.fn(real.verifyNode) };
});
vi.mock('../../src/crypto/backend-webcrypto.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/crypto/backend-webcrypto.js')>();
  return {
    ...real,
    hasWebCrypto: vi.fn(real.hasWebCrypto),
    webCryptoHasEd25519: vi.fn(real.webCryptoHasEd25519),
    verifyWebCrypto: vi.fn(real.verifyWebCrypto),
  };
});
vi.mock('../../src/crypto/backend-noble.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/crypto/backend-noble.js')>();
  return { ...real, verifyNoble: vi.fn(real.verifyNoble) };
});

const DATA = utf8Encode('routing');
const verifyNode = vi.mocked(node.verifyNode);
const getNodeCrypto = vi.mocked(node.getNodeCrypto);
const verifyWebCrypto = vi.mocked(webcrypto.verifyWebCrypto);
const hasWebCrypto = vi.mocked(webcrypto.hasWebCrypto);
const webCryptoHasEd25519 = vi.mocked(webcrypto.webCryptoHasEd25519);
const verifyNoble = vi.mocked(noble.verifyNoble);

interface Vector {
  name: string;
  scheme: SignatureScheme;
  key: PublicKey;
  signature: Uint8Array;
}

const p256 = ecKeyPair('P-256');
const k1 = ecKeyPair('secp256k1');
const ed25519 = okpKeyPair('Ed25519');
const ed448 = okpKeyPair('Ed448');
const rsa = rsaKeyPair(1024);
const V: Record<string, Vector> = {
  es256: {
    name: 'ES256',
    scheme: { name: 'ECDSA', hash: 'SHA-256', encoding: 'der' },
    key: p256.publicKey,
    signature: signECDSA(p256, 'SHA-256', DATA),
  },
  es256raw: {
    name: 'ES256 raw',
    scheme: { name: 'ECDSA', hash: 'SHA-256', encoding: 'raw' },
    key: p256.publicKey,
    signature: signECDSA(p256, 'SHA-256', DATA, 'raw'),
  },
  es256k: {
    name: 'ES256K',
    scheme: { name: 'ECDSA', hash: 'SHA-256', encoding: 'der' },
    key: k1.publicKey,
    signature: signECDSA(k1, 'SHA-256', DATA),
  },
  ed25519: { name: 'Ed25519', scheme: { name: 'EdDSA' }, key: ed25519.publicKey, signature: signEdDSA(ed25519, DATA) },
  ed448: { name: 'Ed448', scheme: { name: 'EdDSA' }, key: ed448.publicKey, signature: signEdDSA(ed448, DATA) },
  rs256: {
    name: 'RS256',
    scheme: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
    key: rsa.publicKey,
    signature: signRSA(rsa, 'SHA-256', DATA),
  },
  ps256: {
    name: 'PS256',
    scheme: { name: 'RSA-PSS', hash: 'SHA-256', saltLength: 32 },
    key: rsa.publicKey,
    signature: signRSA(rsa, 'SHA-256', DATA, { saltLength: 32 }),
  },
};

function run(v: Vector, backend?: CryptoBackend): Promise<boolean> {
  return verifySignature({
    scheme: v.scheme,
    key: v.key,
    signature: v.signature,
    data: DATA,
    ...(backend === undefined ? {} : { backend }),
  });
}

/** Which backends were called, in order. */
function calls(): string[] {
  const all = [
    ...verifyNode.mock.invocationCallOrder.map((o) => [o, 'node'] as const),
    ...verifyWebCrypto.mock.invocationCallOrder.map((o) => [o, 'webcrypto'] as const),
    ...verifyNoble.mock.invocationCallOrder.map((o) => [o, 'noble'] as const),
  ];
  return all.sort((a, b) => a[0] - b[0]).map(([, name]) => name);
}

beforeEach(() => {
  // Back to the real implementations (vi.fn(impl) resets to impl) with empty call records.
  vi.resetAllMocks();
});

describe.skipIf(node.getNodeCrypto() === undefined)('with node:crypto (Node ≥ 20.16)', () => {
  it.each(Object.keys(V))('%s: auto and the default use node:crypto only', async (id) => {
    const v = V[id] as Vector;
    expect(await run(v)).toBe(true);
    expect(calls()).toEqual(['node']);
    vi.clearAllMocks();
    expect(await run(v, 'auto')).toBe(true);
    expect(calls()).toEqual(['node']);
  });

  it.each(Object.keys(V))('%s: a forced backend is the only one called', async (id) => {
    const v = V[id] as Vector;
    const backends: CryptoBackend[] = id === 'es256k' ? ['node', 'noble'] : ['node', 'webcrypto', 'noble'];
    for (const backend of backends) {
      vi.clearAllMocks();
      expect(await run(v, backend)).toBe(true);
      expect(calls()).toEqual([backend]);
    }
  });

  it('webcrypto receives ECDSA as fixed-width r‖s, whatever the input encoding', async () => {
    for (const v of [V.es256, V.es256raw] as Vector[]) {
      vi.clearAllMocks();
      expect(await run(v, 'webcrypto')).toBe(true);
      const [scheme, , signature] = verifyWebCrypto.mock.calls[0] as Parameters<typeof webcrypto.verifyWebCrypto>;
      expect(scheme).toEqual({ name: 'ECDSA', hash: 'SHA-256', encoding: 'raw' });
      expect(signature.length).toBe(64);
      expect(signature[0] === 0x30 && signature[1] === 0x44 && signature.length !== 64).toBe(false);
    }
  });

  it('webcrypto receives non-ECDSA schemes and signatures unchanged', async () => {
    for (const v of [V.rs256, V.ps256, V.ed25519] as Vector[]) {
      vi.clearAllMocks();
      expect(await run(v, 'webcrypto')).toBe(true);
      const [scheme, key, signature] = verifyWebCrypto.mock.calls[0] as Parameters<typeof webcrypto.verifyWebCrypto>;
      expect(scheme).toBe(v.scheme);
      expect(key).toBe(v.key);
      expect(signature).toBe(v.signature);
    }
  });

  it('a malformed signature never reaches a backend', async () => {
    const v = V.es256 as Vector;
    for (const backend of [undefined, 'node', 'webcrypto', 'noble'] as (CryptoBackend | undefined)[]) {
      expect(await run({ ...v, signature: v.signature.subarray(1) }, backend)).toBe(false);
    }
    expect(calls()).toEqual([]);
  });

  it('auto falls through when node:crypto throws (a partial node:crypto), forced node propagates', async () => {
    const refused = new WebAuthnError('ERR_PUBLIC_KEY_INVALID', 'modelled partial node:crypto');
    verifyNode.mockImplementation(() => {
      throw refused;
    });
    expect(await run(V.es256 as Vector)).toBe(true);
    expect(calls()).toEqual(['node', 'webcrypto']);
    vi.clearAllMocks();
    expect(await run(V.es256k as Vector)).toBe(true);
    expect(calls()).toEqual(['node', 'noble']);
    vi.clearAllMocks();
    await expect(run(V.es256 as Vector, 'node')).rejects.toBe(refused);
    expect(calls()).toEqual(['node']);
  });

  it('auto returns node:crypto’s false without asking another backend', async () => {
    verifyNode.mockReturnValue(false);
    expect(await run(V.es256 as Vector)).toBe(false);
    expect(calls()).toEqual(['node']);
  });
});

describe('without node:crypto (Deno, browsers, workerd)', () => {
  beforeEach(() => {
    getNodeCrypto.mockReturnValue(undefined);
  });

  it('forcing node is ERR_UNSUPPORTED_ALGORITHM', async () => {
    await expect(run(V.es256 as Vector, 'node')).rejects.toMatchObject({ code: 'ERR_UNSUPPORTED_ALGORITHM' });
    expect(calls()).toEqual([]);
  });

  it.each([
    ['es256', 'webcrypto'],
    ['es256raw', 'webcrypto'],
    ['es256k', 'noble'],
    ['ed448', 'noble'],
    ['rs256', 'webcrypto'],
    ['ps256', 'webcrypto'],
  ])('%s under auto goes to %s', async (id, expected) => {
    expect(await run(V[id] as Vector)).toBe(true);
    expect(calls()).toEqual([expected]);
  });

  it('Ed25519 goes to WebCrypto when it has Ed25519, else to pure JS', async () => {
    webCryptoHasEd25519.mockResolvedValueOnce(true);
    expect(await run(V.ed25519 as Vector)).toBe(true);
    expect(calls()).toEqual(['webcrypto']);
    vi.clearAllMocks();
    getNodeCrypto.mockReturnValue(undefined);
    webCryptoHasEd25519.mockResolvedValueOnce(false);
    expect(await run(V.ed25519 as Vector)).toBe(true);
    expect(calls()).toEqual(['noble']);
  });

  it('Ed448 goes to pure JS without asking WebCrypto about Ed25519', async () => {
    webCryptoHasEd25519.mockResolvedValue(true);
    expect(await run(V.ed448 as Vector)).toBe(true);
    expect(calls()).toEqual(['noble']);
  });

  it('without WebCrypto either, everything goes to pure JS', async () => {
    hasWebCrypto.mockReturnValue(false);
    webCryptoHasEd25519.mockResolvedValue(true);
    for (const id of Object.keys(V)) {
      vi.clearAllMocks();
      getNodeCrypto.mockReturnValue(undefined);
      hasWebCrypto.mockReturnValue(false);
      expect(await run(V[id] as Vector)).toBe(true);
      expect(calls()).toEqual(['noble']);
    }
  });

  it('forced noble and webcrypto still work', async () => {
    expect(await run(V.es256 as Vector, 'noble')).toBe(true);
    expect(await run(V.es256 as Vector, 'webcrypto')).toBe(true);
    expect(calls()).toEqual(['noble', 'webcrypto']);
  });
});
