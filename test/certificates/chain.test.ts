import { describe, expect, it } from 'vitest';
import { createCertificate } from '../../src/certificates/builder.js';
import { verifyCertificateChain } from '../../src/certificates/chain.js';
import { parseCertificate } from '../../src/certificates/parse.js';
import { hasSharedFixtures } from '../helpers/shared-fixtures.js';
import { fixtureChains, readRootPEM } from './fixture-certs.js';
import { CA_EXT, DAY, ecKey, edKey, issue, makePKI, NOW, rsaKey, type TestKey } from './pki.js';

const HAS = hasSharedFixtures('certificates/chain');

async function code(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (err) {
    return (err as { code?: string }).code;
  }
  return undefined;
}

describe.skipIf(!HAS)('fixture chains', () => {
  const chains = HAS ? fixtureChains() : [];
  const anchored = chains.filter((c) => c.anchors.length > 0 && c.verifyAt !== undefined && !c.chainInvalid);
  it('has anchored fixtures', () => {
    expect(anchored.length).toBeGreaterThan(8);
  });
  for (const c of anchored) {
    it(`${c.id} verifies to ${c.anchors.join(', ')} at ${c.verifyAt!.toISOString()}`, async () => {
      const anchors = c.anchors.map((a) => readRootPEM(`${a}.pem`));
      const result = await verifyCertificateChain({ chain: c.x5c, anchors, now: c.verifyAt! });
      expect(result.trusted).toBe(true);
      expect(result.anchor).toBeDefined();
      expect(result.path[0]!.der).toEqual(c.x5c[0]);
    });
    it(`${c.id} is untrusted without anchors and fails with a foreign anchor`, async () => {
      expect((await verifyCertificateChain({ chain: c.x5c, anchors: [], now: c.verifyAt! })).trusted).toBe(false);
      const foreign = readRootPEM(
        c.anchors[0] === 'apple-webauthn-root-ca'
          ? 'yubico-u2f-root-ca-serial-457200631.pem'
          : 'apple-webauthn-root-ca.pem',
      );
      const r = await verifyCertificateChain({ chain: c.x5c, anchors: [foreign], now: c.verifyAt! });
      expect(r.trusted).toBe(false);
      expect(r.anchor).toBeUndefined();
    });
  }
  for (const c of chains.filter((x) => x.chainInvalid)) {
    it(`${c.id} (certificate-chain-invalid) is rejected`, async () => {
      const anchors = c.anchors.map((a) => readRootPEM(`${a}.pem`));
      expect(await code(verifyCertificateChain({ chain: c.x5c, anchors, now: c.verifyAt! }))).toBe(
        'ERR_CERTIFICATE_INVALID',
      );
    });
  }
  for (const c of chains.filter((x) => x.anchors.length === 0 && x.verifyAt !== undefined && !x.chainInvalid)) {
    it(`${c.id} (no published anchor) verifies internally, untrusted`, async () => {
      const r = await verifyCertificateChain({ chain: c.x5c, anchors: [], now: c.verifyAt! });
      expect(r.trusted).toBe(false);
      expect(r.path.length).toBe(c.x5c.length);
    });
  }
  it('feitian x5c that includes its own root: trusted only when that root is an anchor', async () => {
    const c = chains.find((x) => x.id === 'gw-packed-x5c-es256-feitian-biopass')!;
    const root = c.x5c[c.x5c.length - 1]!;
    expect((await verifyCertificateChain({ chain: c.x5c, anchors: [], now: c.verifyAt! })).trusted).toBe(false);
    const r = await verifyCertificateChain({ chain: c.x5c, anchors: [root], now: c.verifyAt! });
    expect(r.trusted).toBe(true);
    expect(r.path.length).toBe(c.x5c.length - 1);
  });
  it('an expired anchor gives ERR_CERTIFICATE_EXPIRED (GlobalSign R2 after 2021-12-15)', async () => {
    const c = chains.find((x) => x.id === 'swa-android-safetynet-2019')!;
    const anchors = [readRootPEM('globalsign-root-ca-r2.pem')];
    expect(
      await code(verifyCertificateChain({ chain: c.x5c.slice(1), anchors, now: new Date('2022-01-01T00:00:00Z') })),
    ).toBe('ERR_CERTIFICATE_EXPIRED');
  });
  it('the leaf is expired outside the pinned clock', async () => {
    const c = chains.find((x) => x.id === 'swa-apple-es256-iphone')!;
    const anchors = [readRootPEM('apple-webauthn-root-ca.pem')];
    expect(await code(verifyCertificateChain({ chain: c.x5c, anchors, now: new Date('2030-01-01T00:00:00Z') }))).toBe(
      'ERR_CERTIFICATE_EXPIRED',
    );
  });
  it('the broken chrome basic constraints leaf verifies as an untrusted single cert', async () => {
    const c = chains.find((x) => x.id === 'swa-packed-x5c-es256-chrome-virtual-broken-basic-constraints')!;
    const r = await verifyCertificateChain({ chain: c.x5c, anchors: [], now: c.verifyAt! });
    expect(r.trusted).toBe(false);
  });
});

