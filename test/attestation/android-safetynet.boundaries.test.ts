/**
 * android-safetynet (§8.5) boundaries: every JWS algorithm the verifier accepts, the compact
 * serialization and JSON shape rules, x5c limits, policy durations, timestamp edges and the
 * reported details. JWS are built here with node:crypto keys and builder-made certificates so that
 * header, payload and signature segments can each be changed on their own.
 */
import { constants, generateKeyPairSync, type KeyObject, sign as nodeSign } from 'node:crypto';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import {
  androidSafetyNetAttestation,
  SAFETYNET_DEFAULT_MAX_AGE_MS,
  SAFETYNET_DEFAULT_MAX_FUTURE_MS,
  SAFETYNET_HOSTNAME,
  SAFETYNET_MAX_RESPONSE_BYTES,
} from '../../src/attestation/android-safetynet.js';
import type { AttestationFormatPolicy, AttestationStatementResult } from '../../src/attestation/types.js';
import type { Certificate } from '../../src/certificates/types.js';
import { sha256 } from '../../src/crypto/hash.js';
import type { PublicKey } from '../../src/crypto/types.js';
import { decodeBase64url, encodeBase64, encodeBase64url } from '../../src/encoding/base64url.js';
import { concat, utf8Encode } from '../../src/encoding/bytes.js';
import type { CBORMap } from '../../src/encoding/cbor.js';
import { CA_EXT, ecKey, issue, NOW, type TestKey } from '../certificates/pki.js';
import { type DecodedStatement, rejection } from './helpers/fixtures.js';
import { softwareStatement, verifyWith } from './helpers/software.js';

type JwsAlg = 'RS256' | 'RS384' | 'RS512' | 'PS256' | 'PS384' | 'PS512' | 'ES256' | 'ES384' | 'ES512';

interface JwsSigner {
  publicKey: PublicKey;
  sign: (input: Uint8Array) => Uint8Array;
}

function jwkPublicKey(key: KeyObject): PublicKey {
  const jwk = key.export({ format: 'jwk' }) as {
    kty: string;
    crv?: string;
    x?: string;
    y?: string;
    n?: string;
    e?: string;
  };
  if (jwk.kty === 'EC') {
    return { kty: 'EC', crv: jwk.crv as 'P-256', x: decodeBase64url(jwk.x!), y: decodeBase64url(jwk.y!) };
  }
  return { kty: 'RSA', n: decodeBase64url(jwk.n!), e: decodeBase64url(jwk.e!) };
}

/** A node:crypto signer producing JWS signatures for `alg` (RFC 7518 §3). */
function jwsSigner(alg: JwsAlg, pair: { publicKey: KeyObject; privateKey: KeyObject }): JwsSigner {
  const bits = alg.slice(2);
  const hash = `sha${bits}`;
  const salt = Number(bits) / 8;
  return {
    publicKey: jwkPublicKey(pair.publicKey),
    sign: (input) => {
      const key = pair.privateKey;
      if (alg.startsWith('RS')) return new Uint8Array(nodeSign(hash, input, key));
      if (alg.startsWith('PS')) {
        return new Uint8Array(
          nodeSign(hash, input, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: salt }),
        );
      }
      return new Uint8Array(nodeSign(hash, input, { key, dsaEncoding: 'ieee-p1363' }));
    },
  };
}

/** A TestKey view of a leaf key (only `publicKey` is used for an issued certificate). */
function subjectKey(publicKey: PublicKey): TestKey {
  return {
    publicKey,
    scheme: { name: 'ECDSA', hash: 'SHA-256', encoding: 'der' },
    sign: () => Promise.reject(new Error('leaf keys do not sign certificates here')),
  };
}

const SAFETYNET_SUBJECT = [
  ['C', 'US'],
  ['O', 'Google LLC'],
  ['CN', SAFETYNET_HOSTNAME],
] as const;

interface Kit {
  base: DecodedStatement;
  rootKey: TestKey;
  root: Certificate;
  signers: Record<JwsAlg, JwsSigner>;
  leaves: Record<JwsAlg, Certificate>;
}

