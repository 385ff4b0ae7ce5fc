import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type CBORMap, decodeCBOR } from '../../src/encoding/cbor.js';
import {
  createSoftwareAuthenticator,
  type SoftwareAttestationFormat,
  type TestAlgorithm,
} from '../../src/testing/index.js';
import {
  b64u,
  checkAttestation,
  checkChain,
  decodeRegistration,
  fromB64u,
  nodeKeyFromCOSE,
  nodeVerify,
  sha256,
} from './node-check.js';

const RP = { rpId: 'example.com', origin: 'https://example.com' };
const AT = new Date('2026-01-01T00:00:00.000Z');

const cases: [SoftwareAttestationFormat, TestAlgorithm][] = [
  ['none', 'ES256'],
  ['none', 'RS256'],
  ['none', 'EdDSA'],
  ['packed-self', 'ES256'],
  ['packed-self', 'RS256'],
  ['packed-self', 'EdDSA'],
  ['packed', 'ES256'],
  ['packed', 'RS256'],
  ['packed', 'EdDSA'],
  ['fido-u2f', 'ES256'],
  ['tpm', 'ES256'],
  ['tpm', 'RS256'],
  ['apple', 'ES256'],
  ['android-key', 'ES256'],
  ['android-key', 'RS256'],
  ['compound', 'ES256'],
];

describe('software authenticator: registration + assertion', () => {
  for (const [attestation, algorithm] of cases) {
    it(`${attestation} / ${algorithm}`, async () => {
      const auth = createSoftwareAuthenticator({ seed: `t-${attestation}-${algorithm}`, attestation, algorithm });
      const challenge = b64u(sha256(new TextEncoder().encode('reg')));
      const created = await auth.createCredential({
        challenge,
        ...RP,
        user: { id: new Uint8Array([1, 2, 3]), name: 'alice' },
      });
      const reg = decodeRegistration(created.response);
      expect(reg.clientData.type).toBe('webauthn.create');
      expect(reg.clientData.challenge).toBe(challenge);
      expect(reg.clientData.origin).toBe(RP.origin);
      expect(reg.clientData.crossOrigin).toBe(false);
      expect(Buffer.from(reg.authData.rpIdHash)).toEqual(Buffer.from(sha256(new TextEncoder().encode(RP.rpId))));
      expect(reg.authData.flags.up).toBe(true);
      expect(reg.authData.flags.uv).toBe(attestation !== 'fido-u2f');
      expect(reg.authData.flags.at).toBe(true);
      expect(reg.authData.flags.ed).toBe(false);
      const acd = reg.authData.attestedCredentialData!;
      expect(b64u(acd.credentialId)).toBe(created.response.id);
      expect(created.response.rawId).toBe(created.response.id);
      expect(Buffer.from(acd.credentialPublicKey)).toEqual(Buffer.from(created.credential.publicKey));
      expect(created.response.response.authenticatorData).toBe(b64u(reg.authData.bytes));
      expect(created.response.response.publicKeyAlgorithm).toBe(nodeKeyFromCOSE(created.credential.publicKey).alg);
      // SPKI convenience member equals the COSE key.
      const { createPublicKey } = await import('node:crypto');
      const spki = createPublicKey({
        key: Buffer.from(fromB64u(created.response.response.publicKey!)),
        format: 'der',
        type: 'spki',
      });
      expect(spki.equals(nodeKeyFromCOSE(created.credential.publicKey).key)).toBe(true);
      if (attestation === 'fido-u2f') expect(Buffer.from(acd.aaguid).every((b) => b === 0)).toBe(true);
      else expect(Buffer.from(acd.aaguid)).toEqual(Buffer.from(auth.aaguid));

      const expectedFmt = attestation === 'packed-self' ? 'packed' : attestation;
      expect(reg.fmt).toBe(expectedFmt);
      if (reg.fmt === 'compound') {
        const items = reg.attStmt as unknown as CBORMap[];
        expect(items.length).toBeGreaterThanOrEqual(2);
        for (const item of items) {
          checkAttestation(
            item.get('fmt') as string,
            item.get('attStmt'),
            reg.authData.bytes,
            reg.clientDataHash,
            acd.credentialPublicKey,
            acd.credentialId,
            reg.authData.rpIdHash,
          );
        }
      } else {
        checkAttestation(
          reg.fmt,
          reg.attStmt,
          reg.authData.bytes,
          reg.clientDataHash,
          acd.credentialPublicKey,
          acd.credentialId,
          reg.authData.rpIdHash,
        );
        const x5c = (reg.attStmt as CBORMap).get('x5c') as Uint8Array[] | undefined;
        if (x5c !== undefined) {
          const ca = await auth.getAttestationCA();
          checkChain(x5c, ca.root.pem, AT);
          const leaf = new X509Certificate(x5c[0]!);
          expect(leaf.ca).toBe(false);
          if (reg.fmt === 'packed') expect(leaf.subject).toContain('OU=Authenticator Attestation');
          if (reg.fmt === 'tpm') {
            expect(leaf.subject ?? '').toBe('');
            expect(leaf.subjectAltName).toContain('2.23.133.2.1');
          }
        }
      }

      // Two assertions: counter increments, signature verifies.
      for (const expectedCounter of [1, 2]) {
        const challenge2 = b64u(sha256(new TextEncoder().encode(`auth-${expectedCounter}`)));
        const assertion = await auth.getAssertion({
          credentialId: created.credential.id,
          challenge: challenge2,
          ...RP,
        });
        const ad = fromB64u(assertion.response.response.authenticatorData);
        const cdj = fromB64u(assertion.response.response.clientDataJSON);
        const { key, alg } = nodeKeyFromCOSE(created.credential.publicKey);
        expect(
          nodeVerify(alg, key, Buffer.concat([ad, sha256(cdj)]), fromB64u(assertion.response.response.signature)),
        ).toBe(true);
        expect(assertion.counter).toBe(expectedCounter);
        expect(new DataView(ad.buffer, ad.byteOffset).getUint32(33)).toBe(expectedCounter);
        expect(assertion.response.response.userHandle).toBe(b64u(new Uint8Array([1, 2, 3])));
        expect(JSON.parse(new TextDecoder().decode(cdj)).type).toBe('webauthn.get');
        expect(ad.length).toBe(37);
      }
      // The attestationObject decodes with the strict decoder.
      expect(decodeCBOR(fromB64u(created.response.response.attestationObject))).toBeInstanceOf(Map);
    });
  }
});
