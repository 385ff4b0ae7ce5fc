/**
 * Real credential keys and assertion signatures from the shared conformance fixtures
 * (`authentication/*.json`): every stored COSE key parses, and every assertion signature over
 * authenticatorData ‖ SHA-256(clientDataJSON) verifies on every backend, except the fixture
 * whose signature is bad on purpose.
 */
import { describe, expect, it } from 'vitest';
import { parseCOSEPublicKey } from '../../src/crypto/cose.js';
import { sha256 } from '../../src/crypto/hash.js';
import type { CryptoBackend } from '../../src/crypto/types.js';
import { verifySignature } from '../../src/crypto/verify.js';
import { decodeBase64url } from '../../src/encoding/base64url.js';
import { concat } from '../../src/encoding/bytes.js';
import { type CBORMap, decodeCBOR } from '../../src/encoding/cbor.js';
import { hasSharedFixtures, listShared, readSharedJSON } from '../helpers/shared-fixtures.js';

interface AuthFixture {
  id: string;
  outcome: 'valid' | 'invalid';
  invalidReason?: string;
  response: { response: { clientDataJSON: string; authenticatorData: string; signature: string } };
  credential: { publicKey: string } | null;
}

const files = hasSharedFixtures('assertion signatures')
  ? listShared('authentication').filter((f) => f.endsWith('.json'))
  : [];
const BACKENDS: CryptoBackend[] = ['auto', 'node', 'webcrypto', 'noble'];

describe.skipIf(files.length === 0)('shared fixtures: credential keys and assertion signatures', () => {
  for (const file of files) {
    const fx = readSharedJSON<AuthFixture>(`authentication/${file}`);
    if (fx.credential === null) continue;
    it(`${fx.id}`, async () => {
      const key = parseCOSEPublicKey(decodeCBOR(decodeBase64url(fx.credential!.publicKey)) as CBORMap);
      const r = fx.response.response;
      const data = concat(decodeBase64url(r.authenticatorData), sha256(decodeBase64url(r.clientDataJSON)));
      const signature = decodeBase64url(r.signature);
      const expected = !(fx.invalidReason ?? '').split(',').includes('signature-invalid');
      for (const backend of BACKENDS) {
        // Ed448 is not in every WebCrypto; Node's has it (experimental).
        expect(
          await verifySignature({ scheme: key.scheme, key: key.publicKey, signature, data, backend }),
          backend,
        ).toBe(expected);
      }
    });
  }
});