let kit: Kit;

const ALGS: readonly JwsAlg[] = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512'];

beforeAll(async () => {
  const base = await softwareStatement('none');
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const ec: Record<string, ReturnType<typeof generateKeyPairSync>> = {
    ES256: generateKeyPairSync('ec', { namedCurve: 'P-256' }),
    ES384: generateKeyPairSync('ec', { namedCurve: 'P-384' }),
    ES512: generateKeyPairSync('ec', { namedCurve: 'P-521' }),
  };
  const rootKey = ecKey();
  const root = await issue({ subject: [['CN', 'SafetyNet Test Root']], key: rootKey, extensions: CA_EXT });
  const signers = {} as Record<JwsAlg, JwsSigner>;
  const leaves = {} as Record<JwsAlg, Certificate>;
  for (const alg of ALGS) {
    const pair = alg.startsWith('ES') ? ec[alg]! : rsa;
    signers[alg] = jwsSigner(alg, pair as { publicKey: KeyObject; privateKey: KeyObject });
  }
  // RS* and PS* share one RSA key: one leaf certificate serves all six.
  const rsaLeaf = await issue({
    subject: [...SAFETYNET_SUBJECT],
    key: subjectKey(signers.RS256.publicKey),
    issuer: { cert: root, key: rootKey },
    extensions: { basicConstraints: { ca: false } },
  });
  for (const alg of ALGS) {
    leaves[alg] = alg.startsWith('ES')
      ? await issue({
          subject: [...SAFETYNET_SUBJECT],
          key: subjectKey(signers[alg].publicKey),
          issuer: { cert: root, key: rootKey },
          extensions: { basicConstraints: { ca: false } },
        })
      : rsaLeaf;
  }
  kit = { base, rootKey, root, signers, leaves };
});

const b64u = (text: string): string => encodeBase64url(utf8Encode(text));

interface JwsOptions {
  alg?: JwsAlg;
  /** Header object (default `{alg, x5c: [leaf, root]}`); `headerJSON` replaces its text. */
  header?: Record<string, unknown>;
  headerJSON?: string;
  /** Payload overrides (merged; `undefined` deletes); `payloadJSON` replaces its text. */
  payload?: Record<string, unknown>;
  payloadJSON?: string;
  /** Replaces a whole encoded segment (after signing, except for the signing input's own parts). */
  segments?: { header?: string; payload?: string; signature?: string };
  /** Appended as further dot-separated segments. */
  extra?: string[];
}

function defaultHeader(alg: JwsAlg): Record<string, unknown> {
  return { alg, x5c: [kit.leaves[alg].der, kit.root.der].map((der) => encodeBase64(der)) };
}

function defaultPayload(): Record<string, unknown> {
  return {
    nonce: encodeBase64(sha256(concat(kit.base.authData.bytes, kit.base.clientDataHash))),
    timestampMs: NOW.getTime() - 2_000,
    apkPackageName: 'com.google.android.gms',
    ctsProfileMatch: true,
    basicIntegrity: true,
    evaluationType: 'BASIC,HARDWARE_BACKED',
  };
}

/** The compact JWS: segments are signed as given (so replaced header/payload segments are signed too). */
function compactJWS(options: JwsOptions = {}): string {
  const alg = options.alg ?? 'RS256';
  const payload = defaultPayload();
  for (const [k, v] of Object.entries(options.payload ?? {})) {
    if (v === undefined) delete payload[k];
    else payload[k] = v;
  }
  const h =
    options.segments?.header ?? b64u(options.headerJSON ?? JSON.stringify(options.header ?? defaultHeader(alg)));
  const p = options.segments?.payload ?? b64u(options.payloadJSON ?? JSON.stringify(payload));
  const s = options.segments?.signature ?? encodeBase64url(kit.signers[alg].sign(utf8Encode(`${h}.${p}`)));
  return [h, p, s, ...(options.extra ?? [])].join('.');
}

