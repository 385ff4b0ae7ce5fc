/**
 * Determinism and corruption hooks: each hook changes only what it targets, and whatever it
 * touched is re-signed (so only the intended check can fail).
 */
import { describe, expect, it } from 'vitest';
import { type CBORMap, decodeCBOR } from '../../src/encoding/cbor.js';
import { createSoftwareAuthenticator, createTestCA, generateTestKeyPair } from '../../src/testing/index.js';
import {
  b64u,
  checkAttestation,
  decodeRegistration,
  fromB64u,
  nodeKeyFromCOSE,
  nodeVerify,
  sha256,
} from './node-check.js';

const RP = { rpId: 'example.com', origin: 'https://example.com', challenge: 'Y2hhbGxlbmdl' };

async function register(
  options: Parameters<ReturnType<typeof createSoftwareAuthenticator>['createCredential']>[0] extends infer O
    ? Partial<O>
    : never,
  attestation: 'none' | 'packed-self' | 'packed' | 'fido-u2f' | 'tpm' = 'packed-self',
) {
  const auth = createSoftwareAuthenticator({ seed: 'mutations', attestation });
  return { auth, created: await auth.createCredential({ ...RP, ...options }) };
}

function clientDataOf(created: { response: { response: { clientDataJSON: string } } }): Record<string, unknown> {
  return JSON.parse(new TextDecoder().decode(fromB64u(created.response.response.clientDataJSON)));
}

function attestationValid(created: {
  response: { response: { clientDataJSON: string; attestationObject: string } };
}): boolean {
  const r = decodeRegistration(created.response);
  const acd = r.authData.attestedCredentialData!;
  try {
    checkAttestation(
      r.fmt,
      r.attStmt,
      r.authData.bytes,
      r.clientDataHash,
      acd.credentialPublicKey,
      acd.credentialId,
      r.authData.rpIdHash,
    );
    return true;
  } catch {
    return false;
  }
}

describe('determinism', () => {
  it('same seed → same bytes; different seed → different key', async () => {
    const make = async (seed: string) => {
      const a = createSoftwareAuthenticator({ seed, attestation: 'packed', algorithm: 'ES256' });
      const c = await a.createCredential({ ...RP });
      const g = await a.getAssertion({ credentialId: c.credential.id, ...RP });
      return JSON.stringify([c.response, g.response, b64u(c.credential.publicKey)]);
    };
    expect(await make('seed-1')).toBe(await make('seed-1'));
    expect(await make('seed-1')).not.toBe(await make('seed-2'));
  });

  it('RSA and PSS are deterministic too', () => {
    const data = new TextEncoder().encode('x');
    const a = generateTestKeyPair('PS256', { seed: 's' });
    const b = generateTestKeyPair('PS256', { seed: 's' });
    expect(b64u(a.sign(data))).toBe(b64u(b.sign(data)));
    expect(b64u(generateTestKeyPair('ES256', { seed: 's' }).sign(data))).toBe(
      b64u(generateTestKeyPair('ES256', { seed: 's' }).sign(data)),
    );
  });

  it('createTestCA is deterministic and exports PEM', async () => {
    const a = await createTestCA({ seed: 'ca', intermediate: true });
    const b = await createTestCA({ seed: 'ca', intermediate: true });
    expect(a.root.pem).toBe(b.root.pem);
    expect(a.root.pem.startsWith('-----BEGIN CERTIFICATE-----\n')).toBe(true);
    expect(a.chain.length).toBe(1);
  });
});

