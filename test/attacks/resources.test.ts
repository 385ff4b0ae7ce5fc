/**
 * security.md §4 #124–#131: resource exhaustion. Outcomes only (never timings): every oversized or
 * over-nested input is refused with ERR_INPUT_TOO_LARGE / ERR_CBOR_MALFORMED / a parse error,
 * without a stack overflow. docs/limits.md lists the limits.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { verifyCertificateChain } from '../../src/certificates/chain.js';
import { encodeBase64, encodeBase64url } from '../../src/encoding/base64url.js';
import { concat, utf8Encode } from '../../src/encoding/bytes.js';
import { type CBORMap, type CBORValue, decodeCBOR } from '../../src/encoding/cbor.js';
import { parseStrictJSON } from '../../src/encoding/json.js';
import { WEBAUTHN_ERROR_CODES, WebAuthnError } from '../../src/errors.js';
import { parseClientDataJSON } from '../../src/parsers/client-data.js';
import { generateTestKeyPair } from '../../src/testing/index.js';
import {
  attestationParts,
  cborHead,
  cborText,
  NOW,
  outcome,
  prepareAssertion,
  prepareRegistration,
  rebuildAttestation,
  setMember,
  testCA,
  withAttestationObject,
} from './harness.js';

const TEN_MB = 10 * 1024 * 1024;

function cborCode(f: () => unknown): string {
  try {
    f();
    return 'accepted';
  } catch (err) {
    if (err instanceof WebAuthnError) return err.code;
    throw err;
  }
}

describe('resource limits (security.md §4 #124–#131)', () => {
  describe('#124 10 MB attestationObject: refused before decoding', () => {
    it('#124 10 MB of zeros', async () => {
      const p = await prepareRegistration();
      const r = p.created.response;
      const response = {
        ...r,
        response: { ...r.response, attestationObject: 'A'.repeat(Math.ceil((TEN_MB * 4) / 3)) },
      };
      expect(await outcome(p.verify(response))).toBe('ERR_INPUT_TOO_LARGE');
    });
    it('#124 10 MB that is not even base64url is refused by size first', async () => {
      const p = await prepareRegistration();
      const r = p.created.response;
      const response = { ...r, response: { ...r.response, attestationObject: '!'.repeat(TEN_MB) } };
      expect(await outcome(p.verify(response))).toBe('ERR_INPUT_TOO_LARGE');
    });
    it('#124 just over the default 128 KiB attestationObject limit / just under it', async () => {
      const p = await prepareRegistration();
      const parts = attestationParts(p.created);
      const pad = (n: number) =>
        concat(
          cborHead(5, 3),
          cborText('fmt'),
          parts.fmt,
          cborText('attStmt'),
          parts.attStmt,
          cborText('authData'),
          parts.authData,
          new Uint8Array(n),
        );
      const base = pad(0).length;
      expect(await outcome(p.verify(withAttestationObject(p.created.response, pad(128 * 1024 - base + 1))))).toBe(
        'ERR_INPUT_TOO_LARGE',
      );
      // At the limit the decoder runs (and refuses the trailing bytes).
      expect(await outcome(p.verify(withAttestationObject(p.created.response, pad(128 * 1024 - base))))).toBe(
        'ERR_CBOR_MALFORMED',
      );
    });
    it('#124 10 MB authenticatorData, signature and userHandle in an assertion', async () => {
      const p = await prepareAssertion();
      const r = p.assertion.response;
      const big = 'A'.repeat(Math.ceil((TEN_MB * 4) / 3));
      for (const member of ['authenticatorData', 'signature', 'userHandle'] as const) {
        expect(await outcome(p.verify({ ...r, response: { ...r.response, [member]: big } }))).toBe(
          'ERR_INPUT_TOO_LARGE',
        );
      }
      expect(await outcome(p.verify({ ...r, id: big, rawId: big }))).toBe('ERR_INPUT_TOO_LARGE');
    });
  });

  it('#125 1 MB and 10 MB clientDataJSON', async () => {
    for (const size of [1024 * 1024, TEN_MB]) {
      const p = await prepareAssertion();
      const r = p.assertion.response;
      const clientDataJSON = encodeBase64url(utf8Encode(`{"type":"webauthn.get","x":"${'a'.repeat(size)}"}`));
      expect(await outcome(p.verify({ ...r, response: { ...r.response, clientDataJSON } }))).toBe(
        'ERR_INPUT_TOO_LARGE',
      );
      const q = await prepareRegistration();
      const s = q.created.response;
      expect(await outcome(q.verify({ ...s, response: { ...s.response, clientDataJSON } }))).toBe(
        'ERR_INPUT_TOO_LARGE',
      );
    }
  });

  describe('#126 certificate chains', () => {
    it('#126 x5c with 101 certificates', async () => {
      const ca = await testCA();
      const p = await prepareRegistration({ authenticator: { attestation: 'packed' } });
      const response = rebuildAttestation(p.created, (m) => {
        const stmt = m.get('attStmt') as CBORMap;
        const x5c = stmt.get('x5c') as Uint8Array[];
        return new Map(m).set(
          'attStmt',
          setMember('x5c', [...x5c, ...new Array(101 - x5c.length).fill(ca.root.der)])(stmt),
        );
      });
      expect(await outcome(p.verify(response))).toBe('ERR_INPUT_TOO_LARGE');
    });
    it('#126 x5c with 9 certificates (over the default cap of 8)', async () => {
      const ca = await testCA();
      const p = await prepareRegistration({ authenticator: { attestation: 'packed' } });
      const response = rebuildAttestation(p.created, (m) => {
        const stmt = m.get('attStmt') as CBORMap;
        const x5c = stmt.get('x5c') as Uint8Array[];
        return new Map(m).set(
          'attStmt',
          setMember('x5c', [...x5c, ...new Array(9 - x5c.length).fill(ca.root.der)])(stmt),
        );
      });
      expect(await outcome(p.verify(response))).toBe('ERR_INPUT_TOO_LARGE');
    });
    it('#126 verifyCertificateChain: a chain longer than maxLength', async () => {
      const ca = await testCA();
      await expect(
        verifyCertificateChain({ chain: new Array(9).fill(ca.root.der), anchors: [ca.root.der], now: NOW }),
      ).rejects.toMatchObject({ code: 'ERR_INPUT_TOO_LARGE' });
      await expect(
        verifyCertificateChain({
          chain: new Array(3).fill(ca.root.der),
          anchors: [ca.root.der],
          now: NOW,
          maxLength: 2,
        }),
      ).rejects.toMatchObject({ code: 'ERR_INPUT_TOO_LARGE' });
    });
  });

  describe('#127 key and certificate size caps', () => {
    it('#127 a well-formed leaf certificate larger than 16 KiB in x5c', async () => {
      const p = await prepareRegistration({
        authenticator: { attestation: 'packed' },
        create: {
          attestationCertificate: {
            extensions: (e) => ({
              ...e,
              raw: [
                {
                  oid: '1.2.3.4.5',
                  critical: false,
                  value: concat(Uint8Array.of(0x04, 0x82, 0x50, 0x00), new Uint8Array(0x5000)),
                },
              ],
            }),
          },
        },
      });
      expect(await outcome(p.verify())).toBe('ERR_INPUT_TOO_LARGE');
    });
    it('#127 a malformed 20 KiB "certificate" in x5c is refused', async () => {
      const p = await prepareRegistration({ authenticator: { attestation: 'packed' } });
      const huge = concat(Uint8Array.of(0x30, 0x82, 0x50, 0x00), new Uint8Array(0x5000));
      const response = rebuildAttestation(p.created, (m) => {
        const stmt = m.get('attStmt') as CBORMap;
        return new Map(m).set('attStmt', setMember('x5c', [huge])(stmt));
      });
      expect(['ERR_INPUT_TOO_LARGE', 'ERR_CERTIFICATE_INVALID']).toContain(await outcome(p.verify(response)));
    });
    it('#127 a 1 MB certificate is refused by the attestationObject size limit', async () => {
      const p = await prepareRegistration({ authenticator: { attestation: 'packed' } });
      const huge = new Uint8Array(1024 * 1024).fill(0x30);
      const response = rebuildAttestation(p.created, (m) =>
        new Map(m).set('attStmt', setMember('x5c', [huge])(m.get('attStmt') as CBORMap)),
      );
      expect(await outcome(p.verify(response))).toBe('ERR_INPUT_TOO_LARGE');
    });
    it('#127 verifyCertificateChain: maxCertificateSize', async () => {
      const ca = await testCA();
      await expect(
        verifyCertificateChain({ chain: [ca.root.der], anchors: [ca.root.der], now: NOW, maxCertificateSize: 100 }),
      ).rejects.toMatchObject({ code: 'ERR_INPUT_TOO_LARGE' });
    });
    it('#127 an attestation certificate with a 16384-bit RSA key', async () => {
      // The modulus bytes are arbitrary: the size cap applies before any arithmetic.
      const rsa = generateTestKeyPair('RS256', { seed: 'attacks', label: 'big-rsa-template' });
      const n = new Uint8Array(2048).fill(0xc5);
      const bigKey = { ...rsa.publicKey, n } as typeof rsa.publicKey;
      const p = await prepareRegistration({
        authenticator: { attestation: 'packed' },
        create: { attestationCertificate: { publicKey: bigKey } },
      });
      expect(['ERR_INPUT_TOO_LARGE', 'ERR_CERTIFICATE_INVALID']).toContain(await outcome(p.verify()));
    });
    it('#127 a 16384-bit RSA credential key is the largest accepted; 16392 bits is refused', async () => {
      const p = await prepareRegistration({
        create: {
          coseKeyOverrides: {
            1: 3,
            3: -257,
            [-1]: new Uint8Array(2049).fill(0xc5),
            [-2]: Uint8Array.of(1, 0, 1),
            [-3]: undefined,
          },
        },
      });
      expect(await outcome(p.verify())).toBe('ERR_PUBLIC_KEY_INVALID');
    });
  });

  describe('#128 deep CBOR nesting: refused, no stack overflow', () => {
    for (const depth of [17, 10_000, 100_000]) {
      it(`#128 ${depth} nested arrays (0x81) / maps (0xA1 00)`, () => {
        const arrays = concat(new Uint8Array(depth).fill(0x81), Uint8Array.of(0xf6));
        expect(cborCode(() => decodeCBOR(arrays))).toBe('ERR_CBOR_MALFORMED');
        const maps = new Uint8Array(depth * 2 + 1);
        for (let i = 0; i < depth; i++) maps.set([0xa1, 0x00], i * 2);
        maps[depth * 2] = 0xf6;
        expect(cborCode(() => decodeCBOR(maps))).toBe('ERR_CBOR_MALFORMED');
      });
    }
    it('#128 16 levels (the default maxDepth) decode; maxDepth is configurable', () => {
      const sixteen = concat(new Uint8Array(16).fill(0x81), Uint8Array.of(0xf6));
      expect(cborCode(() => decodeCBOR(sixteen))).toBe('accepted');
      expect(cborCode(() => decodeCBOR(sixteen, { maxDepth: 4 }))).toBe('ERR_CBOR_MALFORMED');
    });
    it('#128 @stablelib/cbor PoC (12,000 × 0x81 then null) inside a registration', async () => {
      const p = await prepareRegistration();
      const parts = attestationParts(p.created);
      const deep = concat(new Uint8Array(12_000).fill(0x81), Uint8Array.of(0xf6));
      const bytes = concat(
        cborHead(5, 3),
        cborText('fmt'),
        parts.fmt,
        cborText('attStmt'),
        deep,
        cborText('authData'),
        parts.authData,
      );
      expect(await outcome(p.verify(withAttestationObject(p.created.response, bytes)))).toBe('ERR_CBOR_MALFORMED');
    });
  });

  describe('#129 crafted many-key maps: bounded', () => {
    it('#129 a map with 1,025 distinct keys (over maxItems)', () => {
      const entries: Uint8Array[] = [];
      for (let i = 0; i < 1025; i++) entries.push(cborHead(0, i), Uint8Array.of(0xf6));
      expect(cborCode(() => decodeCBOR(concat(cborHead(5, 1025), ...entries)))).toBe('ERR_CBOR_MALFORMED');
    });
    it('#129 16,385 items in total (over maxTotalItems) spread over small arrays', () => {
      const inner = concat(cborHead(4, 1000), new Uint8Array(1000).fill(0xf6));
      const doc = concat(cborHead(4, 17), ...new Array(17).fill(inner));
      expect(cborCode(() => decodeCBOR(doc))).toBe('ERR_CBOR_MALFORMED');
    });
    it('#129 1,024 keys that all collide as strings decode linearly and are refused at the first duplicate', () => {
      const entries: Uint8Array[] = [];
      for (let i = 0; i < 1024; i++) entries.push(cborText('same'), Uint8Array.of(0xf6));
      expect(cborCode(() => decodeCBOR(concat(cborHead(5, 1024), ...entries)))).toBe('ERR_CBOR_MALFORMED');
    });
  });

  describe('#130 SafetyNet JWS size and JSON depth', () => {
    it('#130 a 5 MB SafetyNet response is refused by the attestationObject limit', async () => {
      const p = await prepareRegistration();
      const response = rebuildAttestation(p.created, (m) =>
        new Map(m).set('fmt', 'android-safetynet').set(
          'attStmt',
          new Map<string, CBORValue>([
            ['ver', '1'],
            ['response', new Uint8Array(5 * 1024 * 1024).fill(0x41)],
          ]),
        ),
      );
      expect(await outcome(p.verify(response))).toBe('ERR_INPUT_TOO_LARGE');
    });
    it('#130 a 100 KiB SafetyNet response with the envelope limit raised: the SafetyNet cap (64 KiB) refuses it', async () => {
      const p = await prepareRegistration();
      const response = rebuildAttestation(p.created, (m) =>
        new Map(m).set('fmt', 'android-safetynet').set(
          'attStmt',
          new Map<string, CBORValue>([
            ['ver', '1'],
            ['response', new Uint8Array(100 * 1024).fill(0x41)],
          ]),
        ),
      );
      expect(await outcome(p.verify(response, { limits: { attestationObject: TEN_MB } }))).toBe('ERR_INPUT_TOO_LARGE');
    });
    it('#130 a SafetyNet JWS payload nested 10,000 deep', async () => {
      const p = await prepareRegistration();
      const ca = await testCA();
      const header = encodeBase64url(utf8Encode(JSON.stringify({ alg: 'RS256', x5c: [encodeBase64(ca.root.der)] })));
      const payload = encodeBase64url(utf8Encode(`${'['.repeat(10_000)}${']'.repeat(10_000)}`));
      const jws = utf8Encode(`${header}.${payload}.AAAA`);
      const response = rebuildAttestation(p.created, (m) =>
        new Map(m).set('fmt', 'android-safetynet').set(
          'attStmt',
          new Map<string, CBORValue>([
            ['ver', '1'],
            ['response', jws],
          ]),
        ),
      );
      expect(await outcome(p.verify(response))).toBe('ERR_ATTESTATION_INVALID');
    });
    it('#130 clientDataJSON nested 10,000 deep (within the size limit)', async () => {
      const text = `{"type":"webauthn.get","challenge":"x","origin":"https://example.com","x":${'['.repeat(8000)}${']'.repeat(8000)}}`;
      expect(cborCode(() => parseClientDataJSON(utf8Encode(text)))).toBe('ERR_CLIENT_DATA_INVALID');
      const p = await prepareAssertion({ get: { mutate: { clientDataJSON: () => utf8Encode(text) } } });
      expect(await outcome(p.verify())).toBe('ERR_CLIENT_DATA_INVALID');
    });
    it('#130 strict JSON: depth is bounded (SyntaxError, never a RangeError)', () => {
      for (const depth of [33, 10_000, 100_000]) {
        expect(() => parseStrictJSON('['.repeat(depth) + ']'.repeat(depth))).toThrow(SyntaxError);
        expect(() => parseStrictJSON(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`)).toThrow(SyntaxError);
      }
    });
  });

  it('#131 fuzz corpus smoke: random mutations of a response only ever fail with a WebAuthnError code', async () => {
    const p = await prepareAssertion();
    const r = p.assertion.response;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('clientDataJSON', 'authenticatorData', 'signature'),
        fc.uint8Array({ minLength: 0, maxLength: 300 }),
        async (member, bytes) => {
          const response = { ...r, response: { ...r.response, [member]: encodeBase64url(bytes) } };
          const result = await outcome(p.verify(response));
          expect([...WEBAUTHN_ERROR_CODES, 'accepted']).toContain(result);
        },
      ),
      { numRuns: 100, seed: 131 },
    );
  });
});
