/**
 * security.md §3: every published advisory that applies to a server-side WebAuthn library,
 * replayed against Tessera as a named test. Rows of §4 cover the same inputs in more variants.
 */
import { describe, expect, it } from 'vitest';
import { encodeBase64url } from '../../src/encoding/base64url.js';
import { concat, fromHex } from '../../src/encoding/bytes.js';
import { type CBORMap, decodeCBOR } from '../../src/encoding/cbor.js';
import { WebAuthnError } from '../../src/errors.js';
import { verifyMetadataBlob } from '../../src/metadata/blob.js';
import { parseAttestationObject } from '../../src/parsers/attestation-object.js';
import type { AuthenticationResponseJSON } from '../../src/verify/index.js';
import {
  codeOf,
  createHarness,
  newAuthenticator,
  newUserHandle,
  ORIGIN as RP_ORIGIN,
  RP_ID as RPID,
  register as rpRegister,
} from '../relying-party/helpers.js';
import {
  attackerTestCA,
  authenticate,
  cborHead,
  cborText,
  NOW,
  outcome,
  prepareAssertion,
  prepareRegistration,
  rebuildAttestation,
  register,
  registrationOutcome,
  testCA,
} from './harness.js';

describe('advisories (security.md §3)', () => {
  describe('§3A WebAuthn relying-party libraries', () => {
    it('GHSA-6hxq-p678-4hr2 self-signed root inside x5c', async () => {
      const attacker = await attackerTestCA();
      const c = {
        authenticator: { attestation: 'packed' as const, attestationCA: attacker },
        create: { mutate: { certificates: (x5c: Uint8Array[]) => [...x5c, attacker.root.der] } },
      };
      expect(await registrationOutcome({ ...c, verify: { attestation: { require: 'trusted' } } })).toBe(
        'ERR_ATTESTATION_UNTRUSTED',
      );
      const report = await register(c);
      expect([report.attestation.trusted, report.attestation.anchor]).toEqual([false, undefined]);
    });
    it('SimpleWebAuthn issue #3 the challenge is always compared (replay of a captured response)', async () => {
      const p = await prepareAssertion();
      const captured = p.assertion.response;
      expect(
        await outcome(p.verify(captured, { expectedChallenge: encodeBase64url(new Uint8Array(16).fill(1)) })),
      ).toBe('ERR_CHALLENGE_MISMATCH');
    });
    it('SimpleWebAuthn issue #802 a home-made chain with no anchors is never reported trusted', async () => {
      const attacker = await attackerTestCA();
      const r = await register({
        authenticator: { attestation: 'packed', attestationCA: attacker },
        verify: { attestation: { trustAnchors: [] } },
      });
      expect(r.attestation.trusted).toBe(false);
      const self = await register({ authenticator: { attestation: 'packed-self' } });
      expect([self.attestation.type, self.attestation.trusted]).toEqual(['self', false]);
    });
    it('CVE-2021-38299 / GHSA-6whf-q6p5-84wg UP flag not checked', async () => {
      const p = await prepareAssertion({ get: { flags: { up: false } } });
      expect(await outcome(p.verify(undefined, { requireUserVerification: false }))).toBe('ERR_USER_PRESENCE_REQUIRED');
    });
    it('GHSA-h4fw-6r7f-w494 client override of userVerification', async () => {
      const h = createHarness();
      const a = newAuthenticator();
      const user = newUserHandle();
      const id = await rpRegister(h, a, user);
      const request = await h.rp.startAuthentication({
        session: 's',
        user: { id: user },
        userVerification: 'discouraged',
      } as never);
      expect(request.userVerification).toBe('required');
      const { response } = await a.getAssertion({
        credentialId: id,
        challenge: request.challenge,
        rpId: RPID,
        origin: RP_ORIGIN,
        flags: { uv: false },
      });
      expect(await codeOf(h.rp.finishAuthentication({ session: 's', response }))).toBe(
        'ERR_USER_VERIFICATION_REQUIRED',
      );
    });
    it('PKSA-8q9p-nqf2-p48x zero AAGUID does not skip trust-path verification', async () => {
      const attacker = await attackerTestCA();
      expect(
        await registrationOutcome({
          authenticator: { attestation: 'packed', attestationCA: attacker },
          create: { aaguid: new Uint8Array(16) },
          verify: { attestation: { require: 'trusted', metadata: { resolveAttestation: () => undefined } } },
        }),
      ).toBe('ERR_ATTESTATION_UNTRUSTED');
    });
    it('GHSA-875x-g8p7-5w27 username enumeration: documented behaviour of startAuthentication', async () => {
      // Tessera's options endpoint lists the credentials of a known user and none for an unknown
      // one (as the spec's identified flow does). Applications that must hide which accounts exist
      // use the discoverable flow (no user), whose options are identical for everyone.
      const h = createHarness();
      const user = newUserHandle();
      await rpRegister(h, newAuthenticator(), user);
      const known = await h.rp.startAuthentication({ session: 'k', user: { id: user } });
      const unknown = await h.rp.startAuthentication({ session: 'u', user: { id: newUserHandle() } });
      expect(known.allowCredentials?.length).toBe(1);
      expect(unknown.allowCredentials ?? []).toEqual([]);
      const a = await h.rp.startAuthentication({ session: 'd1' });
      const b = await h.rp.startAuthentication({ session: 'd2' });
      expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort());
      expect(a.allowCredentials ?? []).toEqual(b.allowCredentials ?? []);
    });
    it("YSA-2026-02 assertion by another user's credential in a ceremony started for the victim", async () => {
      const h = createHarness();
      const a = newAuthenticator();
      const victim = newUserHandle();
      await rpRegister(h, a, victim);
      const attacker = newUserHandle();
      const attackerCred = await rpRegister(h, a, attacker);
      const request = await h.rp.startAuthentication({ session: 'v', user: { id: victim } });
      const { response } = await a.getAssertion({
        credentialId: attackerCred,
        challenge: request.challenge,
        rpId: RPID,
        origin: RP_ORIGIN,
      });
      expect(await codeOf(h.rp.finishAuthentication({ session: 'v', response }))).toBe('ERR_CREDENTIAL_MISMATCH');
    });
    it('CVE-2022-21449 psychic signature r = s = 0', async () => {
      const p = await prepareAssertion({ get: { mutate: { signature: () => fromHex('3006020100020100') } } });
      expect(await outcome(p.verify())).toBe('ERR_SIGNATURE_INVALID');
    });
    it('GHSA-v9hx-v6vf-g36j the incremented signCount is persisted, so a clone is detected', async () => {
      const h = createHarness();
      const a = newAuthenticator();
      const user = newUserHandle();
      const id = await rpRegister(h, a, user);
      const first = await h.rp.startAuthentication({ session: '1', user: { id: user } });
      const r1 = await a.getAssertion({
        credentialId: id,
        challenge: first.challenge,
        rpId: RPID,
        origin: RP_ORIGIN,
        counter: 10,
      });
      await h.rp.finishAuthentication({ session: '1', response: r1.response });
      expect((await h.credentials.get(id))?.counter).toBe(10);
      const clone = await h.rp.startAuthentication({ session: '2', user: { id: user } });
      const r2 = await a.getAssertion({
        credentialId: id,
        challenge: clone.challenge,
        rpId: RPID,
        origin: RP_ORIGIN,
        counter: 3,
      });
      expect(await codeOf(h.rp.finishAuthentication({ session: '2', response: r2.response }))).toBe(
        'ERR_COUNTER_REGRESSION',
      );
    });
    describe('fido2-net-lib PR #671 security hardening batch', () => {
      it('fido2-net-lib #671 tpm statement for an Ed25519 key does not skip TPM2_Certify checks', async () => {
        const t = await prepareRegistration({ authenticator: { attestation: 'tpm' } });
        const stmt = (decodeCBOR(t.created.raw.attestationObject) as CBORMap).get('attStmt') as CBORMap;
        const ed = await prepareRegistration({ authenticator: { algorithm: 'EdDSA' } });
        const response = rebuildAttestation(ed.created, (m) => new Map(m).set('fmt', 'tpm').set('attStmt', stmt));
        expect(await outcome(ed.verify(response))).toBe('ERR_ATTESTATION_INVALID');
      });
      it('fido2-net-lib #671 the pubArea RSA exponent is read big-endian (65537 encoded 01 00 01 00 would differ)', async () => {
        // exponent field at pubArea offset 10 + authPolicy + 2+2+2 (symmetric, scheme, keyBits): flip it to 0x00010001 LE.
        const c = {
          authenticator: { attestation: 'tpm' as const, algorithm: 'RS256' as const },
          create: {
            tpm: {
              mutatePubArea: (b: Uint8Array) => {
                const policy = ((b[8] as number) << 8) | (b[9] as number);
                const at = 10 + policy + 6;
                const out = b.slice();
                out.set([0x01, 0x00, 0x01, 0x00], at); // 65537 little-endian = 0x01000100 big-endian
                return out;
              },
            },
          },
          verify: { attestation: { require: 'trusted' as const } },
        };
        expect(await registrationOutcome(c)).toBe('ERR_ATTESTATION_INVALID');
      });
      it('fido2-net-lib #671 the conformance-tool TPM vendor id is not trusted', async () => {
        expect(
          await registrationOutcome({
            authenticator: { attestation: 'tpm' },
            create: { tpm: { manufacturer: 'id:FFFFF1D0' } },
          }),
        ).toBe('ERR_ATTESTATION_INVALID');
      });
      it('fido2-net-lib #671 android-key authorization lists fail closed when malformed', async () => {
        expect(
          await registrationOutcome({
            authenticator: { attestation: 'android-key' },
            create: {
              attestationCertificate: {
                extensions: (e) => ({
                  ...e,
                  raw: [{ oid: '1.3.6.1.4.1.11129.2.1.17', critical: false, value: Uint8Array.of(0x30, 0x01) }],
                }),
              },
            },
          }),
        ).toBe('ERR_ATTESTATION_INVALID');
      });
      it('fido2-net-lib #671 apple chains must end at the pinned root', async () => {
        const attacker = await attackerTestCA();
        expect(
          await registrationOutcome({
            authenticator: { attestation: 'apple', attestationCA: attacker },
            verify: { attestation: { require: 'trusted' } },
          }),
        ).toBe('ERR_ATTESTATION_UNTRUSTED');
      });
      it('fido2-net-lib #671 malformed CBOR is a typed error, not a crash', async () => {
        const p = await prepareRegistration();
        for (const bytes of [Uint8Array.of(0xbf), Uint8Array.of(0xa1), Uint8Array.of(0xff, 0xff), new Uint8Array(0)]) {
          const r = p.created.response;
          expect(
            await outcome(p.verify({ ...r, response: { ...r.response, attestationObject: encodeBase64url(bytes) } })),
          ).toBe('ERR_CBOR_MALFORMED');
        }
      });
    });
    it('webauthn-ruby 2.4.1 none attestation when the policy requires attestation', async () => {
      expect(
        await registrationOutcome({
          authenticator: { attestation: 'none' },
          verify: { attestation: { allowedTypes: ['basic', 'attca'] } },
        }),
      ).toBe('ERR_ATTESTATION_TYPE_NOT_ALLOWED');
    });
    it("Rodauth 2.46.0 any account's assertion on another account's login", async () => {
      const h = createHarness();
      const a = newAuthenticator();
      const victim = newUserHandle();
      await rpRegister(h, a, victim);
      const own = await rpRegister(h, a, newUserHandle());
      // Discoverable login, but the response claims the victim's user handle.
      const request = await h.rp.startAuthentication({ session: 'r' });
      const { response } = await a.getAssertion({
        credentialId: own,
        challenge: request.challenge,
        rpId: RPID,
        origin: RP_ORIGIN,
        userHandle: victim,
      });
      expect(await codeOf(h.rp.finishAuthentication({ session: 'r', response }))).toBe('ERR_CREDENTIAL_MISMATCH');
    });
  });

  describe('§3B dependencies a TS/JS implementation may pull in', () => {
    it('CVE-2024-42461 elliptic BER-encoded ECDSA signature (long-form length)', async () => {
      const p = await prepareAssertion({
        get: { mutate: { signature: (s) => concat(Uint8Array.of(0x30, 0x81, s[1] as number), s.subarray(2)) } },
      });
      expect(await outcome(p.verify())).toBe('ERR_SIGNATURE_INVALID');
    });
    it('CVE-2024-42460 elliptic negative INTEGER (leading bit of r set without padding)', async () => {
      const p = await prepareAssertion({
        get: {
          mutate: {
            signature: (s) => {
              const out = s.slice();
              out[4] = (out[4] as number) | 0x80;
              return out;
            },
          },
        },
      });
      expect(await outcome(p.verify())).toBe('ERR_SIGNATURE_INVALID');
    });
    it('CVE-2024-48949 elliptic EdDSA S ≥ L', async () => {
      const L = 2n ** 252n + 27742317777372353535851937790883648493n;
      const p = await prepareAssertion({
        authenticator: { algorithm: 'EdDSA' },
        get: {
          mutate: {
            signature: (sig) => {
              let S = 0n;
              for (let i = 63; i >= 32; i--) S = (S << 8n) | BigInt(sig[i] as number);
              S += L;
              const out = sig.slice();
              for (let i = 32; i < 64; i++) {
                out[i] = Number(S & 0xffn);
                S >>= 8n;
              }
              return out;
            },
          },
        },
      });
      expect(await outcome(p.verify())).toBe('ERR_SIGNATURE_INVALID');
    });
    it('CVE-2020-14966 jsrsasign ECDSA with padded zeros', async () => {
      const p = await prepareAssertion({
        get: {
          mutate: {
            signature: (s) =>
              concat(Uint8Array.of(0x30, (s[1] as number) + 1, 0x02, (s[3] as number) + 1, 0x00), s.subarray(4)),
          },
        },
      });
      expect(await outcome(p.verify())).toBe('ERR_SIGNATURE_INVALID');
    });
    it('CVE-2020-14968 jsrsasign RSA signature with a prepended 0x00', async () => {
      const p = await prepareAssertion({
        authenticator: { algorithm: 'PS256' },
        get: { mutate: { signature: (s) => concat(Uint8Array.of(0), s) } },
      });
      expect(await outcome(p.verify())).toBe('ERR_SIGNATURE_INVALID');
    });
    it('CVE-2021-30246 jsrsasign invalid PKCS#1 v1.5 signature (signature + n)', async () => {
      const p = await prepareAssertion({
        authenticator: { algorithm: 'RS256' },
        get: { mutate: { signature: (s) => concat(Uint8Array.of(1), s) } },
      });
      expect(await outcome(p.verify())).toBe('ERR_SIGNATURE_INVALID');
    });
    it('CVE-2026-4603 jsrsasign RSA key with modulus 0', async () => {
      expect(
        await registrationOutcome({
          authenticator: { algorithm: 'RS256' },
          create: { coseKeyOverrides: { [-1]: Uint8Array.of(0) } },
        }),
      ).toBe('ERR_PUBLIC_KEY_INVALID');
    });
    it('GHSA-cfm4-qjh2-4765 node-forge RSA signature verification (garbage signature of modulus length)', async () => {
      const p = await prepareAssertion({
        authenticator: { algorithm: 'RS256' },
        get: { mutate: { signature: (s) => new Uint8Array(s.length).fill(0xff) } },
      });
      expect(await outcome(p.verify())).toBe('ERR_SIGNATURE_INVALID');
    });
    it('GHSA-x9w5-v3q2-3rhw browserify-sign missing upper bound (r ≥ n)', async () => {
      const n = fromHex('00ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551');
      const p = await prepareAssertion({
        get: {
          mutate: {
            signature: () => concat(Uint8Array.of(0x30, 0x26, 0x02, 0x21), n, Uint8Array.of(0x02, 0x01, 0x01)),
          },
        },
      });
      expect(await outcome(p.verify())).toBe('ERR_SIGNATURE_INVALID');
    });
    it('GHSA-5jg4-p4qw-cgfr @stablelib/cbor unbounded recursion (12,000 × 0x81)', async () => {
      const p = await prepareRegistration();
      const bytes = concat(cborHead(5, 1), cborText('fmt'), new Uint8Array(12_000).fill(0x81), Uint8Array.of(0xf6));
      const r = p.created.response;
      expect(
        await outcome(p.verify({ ...r, response: { ...r.response, attestationObject: encodeBase64url(bytes) } })),
      ).toBe('ERR_CBOR_MALFORMED');
    });
    it('CVE-2024-23684 / CVE-2024-21909 PeterO CBOR crafted-map DoS', () => {
      const entries: Uint8Array[] = [];
      for (let i = 0; i < 5000; i++) entries.push(cborHead(0, i), Uint8Array.of(0xf6));
      expect(() => parseAttestationObject(concat(cborHead(5, 5000), ...entries))).toThrow(WebAuthnError);
    });
    it('GHSA-mm44-wc5p-wqhq / GHSA-cxw4-9qv9-vx5h PeterO shared-reference tags (28/29)', () => {
      const bytes = concat(cborHead(5, 1), cborText('fmt'), Uint8Array.of(0xd8, 0x1c), cborText('none'));
      expect(() => parseAttestationObject(bytes)).toThrow(expect.objectContaining({ code: 'ERR_CBOR_MALFORMED' }));
      expect(() =>
        parseAttestationObject(concat(cborHead(5, 1), cborText('fmt'), Uint8Array.of(0xd8, 0x1d, 0x00))),
      ).toThrow(expect.objectContaining({ code: 'ERR_CBOR_MALFORMED' }));
    });
    it('CVE-2026-26209 cbor2 recursion with 100k nested 0x81', () => {
      expect(() => parseAttestationObject(concat(new Uint8Array(100_000).fill(0x81), Uint8Array.of(0xf6)))).toThrow(
        expect.objectContaining({ code: 'ERR_CBOR_MALFORMED' }),
      );
    });
  });

  describe('§3C integration-level incidents', () => {
    it('GitLab issue 585333 id ≠ rawId never skips the other checks', async () => {
      const p = await prepareAssertion();
      const forged = { ...p.assertion.response, id: encodeBase64url(new Uint8Array(32).fill(5)) };
      expect(await outcome(p.verify(forged))).toBe('ERR_INVALID_RESPONSE');
      const victimId = {
        ...p.assertion.response,
        rawId: p.stored.id,
        id: p.stored.id,
        response: { ...p.assertion.response.response, signature: 'AAAA' },
      };
      expect(await outcome(p.verify(victimId))).toBe('ERR_SIGNATURE_INVALID');
    });
    it('GHSA-5353-f8fq-65vc new-api {"method":"passkey"} without an assertion', async () => {
      const p = await prepareAssertion();
      expect(await outcome(p.verify({ method: 'passkey' } as unknown as AuthenticationResponseJSON))).toBe(
        'ERR_INVALID_RESPONSE',
      );
    });
    it('open-mercato PR #5306 {credentialId, challenge} public values are not an assertion', async () => {
      const p = await prepareAssertion();
      const bogus = { credentialId: p.stored.id, challenge: p.challenge } as unknown as AuthenticationResponseJSON;
      expect(await outcome(p.verify(bogus))).toBe('ERR_INVALID_RESPONSE');
      const h = createHarness();
      await expect(h.rp.finishAuthentication({ session: 's', response: bogus })).rejects.toMatchObject({
        code: 'ERR_INVALID_RESPONSE',
      });
    });
    it('CVE-2024-12225 / CVE-2026-73278 (Quarkus endpoints, Gitea OAuth bypass): application routing, not applicable; verification always throws', async () => {
      // Documented: Tessera exposes no endpoints. Every verify call either resolves with a result or throws.
      const p = await prepareAssertion({ get: { flags: { up: false } } });
      await expect(p.verify()).rejects.toBeInstanceOf(WebAuthnError);
    });
  });

  describe('§3D hardening items without a formal advisory', () => {
    it('go-webauthn #647 cross-origin is off by default', async () => {
      expect(await outcome((await prepareAssertion({ get: { crossOrigin: true } })).verify())).toBe('ERR_CROSS_ORIGIN');
    });
    it('go-webauthn topOrigin without crossOrigin is rejected', async () => {
      const p = await prepareAssertion({ get: { topOrigin: 'https://top.example' } });
      expect(await outcome(p.verify(undefined, { expectedTopOrigin: 'https://top.example' }))).toBe('ERR_CROSS_ORIGIN');
    });
    it('go-webauthn #698 a corrupt metadata BLOB is a typed error, not a panic', async () => {
      const ca = await testCA();
      for (const blob of ['', 'a.b', 'a.b.c', '....', `${encodeBase64url(new Uint8Array([0xff]))}.e30.AAAA`]) {
        const err = await verifyMetadataBlob(blob, { trustAnchors: [ca.root.der], now: NOW } as never).catch(
          (e: unknown) => e,
        );
        expect(err).toBeInstanceOf(WebAuthnError);
      }
    });
    it('py_webauthn #270 a malformed attestationObject raises a typed error', () => {
      for (const hex of ['', 'a0', 'a1636666', '8000', 'ff']) {
        expect(() => parseAttestationObject(fromHex(hex))).toThrow(WebAuthnError);
      }
    });
    it('webauthn-rs #250 RS1 is not accepted by default', async () => {
      expect(await registrationOutcome({ authenticator: { algorithm: 'RS1' } })).toBe('ERR_UNSUPPORTED_ALGORITHM');
    });
    it('fido2-lib #169 UV is enforced when required, ignored when not', async () => {
      expect(await outcome((await prepareAssertion({ get: { flags: { uv: false } } })).verify())).toBe(
        'ERR_USER_VERIFICATION_REQUIRED',
      );
      expect(
        (await authenticate({ get: { flags: { uv: false } }, verify: { requireUserVerification: false } }))
          .userVerified,
      ).toBe(false);
    });
    it('webauthn4j #117/#118 expired or not-yet-valid leaf certificates are refused', async () => {
      const ca = await testCA();
      expect(
        await registrationOutcome({
          authenticator: { attestation: 'packed', attestationCA: ca },
          create: { attestationCertificate: { notAfter: new Date('2029-01-01T00:00:00Z') } },
        }),
      ).toBe('ERR_CERTIFICATE_EXPIRED');
      expect(
        await registrationOutcome({
          authenticator: { attestation: 'packed', attestationCA: ca },
          create: { attestationCertificate: { notBefore: new Date('2031-01-01T00:00:00Z') } },
        }),
      ).toBe('ERR_CERTIFICATE_EXPIRED');
    });
  });
});
