/**
 * A BLOB signed here (test PKI from the certificate builder, keys from @noble/curves), so each
 * check of verifyMetadataBlob has a valid case and single-mutation negatives.
 */
import { createHash } from 'node:crypto';
import { p256 } from '@noble/curves/nist.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCertificate, createCRL, type NameEntry } from '../../src/certificates/builder.js';
import { parseCertificate } from '../../src/certificates/parse.js';
import type { Certificate } from '../../src/certificates/types.js';
import type { PublicKey } from '../../src/crypto/types.js';
import { encodeBase64, encodeBase64url } from '../../src/encoding/base64url.js';
import { toHex, utf8Encode } from '../../src/encoding/bytes.js';
import { isWebAuthnError, type WebAuthnErrorCode } from '../../src/errors.js';
import {
  attestationCertificateKeyIdentifier,
  createMetadataStore,
  evaluateStatusReports,
  FIDO_MDS3_URL,
  fetchMetadataBlob,
  type MetadataBLOBPayloadEntry,
  resolveMetadataForAttestation,
  type VerifyMetadataBlobOptions,
  verifyMetadataBlob,
} from '../../src/metadata/index.js';

const NOW = new Date('2025-06-01T00:00:00Z');
const YEAR = 365 * 86_400_000;
const ES256_DER = { name: 'ECDSA', hash: 'SHA-256', encoding: 'der' } as const;

interface KeyPair {
  secretKey: Uint8Array;
  publicKey: PublicKey;
}

function p256Key(): KeyPair {
  const secretKey = p256.utils.randomSecretKey();
  const pub = p256.getPublicKey(secretKey, false);
  return { secretKey, publicKey: { kty: 'EC', crv: 'P-256', x: pub.slice(1, 33), y: pub.slice(33) } };
}

let serial = 100;
async function issue(o: {
  subject: NameEntry[];
  key: KeyPair;
  issuer?: { cert: Certificate; key: KeyPair };
  ca?: boolean;
  notBefore?: Date;
  notAfter?: Date;
}): Promise<Certificate> {
  const signer = o.issuer?.key ?? o.key;
  const der = await createCertificate({
    serialNumber: serial++,
    subject: o.subject,
    issuer: o.issuer?.cert.subjectDer ?? o.subject,
    notBefore: o.notBefore ?? new Date(NOW.getTime() - YEAR),
    notAfter: o.notAfter ?? new Date(NOW.getTime() + YEAR),
    publicKey: o.key.publicKey,
    signatureAlgorithm: ES256_DER,
    sign: async (tbs) => p256.sign(tbs, signer.secretKey, { format: 'der' }),
    extensions: o.ca
      ? { basicConstraints: { ca: true }, keyUsage: ['keyCertSign', 'cRLSign'] }
      : { basicConstraints: { ca: false }, keyUsage: ['digitalSignature'] },
  });
  return parseCertificate(der);
}

function b64urlJSON(value: unknown): string {
  return encodeBase64url(utf8Encode(JSON.stringify(value)));
}

function signES256(header: Record<string, unknown>, payload: unknown, key: KeyPair): string {
  const input = `${b64urlJSON(header)}.${b64urlJSON(payload)}`;
  return `${input}.${encodeBase64url(p256.sign(utf8Encode(input), key.secretKey))}`;
}

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
    return isWebAuthnError(err) ? err.code : 'other';
  }
}

const AAGUID = 'aa5e4a1d-0000-4000-8000-000000000001';

