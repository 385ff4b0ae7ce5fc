/**
 * Differential tests against cbor-x (the design card's CBOR library, kept as a test oracle):
 * Tessera's strict decoder must agree with cbor-x on every well-formed document it accepts, and
 * Tessera's encoder must produce bytes cbor-x decodes to the same value.
 */
import { Decoder } from 'cbor-x/decode';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBase64url } from '../../src/encoding/base64url.js';
import { type CBORValue, decodeCBOR, encodeCBOR } from '../../src/encoding/cbor.js';
import { hasSharedFixtures, listShared, readSharedJSON } from '../helpers/shared-fixtures.js';

const oracle = new Decoder({ mapsAsObjects: false, useRecords: false } as ConstructorParameters<typeof Decoder>[0]);

/** Normalises both libraries' outputs to one comparable shape. */
function norm(v: unknown): unknown {
  if (v instanceof Uint8Array) return { bytes: Buffer.from(v).toString('hex') };
  if (v instanceof Map) return [...v.entries()].map(([k, x]) => [norm(k), norm(x)]);
  if (Array.isArray(v)) return v.map(norm);
  if (typeof v === 'bigint') return { big: v.toString() };
  return v;
}

const cborValue: fc.Arbitrary<CBORValue> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.integer({ min: -(2 ** 31), max: 2 ** 31 }),
    fc.string(),
    fc.boolean(),
    fc.constant(null),
    fc.uint8Array({ maxLength: 40 }),
    fc.array(tie('value'), { maxLength: 5 }),
    fc
      .uniqueArray(fc.tuple(fc.oneof(fc.integer({ min: -100, max: 100 }), fc.string({ maxLength: 8 })), tie('value')), {
        maxLength: 5,
        selector: ([k]) => `${typeof k}:${String(k)}`,
      })
      .map((entries) => new Map(entries)),
  ),
})).value as fc.Arbitrary<CBORValue>;

describe('CBOR: Tessera vs cbor-x', () => {
  it('encodeCBOR output decodes identically with both decoders', () => {
    fc.assert(
      fc.property(cborValue, (value) => {
        const bytes = encodeCBOR(value);
        expect(norm(decodeCBOR(bytes, { maxItems: 4096 }))).toEqual(norm(value));
        expect(norm(oracle.decode(bytes))).toEqual(norm(value));
      }),
      { numRuns: 300 },
    );
  });

  describe.skipIf(!hasSharedFixtures('CBOR differential over fixtures'))(
    'every attestationObject in the public fixtures',
    () => {
      const files = listShared('registration').filter((f) => f.endsWith('.json'));
      it.each(files)('%s', (file) => {
        const fixture = readSharedJSON<{ response: { response: { attestationObject: string } } }>(
          `registration/${file}`,
        );
        const bytes = decodeBase64url(fixture.response.response.attestationObject);
        expect(norm(decodeCBOR(bytes))).toEqual(norm(oracle.decode(bytes)));
      });
    },
  );
});
