/**
 * Certificate requirements shared by formats: the §8.2.1 packed leaf rules and the
 * id-fido-gen-ce-aaguid extension check.
 *
 * @module
 */
import { parseAAGUIDExtension } from '../certificates/extensions.js';
import { getNameAttribute } from '../certificates/names.js';
import type { Certificate } from '../certificates/types.js';
import { equalBytes, formatUUID } from '../encoding/bytes.js';
import { attestationError } from './statement.js';

/** §8.2.1 / §8.3.1: when id-fido-gen-ce-aaguid is present it must be non-critical and equal authData's AAGUID. */
export function checkAAGUIDExtension(format: string, leaf: Certificate, aaguid: Uint8Array): void {
  const ext = parseAAGUIDExtension(leaf);
  if (ext === undefined) return;
  if (ext.critical) throw attestationError(format, 'aaguid-extension', 'the AAGUID extension must not be critical');
  if (!equalBytes(ext.aaguid, aaguid)) {
    throw attestationError(
      format,
      'aaguid-extension',
      `certificate AAGUID ${formatUUID(ext.aaguid)} differs from authenticatorData AAGUID ${formatUUID(aaguid)}`,
    );
  }
}

/** §8.2.1: requirements of a packed attestation certificate. */
export function checkPackedLeaf(leaf: Certificate, aaguid: Uint8Array): void {
  const fail = (check: string, message: string): never => {
    throw attestationError('packed', check, message);
  };
  // §8.2.1: Version MUST be set to 3.
  if (leaf.version !== 3) fail('certificate.version', 'the attestation certificate must be X.509 v3');
  // §8.2.1: Subject C (ISO 3166 code), O, OU = "Authenticator Attestation", CN.
  const c = getNameAttribute(leaf.subject, 'C');
  if (c === undefined || !/^[A-Za-z]{2}$/.test(c))
    fail('certificate.subject', 'subject C must be a two-letter country code');
  if (!getNameAttribute(leaf.subject, 'O')) fail('certificate.subject', 'subject O is missing');
  if (getNameAttribute(leaf.subject, 'OU') !== 'Authenticator Attestation') {
    fail('certificate.subject', 'subject OU must be "Authenticator Attestation"');
  }
  if (!getNameAttribute(leaf.subject, 'CN')) fail('certificate.subject', 'subject CN is missing');
  // §8.2.1: Basic Constraints CA component MUST be false.
  if (leaf.basicConstraints?.ca === true)
    fail('certificate.basic-constraints', 'the attestation certificate must not be a CA');
  checkAAGUIDExtension('packed', leaf, aaguid);
}
