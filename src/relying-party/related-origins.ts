/**
 * The related-origins document served at `https://{rpID}/.well-known/webauthn` (WebAuthn L3
 * §5.11 "Using Web Authentication across related origins").
 *
 * Clients walk `origins` in order and honour at most a small number of distinct *labels* (the
 * registrable domain without its public suffix: `example` for `example.co.uk`); the spec
 * recommends, and clients implement, 5. An origin whose label is beyond the first five distinct
 * labels is silently ignored by the browser, so this builder refuses such a document instead.
 *
 * Remember to also accept the related origins when verifying (`origins` of `createRelyingParty`).
 *
 * @module
 */

/** Returns the registrable domain (eTLD+1) of a host, or undefined when it has none (IPs, single labels). */
export type RegistrableDomainFunction = (host: string) => string | undefined;

/** Options of {@link createRelatedOriginsDocument}. */
export interface RelatedOriginsOptions {
  /** The origins allowed to use this RP ID, most important first (`https://example.co.uk`, …). */
  origins: readonly string[];
  /** Distinct labels clients honour; default 5 (the spec's recommended and minimum-supported value). */
  maxLabels?: number;
  /**
   * Maps a host to its registrable domain. Default: a heuristic without the Public Suffix List
   * (last two labels, or three under common two-letter country second levels such as `co.uk`,
   * `com.au`). Pass a PSL-backed function (e.g. `tldts`' `getDomain`) for exact results.
   */
  registrableDomain?: RegistrableDomainFunction;
}

/** The document and what the builder computed. */
export interface RelatedOriginsResult {
  /** Serve this as `application/json` at `/.well-known/webauthn` on the RP ID's origin. */
  document: { origins: string[] };
  /** The distinct labels, in the order clients will count them. */
  labels: string[];
}

const SECOND_LEVEL = new Set([
  'co',
  'com',
  'net',
  'org',
  'gov',
  'edu',
  'ac',
  'or',
  'ne',
  'go',
  'ltd',
  'plc',
  'gob',
  'nic',
]);

/**
 * The default registrable-domain heuristic (no Public Suffix List).
 *
 * @example
 * ```ts
 * heuristicRegistrableDomain('shop.example.co.uk'); // 'example.co.uk'
 * ```
 */
export function heuristicRegistrableDomain(host: string): string | undefined {
  if (host.startsWith('[') || /^\d+(\.\d+){3}$/.test(host)) return undefined; // IP literal
  const labels = host.split('.').filter((l) => l.length > 0);
  if (labels.length < 2) return undefined;
  const tld = labels[labels.length - 1] as string;
  const second = labels[labels.length - 2] as string;
  const take = tld.length === 2 && SECOND_LEVEL.has(second) ? 3 : 2;
  if (labels.length < take) return undefined;
  return labels.slice(-take).join('.');
}

/**
 * Builds and checks the `/.well-known/webauthn` document. Throws `TypeError` for an origin that is
 * not a plain `https://host[:port]` origin or is listed twice, and `RangeError` when the origins
 * span more distinct labels than clients honour.
 *
 * @example
 * ```ts
 * const { document } = createRelatedOriginsDocument({
 *   origins: ['https://example.co.uk', 'https://example.de', 'https://example-travel.com'],
 * });
 * // GET /.well-known/webauthn → Response.json(document)
 * ```
 */
export function createRelatedOriginsDocument(options: RelatedOriginsOptions): RelatedOriginsResult {
  const maxLabels = options.maxLabels ?? 5;
  if (!Number.isInteger(maxLabels) || maxLabels < 1) throw new RangeError('maxLabels must be a positive integer');
  const registrable = options.registrableDomain ?? heuristicRegistrableDomain;
  if (!Array.isArray(options.origins) || options.origins.length === 0) {
    throw new TypeError('origins must be a non-empty array of origin strings');
  }
  const seen = new Set<string>();
  const labels: string[] = [];
  for (const origin of options.origins) {
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      throw new TypeError(`related origin "${String(origin)}" is not a URL`);
    }
    if (url.protocol !== 'https:' || url.origin !== origin) {
      throw new TypeError(`related origin "${origin}" must be a serialized https origin such as https://example.com`);
    }
    if (seen.has(origin)) throw new TypeError(`related origin "${origin}" is listed twice`);
    seen.add(origin);
    const domain = registrable(url.hostname);
    if (domain === undefined) throw new TypeError(`related origin "${origin}" has no registrable domain`);
    const label = domain.split('.')[0] as string;
    if (!labels.includes(label)) labels.push(label);
  }
  if (labels.length > maxLabels) {
    throw new RangeError(
      `the origins span ${labels.length} distinct labels (${labels.join(', ')}); clients honour only the first ${maxLabels}, so origins under "${labels.slice(maxLabels).join('", "')}" would be ignored`,
    );
  }
  return { document: { origins: [...options.origins] }, labels };
}

/**
 * Wraps the document in a Web `Response` (`application/json`, cacheable for an hour).
 *
 * @example
 * ```ts
 * if (url.pathname === '/.well-known/webauthn') return relatedOriginsResponse(result.document);
 * ```
 */
export function relatedOriginsResponse(document: { origins: string[] }): Response {
  return new Response(JSON.stringify(document), {
    status: 200,
    headers: { 'content-type': 'application/json', 'cache-control': 'public, max-age=3600' },
  });
}
