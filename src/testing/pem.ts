/**
 * PEM (RFC 7468) encoding of DER certificates for test anchors.
 *
 * @module
 */
import { encodeBase64 } from '../encoding/base64url.js';

/**
 * Encodes DER bytes as a PEM block with 64-character lines.
 *
 * @example
 * ```ts
 * const pem = toPEM(rootDer); // "-----BEGIN CERTIFICATE-----\n…"
 * ```
 */
export function toPEM(der: Uint8Array, label = 'CERTIFICATE'): string {
  const body = encodeBase64(der).replace(/.{1,64}/g, '$&\n');
  return `-----BEGIN ${label}-----\n${body}-----END ${label}-----\n`;
}
