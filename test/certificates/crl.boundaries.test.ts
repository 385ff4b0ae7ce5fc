/**
 * CRL parsing edge cases (src/certificates/crl.ts) built member by member, and revocation
 * checking boundaries (freshness window, issuer keyUsage, error details).
 */
import { describe, expect, it } from 'vitest';
import { encodeSignatureAlgorithm } from '../../src/certificates/algorithms.js';
import { createCRL, encodeName } from '../../src/certificates/builder.js';
import { checkRevocation, parseCRL } from '../../src/certificates/crl.js';
import {
  derBitString,
  derBoolean,
  derExplicit,
  derNull,
  derOctetString,
  derOID,
  derPrimitive,
  derSequence,
  derSmallInteger,
  derTime,
  TAG,
  tlv,
} from '../../src/certificates/der.js';
import type { Certificate } from '../../src/certificates/types.js';
import { WebAuthnError } from '../../src/errors.js';
import { rejected, thrown } from '../helpers/outcome.js';
import { DAY, ecKey, issue, makePKI, NOW, type TestKey } from './pki.js';

const EXT = {
  cRLNumber: '2.5.29.20',
  cRLReason: '2.5.29.21',
  invalidityDate: '2.5.29.24',
  certificateIssuer: '2.5.29.29',
  deltaCRLIndicator: '2.5.29.27',
  issuingDistributionPoint: '2.5.29.28',
  authorityKeyIdentifier: '2.5.29.35',
  issuerAltName: '2.5.29.18',
  unknown: '1.2.3.4',
};

const ES256 = encodeSignatureAlgorithm({ name: 'ECDSA', hash: 'SHA-256', encoding: 'der' });
const ES384 = encodeSignatureAlgorithm({ name: 'ECDSA', hash: 'SHA-384', encoding: 'der' });

/** Extension DER; `critical` undefined omits the BOOLEAN. */
function ext(oid: string, value: Uint8Array, critical?: boolean): Uint8Array {
  return derSequence([derOID(oid), ...(critical === undefined ? [] : [derBoolean(critical)]), derOctetString(value)]);
}
const crlNumber = (n = 7) => ext(EXT.cRLNumber, derSmallInteger(n));
const entry = (serial: number, ...entryExts: Uint8Array[]) =>
  derSequence([
    derSmallInteger(serial),
    derTime(new Date(NOW.getTime() - DAY)),
    ...(entryExts.length > 0 ? [derSequence(entryExts)] : []),
  ]);

interface TBSParts {
  version?: Uint8Array | null;
  innerAlg?: Uint8Array;
  outerAlg?: Uint8Array;
  thisUpdate?: Uint8Array | null;
  nextUpdate?: Uint8Array | null;
  revoked?: Uint8Array[] | null;
  extensions?: Uint8Array[] | null;
  extra?: Uint8Array[];
}

/** A CRL assembled member by member with a dummy signature (parsing never verifies it). */
function crlDER(o: TBSParts = {}): Uint8Array {
  const tbs = derSequence([
    ...(o.version === null ? [] : [o.version ?? derSmallInteger(1)]),
    o.innerAlg ?? ES256,
    encodeName([['CN', 'CRL Issuer']]),
    ...(o.thisUpdate === null ? [] : [o.thisUpdate ?? derTime(NOW)]),
    ...(o.nextUpdate === null ? [] : [o.nextUpdate ?? derTime(new Date(NOW.getTime() + DAY))]),
    ...(o.revoked === null || o.revoked === undefined ? [] : [derSequence(o.revoked)]),
    ...(o.extensions === null ? [] : [derExplicit(0, derSequence(o.extensions ?? [crlNumber()]))]),
    ...(o.extra ?? []),
  ]);
  return derSequence([tbs, o.outerAlg ?? ES256, derBitString(new Uint8Array(8).fill(1))]);
}
const parsed = (o: TBSParts = {}) => parseCRL(crlDER(o));
const parseCode = (o: TBSParts) => thrown(() => parsed(o)).code;

function ownsBuffer(bytes: Uint8Array): boolean {
  return bytes.byteOffset === 0 && bytes.buffer.byteLength === bytes.length;
}

