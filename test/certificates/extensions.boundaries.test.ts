/**
 * Boundary and negative vectors for the attestation extension parsers (src/certificates/extensions.ts).
 * The parsers are pure functions of `cert.extensions`, so most cases use a minimal certificate
 * shape carrying only the extension under test.
 */
import { describe, expect, it } from 'vitest';
import { encodeName } from '../../src/certificates/builder.js';
import {
  derBitString,
  derExplicit,
  derNull,
  derOctetString,
  derOID,
  derPrimitive,
  derSequence,
  derSetOf,
  derSmallInteger,
  derString,
  TAG,
  tlv,
} from '../../src/certificates/der.js';
import {
  decodeOIDValue,
  getExtendedKeyUsage,
  parseAAGUIDExtension,
  parseAndroidKeyDescription,
  parseAppleNonceExtension,
  parseFIDOTransportsExtension,
  parseTPMSubjectAltName,
} from '../../src/certificates/extensions.js';
import type { Certificate } from '../../src/certificates/types.js';
import { WebAuthnError } from '../../src/errors.js';
import { thrown } from '../helpers/outcome.js';

const OID = {
  aaguid: '1.3.6.1.4.1.45724.1.1.4',
  transports: '1.3.6.1.4.1.45724.2.1.1',
  appleNonce: '1.2.840.113635.100.8.2',
  android: '1.3.6.1.4.1.11129.2.1.17',
  san: '2.5.29.17',
};

/** A certificate carrying one extension (the parsers only read `extensions`). */
function withExt(oid: string, value: Uint8Array, critical = false): Certificate {
  return { extensions: [{ oid, critical, value }] } as unknown as Certificate;
}

/** True when `bytes` owns its whole buffer (a copy, not a view into the certificate). */
function ownsBuffer(bytes: Uint8Array): boolean {
  return bytes.byteOffset === 0 && bytes.buffer.byteLength === bytes.length;
}

describe('error causes', () => {
  it('a structural DER failure is reported as is, without a wrapped cause', () => {
    const err = thrown(() => parseAAGUIDExtension(withExt(OID.aaguid, Uint8Array.of(0x04, 0x10, 1))));
    expect(err.code).toBe('ERR_CERTIFICATE_INVALID');
    expect(err.cause).toBeUndefined();
  });
  it('a shape check failure carries no cause', () => {
    const err = thrown(() => parseAAGUIDExtension(withExt(OID.aaguid, derOctetString(new Uint8Array(15)))));
    expect(err.code).toBe('ERR_CERTIFICATE_INVALID');
    expect(err.cause).toBeUndefined();
  });
  it('a schema decoder failure is wrapped with the decoder error as cause', () => {
    // Well-formed DER, but not a KeyDescription: the ASN.1 schema parser throws a plain Error.
    const err = thrown(() =>
      parseAndroidKeyDescription(withExt(OID.android, derSequence([derOctetString(new Uint8Array(1))]))),
    );
    expect(err.code).toBe('ERR_CERTIFICATE_INVALID');
    expect(err.cause).toBeInstanceOf(Error);
    expect(err.cause).not.toBeInstanceOf(WebAuthnError);
  });
});

