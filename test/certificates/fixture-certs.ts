/**
 * Reads certificates out of the shared fixtures: roots (PEM) and each registration's x5c
 * (attStmt.x5c, or the SafetyNet JWS header's x5c).
 */
import { decodeBase64OrUndefined, decodeBase64url } from '../../src/encoding/base64url.js';
import { decodeCBOR, isCBORMap } from '../../src/encoding/cbor.js';
import { listShared, readShared, readSharedJSON } from '../helpers/shared-fixtures.js';

export interface RegistrationFixture {
  id: string;
  invalidReason?: string;
  response: { response: { attestationObject: string } };
  attestation?: { verifyAt?: string; trustAnchors?: string[]; fmt?: string; x5cIncludesSelfSignedRoot?: boolean };
}

export interface FixtureChain {
  id: string;
  fmt: string;
  x5c: Uint8Array[];
  verifyAt: Date | undefined;
  anchors: string[];
  /** The x5c signatures themselves are broken (invalidReason certificate-chain-invalid). */
  chainInvalid: boolean;
}

export function rootFiles(): string[] {
  return listShared('roots').filter((f) => f.endsWith('.pem'));
}

export function readRootPEM(file: string): string {
  return readShared(`roots/${file}`).toString('utf8');
}

function safetyNetX5c(response: Uint8Array): Uint8Array[] {
  const jws = new TextDecoder().decode(response);
  const header = JSON.parse(new TextDecoder().decode(decodeBase64url(jws.split('.')[0] as string))) as {
    x5c: string[];
  };
  return header.x5c.map((c) => {
    const der = decodeBase64OrUndefined(c);
    if (der === undefined) throw new Error('bad x5c base64');
    return der;
  });
}

export function fixtureChains(): FixtureChain[] {
  const out: FixtureChain[] = [];
  for (const file of listShared('registration')) {
    const f = readSharedJSON<RegistrationFixture>(`registration/${file}`);
    const ao = decodeCBOR(decodeBase64url(f.response.response.attestationObject));
    if (!isCBORMap(ao)) continue;
    const fmt = ao.get('fmt') as string;
    const attStmt = ao.get('attStmt');
    if (!isCBORMap(attStmt)) continue;
    let x5c: Uint8Array[] = [];
    const raw = attStmt.get('x5c');
    if (Array.isArray(raw)) x5c = raw as Uint8Array[];
    else if (fmt === 'android-safetynet') x5c = safetyNetX5c(attStmt.get('response') as Uint8Array);
    if (x5c.length === 0) continue;
    out.push({
      id: f.id,
      fmt,
      x5c,
      verifyAt: f.attestation?.verifyAt === undefined ? undefined : new Date(f.attestation.verifyAt),
      chainInvalid: (f.invalidReason ?? '').split(',').includes('certificate-chain-invalid'),
      anchors: (f.attestation?.trustAnchors ?? []).map((a) => a.replace(/^roots\//, '').replace(/\.pem$/, '')),
    });
  }
  return out;
}