describe('parseCRL: input and errors', () => {
  it('rejects non-bytes with TypeError', () => {
    expect(() => parseCRL('MIIB' as unknown as Uint8Array)).toThrow(TypeError);
    expect(() => parseCRL(new ArrayBuffer(4) as unknown as Uint8Array)).toThrow(TypeError);
  });
  it('keeps its own copy of the DER', () => {
    const der = crlDER();
    const crl = parseCRL(der);
    der.fill(0);
    expect(crl.der[0]).toBe(0x30);
    expect(crl.tbs[0]).toBe(0x30);
  });
  it('a rule violation is reported directly, without a cause', () => {
    const err = thrown(() => parsed({ version: derSmallInteger(2) }));
    expect(err.code).toBe('ERR_CERTIFICATE_INVALID');
    expect(err.cause).toBeUndefined();
  });
  it('an unexpected failure inside the parser is wrapped as ERR_CERTIFICATE_INVALID with its cause', () => {
    // a revoked entry without revocationDate: the time decoder receives nothing
    const err = thrown(() => parsed({ revoked: [derSequence([derSmallInteger(5)])] }));
    expect(err.code).toBe('ERR_CERTIFICATE_INVALID');
    expect(err.cause).toBeInstanceOf(Error);
    expect(err.cause).not.toBeInstanceOf(WebAuthnError);
    const noThisUpdate = thrown(() => parsed({ thisUpdate: null, nextUpdate: null, extensions: null }));
    expect(noThisUpdate.code).toBe('ERR_CERTIFICATE_INVALID');
  });
});

describe('parseCRL: TBSCertList members', () => {
  it('parses a minimal v2 CRL', () => {
    const crl = parsed();
    expect(crl).toMatchObject({
      thisUpdate: NOW,
      nextUpdate: new Date(NOW.getTime() + DAY),
      revoked: [],
      crlNumber: '07',
      authorityKeyIdentifier: undefined,
      complete: true,
      signatureScheme: { name: 'ECDSA', hash: 'SHA-256' },
    });
    expect(crl.issuer.map((a) => a.value)).toEqual(['CRL Issuer']);
    expect(crl.extensions).toEqual([{ oid: EXT.cRLNumber, critical: false, value: derSmallInteger(7) }]);
  });
  it('a v1 CRL (no version, no extensions) parses', () => {
    const crl = parsed({ version: null, extensions: null, revoked: [entry(9)] });
    expect(crl.extensions).toEqual([]);
    expect(crl.crlNumber).toBeUndefined();
    expect(crl.revoked.map((r) => r.serialNumber)).toEqual(['09']);
    expect(crl.complete).toBe(true);
  });
  it('version must be exactly INTEGER 1', () => {
    for (const version of [
      derSmallInteger(0),
      derSmallInteger(2),
      derPrimitive(TAG.INTEGER, Uint8Array.of(1, 0)),
      derPrimitive(TAG.INTEGER, Uint8Array.of(0, 1)),
    ]) {
      expect(parseCode({ version })).toBe('ERR_CERTIFICATE_INVALID');
    }
  });
  it('tbsCertList.signature must equal signatureAlgorithm', () => {
    expect(parseCode({ innerAlg: ES384 })).toBe('ERR_CERTIFICATE_INVALID');
    expect(parsed({ innerAlg: ES384, outerAlg: ES384 }).signatureScheme).toMatchObject({ hash: 'SHA-384' });
  });
  it('nextUpdate is optional', () => {
    expect(parsed({ nextUpdate: null }).nextUpdate).toBeUndefined();
  });
  it('rejects fields after crlExtensions, or in place of them', () => {
    expect(parseCode({ extra: [derNull()] })).toBe('ERR_CERTIFICATE_INVALID');
    expect(parseCode({ extensions: null, extra: [derExplicit(1, derSequence([]))] })).toBe('ERR_CERTIFICATE_INVALID');
  });
});

