/**
 * An in-memory MDS3 metadata store: lookups by AAGUID and by attestation certificate key
 * identifier, the status policy, and a versioned JSON form so a BLOB can be verified once at
 * build time and loaded anywhere (serverless, edge) without the 3 MB JWS or the network.
 *
 * @module
 */
import { sha256 } from '../crypto/hash.js';
import { timingSafeEqualString, toHex, utf8Encode } from '../encoding/bytes.js';
import { parseStrictJSON } from '../encoding/json.js';
import { WebAuthnError } from '../errors.js';
import { deepFreeze } from './blob.js';
import { parseMetadataDate, validatePayload } from './payload.js';
import { resolveMetadataForAttestation } from './resolve.js';
import type {
  LoadMetadataStoreOptions,
  MetadataBLOBPayloadEntry,
  MetadataStore,
  MetadataStoreJSON,
  MetadataStoreOptions,
  ResolveAttestationInput,
  ResolvedAttestationMetadata,
  StatusPolicy,
  VerifiedMetadata,
} from './types.js';

/** The `type` member of the serialised store. */
export const METADATA_STORE_JSON_TYPE = 'tessera.mds3-store';
/** The `version` of the serialised store this release writes and reads. */
export const METADATA_STORE_JSON_VERSION = 1;

const UUID_TEXT_RE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const KEY_ID_TEXT_RE = /^[0-9a-fA-F]{40}$/;
const STORE_KEYS = ['type', 'version', 'no', 'nextUpdate', 'legalHeader', 'verifiedAt', 'signer', 'entries', 'digest'];

/** A metadata store built by Tessera: a {@link MetadataStore} that can also serialise itself. */
export interface SerializableMetadataStore extends MetadataStore {
  readonly legalHeader: string;
  /** When the BLOB was verified (from the verification or the serialised store). */
  readonly verifiedAt: Date;
  readonly entries: readonly MetadataBLOBPayloadEntry[];
  /** True when `now` is on or after the BLOB's `nextUpdate` (time to fetch a new BLOB). */
  isStale(now?: Date): boolean;
  /** The versioned JSON form; `loadMetadataStore` reads it back. */
  toJSON(): MetadataStoreJSON;
}

interface StoreContent {
  no: number;
  nextUpdate: string;
  legalHeader: string;
  verifiedAt: string;
  signer: MetadataStoreJSON['signer'];
  entries: readonly MetadataBLOBPayloadEntry[];
}

function contentDigest(c: StoreContent): string {
  const canonical = JSON.stringify([
    METADATA_STORE_JSON_TYPE,
    METADATA_STORE_JSON_VERSION,
    c.no,
    c.nextUpdate,
    c.legalHeader,
    c.verifiedAt,
    c.signer.alg,
    c.signer.subject,
    c.signer.serialNumber,
    c.entries,
  ]);
  return toHex(sha256(utf8Encode(canonical)));
}

function normaliseAAGUID(aaguid: string | Uint8Array): string | undefined {
  if (aaguid instanceof Uint8Array) {
    if (aaguid.length !== 16) throw new TypeError('aaguid must be 16 bytes');
    const h = toHex(aaguid);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }
  if (typeof aaguid !== 'string') throw new TypeError('aaguid must be a UUID string or 16 bytes');
  return UUID_TEXT_RE.test(aaguid) ? aaguid.toLowerCase() : undefined;
}

function checkPolicy(policy: StatusPolicy | undefined): void {
  if (policy === undefined) return;
  if (typeof policy !== 'object' || policy === null) throw new TypeError('statusPolicy must be an object');
  if (
    policy.reject !== undefined &&
    (!Array.isArray(policy.reject) || policy.reject.some((s) => typeof s !== 'string'))
  ) {
    throw new TypeError('statusPolicy.reject must be an array of statuses');
  }
  if (policy.notFidoCertified !== undefined && !['allow', 'reject'].includes(policy.notFidoCertified)) {
    throw new TypeError("statusPolicy.notFidoCertified must be 'allow' or 'reject'");
  }
  if (policy.evaluate !== undefined && !['latest', 'any'].includes(policy.evaluate)) {
    throw new TypeError("statusPolicy.evaluate must be 'latest' or 'any'");
  }
}

