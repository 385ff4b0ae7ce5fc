/**
 * Project Wycheproof signature vectors (shared fixtures, `wycheproof/*.json`, schema v1) through
 * `verifySignature` on every backend. `valid` must verify, `invalid` must be rejected (false or a
 * WebAuthnError), and for `acceptable` all backends must agree (differential test).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { EC_CURVES, leftPad, stripLeadingZeros } from '../../src/crypto/curves.js';
import type { CryptoBackend, ECCurve, HashName, PublicKey, SignatureScheme } from '../../src/crypto/types.js';
import { verifySignature } from '../../src/crypto/verify.js';
import { fromHex } from '../../src/encoding/bytes.js';
import { isWebAuthnError } from '../../src/errors.js';
import { hasSharedFixtures, listShared, readSharedJSON } from '../helpers/shared-fixtures.js';

interface WycheproofTest {
  tcId: number;
  comment: string;
  flags: string[];
  msg: string;
  sig: string;
  result: 'valid' | 'invalid' | 'acceptable';
}
interface WycheproofGroup {
  type: 'EcdsaVerify' | 'EcdsaP1363Verify' | 'RsassaPkcs1Verify' | 'RsassaPssVerify' | 'EddsaVerify';
  sha?: HashName;
  mgfSha?: HashName;
  sLen?: number;
  publicKey: { curve?: string; wx?: string; wy?: string; modulus?: string; publicExponent?: string; pk?: string };
  tests: WycheproofTest[];
}
interface WycheproofFile {
  algorithm: string;
  numberOfTests: number;
  testGroups: WycheproofGroup[];
}

const BACKENDS: Exclude<CryptoBackend, 'auto'>[] = ['node', 'webcrypto', 'noble'];
const CURVES: Record<string, ECCurve> = {
  secp256r1: 'P-256',
  secp384r1: 'P-384',
  secp521r1: 'P-521',
  secp256k1: 'secp256k1',
};

function groupKeyAndScheme(g: WycheproofGroup): { key: PublicKey; scheme: SignatureScheme } {
  switch (g.type) {
    case 'EcdsaVerify':
    case 'EcdsaP1363Verify': {
      const crv = CURVES[g.publicKey.curve!]!;
      const size = EC_CURVES[crv].size;
      // Wycheproof's wx/wy are ASN.1-style integers (may carry a leading 00): normalise to full size.
      const coord = (hex: string): Uint8Array => leftPad(stripLeadingZeros(fromHex(hex)), size);
      return {
        key: { kty: 'EC', crv, x: coord(g.publicKey.wx!), y: coord(g.publicKey.wy!) },
        scheme: { name: 'ECDSA', hash: g.sha!, encoding: g.type === 'EcdsaVerify' ? 'der' : 'raw' },
      };
    }
    case 'RsassaPkcs1Verify':
    case 'RsassaPssVerify': {
      const key: PublicKey = {
        kty: 'RSA',
        n: stripLeadingZeros(fromHex(g.publicKey.modulus!)),
        e: stripLeadingZeros(fromHex(g.publicKey.publicExponent!)),
      };
      if (g.type === 'RsassaPkcs1Verify') return { key, scheme: { name: 'RSASSA-PKCS1-v1_5', hash: g.sha! } };
      if (g.mgfSha !== g.sha) throw new Error('MGF1 hash differs from the message hash: not a COSE PS* scheme');
      return { key, scheme: { name: 'RSA-PSS', hash: g.sha!, saltLength: g.sLen! } };
    }
    case 'EddsaVerify':
      return {
        key: {
          kty: 'OKP',
          crv: g.publicKey.curve === 'edwards25519' ? 'Ed25519' : 'Ed448',
          x: fromHex(g.publicKey.pk!),
        },
        scheme: { name: 'EdDSA' },
      };
  }
}

type Outcome = 'accept' | 'reject' | `error:${string}`;

async function run(
  key: PublicKey,
  scheme: SignatureScheme,
  t: WycheproofTest,
  backend: CryptoBackend,
): Promise<Outcome> {
  try {
    const ok = await verifySignature({ scheme, key, signature: fromHex(t.sig), data: fromHex(t.msg), backend });
    return ok ? 'accept' : 'reject';
  } catch (err) {
    // A WebAuthnError (e.g. a key the backend refuses) is a rejection; anything else is a bug.
    return isWebAuthnError(err) ? 'reject' : `error:${String(err)}`;
  }
}

interface Counts {
  valid: number;
  invalid: number;
  acceptable: number;
  acceptedAcceptable: number;
}
const totals = new Map<string, Counts>(
  BACKENDS.map((b) => [b, { valid: 0, invalid: 0, acceptable: 0, acceptedAcceptable: 0 }]),
);

const files = hasSharedFixtures('Wycheproof vectors')
  ? listShared('wycheproof').filter((f) => f.endsWith('.json'))
  : [];

describe.skipIf(files.length === 0)('Wycheproof', () => {
  afterAll(() => {
    const lines = [...totals].map(
      ([b, c]) =>
        `  ${b.padEnd(9)} valid accepted ${c.valid}, invalid rejected ${c.invalid}, acceptable ${c.acceptable} (accepted ${c.acceptedAcceptable})`,
    );
    console.log(`[wycheproof] ${files.length} files\n${lines.join('\n')}`);
  });

  for (const file of files) {
    describe(file, () => {
      const data = readSharedJSON<WycheproofFile>(`wycheproof/${file}`);
      const acceptable = new Map<number, Outcome[]>();

      it('declares as many tests as it holds', () => {
        expect(data.testGroups.reduce((n, g) => n + g.tests.length, 0)).toBe(data.numberOfTests);
      });

      for (const backend of BACKENDS) {
        it(`${backend}: valid verify, invalid are rejected`, async () => {
          const failures: string[] = [];
          const c = totals.get(backend)!;
          for (const g of data.testGroups) {
            const { key, scheme } = groupKeyAndScheme(g);
            for (const t of g.tests) {
              const out = await run(key, scheme, t, backend);
              if (out.startsWith('error:')) failures.push(`tcId ${t.tcId} (${t.comment}): threw ${out}`);
              else if (t.result === 'valid')
                out === 'accept' ? c.valid++ : failures.push(`tcId ${t.tcId} valid but ${out} (${t.comment})`);
              else if (t.result === 'invalid')
                out === 'reject' ? c.invalid++ : failures.push(`tcId ${t.tcId} invalid but ${out} (${t.comment})`);
              else {
                c.acceptable++;
                if (out === 'accept') c.acceptedAcceptable++;
                acceptable.set(t.tcId, [...(acceptable.get(t.tcId) ?? []), out]);
              }
            }
          }
          expect(failures).toEqual([]);
        });
      }

      it('acceptable vectors: all backends agree', () => {
        for (const [tcId, outs] of acceptable) {
          expect({ tcId, outs: new Set(outs).size }).toEqual({ tcId, outs: 1 });
        }
      });
    });
  }
});
