import { describe, expect, it } from 'vitest';
import {
  derExplicit,
  derNull,
  derOctetString,
  derPrimitive,
  derSequence,
  derSetOf,
  derSmallInteger,
  tlv,
} from '../../src/certificates/der.js';
import {
  parseAAGUIDExtension,
  parseAndroidKeyDescription,
  parseAppleNonceExtension,
  parseFIDOTransportsExtension,
  parseTPMSubjectAltName,
} from '../../src/certificates/extensions.js';
import { parseCertificate } from '../../src/certificates/parse.js';
import { hasSharedFixtures } from '../helpers/shared-fixtures.js';
import { fixtureChains } from './fixture-certs.js';
import { ecKey, issue } from './pki.js';

const HAS = hasSharedFixtures('certificates/extensions');

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return (err as { code?: string }).code;
  }
  return undefined;
}

describe.skipIf(!HAS)('extensions in fixture certificates', () => {
  const chains = HAS ? fixtureChains() : [];
  const leaf = (id: string) => parseCertificate(chains.find((c) => c.id === id)!.x5c[0]!);

  for (const c of chains.filter((x) => x.fmt === 'android-key')) {
    it(`${c.id}: KeyDescription parses`, () => {
      const kd = parseAndroidKeyDescription(parseCertificate(c.x5c[0]!));
      expect(kd).toBeDefined();
      expect(kd!.attestationChallenge.length).toBeGreaterThan(0);
      expect(kd!.softwareEnforced.allApplications).toBe(false);
      expect(kd!.teeEnforced.allApplications).toBe(false);
      // the W3C vector carries empty AuthorizationLists; real devices list purpose SIGN and origin GENERATED
      if (kd!.teeEnforced.tags.length + kd!.softwareEnforced.tags.length > 0) {
        const purposes = [...(kd!.teeEnforced.purpose ?? []), ...(kd!.softwareEnforced.purpose ?? [])];
        expect(purposes).toContain(2);
        expect(kd!.teeEnforced.origin ?? kd!.softwareEnforced.origin).toBe(0);
      }
    });
  }

  it('real devices carry rootOfTrust and hardware levels', () => {
    const kd = parseAndroidKeyDescription(leaf('swa-android-key-es256-pixel-8a'))!;
    expect(kd.attestationSecurityLevel).toBeGreaterThanOrEqual(1);
    expect(kd.teeEnforced.rootOfTrust).toBeInstanceOf(Uint8Array);
    expect(kd.teeEnforced.algorithm).toBe(3);
    expect(kd.teeEnforced.keySize).toBe(256);
  });

  for (const c of chains.filter((x) => x.fmt === 'apple')) {
    it(`${c.id}: Apple nonce is 32 bytes`, () => {
      expect(parseAppleNonceExtension(parseCertificate(c.x5c[0]!))?.nonce.length).toBe(32);
    });
  }

  for (const c of chains.filter((x) => x.fmt === 'tpm')) {
    it(`${c.id}: TPM SAN and EKU`, () => {
      const cert = parseCertificate(c.x5c[0]!);
      const san = parseTPMSubjectAltName(cert);
      expect(san?.manufacturer).toMatch(/^id:[0-9A-Fa-f]{8}$/);
      expect(san?.model).toBeTruthy();
      expect(san?.version).toBeTruthy();
      expect(cert.extendedKeyUsage).toContain('2.23.133.8.3');
    });
  }

  it('AAGUID extension from packed and tpm certificates', () => {
    for (const id of ['swa-packed-x5c-es256-aaguid-ext-match', 'swa-tpm-aaguid-ext-match']) {
      const ext = parseAAGUIDExtension(leaf(id));
      expect(ext?.aaguid.length).toBe(16);
      expect(ext?.critical).toBe(false);
    }
  });

  it('FIDO transports extension (chrome virtual batch certificate)', () => {
    expect(parseFIDOTransportsExtension(leaf('swa-packed-x5c-es256-chrome-virtual-broken-basic-constraints'))).toEqual([
      'usb',
    ]);
  });
});

const ANDROID_OID = '1.3.6.1.4.1.11129.2.1.17';

