/**
 * The worked example of docs/attestation.md ("Metadata (FIDO MDS3) and revocation"), run for real:
 * a synthetic MDS3 BLOB signed here (a FIDO-like root → intermediate → signer, ES256), a software
 * authenticator with packed attestation from its vendor's test CA, and a CRL from that CA.
 *
 * The code between `#region docs-example` and `#endregion` must appear verbatim in the doc's
 * example block, so the page cannot drift from code that runs.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { p256 } from '@noble/curves/nist.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCRL } from '../../src/certificates/builder.js';
import { parseCertificate } from '../../src/certificates/parse.js';
import { encodeBase64, encodeBase64url } from '../../src/encoding/base64url.js';
import { utf8Encode } from '../../src/encoding/bytes.js';
import { isWebAuthnError, WebAuthnError, type WebAuthnErrorCode } from '../../src/errors.js';
import {
  createMetadataStore,
  loadMetadataStore,
  type MetadataStore,
  verifyMetadataBlob,
} from '../../src/metadata/index.js';
import { createSoftwareAuthenticator, createTestCA, type TestCA } from '../../src/testing/index.js';
import type { RegistrationResponseJSON, VerifiedRegistration } from '../../src/verify/index.js';
import { verifyRegistrationResponse } from '../../src/verify/index.js';

// #region docs-example
// 1. Build time (a CI job, e.g. daily). Download the BLOB (fetchMetadataBlob) and your
//    vendors' CRLs with your own fetch, verify the BLOB once, and ship the store as JSON.
async function buildMetadataJSON(blobJWT: string, fidoRootPEM: string, previousNo?: number): Promise<string> {
  const verified = await verifyMetadataBlob(blobJWT, {
    trustAnchors: [fidoRootPEM], // GlobalSign Root CA - R3 for production MDS3, never the BLOB header
    ...(previousNo === undefined ? {} : { previous: { no: previousNo } }), // rollback protection
  });
  return JSON.stringify(createMetadataStore(verified).toJSON());
}

// 2. The serverless function: no network and no JWS verification at cold start.
function loadMetadata(storeJSON: string): MetadataStore {
  return loadMetadataStore(storeJSON, {
    maxStaleMs: 7 * 86_400_000, // refuse a store more than a week past its BLOB's nextUpdate
    statusPolicy: { notFidoCertified: 'reject' }, // only models with a FIDO certification
  });
}

async function registerSecurityKey(
  body: RegistrationResponseJSON,
  challenge: string,
  metadata: MetadataStore,
  crls: Uint8Array[], // DER CRLs of the attestation CAs, shipped with the store
): Promise<VerifiedRegistration> {
  const result = await verifyRegistrationResponse({
    response: body,
    expectedChallenge: challenge,
    expectedOrigin: 'https://login.example.com',
    expectedRPID: 'example.com',
    attestation: {
      metadata, // anchors from the model's attestationRootCertificates; status reports enforced
      require: 'trusted', // unknown model, or no path to its roots → ERR_ATTESTATION_UNTRUSTED
      revocation: { crls, policy: 'fail-closed' }, // no current CRL → ERR_REVOCATION_UNAVAILABLE
    },
  });
  // result.attestation.trusted === true
  // result.attestation.metadata?.entry: the model's MDS3 entry (metadataStatement, statusReports)
  // result.attestation.revocation?.checked: [{ serialNumber, status: 'good' }, …]
  return result;
}
// #endregion

const DAY = 86_400_000;
const MODEL = '0ea242b4-43c4-4a1b-8b17-dd6d0b6baec6';
const REVOKED_MODEL = '0ea242b4-43c4-4a1b-8b17-dd6d0b6baec7';
const UNKNOWN_MODEL = '0ea242b4-43c4-4a1b-8b17-dd6d0b6baec8';

async function codeOf(p: Promise<unknown>): Promise<WebAuthnErrorCode | 'resolved' | 'other'> {
  try {
    await p;
    return 'resolved';
  } catch (err) {
    return isWebAuthnError(err) ? err.code : 'other';
  }
}

function codeOfSync(f: () => unknown): WebAuthnErrorCode | 'returned' | 'other' {
  try {
    f();
    return 'returned';
  } catch (err) {
    return err instanceof WebAuthnError ? err.code : 'other';
  }
}

function ymd(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function b64urlJSON(value: unknown): string {
  return encodeBase64url(utf8Encode(JSON.stringify(value)));
}

/** A FIDO-like MDS3 PKI (root → intermediate → BLOB signer) and a BLOB it signs. */
async function signBlob(entries: unknown[], no: number): Promise<{ jwt: string; rootPEM: string }> {
  const fido = await createTestCA({ seed: 'docs-fido-mds', name: 'Example MDS Root', intermediate: true });
  const secretKey = p256.utils.randomSecretKey();
  const pub = p256.getPublicKey(secretKey, false);
  const signer = await fido.issueCertificate({
    subject: [['CN', 'Example Metadata BLOB Signer']],
    publicKey: { kty: 'EC', crv: 'P-256', x: pub.slice(1, 33), y: pub.slice(33) },
    extensions: { basicConstraints: { ca: false }, keyUsage: ['digitalSignature'] },
  });
  const header = { alg: 'ES256', typ: 'JWT', x5c: [encodeBase64(signer), ...fido.chain.map((c) => encodeBase64(c))] };
  const payload = { legalHeader: 'test metadata', no, nextUpdate: ymd(new Date(Date.now() + 30 * DAY)), entries };
  const input = `${b64urlJSON(header)}.${b64urlJSON(payload)}`;
  const jwt = `${input}.${encodeBase64url(p256.sign(utf8Encode(input), secretKey))}`;
  return { jwt, rootPEM: fido.root.pem };
}

