/** security.md §4 #6–#17: CBOR in attestationObject, COSE keys and extensions. */
import { describe, expect, it } from 'vitest';
import { concat, equalBytes, utf8Encode } from '../../src/encoding/bytes.js';
import { type CBORMap, decodeCBOR, encodeCBOR } from '../../src/encoding/cbor.js';
import {
  attestationParts,
  cborBytes,
  cborHead,
  cborText,
  coseKeyOffset,
  FLAG,
  outcome,
  prepareAssertion,
  prepareRegistration,
  withAttestationObject,
  withFlags,
} from './harness.js';

/** A registration whose attestationObject is replaced by `build(parts)` (the container is unsigned). */
async function withContainer(
  build: (parts: ReturnType<typeof attestationParts>) => Uint8Array,
  create: Parameters<typeof prepareRegistration>[0] = {},
): Promise<string> {
  const p = await prepareRegistration(create);
  return outcome(p.verify(withAttestationObject(p.created.response, build(attestationParts(p.created)))));
}

const map3 = (a: Uint8Array, b: Uint8Array, c: Uint8Array, head = cborHead(5, 3)) =>
  concat(head, cborText('fmt'), a, cborText('attStmt'), b, cborText('authData'), c);

/** Replaces the COSE key bytes inside registration authData (re-signed by the authenticator). */
function replaceCOSEKey(replace: (key: Uint8Array) => Uint8Array) {
  return (authData: Uint8Array): Uint8Array => {
    const off = coseKeyOffset(authData);
    return concat(authData.subarray(0, off), replace(authData.subarray(off)));
  };
}

