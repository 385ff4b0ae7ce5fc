/**
 * `verifyMetadataBlob`: verification of a FIDO MDS3 BLOB (MDS3 §3.2 "Metadata BLOB object
 * processing rules") against trust anchors and a clock the caller supplies.
 *
 * @module
 */
import { verifyCertificateChain } from '../certificates/chain.js';
import { toCertificate } from '../certificates/parse.js';
import type { Certificate } from '../certificates/types.js';
import { verifySignature } from '../crypto/verify.js';
import { decodeBase64OrUndefined } from '../encoding/base64url.js';
import { parseStrictJSON } from '../encoding/json.js';
import { WebAuthnError } from '../errors.js';
import { DEFAULT_MAX_BLOB_BYTES, jwsAlgorithmRule, parseCompactJWS } from './jws.js';
import { parseMetadataDate, validatePayload } from './payload.js';
import type { VerifiedMetadata, VerifyMetadataBlobOptions } from './types.js';

/**
 * Freezes a parsed JSON value and everything inside it (entries handed out by a store must
 * not be editable by one caller under another).
 *
 * @example
 * ```ts
 * const entries = deepFreeze(JSON.parse(text).entries);
 * ```
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** Parses a CRL given as DER bytes or PEM text into DER. */
function crlDER(input: Uint8Array | string): Uint8Array {
  if (input instanceof Uint8Array) return input;
  if (typeof input !== 'string') throw new TypeError('crls: expected DER bytes or PEM text');
  const m = /-----BEGIN X509 CRL-----([\s\S]*?)-----END X509 CRL-----/.exec(input);
  const der = decodeBase64OrUndefined((m === null ? input : (m[1] as string)).replace(/\s+/g, ''));
  if (der === undefined || der.length === 0) throw new TypeError('crls: PEM text is not base64');
  return der;
}

/**
 * Verifies a FIDO MDS3 BLOB and returns its payload.
 *
 * Steps (MDS3 §3.2): strict JWS parsing; `alg` from an allow-list; the `x5c` signing chain
 * validated to one of **your** `trustAnchors` at `now` (a root inside the header never counts),
 * with CRLs when you give them; the JWS signature over the signing input; the payload shape
 * (§3.1.6, §3.1.1); `nextUpdate` against `now`; `no` against the BLOB you accepted before.
 *
 * @throws WebAuthnError `ERR_METADATA_INVALID` (malformed JWS, header or payload, disallowed alg),
 *   `ERR_INPUT_TOO_LARGE`, `ERR_SIGNATURE_INVALID`, `ERR_CERTIFICATE_INVALID` (no path to an
 *   anchor), `ERR_CERTIFICATE_EXPIRED`, `ERR_CERTIFICATE_REVOKED`, `ERR_REVOCATION_UNAVAILABLE`,
 *   `ERR_METADATA_EXPIRED`, `ERR_METADATA_ROLLBACK`.
 *
 * @example
 * ```ts
 * import { verifyMetadataBlob, createMetadataStore } from '@tessera/webauthn/metadata';
 *
 * const verified = await verifyMetadataBlob(jwt, {
 *   trustAnchors: [globalSignRootR3Pem],
 *   previous: { no: lastAcceptedNo },
 * });
 * const store = createMetadataStore(verified);
 * ```
 */