describe('builder-made chains', () => {
  it('verifies root → intermediate → leaf with every key type', async () => {
    for (const [rootKey, intKey] of [
      [ecKey('P-384'), ecKey()],
      [rsaKey(), rsaKey(true)],
      [edKey('Ed25519'), edKey('Ed448')],
    ] as Array<[TestKey, TestKey]>) {
      const pki = await makePKI({ rootKey, intKey });
      const r = await verifyCertificateChain({ chain: [pki.leaf, pki.intermediate], anchors: [pki.root], now: NOW });
      expect(r.trusted).toBe(true);
      expect(r.anchor?.der).toEqual(pki.root.der);
      expect(r.path.map((c) => c.der)).toEqual([pki.leaf.der, pki.intermediate.der]);
    }
  });

  it('accepts DER and PEM inputs', async () => {
    const pki = await makePKI();
    const pem = `banner\n-----BEGIN CERTIFICATE-----\n${Buffer.from(pki.root.der).toString('base64')}\n-----END CERTIFICATE-----\n`;
    const r = await verifyCertificateChain({ chain: [pki.leaf.der, pki.intermediate.der], anchors: [pem], now: NOW });
    expect(r.trusted).toBe(true);
  });

  it('a foreign root is untrusted', async () => {
    const pki = await makePKI();
    const other = await makePKI();
    const r = await verifyCertificateChain({ chain: [pki.leaf, pki.intermediate], anchors: [other.root], now: NOW });
    expect(r).toMatchObject({ trusted: false, anchor: undefined });
  });

  it('a foreign root with the same subject name is untrusted (signature, not name, decides)', async () => {
    const pki = await makePKI();
    const impostorKey = ecKey();
    const impostor = await issue({ subject: [['CN', 'Test Root']], key: impostorKey, extensions: CA_EXT });
    const r = await verifyCertificateChain({ chain: [pki.leaf, pki.intermediate], anchors: [impostor], now: NOW });
    expect(r.trusted).toBe(false);
  });

  it('a self-signed root inside x5c never counts (GHSA-6hxq-p678-4hr2)', async () => {
    const pki = await makePKI();
    const attacker = await makePKI();
    const chain = [attacker.leaf, attacker.intermediate, attacker.root];
    expect((await verifyCertificateChain({ chain, anchors: [pki.root], now: NOW })).trusted).toBe(false);
    // the same root also as the x5c copy of the real anchor works
    const ok = await verifyCertificateChain({
      chain: [pki.leaf, pki.intermediate, pki.root],
      anchors: [pki.root],
      now: NOW,
    });
    expect(ok.trusted).toBe(true);
    expect(ok.path.length).toBe(2);
  });

  it('empty anchors → trusted false, never true', async () => {
    const pki = await makePKI();
    const r = await verifyCertificateChain({ chain: [pki.leaf, pki.intermediate, pki.root], anchors: [], now: NOW });
    expect(r).toMatchObject({ trusted: false, anchor: undefined });
  });

  it('a pinned leaf that is itself the anchor is trusted', async () => {
    const key = ecKey();
    const self = await issue({ subject: [['CN', 'pinned']], key });
    const r = await verifyCertificateChain({ chain: [self], anchors: [self], now: NOW });
    expect(r.trusted).toBe(true);
  });

  describe('validity', () => {
    it('expired leaf', async () => {
      const pki = await makePKI();
      const leaf = await issue({
        subject: [['CN', 'old leaf']],
        key: ecKey(),
        issuer: { cert: pki.intermediate, key: pki.intKey },
        notBefore: new Date(NOW.getTime() - 10 * DAY),
        notAfter: new Date(NOW.getTime() - DAY),
      });
      expect(
        await code(verifyCertificateChain({ chain: [leaf, pki.intermediate], anchors: [pki.root], now: NOW })),
      ).toBe('ERR_CERTIFICATE_EXPIRED');
      // even without anchors: the chain's own validity is checked
      expect(await code(verifyCertificateChain({ chain: [leaf, pki.intermediate], anchors: [], now: NOW }))).toBe(
        'ERR_CERTIFICATE_EXPIRED',
      );
    });
    it('leaf not yet valid', async () => {
      const pki = await makePKI();
      const leaf = await issue({
        subject: [['CN', 'future leaf']],
        key: ecKey(),
        issuer: { cert: pki.intermediate, key: pki.intKey },
        notBefore: new Date(NOW.getTime() + DAY),
      });
      expect(
        await code(verifyCertificateChain({ chain: [leaf, pki.intermediate], anchors: [pki.root], now: NOW })),
      ).toBe('ERR_CERTIFICATE_EXPIRED');
    });
    it('expired intermediate', async () => {
      const pki = await makePKI();
      const intermediate = await issue({
        subject: [['CN', 'Test Intermediate']],
        key: pki.intKey,
        issuer: { cert: pki.root, key: pki.rootKey },
        extensions: CA_EXT,
        notAfter: new Date(NOW.getTime() - DAY),
      });
      expect(
        await code(verifyCertificateChain({ chain: [pki.leaf, intermediate], anchors: [pki.root], now: NOW })),
      ).toBe('ERR_CERTIFICATE_EXPIRED');
    });
    it('expired anchor', async () => {
      const pki = await makePKI();
      const now = new Date(NOW.getTime() + 400 * DAY);
      const root = await issue({
        subject: [['CN', 'Test Root']],
        key: pki.rootKey,
        extensions: CA_EXT,
        notAfter: new Date(now.getTime() - DAY),
      });
      const intermediate = await issue({
        subject: [['CN', 'Test Intermediate']],
        key: pki.intKey,
        issuer: { cert: root, key: pki.rootKey },
        extensions: CA_EXT,
        notAfter: new Date(now.getTime() + DAY),
      });
      const leaf = await issue({
        subject: [['CN', 'leaf']],
        key: ecKey(),
        issuer: { cert: intermediate, key: pki.intKey },
        notAfter: new Date(now.getTime() + DAY),
      });
      expect(await code(verifyCertificateChain({ chain: [leaf, intermediate], anchors: [root], now }))).toBe(
        'ERR_CERTIFICATE_EXPIRED',
      );
    });
  });

  describe('CA rules', () => {
    async function chainWithIntermediate(ext: Parameters<typeof issue>[0]['extensions'], version?: 1 | 3) {
      const pki = await makePKI();
      const intermediate = await issue({
        subject: [['CN', 'Odd Intermediate']],
        key: pki.intKey,
        issuer: { cert: pki.root, key: pki.rootKey },
        ...(ext === undefined ? {} : { extensions: ext }),
        ...(version === undefined ? {} : { version }),
      });
      const leaf = await issue({
        subject: [['CN', 'leaf']],
        key: ecKey(),
        issuer: { cert: intermediate, key: pki.intKey },
      });
      return { pki, chain: [leaf, intermediate] };
    }
    it('intermediate without basicConstraints CA', async () => {
      for (const ext of [{ basicConstraints: { ca: false } }, { keyUsage: ['keyCertSign' as const] }, undefined]) {
        const { pki, chain } = await chainWithIntermediate(ext);
        expect(await code(verifyCertificateChain({ chain, anchors: [pki.root], now: NOW }))).toBe(
          'ERR_CERTIFICATE_INVALID',
        );
        // also when untrusted
        expect(await code(verifyCertificateChain({ chain, anchors: [], now: NOW }))).toBe('ERR_CERTIFICATE_INVALID');
      }
    });
    it('v1 intermediate', async () => {
      const { pki, chain } = await chainWithIntermediate(undefined, 1);
      expect(await code(verifyCertificateChain({ chain, anchors: [pki.root], now: NOW }))).toBe(
        'ERR_CERTIFICATE_INVALID',
      );
    });
    it('keyUsage without keyCertSign', async () => {
      const { pki, chain } = await chainWithIntermediate({
        basicConstraints: { ca: true },
        keyUsage: ['digitalSignature', 'cRLSign'],
      });
      expect(await code(verifyCertificateChain({ chain, anchors: [pki.root], now: NOW }))).toBe(
        'ERR_CERTIFICATE_INVALID',
      );
    });
    it('unknown critical extension in a CA', async () => {
      const { pki, chain } = await chainWithIntermediate({
        ...CA_EXT,
        raw: [{ oid: '1.2.3.4.5', critical: true, value: new Uint8Array([5, 0]) }],
      });
      expect(await code(verifyCertificateChain({ chain, anchors: [pki.root], now: NOW }))).toBe(
        'ERR_CERTIFICATE_INVALID',
      );
      const ok = await chainWithIntermediate({
        ...CA_EXT,
        raw: [{ oid: '1.2.3.4.5', critical: false, value: new Uint8Array([5, 0]) }],
      });
      expect((await verifyCertificateChain({ chain: ok.chain, anchors: [ok.pki.root], now: NOW })).trusted).toBe(true);
    });
    it('pathLenConstraint violated (intermediate pathLen 0 above another intermediate)', async () => {
      const rootKey = ecKey();
      const aKey = ecKey();
      const bKey = ecKey();
      const root = await issue({ subject: [['CN', 'R']], key: rootKey, extensions: CA_EXT });
      const mk = async (pathLength: number | undefined) => {
        const a = await issue({
          subject: [['CN', 'A']],
          key: aKey,
          issuer: { cert: root, key: rootKey },
          extensions: { basicConstraints: { ca: true, ...(pathLength === undefined ? {} : { pathLength }) } },
        });
        const b = await issue({
          subject: [['CN', 'B']],
          key: bKey,
          issuer: { cert: a, key: aKey },
          extensions: CA_EXT,
        });
        const leaf = await issue({ subject: [['CN', 'leaf']], key: ecKey(), issuer: { cert: b, key: bKey } });
        return [leaf, b, a];
      };
      expect(await code(verifyCertificateChain({ chain: await mk(0), anchors: [root], now: NOW }))).toBe(
        'ERR_CERTIFICATE_INVALID',
      );
      expect((await verifyCertificateChain({ chain: await mk(1), anchors: [root], now: NOW })).trusted).toBe(true);
      expect((await verifyCertificateChain({ chain: await mk(undefined), anchors: [root], now: NOW })).trusted).toBe(
        true,
      );
    });
    it('anchor pathLenConstraint is respected', async () => {
      const rootKey = ecKey();
      const root = await issue({
        subject: [['CN', 'R0']],
        key: rootKey,
        extensions: { basicConstraints: { ca: true, pathLength: 0 } },
      });
      const intKey = ecKey();
      const int = await issue({
        subject: [['CN', 'I']],
        key: intKey,
        issuer: { cert: root, key: rootKey },
        extensions: CA_EXT,
      });
      const leaf = await issue({ subject: [['CN', 'leaf']], key: ecKey(), issuer: { cert: int, key: intKey } });
      expect(await code(verifyCertificateChain({ chain: [leaf, int], anchors: [root], now: NOW }))).toBe(
        'ERR_CERTIFICATE_INVALID',
      );
      const direct = await issue({ subject: [['CN', 'leaf']], key: ecKey(), issuer: { cert: root, key: rootKey } });
      expect((await verifyCertificateChain({ chain: [direct], anchors: [root], now: NOW })).trusted).toBe(true);
    });
    it('anchor that is not a CA', async () => {
      const rootKey = ecKey();
      const root = await issue({
        subject: [['CN', 'R']],
        key: rootKey,
        extensions: { basicConstraints: { ca: false } },
      });
      const leaf = await issue({ subject: [['CN', 'leaf']], key: ecKey(), issuer: { cert: root, key: rootKey } });
      expect(await code(verifyCertificateChain({ chain: [leaf], anchors: [root], now: NOW }))).toBe(
        'ERR_CERTIFICATE_INVALID',
      );
    });
  });

  describe('signatures', () => {
    it('broken signature', async () => {
      const pki = await makePKI();
      const der = pki.leaf.der.slice();
      der[der.length - 5] = (der[der.length - 5] as number) ^ 0x01;
      const leaf = parseCertificate(der);
      expect(
        await code(verifyCertificateChain({ chain: [leaf, pki.intermediate], anchors: [pki.root], now: NOW })),
      ).toBe('ERR_CERTIFICATE_INVALID');
    });
    it('x5c certificate not issued by the next one', async () => {
      const pki = await makePKI();
      const other = await makePKI();
      expect(
        await code(verifyCertificateChain({ chain: [pki.leaf, other.intermediate], anchors: [pki.root], now: NOW })),
      ).toBe('ERR_CERTIFICATE_INVALID');
    });
    it('unsupported signature algorithm', async () => {
      const pki = await makePKI();
      // an intermediate signed with a made-up algorithm OID: rebuild the leaf with raw bytes
      const der = await createCertificate({
        serialNumber: 5,
        subject: [['CN', 'leaf']],
        issuer: pki.intermediate.subjectDer,
        notBefore: new Date(NOW.getTime() - DAY),
        notAfter: new Date(NOW.getTime() + DAY),
        publicKey: ecKey().publicKey,
        signatureAlgorithm: { name: 'ECDSA', hash: 'SHA-1', encoding: 'der' },
        sign: pki.intKey.sign, // signs with SHA-256 while claiming SHA-1
      });
      expect(
        await code(
          verifyCertificateChain({ chain: [parseCertificate(der), pki.intermediate], anchors: [pki.root], now: NOW }),
        ),
      ).toBe('ERR_CERTIFICATE_INVALID');
    });
    it('an RSA root anchors an EC intermediate', async () => {
      const pki = await makePKI({ rootKey: rsaKey() });
      const r = await verifyCertificateChain({ chain: [pki.leaf, pki.intermediate], anchors: [pki.root], now: NOW });
      expect(r.trusted).toBe(true);
    });
  });

  describe('limits', () => {
    it('too many certificates → ERR_INPUT_TOO_LARGE', async () => {
      const pki = await makePKI();
      const chain = Array.from({ length: 9 }, () => pki.leaf);
      expect(await code(verifyCertificateChain({ chain, anchors: [pki.root], now: NOW }))).toBe('ERR_INPUT_TOO_LARGE');
      expect(
        await code(verifyCertificateChain({ chain: chain.slice(0, 3), anchors: [], now: NOW, maxLength: 2 })),
      ).toBe('ERR_INPUT_TOO_LARGE');
    });
    it('oversized certificate → ERR_INPUT_TOO_LARGE before parsing', async () => {
      const big = new Uint8Array(20_000);
      expect(await code(verifyCertificateChain({ chain: [big], anchors: [], now: NOW }))).toBe('ERR_INPUT_TOO_LARGE');
    });
    it('empty chain and garbage', async () => {
      expect(await code(verifyCertificateChain({ chain: [], anchors: [], now: NOW }))).toBe('ERR_CERTIFICATE_INVALID');
      expect(await code(verifyCertificateChain({ chain: [new Uint8Array([1, 2])], anchors: [], now: NOW }))).toBe(
        'ERR_CERTIFICATE_INVALID',
      );
    });
  });
});
