/**
 * Path validation boundaries (src/certificates/chain.ts): error details, validity and size
 * limits at their exact edge, anchor selection (byte-identical copies, same-name anchors,
 * pinned leaves), self-issued intermediates and x5c certificates beyond the anchor.
 */
import { describe, expect, it } from 'vitest';
import { verifyCertificateChain } from '../../src/certificates/chain.js';
import type { Certificate } from '../../src/certificates/types.js';
import { rejected } from '../helpers/outcome.js';
import { CA_EXT, DAY, ecKey, issue, makePKI, NOW, type TestKey } from './pki.js';

const LEAF_EXT = { basicConstraints: { ca: false } };

async function caUnder(
  issuer: { cert: Certificate; key: TestKey },
  name: string,
  extensions: Parameters<typeof issue>[0]['extensions'] = CA_EXT,
) {
  const key = ecKey();
  return { key, cert: await issue({ subject: [['CN', name]], key, issuer, extensions }) };
}

describe('error details', () => {
  it('CA rule violations name the offending position', async () => {
    const pki = await makePKI();
    const root = { cert: pki.root, key: pki.rootKey };
    const cases: Array<[Parameters<typeof issue>[0]['extensions'], number]> = [
      [{ basicConstraints: { ca: false }, keyUsage: ['keyCertSign'] }, 1], // not a CA
      [{ basicConstraints: { ca: true }, keyUsage: ['digitalSignature'] }, 1], // keyUsage lacks keyCertSign
      [{ ...CA_EXT, raw: [{ oid: '1.2.3.4', critical: true, value: Uint8Array.of(5, 0) }] }, 1], // unknown critical
    ];
    for (const [extensions, position] of cases) {
      const int = await caUnder(root, 'Bad Int', extensions);
      const leaf = await issue({ subject: [['CN', 'leaf']], key: ecKey(), issuer: int, extensions: LEAF_EXT });
      const err = await rejected(verifyCertificateChain({ chain: [leaf, int.cert], anchors: [pki.root], now: NOW }));
      expect(err.code).toBe('ERR_CERTIFICATE_INVALID');
      expect(err.details).toEqual({ position });
    }
  });
  it('an anchor pathLenConstraint violation names the anchor position', async () => {
    const rootKey = ecKey();
    const root = await issue({
      subject: [['CN', 'R0']],
      key: rootKey,
      extensions: { basicConstraints: { ca: true, pathLength: 0 }, keyUsage: ['keyCertSign'] },
    });
    const int = await caUnder({ cert: root, key: rootKey }, 'I');
    const leaf = await issue({ subject: [['CN', 'leaf']], key: ecKey(), issuer: int, extensions: LEAF_EXT });
    const err = await rejected(verifyCertificateChain({ chain: [leaf, int.cert], anchors: [root], now: NOW }));
    expect(err.code).toBe('ERR_CERTIFICATE_INVALID');
    expect(err.details).toEqual({ position: 2 });
  });
  it('validity errors carry position and the validity window', async () => {
    const pki = await makePKI();
    const later = new Date(NOW.getTime() + 400 * DAY);
    const err = await rejected(
      verifyCertificateChain({ chain: [pki.leaf, pki.intermediate], anchors: [pki.root], now: later }),
    );
    expect(err.code).toBe('ERR_CERTIFICATE_EXPIRED');
    expect(err.details).toEqual({
      position: 0,
      notBefore: pki.leaf.notBefore.toISOString(),
      notAfter: pki.leaf.notAfter.toISOString(),
    });
  });
  it('signature and name mismatches in x5c name the position', async () => {
    const pki = await makePKI();
    // same subject as the intermediate, another key: the name matches, the signature does not
    const impostor = await issue({ subject: [['CN', 'Test Intermediate']], key: ecKey(), extensions: CA_EXT });
    const sig = await rejected(verifyCertificateChain({ chain: [pki.leaf, impostor], anchors: [], now: NOW }));
    expect(sig.code).toBe('ERR_CERTIFICATE_INVALID');
    expect(sig.details).toEqual({ position: 0 });
    // same key as the intermediate, another subject: the signature verifies, the name does not match
    const renamed = await issue({ subject: [['CN', 'Renamed']], key: pki.intKey, extensions: CA_EXT });
    const name = await rejected(
      verifyCertificateChain({ chain: [pki.leaf, renamed, pki.root], anchors: [pki.root], now: NOW }),
    );
    expect(name.code).toBe('ERR_CERTIFICATE_INVALID');
    expect(name.details).toEqual({ position: 0 });
  });
});

