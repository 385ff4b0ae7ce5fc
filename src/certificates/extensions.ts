/**
 * Parsers for the certificate extensions attestation formats rely on. All are pure: they
 * return `undefined` when the extension is absent and throw `ERR_CERTIFICATE_INVALID` when
 * it is present but malformed (fail closed).
 *
 * @module
 */
import { AsnParser, AsnProp, AsnPropTypes, AsnType, AsnTypeTypes } from '@peculiar/asn1-schema';
import { WebAuthnError } from '../errors.js';
import {
  type DERElement,
  decodeOID,
  expectUniversal,
  isContext,
  isUniversal,
  readChildren,
  readSingle,
  TAG,
} from './der.js';
import { decodeName } from './names.js';
import { EXT, NAME_ATTRIBUTE_OIDS } from './oids.js';
import { findExtension } from './parse.js';
import type { Certificate, NameAttribute } from './types.js';

function invalid(message: string, cause?: unknown): never {
  throw new WebAuthnError('ERR_CERTIFICATE_INVALID', message, cause === undefined ? {} : { cause });
}

/** Runs a decoder, turning any non-WebAuthnError failure into `ERR_CERTIFICATE_INVALID`. */
function guarded<T>(what: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof WebAuthnError) throw err;
    return invalid(`malformed ${what}`, err);
  }
}

// ---------------------------------------------------------------------------------------------
// FIDO

/** id-fido-gen-ce-aaguid (FIDO Metadata / WebAuthn §8.2.1). */
export interface AAGUIDExtension {
  aaguid: Uint8Array;
  critical: boolean;
}

/**
 * Reads id-fido-gen-ce-aaguid (1.3.6.1.4.1.45724.1.1.4): an OCTET STRING of exactly 16 bytes
 * inside extnValue. A bare 16-byte extnValue (single-wrapped) is malformed.
 */
export function parseAAGUIDExtension(cert: Certificate): AAGUIDExtension | undefined {
  const ext = findExtension(cert, EXT.fidoAAGUID);
  if (ext === undefined) return undefined;
  const value = guarded('AAGUID extension', () => readSingle(ext.value));
  if (!isUniversal(value, TAG.OCTET_STRING) || value.constructed || value.value.length !== 16) {
    invalid('AAGUID extension must be an OCTET STRING of 16 bytes');
  }
  return { aaguid: value.value.slice(), critical: ext.critical };
}

/** Transports named by id-fido-u2f-ce-transports, as WebAuthn transport strings. */
export type FIDOTransport = 'ble' | 'usb' | 'nfc' | 'internal';

/**
 * Reads id-fido-u2f-ce-transports (1.3.6.1.4.1.45724.2.1.1), a BIT STRING { bluetoothRadio(0),
 * bluetoothLowEnergy(1), uSB(2), nFC(3), uSBInternal(4) }.
 */
export function parseFIDOTransportsExtension(cert: Certificate): FIDOTransport[] | undefined {
  const ext = findExtension(cert, EXT.fidoTransports);
  if (ext === undefined) return undefined;
  const bits = guarded('transports extension', () => readSingle(ext.value));
  if (
    !isUniversal(bits, TAG.BIT_STRING) ||
    bits.constructed ||
    bits.value.length < 1 ||
    (bits.value[0] as number) > 7
  ) {
    invalid('transports extension must be a BIT STRING');
  }
  const names: FIDOTransport[] = ['ble', 'ble', 'usb', 'nfc', 'internal'];
  const total = (bits.value.length - 1) * 8 - (bits.value[0] as number);
  const out = new Set<FIDOTransport>();
  for (let i = 0; i < Math.min(total, names.length); i++) {
    if ((((bits.value[1 + (i >> 3)] as number) >> (7 - (i & 7))) & 1) === 1) out.add(names[i] as FIDOTransport);
  }
  return [...out];
}

// ---------------------------------------------------------------------------------------------
// Apple

/**
 * Reads the Apple anonymous attestation nonce (1.2.840.113635.100.8.2):
 * `SEQUENCE { [1] EXPLICIT OCTET STRING nonce }` (WebAuthn §8.8).
 */
