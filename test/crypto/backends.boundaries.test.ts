/**
 * The three signature backends called directly, past verifySignature's prechecks: their capability
 * probes (with the runtime's globals swapped for stand-ins), the arguments they hand to the platform,
 * and how they report platform failures.
 */
import { webcrypto as nodeWebCrypto } from 'node:crypto';
import { ed25519 } from '@noble/curves/ed25519.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { verifyNoble } from '../../src/crypto/backend-noble.js';
import { type NodeCryptoModule, rsaPublicKeyDER, verifyNode } from '../../src/crypto/backend-node.js';
import type { PublicKey, SignatureScheme } from '../../src/crypto/types.js';
import { verifySignature } from '../../src/crypto/verify.js';
import { utf8Encode } from '../../src/encoding/bytes.js';
import { ecKeyPair, okpKeyPair, rsaKeyPair, signECDSA, signEdDSA, signRSA } from './keys.js';

const DATA = utf8Encode('backend');
/** process.getBuiltinModule exists from Node 20.16 / 22.3; older runtimes take the other paths. */
const HAS_GET_BUILTIN = typeof (process as { getBuiltinModule?: unknown }).getBuiltinModule === 'function';
if (!HAS_GET_BUILTIN) console.warn('process.getBuiltinModule is absent: node:crypto backend tests skipped');
const ES256: SignatureScheme = { name: 'ECDSA', hash: 'SHA-256', encoding: 'der' };
const RS256: SignatureScheme = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
const PS256: SignatureScheme = { name: 'RSA-PSS', hash: 'SHA-256', saltLength: 32 };
const EDDSA: SignatureScheme = { name: 'EdDSA' };

const p256 = ecKeyPair('P-256');
const k1 = ecKeyPair('secp256k1');
const ed = okpKeyPair('Ed25519');
const rsa = rsaKeyPair(1024);
const es256Raw = signECDSA(p256, 'SHA-256', DATA, 'raw');
const es256Der = signECDSA(p256, 'SHA-256', DATA, 'der');

type WebCryptoModule = typeof import('../../src/crypto/backend-webcrypto.js');
type NodeModule = typeof import('../../src/crypto/backend-node.js');

/** A fresh copy of a module, so that its memoised probe runs again. */
async function freshWebCrypto(): Promise<WebCryptoModule> {
  vi.resetModules();
  return import('../../src/crypto/backend-webcrypto.js');
}
async function freshNode(): Promise<NodeModule> {
  vi.resetModules();
  return import('../../src/crypto/backend-node.js');
}

async function failure(promise: Promise<unknown>): Promise<{ code?: unknown; cause?: unknown } | 'resolved'> {
  try {
    await promise;
    return 'resolved';
  } catch (err) {
    return err as { code?: unknown; cause?: unknown };
  }
}