describe('limits', () => {
  it('maxLength: a chain of exactly maxLength passes, one more fails with details', async () => {
    const pki = await makePKI();
    const chain = [pki.leaf, pki.intermediate];
    expect((await verifyCertificateChain({ chain, anchors: [pki.root], now: NOW, maxLength: 2 })).trusted).toBe(true);
    const err = await rejected(verifyCertificateChain({ chain, anchors: [pki.root], now: NOW, maxLength: 1 }));
    expect(err.code).toBe('ERR_INPUT_TOO_LARGE');
    expect(err.details).toEqual({ length: 2, max: 1 });
  });

  it('maxCertificateSize: exactly the limit passes, one byte over fails, for every input form', async () => {
    // a leaf whose DER length is a multiple of 3, so that its base64 carries no padding
    const pki = await makePKI();
    let leaf = pki.leaf;
    for (let n = 0; leaf.der.length % 3 !== 0; n++) {
      leaf = await issue({
        subject: [['CN', `leaf${'x'.repeat(n % 3)}`]],
        key: ecKey(),
        issuer: { cert: pki.intermediate, key: pki.intKey },
      });
    }
    const size = leaf.der.length;
    const wrapped = Buffer.from(leaf.der)
      .toString('base64')
      .replace(/(.{64})/g, '$1\n');
    const pem = `-----BEGIN CERTIFICATE-----\n${wrapped}\n-----END CERTIFICATE-----\n`;
    const run = (input: string | Uint8Array | Certificate, max: number) =>
      verifyCertificateChain({ chain: [input], anchors: [pki.intermediate], now: NOW, maxCertificateSize: max });

    for (const input of [leaf.der, leaf, pem, wrapped]) {
      expect((await run(input, size)).trusted).toBe(true);
      const err = await rejected(run(input, size - 1));
      expect(err.code).toBe('ERR_INPUT_TOO_LARGE');
      expect(err.details).toEqual({ position: 0, max: size - 1 });
    }
  });
});

describe('validity window edges', () => {
  it('a certificate is valid at exactly notBefore and exactly notAfter', async () => {
    const pki = await makePKI();
    const issuer = { cert: pki.intermediate, key: pki.intKey };
    const starts = await issue({ subject: [['CN', 'starts now']], key: ecKey(), issuer, notBefore: NOW });
    const ends = await issue({ subject: [['CN', 'ends now']], key: ecKey(), issuer, notAfter: NOW });
    for (const leaf of [starts, ends]) {
      expect(
        (await verifyCertificateChain({ chain: [leaf, pki.intermediate], anchors: [pki.root], now: NOW })).trusted,
      ).toBe(true);
    }
    const justBefore = new Date(NOW.getTime() - 1);
    const justAfter = new Date(NOW.getTime() + 1);
    expect(
      (
        await rejected(
          verifyCertificateChain({ chain: [starts, pki.intermediate], anchors: [pki.root], now: justBefore }),
        )
      ).code,
    ).toBe('ERR_CERTIFICATE_EXPIRED');
    expect(
      (await rejected(verifyCertificateChain({ chain: [ends, pki.intermediate], anchors: [pki.root], now: justAfter })))
        .code,
    ).toBe('ERR_CERTIFICATE_EXPIRED');
  });
  it('now must be a valid Date instance', async () => {
    const pki = await makePKI();
    for (const now of [new Date(Number.NaN), { getTime: () => NOW.getTime() } as unknown as Date]) {
      await expect(verifyCertificateChain({ chain: [pki.leaf], anchors: [pki.root], now })).rejects.toThrow(TypeError);
    }
  });
});