export async function verifyMetadataBlob(jwt: string, options: VerifyMetadataBlobOptions): Promise<VerifiedMetadata> {
  if (typeof options !== 'object' || options === null) throw new TypeError('verifyMetadataBlob: options are required');
  const now = options.now ?? new Date();
  if (!(now instanceof Date) || Number.isNaN(now.getTime()))
    throw new TypeError('verifyMetadataBlob: now must be a valid Date');
  if (!Array.isArray(options.trustAnchors) || options.trustAnchors.length === 0) {
    // MDS3 §3.2 step 3: the chain must lead to the trust anchor the relying party holds.
    throw new TypeError('verifyMetadataBlob: trustAnchors must be a non-empty array (e.g. GlobalSign Root CA - R3)');
  }
  const maxStaleMs = options.maxStaleMs ?? 0;
  if (typeof maxStaleMs !== 'number' || Number.isNaN(maxStaleMs) || maxStaleMs < 0) {
    throw new RangeError('verifyMetadataBlob: maxStaleMs must be a non-negative number');
  }
  if (options.previous !== undefined && !Number.isSafeInteger(options.previous.no)) {
    throw new TypeError('verifyMetadataBlob: previous.no must be an integer');
  }
  const backend = options.backend ?? 'auto';
  const anchors = options.trustAnchors.map((a) => toCertificate(a));

  const jws = parseCompactJWS(jwt, options.maxBytes ?? DEFAULT_MAX_BLOB_BYTES);
  const rule = jwsAlgorithmRule(jws.alg);
  if (rule === undefined) throw new WebAuthnError('ERR_METADATA_INVALID', 'JWS alg is not allowed');

  // MDS3 §3.2 step 3: x5c[0] is the signer; the chain is validated to the caller's anchor (RFC 5280).
  let signer: Certificate;
  let signerChain: Certificate[];
  let anchor: Certificate;
  let revocation: VerifiedMetadata['revocation'] = 'not-checked';
  let signedByAnchor = false;
  if (jws.x5c.length > 0) {
    const chain = jws.x5c.map((der) => toCertificate(der));
    const path = await validateSigningChain(chain, anchors, now, options);
    signer = chain[0] as Certificate;
    signerChain = path.path;
    anchor = path.anchor;
    revocation = path.revocation;
    // RFC 5280 §4.2.1.3: a signer key whose keyUsage excludes digitalSignature must not sign.
    if (signer.keyUsage !== undefined && !signer.keyUsage.has('digitalSignature')) {
      throw new WebAuthnError('ERR_CERTIFICATE_INVALID', 'BLOB signer certificate is not allowed to sign (keyUsage)');
    }
  } else {
    // MDS3 §3.2 step 3: without x5u and x5c, the trust anchor itself is the signing certificate.
    const candidates = anchors.filter(
      (a) => a.publicKey !== undefined && rule.fits(a.publicKey) && a.notBefore <= now && now <= a.notAfter,
    );
    const found = await findAnchorSigner(candidates, jws, rule.scheme, backend);
    if (found === undefined) {
      throw new WebAuthnError('ERR_SIGNATURE_INVALID', 'BLOB has no x5c and no trust anchor signed it');
    }
    signer = found;
    signedByAnchor = true;
    signerChain = [];
    anchor = found;
  }

  // RFC 7515 §5.2 + RFC 7518 §3.1: the signer key must be of the type alg names (no alg confusion).
  if (signer.publicKey === undefined || !rule.fits(signer.publicKey)) {
    throw new WebAuthnError('ERR_METADATA_INVALID', 'BLOB signer key does not match the JWS alg', {
      details: { alg: jws.alg },
    });
  }
  // MDS3 §3.2 step 4: verify the signature of the BLOB with the signer's public key.
  if (!signedByAnchor) {
    const valid = await verifySignature({
      scheme: rule.scheme,
      key: signer.publicKey,
      signature: jws.signature,
      data: jws.signingInput,
      backend,
    });
    if (!valid) throw new WebAuthnError('ERR_SIGNATURE_INVALID', 'metadata BLOB signature does not verify');
  }

  // MDS3 §3.1.6: the payload is a MetadataBLOBPayload JSON object.
  let json: unknown;
  try {
    json = parseStrictJSON(jws.payloadText, { maxDepth: 32 });
  } catch (err) {
    throw new WebAuthnError('ERR_METADATA_INVALID', 'BLOB payload is not valid JSON', { cause: err });
  }
  const payload = validatePayload(json);

  // MDS3 §3.2 step 4: a BLOB whose no is below the one cached before is ignored (rollback).
  if (options.previous !== undefined && payload.no < options.previous.no) {
    throw new WebAuthnError('ERR_METADATA_ROLLBACK', 'metadata BLOB number went backwards', {
      details: { expected: `>= ${options.previous.no}`, received: payload.no },
    });
  }
  // MDS3 §3.1.6 nextUpdate: the date the next BLOB is published at the latest; past it, this one is stale.
  const nextUpdate = parseMetadataDate(payload.nextUpdate) as Date;
  const staleBy = now.getTime() - nextUpdate.getTime();
  if (staleBy >= 0 && staleBy >= maxStaleMs && maxStaleMs !== Number.POSITIVE_INFINITY) {
    throw new WebAuthnError('ERR_METADATA_EXPIRED', 'metadata BLOB is past its nextUpdate', {
      details: { nextUpdate: payload.nextUpdate, now: now.toISOString() },
    });
  }

  return Object.freeze({
    no: payload.no,
    nextUpdate: payload.nextUpdate,
    legalHeader: payload.legalHeader,
    entries: deepFreeze(payload.entries),
    alg: jws.alg,
    signerChain: Object.freeze(signerChain),
    anchor,
    verifiedAt: new Date(now.getTime()),
    stale: staleBy >= 0,
    revocation,
  });
}

interface SigningPath {
  path: Certificate[];
  anchor: Certificate;
  revocation: VerifiedMetadata['revocation'];
}

/**
 * Validates `x5c` to a caller anchor (RFC 5280 §6.1 via the certificates module: the path stops
 * at the first certificate issued by an anchor, so a chain ending with a cross-certificate
 * validates against either root). A path that reaches no anchor is `ERR_CERTIFICATE_INVALID`.
 */
async function validateSigningChain(
  chain: Certificate[],
  anchors: Certificate[],
  now: Date,
  options: VerifyMetadataBlobOptions,
): Promise<SigningPath> {
  const crls = options.crls?.map(crlDER);
  // MDS3 §3.2 step 3: chain validation "including checking the revocation status" when CRLs are held.
  const revocation =
    crls === undefined && options.revocation === undefined
      ? undefined
      : { crls: crls ?? [], policy: options.revocation ?? 'fail-closed' };
  const result = await verifyCertificateChain({
    chain,
    anchors,
    now,
    backend: options.backend ?? 'auto',
    ...(revocation === undefined ? {} : { revocation }),
  });
  if (!result.trusted || result.anchor === undefined) {
    throw new WebAuthnError(
      'ERR_CERTIFICATE_INVALID',
      'BLOB signing chain does not lead to a trust anchor you supplied',
    );
  }
  let status: VerifiedMetadata['revocation'] = 'not-checked';
  if (result.revocation !== undefined) {
    status = result.revocation.checked.some((c) => c.status !== 'good') ? 'unavailable-fail-open' : 'checked';
  }
  return { path: result.path, anchor: result.anchor, revocation: status };
}

async function findAnchorSigner(
  candidates: Certificate[],
  jws: ReturnType<typeof parseCompactJWS>,
  scheme: Parameters<typeof verifySignature>[0]['scheme'],
  backend: NonNullable<VerifyMetadataBlobOptions['backend']>,
): Promise<Certificate | undefined> {
  for (const a of candidates) {
    if (a.publicKey === undefined) continue;
    const ok = await verifySignature({
      scheme,
      key: a.publicKey,
      signature: jws.signature,
      data: jws.signingInput,
      backend,
    });
    if (ok) return a;
  }
  return undefined;
}