function statementWithResponse(response: Uint8Array | unknown, ver: unknown = '12345678'): DecodedStatement {
  const attStmt: CBORMap = new Map<string, never>([
    ['ver', ver as never],
    ['response', response as never],
  ]);
  return { ...kit.base, fmt: 'android-safetynet', attStmt };
}

function statement(options: JwsOptions = {}): DecodedStatement {
  return statementWithResponse(utf8Encode(compactJWS(options)));
}

function run(decoded: DecodedStatement, policy: AttestationFormatPolicy = {}): Promise<AttestationStatementResult> {
  return verifyWith(androidSafetyNetAttestation, decoded, { now: NOW, policy }) as Promise<AttestationStatementResult>;
}

async function expectCheck(decoded: DecodedStatement, check: string, policy: AttestationFormatPolicy = {}) {
  const err = await rejection(() => run(decoded, policy));
  expect(err.code).toBe('ERR_ATTESTATION_INVALID');
  expect(err.details).toMatchObject({ format: 'android-safetynet', check });
  return err;
}

describe('android-safetynet: accepted JWS algorithms (RFC 7518 §3.1)', () => {
  it('the verifier is registered under the format identifier android-safetynet', () => {
    expect(androidSafetyNetAttestation.format).toBe('android-safetynet');
  });
  for (const alg of ALGS) {
    it(`${alg}: a JWS signed by the x5c leaf verifies and reports its alg`, async () => {
      const result = await run(statement({ alg }));
      expect(result.format).toBe('android-safetynet');
      expect(result.type).toBe('basic');
      expect(result.trustPath.map((c) => c.der)).toEqual([kit.leaves[alg].der, kit.root.der]);
      expect(result.details).toMatchObject({ jwsAlg: alg, ver: '12345678' });
    });
  }
  it('an ES256 signature is R ‖ S: the DER encoding of the same signature is refused', async () => {
    const h = b64u(JSON.stringify(defaultHeader('ES256')));
    const p = b64u(JSON.stringify(defaultPayload()));
    // The same signature, re-encoded as a DER SEQUENCE of two INTEGERs.
    const raw = kit.signers.ES256.sign(utf8Encode(`${h}.${p}`));
    const int = (b: Uint8Array): number[] => {
      let i = 0;
      while (i < b.length - 1 && b[i] === 0) i++;
      const v = [...b.subarray(i)];
      return (v[0] as number) & 0x80 ? [0x02, v.length + 1, 0, ...v] : [0x02, v.length, ...v];
    };
    const body = [...int(raw.subarray(0, 32)), ...int(raw.subarray(32))];
    const der = Uint8Array.from([0x30, body.length, ...body]);
    await expectCheck(statement({ alg: 'ES256', segments: { signature: encodeBase64url(der) } }), 'signature');
  });
  it('a leaf whose key type is not supported (unknown EC curve) is refused as an alg mismatch', async () => {
    // Patch the leaf's namedCurve OID 1.2.840.10045.3.1.7 to the unassigned …3.1.8.
    const der = kit.leaves.ES256.der.slice();
    const oid = [0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];
    const at = der.findIndex((_, i) => oid.every((b, j) => der[i + j] === b));
    expect(at).toBeGreaterThan(0);
    der[at + oid.length - 1] = 0x08;
    const header = { alg: 'ES256', x5c: [encodeBase64(der), encodeBase64(kit.root.der)] };
    await expectCheck(statement({ alg: 'ES256', header }), 'alg');
  });
  it('a numeric alg is refused', () =>
    expectCheck(statement({ header: { ...defaultHeader('RS256'), alg: 256 } }), 'alg'));
});

