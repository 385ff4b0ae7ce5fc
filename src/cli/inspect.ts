/**
 * `tessera inspect`: decodes a registration or authentication response (or a fixture file, whose
 * `response` is used) into a human-readable report. Decoding only: nothing is verified, and
 * every part that fails to parse is reported in place while the rest is still shown.
 *
 * @module
 */

import { parseCertificate } from '../certificates/parse.js';
import type { NameAttribute } from '../certificates/types.js';
import { decodeBase64OrUndefined, decodeBase64urlOrUndefined } from '../encoding/base64url.js';
import { formatUUID, toHex, utf8DecodeLenient } from '../encoding/bytes.js';
import { type CBORMap, type CBORValue, decodeCBOR, isCBORMap } from '../encoding/cbor.js';
import { parseAttestationObject } from '../parsers/attestation-object.js';
import { parseAuthenticatorData } from '../parsers/authenticator-data.js';
import { parseClientDataJSON } from '../parsers/client-data.js';
import type { AuthenticatorData } from '../parsers/types.js';

const COSE_ALG_NAMES: Readonly<Record<number, string>> = {
  [-7]: 'ES256',
  [-8]: 'EdDSA',
  [-19]: 'Ed25519',
  [-35]: 'ES384',
  [-36]: 'ES512',
  [-37]: 'PS256',
  [-38]: 'PS384',
  [-39]: 'PS512',
  [-47]: 'ES256K',
  [-53]: 'Ed448',
  [-257]: 'RS256',
  [-258]: 'RS384',
  [-259]: 'RS512',
  [-65535]: 'RS1',
};
const COSE_KTY_NAMES: Readonly<Record<number, string>> = { 1: 'OKP', 2: 'EC2', 3: 'RSA' };
const COSE_CRV_NAMES: Readonly<Record<number, string>> = {
  1: 'P-256',
  2: 'P-384',
  3: 'P-521',
  6: 'Ed25519',
  7: 'Ed448',
  8: 'secp256k1',
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeError(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return typeof code === 'string' ? `${code}: ${err.message}` : `${err.name}: ${err.message}`;
  }
  return String(err);
}

/** Short hex preview of bytes: full when short, else head…tail with the length. */
function hexPreview(bytes: Uint8Array, max = 32): string {
  if (bytes.length <= max) return `${toHex(bytes)} (${bytes.length} bytes)`;
  return `${toHex(bytes.subarray(0, 16))}…${toHex(bytes.subarray(bytes.length - 8))} (${bytes.length} bytes)`;
}

/** Renders a decoded CBOR value compactly (bytes as hex previews). */
export function formatCBOR(value: CBORValue, depth = 0): string {
  if (value instanceof Uint8Array) return `h'${hexPreview(value)}'`;
  if (isCBORMap(value)) {
    if (depth > 4) return '{…}';
    return `{ ${[...value].map(([k, v]) => `${typeof k === 'string' ? JSON.stringify(k) : k}: ${formatCBOR(v, depth + 1)}`).join(', ')} }`;
  }
  if (Array.isArray(value)) return depth > 4 ? '[…]' : `[${value.map((v) => formatCBOR(v, depth + 1)).join(', ')}]`;
  if (typeof value === 'bigint') return value.toString();
  if (value === undefined) return 'undefined';
  return JSON.stringify(value);
}

function algName(alg: unknown): string {
  if (typeof alg !== 'number') return String(alg);
  const name = COSE_ALG_NAMES[alg];
  return name === undefined ? `${alg}` : `${alg} (${name})`;
}

