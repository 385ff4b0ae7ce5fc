/** Shared pieces of the property tests: the invariant "only a WebAuthnError with a known code". */
import fc from 'fast-check';
import { concat } from '../../src/encoding/bytes.js';
import { WEBAUTHN_ERROR_CODES, WebAuthnError } from '../../src/errors.js';

/** Runs `f`; returns 'ok' or the WebAuthnError code; rethrows anything else (a property failure). */
export function only(f: () => unknown): string {
  try {
    f();
    return 'ok';
  } catch (err) {
    return checkError(err);
  }
}

export async function onlyAsync(f: () => Promise<unknown>): Promise<string> {
  try {
    await f();
    return 'ok';
  } catch (err) {
    return checkError(err);
  }
}

function checkError(err: unknown): string {
  if (err instanceof WebAuthnError && (WEBAUTHN_ERROR_CODES as readonly string[]).includes(err.code)) return err.code;
  throw new Error(`non-library failure: ${String(err)}`, { cause: err });
}

/** A structured byte mutation: flip, truncate, extend, splice, overwrite, duplicate. */
export type Mutation =
  | { kind: 'flip'; at: number; mask: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'extend'; bytes: Uint8Array }
  | { kind: 'splice'; at: number; remove: number; insert: Uint8Array }
  | { kind: 'overwrite'; at: number; value: number }
  | { kind: 'duplicate'; at: number; length: number };

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), mask: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('extend' as const), bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }) }),
  fc.record({
    kind: fc.constant('splice' as const),
    at: fc.nat(),
    remove: fc.nat({ max: 8 }),
    insert: fc.uint8Array({ maxLength: 8 }),
  }),
  fc.record({ kind: fc.constant('overwrite' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 16 }) }),
);

/** Applies a mutation (positions taken modulo the length). */
export function applyMutation(bytes: Uint8Array, m: Mutation): Uint8Array {
  const n = bytes.length;
  const at = n === 0 ? 0 : 'at' in m ? m.at % n : 0;
  switch (m.kind) {
    case 'flip': {
      if (n === 0) return Uint8Array.of(m.mask);
      const out = bytes.slice();
      out[at] = (out[at] as number) ^ m.mask;
      return out;
    }
    case 'truncate':
      return bytes.slice(0, at);
    case 'extend':
      return concat(bytes, m.bytes);
    case 'splice':
      return concat(bytes.subarray(0, at), m.insert, bytes.subarray(Math.min(n, at + m.remove)));
    case 'overwrite': {
      if (n === 0) return Uint8Array.of(m.value);
      const out = bytes.slice();
      out[at] = m.value;
      return out;
    }
    case 'duplicate':
      return concat(bytes.subarray(0, at), bytes.subarray(at, at + m.length), bytes.subarray(at));
  }
}

/** numRuns for the unit suite (the long run is `npm run fuzz`). */
export const RUNS = Number(process.env.PROPERTY_RUNS ?? 150);
