/**
 * `fetchMetadataBlob`: downloads an MDS3 BLOB with a `fetch` the caller injects. Tessera never
 * reaches the network on its own; the result must still go through `verifyMetadataBlob`.
 *
 * @module
 */
import { WebAuthnError } from '../errors.js';
import { DEFAULT_MAX_BLOB_BYTES } from './jws.js';

/**
 * The FIDO Alliance MDS3 endpoint (MDS3 §3.1.7: the BLOB is served as a JWT). Documented here
 * as a constant only; nothing in Tessera requests it unless you pass it to your own `fetch`.
 */
export const FIDO_MDS3_URL = 'https://mds3.fidoalliance.org/';

/** The subset of the Fetch API `fetchMetadataBlob` uses (the global `fetch` fits). */
export type MetadataFetch = (
  url: string,
  init?: { signal?: AbortSignal; redirect?: 'follow' | 'error' },
) => Promise<Response>;

/** Options of {@link fetchMetadataBlob}. */
export interface FetchMetadataBlobOptions {
  /** Your fetch (e.g. `globalThis.fetch`, or a wrapper with retries and a proxy). Required. */
  fetch: MetadataFetch;
  /** Default {@link FIDO_MDS3_URL}. */
  url?: string;
  /** Largest accepted body, in bytes (default 32 MiB). */
  maxBytes?: number;
  signal?: AbortSignal;
}

/**
 * Downloads the BLOB text (trimmed of surrounding whitespace). Does not verify it.
 *
 * @throws WebAuthnError `ERR_METADATA_INVALID` (HTTP error), `ERR_INPUT_TOO_LARGE`.
 *
 * @example
 * ```ts
 * const jwt = await fetchMetadataBlob({ fetch: globalThis.fetch });
 * const verified = await verifyMetadataBlob(jwt, { trustAnchors: [globalSignRootR3] });
 * ```
 */
export async function fetchMetadataBlob(options: FetchMetadataBlobOptions): Promise<string> {
  if (typeof options?.fetch !== 'function') throw new TypeError('fetchMetadataBlob: an injected fetch is required');
  const url = options.url ?? FIDO_MDS3_URL;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BLOB_BYTES;
  const response = await options.fetch(url, options.signal === undefined ? {} : { signal: options.signal });
  if (!response.ok) {
    throw new WebAuthnError('ERR_METADATA_INVALID', 'metadata BLOB download failed', {
      details: { url, status: response.status },
    });
  }
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    throw new WebAuthnError('ERR_INPUT_TOO_LARGE', 'metadata BLOB exceeds maxBytes', { details: { maxBytes } });
  }
  const bytes = await readCapped(response, maxBytes);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (err) {
    throw new WebAuthnError('ERR_METADATA_INVALID', 'metadata BLOB is not UTF-8 text', { cause: err });
  }
  return text.trim();
}

async function readCapped(response: Response, maxBytes: number): Promise<Uint8Array> {
  const tooLarge = (): never => {
    throw new WebAuthnError('ERR_INPUT_TOO_LARGE', 'metadata BLOB exceeds maxBytes', { details: { maxBytes } });
  };
  if (response.body === null) {
    const buf = new Uint8Array(await response.arrayBuffer());
    if (buf.length > maxBytes) tooLarge();
    return buf;
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > maxBytes) {
      await reader.cancel();
      tooLarge();
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}
