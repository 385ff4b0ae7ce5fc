import { decodeBase64urlOrUndefined } from './src/encoding/base64url.js';
import { decodeCBOR } from './src/encoding/cbor.js';
import { parseCOSEPublicKey } from './src/crypto/cose.js';
import { sha256 } from './src/crypto/hash.js';
import { concat } from './src/encoding/bytes.js';
import { publicKeyToJWK } from './src/crypto/jwk.js';
import { parseClientDataJSON } from './src/parsers/client-data.js';
import { parseAuthenticatorData } from './src/parsers/authenticator-data.js';
import { verifySignature } from './src/crypto/verify.js';
import { loadInputs } from './bench/inputs.mjs';
import crypto from 'node:crypto';
const inputs: any = await loadInputs();
function bench(name: string, fn: (i: number) => unknown, n = 4000) {
  for (let i = 0; i < 400; i++) fn(i % 200);
  const c0 = process.cpuUsage();
  for (let i = 0; i < n; i++) fn(i % 200);
  const c = process.cpuUsage(c0);
  console.log(name.padEnd(36), ((c.user + c.system) / n).toFixed(2), 'µs cpu');
}
for (const alg of ['ES256', 'RS256', 'EdDSA']) {
  const items = inputs[alg];
  const r = items.map((it: any) => it.assertion.response);
  const cdj = r.map((x: any) => decodeBase64urlOrUndefined(x.clientDataJSON)!);
  const ad = r.map((x: any) => decodeBase64urlOrUndefined(x.authenticatorData)!);
  const pk = items.map((it: any) => decodeBase64urlOrUndefined(it.credential.publicKey)!);
  const maps = pk.map((b: any) => decodeCBOR(b));
  const keys = maps.map((m: any) => parseCOSEPublicKey(m));
  const sigs = r.map((x: any) => decodeBase64urlOrUndefined(x.signature)!);
  const datas = ad.map((a: any, i: number) => concat(a, sha256(cdj[i])));
  console.log('--', alg);
  bench('b64 decode x3', (i) => { decodeBase64urlOrUndefined(r[i].clientDataJSON); decodeBase64urlOrUndefined(r[i].authenticatorData); decodeBase64urlOrUndefined(r[i].signature); });
  bench('parseClientDataJSON', (i) => parseClientDataJSON(cdj[i]));
  bench('parseAuthenticatorData', (i) => parseAuthenticatorData(ad[i]));
  bench('decodeCBOR key', (i) => decodeCBOR(pk[i]));
  bench('parseCOSEPublicKey', (i) => parseCOSEPublicKey(maps[i]));
  bench('sha256+concat', (i) => concat(ad[i], sha256(cdj[i])));
  bench('publicKeyToJWK', (i) => publicKeyToJWK(keys[i].publicKey));
  bench('createPublicKey', (i) => crypto.createPublicKey({ key: publicKeyToJWK(keys[i].publicKey) as any, format: 'jwk' }));
  bench('verifySignature', (i) => verifySignature({ scheme: keys[i].scheme, key: keys[i].publicKey, signature: sigs[i], data: datas[i] }));
}