function buildStore(content: StoreContent, digest: string, options: MetadataStoreOptions): SerializableMetadataStore {
  checkPolicy(options.statusPolicy);
  const clock = options.clock ?? ((): Date => new Date());
  const statusPolicy =
    options.statusPolicy === undefined ? undefined : deepFreeze(structuredClone(options.statusPolicy));
  const byAAGUID = new Map<string, MetadataBLOBPayloadEntry>();
  const byKeyId = new Map<string, MetadataBLOBPayloadEntry>();
  for (const e of content.entries) {
    if (e.aaguid !== undefined) byAAGUID.set(e.aaguid, e);
    for (const k of e.attestationCertificateKeyIdentifiers ?? []) byKeyId.set(k, e);
  }
  const nextUpdateDate = parseMetadataDate(content.nextUpdate) as Date;
  const verifiedAt = new Date(content.verifiedAt);

  const store: SerializableMetadataStore = {
    no: content.no,
    nextUpdate: content.nextUpdate,
    legalHeader: content.legalHeader,
    entries: content.entries,
    ...(statusPolicy === undefined ? {} : { statusPolicy }),
    get verifiedAt(): Date {
      return new Date(verifiedAt.getTime());
    },
    findByAAGUID(aaguid: string | Uint8Array): MetadataBLOBPayloadEntry | undefined {
      const key = normaliseAAGUID(aaguid);
      // A zero AAGUID identifies no model (U2F and anonymised authenticators use it).
      if (key === undefined || key === '00000000-0000-0000-0000-000000000000') return undefined;
      return byAAGUID.get(key);
    },
    findByAttestationCertificateKeyIdentifier(keyIdentifier: string): MetadataBLOBPayloadEntry | undefined {
      if (typeof keyIdentifier !== 'string') throw new TypeError('keyIdentifier must be a hex string');
      if (!KEY_ID_TEXT_RE.test(keyIdentifier)) return undefined;
      return byKeyId.get(keyIdentifier.toLowerCase());
    },
    resolveAttestation(input: ResolveAttestationInput): ResolvedAttestationMetadata | undefined {
      return resolveMetadataForAttestation({ ...input, now: input.now ?? clock(), store });
    },
    isStale(now?: Date): boolean {
      return (now ?? clock()).getTime() >= nextUpdateDate.getTime();
    },
    toJSON(): MetadataStoreJSON {
      return {
        type: METADATA_STORE_JSON_TYPE,
        version: METADATA_STORE_JSON_VERSION,
        no: content.no,
        nextUpdate: content.nextUpdate,
        legalHeader: content.legalHeader,
        verifiedAt: content.verifiedAt,
        signer: content.signer,
        entries: content.entries,
        digest,
      };
    },
  };
  return Object.freeze(store);
}

/**
 * Builds a store from a verified BLOB.
 *
 * @example
 * ```ts
 * const verified = await verifyMetadataBlob(jwt, { trustAnchors: [globalSignRootR3] });
 * const store = createMetadataStore(verified, { statusPolicy: { notFidoCertified: 'reject' } });
 * store.findByAAGUID('ee882879-721c-4913-9775-3dfcce97072a')?.metadataStatement?.description;
 * ```
 */
export function createMetadataStore(
  verified: VerifiedMetadata,
  options: MetadataStoreOptions = {},
): SerializableMetadataStore {
  if (
    typeof verified !== 'object' ||
    verified === null ||
    !Array.isArray(verified.entries) ||
    verified.anchor === undefined
  ) {
    throw new TypeError('createMetadataStore: expected the result of verifyMetadataBlob');
  }
  const signer = verified.signerChain[0] ?? verified.anchor;
  const content: StoreContent = {
    no: verified.no,
    nextUpdate: verified.nextUpdate,
    legalHeader: verified.legalHeader,
    verifiedAt: verified.verifiedAt.toISOString(),
    signer: Object.freeze({
      alg: verified.alg,
      subject: signer.subject.map((a) => `${a.type}=${a.value}`).join(', '),
      serialNumber: signer.serialNumber,
    }),
    entries: verified.entries,
  };
  return buildStore(content, contentDigest(content), options);
}

function refuse(message: string, details?: Record<string, unknown>): never {
  throw new WebAuthnError('ERR_METADATA_INVALID', message, details === undefined ? {} : { details });
}