describe('parseCRL: revoked entries', () => {
  const reason = (code: Uint8Array) => ext(EXT.cRLReason, derPrimitive(TAG.ENUMERATED, code));
  const invalidity = (critical?: boolean) =>
    ext(EXT.invalidityDate, derPrimitive(TAG.GENERALIZED_TIME, new TextEncoder().encode('20250501000000Z')), critical);

  it('reads serial, date and reason', () => {
    const crl = parsed({ revoked: [entry(0x1234, reason(Uint8Array.of(1))), entry(0x80)] });
    expect(crl.revoked).toEqual([
      { serialNumber: '1234', revocationDate: new Date(NOW.getTime() - DAY), reason: 1 },
      { serialNumber: '0080', revocationDate: new Date(NOW.getTime() - DAY), reason: undefined },
    ]);
  });
  it('a reason that is not one octet is undefined', () => {
    expect(parsed({ revoked: [entry(1, reason(Uint8Array.of(0, 1)))] }).revoked[0]?.reason).toBeUndefined();
  });
  it('a reason that is not ENUMERATED is rejected', () => {
    expect(parseCode({ revoked: [entry(1, ext(EXT.cRLReason, derSmallInteger(1)))] })).toBe('ERR_CERTIFICATE_INVALID');
  });
  it('invalidityDate is tolerated, even critical; only the reason is decoded', () => {
    for (const critical of [undefined, true]) {
      const crl = parsed({ revoked: [entry(1, invalidity(critical), reason(Uint8Array.of(4)))] });
      expect(crl.revoked[0]?.reason).toBe(4);
      expect(crl.complete).toBe(true);
    }
  });
  it('an unknown entry extension makes the CRL incomplete only when critical', () => {
    const issuerExt = ext(EXT.certificateIssuer, derSequence([]), true);
    expect(parsed({ revoked: [entry(1, issuerExt)] }).complete).toBe(false);
    expect(parsed({ revoked: [entry(1, ext(EXT.unknown, derNull(), true))] }).complete).toBe(false);
    expect(parsed({ revoked: [entry(1, ext(EXT.unknown, derNull()))] }).complete).toBe(true);
    expect(parsed({ revoked: [entry(1, ext(EXT.unknown, derNull(), false))] }).complete).toBe(true);
  });
  it('rejects an empty serial and a fourth member', () => {
    const empty = derSequence([derPrimitive(TAG.INTEGER, new Uint8Array(0)), derTime(NOW)]);
    expect(parseCode({ revoked: [empty] })).toBe('ERR_CERTIFICATE_INVALID');
    const four = derSequence([derSmallInteger(1), derTime(NOW), derSequence([]), derNull()]);
    expect(parseCode({ revoked: [four] })).toBe('ERR_CERTIFICATE_INVALID');
  });
});

describe('parseCRL: extensions', () => {
  it('decodes criticality: absent and FALSE are non-critical, TRUE is critical', () => {
    const crl = parsed({
      extensions: [crlNumber(), ext(EXT.unknown, derNull(), false), ext(EXT.issuerAltName, derSequence([]), true)],
    });
    expect(crl.extensions.map((e) => [e.oid, e.critical])).toEqual([
      [EXT.cRLNumber, false],
      [EXT.unknown, false],
      [EXT.issuerAltName, true],
    ]);
    expect(crl.complete).toBe(true);
  });
  it('extension values are copies', () => {
    const crl = parsed();
    expect(ownsBuffer(crl.extensions[0]!.value)).toBe(true);
  });
  it('rejects a malformed BOOLEAN, extra members and duplicates', () => {
    const badBool = derSequence([
      derOID(EXT.unknown),
      derPrimitive(TAG.BOOLEAN, Uint8Array.of(0xff, 0xff)),
      derOctetString(derNull()),
    ]);
    const extra = derSequence([derOID(EXT.unknown), derOctetString(derNull()), derNull()]);
    for (const extensions of [[badBool], [extra], [crlNumber(1), crlNumber(2)]]) {
      expect(parseCode({ extensions })).toBe('ERR_CERTIFICATE_INVALID');
    }
    // the same rules hold for entry extensions
    expect(parseCode({ revoked: [entry(1, extra)] })).toBe('ERR_CERTIFICATE_INVALID');
  });
  it('known CRL extensions may be critical; an unknown critical one makes the CRL incomplete', () => {
    const aki = ext(EXT.authorityKeyIdentifier, derSequence([tlv('context', false, 0, Uint8Array.of(1))]), true);
    expect(parsed({ extensions: [ext(EXT.cRLNumber, derSmallInteger(3), true), aki] }).complete).toBe(true);
    expect(parsed({ extensions: [crlNumber(), ext(EXT.unknown, derNull(), true)] }).complete).toBe(false);
    expect(parsed({ extensions: [crlNumber(), ext(EXT.unknown, derNull())] }).complete).toBe(true);
  });
  it('delta and partitioned CRLs are incomplete even when not marked critical', () => {
    for (const oid of [EXT.deltaCRLIndicator, EXT.issuingDistributionPoint]) {
      expect(parsed({ extensions: [crlNumber(), ext(oid, derSmallInteger(1))] }).complete).toBe(false);
      expect(parsed({ extensions: [ext(oid, derSmallInteger(1)), crlNumber()] }).complete).toBe(false);
    }
  });
  it('crlNumber comes from the cRLNumber extension only', () => {
    expect(parsed({ extensions: [ext(EXT.unknown, derSmallInteger(5)), crlNumber(0x1ff)] }).crlNumber).toBe('01ff');
    expect(parsed({ extensions: [ext(EXT.unknown, derSmallInteger(5))] }).crlNumber).toBeUndefined();
  });
  it('authorityKeyIdentifier: the primitive [0] keyIdentifier, copied', () => {
    const akiOf = (...members: Uint8Array[]) =>
      parsed({ extensions: [crlNumber(), ext(EXT.authorityKeyIdentifier, derSequence(members))] })
        .authorityKeyIdentifier;
    const keyId = akiOf(tlv('context', false, 0, Uint8Array.of(0xaa, 0xbb)));
    expect(keyId).toEqual(Uint8Array.of(0xaa, 0xbb));
    expect(ownsBuffer(keyId!)).toBe(true);
    expect(akiOf(tlv('context', true, 0, derOctetString(Uint8Array.of(0xaa))))).toBeUndefined();
    expect(akiOf(tlv('context', true, 1, derSequence([])))).toBeUndefined();
    expect(akiOf()).toBeUndefined();
  });
});

