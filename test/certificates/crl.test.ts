import { describe, expect, it } from 'vitest';
import { createCRL } from '../../src/certificates/builder.js';
import { verifyCertificateChain } from '../../src/certificates/chain.js';
import { checkRevocation, parseCRL } from '../../src/certificates/crl.js';
import { derBoolean, derSmallInteger } from '../../src/certificates/der.js';
import { parseCertificate, toCertificate } from '../../src/certificates/parse.js';
import type { Certificate } from '../../src/certificates/types.js';
import { decodeBase64OrUndefined } from '../../src/encoding/base64url.js';
import { hasSharedFixtures, readShared } from '../helpers/shared-fixtures.js';
import { CA_EXT, DAY, ecKey, issue, makePKI, NOW, type TestKey } from './pki.js';

const HAS = hasSharedFixtures('certificates/crl');

async function code(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (err) {
    return (err as { code?: string }).code;
  }
  return undefined;
}

function blobX5c(file: string): Uint8Array[] {
  const jwt = readShared(file).toString('utf8');
  const header = JSON.parse(Buffer.from(jwt.split('.')[0]!, 'base64url').toString('utf8')) as { x5c: string[] };
  return header.x5c.map((c) => decodeBase64OrUndefined(c)!);
}

describe.skipIf(!HAS)('fixture CRLs', () => {
  const crl = (f: string) => new Uint8Array(readShared(f));
  it('parses every fixture CRL', () => {
    for (const f of [
      'mds/conformance/MDSROOT.crl',
      'mds/conformance/MDSCA-1.crl',
      'mds/production/root-r3.crl',
      'mds/production/gsextendvalsha2g3r3.crl',
    ]) {
      const parsed = parseCRL(crl(f));
      expect(parsed.complete).toBe(true);
      expect(parsed.nextUpdate).toBeDefined();
      expect(parsed.revoked.length).toBeGreaterThan(0);
      expect(parsed.signatureScheme).toBeDefined();
    }
    const ca1 = parseCRL(crl('mds/conformance/MDSCA-1.crl'));
    expect(ca1.thisUpdate.toISOString()).toBe('2018-02-01T00:00:00.000Z');
    expect(ca1.revoked.map((r) => r.serialNumber)).toContain('04806749de307bbd5175a26d73f5f3');
    expect(parseCRL(crl('mds/production/root-r3.crl')).revoked.length).toBe(36);
    expect(parseCRL(crl('mds/production/gsextendvalsha2g3r3.crl')).revoked.length).toBe(207);
  });

  describe('conformance MDS chain', () => {
    const root = () => toCertificate(readShared('mds/conformance/MDS3ROOT.crt').toString('utf8'));
    const crls = () => [crl('mds/conformance/MDSROOT.crl'), crl('mds/conformance/MDSCA-1.crl')];
    const inWindow = new Date('2019-06-01T00:00:00Z');

    it('valid signer: every certificate good', async () => {
      const r = await verifyCertificateChain({
        chain: blobX5c('mds/conformance/blob-valid.jwt'),
        anchors: [root()],
        now: inWindow,
        revocation: { crls: crls(), policy: 'fail-closed' },
      });
      expect(r.trusted).toBe(true);
      expect(r.revocation?.checked.map((c) => c.status)).toEqual(['good', 'good']);
    });
    it('revoked signer → ERR_CERTIFICATE_REVOKED', async () => {
      const chain = blobX5c('mds/conformance/blob-revoked-signer.jwt');
      expect(
        await code(
          verifyCertificateChain({
            chain,
            anchors: [root()],
            now: inWindow,
            revocation: { crls: crls(), policy: 'fail-closed' },
          }),
        ),
      ).toBe('ERR_CERTIFICATE_REVOKED');
      // also under fail-open: a revoked listing always fails
      expect(
        await code(
          verifyCertificateChain({
            chain,
            anchors: [root()],
            now: inWindow,
            revocation: { crls: crls(), policy: 'fail-open' },
          }),
        ),
      ).toBe('ERR_CERTIFICATE_REVOKED');
    });
    it('stale root CRL → unavailable (fail-closed) or unknown (fail-open)', async () => {
      const later = new Date('2021-06-01T00:00:00Z'); // MDSROOT.crl nextUpdate 2020-02-01
      const chain = blobX5c('mds/conformance/blob-valid.jwt');
      expect(
        await code(
          verifyCertificateChain({
            chain,
            anchors: [root()],
            now: later,
            revocation: { crls: crls(), policy: 'fail-closed' },
          }),
        ),
      ).toBe('ERR_REVOCATION_UNAVAILABLE');
      const r = await verifyCertificateChain({
        chain,
        anchors: [root()],
        now: later,
        revocation: { crls: crls(), policy: 'fail-open' },
      });
      expect(r.revocation?.checked.map((c) => c.status)).toEqual(['good', 'unknown']);
    });
    it('missing CRL for the intermediate', async () => {
      const chain = blobX5c('mds/conformance/blob-valid.jwt');
      expect(
        await code(
          verifyCertificateChain({
            chain,
            anchors: [root()],
            now: inWindow,
            revocation: { crls: [crl('mds/conformance/MDSCA-1.crl')], policy: 'fail-closed' },
          }),
        ),
      ).toBe('ERR_REVOCATION_UNAVAILABLE');
    });
  });

  it('production GlobalSign CRLs verify against the chain', async () => {
    const [leaf, intermediate] = blobX5c('mds/production/blob-no31.jwt').map((d) => parseCertificate(d));
    const root = parseCertificate(new Uint8Array(readShared('mds/production/globalsign-root-r3.crt')));
    const r = await checkRevocation({
      path: [leaf!, intermediate!, root],
      crls: [crl('mds/production/gsextendvalsha2g3r3.crl'), crl('mds/production/root-r3.crl')],
      now: new Date('2024-09-01T00:00:00Z'),
      policy: 'fail-closed',
    });
    expect(r.checked.map((c) => c.status)).toEqual(['good', 'good']);
    // swapped CRLs do not count for the other issuer
    expect(
      await code(
        checkRevocation({
          path: [leaf!, intermediate!, root],
          crls: [crl('mds/production/root-r3.crl')],
          now: new Date('2024-09-01T00:00:00Z'),
          policy: 'fail-closed',
        }),
      ),
    ).toBe('ERR_REVOCATION_UNAVAILABLE');
  });
});

