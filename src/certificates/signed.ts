/**
 * The envelope shared by certificates (RFC 5280 §4.1) and CRLs (§5.1):
 * SEQUENCE { tbs, signatureAlgorithm, signatureValue BIT STRING }.
 *
 * @module
 */
import { type DERElement, expectUniversal, readChildren, readSingle, TAG } from './der.js';

/** The three members of a signed X.509 structure, with the signature bits unwrapped. */
export interface SignedEnvelope {
  tbs: DERElement;
  signatureAlgorithm: DERElement;
  signature: Uint8Array;
}

/** Reads a signed structure strictly; `fail` raises the caller's error (certificate or CRL). */
export function readSignedEnvelope(
  der: Uint8Array,
  names: { outer: string; tbs: string },
  fail: (message: string) => never,
): SignedEnvelope {
  const top = readChildren(expectUniversal(readSingle(der), TAG.SEQUENCE, names.outer));
  if (top.length !== 3) fail(`${names.outer} must have three members`);
  const [tbs, signatureAlgorithm, sigEl] = top as [DERElement, DERElement, DERElement];
  expectUniversal(tbs, TAG.SEQUENCE, names.tbs);
  expectUniversal(signatureAlgorithm, TAG.SEQUENCE, 'signatureAlgorithm');
  const bits = expectUniversal(sigEl, TAG.BIT_STRING, 'signatureValue').value;
  if (bits.length < 1 || bits[0] !== 0) fail('signatureValue must have no unused bits');
  return { tbs, signatureAlgorithm, signature: bits.slice(1) };
}
