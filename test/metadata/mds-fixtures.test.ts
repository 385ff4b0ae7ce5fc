/**
 * The public MDS3 BLOBs in ../shared/fixtures/mds behave as its README says. Each file is read
 * once; each BLOB is verified only as often as a distinct scenario needs.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { fromHex } from '../../src/encoding/bytes.js';
import { isWebAuthnError, type WebAuthnErrorCode } from '../../src/errors.js';
import {
  createMetadataStore,
  loadMetadataStore,
  resolveMetadataForAttestation,
  type SerializableMetadataStore,
  type VerifiedMetadata,
  verifyMetadataBlob,
} from '../../src/metadata/index.js';
import { hasSharedFixtures, readShared } from '../helpers/shared-fixtures.js';

const present = hasSharedFixtures('metadata MDS3 fixtures');

/** Awaits `p` and returns the WebAuthnError code it rejected with. */
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

function uuidBytes(uuid: string): Uint8Array {
  return fromHex(uuid.replace(/-/g, ''));
}

describe.skipIf(!present)('MDS3 production BLOBs (GlobalSign Root CA - R3)', () => {
  const at9 = new Date('2021-11-15T00:00:00Z');
  const at31 = new Date('2023-09-15T00:00:00Z');
  let root: Uint8Array;
  let no9: string;
  let no31: string;
  let v31: VerifiedMetadata;
  let store31: SerializableMetadataStore;

  beforeAll(async () => {
    root = new Uint8Array(readShared('mds/production/globalsign-root-r3.crt'));
    no9 = readShared('mds/production/blob-no9.jwt').toString('latin1');
    no31 = readShared('mds/production/blob-no31.jwt').toString('latin1');
    v31 = await verifyMetadataBlob(no31, { trustAnchors: [root], now: at31 });
    store31 = createMetadataStore(v31, { clock: () => at31 });
  });

  it('no 31 verifies at 2023-09-15 with 174 entries', () => {
    expect(v31.no).toBe(31);
    expect(v31.nextUpdate).toBe('2023-10-01');
    expect(v31.alg).toBe('RS256');
    expect(v31.entries).toHaveLength(174);
    expect(v31.entries.filter((e) => e.aaguid !== undefined)).toHaveLength(108);
    expect(v31.entries.filter((e) => e.attestationCertificateKeyIdentifiers !== undefined)).toHaveLength(49);
    expect(v31.signerChain[0]?.serialNumber).toBe('32e054fb6170b62b7b4e43ca');
    expect(v31.anchor.serialNumber).toBe('04000000000121585308a2');
    expect(v31.stale).toBe(false);
    expect(v31.revocation).toBe('not-checked');
    expect(Object.isFrozen(v31.entries[0])).toBe(true);
  });

  it('no 9 verifies at 2021-11-15 with 98 entries', async () => {
    const v9 = await verifyMetadataBlob(no9, { trustAnchors: [root], now: at9, previous: { no: 9 } });
    expect(v9.no).toBe(9);
    expect(v9.entries).toHaveLength(98);
    expect(v9.signerChain[0]?.serialNumber).toBe('47bf40a48d4bbc349cbc9fa1');
  });

  it('no 9 after no 31 is a rollback', async () => {
    expect(await codeOf(verifyMetadataBlob(no9, { trustAnchors: [root], now: at9, previous: { no: v31.no } }))).toBe(
      'ERR_METADATA_ROLLBACK',
    );
  });

  it('a BLOB past nextUpdate is expired, unless staleness is allowed', async () => {
    const after = new Date('2023-10-01T00:00:00Z');
    expect(await codeOf(verifyMetadataBlob(no31, { trustAnchors: [root], now: after }))).toBe('ERR_METADATA_EXPIRED');
    const stale = await verifyMetadataBlob(no31, { trustAnchors: [root], now: after, maxStaleMs: 7 * 86_400_000 });
    expect(stale.stale).toBe(true);
  });

  it('no 9 is rejected once its chain has expired (2022-06-01)', async () => {
    const now = new Date('2022-06-01T00:00:00Z');
    expect(await codeOf(verifyMetadataBlob(no9, { trustAnchors: [root], now, maxStaleMs: Infinity }))).toBe(
      'ERR_CERTIFICATE_EXPIRED',
    );
  });

  it('production CRLs are not yet valid at 2021-11-15: fail-closed rejects, fail-open reports it', async () => {
    const crls = [
      new Uint8Array(readShared('mds/production/root-r3.crl')),
      new Uint8Array(readShared('mds/production/gsextendvalsha2g3r3.crl')),
    ];
    expect(await codeOf(verifyMetadataBlob(no9, { trustAnchors: [root], now: at9, crls }))).toBe(
      'ERR_REVOCATION_UNAVAILABLE',
    );
    const open = await verifyMetadataBlob(no9, { trustAnchors: [root], now: at9, crls, revocation: 'fail-open' });
    expect(open.revocation).toBe('unavailable-fail-open');
  });

  it('a production BLOB does not verify against the conformance root', async () => {
    const fake = readShared('mds/conformance/MDS3ROOT.crt').toString('utf8');
    expect(await codeOf(verifyMetadataBlob(no31, { trustAnchors: [fake], now: at31 }))).toBe('ERR_CERTIFICATE_INVALID');
  });

  it('looks entries up by AAGUID (text in any case, or bytes)', () => {
    const withAAGUID = v31.entries.find((e) => e.aaguid !== undefined)!;
    const aaguid = withAAGUID.aaguid!;
    expect(store31.findByAAGUID(aaguid)).toBe(withAAGUID);
    expect(store31.findByAAGUID(aaguid.toUpperCase())).toBe(withAAGUID);
    expect(store31.findByAAGUID(uuidBytes(aaguid))).toBe(withAAGUID);
    expect(store31.findByAAGUID('00000000-0000-0000-0000-000000000000')).toBeUndefined();
    expect(store31.findByAAGUID('not-a-uuid')).toBeUndefined();
  });

  it('looks U2F entries up by attestation certificate key identifier', () => {
    const entry = store31.findByAttestationCertificateKeyIdentifier('1434D2F277FE479C35DDF6AA4D08A07CBCE99DD7');
    expect(entry?.metadataStatement?.description).toBe('NEOWAVE Winkeo FIDO2');
    expect(store31.findByAttestationCertificateKeyIdentifier('00'.repeat(20))).toBeUndefined();
    expect(store31.findByAttestationCertificateKeyIdentifier('xyz')).toBeUndefined();
  });

  it('every FIDO2 entry resolves, with parseable attestation roots', () => {
    let anchors = 0;
    for (const e of v31.entries) {
      if (e.aaguid === undefined) continue;
      const r = resolveMetadataForAttestation({
        store: store31,
        aaguid: uuidBytes(e.aaguid),
        trustPath: [],
        format: 'packed',
        now: at31,
      });
      expect(r?.entry).toBe(e);
      expect(r?.matchedBy).toBe('aaguid');
      anchors += r?.anchors.length ?? 0;
    }
    expect(anchors).toBeGreaterThan(100);
  });

  it('toJSON → loadMetadataStore round-trips and refuses tampering', () => {
    const text = JSON.stringify(store31);
    const loaded = loadMetadataStore(text, { now: at31 });
    expect(loaded.no).toBe(31);
    expect(loaded.entries).toHaveLength(174);
    const aaguid = v31.entries.find((e) => e.aaguid !== undefined)!.aaguid!;
    expect(loaded.findByAAGUID(aaguid)).toEqual(store31.findByAAGUID(aaguid));
    expect(JSON.stringify(loaded)).toBe(text);
    // Also from the parsed object (e.g. a JSON module import).
    expect(loadMetadataStore(JSON.parse(text), { now: at31 }).no).toBe(31);

    const tampered = text.replace('"NEOWAVE Winkeo FIDO2"', '"NEOWAVE Winkeo FIDO3"');
    expect(tampered).not.toBe(text);
    expect(codeOfSync(() => loadMetadataStore(tampered, { now: at31 }))).toBe('ERR_METADATA_INVALID');
    const obj = JSON.parse(text) as Record<string, unknown>;
    expect(codeOfSync(() => loadMetadataStore({ ...obj, version: 2 }, { now: at31 }))).toBe('ERR_METADATA_INVALID');
    expect(codeOfSync(() => loadMetadataStore({ ...obj, type: 'other' }, { now: at31 }))).toBe('ERR_METADATA_INVALID');
    expect(codeOfSync(() => loadMetadataStore({ ...obj, extra: 1 }, { now: at31 }))).toBe('ERR_METADATA_INVALID');
    expect(codeOfSync(() => loadMetadataStore({ ...obj, no: 32 }, { now: at31 }))).toBe('ERR_METADATA_INVALID');
    expect(codeOfSync(() => loadMetadataStore('{"entries":[]}', { now: at31 }))).toBe('ERR_METADATA_INVALID');
    expect(codeOfSync(() => loadMetadataStore('not json', { now: at31 }))).toBe('ERR_METADATA_INVALID');
    // The serialised store goes stale with its BLOB.
    expect(codeOfSync(() => loadMetadataStore(text, { now: new Date('2023-10-02T00:00:00Z') }))).toBe(
      'ERR_METADATA_EXPIRED',
    );
    expect(loadMetadataStore(text, { now: new Date('2023-10-02T00:00:00Z'), maxStaleMs: Infinity }).isStale()).toBe(
      true,
    );
  });
});