describe('AAGUID extension', () => {
  it('accepts exactly 16 bytes in an OCTET STRING and reports criticality', () => {
    const aaguid = Uint8Array.from({ length: 16 }, (_, i) => i + 1);
    expect(parseAAGUIDExtension(withExt(OID.aaguid, derOctetString(aaguid), true))).toEqual({ aaguid, critical: true });
  });
  it('rejects 15 and 17 bytes', () => {
    for (const n of [15, 17]) {
      expect(thrown(() => parseAAGUIDExtension(withExt(OID.aaguid, derOctetString(new Uint8Array(n))))).code).toBe(
        'ERR_CERTIFICATE_INVALID',
      );
    }
  });
  it('rejects 16 bytes under another universal tag', () => {
    for (const tag of [TAG.INTEGER, TAG.BIT_STRING, TAG.UTF8_STRING]) {
      const value = derPrimitive(tag, new Uint8Array(16).fill(0x11));
      expect(thrown(() => parseAAGUIDExtension(withExt(OID.aaguid, value))).code).toBe('ERR_CERTIFICATE_INVALID');
    }
  });
  it('rejects a constructed OCTET STRING of 16 bytes', () => {
    const value = tlv('universal', true, TAG.OCTET_STRING, derOctetString(new Uint8Array(14)));
    expect(thrown(() => parseAAGUIDExtension(withExt(OID.aaguid, value))).code).toBe('ERR_CERTIFICATE_INVALID');
  });
  it('returns a copy of the AAGUID', () => {
    const value = derOctetString(new Uint8Array(16).fill(7));
    const cert = withExt(OID.aaguid, value);
    const { aaguid } = parseAAGUIDExtension(cert)!;
    expect(ownsBuffer(aaguid)).toBe(true);
    aaguid.fill(0);
    expect(parseAAGUIDExtension(cert)!.aaguid).toEqual(new Uint8Array(16).fill(7));
  });
});

describe('FIDO transports extension', () => {
  const transports = (value: Uint8Array) => parseFIDOTransportsExtension(withExt(OID.transports, value));

  it('maps each named bit to its transport', () => {
    expect(transports(derBitString(Uint8Array.of(0x80), 7))).toEqual(['ble']); // bluetoothRadio(0)
    expect(transports(derBitString(Uint8Array.of(0x40), 6))).toEqual(['ble']); // bluetoothLowEnergy(1)
    expect(transports(derBitString(Uint8Array.of(0x20), 5))).toEqual(['usb']); // uSB(2)
    expect(transports(derBitString(Uint8Array.of(0x10), 4))).toEqual(['nfc']); // nFC(3)
    expect(transports(derBitString(Uint8Array.of(0x08), 3))).toEqual(['internal']); // uSBInternal(4)
    expect(transports(derBitString(Uint8Array.of(0xf8), 3))).toEqual(['ble', 'usb', 'nfc', 'internal']);
  });
  it('an empty BIT STRING (unused-bits octet only) names no transport', () => {
    expect(transports(Uint8Array.of(0x03, 0x01, 0x00))).toEqual([]);
  });
  it('accepts 7 unused bits and rejects 8', () => {
    expect(transports(derBitString(Uint8Array.of(0x80), 7))).toEqual(['ble']);
    expect(thrown(() => transports(derBitString(Uint8Array.of(0x80), 8))).code).toBe('ERR_CERTIFICATE_INVALID');
  });
  it('ignores bits marked unused', () => {
    // 0x10 is bit 3 (nFC) and 0x08 bit 4 (uSBInternal); with 5 (resp. 4) unused bits they are not part of the value.
    expect(transports(derBitString(Uint8Array.of(0x10), 5))).toEqual([]);
    expect(transports(derBitString(Uint8Array.of(0x08), 4))).toEqual([]);
  });
  it('ignores bits beyond the named ones', () => {
    expect(transports(derBitString(Uint8Array.of(0x04)))).toEqual([]); // bit 5
    expect(transports(derBitString(Uint8Array.of(0x07, 0xff)))).toEqual([]); // bits 5..15
    expect(transports(derBitString(Uint8Array.of(0x27, 0xff)))).toEqual(['usb']);
  });
  it('rejects an empty value, another tag and a constructed BIT STRING', () => {
    for (const value of [
      Uint8Array.of(0x03, 0x00),
      derOctetString(Uint8Array.of(0x00, 0x20)),
      tlv('universal', true, TAG.BIT_STRING, derBitString(Uint8Array.of(0x20))),
    ]) {
      expect(thrown(() => transports(value)).code).toBe('ERR_CERTIFICATE_INVALID');
    }
  });
});

