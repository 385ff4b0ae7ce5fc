/**
 * An independent checker for the software authenticator's output, built on node:crypto (tests
 * only): decodes responses and verifies every signature without the library's verifiers.
 */
import { constants, createHash, createPublicKey, type KeyObject, verify, X509Certificate } from 'node:crypto';
import type { PublicKey, SignatureScheme } from '../../src/crypto/types.js';
import { type CBORMap, decodeCBOR } from '../../src/encoding/cbor.js';
import { parseAttestationObject, parseAuthenticatorData, parseClientDataJSON } from '../../src/parsers/index.js';

export const b64u = (b: Uint8Array): string => Buffer.from(b).toString('base64url');
export const fromB64u = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'base64url'));
export const sha256 = (b: Uint8Array): Uint8Array => new Uint8Array(createHash('sha256').update(b).digest());

export function nodeKeyFromPublicKey(key: PublicKey): KeyObject {
  if (key.kty === 'EC')
    return createPublicKey({ key: { kty: 'EC', crv: key.crv, x: b64u(key.x), y: b64u(key.y) }, format: 'jwk' });
  if (key.kty === 'RSA') return createPublicKey({ key: { kty: 'RSA', n: b64u(key.n), e: b64u(key.e) }, format: 'jwk' });
  return createPublicKey({ key: { kty: 'OKP', crv: key.crv, x: b64u(key.x) }, format: 'jwk' });
}

const EC_CRV: Record<number, string> = { 1: 'P-256', 2: 'P-384', 3: 'P-521', 8: 'secp256k1' };
const OKP_CRV: Record<number, string> = { 6: 'Ed25519', 7: 'Ed448' };

/** COSE_Key bytes → node KeyObject + alg. */
export function nodeKeyFromCOSE(cose: Uint8Array): { key: KeyObject; alg: number } {
  const m = decodeCBOR(cose) as CBORMap;
  const kty = m.get(1);
  const alg = m.get(3) as number;
  if (kty === 2) {
    return {
      alg,
      key: createPublicKey({
        key: {
          kty: 'EC',
          crv: EC_CRV[m.get(-1) as number],
          x: b64u(m.get(-2) as Uint8Array),
          y: b64u(m.get(-3) as Uint8Array),
        },
        format: 'jwk',
      }),
    };
  }
  if (kty === 1) {
    return {
      alg,
      key: createPublicKey({
        key: { kty: 'OKP', crv: OKP_CRV[m.get(-1) as number], x: b64u(m.get(-2) as Uint8Array) },
        format: 'jwk',
      }),
    };
  }
  return {
    alg,
    key: createPublicKey({
      key: { kty: 'RSA', n: b64u(m.get(-1) as Uint8Array), e: b64u(m.get(-2) as Uint8Array) },
      format: 'jwk',
    }),
  };
}

const ALG_SCHEME: Record<number, SignatureScheme> = {
  [-7]: { name: 'ECDSA', hash: 'SHA-256', encoding: 'der' },
  [-35]: { name: 'ECDSA', hash: 'SHA-384', encoding: 'der' },
  [-36]: { name: 'ECDSA', hash: 'SHA-512', encoding: 'der' },
  [-47]: { name: 'ECDSA', hash: 'SHA-256', encoding: 'der' },
  [-257]: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
  [-258]: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-384' },
  [-259]: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-512' },
  [-65535]: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-1' },
  [-37]: { name: 'RSA-PSS', hash: 'SHA-256', saltLength: 32 },
  [-38]: { name: 'RSA-PSS', hash: 'SHA-384', saltLength: 48 },
  [-39]: { name: 'RSA-PSS', hash: 'SHA-512', saltLength: 64 },
  [-8]: { name: 'EdDSA' },
  [-53]: { name: 'EdDSA' },
};

export function schemeOf(alg: number): SignatureScheme {
  const s = ALG_SCHEME[alg];
  if (s === undefined) throw new Error(`alg ${alg}`);
  return s;
}

export function nodeVerify(alg: number, key: KeyObject, data: Uint8Array, sig: Uint8Array): boolean {
  const s = schemeOf(alg);
  if (s.name === 'EdDSA') return verify(null, data, key, sig);
  const hash = s.hash.replace('-', '').toLowerCase();
  if (s.name === 'ECDSA') return verify(hash, data, { key, dsaEncoding: 'der' }, sig);
  if (s.name === 'RSA-PSS')
    return verify(hash, data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: s.saltLength }, sig);
  return verify(hash, data, { key, padding: constants.RSA_PKCS1_PADDING }, sig);
}

export interface DecodedRegistration {
  fmt: string;
  attStmt: CBORMap | unknown[];
  authData: ReturnType<typeof parseAuthenticatorData>;
  clientData: ReturnType<typeof parseClientDataJSON>;
  clientDataJSON: Uint8Array;
  clientDataHash: Uint8Array;
}

export function decodeRegistration(response: {
  response: { clientDataJSON: string; attestationObject: string };
}): DecodedRegistration {
  const clientDataJSON = fromB64u(response.response.clientDataJSON);
  const ao = parseAttestationObject(fromB64u(response.response.attestationObject));
  return {
    fmt: ao.fmt,
    attStmt: ao.attStmt as CBORMap,
    authData: parseAuthenticatorData(ao.authData),
    clientData: parseClientDataJSON(clientDataJSON),
    clientDataJSON,
    clientDataHash: sha256(clientDataJSON),
  };
}