describe('builder-made CRLs', () => {
  async function crlFor(
    issuer: Certificate,
    key: TestKey,
    revoked: Certificate[],
    o: { thisUpdate?: Date; nextUpdate?: Date | null; raw?: Parameters<typeof createCRL>[0]['raw'] } = {},
  ) {
    return createCRL({
      issuer: issuer.subjectDer,
      thisUpdate: o.thisUpdate ?? new Date(NOW.getTime() - DAY),
      ...(o.nextUpdate === null ? {} : { nextUpdate: o.nextUpdate ?? new Date(NOW.getTime() + 7 * DAY) }),
      revoked: revoked.map((c) => ({ serialNumber: c.serialNumber, revocationDate: new Date(NOW.getTime() - DAY) })),
      signatureAlgorithm: key.scheme,
      sign: key.sign,
      ...(o.raw === undefined ? {} : { raw: o.raw }),
    });
  }

  it('good, revoked leaf, revoked intermediate', async () => {
    const pki = await makePKI();
    const chain = [pki.leaf, pki.intermediate];
    const rootCRL = await crlFor(pki.root, pki.rootKey, []);
    const good = await verifyCertificateChain({
      chain,
      anchors: [pki.root],
      now: NOW,
      revocation: { crls: [rootCRL, await crlFor(pki.intermediate, pki.intKey, [])], policy: 'fail-closed' },
    });
    expect(good.revocation?.checked).toEqual([
      { serialNumber: pki.leaf.serialNumber, status: 'good' },
      { serialNumber: pki.intermediate.serialNumber, status: 'good' },
    ]);
    const revokedLeaf = await crlFor(pki.intermediate, pki.intKey, [pki.leaf]);
    expect(
      await code(
        verifyCertificateChain({
          chain,
          anchors: [pki.root],
          now: NOW,
          revocation: { crls: [rootCRL, revokedLeaf], policy: 'fail-closed' },
        }),
      ),
    ).toBe('ERR_CERTIFICATE_REVOKED');
    const revokedInt = await crlFor(pki.root, pki.rootKey, [pki.intermediate]);
    expect(
      await code(
        verifyCertificateChain({
          chain,
          anchors: [pki.root],
          now: NOW,
          revocation: { crls: [revokedInt, await crlFor(pki.intermediate, pki.intKey, [])], policy: 'fail-open' },
        }),
      ),
    ).toBe('ERR_CERTIFICATE_REVOKED');
  });

  it('unusable CRLs count as missing', async () => {
    const pki = await makePKI();
    const path = [pki.leaf, pki.intermediate, pki.root];
    const rootCRL = await crlFor(pki.root, pki.rootKey, []);
    const cases = [
      await crlFor(pki.intermediate, ecKey(), [pki.leaf]), // wrong signing key
      await crlFor(pki.intermediate, pki.intKey, [pki.leaf], { nextUpdate: new Date(NOW.getTime() - 1) }), // stale
      await crlFor(pki.intermediate, pki.intKey, [pki.leaf], { thisUpdate: new Date(NOW.getTime() + DAY) }), // future
      await crlFor(pki.intermediate, pki.intKey, [pki.leaf], { nextUpdate: null }), // no nextUpdate
      await crlFor(pki.intermediate, pki.intKey, [pki.leaf], {
        raw: [{ oid: '2.5.29.27', critical: true, value: derSmallInteger(1) }], // delta CRL
      }),
      await crlFor(pki.intermediate, pki.intKey, [pki.leaf], {
        raw: [{ oid: '1.2.3.4', critical: true, value: derBoolean(true) }], // unknown critical
      }),
      await crlFor(pki.root, pki.rootKey, [pki.leaf]), // another issuer's CRL
    ];
    for (const bad of cases) {
      expect(await code(checkRevocation({ path, crls: [bad, rootCRL], now: NOW, policy: 'fail-closed' }))).toBe(
        'ERR_REVOCATION_UNAVAILABLE',
      );
      const open = await checkRevocation({ path, crls: [bad, rootCRL], now: NOW, policy: 'fail-open' });
      expect(open.checked.map((c) => c.status)).toEqual(['unknown', 'good']);
    }
  });

  it('an issuer whose keyUsage lacks cRLSign cannot sign CRLs', async () => {
    const rootKey = ecKey();
    const root = await issue({
      subject: [['CN', 'R']],
      key: rootKey,
      extensions: { basicConstraints: { ca: true }, keyUsage: ['keyCertSign'] },
    });
    const leaf = await issue({ subject: [['CN', 'leaf']], key: ecKey(), issuer: { cert: root, key: rootKey } });
    const crl = await crlFor(root, rootKey, []);
    expect(await code(checkRevocation({ path: [leaf, root], crls: [crl], now: NOW, policy: 'fail-closed' }))).toBe(
      'ERR_REVOCATION_UNAVAILABLE',
    );
    const withSign = await issue({ subject: [['CN', 'R2']], key: rootKey, extensions: CA_EXT });
    const leaf2 = await issue({ subject: [['CN', 'leaf']], key: ecKey(), issuer: { cert: withSign, key: rootKey } });
    const crl2 = await crlFor(withSign, rootKey, []);
    expect(
      (await checkRevocation({ path: [leaf2, withSign], crls: [crl2], now: NOW, policy: 'fail-closed' })).checked,
    ).toHaveLength(1);
  });

  it('parseCRL rejects malformed input', async () => {
    const pki = await makePKI();
    const der = await crlFor(pki.root, pki.rootKey, [pki.leaf]);
    for (const bad of [new Uint8Array([...der, 0]), der.slice(0, -1), new Uint8Array([0x30, 0x00])]) {
      expect(await code(Promise.resolve().then(() => parseCRL(bad)))).toBe('ERR_CERTIFICATE_INVALID');
    }
    const parsed = parseCRL(der);
    expect(parsed.revoked[0]?.serialNumber).toBe(pki.leaf.serialNumber);
    expect(parsed.crlNumber).toBe('01');
  });

  it('revocation is not consulted for an untrusted chain', async () => {
    const pki = await makePKI();
    const r = await verifyCertificateChain({
      chain: [pki.leaf, pki.intermediate],
      anchors: [],
      now: NOW,
      revocation: { crls: [], policy: 'fail-closed' },
    });
    expect(r).toMatchObject({ trusted: false, revocation: undefined });
  });
});
