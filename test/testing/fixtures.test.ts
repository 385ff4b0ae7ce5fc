/**
 * The generated fixtures (fixtures/generated) are up to date, byte for byte, and each one is
 * checked independently with node:crypto: valid fixtures pass every check, invalid ones fail
 * exactly the check named by `invalidReason` (the harness rule: re-signed, one mutation).
 */
import { createHash, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildFixtures, type GeneratedFile } from '../../scripts/generate-fixtures.js';
import type { CBORMap } from '../../src/encoding/cbor.js';
import { parseAuthenticatorData, parseClientDataJSON } from '../../src/parsers/index.js';
import {
  checkAttestation,
  checkChain,
  decodeRegistration,
  fromB64u,
  nodeKeyFromCOSE,
  nodeVerify,
  sha256,
} from './node-check.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
let generated: GeneratedFile[] = [];

interface Fixture {
  id: string;
  kind: 'registration' | 'authentication';
  // biome-ignore lint/suspicious/noExplicitAny: fixture JSON
  response: any;
  expected: {
    challenge: string;
    origin: string;
    rpId: string;
    requireUserVerification: boolean;
    requireUserPresence: boolean;
    topOrigin?: string;
  };
  credential: { id: string; publicKey: string; counter: number } | null;
  outcome: 'valid' | 'invalid';
  invalidReason?: string;
  policy?: { allowCrossOrigin?: boolean };
  attestation?: { fmt: string; trustAnchors: string[]; verifyAt: string };
}

function failures(f: Fixture): string[] {
  const failed: string[] = [];
  const cdj = fromB64u(f.response.response.clientDataJSON);
  const c = parseClientDataJSON(cdj);
  if (c.type !== (f.kind === 'registration' ? 'webauthn.create' : 'webauthn.get')) failed.push('client-data-type');
  if (c.challenge !== f.expected.challenge) failed.push('challenge-mismatch');
  if (c.origin !== f.expected.origin) failed.push('origin-mismatch');
  if (c.crossOrigin === true && f.policy?.allowCrossOrigin !== true) failed.push('cross-origin-not-allowed');
  if (c.topOrigin !== undefined && f.policy?.allowCrossOrigin === true && c.topOrigin !== f.expected.topOrigin)
    failed.push('top-origin-mismatch');
  const rpIdHash = sha256(new TextEncoder().encode(f.expected.rpId));
  if (f.kind === 'registration') {
    const reg = decodeRegistration(f.response as never);
    if (!Buffer.from(reg.authData.rpIdHash).equals(Buffer.from(rpIdHash))) failed.push('rpid-mismatch');
    if (!reg.authData.flags.up) failed.push('user-presence');
    if (f.expected.requireUserVerification && !reg.authData.flags.uv) failed.push('user-verification');
    const acd = reg.authData.attestedCredentialData!;
    try {
      const items =
        reg.fmt === 'compound'
          ? (reg.attStmt as unknown as CBORMap[]).map((m) => [m.get('fmt') as string, m.get('attStmt')] as const)
          : [[reg.fmt, reg.attStmt] as const];
      for (const [fmt, stmt] of items) {
        checkAttestation(
          fmt,
          stmt,
          reg.authData.bytes,
          reg.clientDataHash,
          acd.credentialPublicKey,
          acd.credentialId,
          reg.authData.rpIdHash,
        );
        const x5c = (stmt as CBORMap).get('x5c') as Uint8Array[] | undefined;
        if (x5c !== undefined) {
          const anchor = readFileSync(join(root, 'fixtures/generated', f.attestation!.trustAnchors[0]!), 'utf8');
          checkChain(x5c, anchor, new Date(f.attestation!.verifyAt));
          const leaf = new X509Certificate(x5c[0]!);
          // id-fido-gen-ce-aaguid: 06 0b 2b 06 01 04 01 82 e5 1c 01 01 04 … 04 12 04 10 ‖ aaguid
          const der = Buffer.from(leaf.raw);
          const oid = Buffer.from('060b2b0601040182e51c010104', 'hex');
          const at = der.indexOf(oid);
          if (at >= 0 && !der.subarray(at + oid.length + 4, at + oid.length + 20).equals(Buffer.from(acd.aaguid)))
            failed.push('aaguid-extension-mismatch');
        }
      }
    } catch (e) {
      failed.push(`attestation: ${(e as Error).message}`);
    }
  } else {
    const ad = parseAuthenticatorData(fromB64u(f.response.response.authenticatorData));
    if (!Buffer.from(ad.rpIdHash).equals(Buffer.from(rpIdHash))) failed.push('rpid-mismatch');
    if (!ad.flags.up) failed.push('user-presence');
    if (f.expected.requireUserVerification && !ad.flags.uv) failed.push('user-verification');
    const { key, alg } = nodeKeyFromCOSE(fromB64u(f.credential!.publicKey));
    const signed = Buffer.concat([ad.bytes, createHash('sha256').update(cdj).digest()]);
    if (!nodeVerify(alg, key, signed, fromB64u(f.response.response.signature))) failed.push('signature-invalid');
    const stored = f.credential!.counter;
    if ((ad.signCount !== 0 || stored !== 0) && ad.signCount <= stored) failed.push('counter-not-increased');
    if (f.response.rawId !== f.credential!.id) failed.push('credential-id');
  }
  return failed;
}

describe('generated fixtures', () => {
  it('regenerate byte-identically (run `npx bun scripts/generate-fixtures.ts` after changing the generator)', {
    timeout: 120_000,
  }, async () => {
    generated = await buildFixtures();
    expect(generated.length).toBeGreaterThan(60);
    for (const file of generated) {
      expect(readFileSync(join(root, file.path), 'utf8'), file.path).toBe(file.content);
    }
  });

  it('every fixture passes the independent node:crypto checks, or fails exactly its invalidReason', {
    timeout: 120_000,
  }, async () => {
    if (generated.length === 0) generated = await buildFixtures();
    const fixtures = generated
      .filter((f) => f.path.endsWith('.json') && !f.path.endsWith('index.json'))
      .map((f) => JSON.parse(f.content) as Fixture);
    const report: Record<string, string[]> = {};
    for (const f of fixtures) {
      const failed = failures(f);
      const expected = f.outcome === 'valid' ? [] : (f.invalidReason ?? '').split(',');
      if (JSON.stringify(failed) !== JSON.stringify(expected)) report[f.id] = failed;
    }
    expect(report).toEqual({});
  });
});