describe('Apple nonce extension', () => {
  const nonceOf = (value: Uint8Array) => parseAppleNonceExtension(withExt(OID.appleNonce, value, true));

  it('reads [1] EXPLICIT OCTET STRING and returns a copy', () => {
    const nonce = new Uint8Array(32).fill(5);
    const r = nonceOf(derSequence([derExplicit(1, derOctetString(nonce))]))!;
    expect(r).toEqual({ nonce, critical: true });
    expect(ownsBuffer(r.nonce)).toBe(true);
  });
  it('rejects a constructed OCTET STRING nonce', () => {
    const inner = tlv('universal', true, TAG.OCTET_STRING, derOctetString(new Uint8Array(32)));
    expect(thrown(() => nonceOf(derSequence([derExplicit(1, inner)]))).code).toBe('ERR_CERTIFICATE_INVALID');
  });
});

// ---------------------------------------------------------------------------------------------
// Android KeyDescription

const tagged = (n: number, inner: Uint8Array) => tlv('context', true, n, inner);
const level = (l: number | Uint8Array) => derPrimitive(TAG.ENUMERATED, typeof l === 'number' ? Uint8Array.of(l) : l);

function keyDescription(
  o: {
    attestationVersion?: Uint8Array;
    attestationSecurityLevel?: number | Uint8Array;
    keymasterVersion?: Uint8Array;
    keymasterSecurityLevel?: number | Uint8Array;
    sw?: Uint8Array;
    tee?: Uint8Array;
  } = {},
): Uint8Array {
  return derSequence([
    o.attestationVersion ?? derSmallInteger(200),
    level(o.attestationSecurityLevel ?? 1),
    o.keymasterVersion ?? derSmallInteger(300),
    level(o.keymasterSecurityLevel ?? 2),
    derOctetString(Uint8Array.of(0xc1, 0xc2, 0xc3)),
    derOctetString(Uint8Array.of(0xd1, 0xd2)),
    o.sw ?? derSequence([]),
    o.tee ?? derSequence([]),
  ]);
}

const android = (value: Uint8Array) => parseAndroidKeyDescription(withExt(OID.android, value));
const teeList = (...fields: Uint8Array[]) => android(keyDescription({ tee: derSequence(fields) }))!.teeEnforced;
const teeCode = (...fields: Uint8Array[]) => thrown(() => teeList(...fields)).code;

describe('Android KeyDescription top level', () => {
  it('maps every KeyDescription member to its field', () => {
    const kd = android(keyDescription())!;
    expect(kd).toMatchObject({
      attestationVersion: 200,
      attestationSecurityLevel: 1,
      keymasterVersion: 300,
      keymasterSecurityLevel: 2,
      attestationChallenge: Uint8Array.of(0xc1, 0xc2, 0xc3),
      uniqueId: Uint8Array.of(0xd1, 0xd2),
      critical: false,
    });
    expect(kd.softwareEnforced.tags).toEqual([]);
  });
  it('keeps softwareEnforced and teeEnforced apart', () => {
    const kd = android(
      keyDescription({
        sw: derSequence([tagged(2, derSmallInteger(1))]),
        tee: derSequence([tagged(2, derSmallInteger(3))]),
      }),
    )!;
    expect(kd.softwareEnforced.algorithm).toBe(1);
    expect(kd.teeEnforced.algorithm).toBe(3);
  });
  it('accepts SecurityLevel 0..2 in either position', () => {
    for (const level of [0, 1, 2]) {
      expect(android(keyDescription({ attestationSecurityLevel: level }))!.attestationSecurityLevel).toBe(level);
      expect(android(keyDescription({ keymasterSecurityLevel: level }))!.keymasterSecurityLevel).toBe(level);
    }
  });
  it('rejects SecurityLevel 3 and -1 in either position', () => {
    for (const level of [3, 0xff]) {
      expect(thrown(() => android(keyDescription({ attestationSecurityLevel: level }))).code).toBe(
        'ERR_CERTIFICATE_INVALID',
      );
      expect(thrown(() => android(keyDescription({ keymasterSecurityLevel: level }))).code).toBe(
        'ERR_CERTIFICATE_INVALID',
      );
    }
  });
  it('rejects a SecurityLevel that is not exactly one octet, in either position', () => {
    // an empty or oversized ENUMERATED would otherwise read as 0 (Software); 00 01 is not minimal
    for (const raw of [new Uint8Array(0), Uint8Array.of(1, 0, 0, 0, 0, 0, 0, 0, 1), Uint8Array.of(0, 1)]) {
      expect(thrown(() => android(keyDescription({ attestationSecurityLevel: raw }))).code).toBe(
        'ERR_CERTIFICATE_INVALID',
      );
      expect(thrown(() => android(keyDescription({ keymasterSecurityLevel: raw }))).code).toBe(
        'ERR_CERTIFICATE_INVALID',
      );
    }
  });
  it('rejects versions too large to be safe integers, in either position', () => {
    const big = derPrimitive(TAG.INTEGER, Uint8Array.of(0x01, 0, 0, 0, 0, 0, 0, 0, 3));
    expect(thrown(() => android(keyDescription({ attestationVersion: big }))).code).toBe('ERR_CERTIFICATE_INVALID');
    expect(thrown(() => android(keyDescription({ keymasterVersion: big }))).code).toBe('ERR_CERTIFICATE_INVALID');
  });
});