export function parseAppleNonceExtension(cert: Certificate): { nonce: Uint8Array; critical: boolean } | undefined {
  const ext = findExtension(cert, EXT.appleNonce);
  if (ext === undefined) return undefined;
  return guarded('Apple nonce extension', () => {
    const seq = expectUniversal(readSingle(ext.value), TAG.SEQUENCE, 'Apple nonce SEQUENCE');
    const members = readChildren(seq);
    const tagged = members[0];
    if (members.length !== 1 || !isContext(tagged, 1) || !tagged.constructed) {
      invalid('Apple nonce extension must hold exactly [1] EXPLICIT OCTET STRING');
    }
    const nonce = expectUniversal(readSingle(tagged.value), TAG.OCTET_STRING, 'nonce');
    if (nonce.constructed) invalid('nonce must be primitive');
    return { nonce: nonce.value.slice(), critical: ext.critical };
  });
}

// ---------------------------------------------------------------------------------------------
// Android Key Attestation

/** The parts of an AuthorizationList WebAuthn verification needs; other tags are tolerated. */
export interface AndroidAuthorizationList {
  /** [1] purpose: KM_PURPOSE_* values (2 = SIGN). */
  purpose: number[] | undefined;
  /** [2] algorithm: KM_ALGORITHM_* (3 = EC, 1 = RSA). */
  algorithm: number | undefined;
  /** [3] keySize in bits. */
  keySize: number | undefined;
  /** [5] digest. */
  digest: number[] | undefined;
  /** [10] ecCurve. */
  ecCurve: number | undefined;
  /** [600] allApplications present. */
  allApplications: boolean;
  /** [702] origin: KM_ORIGIN_* (0 = GENERATED). */
  origin: number | undefined;
  /** [704] rootOfTrust, DER of the RootOfTrust SEQUENCE (opaque). */
  rootOfTrust: Uint8Array | undefined;
  /** [709] attestationApplicationId contents (opaque). */
  attestationApplicationId: Uint8Array | undefined;
  /** Every tag number present, in order. */
  tags: number[];
}

/** KeyDescription (Android Key Attestation extension 1.3.6.1.4.1.11129.2.1.17). */
export interface AndroidKeyDescription {
  attestationVersion: number;
  /** 0 Software, 1 TrustedEnvironment, 2 StrongBox. */
  attestationSecurityLevel: number;
  keymasterVersion: number;
  keymasterSecurityLevel: number;
  attestationChallenge: Uint8Array;
  uniqueId: Uint8Array;
  softwareEnforced: AndroidAuthorizationList;
  teeEnforced: AndroidAuthorizationList;
  critical: boolean;
}

/**
 * ```asn1
 * KeyDescription ::= SEQUENCE {
 *   attestationVersion INTEGER, attestationSecurityLevel SecurityLevel,
 *   keymasterVersion INTEGER, keymasterSecurityLevel SecurityLevel,
 *   attestationChallenge OCTET STRING, uniqueId OCTET STRING,
 *   softwareEnforced AuthorizationList, teeEnforced AuthorizationList }
 * ```
 * AuthorizationLists are captured raw and walked tag by tag, so that fields added by newer
 * KeyMint versions are tolerated.
 */
class KeyDescriptionSchema {
  attestationVersion = 0;
  attestationSecurityLevel = 0;
  keymasterVersion = 0;
  keymasterSecurityLevel = 0;
  attestationChallenge: ArrayBuffer = new ArrayBuffer(0);
  uniqueId: ArrayBuffer = new ArrayBuffer(0);
  softwareEnforced: ArrayBuffer = new ArrayBuffer(0);
  teeEnforced: ArrayBuffer = new ArrayBuffer(0);
}
// Decorators applied as plain calls: the project compiles without `experimentalDecorators`.
AsnProp({ type: AsnPropTypes.Integer })(KeyDescriptionSchema.prototype, 'attestationVersion');
AsnProp({ type: AsnPropTypes.Enumerated })(KeyDescriptionSchema.prototype, 'attestationSecurityLevel');
AsnProp({ type: AsnPropTypes.Integer })(KeyDescriptionSchema.prototype, 'keymasterVersion');
AsnProp({ type: AsnPropTypes.Enumerated })(KeyDescriptionSchema.prototype, 'keymasterSecurityLevel');
AsnProp({ type: AsnPropTypes.OctetString })(KeyDescriptionSchema.prototype, 'attestationChallenge');
AsnProp({ type: AsnPropTypes.OctetString })(KeyDescriptionSchema.prototype, 'uniqueId');
AsnProp({ type: AsnPropTypes.Any })(KeyDescriptionSchema.prototype, 'softwareEnforced');
AsnProp({ type: AsnPropTypes.Any })(KeyDescriptionSchema.prototype, 'teeEnforced');
AsnType({ type: AsnTypeTypes.Sequence })(KeyDescriptionSchema);

