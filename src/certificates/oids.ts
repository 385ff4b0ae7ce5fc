/**
 * Object identifiers used by certificate parsing, building and validation.
 *
 * @module
 */
import type { ECCurve, HashName } from '../crypto/types.js';

/** Attribute types of distinguished names (RFC 5280 §4.1.2.4, Appendix A) and TCG TPM attributes. */
export const NAME_ATTRIBUTE_OIDS: Readonly<Record<string, string>> = {
  CN: '2.5.4.3',
  SN: '2.5.4.4',
  serialNumber: '2.5.4.5',
  C: '2.5.4.6',
  L: '2.5.4.7',
  ST: '2.5.4.8',
  street: '2.5.4.9',
  O: '2.5.4.10',
  OU: '2.5.4.11',
  title: '2.5.4.12',
  GN: '2.5.4.42',
  initials: '2.5.4.43',
  generationQualifier: '2.5.4.44',
  dnQualifier: '2.5.4.46',
  pseudonym: '2.5.4.65',
  organizationIdentifier: '2.5.4.97',
  DC: '0.9.2342.19200300.100.1.25',
  UID: '0.9.2342.19200300.100.1.1',
  emailAddress: '1.2.840.113549.1.9.1',
  tpmManufacturer: '2.23.133.2.1',
  tpmModel: '2.23.133.2.2',
  tpmVersion: '2.23.133.2.3',
};

const SHORT_NAMES: ReadonlyMap<string, string> = new Map(
  Object.entries(NAME_ATTRIBUTE_OIDS).map(([name, oid]) => [oid, name]),
);

/** Short name for an attribute OID, or the OID itself. */
export function attributeShortName(oid: string): string {
  return SHORT_NAMES.get(oid) ?? oid;
}

/** Resolves a short name (`CN`, `OU`, …) or a dotted OID to a dotted OID. */
export function attributeOID(nameOrOID: string): string {
  const known = NAME_ATTRIBUTE_OIDS[nameOrOID];
  if (known !== undefined) return known;
  if (/^[0-2](\.(0|[1-9][0-9]*))+$/.test(nameOrOID)) return nameOrOID;
  throw new TypeError(`unknown attribute type ${nameOrOID}`);
}

/** Extension OIDs. */
export const EXT = {
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  issuerAltName: '2.5.29.18',
  basicConstraints: '2.5.29.19',
  cRLNumber: '2.5.29.20',
  cRLReason: '2.5.29.21',
  issuingDistributionPoint: '2.5.29.28',
  certificateIssuer: '2.5.29.29',
  deltaCRLIndicator: '2.5.29.27',
  nameConstraints: '2.5.29.30',
  cRLDistributionPoints: '2.5.29.31',
  certificatePolicies: '2.5.29.32',
  policyMappings: '2.5.29.33',
  authorityKeyIdentifier: '2.5.29.35',
  policyConstraints: '2.5.29.36',
  extKeyUsage: '2.5.29.37',
  inhibitAnyPolicy: '2.5.29.54',
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
  fidoAAGUID: '1.3.6.1.4.1.45724.1.1.4',
  fidoTransports: '1.3.6.1.4.1.45724.2.1.1',
  appleNonce: '1.2.840.113635.100.8.2',
  androidKeyDescription: '1.3.6.1.4.1.11129.2.1.17',
} as const;

/** keyUsage bit names in bit order (RFC 5280 §4.2.1.3). */
export const KEY_USAGE_BITS = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign',
  'encipherOnly',
  'decipherOnly',
] as const;

/** A keyUsage bit name. */
export type KeyUsageName = (typeof KEY_USAGE_BITS)[number];

/** Algorithm OIDs. */
export const ALG = {
  ecPublicKey: '1.2.840.10045.2.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
  rsassaPss: '1.2.840.113549.1.1.10',
  mgf1: '1.2.840.113549.1.1.8',
  ed25519: '1.3.101.112',
  ed448: '1.3.101.113',
  ecdsaWithSHA1: '1.2.840.10045.4.1',
  ecdsaWithSHA256: '1.2.840.10045.4.3.2',
  ecdsaWithSHA384: '1.2.840.10045.4.3.3',
  ecdsaWithSHA512: '1.2.840.10045.4.3.4',
  sha1WithRSAEncryption: '1.2.840.113549.1.1.5',
  sha256WithRSAEncryption: '1.2.840.113549.1.1.11',
  sha384WithRSAEncryption: '1.2.840.113549.1.1.12',
  sha512WithRSAEncryption: '1.2.840.113549.1.1.13',
} as const;

/** Named curves (RFC 5480 §2.1.1.1). */
export const CURVE_OIDS: Readonly<Record<ECCurve, string>> = {
  'P-256': '1.2.840.10045.3.1.7',
  'P-384': '1.3.132.0.34',
  'P-521': '1.3.132.0.35',
  secp256k1: '1.3.132.0.10',
};

/** Hash algorithm OIDs (RFC 8017 Appendix B.1). */
export const HASH_OIDS: Readonly<Record<HashName, string>> = {
  'SHA-1': '1.3.14.3.2.26',
  'SHA-256': '2.16.840.1.101.3.4.2.1',
  'SHA-384': '2.16.840.1.101.3.4.2.2',
  'SHA-512': '2.16.840.1.101.3.4.2.3',
};

/** Reverse lookup helper. */
export function lookupKey<K extends string>(table: Readonly<Record<K, string>>, oid: string): K | undefined {
  for (const key of Object.keys(table) as K[]) if (table[key] === oid) return key;
  return undefined;
}