describe('android-safetynet: compact serialization (RFC 7515 §7.1)', () => {
  it('a fourth segment is refused', () => expectCheck(statement({ extra: ['AAAA'] }), 'android-safetynet.jws'));
  it('a response that is not UTF-8 is refused', async () => {
    const err = await expectCheck(
      statementWithResponse(Uint8Array.of(0x65, 0xff, 0x2e, 0x2e)),
      'android-safetynet.jws',
    );
    expect(err.cause).toBeDefined();
  });
  it('a header segment that is not base64url is refused', () =>
    expectCheck(statement({ segments: { header: 'ey+J' } }), 'android-safetynet.jws'));
  it('a payload segment that is not base64url is refused', () =>
    expectCheck(statement({ segments: { payload: 'ey/J' } }), 'android-safetynet.jws'));
  it('a signature segment that is not base64url is refused', () =>
    expectCheck(statement({ segments: { signature: 'A' } }), 'android-safetynet.jws'));
  it('an empty header segment is refused before any JSON parsing (no cause)', async () => {
    const err = await expectCheck(statement({ segments: { header: '' } }), 'android-safetynet.jws');
    expect(err.cause).toBeUndefined();
  });
  it('an empty payload segment is refused before the signature is checked', () =>
    expectCheck(statement({ segments: { payload: '', signature: 'AAAA' } }), 'android-safetynet.jws'));
  it('an empty signature segment reaches signature verification', () =>
    expectCheck(statement({ segments: { signature: '' } }), 'signature'));
});

describe('android-safetynet: JWS header and payload are JSON objects', () => {
  it('a header that is not JSON is refused, with the parse error as cause', async () => {
    const err = await expectCheck(statement({ headerJSON: '{"alg":' }), 'android-safetynet.jws');
    expect(err.cause).toBeDefined();
  });
  for (const json of ['1', 'null', '[]', '"RS256"', 'true']) {
    it(`a header ${json} is refused`, () => expectCheck(statement({ headerJSON: json }), 'android-safetynet.jws'));
    it(`a signed payload ${json} is refused`, () =>
      expectCheck(statement({ payloadJSON: json }), 'android-safetynet.jws'));
  }
  it('a header with crit parameters is refused', () =>
    expectCheck(
      statement({ header: { ...defaultHeader('RS256'), crit: ['b64'], b64: false } }),
      'android-safetynet.jws',
    ));
});

describe('android-safetynet: header x5c', () => {
  const withX5c = (x5c: unknown): DecodedStatement => statement({ header: { alg: 'RS256', x5c } });
  it('x5c as a string is refused', () => expectCheck(withX5c(encodeBase64(kit.leaves.RS256.der)), 'x5c'));
  it('an empty x5c is refused', () => expectCheck(withX5c([]), 'x5c'));
  it('an x5c with a non-string entry after the leaf is refused', () =>
    expectCheck(withX5c([encodeBase64(kit.leaves.RS256.der), 5]), 'x5c'));
  it('an x5c with a non-string entry first is refused', () =>
    expectCheck(withX5c([{ der: 'AAAA' }, encodeBase64(kit.leaves.RS256.der)]), 'x5c'));
  it('an x5c entry that is an array of base64 characters (not a string) is refused', () =>
    expectCheck(withX5c([encodeBase64(kit.leaves.RS256.der), ['A', 'A', 'A', 'A']]), 'x5c'));
  it('an x5c entry that is an object with a length is refused', () =>
    expectCheck(withX5c([encodeBase64(kit.leaves.RS256.der), { length: 4 }]), 'x5c'));
  it('an empty x5c entry is refused', () => expectCheck(withX5c(['', encodeBase64(kit.root.der)]), 'x5c'));
  it('an x5c entry that is not base64 is refused', () => expectCheck(withX5c(['!!!!']), 'x5c'));
  it('an x5c entry in base64url (not standard base64) is refused when it differs', async () => {
    const std = encodeBase64(kit.leaves.RS256.der);
    expect(std).toMatch(/[+/]/);
    await expectCheck(withX5c([encodeBase64url(kit.leaves.RS256.der)]), 'x5c');
  });

  describe('at most 8 certificates', () => {
    let chain: Certificate[];
    beforeAll(async () => {
      // root → 6 intermediates → leaf: 8 certificates, each signed by the next.
      let issuerCert = kit.root;
      let issuerKey = kit.rootKey;
      const cas: Certificate[] = [kit.root];
      for (let i = 0; i < 6; i++) {
        const key = ecKey();
        const cert = await issue({
          subject: [['CN', `SafetyNet Test CA ${i}`]],
          key,
          issuer: { cert: issuerCert, key: issuerKey },
          extensions: CA_EXT,
        });
        cas.unshift(cert);
        issuerCert = cert;
        issuerKey = key;
      }
      const leaf = await issue({
        subject: [...SAFETYNET_SUBJECT],
        key: subjectKey(kit.signers.ES256.publicKey),
        issuer: { cert: issuerCert, key: issuerKey },
        extensions: { basicConstraints: { ca: false } },
      });
      chain = [leaf, ...cas];
    });
    it('8 certificates verify', async () => {
      expect(chain).toHaveLength(8);
      const header = { alg: 'ES256', x5c: chain.map((c) => encodeBase64(c.der)) };
      const result = await run(statement({ alg: 'ES256', header }));
      expect(result.trustPath).toHaveLength(8);
    });
    it('9 certificates are ERR_INPUT_TOO_LARGE', async () => {
      const x5c = [...chain, kit.root].map((c) => encodeBase64(c.der));
      const err = await rejection(() => run(statement({ alg: 'ES256', header: { alg: 'ES256', x5c } })));
      expect(err.code).toBe('ERR_INPUT_TOO_LARGE');
      expect(err.details).toEqual({ format: 'android-safetynet', limit: 8 });
    });
  });
});