describe('verifyMetadataBlob on a BLOB signed in the test', () => {
  let rootKey: KeyPair;
  let root: Certificate;
  let caKey: KeyPair;
  let ca: Certificate;
  let signerKey: KeyPair;
  let signer: Certificate;
  let attRootKey: KeyPair;
  let attRoot: Certificate;
  let attLeafKey: KeyPair;
  let attLeaf: Certificate;
  let payload: Record<string, unknown>;
  let header: Record<string, unknown>;
  let good: string;
  let opts: VerifyMetadataBlobOptions;

  beforeAll(async () => {
    rootKey = p256Key();
    root = await issue({ subject: [['CN', 'Test MDS Root']], key: rootKey, ca: true });
    caKey = p256Key();
    ca = await issue({ subject: [['CN', 'Test MDS CA']], key: caKey, issuer: { cert: root, key: rootKey }, ca: true });
    signerKey = p256Key();
    signer = await issue({ subject: [['CN', 'Test MDS Signer']], key: signerKey, issuer: { cert: ca, key: caKey } });
    attRootKey = p256Key();
    attRoot = await issue({ subject: [['CN', 'Vendor Attestation Root']], key: attRootKey, ca: true });
    attLeafKey = p256Key();
    attLeaf = await issue({
      subject: [['CN', 'Vendor U2F Batch']],
      key: attLeafKey,
      issuer: { cert: attRoot, key: attRootKey },
    });
    const keyId = attestationCertificateKeyIdentifier(attLeaf);
    payload = {
      legalHeader: 'test',
      no: 7,
      nextUpdate: '2025-07-01',
      entries: [
        {
          aaguid: AAGUID,
          metadataStatement: {
            aaguid: AAGUID,
            description: 'Test FIDO2 key',
            authenticatorVersion: 2,
            protocolFamily: 'fido2',
            schema: 3,
            attestationRootCertificates: [encodeBase64(attRoot.der)],
          },
          statusReports: [{ status: 'FIDO_CERTIFIED_L1', effectiveDate: '2024-01-01' }],
          timeOfLastStatusChange: '2024-01-01',
        },
        {
          attestationCertificateKeyIdentifiers: [keyId],
          metadataStatement: {
            description: 'Test U2F key',
            protocolFamily: 'u2f',
            attestationRootCertificates: [encodeBase64(attRoot.der)],
          },
          statusReports: [{ status: 'FIDO_CERTIFIED', effectiveDate: '2020-01-01' }],
          timeOfLastStatusChange: '2020-01-01',
        },
      ],
    };
    header = { alg: 'ES256', typ: 'JWT', x5c: [encodeBase64(signer.der), encodeBase64(ca.der)] };
    good = signES256(header, payload, signerKey);
    opts = { trustAnchors: [root.der], now: NOW };
  });

  it('accepts the well-formed BLOB', async () => {
    const v = await verifyMetadataBlob(good, opts);
    expect(v.no).toBe(7);
    expect(v.entries).toHaveLength(2);
    expect(v.signerChain.map((c) => c.serialNumber)).toEqual([signer.serialNumber, ca.serialNumber]);
    expect(v.anchor.serialNumber).toBe(root.serialNumber);
    // Same BLOB again is not a rollback; a newer previous is.
    expect((await verifyMetadataBlob(good, { ...opts, previous: { no: 7 } })).no).toBe(7);
    expect(await codeOf(verifyMetadataBlob(good, { ...opts, previous: { no: 8 } }))).toBe('ERR_METADATA_ROLLBACK');
  });

  it('tolerates a trailing newline but nothing inside the JWS', async () => {
    expect((await verifyMetadataBlob(`${good}\n`, opts)).no).toBe(7);
    expect(await codeOf(verifyMetadataBlob(good.replace('.', '.\n'), opts))).toBe('ERR_METADATA_INVALID');
  });

  it.each([
    ['alg none, empty signature', (h: Record<string, unknown>) => ({ ...h, alg: 'none' }), ''],
    ['alg none', (h: Record<string, unknown>) => ({ ...h, alg: 'none' }), 'sig'],
    ['alg HS256', (h: Record<string, unknown>) => ({ ...h, alg: 'HS256' }), 'sig'],
    ['alg missing', ({ alg: _alg, ...h }: Record<string, unknown>) => h, 'sig'],
    ['crit present', (h: Record<string, unknown>) => ({ ...h, crit: ['exp'] }), 'sig'],
    ['x5u present', (h: Record<string, unknown>) => ({ ...h, x5u: 'https://example.com/chain' }), 'sig'],
    ['typ not JWT', (h: Record<string, unknown>) => ({ ...h, typ: 'JOSE+JSON' }), 'sig'],
    ['x5c empty', (h: Record<string, unknown>) => ({ ...h, x5c: [] }), 'sig'],
    ['x5c not base64', (h: Record<string, unknown>) => ({ ...h, x5c: ['***'] }), 'sig'],
    ['x5c not an array', (h: Record<string, unknown>) => ({ ...h, x5c: 'abc' }), 'sig'],
  ])('header mutation: %s → ERR_METADATA_INVALID', async (_name, mutate, sig) => {
    const h = mutate(header);
    const input = `${b64urlJSON(h)}.${b64urlJSON(payload)}`;
    const jws =
      sig === '' ? `${input}.` : `${input}.${encodeBase64url(p256.sign(utf8Encode(input), signerKey.secretKey))}`;
    expect(await codeOf(verifyMetadataBlob(jws, opts))).toBe('ERR_METADATA_INVALID');
  });

  it('rejects structural damage: truncation, extra parts, padding, non-JSON header', async () => {
    const [h, p, s] = good.split('.') as [string, string, string];
    expect(await codeOf(verifyMetadataBlob(`${h}.${p}`, opts))).toBe('ERR_METADATA_INVALID');
    expect(await codeOf(verifyMetadataBlob(good.slice(0, good.length - 10), opts))).not.toBe('resolved');
    expect(await codeOf(verifyMetadataBlob(`${h}.${p.slice(0, -3)}.${s}`, opts))).not.toBe('resolved');
    expect(await codeOf(verifyMetadataBlob(`${h}.${p}.${s}.x`, opts))).toBe('ERR_METADATA_INVALID');
    expect(await codeOf(verifyMetadataBlob(`${h}=.${p}.${s}`, opts))).toBe('ERR_METADATA_INVALID');
    expect(await codeOf(verifyMetadataBlob(`${encodeBase64url(utf8Encode('not json'))}.${p}.${s}`, opts))).toBe(
      'ERR_METADATA_INVALID',
    );
    expect(await codeOf(verifyMetadataBlob('', opts))).toBe('ERR_METADATA_INVALID');
  });

  it('rejects a JWS over maxBytes before parsing it', async () => {
    expect(await codeOf(verifyMetadataBlob(good, { ...opts, maxBytes: 100 }))).toBe('ERR_INPUT_TOO_LARGE');
  });

  it('rejects a payload byte flipped after signing (signature)', async () => {
    const [h, , s] = good.split('.') as [string, string, string];
    const other = b64urlJSON({ ...payload, no: 8 });
    expect(await codeOf(verifyMetadataBlob(`${h}.${other}.${s}`, opts))).toBe('ERR_SIGNATURE_INVALID');
  });

  it('rejects an ES384 header over a P-256 signer (alg confusion)', async () => {
    expect(await codeOf(verifyMetadataBlob(signES256({ ...header, alg: 'ES384' }, payload, signerKey), opts))).toBe(
      'ERR_METADATA_INVALID',
    );
  });

  it('never trusts a root that only the header carries', async () => {
    const rogueKey = p256Key();
    const rogueRoot = await issue({ subject: [['CN', 'Test MDS Root']], key: rogueKey, ca: true });
    const rogueSignerKey = p256Key();
    const rogueSigner = await issue({
      subject: [['CN', 'Rogue Signer']],
      key: rogueSignerKey,
      issuer: { cert: rogueRoot, key: rogueKey },
    });
    const jws = signES256(
      { ...header, x5c: [encodeBase64(rogueSigner.der), encodeBase64(rogueRoot.der)] },
      payload,
      rogueSignerKey,
    );
    expect(await codeOf(verifyMetadataBlob(jws, opts))).toBe('ERR_CERTIFICATE_INVALID');
    // And a header-only self-signed signer.
    const selfSigned = await issue({ subject: [['CN', 'Self']], key: rogueSignerKey, ca: true });
    const jws2 = signES256({ ...header, x5c: [encodeBase64(selfSigned.der)] }, payload, rogueSignerKey);
    expect(await codeOf(verifyMetadataBlob(jws2, opts))).toBe('ERR_CERTIFICATE_INVALID');
  });

  it('requires a non-empty trustAnchors list (programmer error)', async () => {
    await expect(verifyMetadataBlob(good, { ...opts, trustAnchors: [] })).rejects.toBeInstanceOf(TypeError);
  });

  it('without x5c, only a caller anchor can be the signer (MDS3 §3.2)', async () => {
    const { x5c: _x5c, ...noX5c } = header;
    expect((await verifyMetadataBlob(signES256(noX5c, payload, rootKey), opts)).signerChain).toHaveLength(0);
    expect(await codeOf(verifyMetadataBlob(signES256(noX5c, payload, signerKey), opts))).toBe('ERR_SIGNATURE_INVALID');
  });

  it.each([
    ['legalHeader missing', ({ legalHeader: _l, ...p }: Record<string, unknown>) => p],
    ['no negative', (p: Record<string, unknown>) => ({ ...p, no: -1 })],
    ['no a string', (p: Record<string, unknown>) => ({ ...p, no: '7' })],
    ['nextUpdate not a date', (p: Record<string, unknown>) => ({ ...p, nextUpdate: '2025-02-30' })],
    ['entries not an array', (p: Record<string, unknown>) => ({ ...p, entries: {} })],
    [
      'entry without identifier',
      (p: Record<string, unknown>) => ({
        ...p,
        entries: [{ statusReports: [], timeOfLastStatusChange: '2024-01-01' }],
      }),
    ],
    [
      'entry without statusReports',
      (p: Record<string, unknown>) => ({ ...p, entries: [{ aaguid: AAGUID, timeOfLastStatusChange: '2024-01-01' }] }),
    ],
    [
      'upper-case aaguid',
      (p: Record<string, unknown>) => ({
        ...p,
        entries: [{ aaguid: AAGUID.toUpperCase(), statusReports: [], timeOfLastStatusChange: '2024-01-01' }],
      }),
    ],
    [
      'duplicate aaguid',
      (p: Record<string, unknown>) => ({ ...p, entries: [(p.entries as unknown[])[0], (p.entries as unknown[])[0]] }),
    ],
    [
      'status without status',
      (p: Record<string, unknown>) => ({
        ...p,
        entries: [{ aaguid: AAGUID, statusReports: [{}], timeOfLastStatusChange: '2024-01-01' }],
      }),
    ],
  ])('payload mutation: %s → ERR_METADATA_INVALID', async (_name, mutate) => {
    expect(await codeOf(verifyMetadataBlob(signES256(header, mutate(payload), signerKey), opts))).toBe(
      'ERR_METADATA_INVALID',
    );
  });

  it('rejects duplicate members in the payload JSON', async () => {
    const input = `${b64urlJSON(header)}.${encodeBase64url(utf8Encode('{"no":1,"no":2,"legalHeader":"","nextUpdate":"2025-07-01","entries":[]}'))}`;
    const jws = `${input}.${encodeBase64url(p256.sign(utf8Encode(input), signerKey.secretKey))}`;
    expect(await codeOf(verifyMetadataBlob(jws, opts))).toBe('ERR_METADATA_INVALID');
  });

  it('is expired from 00:00Z on nextUpdate', async () => {
    const at = (iso: string): VerifyMetadataBlobOptions => ({ ...opts, now: new Date(iso) });
    expect((await verifyMetadataBlob(good, at('2025-06-30T23:59:59Z'))).stale).toBe(false);
    expect(await codeOf(verifyMetadataBlob(good, at('2025-07-01T00:00:00Z')))).toBe('ERR_METADATA_EXPIRED');
    expect((await verifyMetadataBlob(good, { ...at('2025-07-01T00:00:00Z'), maxStaleMs: Infinity })).stale).toBe(true);
  });

  it('checks revocation of the signing path when CRLs are given (fail-closed by default)', async () => {
    const crl = (issuer: Certificate, key: KeyPair, revoked: string[]): Promise<Uint8Array> =>
      createCRL({
        issuer: issuer.subjectDer,
        thisUpdate: new Date(NOW.getTime() - 86_400_000),
        nextUpdate: new Date(NOW.getTime() + 86_400_000),
        revoked: revoked.map((s) => ({ serialNumber: s, revocationDate: new Date(NOW.getTime() - 3_600_000) })),
        signatureAlgorithm: ES256_DER,
        sign: async (tbs) => p256.sign(tbs, key.secretKey, { format: 'der' }),
      });
    const rootCRL = await crl(root, rootKey, []);
    const caCRL = await crl(ca, caKey, []);
    const caCRLRevoking = await crl(ca, caKey, [signer.serialNumber]);
    expect((await verifyMetadataBlob(good, { ...opts, crls: [rootCRL, caCRL] })).revocation).toBe('checked');
    expect(await codeOf(verifyMetadataBlob(good, { ...opts, crls: [rootCRL, caCRLRevoking] }))).toBe(
      'ERR_CERTIFICATE_REVOKED',
    );
    expect(await codeOf(verifyMetadataBlob(good, { ...opts, crls: [rootCRL] }))).toBe('ERR_REVOCATION_UNAVAILABLE');
    expect(await codeOf(verifyMetadataBlob(good, { ...opts, revocation: 'fail-closed' }))).toBe(
      'ERR_REVOCATION_UNAVAILABLE',
    );
    const open = await verifyMetadataBlob(good, { ...opts, crls: [rootCRL], revocation: 'fail-open' });
    expect(open.revocation).toBe('unavailable-fail-open');
  });

  describe('lookups and the attestation hook', () => {
    it('computes the key identifier as SHA-1 of the subjectPublicKey bits (RFC 5280 method 1)', () => {
      const { x, y } = attLeafKey.publicKey as { x: Uint8Array; y: Uint8Array };
      const expected = createHash('sha1')
        .update(new Uint8Array([4, ...x, ...y]))
        .digest('hex');
      expect(attestationCertificateKeyIdentifier(attLeaf)).toBe(expected);
    });

    it('fido-u2f and zero-AAGUID attestations resolve by key identifier, with the entry anchors', async () => {
      const store = createMetadataStore(await verifyMetadataBlob(good, opts), { clock: () => NOW });
      for (const format of ['fido-u2f', 'packed']) {
        const r = resolveMetadataForAttestation({ store, aaguid: new Uint8Array(16), trustPath: [attLeaf], format });
        expect(r?.matchedBy).toBe('attestationCertificateKeyIdentifier');
        expect(r?.entry.metadataStatement?.description).toBe('Test U2F key');
        expect(r?.anchors.map((a) => toHex(a.der))).toEqual([toHex(attRoot.der)]);
      }
      // A zero AAGUID with an unknown leaf: no entry (trust is then decided on caller anchors only).
      const other = await issue({ subject: [['CN', 'Other']], key: p256Key() });
      expect(
        store.resolveAttestation({ format: 'packed', aaguid: new Uint8Array(16), trustPath: [other] }),
      ).toBeUndefined();
      // A FIDO2 AAGUID resolves by AAGUID.
      const aaguidBytes = Uint8Array.from(
        AAGUID.replace(/-/g, '')
          .match(/../g)!
          .map((h) => Number.parseInt(h, 16)),
      );
      const r = store.resolveAttestation({ format: 'packed', aaguid: aaguidBytes, trustPath: [attLeaf] });
      expect(r?.matchedBy).toBe('aaguid');
      expect(
        codeOfSync(() => store.resolveAttestation({ format: 'packed', aaguid: new Uint8Array(3), trustPath: [] })),
      ).toBe('other');
    });
  });
});