describe('Android AuthorizationList', () => {
  it('decodes purpose, algorithm, keySize, digest, ecCurve and origin', () => {
    const list = teeList(
      tagged(1, derSetOf([derSmallInteger(2), derSmallInteger(3)])),
      tagged(2, derSmallInteger(3)),
      tagged(3, derSmallInteger(384)),
      tagged(5, derSetOf([derSmallInteger(4), derSmallInteger(6)])),
      tagged(10, derSmallInteger(1)),
      tagged(702, derSmallInteger(2)),
    );
    expect(list).toMatchObject({ purpose: [2, 3], algorithm: 3, keySize: 384, digest: [4, 6], ecCurve: 1, origin: 2 });
    expect(list.tags).toEqual([1, 2, 3, 5, 10, 702]);
  });
  it('absent members stay undefined', () => {
    expect(teeList()).toEqual({
      purpose: undefined,
      algorithm: undefined,
      keySize: undefined,
      digest: undefined,
      ecCurve: undefined,
      allApplications: false,
      origin: undefined,
      rootOfTrust: undefined,
      attestationApplicationId: undefined,
      tags: [],
    });
  });
  it('digest and ecCurve are type-checked', () => {
    expect(teeCode(tagged(5, derSmallInteger(4)))).toBe('ERR_CERTIFICATE_INVALID'); // digest not a SET
    expect(teeCode(tagged(10, derOctetString(Uint8Array.of(1))))).toBe('ERR_CERTIFICATE_INVALID'); // ecCurve not INTEGER
  });

  describe('INTEGER members', () => {
    const keySize = (contents: Uint8Array) => teeList(tagged(3, derPrimitive(TAG.INTEGER, contents))).keySize;
    const keySizeCode = (contents: Uint8Array) => teeCode(tagged(3, derPrimitive(TAG.INTEGER, contents)));

    it('accept 6 content octets and reject 7', () => {
      expect(keySize(Uint8Array.of(0x7f, 0xff, 0xff, 0xff, 0xff, 0xff))).toBe(0x7fffffffffff);
      expect(keySizeCode(Uint8Array.of(0x01, 0, 0, 0, 0, 0, 0))).toBe('ERR_CERTIFICATE_INVALID');
    });
    it('reject empty contents and negative values', () => {
      expect(keySizeCode(new Uint8Array(0))).toBe('ERR_CERTIFICATE_INVALID');
      expect(keySizeCode(Uint8Array.of(0x80))).toBe('ERR_CERTIFICATE_INVALID');
      expect(keySizeCode(Uint8Array.of(0xff, 0x00))).toBe('ERR_CERTIFICATE_INVALID');
    });
    it('require minimal encoding: 00 80 is 128, 00 7f is not minimal', () => {
      expect(keySize(Uint8Array.of(0x00, 0x80))).toBe(128);
      expect(keySize(Uint8Array.of(0x00))).toBe(0);
      expect(keySizeCode(Uint8Array.of(0x00, 0x7f))).toBe('ERR_CERTIFICATE_INVALID');
      expect(keySizeCode(Uint8Array.of(0x00, 0x00))).toBe('ERR_CERTIFICATE_INVALID');
    });
    it('apply to algorithm, origin, ecCurve and purpose entries', () => {
      const negative = derPrimitive(TAG.INTEGER, Uint8Array.of(0x80));
      expect(teeCode(tagged(2, negative))).toBe('ERR_CERTIFICATE_INVALID');
      expect(teeCode(tagged(702, negative))).toBe('ERR_CERTIFICATE_INVALID');
      expect(teeCode(tagged(10, negative))).toBe('ERR_CERTIFICATE_INVALID');
      expect(teeCode(tagged(1, derSetOf([negative])))).toBe('ERR_CERTIFICATE_INVALID');
      expect(teeCode(tagged(5, derSetOf([negative])))).toBe('ERR_CERTIFICATE_INVALID');
    });
  });

  it('members must be context-specific and constructed', () => {
    // [2] IMPLICIT-looking primitive member holding a well-formed INTEGER
    expect(teeCode(tlv('context', false, 2, derSmallInteger(3)))).toBe('ERR_CERTIFICATE_INVALID');
    // a universal constructed member
    expect(teeCode(derSequence([derSmallInteger(3)]))).toBe('ERR_CERTIFICATE_INVALID');
    // an application-class constructed member
    expect(teeCode(tlv('application', true, 2, derSmallInteger(3)))).toBe('ERR_CERTIFICATE_INVALID');
  });
  it('allApplications must be an empty NULL', () => {
    expect(teeList(tagged(600, derNull())).allApplications).toBe(true);
    expect(teeCode(tagged(600, derPrimitive(TAG.NULL, Uint8Array.of(0))))).toBe('ERR_CERTIFICATE_INVALID');
    expect(teeCode(tagged(600, derOctetString(new Uint8Array(0))))).toBe('ERR_CERTIFICATE_INVALID');
  });
  it('rootOfTrust is the whole SEQUENCE DER, copied', () => {
    const rot = derSequence([
      derOctetString(new Uint8Array(32).fill(3)),
      derPrimitive(TAG.BOOLEAN, Uint8Array.of(0xff)),
    ]);
    const list = teeList(tagged(1, derSetOf([derSmallInteger(2)])), tagged(704, rot));
    expect(list.rootOfTrust).toEqual(rot);
    expect(ownsBuffer(list.rootOfTrust!)).toBe(true);
    expect(teeCode(tagged(704, derOctetString(rot)))).toBe('ERR_CERTIFICATE_INVALID');
  });
  it('attestationApplicationId is the OCTET STRING contents, copied', () => {
    const list = teeList(tagged(2, derSmallInteger(3)), tagged(709, derOctetString(Uint8Array.of(9, 8, 7))));
    expect(list.attestationApplicationId).toEqual(Uint8Array.of(9, 8, 7));
    expect(ownsBuffer(list.attestationApplicationId!)).toBe(true);
    expect(teeCode(tagged(709, derSequence([])))).toBe('ERR_CERTIFICATE_INVALID');
  });
  it('unknown tags are recorded but not decoded', () => {
    const list = teeList(tagged(503, derNull()), tagged(718, derOctetString(Uint8Array.of(1))));
    expect(list.tags).toEqual([503, 718]);
  });
});