function decodeInteger(el: DERElement | undefined, what: string): number {
  const v = expectUniversal(el, TAG.INTEGER, what).value;
  if (v.length === 0 || v.length > 6 || ((v[0] as number) & 0x80) !== 0) invalid(`${what} out of range`);
  if (v.length > 1 && v[0] === 0 && ((v[1] as number) & 0x80) === 0) invalid(`${what} is not minimally encoded`);
  let n = 0;
  for (const b of v) n = n * 256 + b;
  return n;
}

function decodeIntegerSet(el: DERElement, what: string): number[] {
  return readChildren(expectUniversal(el, TAG.SET, what)).map((i) => decodeInteger(i, what));
}

function decodeAuthorizationList(bytes: Uint8Array): AndroidAuthorizationList {
  const list: AndroidAuthorizationList = {
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
  };
  const seq = expectUniversal(readSingle(bytes), TAG.SEQUENCE, 'AuthorizationList');
  for (const field of readChildren(seq)) {
    // Every AuthorizationList member is `[n] EXPLICIT`; each tag at most once.
    if (field.tagClass !== 'context' || !field.constructed) invalid('AuthorizationList member is not [n] EXPLICIT');
    if (list.tags.includes(field.tagNumber)) invalid(`duplicate AuthorizationList tag ${field.tagNumber}`);
    list.tags.push(field.tagNumber);
    const inner = readSingle(field.value);
    switch (field.tagNumber) {
      case 1:
        list.purpose = decodeIntegerSet(inner, 'purpose');
        break;
      case 2:
        list.algorithm = decodeInteger(inner, 'algorithm');
        break;
      case 3:
        list.keySize = decodeInteger(inner, 'keySize');
        break;
      case 5:
        list.digest = decodeIntegerSet(inner, 'digest');
        break;
      case 10:
        list.ecCurve = decodeInteger(inner, 'ecCurve');
        break;
      case 600:
        if (!isUniversal(inner, TAG.NULL) || inner.value.length !== 0) invalid('allApplications must be NULL');
        list.allApplications = true;
        break;
      case 702:
        list.origin = decodeInteger(inner, 'origin');
        break;
      case 704:
        list.rootOfTrust = expectUniversal(inner, TAG.SEQUENCE, 'rootOfTrust').bytes.slice();
        break;
      case 709:
        list.attestationApplicationId = expectUniversal(
          inner,
          TAG.OCTET_STRING,
          'attestationApplicationId',
        ).value.slice();
        break;
      default:
        break; // tolerated: other KeyMint tags
    }
  }
  return list;
}

/**
 * Parses the Android Key Attestation KeyDescription (1.3.6.1.4.1.11129.2.1.17). Fails closed
 * (`ERR_CERTIFICATE_INVALID`) on any malformed member.
 */