describe('status policy semantics', () => {
  const now = new Date('2025-06-01T00:00:00Z');
  const entry = (statusReports: object[], authenticatorVersion = 1): MetadataBLOBPayloadEntry => ({
    aaguid: AAGUID,
    metadataStatement: { authenticatorVersion },
    statusReports: statusReports as MetadataBLOBPayloadEntry['statusReports'],
    timeOfLastStatusChange: '2024-01-01',
  });
  const code = (e: MetadataBLOBPayloadEntry, policy = {}, trustPath: Certificate[] = []): string =>
    codeOfSync(() => evaluateStatusReports(e, { now, policy, trustPath }));

  it('an ATTESTATION_KEY_COMPROMISE report with an unreadable certificate applies to every path (fail closed)', () => {
    const e = entry([{ status: 'ATTESTATION_KEY_COMPROMISE', effectiveDate: '2024-05-01', certificate: 'AAAA' }]);
    expect(code(e)).toBe('ERR_AUTHENTICATOR_REVOKED');
  });

  it('orders by effectiveDate, not array position (production lists newest first)', () => {
    const e = entry([
      { status: 'FIDO_CERTIFIED_L1', effectiveDate: '2024-05-01' },
      { status: 'USER_VERIFICATION_BYPASS', effectiveDate: '2023-01-01' },
    ]);
    expect(code(e)).toBe('returned');
    expect(code(e, { evaluate: 'any' })).toBe('ERR_AUTHENTICATOR_REVOKED');
  });

  it('the latest report decides; same-date reports are all current', () => {
    expect(
      code(
        entry([
          { status: 'FIDO_CERTIFIED', effectiveDate: '2020-01-01' },
          { status: 'USER_KEY_REMOTE_COMPROMISE', effectiveDate: '2024-01-01' },
        ]),
      ),
    ).toBe('ERR_AUTHENTICATOR_REVOKED');
    expect(
      code(
        entry([
          { status: 'FIDO_CERTIFIED', effectiveDate: '2024-01-01' },
          { status: 'USER_KEY_PHYSICAL_COMPROMISE', effectiveDate: '2024-01-01' },
        ]),
      ),
    ).toBe('ERR_AUTHENTICATOR_REVOKED');
    expect(
      code(entry([{ status: 'USER_VERIFICATION_BYPASS' }, { status: 'FIDO_CERTIFIED', effectiveDate: '2024-01-01' }])),
    ).toBe('ERR_AUTHENTICATOR_REVOKED');
  });

  it('future-dated reports are not effective yet', () => {
    const e = entry([
      { status: 'FIDO_CERTIFIED', effectiveDate: '2024-01-01' },
      { status: 'REVOKED', effectiveDate: '2026-01-01' },
    ]);
    expect(code(e)).toBe('returned');
    expect(evaluateStatusReports(e, { now }).pending.map((r) => r.status)).toEqual(['REVOKED']);
    expect(code(e, {}, [])).toBe('returned');
    expect(codeOfSync(() => evaluateStatusReports(e, { now: new Date('2026-01-01T00:00:00Z') }))).toBe(
      'ERR_AUTHENTICATOR_REVOKED',
    );
  });

  it('REVOKED is sticky even when a later report is certified', () => {
    expect(
      code(
        entry([
          { status: 'REVOKED', effectiveDate: '2023-01-01' },
          { status: 'FIDO_CERTIFIED_L2', effectiveDate: '2024-01-01' },
        ]),
      ),
    ).toBe('ERR_AUTHENTICATOR_REVOKED');
  });

  it('UPDATE_AVAILABLE clears an earlier issue only when the statement version reached it', () => {
    const reports = [
      { status: 'USER_VERIFICATION_BYPASS', effectiveDate: '2023-01-01' },
      { status: 'UPDATE_AVAILABLE', effectiveDate: '2024-01-01', authenticatorVersion: 5 },
    ];
    expect(code(entry(reports, 5))).toBe('returned');
    expect(code(entry(reports, 4))).toBe('ERR_AUTHENTICATOR_REVOKED');
  });

  it('unknown statuses are ignored', () => {
    expect(code(entry([{ status: 'SOMETHING_NEW', effectiveDate: '2024-01-01' }]))).toBe('returned');
  });

  it('certificate-specific ATTESTATION_KEY_COMPROMISE rejects only that batch and drops the anchor', async () => {
    const k1 = p256Key();
    const batch1 = await issue({ subject: [['CN', 'Batch 1 root']], key: k1, ca: true });
    const leaf1 = await issue({ subject: [['CN', 'leaf 1']], key: p256Key(), issuer: { cert: batch1, key: k1 } });
    const k2 = p256Key();
    const batch2 = await issue({ subject: [['CN', 'Batch 2 root']], key: k2, ca: true });
    const leaf2 = await issue({ subject: [['CN', 'leaf 2']], key: p256Key(), issuer: { cert: batch2, key: k2 } });
    const e: MetadataBLOBPayloadEntry = {
      aaguid: AAGUID,
      metadataStatement: { attestationRootCertificates: [encodeBase64(batch1.der), encodeBase64(batch2.der)] },
      statusReports: [
        { status: 'FIDO_CERTIFIED', effectiveDate: '2020-01-01' },
        { status: 'ATTESTATION_KEY_COMPROMISE', effectiveDate: '2021-01-01', certificate: encodeBase64(batch1.der) },
        { status: 'FIDO_CERTIFIED_L1', effectiveDate: '2022-01-01' },
      ],
      timeOfLastStatusChange: '2022-01-01',
    };
    const store = {
      no: 1,
      nextUpdate: '2099-01-01',
      findByAAGUID: () => e,
      findByAttestationCertificateKeyIdentifier: () => undefined,
      resolveAttestation: () => undefined,
    };
    const aaguid = new Uint8Array(16).fill(1);
    expect(
      codeOfSync(() => resolveMetadataForAttestation({ store, aaguid, trustPath: [leaf1], format: 'packed', now })),
    ).toBe('ERR_AUTHENTICATOR_REVOKED');
    const ok = resolveMetadataForAttestation({ store, aaguid, trustPath: [leaf2], format: 'packed', now });
    expect(ok?.anchors.map((a) => a.serialNumber)).toEqual([batch2.serialNumber]);
  });
});