describe('CBOR (security.md §4 #6–#17)', () => {
  it('the hand-built container of an unmodified registration verifies (harness check)', async () => {
    expect(await withContainer((x) => map3(x.fmt, x.attStmt, x.authData))).toBe('accepted');
  });

  describe('#6 attestationObject truncated mid-item', () => {
    for (const cut of [1, 2, 10, 40]) {
      it(`#6 truncated by ${cut} byte(s)`, async () => {
        const p = await prepareRegistration();
        const bytes = p.created.raw.attestationObject;
        expect(
          await outcome(p.verify(withAttestationObject(p.created.response, bytes.slice(0, bytes.length - cut)))),
        ).toBe('ERR_CBOR_MALFORMED');
      });
    }
  });

  it('#7 trailing bytes after the top-level map', async () => {
    for (const tail of [Uint8Array.of(0), Uint8Array.of(0xa0), Uint8Array.of(0xf6, 0xf6)]) {
      const p = await prepareRegistration();
      const bytes = concat(p.created.raw.attestationObject, tail);
      expect(await outcome(p.verify(withAttestationObject(p.created.response, bytes)))).toBe('ERR_CBOR_MALFORMED');
    }
  });

  describe('#8 indefinite lengths (CTAP2 canonical form)', () => {
    it('#8 indefinite-length top-level map (0xBF)', async () => {
      expect(
        await withContainer((x) =>
          concat(map3(x.fmt, x.attStmt, x.authData, Uint8Array.of(0xbf)), Uint8Array.of(0xff)),
        ),
      ).toBe('ERR_CBOR_MALFORMED');
    });
    it('#8 indefinite-length byte string authData (0x5F)', async () => {
      expect(
        await withContainer((x) =>
          map3(x.fmt, x.attStmt, concat(Uint8Array.of(0x5f), cborBytes(rawBytes(x.authData)), Uint8Array.of(0xff))),
        ),
      ).toBe('ERR_CBOR_MALFORMED');
    });
    it('#8 indefinite-length text string fmt (0x7F)', async () => {
      expect(
        await withContainer(
          (x) => map3(concat(Uint8Array.of(0x7f), cborText('packed'), Uint8Array.of(0xff)), x.attStmt, x.authData),
          { authenticator: { attestation: 'packed-self' } },
        ),
      ).toBe('ERR_CBOR_MALFORMED');
    });
    it('#8 indefinite-length array x5c (0x9F) inside attStmt', async () => {
      const p = await prepareRegistration({ authenticator: { attestation: 'packed' } });
      const parts = attestationParts(p.created);
      const stmt = decodeStmt(parts.attStmt);
      const x5c = stmt.get('x5c') as Uint8Array[];
      const attStmt = concat(
        cborHead(5, 3),
        cborText('alg'),
        encodeCBOR(stmt.get('alg')),
        cborText('sig'),
        cborBytes(stmt.get('sig') as Uint8Array),
        cborText('x5c'),
        Uint8Array.of(0x9f),
        ...x5c.map(cborBytes),
        Uint8Array.of(0xff),
      );
      expect(
        await outcome(p.verify(withAttestationObject(p.created.response, map3(parts.fmt, attStmt, parts.authData)))),
      ).toBe('ERR_CBOR_MALFORMED');
    });
    it('#8 indefinite-length COSE key map inside authData (re-signed)', async () => {
      const p = await prepareRegistration({
        authenticator: { attestation: 'packed-self' },
        create: {
          mutate: {
            authData: replaceCOSEKey((key) => concat(Uint8Array.of(0xbf), key.subarray(1), Uint8Array.of(0xff))),
          },
        },
      });
      expect(await outcome(p.verify())).toBe('ERR_AUTHENTICATOR_DATA_INVALID');
    });
  });

  describe('#9 duplicate map keys (no silent last-wins)', () => {
    it('#9 "fmt" twice with different values', async () => {
      expect(
        await withContainer((x) =>
          concat(cborHead(5, 4), cborText('fmt'), cborText('packed'), map3(x.fmt, x.attStmt, x.authData).subarray(1)),
        ),
      ).toBe('ERR_CBOR_MALFORMED');
    });
    it('#9 COSE label 3 (alg) twice in the credential key (re-signed)', async () => {
      const p = await prepareRegistration({
        authenticator: { attestation: 'packed-self' },
        create: {
          mutate: {
            authData: replaceCOSEKey((key) => {
              const count = (key[0] as number) & 0x1f;
              return concat(Uint8Array.of(0xa0 | (count + 1)), key.subarray(1), Uint8Array.of(0x03, 0x26));
            }),
          },
        },
      });
      expect(await outcome(p.verify())).toBe('ERR_AUTHENTICATOR_DATA_INVALID');
    });
  });

  it('#10 declared byte-string length 2^63 on a short buffer (no allocation)', async () => {
    expect(
      await withContainer((x) =>
        concat(
          cborHead(5, 3),
          cborText('fmt'),
          x.fmt,
          cborText('attStmt'),
          x.attStmt,
          cborText('authData'),
          cborHead(2, 2n ** 63n),
          x.authData.subarray(3),
        ),
      ),
    ).toBe('ERR_CBOR_MALFORMED');
    expect(
      await withContainer((x) => concat(cborHead(5, 3), cborText('fmt'), cborHead(3, 2n ** 64n - 1n), x.fmt)),
    ).toBe('ERR_CBOR_MALFORMED');
  });

  describe('#11 deep nesting (no stack overflow)', () => {
    for (const depth of [10_000, 100_000]) {
      it(`#11 ${depth} nested 0x81 as attStmt`, async () => {
        const deep = concat(new Uint8Array(depth).fill(0x81), Uint8Array.of(0xf6));
        expect(await withContainer((x) => map3(x.fmt, deep, x.authData))).toBe('ERR_CBOR_MALFORMED');
      });
    }
    it('#11 10,000 nested 0x81 in the authenticator extensions (re-signed)', async () => {
      const deep = concat(Uint8Array.of(0xa1, 0x61, 0x78), new Uint8Array(10_000).fill(0x81), Uint8Array.of(0xf6));
      const p = await prepareRegistration({
        authenticator: { attestation: 'packed-self' },
        create: { mutate: { authData: (a) => concat(withFlags(a, FLAG.ED), deep) } },
      });
      expect(await outcome(p.verify())).toBe('ERR_AUTHENTICATOR_DATA_INVALID');
    });
    it('#11 10,000 nested 0x81 in assertion extensions (re-signed)', async () => {
      const deep = concat(Uint8Array.of(0xa1, 0x61, 0x78), new Uint8Array(10_000).fill(0x81), Uint8Array.of(0xf6));
      const p = await prepareAssertion({ get: { mutate: { authData: (a) => concat(withFlags(a, FLAG.ED), deep) } } });
      expect(await outcome(p.verify())).toBe('ERR_AUTHENTICATOR_DATA_INVALID');
    });
  });

  describe('#12 tags are refused', () => {
    for (const [label, tag] of [
      ['tag 24 (embedded CBOR)', Uint8Array.of(0xd8, 0x18)],
      ['tag 28 (shareable)', Uint8Array.of(0xd8, 0x1c)],
      ['tag 29 (shared reference)', Uint8Array.of(0xd8, 0x1d)],
      ['tag 55799 (self-describe)', Uint8Array.of(0xd9, 0xd9, 0xf7)],
    ] as const) {
      it(`#12 ${label} on authData`, async () => {
        expect(await withContainer((x) => map3(x.fmt, x.attStmt, concat(tag, x.authData)))).toBe('ERR_CBOR_MALFORMED');
      });
    }
    it('#12 tag 2 (bignum) for the COSE x coordinate (re-signed)', async () => {
      const p = await prepareRegistration({
        authenticator: { attestation: 'packed-self' },
        create: {
          mutate: {
            authData: replaceCOSEKey((key) => {
              // -2 (x) is encoded as 0x21 0x58 0x20 <32 bytes>: tag the byte string.
              const i = key.indexOf(0x21);
              return concat(key.subarray(0, i + 1), Uint8Array.of(0xc2), key.subarray(i + 1));
            }),
          },
        },
      });
      expect(await outcome(p.verify())).toBe('ERR_AUTHENTICATOR_DATA_INVALID');
    });
  });

  describe('#13 member types of the attestationObject', () => {
    const cases: Array<[string, (x: ReturnType<typeof attestationParts>) => Uint8Array]> = [
      ['fmt as a byte string', (x) => map3(cborBytes(utf8Encode('none')), x.attStmt, x.authData)],
      ['authData as a text string', (x) => map3(x.fmt, x.attStmt, cborText('a'.repeat(200)))],
      ['attStmt as an integer', (x) => map3(x.fmt, Uint8Array.of(0x05), x.authData)],
      ['attStmt as a text string', (x) => map3(x.fmt, cborText('{}'), x.authData)],
      ['attStmt as null', (x) => map3(x.fmt, Uint8Array.of(0xf6), x.authData)],
      ['a top-level array', (x) => concat(cborHead(4, 3), x.fmt, x.attStmt, x.authData)],
      [
        'an extra member',
        (x) =>
          concat(cborHead(5, 4), map3(x.fmt, x.attStmt, x.authData).subarray(1), cborText('ep'), Uint8Array.of(0xf5)),
      ],
      ['authData missing', (x) => concat(cborHead(5, 2), cborText('fmt'), x.fmt, cborText('attStmt'), x.attStmt)],
    ];
    for (const [label, build] of cases) {
      it(`#13 ${label}`, async () => {
        expect(await withContainer(build)).toBe('ERR_INVALID_RESPONSE');
      });
    }
    it('#13 attStmt as an array for a format other than compound', async () => {
      expect(
        await withContainer((x) => map3(x.fmt, encodeCBOR([decodeStmt(x.attStmt)]), x.authData), {
          authenticator: { attestation: 'packed-self' },
        }),
      ).toBe('ERR_ATTESTATION_INVALID');
    });
  });

  describe('#14 non-minimal encodings: tolerated, and the original bytes are what is hashed and stored', () => {
    it('#14 non-minimal lengths in the container (unsigned): ACCEPT', async () => {
      expect(
        await withContainer((x) =>
          concat(
            cborHead(5, 3, 1),
            concat(cborHead(3, 3, 1), utf8Encode('fmt')),
            concat(cborHead(3, 4, 2), utf8Encode('none')),
            cborText('attStmt'),
            cborHead(5, 0, 4),
            cborText('authData'),
            concat(cborHead(2, rawBytes(x.authData).length, 8), rawBytes(x.authData)),
          ),
        ),
      ).toBe('accepted');
    });
    it('#14 non-minimal integer (alg -7 as 0x38 0x06) in the COSE key (signed): ACCEPT, stored byte-exact', async () => {
      let coseKey: Uint8Array | undefined;
      const p = await prepareRegistration({
        authenticator: { attestation: 'packed-self' },
        create: {
          mutate: {
            authData: replaceCOSEKey((key) => {
              const i = key.findIndex((b, j) => b === 0x03 && key[j + 1] === 0x26);
              coseKey = concat(key.subarray(0, i + 1), Uint8Array.of(0x38, 0x06), key.subarray(i + 2));
              return coseKey;
            }),
          },
        },
      });
      const result = await p.verify();
      expect(result.credential.algorithm).toBe(-7);
      expect(equalBytes(result.credential.publicKey, coseKey as Uint8Array)).toBe(true);
    });
  });

  describe('#15 undefined, float or half-float where an integer is expected', () => {
    // Floats are refused while decoding the COSE key (authData parse); undefined by the COSE checks.
    const variants: Array<[string, Uint8Array, string]> = [
      ['undefined (0xF7)', Uint8Array.of(0xf7), 'ERR_PUBLIC_KEY_INVALID'],
      ['half-float -7.0 (0xF9 C700)', Uint8Array.of(0xf9, 0xc7, 0x00), 'ERR_AUTHENTICATOR_DATA_INVALID'],
      ['single-float -7.0', Uint8Array.of(0xfa, 0xc0, 0xe0, 0x00, 0x00), 'ERR_AUTHENTICATOR_DATA_INVALID'],
      ['double -7.0', Uint8Array.of(0xfb, 0xc0, 0x1c, 0, 0, 0, 0, 0, 0), 'ERR_AUTHENTICATOR_DATA_INVALID'],
      ['float -7.5', Uint8Array.of(0xfb, 0xc0, 0x1e, 0, 0, 0, 0, 0, 0), 'ERR_AUTHENTICATOR_DATA_INVALID'],
    ];
    for (const [label, value, code] of variants) {
      it(`#15 alg as ${label} (re-signed)`, async () => {
        const p = await prepareRegistration({
          authenticator: { attestation: 'packed-self' },
          create: {
            mutate: {
              authData: replaceCOSEKey((key) => {
                const i = key.findIndex((b, j) => b === 0x03 && key[j + 1] === 0x26);
                return concat(key.subarray(0, i + 1), value, key.subarray(i + 2));
              }),
            },
          },
        });
        expect(await outcome(p.verify())).toBe(code);
      });
    }
    it('#15 kty as half-float 2.0 (re-signed)', async () => {
      const p = await prepareRegistration({
        authenticator: { attestation: 'packed-self' },
        create: {
          mutate: {
            authData: replaceCOSEKey((key) => {
              const i = key.findIndex((b, j) => b === 0x01 && key[j + 1] === 0x02);
              return concat(key.subarray(0, i + 1), Uint8Array.of(0xf9, 0x40, 0x00), key.subarray(i + 2));
            }),
          },
        },
      });
      expect(await outcome(p.verify())).toBe('ERR_AUTHENTICATOR_DATA_INVALID');
    });
    it('#15 crv as double 1.0 (re-signed)', async () => {
      const p = await prepareRegistration({
        authenticator: { attestation: 'packed-self' },
        create: {
          mutate: {
            authData: replaceCOSEKey((key) => {
              const i = key.findIndex((b, j) => b === 0x20 && key[j + 1] === 0x01);
              return concat(
                key.subarray(0, i + 1),
                Uint8Array.of(0xfb, 0x3f, 0xf0, 0, 0, 0, 0, 0, 0),
                key.subarray(i + 2),
              );
            }),
          },
        },
      });
      expect(await outcome(p.verify())).toBe('ERR_AUTHENTICATOR_DATA_INVALID');
    });
  });

  describe('#16 huge item counts are refused before allocation', () => {
    it('#16 a map declaring 100,000 entries', async () => {
      const entries: Uint8Array[] = [];
      for (let i = 0; i < 100_000 && entries.length < 20_000; i++) entries.push(cborHead(0, i), Uint8Array.of(0xf6));
      expect(await withContainer((x) => map3(x.fmt, concat(cborHead(5, 100_000), ...entries), x.authData))).toBe(
        'ERR_CBOR_MALFORMED',
      );
    });
    it('#16 a map with 2,000 colliding (duplicate) keys', async () => {
      const entries: Uint8Array[] = [];
      for (let i = 0; i < 2000; i++) entries.push(cborText('k'), Uint8Array.of(0xf6));
      expect(await withContainer((x) => map3(x.fmt, concat(cborHead(5, 2000), ...entries), x.authData))).toBe(
        'ERR_CBOR_MALFORMED',
      );
    });
    it('#16 an array declaring 2^32 items', async () => {
      expect(
        await withContainer((x) => map3(x.fmt, concat(cborHead(4, 2n ** 32n), Uint8Array.of(0xf6)), x.authData)),
      ).toBe('ERR_CBOR_MALFORMED');
    });
  });

  it('#17 invalid UTF-8 in the fmt text string', async () => {
    for (const bad of [
      Uint8Array.of(0xff),
      Uint8Array.of(0xc3, 0x28),
      Uint8Array.of(0xed, 0xa0, 0x80),
      Uint8Array.of(0x6e, 0x6f, 0x6e, 0xe5),
    ]) {
      expect(await withContainer((x) => map3(concat(cborHead(3, bad.length), bad), x.attStmt, x.authData))).toBe(
        'ERR_CBOR_MALFORMED',
      );
    }
  });
});

function decodeStmt(bytes: Uint8Array): CBORMap {
  return decodeCBOR(bytes) as CBORMap;
}
/** The raw bytes inside an encoded CBOR byte string. */
function rawBytes(encoded: Uint8Array): Uint8Array {
  return decodeCBOR(encoded) as Uint8Array;
}
