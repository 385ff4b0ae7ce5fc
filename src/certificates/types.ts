/**
 * Parsed X.509 certificates and chain-validation results. `src/certificates/` is the only
 * folder that imports `@peculiar/asn1-*`; everything else works with these plain shapes.
 *
 * @module
 */
import type { PublicKey, SignatureScheme } from '../crypto/types.js';

/** One attribute of a distinguished name, in RDN order (flattened). */
export interface NameAttribute {
  /** Dotted OID, e.g. `2.5.4.11` for OU. */
  oid: string;
  /** Short name when known (`C`, `O`, `OU`, `CN`, …), else the OID. */
  type: string;
  /** Decoded string value. */
  value: string;
  /** ASN.1 string type the value was encoded with (`utf8String`, `printableString`, …). */
  stringType: string;
}

/** A raw X.509 extension. */
export interface CertificateExtension {
  oid: string;
  critical: boolean;
  /** The contents of extnValue (the DER inside the OCTET STRING). */
  value: Uint8Array;
}

/** A parsed X.509 certificate (RFC 5280). */
export interface Certificate {
  /** The whole certificate, DER. */
  der: Uint8Array;
  /** TBSCertificate bytes, as signed. */
  tbs: Uint8Array;
  /** signatureValue bits. */
  signature: Uint8Array;
  /** signatureAlgorithm OID. */
  signatureAlgorithm: string;
  /** The scheme for `signatureAlgorithm`, or `undefined` when Tessera does not support it. */
  signatureScheme: SignatureScheme | undefined;
  /** 1, 2 or 3. */
  version: number;
  /** Lower-case hex, no leading zero bytes beyond DER's. */
  serialNumber: string;
  subject: NameAttribute[];
  issuer: NameAttribute[];
  /** DER of the subject / issuer Name, for exact name matching. */
  subjectDer: Uint8Array;
  issuerDer: Uint8Array;
  notBefore: Date;
  notAfter: Date;
  /** SubjectPublicKeyInfo DER. */
  spki: Uint8Array;
  /** The subject key, or `undefined` when the key type is not supported. */
  publicKey: PublicKey | undefined;
  extensions: CertificateExtension[];
  basicConstraints: { ca: boolean; pathLength: number | undefined } | undefined;
  /** keyUsage bits by name (`digitalSignature`, `keyCertSign`, `cRLSign`, …), when present. */
  keyUsage: ReadonlySet<string> | undefined;
  /** extKeyUsage OIDs, when present. */
  extendedKeyUsage: string[] | undefined;
  subjectKeyIdentifier: Uint8Array | undefined;
  authorityKeyIdentifier: Uint8Array | undefined;
}

/** A certificate as callers may give it: PEM text, DER bytes, or already parsed. */
export type CertificateInput = string | Uint8Array | Certificate;
