/**
 * `none` attestation (§8.7): an empty statement, nothing proven.
 *
 * @module
 */
import { isCBORMap } from '../encoding/cbor.js';
import { attestationError } from './statement.js';
import type { AttestationFormatVerifier, AttestationStatementResult } from './types.js';

/** The `none` format verifier. */
export const noneAttestation: AttestationFormatVerifier = {
  format: 'none',
  async verify({ attStmt }): Promise<AttestationStatementResult> {
    // §8.7: attStmt is the empty map.
    if (!isCBORMap(attStmt) || attStmt.size !== 0)
      throw attestationError('none', 'syntax', 'attStmt must be an empty map');
    return { format: 'none', type: 'none', trustPath: [] };
  },
};