describe('anchor selection', () => {
  it('a copy of the anchor inside x5c is not part of the path', async () => {
    const pki = await makePKI();
    const r = await verifyCertificateChain({
      chain: [pki.leaf, pki.intermediate, pki.root],
      anchors: [pki.root],
      now: NOW,
    });
    expect(r.trusted).toBe(true);
    expect(r.anchor?.der).toEqual(pki.root.der);
    expect(r.path.map((c) => c.der)).toEqual([pki.leaf.der, pki.intermediate.der]);
  });
  it('a pinned leaf that is not a CA is its own anchor, and x5c beyond it must still be CAs', async () => {
    const pki = await makePKI();
    for (const chain of [[pki.leaf], [pki.leaf, pki.intermediate]]) {
      const r = await verifyCertificateChain({ chain, anchors: [pki.leaf], now: NOW });
      expect(r.trusted).toBe(true);
      expect(r.anchor?.der).toEqual(pki.leaf.der);
      expect(r.path.map((c) => c.der)).toEqual([pki.leaf.der]);
    }
  });
  it('a leaf issued directly by a non-CA anchor is rejected', async () => {
    const rootKey = ecKey();
    const root = await issue({ subject: [['CN', 'R']], key: rootKey, extensions: LEAF_EXT });
    const leaf = await issue({ subject: [['CN', 'leaf']], key: ecKey(), issuer: { cert: root, key: rootKey } });
    const err = await rejected(verifyCertificateChain({ chain: [leaf], anchors: [root], now: NOW }));
    expect(err.code).toBe('ERR_CERTIFICATE_INVALID');
    expect(err.details).toEqual({ position: 1 });
  });
  it('an anchor with the issuing key but another name does not anchor the path', async () => {
    const pki = await makePKI();
    const sameKeyOtherName = await issue({ subject: [['CN', 'Other Root']], key: pki.rootKey, extensions: CA_EXT });
    const r = await verifyCertificateChain({
      chain: [pki.leaf, pki.intermediate],
      anchors: [sameKeyOtherName],
      now: NOW,
    });
    expect(r.trusted).toBe(false);
  });
  it('among anchors sharing name and key, the one valid now is chosen', async () => {
    const rootKey = ecKey();
    const root = (notBefore: Date, notAfter: Date) =>
      issue({ subject: [['CN', 'Shared Root']], key: rootKey, extensions: CA_EXT, notBefore, notAfter });
    const expired = await root(new Date(NOW.getTime() - 30 * DAY), new Date(NOW.getTime() - DAY));
    const notYet = await root(new Date(NOW.getTime() + DAY), new Date(NOW.getTime() + 30 * DAY));
    const int = await caUnder({ cert: expired, key: rootKey }, 'Int');
    const leaf = await issue({ subject: [['CN', 'leaf']], key: ecKey(), issuer: int, extensions: LEAF_EXT });
    const valid = [
      await root(new Date(NOW.getTime() - DAY), new Date(NOW.getTime() + DAY)),
      await root(NOW, new Date(NOW.getTime() + DAY)), // starts exactly now
      await root(new Date(NOW.getTime() - DAY), NOW), // ends exactly now
    ];
    for (const good of valid) {
      for (const anchors of [
        [expired, good],
        [notYet, good],
      ]) {
        const r = await verifyCertificateChain({ chain: [leaf, int.cert], anchors, now: NOW });
        expect(r.trusted).toBe(true);
        expect(r.anchor?.der).toEqual(good.der);
      }
    }
    // none valid: the first candidate is reported as expired
    expect(
      (await rejected(verifyCertificateChain({ chain: [leaf, int.cert], anchors: [expired, notYet], now: NOW }))).code,
    ).toBe('ERR_CERTIFICATE_EXPIRED');
  });
  it('the walk stops at the first certificate an anchor issued', async () => {
    // x5c[1] is a re-issue of the anchor (same name and key, other DER): the leaf is already anchored.
    const rootKey = ecKey();
    const root = await issue({ subject: [['CN', 'Root']], key: rootKey, extensions: CA_EXT });
    const reissued = await issue({ subject: [['CN', 'Root']], key: rootKey, extensions: CA_EXT, serialNumber: 77 });
    const leaf = await issue({
      subject: [['CN', 'leaf']],
      key: ecKey(),
      issuer: { cert: root, key: rootKey },
      extensions: LEAF_EXT,
    });
    const r = await verifyCertificateChain({ chain: [leaf, reissued], anchors: [root], now: NOW });
    expect(r.trusted).toBe(true);
    expect(r.anchor?.der).toEqual(root.der);
    expect(r.path.map((c) => c.der)).toEqual([leaf.der]);
  });
  it('a v1 anchor without extensions issues intermediates', async () => {
    const rootKey = ecKey();
    const v1 = await issue({ subject: [['CN', 'V1 Root']], key: rootKey, version: 1 });
    const int = await caUnder({ cert: v1, key: rootKey }, 'Int');
    const leaf = await issue({ subject: [['CN', 'leaf']], key: ecKey(), issuer: int, extensions: LEAF_EXT });
    expect((await verifyCertificateChain({ chain: [leaf, int.cert], anchors: [v1], now: NOW })).trusted).toBe(true);
    // beyond an anchor inside x5c, a v1 root is tolerated as well
    const r = await verifyCertificateChain({ chain: [leaf, int.cert, v1], anchors: [int.cert], now: NOW });
    expect(r.trusted).toBe(true);
    expect(r.path).toHaveLength(1);
  });
  it('x5c certificates beyond the anchor must be CAs', async () => {
    const yKey = ecKey();
    const notCA = await issue({ subject: [['CN', 'Not a CA']], key: yKey, extensions: LEAF_EXT });
    const int = await caUnder({ cert: notCA, key: yKey }, 'Int');
    const leaf = await issue({ subject: [['CN', 'leaf']], key: ecKey(), issuer: int, extensions: LEAF_EXT });
    const err = await rejected(
      verifyCertificateChain({ chain: [leaf, int.cert, notCA], anchors: [int.cert], now: NOW }),
    );
    expect(err.code).toBe('ERR_CERTIFICATE_INVALID');
    expect(err.details).toEqual({ position: 2 });
  });
});

