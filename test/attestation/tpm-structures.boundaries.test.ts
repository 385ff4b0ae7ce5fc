/**
 * TPM 2.0 structure parsing for `tpm` attestation, at its boundaries: the bounded reader
 * (Part 2 §5), TPMT_PUBLIC (Part 2 §12.2.4) and TPMS_ATTEST (Part 2 §10.12.12).
 *
 * Tests that depend on module-level tables (the hash-scheme set, TPM_MAX_NAME) import the parser
 * inside the test after `vi.resetModules()`, so the tables are evaluated within the test.
 */
import { describe, expect, it, vi } from 'vitest';
import { parseCertInfo } from '../../src/attestation/tpm/parse-cert-info.js';
import { parsePubArea } from '../../src/attestation/tpm/parse-pub-area.js';
import { createTPMReader } from '../../src/attestation/tpm/reader.js';

const u16 = (n: number): number[] => [(n >> 8) & 0xff, n & 0xff];
const u32 = (n: number): number[] => [(n >>> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
const tpm2b = (bytes: readonly number[]): number[] => [...u16(bytes.length), ...bytes];
const fill = (length: number, value: number): number[] => new Array<number>(length).fill(value);

const ALG = {
  RSA: 0x0001,
  SHA1: 0x0004,
  HMAC: 0x0005,
  AES: 0x0006,
  MGF1: 0x0007,
  KEYEDHASH: 0x0008,
  SHA256: 0x000b,
  NULL: 0x0010,
  RSASSA: 0x0014,
  RSAES: 0x0015,
  RSAPSS: 0x0016,
  OAEP: 0x0017,
  ECDSA: 0x0018,
  ECDH: 0x0019,
  ECDAA: 0x001a,
  SM2: 0x001b,
  ECSCHNORR: 0x001c,
  ECMQV: 0x001d,
  KDF1_SP800_56A: 0x0020,
  KDF2: 0x0021,
  KDF1_SP800_108: 0x0022,
  ECC: 0x0023,
  SYMCIPHER: 0x0025,
  CFB: 0x0043,
} as const;

const HEADER_TAIL = [...u16(ALG.SHA256), ...u32(0x00060472), ...tpm2b([])];

interface ECCParts {
  symmetric?: number[];
  scheme?: number[];
  curveID?: number;
  kdf?: number[];
  x?: number[];
  y?: number[];
}

/** A marshalled ECC TPMT_PUBLIC; every part defaults to the plain software-authenticator shape. */
function eccPubArea(p: ECCParts = {}): Uint8Array {
  return Uint8Array.from([
    ...u16(ALG.ECC),
    ...HEADER_TAIL,
    ...(p.symmetric ?? u16(ALG.NULL)),
    ...(p.scheme ?? u16(ALG.NULL)),
    ...u16(p.curveID ?? 0x0003),
    ...(p.kdf ?? u16(ALG.NULL)),
    ...tpm2b(p.x ?? fill(32, 0x11)),
    ...tpm2b(p.y ?? fill(32, 0x22)),
  ]);
}

/** A marshalled RSA TPMT_PUBLIC. */
function rsaPubArea(p: { scheme?: number[]; keyBits: number; n: number[]; exponent?: number }): Uint8Array {
  return Uint8Array.from([
    ...u16(ALG.RSA),
    ...HEADER_TAIL,
    ...u16(ALG.NULL),
    ...(p.scheme ?? u16(ALG.NULL)),
    ...u16(p.keyBits),
    ...u32(p.exponent ?? 0),
    ...tpm2b(p.n),
  ]);
}

interface CertInfoParts {
  type?: number;
  qualifiedSigner?: number[];
  extraData?: number[];
  clock?: number[];
  resetCount?: number;
  restartCount?: number;
  safe?: number;
  firmwareVersion?: number[];
  body?: number[];
}

/** A marshalled TPMS_ATTEST; `body` replaces the attested union (default: a CERTIFY_INFO). */
function certInfo(p: CertInfoParts = {}): Uint8Array {
  return Uint8Array.from([
    ...u32(0xff544347),
    ...u16(p.type ?? 0x8017),
    ...tpm2b(p.qualifiedSigner ?? []),
    ...tpm2b(p.extraData ?? fill(32, 0xee)),
    ...(p.clock ?? [1, 2, 3, 4, 5, 6, 7, 8]),
    ...u32(p.resetCount ?? 0x01000000),
    ...u32(p.restartCount ?? 7),
    p.safe ?? 1,
    ...(p.firmwareVersion ?? [0, 2, 0, 0, 0, 0, 0, 1]),
    ...(p.body ?? [...tpm2b([...u16(ALG.SHA256), ...fill(32, 0xaa)]), ...tpm2b([])]),
  ]);
}

/** The WebAuthnError-like failure of `fn` (code and details only). */
function failure(fn: () => unknown): { code: unknown; details: unknown } {
  try {
    fn();
  } catch (err) {
    const e = err as { code?: unknown; details?: unknown };
    return { code: e.code, details: e.details };
  }
  throw new Error('expected a failure, but the call returned');
}

const invalid = (check: string): { code: string; details: { format: string; check: string } } => ({
  code: 'ERR_ATTESTATION_INVALID',
  details: { format: 'tpm', check },
});

describe('createTPMReader: every read is bounded by the bytes left', () => {
  it('reads big-endian integers and bytes, counting the bytes left', () => {
    const r = createTPMReader(
      Uint8Array.from([0x7f, 0xab, 0xcd, 0xff, 0x54, 0x43, 0x47, 1, 2, 3, 4, 5, 6, 7, 8, 0xa0, 0xa1, 0xa2]),
      'x.check',
    );
    expect(r.remaining()).toBe(18);
    expect(r.u8('a')).toBe(0x7f);
    expect(r.remaining()).toBe(17);
    expect(r.u16('b')).toBe(0xabcd);
    expect(r.remaining()).toBe(15);
    expect(r.u32('c')).toBe(0xff544347);
    expect(r.remaining()).toBe(11);
    expect(r.u64('d')).toBe(0x0102030405060708n);
    expect(r.remaining()).toBe(3);
    expect(r.bytes(3, 'e')).toEqual(Uint8Array.of(0xa0, 0xa1, 0xa2));
    expect(r.remaining()).toBe(0);
    expect(() => r.end('all')).not.toThrow();
  });

  it('u64 keeps all 64 bits (high and low bytes)', () => {
    expect(createTPMReader(Uint8Array.from(fill(8, 0xff)), 'x').u64('v')).toBe(0xffffffffffffffffn);
    expect(createTPMReader(Uint8Array.from([0x80, 0, 0, 0, 0, 0, 0, 1]), 'x').u64('v')).toBe(0x8000000000000001n);
  });

  it('each integer read one byte short fails with the reader check', () => {
    expect(failure(() => createTPMReader(new Uint8Array(0), 'x.check').u8('a'))).toEqual(invalid('x.check'));
    expect(failure(() => createTPMReader(new Uint8Array(1), 'x.check').u16('a'))).toEqual(invalid('x.check'));
    expect(failure(() => createTPMReader(new Uint8Array(3), 'x.check').u32('a'))).toEqual(invalid('x.check'));
    expect(failure(() => createTPMReader(new Uint8Array(7), 'x.check').u64('a'))).toEqual(invalid('x.check'));
    // Exactly enough bytes is fine.
    expect(createTPMReader(new Uint8Array(1), 'x').u8('a')).toBe(0);
    expect(createTPMReader(new Uint8Array(2), 'x').u16('a')).toBe(0);
    expect(createTPMReader(new Uint8Array(4), 'x').u32('a')).toBe(0);
  });

  it('a read after the last byte fails (nothing is read past the end)', () => {
    const r = createTPMReader(Uint8Array.of(9, 9), 'x.check');
    r.u16('a');
    expect(failure(() => r.u8('b'))).toEqual(invalid('x.check'));
    expect(failure(() => r.u16('b'))).toEqual(invalid('x.check'));
    expect(failure(() => r.u32('b'))).toEqual(invalid('x.check'));
  });

  it('bytes(n) needs n bytes: n - 1 left fails, n left succeeds', () => {
    expect(failure(() => createTPMReader(new Uint8Array(2), 'x.check').bytes(3, 'a'))).toEqual(invalid('x.check'));
    expect(createTPMReader(Uint8Array.of(1, 2, 3), 'x').bytes(3, 'a')).toEqual(Uint8Array.of(1, 2, 3));
  });

  it('tpm2b: a size at the bound is read; one above fails even when the bytes are there', () => {
    const at = Uint8Array.from(tpm2b(fill(4, 5)));
    expect(createTPMReader(at, 'x').tpm2b('t', 4)).toEqual(Uint8Array.from(fill(4, 5)));
    const above = Uint8Array.from(tpm2b(fill(5, 5)));
    expect(failure(() => createTPMReader(above, 'x.check').tpm2b('t', 4))).toEqual(invalid('x.check'));
    // Size within the bound but past the end.
    const short = Uint8Array.from([0x00, 0x04, 1, 2, 3]);
    expect(failure(() => createTPMReader(short, 'x.check').tpm2b('t', 4))).toEqual(invalid('x.check'));
  });

  it('end() refuses one trailing byte', () => {
    const r = createTPMReader(Uint8Array.of(1, 2, 3), 'x.check');
    r.u16('a');
    expect(r.remaining()).toBe(1);
    expect(failure(() => r.end('s'))).toEqual(invalid('x.check'));
  });
});

describe('parsePubArea: TPMT_PUBLIC', () => {
  it('an ECC key with TPM_ALG_NULL symmetric, scheme and kdf (exact result)', () => {
    expect(parsePubArea(eccPubArea())).toStrictEqual({
      nameAlg: ALG.SHA256,
      objectAttributes: 0x00060472,
      authPolicy: new Uint8Array(0),
      type: 'ECC',
      symmetric: { algorithm: ALG.NULL, keyBits: undefined, mode: undefined },
      scheme: { scheme: ALG.NULL, hashAlg: undefined, count: undefined },
      curveID: 3,
      kdf: { scheme: ALG.NULL, hashAlg: undefined, count: undefined },
      x: Uint8Array.from(fill(32, 0x11)),
      y: Uint8Array.from(fill(32, 0x22)),
    });
  });

  it('a non-NULL symmetric definition carries keyBits and mode (AES-128-CFB)', () => {
    const pub = parsePubArea(eccPubArea({ symmetric: [...u16(ALG.AES), ...u16(128), ...u16(ALG.CFB)] }));
    expect(pub.symmetric).toStrictEqual({ algorithm: ALG.AES, keyBits: 128, mode: ALG.CFB });
    expect(pub).toMatchObject({ type: 'ECC', curveID: 3, x: Uint8Array.from(fill(32, 0x11)) });
  });

  it('an RSA key with the RSAES scheme (empty details) and keyBits matching the modulus', () => {
    const n = [0xc1, ...fill(255, 0x5a)];
    expect(parsePubArea(rsaPubArea({ scheme: u16(ALG.RSAES), keyBits: 2048, n, exponent: 3 }))).toStrictEqual({
      nameAlg: ALG.SHA256,
      objectAttributes: 0x00060472,
      authPolicy: new Uint8Array(0),
      type: 'RSA',
      symmetric: { algorithm: ALG.NULL, keyBits: undefined, mode: undefined },
      scheme: { scheme: ALG.RSAES, hashAlg: undefined, count: undefined },
      keyBits: 2048,
      exponent: 3,
      n: Uint8Array.from(n),
    });
  });

  it('the ECDAA scheme carries a hash algorithm and a count', () => {
    const pub = parsePubArea(eccPubArea({ scheme: [...u16(ALG.ECDAA), ...u16(ALG.SHA256), ...u16(7)] }));
    expect(pub.scheme).toStrictEqual({ scheme: ALG.ECDAA, hashAlg: ALG.SHA256, count: 7 });
    expect(pub).toMatchObject({ curveID: 3, kdf: { scheme: ALG.NULL } });
  });

  it('every TPMS_SCHEME_HASH scheme and KDF carries exactly one hash algorithm', async () => {
    vi.resetModules();
    const fresh = await import('../../src/attestation/tpm/parse-pub-area.js');
    const signing = [
      ALG.HMAC,
      ALG.RSASSA,
      ALG.RSAPSS,
      ALG.OAEP,
      ALG.ECDSA,
      ALG.ECDH,
      ALG.SM2,
      ALG.ECSCHNORR,
      ALG.ECMQV,
    ];
    for (const scheme of signing) {
      const pub = fresh.parsePubArea(eccPubArea({ scheme: [...u16(scheme), ...u16(ALG.SHA1)] }));
      expect(pub.scheme).toStrictEqual({ scheme, hashAlg: ALG.SHA1, count: undefined });
    }
    for (const kdf of [ALG.MGF1, ALG.KDF1_SP800_56A, ALG.KDF2, ALG.KDF1_SP800_108]) {
      const pub = fresh.parsePubArea(eccPubArea({ kdf: [...u16(kdf), ...u16(ALG.SHA256)] }));
      expect(pub).toMatchObject({ type: 'ECC', kdf: { scheme: kdf, hashAlg: ALG.SHA256, count: undefined } });
    }
  });

  it('an unknown scheme fails closed even when a plausible hashAlg follows', () => {
    // TPM_ALG_ECC is not a scheme: reading 2 bytes of details after it would parse this whole structure.
    const scheme = [...u16(ALG.ECC), ...u16(ALG.SHA256)];
    expect(failure(() => parsePubArea(eccPubArea({ scheme })))).toEqual(invalid('tpm.pubArea'));
    const kdf = [...u16(ALG.AES), ...u16(ALG.SHA256)];
    expect(failure(() => parsePubArea(eccPubArea({ kdf })))).toEqual(invalid('tpm.pubArea'));
  });

  it('RSA keyBits must be 8 × the modulus length: n - 1, n + 1 and a whole byte off are refused', () => {
    const n = fill(256, 0x9c);
    expect(parsePubArea(rsaPubArea({ keyBits: 2048, n }))).toMatchObject({ type: 'RSA', keyBits: 2048 });
    for (const keyBits of [2047, 2049, 2040, 2056, 0]) {
      expect(failure(() => parsePubArea(rsaPubArea({ keyBits, n })))).toEqual(invalid('tpm.pubArea'));
    }
  });

  it('an RSA modulus of one byte is read; an empty one is refused even with keyBits 0', () => {
    expect(parsePubArea(rsaPubArea({ keyBits: 8, n: [0xff] }))).toMatchObject({ keyBits: 8, n: Uint8Array.of(0xff) });
    expect(failure(() => parsePubArea(rsaPubArea({ keyBits: 0, n: [] })))).toEqual(invalid('tpm.pubArea'));
  });

  it('types other than RSA and ECC fail closed (KEYEDHASH, SYMCIPHER)', () => {
    for (const type of [ALG.KEYEDHASH, ALG.SYMCIPHER]) {
      const pub = eccPubArea();
      pub.set(u16(type), 0);
      expect(failure(() => parsePubArea(pub))).toEqual(invalid('tpm.pubArea'));
    }
  });

  it('a trailing byte after the RSA or ECC unique field is refused', () => {
    const rsa = rsaPubArea({ keyBits: 8, n: [0xff] });
    expect(failure(() => parsePubArea(Uint8Array.from([...rsa, 0])))).toEqual(invalid('tpm.pubArea'));
    expect(failure(() => parsePubArea(Uint8Array.from([...eccPubArea(), 0])))).toEqual(invalid('tpm.pubArea'));
  });
});

describe('parseCertInfo: TPMS_ATTEST', () => {
  it('reads every header field of a CERTIFY structure exactly', () => {
    const info = parseCertInfo(certInfo({ qualifiedSigner: [0x00, 0x0b, 0x77] }));
    expect(info).toStrictEqual({
      magic: 0xff544347,
      type: 0x8017,
      qualifiedSigner: Uint8Array.of(0x00, 0x0b, 0x77),
      extraData: Uint8Array.from(fill(32, 0xee)),
      clockInfo: { clock: 0x0102030405060708n, resetCount: 0x01000000, restartCount: 7, safe: true },
      firmwareVersion: 0x0002000000000001n,
      attested: { name: Uint8Array.from([...u16(ALG.SHA256), ...fill(32, 0xaa)]), qualifiedName: new Uint8Array(0) },
    });
  });

  it('clockInfo.safe is false for 0 and true for any other byte', () => {
    expect(parseCertInfo(certInfo({ safe: 0 })).clockInfo.safe).toBe(false);
    expect(parseCertInfo(certInfo({ safe: 1 })).clockInfo.safe).toBe(true);
    expect(parseCertInfo(certInfo({ safe: 2 })).clockInfo.safe).toBe(true);
  });

  it('other attestation types keep the header and leave the attested union undecoded', () => {
    // TPM_ST_ATTEST_QUOTE (0x8018): its body is not a TPMS_CERTIFY_INFO and is not read.
    const quote = parseCertInfo(certInfo({ type: 0x8018, body: [0x00, 0x05, 0x01] }));
    expect(quote).toMatchObject({ type: 0x8018, magic: 0xff544347, extraData: Uint8Array.from(fill(32, 0xee)) });
    expect(quote.attested).toBeUndefined();
  });

  it('extraData: 64 bytes (SHA-512) are read, 65 are refused', () => {
    expect(parseCertInfo(certInfo({ extraData: fill(64, 1) })).extraData.length).toBe(64);
    expect(failure(() => parseCertInfo(certInfo({ extraData: fill(65, 1) })))).toEqual(invalid('tpm.certInfo'));
  });

  it('TPM2B_NAME fields hold up to 2 + 64 bytes; 67 are refused', async () => {
    vi.resetModules();
    const fresh = await import('../../src/attestation/tpm/parse-cert-info.js');
    const name66 = [...u16(0x000d), ...fill(64, 3)];
    const info = fresh.parseCertInfo(certInfo({ qualifiedSigner: name66, body: [...tpm2b(name66), ...tpm2b(name66)] }));
    expect(info.qualifiedSigner.length).toBe(66);
    expect(info.attested).toStrictEqual({ name: Uint8Array.from(name66), qualifiedName: Uint8Array.from(name66) });
    const name67 = [...name66, 0];
    for (const parts of [
      { qualifiedSigner: name67 },
      { body: [...tpm2b(name67), ...tpm2b([])] },
      { body: [...tpm2b(name66), ...tpm2b(name67)] },
    ]) {
      let thrown: unknown;
      try {
        fresh.parseCertInfo(certInfo(parts));
      } catch (err) {
        thrown = err;
      }
      expect(thrown).toMatchObject(invalid('tpm.certInfo'));
    }
  });

  it('a CERTIFY structure with a trailing byte is refused', () => {
    expect(failure(() => parseCertInfo(Uint8Array.from([...certInfo(), 0])))).toEqual(invalid('tpm.certInfo'));
  });
});