describe('fetchMetadataBlob', () => {
  it('uses only the injected fetch and returns trimmed text', async () => {
    const calls: string[] = [];
    const fetch = async (url: string): Promise<Response> => {
      calls.push(url);
      return new Response('a.b.c\n', { status: 200 });
    };
    expect(await fetchMetadataBlob({ fetch })).toBe('a.b.c');
    expect(calls).toEqual([FIDO_MDS3_URL]);
  });

  it('maps HTTP errors and oversized bodies to codes', async () => {
    const notFound = async (): Promise<Response> => new Response('no', { status: 503 });
    expect(await codeOf(fetchMetadataBlob({ fetch: notFound, url: 'https://mds.example/' }))).toBe(
      'ERR_METADATA_INVALID',
    );
    const big = async (): Promise<Response> => new Response('x'.repeat(2000), { status: 200 });
    expect(await codeOf(fetchMetadataBlob({ fetch: big, maxBytes: 1000 }))).toBe('ERR_INPUT_TOO_LARGE');
  });

  it('requires a fetch', async () => {
    await expect(fetchMetadataBlob({} as never)).rejects.toBeInstanceOf(TypeError);
  });
});

describe('MetadataStore fits the attestation layer', () => {
  it('a Tessera store is an AttestationMetadataSource (type-level check)', () => {
    type Source = import('../../src/attestation/types.js').AttestationMetadataSource;
    type Store = import('../../src/metadata/index.js').SerializableMetadataStore;
    const fits = (s: Store): Source => s;
    expect(typeof fits).toBe('function');
  });
});
