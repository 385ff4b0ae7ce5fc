/**
 * `compound` attestation (WebAuthn L3 §8.9): several self-contained attestation statements for
 * one credential. Each is verified by the registry's verifier for its `fmt`, against the same
 * authenticatorData and clientDataHash.
 *
 * Policy `compoundRequire`: `'all'` (default) — every sub-statement must verify, and the first
 * failure is rethrown unchanged (its code and `details.check` say why); or a number n ≥ 1 — at
 * least n must verify, else `ERR_ATTESTATION_INVALID` with `details.check: 'compound.require'`.
 *
 * @module
 */
import type { CBORValue } from '../encoding/cbor.js';
import { isCBORMap } from '../encoding/cbor.js';
import { WebAuthnError } from '../errors.js';
import { attestationError } from './statement.js';
import type { AttestationFormatVerifier, AttestationStatementInput, AttestationStatementResult } from './types.js';

/** Largest number of sub-statements accepted. */
export const COMPOUND_MAX_STATEMENTS = 8;

/** One sub-statement that did not verify (reported when `compoundRequire` is a number). */
export type CompoundFailure = { index: number; fmt: string; code: string; check: unknown };

/** Facts a `compound` statement reports in `details`. */
export type CompoundAttestationDetails = {
  /** Indexes (in attStmt order) of the sub-statements that verified. */
  verified: number[];
  failures: CompoundFailure[];
};

function fail(check: string, message: string, cause?: unknown): WebAuthnError {
  return attestationError('compound', check, message, cause);
}

function requiredCount(policy: AttestationStatementInput['policy']): number | 'all' {
  const require = policy.compoundRequire ?? 'all';
  if (require === 'all') return 'all';
  if (typeof require !== 'number' || !Number.isSafeInteger(require) || require < 1) {
    throw new RangeError("compoundRequire must be 'all' or an integer ≥ 1");
  }
  return require;
}

/** The `compound` format verifier (§8.9). Attestation type: that of the first verified sub-statement. */
export const compoundAttestation: AttestationFormatVerifier = {
  format: 'compound',
  async verify(input: AttestationStatementInput): Promise<AttestationStatementResult> {
    // §8.9 syntax: attStmt is an array of at least two {fmt, attStmt} maps.
    const list = input.attStmt;
    if (!Array.isArray(list)) throw fail('syntax', 'attStmt must be an array');
    if (list.length < 2) throw fail('compound.count', 'a compound statement needs at least two sub-statements');
    if (list.length > COMPOUND_MAX_STATEMENTS) {
      throw new WebAuthnError('ERR_INPUT_TOO_LARGE', `compound attestation: ${list.length} sub-statements`, {
        details: { format: 'compound', limit: COMPOUND_MAX_STATEMENTS },
      });
    }
    const items = list.map((item: CBORValue, index): { fmt: string; attStmt: CBORValue } => {
      if (!isCBORMap(item)) throw fail('syntax', `sub-statement ${index} must be a map`);
      for (const key of item.keys()) {
        if (key !== 'fmt' && key !== 'attStmt')
          throw fail('syntax', `sub-statement ${index} has member ${String(key)}`);
      }
      const fmt = item.get('fmt');
      const attStmt = item.get('attStmt');
      if (typeof fmt !== 'string' || attStmt === undefined) {
        throw fail('syntax', `sub-statement ${index} needs a text fmt and an attStmt`);
      }
      // §8.9: a compound statement MUST NOT contain another compound statement.
      if (fmt === 'compound') throw fail('compound.nested', 'compound statements must not be nested');
      return { fmt, attStmt };
    });
    const require = requiredCount(input.policy);
    const required = require === 'all' ? items.length : require;

    // §8.9 verification: verify each sub-statement with its own format's procedure.
    const components: AttestationStatementResult[] = [];
    const verified: number[] = [];
    const failures: CompoundFailure[] = [];
    let firstError: unknown;
    for (const [index, item] of items.entries()) {
      try {
        components.push(await input.verifyNested(item.fmt, item.attStmt));
        verified.push(index);
      } catch (err) {
        // Strict default: every sub-statement must verify; the failure keeps its own code.
        if (require === 'all') throw err;
        if (!(err instanceof WebAuthnError)) throw err;
        firstError ??= err;
        failures.push({ index, fmt: item.fmt, code: err.code, check: err.details?.check });
      }
    }
    // §8.9: the RP's policy decides how many must verify.
    if (components.length < required) {
      throw fail(
        'compound.require',
        `${components.length} of ${items.length} sub-statements verified, ${required} required`,
        firstError,
      );
    }
    const details: CompoundAttestationDetails = { verified, failures };
    return {
      format: 'compound',
      type: (components[0] as AttestationStatementResult).type,
      trustPath: [],
      components,
      details,
    };
  },
};
