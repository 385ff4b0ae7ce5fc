/**
 * The rows of the benchmark: for each, a Tessera call, the same call on @simplewebauthn/server
 * and the raw node:crypto floor (createPublicKey from JWK + crypto.verify, per call).
 */
import crypto from 'node:crypto';

function b64uToBytes(s) {
  return new Uint8Array(Buffer.from(s, 'base64url'));
}

const NODE_ALG = { ES256: 'sha256', RS256: 'sha256', EdDSA: null };

/** Builds the row table. `tessera` is the built package, `swa` @simplewebauthn/server. */
export async function buildRows(inputs, tessera, swa, { backend } = {}) {
  const { rpID, origin } = inputs;
  const rows = [];
  const tOpts = backend === undefined ? {} : { backend };

  for (const alg of ['ES256', 'RS256', 'EdDSA']) {
    const items = inputs[alg];
    // Pre-decode stored credentials (a credential store hands out bytes).
    const creds = items.map((it) => ({
      id: it.credential.id,
      publicKey: b64uToBytes(it.credential.publicKey),
      counter: it.credential.counter,
    }));
    // Floor inputs, computed once: JWK of the credential key, signed data, signature.
    const floor = [];
    for (const it of items) {
      const authData = b64uToBytes(it.assertion.response.authenticatorData);
      const cdj = b64uToBytes(it.assertion.response.clientDataJSON);
      const data = Buffer.concat([authData, crypto.createHash('sha256').update(cdj).digest()]);
      floor.push({
        jwk: jwkFromCOSE(b64uToBytes(it.credential.publicKey)),
        data,
        sig: b64uToBytes(it.assertion.response.signature),
      });
    }
    rows.push({
      id: `auth-${alg}`,
      label: `authentication ${alg}`,
      n: items.length,
      tessera: (i) =>
        tessera.verifyAuthenticationResponse({
          response: items[i].assertion,
          expectedChallenge: items[i].authChallenge,
          expectedOrigin: origin,
          expectedRPID: rpID,
          credential: creds[i],
          requireUserVerification: true,
          ...tOpts,
        }),
      swa: (i) =>
        swa.verifyAuthenticationResponse({
          response: items[i].assertion,
          expectedChallenge: items[i].authChallenge,
          expectedOrigin: origin,
          expectedRPID: rpID,
          credential: creds[i],
          requireUserVerification: true,
        }),
      floor: (i) => {
        const f = floor[i];
        const key = crypto.createPublicKey({ key: f.jwk, format: 'jwk' });
        if (!crypto.verify(NODE_ALG[alg], f.data, key, f.sig)) throw new Error('floor: bad signature');
      },
    });
  }

  for (const fmt of ['none', 'packedSelf']) {
    for (const alg of ['ES256', 'RS256', 'EdDSA']) {
      const items = inputs[alg];
      let floor;
      if (fmt === 'packedSelf') {
        floor = items.map((it) => {
          const r = it.packedSelf.response;
          const cdHash = crypto.createHash('sha256').update(b64uToBytes(r.clientDataJSON)).digest();
          const { authData, sig } = splitPacked(b64uToBytes(r.attestationObject));
          return {
            jwk: jwkFromCOSE(b64uToBytes(it.credential.publicKey)),
            data: Buffer.concat([authData, cdHash]),
            sig,
          };
        });
      }
      rows.push({
        id: `reg-${fmt}-${alg}`,
        label: `registration ${fmt === 'none' ? 'none' : 'packed-self'} ${alg}`,
        n: items.length,
        tessera: (i) =>
          tessera.verifyRegistrationResponse({
            response: items[i][fmt],
            expectedChallenge: items[i].regChallenge,
            expectedOrigin: origin,
            expectedRPID: rpID,
            requireUserVerification: true,
            ...tOpts,
          }),
        swa: (i) =>
          swa.verifyRegistrationResponse({
            response: items[i][fmt],
            expectedChallenge: items[i].regChallenge,
            expectedOrigin: origin,
            expectedRPID: rpID,
            requireUserVerification: true,
          }),
        floor:
          floor &&
          ((i) => {
            const f = floor[i];
            const key = crypto.createPublicKey({ key: f.jwk, format: 'jwk' });
            if (!crypto.verify(NODE_ALG[alg], f.data, key, f.sig)) throw new Error('floor: bad signature');
          }),
      });
    }
  }

  // packed with x5c: leaf + intermediate, the test CA root as the anchor for both libraries.
  {
    const { items, anchorPEM } = inputs.x5c;
    swa.SettingsService.setRootCertificates({ identifier: 'packed', certificates: [anchorPEM] });
    const root = new crypto.X509Certificate(anchorPEM);
    const floor = items.map((it) => {
      const r = it.response.response;
      const cdHash = crypto.createHash('sha256').update(b64uToBytes(r.clientDataJSON)).digest();
      const { authData, sig, x5c } = splitPacked(b64uToBytes(r.attestationObject));
      return { x5c, data: Buffer.concat([authData, cdHash]), sig };
    });
    rows.push({
      id: 'reg-x5c-ES256',
      label: 'registration packed x5c ES256 (leaf + intermediate → anchor)',
      n: items.length,
      tessera: (i) =>
        tessera.verifyRegistrationResponse({
          response: items[i].response,
          expectedChallenge: items[i].challenge,
          expectedOrigin: origin,
          expectedRPID: rpID,
          requireUserVerification: true,
          attestation: { trustAnchors: [anchorPEM], require: 'trusted' },
          ...tOpts,
        }),
      swa: (i) =>
        swa.verifyRegistrationResponse({
          response: items[i].response,
          expectedChallenge: items[i].challenge,
          expectedOrigin: origin,
          expectedRPID: rpID,
          requireUserVerification: true,
        }),
      // Floor: parse each certificate (node:crypto X509Certificate), verify the attestation
      // signature with the leaf key and each certificate signature with its issuer's key.
      floor: (i) => {
        const f = floor[i];
        const leaf = new crypto.X509Certificate(f.x5c[0]);
        const inter = new crypto.X509Certificate(f.x5c[1]);
        if (!crypto.verify('sha256', f.data, leaf.publicKey, f.sig))
          throw new Error('floor: bad attestation signature');
        if (!leaf.verify(inter.publicKey) || !inter.verify(root.publicKey)) throw new Error('floor: bad chain');
      },
    });
  }
  return rows;
}