/** One-line-per-fact summary of a COSE_Key map. */
export function summarizeCOSEKey(key: CBORMap): string[] {
  const kty = key.get(1);
  const lines = [
    `kty: ${typeof kty === 'number' ? `${kty} (${COSE_KTY_NAMES[kty] ?? 'unknown'})` : String(kty)}`,
    `alg: ${algName(key.get(3))}`,
  ];
  if (kty === 2 || kty === 1) {
    const crv = key.get(-1);
    lines.push(`crv: ${typeof crv === 'number' ? `${crv} (${COSE_CRV_NAMES[crv] ?? 'unknown'})` : String(crv)}`);
    const x = key.get(-2);
    if (x instanceof Uint8Array) lines.push(`x: ${hexPreview(x, 64)}`);
    const y = key.get(-3);
    if (y instanceof Uint8Array) lines.push(`y: ${hexPreview(y, 64)}`);
  } else if (kty === 3) {
    const n = key.get(-1);
    const e = key.get(-2);
    if (n instanceof Uint8Array) {
      let bits = n.length * 8;
      for (let i = 0; i < n.length && n[i] === 0; i++) bits -= 8;
      const first = n.find((b) => b !== 0);
      if (first !== undefined) bits -= Math.clz32(first) - 24;
      lines.push(`n: ${bits}-bit modulus`);
    }
    if (e instanceof Uint8Array) lines.push(`e: ${BigInt(`0x${toHex(e) || '0'}`).toString()}`);
  }
  const known = new Set<number | string>([1, 3, -1, -2, -3]);
  for (const [k, v] of key) if (!known.has(k)) lines.push(`${k}: ${formatCBOR(v)}`);
  return lines;
}

function formatName(name: readonly NameAttribute[]): string {
  return name.length === 0 ? '(empty)' : name.map((a) => `${a.type}=${a.value}`).join(', ');
}

/** Subject, issuer, validity and key facts of one DER certificate. */
export function summarizeCertificate(der: Uint8Array): string[] {
  try {
    const c = parseCertificate(der);
    const lines = [
      `subject: ${formatName(c.subject)}`,
      `issuer: ${formatName(c.issuer)}`,
      `valid: ${c.notBefore.toISOString()} … ${c.notAfter.toISOString()}`,
      `serial: ${c.serialNumber}`,
      `signature algorithm: ${
        c.signatureScheme === undefined
          ? `${c.signatureAlgorithm} (unsupported)`
          : `${c.signatureScheme.name}${'hash' in c.signatureScheme ? ` ${c.signatureScheme.hash}` : ''} (${c.signatureAlgorithm})`
      }`,
    ];
    const k = c.publicKey;
    if (k !== undefined) {
      lines.push(`key: ${k.kty === 'RSA' ? `RSA ${k.n.length * 8}-bit` : `${k.kty} ${k.crv}`}`);
    }
    if (c.basicConstraints !== undefined) lines.push(`CA: ${c.basicConstraints.ca}`);
    const aaguidExt = c.extensions.find((e) => e.oid === '1.3.6.1.4.1.45724.1.1.4');
    if (aaguidExt !== undefined && aaguidExt.value.length === 18) {
      lines.push(`id-fido-gen-ce-aaguid: ${formatUUID(aaguidExt.value.subarray(2))}`);
    }
    return lines;
  } catch (err) {
    return [`(cannot parse certificate: ${describeError(err)}; ${hexPreview(der)})`];
  }
}

function indent(lines: readonly string[], by = '  '): string[] {
  return lines.map((l) => `${by}${l}`);
}

function flagsLine(a: AuthenticatorData): string {
  const f = a.flags;
  const set = (
    [
      ['UP', f.up],
      ['UV', f.uv],
      ['BE', f.be],
      ['BS', f.bs],
      ['AT', f.at],
      ['ED', f.ed],
    ] as const
  )
    .filter(([, on]) => on)
    .map(([n]) => n);
  return `flags: 0x${f.value.toString(16).padStart(2, '0')} [${set.join(' ') || 'none'}]`;
}

function authenticatorDataLines(bytes: Uint8Array): string[] {
  let a: AuthenticatorData;
  try {
    a = parseAuthenticatorData(bytes);
  } catch (err) {
    return [`(cannot parse: ${describeError(err)}; ${hexPreview(bytes)})`];
  }
  const lines = [`rpIdHash: ${toHex(a.rpIdHash)}`, flagsLine(a), `signCount: ${a.signCount}`];
  const acd = a.attestedCredentialData;
  if (acd !== undefined) {
    lines.push(`AAGUID: ${formatUUID(acd.aaguid)}`);
    lines.push(`credential id: ${hexPreview(acd.credentialId, 64)}`);
    lines.push('credential public key:', ...indent(summarizeCOSEKey(acd.credentialPublicKeyMap)));
  }
  if (a.extensions !== undefined) lines.push(`extensions: ${formatCBOR(a.extensions)}`);
  return lines;
}