describe('corruption hooks', () => {
  it('clientData hook: re-signed, attestation still valid, only the member changes', async () => {
    const { created } = await register({ mutate: { clientData: (c) => ({ ...c, challenge: 'b3RoZXI' }) } });
    expect(clientDataOf(created).challenge).toBe('b3RoZXI');
    expect(clientDataOf(created).origin).toBe(RP.origin);
    expect(attestationValid(created)).toBe(true);
  });

  it('clientData quirks: BOM, member order, extra members', async () => {
    const { created } = await register({
      clientData: { bom: true, memberOrder: ['origin', 'challenge'], extraMembers: { extra: 1 } },
    });
    const bytes = fromB64u(created.response.response.clientDataJSON);
    expect(Array.from(bytes.subarray(0, 3))).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: false }).decode(bytes);
    expect(Object.keys(JSON.parse(text))).toEqual(['origin', 'challenge', 'type', 'crossOrigin', 'extra']);
    expect(attestationValid(created)).toBe(true);
  });

  it('clientDataJSON hook gets raw bytes and the hash covers the result', async () => {
    const { created } = await register({ mutate: { clientDataJSON: (b) => new Uint8Array([...b, 0x20]) } });
    const bytes = fromB64u(created.response.response.clientDataJSON);
    expect(bytes[bytes.length - 1]).toBe(0x20);
    expect(Buffer.from(created.raw.clientDataHash)).toEqual(Buffer.from(sha256(bytes)));
    expect(attestationValid(created)).toBe(true);
  });

  it('authData hook runs before the attestation signature', async () => {
    const { created } = await register({
      mutate: {
        authData: (b) => {
          const out = new Uint8Array(b);
          out[32] = (out[32] as number) | 0x20; // RFU2 bit
          return out;
        },
      },
    });
    expect((decodeRegistration(created.response).authData.flags.value & 0x20) !== 0).toBe(true);
    expect(attestationValid(created)).toBe(true);
  });

  it('signature hook breaks only the signature', async () => {
    const { created } = await register({ mutate: { signature: (s) => new Uint8Array(s.length) } });
    expect(attestationValid(created)).toBe(false);
    expect(clientDataOf(created).challenge).toBe(RP.challenge);
  });

  it('rpIdHash override, AAGUID, credential ID length, flags', async () => {
    const rpIdHash = sha256(new TextEncoder().encode('other.example'));
    const aaguid = '01020304-0506-0708-0910-111213141516';
    const { created } = await register({
      rpIdHash,
      aaguid,
      credentialIdLength: 1023,
      flags: { uv: false, be: true, bs: true },
    });
    const r = decodeRegistration(created.response);
    expect(Buffer.from(r.authData.rpIdHash)).toEqual(Buffer.from(rpIdHash));
    expect(created.credential.aaguid).toBe(aaguid);
    expect(r.authData.attestedCredentialData!.credentialId.length).toBe(1023);
    expect(r.authData.flags).toMatchObject({ up: true, uv: false, be: true, bs: true, at: true, ed: false });
    expect(attestationValid(created)).toBe(true);
  });

  it('COSE key overrides keep the key encoded and the statement signed over it', async () => {
    const { created } = await register({ coseKeyOverrides: { 3: -257, [-4]: new Uint8Array(1) } }, 'none');
    const key = decodeCBOR(created.credential.publicKey) as CBORMap;
    expect(key.get(3)).toBe(-257);
    expect(key.get(-4)).toBeInstanceOf(Uint8Array);
    expect(key.get(-2)).toBeInstanceOf(Uint8Array);
  });

  it('attStmt, attestationObject and response hooks', async () => {
    const { created } = await register({
      mutate: {
        attStmt: (s) => new Map([...(s as CBORMap), ['extra', 1]]),
        attestationObject: (m) => new Map([...m, ['extra', true]]),
        response: (r) => ({ ...r, type: 'public-key' }),
      },
    });
    const ao = decodeCBOR(fromB64u(created.response.response.attestationObject)) as CBORMap;
    expect((ao.get('attStmt') as CBORMap).get('extra')).toBe(1);
    expect(ao.get('extra')).toBe(true);
  });

  it('certificates hook and leaf overrides (packed x5c)', async () => {
    const { created } = await register(
      {
        attestationCertificate: {
          notAfter: new Date('2025-06-01T00:00:00Z'),
          extensions: (e) => ({ ...e, basicConstraints: { ca: true } }),
        },
        mutate: { certificates: (x5c) => [...x5c, x5c[0]!] },
      },
      'packed',
    );
    const r = decodeRegistration(created.response);
    const x5c = (r.attStmt as CBORMap).get('x5c') as Uint8Array[];
    expect(x5c.length).toBe(2);
    const { X509Certificate } = await import('node:crypto');
    const leaf = new X509Certificate(x5c[0]!);
    expect(leaf.ca).toBe(true);
    expect(new Date(leaf.validTo).toISOString()).toBe('2025-06-01T00:00:00.000Z');
    expect(attestationValid(created)).toBe(true);
  });

  it('assertion: counters (increment, explicit, decrement, zero), highS, signWith, userHandle', async () => {
    const auth = createSoftwareAuthenticator({ seed: 'counters', counter: { initial: 10, mode: 'decrement' } });
    const { credential } = await auth.createCredential({ ...RP, user: { id: 'dXNlcg' } });
    expect(credential.counter).toBe(10);
    const a1 = await auth.getAssertion({ credentialId: credential.id, ...RP });
    expect(a1.counter).toBe(9);
    const a2 = await auth.getAssertion({ credentialId: credential.id, ...RP, counter: 100 });
    expect(a2.counter).toBe(100);
    expect(auth.getCounter(credential.id)).toBe(100);
    auth.setCounter(credential.id, 0);
    const { key, alg } = nodeKeyFromCOSE(credential.publicKey);
    const hi = await auth.getAssertion({ credentialId: credential.id, ...RP, highS: true, counter: 5 });
    const signed = Buffer.concat([hi.raw.authenticatorData, hi.raw.clientDataHash]);
    expect(nodeVerify(alg, key, signed, hi.raw.signature)).toBe(true);
    // DER s is the second INTEGER; high-S means s > n/2, i.e. 32 bytes (+ sign pad) with top bit set.
    const sig = hi.raw.signature;
    const rLen = sig[3] as number;
    const sLen = sig[5 + rLen] as number;
    const s = sig.subarray(6 + rLen, 6 + rLen + sLen);
    const sBig = BigInt(`0x${Buffer.from(s).toString('hex')}`);
    const n = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
    expect(sBig > n / 2n).toBe(true);
    expect(hi.response.response.userHandle).toBe('dXNlcg');
    const none = await auth.getAssertion({ credentialId: credential.id, ...RP, userHandle: null });
    expect(none.response.response.userHandle).toBeNull();
    const other = await auth.getAssertion({
      credentialId: credential.id,
      ...RP,
      signWith: generateTestKeyPair('ES256', { seed: 'x' }),
    });
    expect(
      nodeVerify(alg, key, Buffer.concat([other.raw.authenticatorData, other.raw.clientDataHash]), other.raw.signature),
    ).toBe(false);
    const zero = createSoftwareAuthenticator({ seed: 'z', counter: { mode: 'zero' } });
    const zc = await zero.createCredential({ ...RP });
    expect((await zero.getAssertion({ credentialId: zc.credential.id, ...RP })).counter).toBe(0);
  });

  it('assertion authData hook is re-signed; signature hook is not', async () => {
    const auth = createSoftwareAuthenticator({ seed: 'asrt' });
    const { credential } = await auth.createCredential({ ...RP });
    const { key, alg } = nodeKeyFromCOSE(credential.publicKey);
    const ok = await auth.getAssertion({
      credentialId: credential.id,
      ...RP,
      mutate: { authData: (b) => new Uint8Array([...b, 0xa0]) },
    });
    expect(ok.raw.authenticatorData.length).toBe(38);
    expect(
      nodeVerify(alg, key, Buffer.concat([ok.raw.authenticatorData, ok.raw.clientDataHash]), ok.raw.signature),
    ).toBe(true);
    const bad = await auth.getAssertion({
      credentialId: credential.id,
      ...RP,
      mutate: { signature: (s) => s.subarray(1) },
    });
    expect(
      nodeVerify(alg, key, Buffer.concat([bad.raw.authenticatorData, bad.raw.clientDataHash]), bad.raw.signature),
    ).toBe(false);
  });

  it('extensions: authData CBOR outputs set ED, client outputs in clientExtensionResults', async () => {
    const auth = createSoftwareAuthenticator({ seed: 'ext' });
    const reg = await auth.createCredential({
      ...RP,
      extensions: {
        credProps: true,
        credentialProtectionPolicy: 'userVerificationRequired',
        prf: {},
        largeBlob: { support: 'preferred' },
      },
    });
    const r = decodeRegistration(reg.response);
    expect(r.authData.flags.ed).toBe(true);
    expect(r.authData.extensions?.get('credProtect')).toBe(3);
    expect(r.authData.extensions?.get('hmac-secret')).toBe(true);
    expect(reg.response.clientExtensionResults).toEqual({
      prf: { enabled: true },
      largeBlob: { supported: true },
      credProps: { rk: true },
    });
    const get = await auth.getAssertion({
      credentialId: reg.credential.id,
      ...RP,
      extensions: { prf: { eval: { first: new Uint8Array([1]) } }, appid: 'https://example.com/appid.json' },
      useAppId: true,
    });
    const ad = fromB64u(get.response.response.authenticatorData);
    expect(Buffer.from(ad.subarray(0, 32))).toEqual(
      Buffer.from(sha256(new TextEncoder().encode('https://example.com/appid.json'))),
    );
    expect(get.response.clientExtensionResults.appid).toBe(true);
    expect((get.response.clientExtensionResults.prf as { results: { first: string } }).results.first).toMatch(
      /^[A-Za-z0-9_-]{43}$/,
    );
    expect(ad[32]! & 0x80).toBe(0x80);
  });

  it('tpm and android-key knobs', async () => {
    const auth = createSoftwareAuthenticator({ seed: 'tpm-knobs', attestation: 'tpm' });
    const c = await auth.createCredential({
      ...RP,
      tpm: {
        mutateCertInfo: (ci) => {
          const out = new Uint8Array(ci);
          out[0] = 0; // magic
          return out;
        },
      },
    });
    expect(attestationValid(c)).toBe(false); // magic check fails, signature still over the mutated certInfo
    const stmt = decodeRegistration(c.response).attStmt as CBORMap;
    const { X509Certificate } = await import('node:crypto');
    const aik = new X509Certificate((stmt.get('x5c') as Uint8Array[])[0]!);
    expect(
      nodeVerify(
        stmt.get('alg') as number,
        aik.publicKey,
        stmt.get('certInfo') as Uint8Array,
        stmt.get('sig') as Uint8Array,
      ),
    ).toBe(true);

    const android = createSoftwareAuthenticator({ seed: 'ak', attestation: 'android-key' });
    const a = await android.createCredential({ ...RP, androidKey: { attestationChallenge: new Uint8Array(32) } });
    expect(attestationValid(a)).toBe(false);
  });
});