describe.skipIf(!present)('MDS3 conformance BLOBs (FAKE Root FAKE)', () => {
  const at = new Date('2023-01-01T00:00:00Z');
  const atCRL = new Date('2019-07-01T00:00:00Z');
  let rootPem: string;
  let crls: Uint8Array[];
  const blob: Record<string, string> = {};
  let valid: VerifiedMetadata;
  let store: SerializableMetadataStore;

  beforeAll(async () => {
    rootPem = readShared('mds/conformance/MDS3ROOT.crt').toString('utf8');
    crls = ['MDSROOT.crl', 'MDSCA-1.crl'].map((f) => new Uint8Array(readShared(`mds/conformance/${f}`)));
    for (const name of [
      'blob-valid',
      'blob-bad-signature',
      'blob-revoked-signer',
      'blob-bad-chain-foreign-intermediate',
      'blob-bad-chain-wrong-intermediate',
    ]) {
      blob[name] = readShared(`mds/conformance/${name}.jwt`).toString('latin1');
    }
    valid = await verifyMetadataBlob(blob['blob-valid']!, { trustAnchors: [rootPem], now: at });
    store = createMetadataStore(valid, { clock: () => at });
  });

  it('blob-valid loads with the PEM root (banner lines included)', () => {
    expect(valid.no).toBe(42);
    expect(valid.alg).toBe('ES256');
    expect(valid.entries).toHaveLength(200);
    expect(valid.legalHeader).toContain('solemly swear not to do evil');
  });

  it('blob-valid loads with both CRLs at 2019-07-01 (revocation checked)', async () => {
    const v = await verifyMetadataBlob(blob['blob-valid']!, { trustAnchors: [rootPem], now: atCRL, crls });
    expect(v.revocation).toBe('checked');
  });

  it('CRLs past their nextUpdate fail closed', async () => {
    expect(await codeOf(verifyMetadataBlob(blob['blob-valid']!, { trustAnchors: [rootPem], now: at, crls }))).toBe(
      'ERR_REVOCATION_UNAVAILABLE',
    );
  });

  it('blob-bad-signature is rejected (signature)', async () => {
    expect(await codeOf(verifyMetadataBlob(blob['blob-bad-signature']!, { trustAnchors: [rootPem], now: at }))).toBe(
      'ERR_SIGNATURE_INVALID',
    );
  });

  it('blob-revoked-signer is rejected with the CRLs, and is only detectable with them', async () => {
    expect(
      await codeOf(verifyMetadataBlob(blob['blob-revoked-signer']!, { trustAnchors: [rootPem], now: atCRL, crls })),
    ).toBe('ERR_CERTIFICATE_REVOKED');
    expect(await codeOf(verifyMetadataBlob(blob['blob-revoked-signer']!, { trustAnchors: [rootPem], now: at }))).toBe(
      'resolved',
    );
  });

  it('blob-bad-chain-foreign-intermediate is rejected (chain) without a crash', async () => {
    const name = 'blob-bad-chain-foreign-intermediate';
    expect(await codeOf(verifyMetadataBlob(blob[name]!, { trustAnchors: [rootPem], now: at }))).toBe(
      'ERR_CERTIFICATE_INVALID',
    );
    expect(await codeOf(verifyMetadataBlob(blob[name]!, { trustAnchors: [rootPem], now: atCRL, crls }))).toBe(
      'ERR_CERTIFICATE_INVALID',
    );
  });

  it('blob-bad-chain-wrong-intermediate is rejected (chain)', async () => {
    const name = 'blob-bad-chain-wrong-intermediate';
    expect(await codeOf(verifyMetadataBlob(blob[name]!, { trustAnchors: [rootPem], now: at }))).toBe(
      'ERR_CERTIFICATE_INVALID',
    );
  });

  it('a conformance BLOB does not verify against the production root', async () => {
    const gs = new Uint8Array(readShared('mds/production/globalsign-root-r3.crt'));
    expect(await codeOf(verifyMetadataBlob(blob['blob-valid']!, { trustAnchors: [gs], now: at }))).toBe(
      'ERR_CERTIFICATE_INVALID',
    );
  });

  describe('status policy on the conformance entries', () => {
    const find = (status: string): { aaguid: string } =>
      valid.entries.find((e) => e.aaguid !== undefined && e.statusReports.some((r) => r.status === status)) as {
        aaguid: string;
      };
    const resolve = (aaguid: string, s: SerializableMetadataStore = store): unknown =>
      s.resolveAttestation({ format: 'packed', aaguid: uuidBytes(aaguid), trustPath: [] });

    it.each(['USER_VERIFICATION_BYPASS', 'USER_KEY_REMOTE_COMPROMISE', 'USER_KEY_PHYSICAL_COMPROMISE'])(
      '%s → ERR_AUTHENTICATOR_REVOKED by default',
      (status) => {
        expect(codeOfSync(() => resolve(find(status).aaguid))).toBe('ERR_AUTHENTICATOR_REVOKED');
      },
    );

    it('ATTESTATION_KEY_COMPROMISE without a certificate rejects the model (UAF entries carry it here)', () => {
      const e = valid.entries.find((x) => x.statusReports.some((r) => r.status === 'ATTESTATION_KEY_COMPROMISE'))!;
      expect(e.statusReports[0]?.certificate).toBeUndefined();
      const s = createMetadataStore({ ...valid, entries: [{ ...e, aaguid: '11111111-2222-3333-4444-555555555555' }] });
      expect(codeOfSync(() => resolve('11111111-2222-3333-4444-555555555555', s))).toBe('ERR_AUTHENTICATOR_REVOKED');
    });

    it('NOT_FIDO_CERTIFIED is allowed by default and rejected when configured', () => {
      const { aaguid } = find('NOT_FIDO_CERTIFIED');
      expect(resolve(aaguid)).toBeDefined();
      const strict = createMetadataStore(valid, { clock: () => at, statusPolicy: { notFidoCertified: 'reject' } });
      expect(codeOfSync(() => resolve(aaguid, strict))).toBe('ERR_AUTHENTICATOR_NOT_CERTIFIED');
      expect(resolve(find('FIDO_CERTIFIED_L2').aaguid, strict)).toBeDefined();
      expect(codeOfSync(() => resolve(find('SELF_ASSERTION_SUBMITTED').aaguid, strict))).toBe(
        'ERR_AUTHENTICATOR_NOT_CERTIFIED',
      );
    });

    it('a policy can accept what the default rejects', () => {
      const lenient = createMetadataStore(valid, { clock: () => at, statusPolicy: { reject: [] } });
      expect(resolve(find('USER_VERIFICATION_BYPASS').aaguid, lenient)).toBeDefined();
    });

    it('certified entries resolve with their anchors and status reports', () => {
      const { aaguid } = find('FIDO_CERTIFIED_L3plus');
      const r = store.resolveAttestation({ format: 'packed', aaguid: uuidBytes(aaguid), trustPath: [] });
      expect(r?.anchors.length).toBeGreaterThan(0);
      expect(r?.status.current.map((x) => x.status)).toContain('FIDO_CERTIFIED_L3plus');
      expect(r?.statusReports).toBe(r?.entry.statusReports);
      expect(r?.anchors[0]?.der).toBeInstanceOf(Uint8Array);
    });

    it('an unknown AAGUID resolves to undefined', () => {
      expect(resolve('ffffffff-ffff-ffff-ffff-ffffffffffff')).toBeUndefined();
    });
  });
});