describe('android-safetynet: statement syntax and size', () => {
  it('an unexpected attStmt member is a syntax error of this format', async () => {
    const decoded = statement();
    (decoded.attStmt as CBORMap).set('x5c', []);
    await expectCheck(decoded, 'syntax');
  });
  it('ver missing, ver not text, or response not bytes are syntax errors of this format', async () => {
    const noVer = statement();
    (noVer.attStmt as CBORMap).delete('ver');
    await expectCheck(noVer, 'syntax');
    await expectCheck(statementWithResponse(utf8Encode(compactJWS()), 12345678), 'syntax');
    await expectCheck(statementWithResponse(compactJWS()), 'syntax');
  });
  it('an empty ver is refused', () =>
    expectCheck(statementWithResponse(utf8Encode(compactJWS()), ''), 'android-safetynet.ver'));
  it(`a response of exactly ${SAFETYNET_MAX_RESPONSE_BYTES} bytes is parsed (and refused as a JWS)`, async () => {
    expect(SAFETYNET_MAX_RESPONSE_BYTES).toBe(65_536);
    const response = new Uint8Array(SAFETYNET_MAX_RESPONSE_BYTES).fill(0x41);
    await expectCheck(statementWithResponse(response), 'android-safetynet.jws');
  });
  it('a response one byte larger is ERR_INPUT_TOO_LARGE with the limit', async () => {
    const response = new Uint8Array(SAFETYNET_MAX_RESPONSE_BYTES + 1).fill(0x41);
    const err = await rejection(() => run(statementWithResponse(response)));
    expect(err.code).toBe('ERR_INPUT_TOO_LARGE');
    expect(err.details).toEqual({ format: 'android-safetynet', limit: 65_536 });
  });
  it('a valid JWS padded to just under the limit still verifies', async () => {
    const jws = compactJWS({ header: { ...defaultHeader('RS256'), pad: '' } });
    const pad = 'x'.repeat(Math.floor(((SAFETYNET_MAX_RESPONSE_BYTES - jws.length) * 3) / 4) - 8);
    const padded = compactJWS({ header: { ...defaultHeader('RS256'), pad } });
    expect(padded.length).toBeLessThanOrEqual(SAFETYNET_MAX_RESPONSE_BYTES);
    await expect(run(statementWithResponse(utf8Encode(padded)))).resolves.toMatchObject({ type: 'basic' });
  });
});