function safetyNetLines(response: Uint8Array): string[] {
  const jws = utf8DecodeLenient(response);
  const parts = jws.split('.');
  if (parts.length !== 3) return [`response: (not a compact JWS; ${response.length} bytes)`];
  const lines: string[] = [];
  const decodePart = (p: string): unknown => {
    const bytes = decodeBase64urlOrUndefined(p.replace(/=+$/, ''));
    if (bytes === undefined) return undefined;
    try {
      return JSON.parse(utf8DecodeLenient(bytes));
    } catch {
      return undefined;
    }
  };
  const header = decodePart(parts[0] as string);
  const payload = decodePart(parts[1] as string);
  if (isRecord(header)) {
    lines.push(`JWS alg: ${String(header.alg)}`);
    if (Array.isArray(header.x5c)) {
      header.x5c.forEach((c: unknown, i: number) => {
        const der = typeof c === 'string' ? decodeBase64OrUndefined(c) : undefined;
        lines.push(`x5c[${i}]:`, ...indent(der === undefined ? ['(not base64)'] : summarizeCertificate(der)));
      });
    }
  }
  if (isRecord(payload)) {
    for (const k of ['nonce', 'timestampMs', 'apkPackageName', 'ctsProfileMatch', 'basicIntegrity', 'evaluationType']) {
      if (payload[k] !== undefined) lines.push(`${k}: ${JSON.stringify(payload[k])}`);
    }
    if (typeof payload.timestampMs === 'number')
      lines.push(`timestamp: ${new Date(payload.timestampMs).toISOString()}`);
  }
  return lines;
}

function attestationStatementLines(fmt: string, attStmt: CBORValue): string[] {
  if (Array.isArray(attStmt)) {
    return [`compound statement with ${attStmt.length} entries`, ...attStmt.map((s) => formatCBOR(s))];
  }
  if (!isCBORMap(attStmt)) return [formatCBOR(attStmt)];
  if (attStmt.size === 0) return ['(empty)'];
  const lines: string[] = [];
  for (const [k, v] of attStmt) {
    if (k === 'x5c' && Array.isArray(v)) {
      lines.push(`x5c: ${v.length} certificate(s)`);
      v.forEach((c, i) => {
        lines.push(`  [${i}]`, ...indent(c instanceof Uint8Array ? summarizeCertificate(c) : [formatCBOR(c)], '    '));
      });
    } else if (k === 'alg') lines.push(`alg: ${algName(v)}`);
    else if (k === 'response' && fmt === 'android-safetynet' && v instanceof Uint8Array) {
      lines.push('response (SafetyNet JWS):', ...indent(safetyNetLines(v)));
    } else if (v instanceof Uint8Array) lines.push(`${String(k)}: ${hexPreview(v)}`);
    else lines.push(`${String(k)}: ${formatCBOR(v)}`);
  }
  return lines;
}