/**
 * Loads a store from the JSON that `store.toJSON()` produced (text or the parsed object).
 *
 * Refuses anything else: the `type`/`version` must match, no member may be missing or extra,
 * every entry is re-validated, and the content digest must match (it detects corruption and
 * accidental edits; it is not a signature, so keep the file where attackers cannot write, e.g.
 * in your build artefact). The BLOB's `nextUpdate` is checked against `now` like at
 * verification (`ERR_METADATA_EXPIRED`, unless `maxStaleMs` allows it).
 *
 * @example
 * ```ts
 * import storeJSON from './mds-store.json' with { type: 'json' };
 * const store = loadMetadataStore(storeJSON, { maxStaleMs: 30 * 24 * 3600 * 1000 });
 * ```
 */
export function loadMetadataStore(
  json: string | MetadataStoreJSON | Readonly<Record<string, unknown>>,
  options: LoadMetadataStoreOptions = {},
): SerializableMetadataStore {
  let value: unknown = json;
  if (typeof json === 'string') {
    try {
      value = parseStrictJSON(json, { maxDepth: 40 });
    } catch (err) {
      throw new WebAuthnError('ERR_METADATA_INVALID', 'metadata store JSON does not parse', { cause: err });
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    refuse('metadata store JSON must be an object');
  const v = value as Record<string, unknown>;
  if (v.type !== METADATA_STORE_JSON_TYPE) refuse('not a Tessera metadata store', { type: v.type ?? null });
  if (v.version !== METADATA_STORE_JSON_VERSION) {
    refuse('unsupported metadata store version', {
      expected: METADATA_STORE_JSON_VERSION,
      received: v.version ?? null,
    });
  }
  const keys = Object.keys(v);
  if (keys.length !== STORE_KEYS.length || keys.some((k) => !STORE_KEYS.includes(k))) {
    refuse('metadata store JSON has missing or unexpected members');
  }
  if (typeof v.verifiedAt !== 'string' || Number.isNaN(Date.parse(v.verifiedAt)))
    refuse('verifiedAt must be an instant');
  const s = v.signer as Record<string, unknown> | null;
  if (
    typeof s !== 'object' ||
    s === null ||
    typeof s.alg !== 'string' ||
    typeof s.subject !== 'string' ||
    typeof s.serialNumber !== 'string' ||
    Object.keys(s).length !== 3
  ) {
    refuse('signer must be { alg, subject, serialNumber }');
  }
  if (typeof v.digest !== 'string' || !/^[0-9a-f]{64}$/.test(v.digest)) refuse('digest must be 64 hex digits');
  // The same §3.1.6 / §3.1.1 shape rules as a freshly verified BLOB.
  const payload = validatePayload({
    legalHeader: v.legalHeader,
    no: v.no,
    nextUpdate: v.nextUpdate,
    entries: v.entries,
  });
  const content: StoreContent = {
    no: payload.no,
    nextUpdate: payload.nextUpdate,
    legalHeader: payload.legalHeader,
    verifiedAt: v.verifiedAt,
    signer: Object.freeze({ alg: s.alg, subject: s.subject, serialNumber: s.serialNumber }),
    entries: payload.entries,
  };
  const digest = contentDigest(content);
  if (!timingSafeEqualString(digest, v.digest)) {
    refuse('metadata store digest does not match its content');
  }

  // MDS3 §3.1.6 nextUpdate: a serialised store goes stale like the BLOB it came from.
  const now = options.now ?? options.clock?.() ?? new Date();
  const maxStaleMs = options.maxStaleMs ?? 0;
  const staleBy = now.getTime() - (parseMetadataDate(payload.nextUpdate) as Date).getTime();
  if (staleBy >= 0 && staleBy >= maxStaleMs && maxStaleMs !== Number.POSITIVE_INFINITY) {
    throw new WebAuthnError('ERR_METADATA_EXPIRED', 'metadata store is past its nextUpdate', {
      details: { nextUpdate: payload.nextUpdate, now: now.toISOString() },
    });
  }
  // A string was parsed here, so nobody else holds the objects; a passed object is copied first.
  const entries = typeof json === 'string' ? payload.entries : structuredClone(payload.entries);
  return buildStore({ ...content, entries: deepFreeze(entries) }, digest, options);
}