describe('android-safetynet: leaf hostname', () => {
  it(`the leaf must be issued to ${SAFETYNET_HOSTNAME}`, async () => {
    expect(SAFETYNET_HOSTNAME).toBe('attest.android.com');
    const leaf = await issue({
      subject: [['CN', 'attest.android.com.example']],
      key: subjectKey(kit.signers.RS256.publicKey),
      issuer: { cert: kit.root, key: kit.rootKey },
    });
    const header = { alg: 'RS256', x5c: [encodeBase64(leaf.der), encodeBase64(kit.root.der)] };
    await expectCheck(statement({ header }), 'android-safetynet.hostname');
  });
});

describe('android-safetynet: ctsProfileMatch', () => {
  const relaxed = { safetyNetRequireCtsProfileMatch: false };
  it('missing ctsProfileMatch is refused even when a match is not required', () =>
    expectCheck(statement({ payload: { ctsProfileMatch: undefined } }), 'android-safetynet.cts-profile', relaxed));
  it('a non-boolean ctsProfileMatch is refused even when a match is not required', () =>
    expectCheck(statement({ payload: { ctsProfileMatch: 'true' } }), 'android-safetynet.cts-profile', relaxed));
  it('ctsProfileMatch false is reported when a match is not required', async () => {
    const result = await run(statement({ payload: { ctsProfileMatch: false } }), relaxed);
    expect(result.details).toMatchObject({ ctsProfileMatch: false });
  });
  it('ctsProfileMatch false is refused when safetyNetRequireCtsProfileMatch is true', () =>
    expectCheck(statement({ payload: { ctsProfileMatch: false } }), 'android-safetynet.cts-profile', {
      safetyNetRequireCtsProfileMatch: true,
    }));
});

describe('android-safetynet: timestampMs freshness', () => {
  const now = NOW.getTime();
  const at = (timestampMs: unknown): DecodedStatement => statement({ payload: { timestampMs } });
  it('the defaults are 60 s of age and 10 s of future skew', () => {
    expect(SAFETYNET_DEFAULT_MAX_AGE_MS).toBe(60_000);
    expect(SAFETYNET_DEFAULT_MAX_FUTURE_MS).toBe(10_000);
  });
  it('exactly safetyNetMaxAgeMs old is accepted; one millisecond more is refused', async () => {
    await expect(run(at(now - 60_000))).resolves.toMatchObject({ details: { timestampMs: now - 60_000 } });
    await expectCheck(at(now - 60_001), 'android-safetynet.timestamp');
  });
  it('exactly safetyNetMaxFutureMs ahead is accepted; one millisecond more is refused', async () => {
    await expect(run(at(now + 10_000))).resolves.toMatchObject({ details: { timestampMs: now + 10_000 } });
    await expectCheck(at(now + 10_001), 'android-safetynet.timestamp');
  });
  it('custom durations move both edges', async () => {
    const policy = { safetyNetMaxAgeMs: 1_000, safetyNetMaxFutureMs: 500 };
    await expect(run(at(now - 1_000), policy)).resolves.toBeDefined();
    await expectCheck(at(now - 1_001), 'android-safetynet.timestamp', policy);
    await expect(run(at(now + 500), policy)).resolves.toBeDefined();
    await expectCheck(at(now + 501), 'android-safetynet.timestamp', policy);
  });
  it('zero durations are allowed: only timestampMs = now is accepted', async () => {
    const policy = { safetyNetMaxAgeMs: 0, safetyNetMaxFutureMs: 0 };
    await expect(run(at(now), policy)).resolves.toBeDefined();
    await expectCheck(at(now - 1), 'android-safetynet.timestamp', policy);
    await expectCheck(at(now + 1), 'android-safetynet.timestamp', policy);
  });
  it('a fractional timestampMs is refused', () => expectCheck(at(now - 2_000.5), 'android-safetynet.timestamp'));
  it('timestampMs 0 is accepted when the age allows it; -1 is refused', async () => {
    const policy = { safetyNetMaxAgeMs: Number.MAX_SAFE_INTEGER };
    await expect(run(at(0), policy)).resolves.toMatchObject({ details: { timestampMs: 0 } });
    await expectCheck(at(-1), 'android-safetynet.timestamp', policy);
  });
  it('a timestampMs beyond the safe integers is refused', () =>
    expectCheck(at(2 ** 53), 'android-safetynet.timestamp', { safetyNetMaxFutureMs: Number.MAX_VALUE }));
  for (const name of ['safetyNetMaxAgeMs', 'safetyNetMaxFutureMs'] as const) {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, -1, '1000', null]) {
      it(`${name} = ${String(bad)} is a programmer error (RangeError)`, async () => {
        await expect(run(statement(), { [name]: bad as number })).rejects.toThrow(RangeError);
      });
    }
  }
});