function keyDescription(
  overrides: { sw?: Uint8Array; tee?: Uint8Array; challenge?: Uint8Array; extra?: Uint8Array[] } = {},
) {
  const authList = (...fields: Uint8Array[]) => derSequence(fields);
  const tagged = (n: number, inner: Uint8Array) => tlv('context', true, n, inner);
  const tee =
    overrides.tee ??
    authList(
      tagged(1, derSetOf([derSmallInteger(2)])),
      tagged(2, derSmallInteger(3)),
      tagged(3, derSmallInteger(256)),
      tagged(503, derNull()), // noAuthRequired: tolerated, not decoded
      tagged(702, derSmallInteger(0)),
      tagged(704, derSequence([derOctetString(new Uint8Array(32)), derPrimitive(1, Uint8Array.of(0xff))])),
    );
  return derSequence([
    derSmallInteger(3),
    derPrimitive(10, Uint8Array.of(1)),
    derSmallInteger(4),
    derPrimitive(10, Uint8Array.of(1)),
    derOctetString(overrides.challenge ?? new Uint8Array(32).fill(9)),
    derOctetString(new Uint8Array(0)),
    overrides.sw ?? authList(tagged(709, derOctetString(Uint8Array.of(1, 2)))),
    tee,
    ...(overrides.extra ?? []),
  ]);
}

async function certWith(oid: string, value: Uint8Array) {
  return issue({ subject: [['CN', 'ext']], key: ecKey(), extensions: { raw: [{ oid, critical: false, value }] } });
}

describe('Android KeyDescription (built)', () => {
  it('parses known fields and tolerates others', async () => {
    const kd = parseAndroidKeyDescription(await certWith(ANDROID_OID, keyDescription()))!;
    expect(kd).toMatchObject({ attestationVersion: 3, attestationSecurityLevel: 1, keymasterVersion: 4 });
    expect(kd.teeEnforced).toMatchObject({
      purpose: [2],
      algorithm: 3,
      keySize: 256,
      origin: 0,
      allApplications: false,
    });
    expect(kd.teeEnforced.tags).toEqual([1, 2, 3, 503, 702, 704]);
    expect(kd.softwareEnforced.attestationApplicationId).toEqual(Uint8Array.of(1, 2));
  });
  it('reports allApplications', async () => {
    const sw = derSequence([tlv('context', true, 600, derNull())]);
    expect(
      parseAndroidKeyDescription(await certWith(ANDROID_OID, keyDescription({ sw })))!.softwareEnforced.allApplications,
    ).toBe(true);
  });
  it('fails closed on malformed descriptions', async () => {
    const bad = [
      keyDescription().slice(0, -1), // truncated
      new Uint8Array([...keyDescription(), 0]), // trailing byte
      keyDescription({ tee: derSequence([tlv('context', true, 1, derSmallInteger(2))]) }), // purpose not a SET
      keyDescription({ tee: derSequence([derSmallInteger(2)]) }), // untagged member
      keyDescription({
        tee: derSequence([tlv('context', true, 2, derSmallInteger(3)), tlv('context', true, 2, derSmallInteger(3))]),
      }), // duplicate tag
      keyDescription({ tee: derSequence([tlv('context', true, 702, derOctetString(new Uint8Array(1)))]) }), // origin not INTEGER
      keyDescription({ tee: derSequence([tlv('context', true, 600, derSmallInteger(1))]) }), // allApplications not NULL
      derSequence([derSmallInteger(3)]), // too short
      derOctetString(new Uint8Array(4)),
    ];
    for (const value of bad) {
      const cert = await certWith(ANDROID_OID, value);
      expect(code(() => parseAndroidKeyDescription(cert))).toBe('ERR_CERTIFICATE_INVALID');
    }
  });
  it('returns undefined when absent', async () => {
    const cert = await issue({ subject: [['CN', 'none']], key: ecKey() });
    expect(parseAndroidKeyDescription(cert)).toBeUndefined();
    expect(parseAppleNonceExtension(cert)).toBeUndefined();
    expect(parseAAGUIDExtension(cert)).toBeUndefined();
    expect(parseTPMSubjectAltName(cert)).toBeUndefined();
    expect(parseFIDOTransportsExtension(cert)).toBeUndefined();
  });
});

describe('Apple nonce (built)', () => {
  it('rejects other shapes', async () => {
    for (const value of [
      derSequence([derExplicit(2, derOctetString(new Uint8Array(32)))]),
      derSequence([derOctetString(new Uint8Array(32))]),
      derSequence([tlv('context', false, 1, new Uint8Array(32))]),
      derSequence([derExplicit(1, derOctetString(new Uint8Array(32))), derNull()]),
    ]) {
      const cert = await certWith('1.2.840.113635.100.8.2', value);
      expect(code(() => parseAppleNonceExtension(cert))).toBe('ERR_CERTIFICATE_INVALID');
    }
  });
});
