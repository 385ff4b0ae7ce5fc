/**
 * X.509 certificates: parsing, chain validation to caller-supplied anchors, revocation, the
 * extensions attestation formats need, and a builder for test PKIs. This folder is the only
 * importer of `@peculiar/asn1-*`.
 *
 * @module
 */
export { encodeSignatureAlgorithm, signatureSchemeFromAlgorithmIdentifier } from './algorithms.js';
export {
  type CertificateBuilderExtensions,
  type CreateCertificateOptions,
  type CreateCRLOptions,
  createCertificate,
  createCRL,
  encodeName,
  type NameEntry,
  type SerialNumberInput,
  type TBSSigner,
} from './builder.js';
export {
  type ChainResult,
  DEFAULT_MAX_CERTIFICATE_SIZE,
  DEFAULT_MAX_CHAIN_LENGTH,
  type VerifyCertificateChainOptions,
  verifyCertificateChain,
} from './chain.js';
export {
  type CheckRevocationOptions,
  type CRL,
  checkRevocation,
  parseCRL,
  type RevocationPolicy,
  type RevocationResult,
  type RevocationStatus,
  type RevokedCertificate,
} from './crl.js';
export {
  type AAGUIDExtension,
  type AndroidAuthorizationList,
  type AndroidKeyDescription,
  type FIDOTransport,
  getExtendedKeyUsage,
  parseAAGUIDExtension,
  parseAndroidKeyDescription,
  parseAppleNonceExtension,
  parseFIDOTransportsExtension,
  parseTPMSubjectAltName,
  type TPMSubjectAltName,
} from './extensions.js';
export { getNameAttribute, getNameAttributes } from './names.js';
export { EXT, KEY_USAGE_BITS, type KeyUsageName, NAME_ATTRIBUTE_OIDS } from './oids.js';
export {
  findExtension,
  type PEMBlock,
  parseCertificate,
  parseCertificatesPEM,
  parsePEMBlocks,
  toCertificate,
} from './parse.js';
export { decodeSPKI, encodePublicKeySPKI, MAX_RSA_MODULUS_BITS } from './public-key.js';
export type { Certificate, CertificateExtension, CertificateInput, NameAttribute } from './types.js';