// ---------------------------------------------------------------------------------------------
// TPM subjectAltName

const TPM = { manufacturer: '2.23.133.2.1', model: '2.23.133.2.2', version: '2.23.133.2.3' };
const tpmName = encodeName(
  [
    [TPM.manufacturer, 'id:FFFFF1D0'],
    [TPM.model, 'FIDO'],
    [TPM.version, 'id:00020065'],
  ],
  true,
);
const san = (...names: Uint8Array[]) => parseTPMSubjectAltName(withExt(OID.san, derSequence(names), true));

describe('TPM subjectAltName', () => {
  it('reads the three TPM attributes and lists exactly the directoryName attributes', () => {
    const r = san(derExplicit(4, tpmName))!;
    expect(r).toMatchObject({ manufacturer: 'id:FFFFF1D0', model: 'FIDO', version: 'id:00020065', critical: true });
    expect(r.attributes.map((a) => [a.oid, a.value]).sort()).toEqual([
      [TPM.manufacturer, 'id:FFFFF1D0'],
      [TPM.model, 'FIDO'],
      [TPM.version, 'id:00020065'],
    ]);
  });
  it('skips other GeneralName choices', () => {
    const dns = tlv('context', false, 2, new TextEncoder().encode('tpm.example'));
    const uri = tlv('context', false, 6, new TextEncoder().encode('https://x'));
    const r = san(dns, derExplicit(4, tpmName), uri)!;
    expect(r.attributes).toHaveLength(3);
    expect(r.model).toBe('FIDO');
  });
  it('an attribute absent from the name is undefined', () => {
    const r = san(derExplicit(4, encodeName([[TPM.model, 'FIDO']])))!;
    expect(r).toMatchObject({ manufacturer: undefined, model: 'FIDO', version: undefined });
  });
  it('rejects empty GeneralNames, untagged names and a primitive directoryName', () => {
    expect(thrown(() => san()).code).toBe('ERR_CERTIFICATE_INVALID');
    expect(thrown(() => san(tpmName)).code).toBe('ERR_CERTIFICATE_INVALID');
    expect(thrown(() => san(tlv('context', false, 4, tpmName))).code).toBe('ERR_CERTIFICATE_INVALID');
  });
  it('rejects a repeated TPM attribute, across RDNs or directoryNames', () => {
    const twice = encodeName([
      [TPM.manufacturer, 'id:FFFFF1D0'],
      [TPM.manufacturer, 'id:FFFFF1D1'],
    ]);
    expect(thrown(() => san(derExplicit(4, twice))).code).toBe('ERR_CERTIFICATE_INVALID');
    expect(thrown(() => san(derExplicit(4, tpmName), derExplicit(4, encodeName([[TPM.version, '2']])))).code).toBe(
      'ERR_CERTIFICATE_INVALID',
    );
  });
});

describe('small helpers', () => {
  it('getExtendedKeyUsage returns the parsed extKeyUsage', () => {
    const eku = ['2.23.133.8.3'];
    expect(getExtendedKeyUsage({ extendedKeyUsage: eku } as unknown as Certificate)).toEqual(eku);
    expect(getExtendedKeyUsage({ extendedKeyUsage: undefined } as unknown as Certificate)).toBeUndefined();
  });
  it('decodeOIDValue decodes an OBJECT IDENTIFIER and rejects anything else', () => {
    expect(decodeOIDValue(derOID('1.3.6.1.4.1.45724.1.1.4'))).toBe('1.3.6.1.4.1.45724.1.1.4');
    for (const bad of [
      derString(TAG.UTF8_STRING, '1.2.3'),
      Uint8Array.of(0x06, 0x00),
      Uint8Array.of(0x06, 0x01, 0x2a, 0),
    ]) {
      expect(thrown(() => decodeOIDValue(bad)).code).toBe('ERR_CERTIFICATE_INVALID');
    }
  });
});