/** Verifies a registration's attestation statement with node:crypto; throws on failure. */
export function checkAttestation(
  fmt: string,
  attStmt: unknown,
  authData: Uint8Array,
  cdHash: Uint8Array,
  credCose: Uint8Array,
  credId: Uint8Array,
  rpIdHash: Uint8Array,
): void {
  const m = attStmt as CBORMap;
  const signed = Buffer.concat([authData, cdHash]);
  const cred = nodeKeyFromCOSE(credCose);
  switch (fmt) {
    case 'none':
      if (m.size !== 0) throw new Error('none: non-empty attStmt');
      return;
    case 'packed': {
      const alg = m.get('alg') as number;
      const sig = m.get('sig') as Uint8Array;
      const x5c = m.get('x5c') as Uint8Array[] | undefined;
      const key = x5c === undefined ? cred.key : new X509Certificate(x5c[0]!).publicKey;
      if (x5c === undefined && alg !== cred.alg) throw new Error('packed self: alg mismatch');
      if (!nodeVerify(alg, key, signed, sig)) throw new Error('packed: bad signature');
      return;
    }
    case 'fido-u2f': {
      const x5c = m.get('x5c') as Uint8Array[];
      if (x5c.length !== 1) throw new Error('fido-u2f: x5c length');
      const jwk = cred.key.export({ format: 'jwk' });
      const data = Buffer.concat([
        Buffer.of(0),
        rpIdHash,
        cdHash,
        credId,
        Buffer.of(4),
        Buffer.from(jwk.x!, 'base64url'),
        Buffer.from(jwk.y!, 'base64url'),
      ]);
      if (!nodeVerify(-7, new X509Certificate(x5c[0]!).publicKey, data, m.get('sig') as Uint8Array))
        throw new Error('fido-u2f: bad signature');
      return;
    }
    case 'android-key': {
      const x5c = m.get('x5c') as Uint8Array[];
      const leafKey = new X509Certificate(x5c[0]!).publicKey;
      if (!leafKey.equals(cred.key)) throw new Error('android-key: leaf key differs');
      if (!nodeVerify(m.get('alg') as number, leafKey, signed, m.get('sig') as Uint8Array))
        throw new Error('android-key: bad signature');
      const leaf = Buffer.from(x5c[0]!);
      // KeyDescription contains attestationChallenge = cdHash as an OCTET STRING (04 20 …).
      if (leaf.indexOf(Buffer.concat([Buffer.of(4, 32), cdHash])) < 0)
        throw new Error('android-key: challenge missing');
      return;
    }
    case 'apple': {
      const x5c = m.get('x5c') as Uint8Array[];
      const leafKey = new X509Certificate(x5c[0]!).publicKey;
      if (!leafKey.equals(cred.key)) throw new Error('apple: leaf key differs');
      const nonce = sha256(signed);
      // Extension value SEQUENCE { [1] { OCTET STRING nonce } } = 30 24 a1 22 04 20 ‖ nonce.
      if (Buffer.from(x5c[0]!).indexOf(Buffer.concat([Buffer.from('3024a1220420', 'hex'), nonce])) < 0)
        throw new Error('apple: nonce');
      return;
    }
    case 'tpm': {
      const certInfo = Buffer.from(m.get('certInfo') as Uint8Array);
      const pubArea = Buffer.from(m.get('pubArea') as Uint8Array);
      const alg = m.get('alg') as number;
      if (certInfo.readUInt32BE(0) !== 0xff544347 || certInfo.readUInt16BE(4) !== 0x8017)
        throw new Error('tpm: magic/type');
      let off = 6;
      const signerLen = certInfo.readUInt16BE(off);
      off += 2 + signerLen;
      const extraLen = certInfo.readUInt16BE(off);
      const extraData = certInfo.subarray(off + 2, off + 2 + extraLen);
      off += 2 + extraLen + 17 + 8;
      const nameLen = certInfo.readUInt16BE(off);
      const name = certInfo.subarray(off + 2, off + 2 + nameLen);
      const h = schemeOf(alg);
      const hashName = h.name === 'EdDSA' ? 'sha512' : h.hash.replace('-', '').toLowerCase();
      if (!extraData.equals(createHash(hashName).update(signed).digest())) throw new Error('tpm: extraData');
      const expectedName = Buffer.concat([Buffer.of(0, 0x0b), createHash('sha256').update(pubArea).digest()]);
      if (!name.equals(expectedName)) throw new Error('tpm: name');
      const x5c = m.get('x5c') as Uint8Array[];
      if (!nodeVerify(alg, new X509Certificate(x5c[0]!).publicKey, certInfo, m.get('sig') as Uint8Array))
        throw new Error('tpm: bad signature');
      return;
    }
    default:
      throw new Error(`unknown fmt ${fmt}`);
  }
}

/** Checks that each x5c certificate is signed by the next and the last by `rootPem`. */
export function checkChain(x5c: readonly Uint8Array[], rootPem: string, at: Date): void {
  const certs = x5c.map((d) => new X509Certificate(d));
  const root = new X509Certificate(rootPem);
  const all = [...certs, root];
  for (let i = 0; i < certs.length; i++) {
    if (!all[i]!.verify(all[i + 1]!.publicKey)) throw new Error(`x5c[${i}] not signed by its issuer`);
    if (!all[i]!.checkIssued(all[i + 1]!)) throw new Error(`x5c[${i}] issuer name mismatch`);
  }
  if (!root.verify(root.publicKey)) throw new Error('root not self-signed');
  for (const c of all) {
    if (new Date(c.validFrom) > at || new Date(c.validTo) < at)
      throw new Error(`certificate not valid at ${at.toISOString()}`);
  }
}