/** A SubtleCrypto stand-in that records calls and delegates to the real one unless told otherwise. */
function recordingSubtle(
  overrides: Partial<Record<'importKey' | 'verify', (...args: unknown[]) => Promise<unknown>>> = {},
) {
  const real = nodeWebCrypto.subtle;
  const importKey = vi.fn(
    overrides.importKey ?? ((...args: unknown[]) => (real.importKey as (...a: unknown[]) => Promise<unknown>)(...args)),
  );
  const verify = vi.fn(
    overrides.verify ?? ((...args: unknown[]) => (real.verify as (...a: unknown[]) => Promise<unknown>)(...args)),
  );
  return { importKey, verify };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('WebCrypto backend: probes', () => {
  it('hasWebCrypto is true on Node and false without globalThis.crypto (or without subtle)', async () => {
    const wc = await freshWebCrypto();
    expect(wc.hasWebCrypto()).toBe(true);
    vi.stubGlobal('crypto', undefined);
    expect(wc.hasWebCrypto()).toBe(false);
    vi.stubGlobal('crypto', {});
    expect(wc.hasWebCrypto()).toBe(false);
  });

  it('the Ed25519 probe is true on Node, memoised as one promise', async () => {
    const wc = await freshWebCrypto();
    const first = wc.webCryptoHasEd25519();
    expect(first).toBeInstanceOf(Promise);
    expect(await first).toBe(true);
    expect(wc.webCryptoHasEd25519()).toBe(first);
  });

  it('the Ed25519 probe imports the RFC 8032 test key as a non-extractable verify key, once', async () => {
    const subtle = recordingSubtle();
    vi.stubGlobal('crypto', { subtle });
    const wc = await freshWebCrypto();
    expect(await wc.webCryptoHasEd25519()).toBe(true);
    expect(await wc.webCryptoHasEd25519()).toBe(true);
    expect(subtle.importKey).toHaveBeenCalledTimes(1);
    expect(subtle.importKey).toHaveBeenCalledWith(
      'jwk',
      { kty: 'OKP', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo' },
      { name: 'Ed25519' },
      false,
      ['verify'],
    );
  });

  it('the Ed25519 probe is false when importKey refuses, and false without WebCrypto', async () => {
    vi.stubGlobal('crypto', {
      subtle: recordingSubtle({ importKey: () => Promise.reject(new DOMException('no', 'NotSupportedError')) }),
    });
    expect(await (await freshWebCrypto()).webCryptoHasEd25519()).toBe(false);
    vi.stubGlobal('crypto', undefined);
    expect(await (await freshWebCrypto()).webCryptoHasEd25519()).toBe(false);
  });
});

describe('WebCrypto backend: verifyWebCrypto', () => {
  it('without WebCrypto it is ERR_UNSUPPORTED_ALGORITHM', async () => {
    vi.stubGlobal('crypto', undefined);
    const wc = await freshWebCrypto();
    const err = await failure(wc.verifyWebCrypto({ ...ES256, encoding: 'raw' }, p256.publicKey, es256Raw, DATA));
    expect(err).toMatchObject({ code: 'ERR_UNSUPPORTED_ALGORITHM' });
  });

  it('secp256k1, and keys that do not fit the scheme, never reach importKey', async () => {
    const subtle = recordingSubtle();
    vi.stubGlobal('crypto', { subtle });
    const wc = await freshWebCrypto();
    const cases: [SignatureScheme, PublicKey][] = [
      [ES256, k1.publicKey],
      [ES256, ed.publicKey],
      [ES256, rsa.publicKey],
      [EDDSA, p256.publicKey],
      [EDDSA, rsa.publicKey],
    ];
    for (const [scheme, key] of cases) {
      expect(await failure(wc.verifyWebCrypto(scheme, key, new Uint8Array(64), DATA))).toMatchObject({
        code: 'ERR_UNSUPPORTED_ALGORITHM',
      });
    }
    expect(subtle.importKey).not.toHaveBeenCalled();
  });

  it('imports non-extractable verify keys with the scheme’s parameters', async () => {
    const subtle = recordingSubtle();
    vi.stubGlobal('crypto', { subtle });
    const wc = await freshWebCrypto();
    expect(await wc.verifyWebCrypto({ ...ES256, encoding: 'raw' }, p256.publicKey, es256Raw, DATA)).toBe(true);
    expect(subtle.importKey.mock.calls[0]?.slice(2)).toEqual([
      { name: 'ECDSA', namedCurve: 'P-256' },
      false,
      ['verify'],
    ]);
    expect(subtle.verify.mock.calls[0]?.[0]).toEqual({ name: 'ECDSA', hash: 'SHA-256' });
    expect(await wc.verifyWebCrypto(EDDSA, ed.publicKey, signEdDSA(ed, DATA), DATA)).toBe(true);
    expect(subtle.importKey.mock.calls[1]?.slice(2)).toEqual([{ name: 'Ed25519' }, false, ['verify']]);
  });

  it('NotSupportedError from importKey is ERR_UNSUPPORTED_ALGORITHM; anything else is ERR_PUBLIC_KEY_INVALID, with the cause', async () => {
    const notSupported = new DOMException('no', 'NotSupportedError');
    vi.stubGlobal('crypto', { subtle: recordingSubtle({ importKey: () => Promise.reject(notSupported) }) });
    let err = await failure((await freshWebCrypto()).verifyWebCrypto(RS256, rsa.publicKey, new Uint8Array(128), DATA));
    expect(err).toMatchObject({ code: 'ERR_UNSUPPORTED_ALGORITHM' });
    expect((err as { cause?: unknown }).cause).toBe(notSupported);

    const dataError = new DOMException('bad key', 'DataError');
    vi.stubGlobal('crypto', { subtle: recordingSubtle({ importKey: () => Promise.reject(dataError) }) });
    err = await failure((await freshWebCrypto()).verifyWebCrypto(RS256, rsa.publicKey, new Uint8Array(128), DATA));
    expect(err).toMatchObject({ code: 'ERR_PUBLIC_KEY_INVALID' });
    expect((err as { cause?: unknown }).cause).toBe(dataError);

    // A platform that rejects with a non-object.
    vi.stubGlobal('crypto', { subtle: recordingSubtle({ importKey: () => Promise.reject(null) }) });
    err = await failure((await freshWebCrypto()).verifyWebCrypto(RS256, rsa.publicKey, new Uint8Array(128), DATA));
    expect(err).toMatchObject({ code: 'ERR_PUBLIC_KEY_INVALID' });
  });

  it('a real key WebCrypto refuses is ERR_PUBLIC_KEY_INVALID', async () => {
    const wc = await freshWebCrypto();
    const offCurve = { ...(p256.publicKey as Extract<PublicKey, { kty: 'EC' }>) };
    offCurve.y = new Uint8Array(offCurve.y);
    offCurve.y[31] = (offCurve.y[31] as number) ^ 1;
    expect(await failure(wc.verifyWebCrypto({ ...ES256, encoding: 'raw' }, offCurve, es256Raw, DATA))).toMatchObject({
      code: 'ERR_PUBLIC_KEY_INVALID',
    });
  });

  it('a verify() that throws is false', async () => {
    vi.stubGlobal('crypto', {
      subtle: recordingSubtle({ verify: () => Promise.reject(new DOMException('op', 'OperationError')) }),
    });
    const wc = await freshWebCrypto();
    expect(
      await wc.verifyWebCrypto(PS256, rsa.publicKey, signRSA(rsa, 'SHA-256', DATA, { saltLength: 32 }), DATA),
    ).toBe(false);
  });
});

describe.skipIf(!HAS_GET_BUILTIN)('node:crypto backend: getNodeCrypto', () => {
  const proc = process as unknown as { getBuiltinModule?: (id: string) => unknown };
  const realGet = proc.getBuiltinModule;
  const real = realGet?.('node:crypto') as NodeCryptoModule;

  async function probeWith(getBuiltinModule: ((id: string) => unknown) | undefined): Promise<unknown> {
    const mod = await freshNode();
    const saved = Object.getOwnPropertyDescriptor(process, 'getBuiltinModule');
    Object.defineProperty(process, 'getBuiltinModule', { value: getBuiltinModule, configurable: true, writable: true });
    try {
      return mod.getNodeCrypto();
    } finally {
      if (saved === undefined) delete proc.getBuiltinModule;
      else Object.defineProperty(process, 'getBuiltinModule', saved);
    }
  }

  it('returns node:crypto through process.getBuiltinModule, and memoises the answer', async () => {
    const mod = await freshNode();
    expect(mod.getNodeCrypto()).toBe(real);
    const saved = Object.getOwnPropertyDescriptor(process, 'getBuiltinModule');
    Object.defineProperty(process, 'getBuiltinModule', { value: () => undefined, configurable: true, writable: true });
    try {
      expect(mod.getNodeCrypto()).toBe(real);
    } finally {
      if (saved !== undefined) Object.defineProperty(process, 'getBuiltinModule', saved);
    }
    // And a first answer of "absent" is memoised too.
    const absent = await freshNode();
    Object.defineProperty(process, 'getBuiltinModule', { value: () => undefined, configurable: true, writable: true });
    try {
      expect(absent.getNodeCrypto()).toBeUndefined();
    } finally {
      if (saved !== undefined) Object.defineProperty(process, 'getBuiltinModule', saved);
    }
    expect(absent.getNodeCrypto()).toBeUndefined();
  });

  it('requires verify, createPublicKey and createHash to be functions', async () => {
    const without = (name: keyof NodeCryptoModule) => ({ ...real, [name]: undefined });
    expect(await probeWith(() => ({ ...real }))).toEqual(expect.objectContaining({ verify: real.verify }));
    expect(await probeWith(() => without('verify'))).toBeUndefined();
    expect(await probeWith(() => without('createPublicKey'))).toBeUndefined();
    expect(await probeWith(() => without('createHash'))).toBeUndefined();
    expect(await probeWith(() => ({ verify: 1, createPublicKey: 2, createHash: 3 }))).toBeUndefined();
    expect(await probeWith(() => undefined)).toBeUndefined();
    expect(await probeWith(undefined)).toBeUndefined();
    expect(
      await probeWith(() => {
        throw new Error('blocked by a permission model');
      }),
    ).toBeUndefined();
  });
});

describe.skipIf(!HAS_GET_BUILTIN)('node:crypto backend: verifyNode', () => {
  function recordingNode(overrides: Partial<NodeCryptoModule> = {}) {
    const createPublicKey = vi.fn(overrides.createPublicKey ?? real.createPublicKey);
    const verify = vi.fn(overrides.verify ?? real.verify);
    return { nc: { ...real, ...overrides, createPublicKey, verify } as NodeCryptoModule, createPublicKey, verify };
  }
  const real = (process as unknown as { getBuiltinModule: (id: string) => unknown }).getBuiltinModule(
    'node:crypto',
  ) as NodeCryptoModule;

  it('imports RSA keys as PKCS #1 DER and EC/OKP keys as JWK', () => {
    const r = recordingNode();
    expect(verifyNode(r.nc, RS256, rsa.publicKey, signRSA(rsa, 'SHA-256', DATA), DATA)).toBe(true);
    const key = rsa.publicKey as Extract<PublicKey, { kty: 'RSA' }>;
    expect(r.createPublicKey).toHaveBeenLastCalledWith({
      key: rsaPublicKeyDER(key.n, key.e),
      format: 'der',
      type: 'pkcs1',
    });
    expect(verifyNode(r.nc, ES256, p256.publicKey, es256Der, DATA)).toBe(true);
    expect(r.createPublicKey.mock.lastCall?.[0]).toMatchObject({ format: 'jwk', key: { kty: 'EC', crv: 'P-256' } });
    expect(verifyNode(r.nc, EDDSA, ed.publicKey, signEdDSA(ed, DATA), DATA)).toBe(true);
    expect(r.createPublicKey.mock.lastCall?.[0]).toMatchObject({ format: 'jwk', key: { kty: 'OKP', crv: 'Ed25519' } });
  });

  it('a key node:crypto refuses is ERR_PUBLIC_KEY_INVALID carrying node’s error as cause', () => {
    const refusal = new Error('unsupported key');
    const r = recordingNode({
      createPublicKey: () => {
        throw refusal;
      },
    });
    let caught: unknown;
    try {
      verifyNode(r.nc, ES256, p256.publicKey, es256Der, DATA);
    } catch (err) {
      caught = err;
    }
    expect(caught).toMatchObject({ code: 'ERR_PUBLIC_KEY_INVALID' });
    expect((caught as { cause?: unknown }).cause).toBe(refusal);
  });

  it('a verify() that throws is false for every scheme', () => {
    const r = recordingNode({
      verify: () => {
        throw new Error('OpenSSL error');
      },
    });
    expect(verifyNode(r.nc, ES256, p256.publicKey, es256Der, DATA)).toBe(false);
    expect(verifyNode(r.nc, RS256, rsa.publicKey, signRSA(rsa, 'SHA-256', DATA), DATA)).toBe(false);
    expect(verifyNode(r.nc, EDDSA, ed.publicKey, signEdDSA(ed, DATA), DATA)).toBe(false);
    expect(r.verify).toHaveBeenCalledTimes(3);
  });
});

describe('RSAPublicKey DER: exact bytes at every length-form boundary (X.690 §8.1.3)', () => {
  /** Independent reference encoder. */
  const length = (n: number): number[] => {
    if (n < 0x80) return [n];
    const bytes: number[] = [];
    for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v % 256);
    return [0x80 | bytes.length, ...bytes];
  };
  const integer = (m: Uint8Array): number[] => {
    let i = 0;
    while (i < m.length && m[i] === 0) i++;
    const body = [...m.subarray(i)];
    if (body.length === 0 || (body[0] as number) & 0x80) body.unshift(0);
    return [0x02, ...length(body.length), ...body];
  };
  const reference = (n: Uint8Array, e: Uint8Array): Uint8Array => {
    const body = [...integer(n), ...integer(e)];
    return Uint8Array.from([0x30, ...length(body.length), ...body]);
  };
  const modulus = (size: number, top: number): Uint8Array => {
    const n = new Uint8Array(size).fill(0x5a);
    n[0] = top;
    n[size - 1] = 0x01;
    return n;
  };

  it.each([
    // [modulus bytes, top byte]: content lengths straddling 0x7f/0x80, 0xff/0x100, 0xffff/0x10000.
    [1, 0x01],
    [0x7e, 0x7f],
    [0x7f, 0x7f],
    [0x7f, 0x80],
    [0x80, 0x11],
    [0xfe, 0x40],
    [0xff, 0x40],
    [0xff, 0xc0],
    [0x100, 0x40],
    [0x101, 0x40],
    [0xffff, 0x80],
    [0x10000, 0x40],
  ])('modulus of %i bytes with top byte %i', (size, top) => {
    const n = modulus(size, top);
    const e = Uint8Array.of(1, 0, 1);
    expect(rsaPublicKeyDER(n, e)).toEqual(reference(n, e));
  });

  it('zero and zero-padded integers encode as 02 01 00 and minimally', () => {
    expect(rsaPublicKeyDER(new Uint8Array(0), new Uint8Array(3))).toEqual(Uint8Array.of(0x30, 0x06, 2, 1, 0, 2, 1, 0));
    expect(rsaPublicKeyDER(Uint8Array.of(0, 0, 0x81), Uint8Array.of(0, 3))).toEqual(
      Uint8Array.of(0x30, 0x07, 2, 2, 0, 0x81, 2, 1, 3),
    );
  });
});

describe('pure-JS backend: verifyNoble', () => {
  const edKey = ed.publicKey as Extract<PublicKey, { kty: 'OKP' }>;
  const edSig = signEdDSA(ed, DATA);

  it('a scheme that does not fit the key is false (no throw)', async () => {
    expect(await verifyNoble(ES256, rsa.publicKey, es256Der, DATA)).toBe(false);
    expect(await verifyNoble(ES256, ed.publicKey, es256Der, DATA)).toBe(false);
    expect(await verifyNoble(EDDSA, p256.publicKey, edSig, DATA)).toBe(false);
    expect(await verifyNoble(EDDSA, rsa.publicKey, edSig, DATA)).toBe(false);
    expect(await verifyNoble(RS256, p256.publicKey, new Uint8Array(128), DATA)).toBe(false);
    expect(await verifyNoble(PS256, ed.publicKey, new Uint8Array(128), DATA)).toBe(false);
  });

  it('a DER signature noble cannot parse is false (no throw)', async () => {
    expect(await verifyNoble(ES256, p256.publicKey, Uint8Array.of(0x30, 0x02, 0x05, 0x00), DATA)).toBe(false);
    expect(await verifyNoble(ES256, p256.publicKey, new Uint8Array(0), DATA)).toBe(false);
    expect(await verifyNoble(ES256, p256.publicKey, es256Der, DATA)).toBe(true);
    // noble throws (rather than answering false) for a compact signature of the wrong length.
    const raw: SignatureScheme = { ...ES256, encoding: 'raw' };
    expect(await verifyNoble(raw, p256.publicKey, es256Raw.subarray(1), DATA)).toBe(false);
    expect(await verifyNoble(raw, p256.publicKey, Uint8Array.of(...es256Raw, 0), DATA)).toBe(false);
    expect(await verifyNoble(raw, p256.publicKey, es256Raw, DATA)).toBe(true);
  });

  it('an EC point off the curve is ERR_PUBLIC_KEY_INVALID with noble’s error as cause', async () => {
    const key = { ...(p256.publicKey as Extract<PublicKey, { kty: 'EC' }>) };
    key.y = new Uint8Array(key.y);
    key.y[31] = (key.y[31] as number) ^ 1;
    const err = await failure(verifyNoble(ES256, key, es256Der, DATA));
    expect(err).toMatchObject({ code: 'ERR_PUBLIC_KEY_INVALID' });
    expect((err as { cause?: unknown }).cause).toBeInstanceOf(Error);
  });

  it('Ed25519 keys must be canonical encodings (RFC 8032 §5.1.3), not ZIP-215 ones', async () => {
    // y = p + 1 encodes the neutral point (0, 1) non-canonically; y = 2^255 − 1 ≥ p as well.
    const p = (1n << 255n) - 19n;
    const le = (v: bigint): Uint8Array => {
      const out = new Uint8Array(32);
      for (let i = 0, x = v; i < 32; i++, x >>= 8n) out[i] = Number(x & 0xffn);
      return out;
    };
    for (const x of [le(p + 1n), le((1n << 255n) - 1n), le(p)]) {
      const err = await failure(verifyNoble(EDDSA, { kty: 'OKP', crv: 'Ed25519', x }, edSig, DATA));
      expect(err).toMatchObject({ code: 'ERR_PUBLIC_KEY_INVALID' });
      expect((err as { cause?: unknown }).cause).toBeInstanceOf(Error);
    }
    expect(await verifyNoble(EDDSA, edKey, edSig, DATA)).toBe(true);
  });

  it('Ed25519 uses the cofactorless equation (RFC 8032), not ZIP-215: a small-order R with S = 0 is rejected', async () => {
    // Key: the neutral point (canonical, small order); R: the point (0, −1) of order 2; S = 0.
    // [8]SB = [8]R + [8]kA holds (ZIP-215 accepts); SB = R + kA does not (RFC 8032 rejects).
    const p = (1n << 255n) - 19n;
    const T = ed25519.Point.fromAffine({ x: 0n, y: p - 1n });
    const key: PublicKey = { kty: 'OKP', crv: 'Ed25519', x: ed25519.Point.ZERO.toBytes() };
    const forged = Uint8Array.of(...T.toBytes(), ...new Uint8Array(32));
    expect(ed25519.verify(forged, DATA, key.x, { zip215: true })).toBe(true);
    expect(await verifyNoble(EDDSA, key, forged, DATA)).toBe(false);
    for (const backend of ['node', 'webcrypto', 'noble', 'auto'] as const) {
      expect(await verifySignature({ scheme: EDDSA, key, signature: forged, data: DATA, backend })).toBe(false);
    }
  });

  it('an Ed25519 signature noble refuses to parse is false (no throw)', async () => {
    expect(await verifyNoble(EDDSA, edKey, edSig.subarray(1), DATA)).toBe(false);
  });
});