// ---------------------------------------------------------------------------------------------
// checkRevocation

async function signedCRL(
  issuer: Certificate,
  key: TestKey,
  o: { thisUpdate: Date; nextUpdate: Date; revoked?: Certificate[] },
): Promise<Uint8Array> {
  return createCRL({
    issuer: issuer.subjectDer,
    thisUpdate: o.thisUpdate,
    nextUpdate: o.nextUpdate,
    revoked: (o.revoked ?? []).map((c) => ({
      serialNumber: c.serialNumber,
      revocationDate: new Date(NOW.getTime() - DAY),
    })),
    signatureAlgorithm: key.scheme,
    sign: key.sign,
  });
}

describe('checkRevocation', () => {
  it('a CRL is fresh from thisUpdate through nextUpdate inclusive', async () => {
    const pki = await makePKI();
    const path = [pki.leaf, pki.intermediate];
    const week = new Date(NOW.getTime() + 7 * DAY);
    for (const window of [
      { thisUpdate: NOW, nextUpdate: week },
      { thisUpdate: new Date(NOW.getTime() - DAY), nextUpdate: NOW },
    ]) {
      const crl = await signedCRL(pki.intermediate, pki.intKey, window);
      const r = await checkRevocation({ path, crls: [crl], now: NOW, policy: 'fail-closed' });
      expect(r.checked).toEqual([{ serialNumber: pki.leaf.serialNumber, status: 'good' }]);
    }
    const crl = await signedCRL(pki.intermediate, pki.intKey, { thisUpdate: NOW, nextUpdate: week });
    const before = new Date(NOW.getTime() - 1000);
    const after = new Date(week.getTime() + 1000);
    for (const now of [before, after]) {
      expect((await checkRevocation({ path, crls: [crl], now, policy: 'fail-open' })).checked[0]?.status).toBe(
        'unknown',
      );
    }
  });
  it('an issuer without keyUsage may sign CRLs', async () => {
    const rootKey = ecKey();
    const root = await issue({
      subject: [['CN', 'No KU Root']],
      key: rootKey,
      extensions: { basicConstraints: { ca: true } },
    });
    expect(root.keyUsage).toBeUndefined();
    const leaf = await issue({ subject: [['CN', 'leaf']], key: ecKey(), issuer: { cert: root, key: rootKey } });
    const crl = await signedCRL(root, rootKey, { thisUpdate: NOW, nextUpdate: new Date(NOW.getTime() + DAY) });
    const r = await checkRevocation({ path: [leaf, root], crls: [crl], now: NOW, policy: 'fail-closed' });
    expect(r.checked).toEqual([{ serialNumber: leaf.serialNumber, status: 'good' }]);
  });
  it('errors name the certificate and its position on the path', async () => {
    const pki = await makePKI();
    const path = [pki.leaf, pki.intermediate, pki.root];
    const window = { thisUpdate: NOW, nextUpdate: new Date(NOW.getTime() + DAY) };
    const intCRL = await signedCRL(pki.intermediate, pki.intKey, window);
    const revoked = await rejected(
      checkRevocation({
        path,
        crls: [intCRL, await signedCRL(pki.root, pki.rootKey, { ...window, revoked: [pki.intermediate] })],
        now: NOW,
        policy: 'fail-closed',
      }),
    );
    expect(revoked.code).toBe('ERR_CERTIFICATE_REVOKED');
    expect(revoked.details).toEqual({ serialNumber: pki.intermediate.serialNumber, position: 1 });
    const missing = await rejected(checkRevocation({ path, crls: [intCRL], now: NOW, policy: 'fail-closed' }));
    expect(missing.code).toBe('ERR_REVOCATION_UNAVAILABLE');
    expect(missing.details).toEqual({ serialNumber: pki.intermediate.serialNumber, position: 1 });
  });
});