// --- tiny CBOR helpers for floor inputs (outside timing; inputs are known-good) ---

function readHead(b, p) {
  const ib = b[p];
  const major = ib >> 5;
  const info = ib & 31;
  let v;
  let q = p + 1;
  if (info < 24) v = info;
  else if (info === 24) v = b[q++];
  else if (info === 25) {
    v = (b[q] << 8) | b[q + 1];
    q += 2;
  } else if (info === 26) {
    v = b.readUInt32BE(q);
    q += 4;
  } else throw new Error('bench CBOR: unsupported');
  return { major, v, q };
}

function decode(b, p) {
  const { major, v, q } = readHead(b, p);
  switch (major) {
    case 0:
      return { value: v, p: q };
    case 1:
      return { value: -1 - v, p: q };
    case 2:
      return { value: b.subarray(q, q + v), p: q + v };
    case 3:
      return { value: b.toString('utf8', q, q + v), p: q + v };
    case 4: {
      const out = [];
      let r = q;
      for (let i = 0; i < v; i++) {
        const d = decode(b, r);
        out.push(d.value);
        r = d.p;
      }
      return { value: out, p: r };
    }
    case 5: {
      const out = new Map();
      let r = q;
      for (let i = 0; i < v; i++) {
        const k = decode(b, r);
        const val = decode(b, k.p);
        out.set(k.value, val.value);
        r = val.p;
      }
      return { value: out, p: r };
    }
    default:
      throw new Error('bench CBOR: unsupported major type');
  }
}

function splitPacked(attObj) {
  const m = decode(Buffer.from(attObj), 0).value;
  const st = m.get('attStmt');
  return { authData: m.get('authData'), sig: st.get('sig'), x5c: st.get('x5c') };
}

function jwkFromCOSE(cose) {
  const m = decode(Buffer.from(cose), 0).value;
  const b = (u) => Buffer.from(u).toString('base64url');
  switch (m.get(1)) {
    case 2:
      return { kty: 'EC', crv: 'P-256', x: b(m.get(-2)), y: b(m.get(-3)) };
    case 1:
      return { kty: 'OKP', crv: 'Ed25519', x: b(m.get(-2)) };
    case 3:
      return { kty: 'RSA', n: b(m.get(-1)), e: b(m.get(-2)) };
    default:
      throw new Error('bench: unknown kty');
  }
}