describe('android-safetynet: reported details', () => {
  it('reports every fact of a complete payload', async () => {
    const result = await run(statement());
    expect(result.details).toEqual({
      ver: '12345678',
      jwsAlg: 'RS256',
      ctsProfileMatch: true,
      basicIntegrity: true,
      timestampMs: NOW.getTime() - 2_000,
      apkPackageName: 'com.google.android.gms',
      evaluationType: 'BASIC,HARDWARE_BACKED',
    });
  });
  it('reports basicIntegrity false as false', async () => {
    const result = await run(statement({ payload: { basicIntegrity: false } }));
    expect(result.details).toMatchObject({ basicIntegrity: false });
  });
  it('non-boolean basicIntegrity and non-string optional fields are reported as undefined', async () => {
    const result = await run(
      statement({ payload: { basicIntegrity: 'yes', apkPackageName: 42, evaluationType: ['BASIC'] } }),
    );
    expect(result.details).toMatchObject({
      basicIntegrity: undefined,
      apkPackageName: undefined,
      evaluationType: undefined,
    });
    expect(Object.keys(result.details ?? {})).toContain('apkPackageName');
  });
  it('absent optional fields are reported as undefined', async () => {
    const result = await run(
      statement({ payload: { basicIntegrity: undefined, apkPackageName: undefined, evaluationType: undefined } }),
    );
    expect(result.details).toMatchObject({
      basicIntegrity: undefined,
      apkPackageName: undefined,
      evaluationType: undefined,
    });
  });
});

/**
 * The module's tables (JWS algorithms, hostname, size limit, default durations) are built when it
 * is first imported. Here the module is imported inside each test (after `vi.resetModules()`), so
 * the tables are evaluated while the test runs and a wrong entry fails a valid vector.
 */
describe('android-safetynet: module tables evaluated inside the test', () => {
  const fresh = async () => {
    vi.resetModules();
    return import('../../src/attestation/android-safetynet.js');
  };

  it('the exported constants', async () => {
    const m = await fresh();
    expect(m.SAFETYNET_HOSTNAME).toBe('attest.android.com');
    expect(m.SAFETYNET_MAX_RESPONSE_BYTES).toBe(65_536);
    expect(m.SAFETYNET_DEFAULT_MAX_AGE_MS).toBe(60_000);
    expect(m.SAFETYNET_DEFAULT_MAX_FUTURE_MS).toBe(10_000);
  });

  it('every accepted JWS alg verifies a valid response with its own scheme', async () => {
    const m = await fresh();
    for (const alg of ALGS) {
      const result = (await verifyWith(m.androidSafetyNetAttestation, statement({ alg }), {
        now: NOW,
      })) as AttestationStatementResult;
      expect(result.details).toMatchObject({ jwsAlg: alg });
    }
  });

  it('the default age and clock-skew windows', async () => {
    const m = await fresh();
    const at = (timestampMs: number) =>
      verifyWith(m.androidSafetyNetAttestation, statement({ payload: { timestampMs } }), { now: NOW }).then(
        () => 'ok',
        (err: { code?: string; details?: { check?: string } }) => `${err.code} ${err.details?.check}`,
      );
    const t = NOW.getTime();
    expect(await at(t - 60_000)).toBe('ok');
    expect(await at(t - 60_001)).toBe('ERR_ATTESTATION_INVALID android-safetynet.timestamp');
    expect(await at(t + 10_000)).toBe('ok');
    expect(await at(t + 10_001)).toBe('ERR_ATTESTATION_INVALID android-safetynet.timestamp');
  });
});