function entry(aaguid: string, vendor: TestCA, status: string): unknown {
  return {
    aaguid,
    metadataStatement: {
      aaguid,
      description: `Example security key (${status})`,
      protocolFamily: 'fido2',
      schema: 3,
      attestationTypes: ['basic_full'],
      attestationRootCertificates: [encodeBase64(vendor.root.der)],
    },
    statusReports: [{ status, effectiveDate: '2025-01-01' }],
    timeOfLastStatusChange: '2025-01-01',
  };
}

async function vendorCRL(vendor: TestCA, revokedSerials: readonly string[]): Promise<Uint8Array> {
  return createCRL({
    issuer: parseCertificate(vendor.root.der).subjectDer,
    thisUpdate: new Date(Date.now() - DAY),
    nextUpdate: new Date(Date.now() + 7 * DAY),
    revoked: revokedSerials.map((serialNumber) => ({ serialNumber, revocationDate: new Date(Date.now() - DAY) })),
    signatureAlgorithm: vendor.root.key.scheme,
    sign: async (tbs) => vendor.root.key.sign(tbs),
  });
}

describe('docs/attestation.md worked example: MDS3 offline + revocation', () => {
  let vendor: TestCA;
  let blob: { jwt: string; rootPEM: string };
  let storeJSON: string;
  let goodCRL: Uint8Array;

  /** A registration from the example vendor's key (packed, x5c issued by the vendor root). */
  async function register(
    aaguid: string,
  ): Promise<{ body: RegistrationResponseJSON; challenge: string; leaf: string }> {
    const authenticator = createSoftwareAuthenticator({
      seed: `docs-${aaguid}`,
      attestation: 'packed',
      attestationCA: vendor,
      aaguid,
    });
    const challenge = encodeBase64url(crypto.getRandomValues(new Uint8Array(32)));
    let leaf = '';
    const { response } = await authenticator.createCredential({
      challenge,
      rpId: 'example.com',
      origin: 'https://login.example.com',
      mutate: {
        certificates: (x5c) => {
          leaf = parseCertificate(x5c[0] as Uint8Array).serialNumber;
          return x5c;
        },
      },
    });
    return { body: response, challenge, leaf };
  }

  beforeAll(async () => {
    vendor = await createTestCA({ seed: 'docs-vendor', name: 'Example Vendor Attestation Root' });
    blob = await signBlob([entry(MODEL, vendor, 'FIDO_CERTIFIED_L1'), entry(REVOKED_MODEL, vendor, 'REVOKED')], 12);
    storeJSON = await buildMetadataJSON(blob.jwt, blob.rootPEM);
    goodCRL = await vendorCRL(vendor, []);
  });

  it('registers a certified model: trusted, with its MDS entry and the revocation status of the path', async () => {
    const { body, challenge, leaf } = await register(MODEL);
    const result = await registerSecurityKey(body, challenge, loadMetadata(storeJSON), [goodCRL]);
    expect(result.attestation.trusted).toBe(true);
    expect(result.attestation.anchor?.der).toEqual(vendor.root.der);
    expect(result.attestation.metadata?.entry).toMatchObject({ aaguid: MODEL });
    expect(result.attestation.revocation?.checked).toEqual([{ serialNumber: leaf, status: 'good' }]);
    expect(result.credential.aaguid).toBe(MODEL);
  });

  it('a model whose current status is REVOKED → ERR_AUTHENTICATOR_REVOKED', async () => {
    const { body, challenge } = await register(REVOKED_MODEL);
    expect(await codeOf(registerSecurityKey(body, challenge, loadMetadata(storeJSON), [goodCRL]))).toBe(
      'ERR_AUTHENTICATOR_REVOKED',
    );
  });

  it('a model missing from the BLOB → ERR_ATTESTATION_UNTRUSTED (require: trusted)', async () => {
    const { body, challenge } = await register(UNKNOWN_MODEL);
    expect(await codeOf(registerSecurityKey(body, challenge, loadMetadata(storeJSON), [goodCRL]))).toBe(
      'ERR_ATTESTATION_UNTRUSTED',
    );
  });

  it('an attestation certificate on the CRL → ERR_CERTIFICATE_REVOKED', async () => {
    const { body, challenge, leaf } = await register(MODEL);
    const crl = await vendorCRL(vendor, [leaf]);
    expect(await codeOf(registerSecurityKey(body, challenge, loadMetadata(storeJSON), [crl]))).toBe(
      'ERR_CERTIFICATE_REVOKED',
    );
  });

  it('no current CRL under fail-closed → ERR_REVOCATION_UNAVAILABLE', async () => {
    const { body, challenge } = await register(MODEL);
    expect(await codeOf(registerSecurityKey(body, challenge, loadMetadata(storeJSON), []))).toBe(
      'ERR_REVOCATION_UNAVAILABLE',
    );
  });

  it('build time refuses a rollback; load time refuses an edited store', async () => {
    expect(await codeOf(buildMetadataJSON(blob.jwt, blob.rootPEM, 13))).toBe('ERR_METADATA_ROLLBACK');
    const other = await createTestCA({ seed: 'docs-not-fido', name: 'Some Other Root' });
    expect(await codeOf(buildMetadataJSON(blob.jwt, other.root.pem))).toBe('ERR_CERTIFICATE_INVALID');
    const edited = storeJSON.replace('"REVOKED"', '"FIDO_CERTIFIED_L1"');
    expect(edited).not.toBe(storeJSON);
    expect(codeOfSync(() => loadMetadata(edited))).toBe('ERR_METADATA_INVALID');
  });

  it('the code above is the code in docs/attestation.md', () => {
    const self = readFileSync(fileURLToPath(import.meta.url), 'utf8');
    const region = /\/\/ #region docs-example\n([\s\S]*?)\/\/ #endregion\n/.exec(self)?.[1];
    const doc = readFileSync(fileURLToPath(new URL('../../docs/attestation.md', import.meta.url)), 'utf8');
    const section = doc.slice(doc.indexOf('## Metadata (FIDO MDS3) and revocation'));
    const blocks = [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] as string);
    expect(region).toBeDefined();
    expect(blocks.some((b) => b.includes(region as string))).toBe(true);
  });
});