function member(inner: Record<string, unknown>, name: string): Uint8Array | string | undefined {
  const v = inner[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') return `(not a string)`;
  return decodeBase64urlOrUndefined(v) ?? '(not canonical base64url)';
}

function clientDataLines(raw: Uint8Array): string[] {
  try {
    const c = parseClientDataJSON(raw);
    const lines = [`type: ${c.type}`, `challenge: ${c.challenge}`, `origin: ${c.origin}`];
    if (c.crossOrigin !== undefined) lines.push(`crossOrigin: ${c.crossOrigin}`);
    if (c.topOrigin !== undefined) lines.push(`topOrigin: ${c.topOrigin}`);
    const known = new Set(['type', 'challenge', 'origin', 'crossOrigin', 'topOrigin']);
    for (const [k, v] of Object.entries(c.members)) if (!known.has(k)) lines.push(`${k}: ${JSON.stringify(v)}`);
    return lines;
  } catch (err) {
    return [`(cannot parse: ${describeError(err)})`, utf8DecodeLenient(raw)];
  }
}

/**
 * Decodes a response JSON (or a fixture whose `response` member holds one) into report lines.
 * Never throws for malformed content; it reports what it could not decode.
 *
 * @example
 * ```ts
 * console.log(inspectResponse(JSON.parse(text)).join('\n'));
 * ```
 */
export function inspectResponse(input: unknown): string[] {
  const out: string[] = [];
  let json = input;
  let storedKey: unknown;
  if (
    isRecord(input) &&
    isRecord(input.response) &&
    (input.kind === 'registration' || input.kind === 'authentication')
  ) {
    out.push(`Fixture: ${String(input.id)} (${input.kind}, ${String(input.outcome)})`);
    json = input.response;
    if (isRecord(input.credential)) storedKey = input.credential.publicKey;
  }
  if (!isRecord(json) || !isRecord(json.response)) {
    return [
      ...out,
      'Not a WebAuthn response: expected an object with a "response" member (PublicKeyCredential.toJSON()).',
    ];
  }
  const inner = json.response;
  const isRegistration = inner.attestationObject !== undefined;
  out.push(`Credential (${isRegistration ? 'registration' : 'authentication'})`);
  out.push(`  id: ${String(json.id)}`);
  if (json.rawId !== json.id) out.push(`  rawId: ${String(json.rawId)} (differs from id)`);
  out.push(`  type: ${String(json.type)}`);
  if (json.authenticatorAttachment !== undefined)
    out.push(`  authenticatorAttachment: ${String(json.authenticatorAttachment)}`);
  if (Array.isArray(inner.transports)) out.push(`  transports: ${inner.transports.join(', ')}`);

  const cdj = member(inner, 'clientDataJSON');
  out.push('Client data');
  out.push(...indent(cdj instanceof Uint8Array ? clientDataLines(cdj) : [`(clientDataJSON: ${cdj ?? 'missing'})`]));

  if (isRegistration) {
    const ao = member(inner, 'attestationObject');
    if (!(ao instanceof Uint8Array)) {
      out.push(`Attestation object: ${ao ?? 'missing'}`);
    } else {
      try {
        const att = parseAttestationObject(ao);
        out.push('Authenticator data', ...indent(authenticatorDataLines(att.authData)));
        out.push(`Attestation statement (fmt: ${att.fmt})`, ...indent(attestationStatementLines(att.fmt, att.attStmt)));
      } catch (err) {
        out.push(`Attestation object: (cannot parse: ${describeError(err)}; ${hexPreview(ao)})`);
      }
    }
  } else {
    const ad = member(inner, 'authenticatorData');
    out.push('Authenticator data');
    out.push(...indent(ad instanceof Uint8Array ? authenticatorDataLines(ad) : [`(${ad ?? 'missing'})`]));
    const sig = member(inner, 'signature');
    out.push('Assertion');
    out.push(`  signature: ${sig instanceof Uint8Array ? hexPreview(sig) : (sig ?? 'missing')}`);
    const uh = member(inner, 'userHandle');
    if (uh !== undefined) {
      const text = uh instanceof Uint8Array ? utf8DecodeLenient(uh) : undefined;
      const printable = text !== undefined && /^[\x20-\x7e]*$/.test(text) ? ` ("${text}")` : '';
      out.push(`  userHandle: ${uh instanceof Uint8Array ? `${hexPreview(uh)}${printable}` : uh}`);
    }
    if (typeof storedKey === 'string') {
      const keyBytes = decodeBase64urlOrUndefined(storedKey);
      try {
        const map = keyBytes === undefined ? undefined : decodeCBOR(keyBytes);
        if (map !== undefined && isCBORMap(map))
          out.push('Stored credential public key', ...indent(summarizeCOSEKey(map)));
      } catch (err) {
        out.push(`Stored credential public key: (cannot parse: ${describeError(err)})`);
      }
    }
  }
  if (json.clientExtensionResults !== undefined) {
    out.push(`Client extension results: ${JSON.stringify(json.clientExtensionResults)}`);
  }
  return out;
}