describe('pathLenConstraint', () => {
  it('self-issued intermediates (key rollover) do not count', async () => {
    const rootKey = ecKey();
    const name: [string, string][] = [['CN', 'Rollover CA']];
    const root = await issue({
      subject: name,
      key: rootKey,
      extensions: { basicConstraints: { ca: true, pathLength: 0 }, keyUsage: ['keyCertSign'] },
    });
    const newKey = ecKey();
    const rolled = await issue({
      subject: name,
      key: newKey,
      issuer: { cert: root, key: rootKey },
      extensions: CA_EXT,
    });
    expect(rolled.subjectDer).toEqual(rolled.issuerDer);
    const leaf = await issue({
      subject: [['CN', 'leaf']],
      key: ecKey(),
      issuer: { cert: rolled, key: newKey },
      extensions: LEAF_EXT,
    });
    const r = await verifyCertificateChain({ chain: [leaf, rolled], anchors: [root], now: NOW });
    expect(r.trusted).toBe(true);
    expect(r.path).toHaveLength(2);
  });
});

describe('an intermediate must be a version 3 certificate (RFC 5280 §6.1.4 (k))', () => {
  it('a Certificate object claiming version 1 with cA TRUE is refused at its position', async () => {
    const pki = await makePKI();
    const int = await caUnder({ cert: pki.root, key: pki.rootKey }, 'Int');
    const leaf = await issue({ subject: [['CN', 'leaf']], key: ecKey(), issuer: int, extensions: LEAF_EXT });
    const ok = await verifyCertificateChain({ chain: [leaf, int.cert], anchors: [pki.root], now: NOW });
    expect(ok.trusted).toBe(true);
    const v1 = { ...int.cert, version: 1 } as Certificate;
    const err = await rejected(verifyCertificateChain({ chain: [leaf, v1], anchors: [pki.root], now: NOW }));
    expect(err.code).toBe('ERR_CERTIFICATE_INVALID');
    expect(err.details).toEqual({ position: 1 });
  });
});