export function parseAndroidKeyDescription(cert: Certificate): AndroidKeyDescription | undefined {
  const ext = findExtension(cert, EXT.androidKeyDescription);
  if (ext === undefined) return undefined;
  return guarded('Android KeyDescription', () => {
    // structural check, no trailing bytes
    const members = readChildren(expectUniversal(readSingle(ext.value), TAG.SEQUENCE, 'KeyDescription'));
    const kd = AsnParser.parse(ext.value, KeyDescriptionSchema);
    // The schema decoder reads an empty or oversized ENUMERATED as 0: a SecurityLevel (0..2) is one octet.
    if ((members[1] as DERElement).value.length !== 1 || (members[3] as DERElement).value.length !== 1) {
      invalid('unknown SecurityLevel');
    }
    const levels = [kd.attestationSecurityLevel, kd.keymasterSecurityLevel];
    if (levels.some((l) => !Number.isInteger(l) || l < 0 || l > 2)) invalid('unknown SecurityLevel');
    if (!Number.isSafeInteger(kd.attestationVersion) || !Number.isSafeInteger(kd.keymasterVersion)) {
      invalid('KeyDescription versions out of range');
    }
    return {
      attestationVersion: kd.attestationVersion,
      attestationSecurityLevel: kd.attestationSecurityLevel,
      keymasterVersion: kd.keymasterVersion,
      keymasterSecurityLevel: kd.keymasterSecurityLevel,
      attestationChallenge: new Uint8Array(kd.attestationChallenge),
      uniqueId: new Uint8Array(kd.uniqueId),
      softwareEnforced: decodeAuthorizationList(new Uint8Array(kd.softwareEnforced)),
      teeEnforced: decodeAuthorizationList(new Uint8Array(kd.teeEnforced)),
      critical: ext.critical,
    };
  });
}

// ---------------------------------------------------------------------------------------------
// TPM

/** TPM device attributes from the AIK certificate's subjectAltName (TCG EK profile §3.2.9). */
export interface TPMSubjectAltName {
  manufacturer: string | undefined;
  model: string | undefined;
  version: string | undefined;
  critical: boolean;
  /** Every attribute of every directoryName, flattened. */
  attributes: NameAttribute[];
}

/** Decodes GeneralNames (§4.2.1.6) and returns the directoryName entries, flattened. */
function directoryNames(value: Uint8Array): NameAttribute[] {
  const names = readChildren(expectUniversal(readSingle(value), TAG.SEQUENCE, 'GeneralNames'));
  if (names.length === 0) invalid('empty GeneralNames');
  const out: NameAttribute[] = [];
  for (const gn of names) {
    if (gn.tagClass !== 'context') invalid('GeneralName must be context-tagged');
    // directoryName [4] is EXPLICIT (Name is a CHOICE).
    if (gn.tagNumber === 4) {
      if (!gn.constructed) invalid('directoryName must be constructed');
      out.push(...decodeName(readSingle(gn.value)));
    }
  }
  return out;
}

/**
 * Reads tcg-at-tpmManufacturer (2.23.133.2.1), tpmModel (2.23.133.2.2) and tpmVersion
 * (2.23.133.2.3) from the subjectAltName directoryName, whether encoded as one multi-valued
 * RDN or as separate RDNs.
 */
export function parseTPMSubjectAltName(cert: Certificate): TPMSubjectAltName | undefined {
  const ext = findExtension(cert, EXT.subjectAltName);
  if (ext === undefined) return undefined;
  return guarded('subjectAltName', () => {
    const attributes = directoryNames(ext.value);
    const one = (oid: string): string | undefined => {
      const values = attributes.filter((a) => a.oid === oid).map((a) => a.value);
      if (values.length > 1) invalid(`subjectAltName repeats ${oid}`);
      return values[0];
    };
    return {
      manufacturer: one(NAME_ATTRIBUTE_OIDS.tpmManufacturer as string),
      model: one(NAME_ATTRIBUTE_OIDS.tpmModel as string),
      version: one(NAME_ATTRIBUTE_OIDS.tpmVersion as string),
      critical: ext.critical,
      attributes,
    };
  });
}

/** extKeyUsage OIDs (§4.2.1.12), `undefined` when the extension is absent. */
export function getExtendedKeyUsage(cert: Certificate): string[] | undefined {
  return cert.extendedKeyUsage;
}

/** Decodes an OBJECT IDENTIFIER extension value (helper for callers with custom extensions). */
export function decodeOIDValue(value: Uint8Array): string {
  return guarded('OID', () => decodeOID(expectUniversal(readSingle(value), TAG.OID, 'OID').value));
}
