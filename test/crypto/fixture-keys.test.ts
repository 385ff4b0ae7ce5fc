/**
 * Every credential public key in the shared registration fixtures (real authenticators, W3C
 * vectors) goes through parseCOSEPublicKey: keys of valid registrations must parse.
 */
import { describe, expect, it } from 'vitest';
import { COSE_ALGORITHMS, parseCOSEPublicKey } from '../../src/crypto/cose.js';
import { decodeBase64url } from '../../src/encoding/base64url.js';
import { type CBORMap, decodeCBOR, decodeCBORPrefix } from '../../src/encoding/cbor.js';
import { isWebAuthnError } from '../../src/errors.js';
import { hasSharedFixtures, listShared, readSharedJSON } from '../helpers/shared-fixtures.js';

interface RegFixture {
  id: string;
  outcome: 'valid' | 'invalid';
  invalidReason?: string;
  response: { response: { attestationObject: string } };
}

/** authData → credentialPublicKey map (WebAuthn §6.5.1), decoded here without the parser layer. */
function credentialKey(attestationObject: string): CBORMap | undefined {
  const att = decodeCBOR(decodeBase64url(attestationObject)) as CBORMap;
  const authData = att.get('authData') as Uint8Array;
  if (authData.length < 55 || ((authData[32] as number) & 0x40) === 0) return undefined;
  const idLen = ((authData[53] as number) << 8) | (authData[54] as number);
  return decodeCBORPrefix(authData, 55 + idLen).value as CBORMap;
}

const files = hasSharedFixtures('registration keys')
  ? listShared('registration').filter((f) => f.endsWith('.json'))
  : [];
const ALL = Object.values(COSE_ALGORITHMS);

describe.skipIf(files.length === 0)('shared fixtures: registration credential keys', () => {
  it('keys of valid registrations parse; failures on invalid ones are WebAuthnErrors', () => {
    const seen = new Map<string, number>();
    const rejected: string[] = [];
    for (const file of files) {
      const fx = readSharedJSON<RegFixture>(`registration/${file}`);
      let map: CBORMap | undefined;
      try {
        map = credentialKey(fx.response.response.attestationObject);
      } catch {
        continue; // malformed attestation objects are the parsers' tests
      }
      if (map === undefined) continue;
      try {
        const key = parseCOSEPublicKey(map, { allowedAlgorithms: ALL });
        seen.set(String(key.alg), (seen.get(String(key.alg)) ?? 0) + 1);
      } catch (err) {
        rejected.push(`${fx.id}: ${(err as { code?: string }).code}`);
        expect(isWebAuthnError(err), `${fx.id}: ${String(err)}`).toBe(true);
        expect(fx.outcome, `${fx.id} is valid but its key fails: ${String(err)}`).toBe('invalid');
      }
    }
    expect(seen.size).toBeGreaterThan(3);
    console.log(
      `[fixture keys] parsed by alg ${JSON.stringify(Object.fromEntries(seen))}; rejected: ${rejected.join(', ') || 'none'}`,
    );
  });
});
