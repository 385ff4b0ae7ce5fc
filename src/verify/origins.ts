/**
 * Expected-origin configuration: validated once, matched exactly (never by prefix, suffix or
 * regular expression: security.md §4 #39–#46).
 *
 * @module
 */

/** An origin expectation: one origin, a list, or a predicate the caller owns. */
export type OriginExpectation = string | readonly string[] | ((origin: string) => boolean | Promise<boolean>);

/** A compiled origin matcher: synchronous for configured lists, a promise only for async predicates. */
export type OriginMatcher = (origin: string) => boolean | Promise<boolean>;

const ANDROID_APK = /^android:apk-key-hash:[A-Za-z0-9_-]{43}$/;

/**
 * Checks that a configured origin is one a browser (or an Android app) can actually send:
 * `https://host[:port]` in serialised form, `http://localhost[:port]` (a secure context), or
 * `android:apk-key-hash:<base64url SHA-256>`. Anything else is a configuration error.
 */
export function assertConfiguredOrigin(origin: string, option: string, allowInsecure: boolean): void {
  if (typeof origin !== 'string' || origin.length === 0)
    throw new TypeError(`${option}: origins must be non-empty strings`);
  if (origin.startsWith('android:')) {
    if (!ANDROID_APK.test(origin)) {
      throw new TypeError(
        `${option}: Android origins look like android:apk-key-hash:<43 base64url chars>, got ${origin}`,
      );
    }
    return;
  }
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    throw new TypeError(`${option}: ${origin} is not a valid origin`);
  }
  if (url.origin !== origin) {
    throw new TypeError(
      `${option}: ${origin} is not a serialised origin (expected ${url.origin}: no path, default port or trailing slash)`,
    );
  }
  if (url.protocol === 'https:') return;
  if (url.protocol === 'http:' && (url.hostname === 'localhost' || url.hostname.endsWith('.localhost'))) return;
  if (allowInsecure) return;
  throw new TypeError(
    `${option}: ${origin} is not a secure origin; browsers only run WebAuthn on https:// and http://localhost (set dangerouslyAllowInsecureOrigins to override)`,
  );
}

/** Compiles an expectation into a matcher, validating configured strings up front. */
export function compileOrigins(expected: OriginExpectation, option: string, allowInsecure: boolean): OriginMatcher {
  if (typeof expected === 'function') {
    return (origin) => {
      const r = expected(origin);
      return typeof r === 'boolean' ? r : Promise.resolve(r).then((v) => v === true);
    };
  }
  const list = typeof expected === 'string' ? [expected] : expected;
  if (!Array.isArray(list) || list.length === 0)
    throw new TypeError(`${option} must be an origin, a non-empty list or a function`);
  for (const o of list) assertConfiguredOrigin(o, option, allowInsecure);
  const set = new Set(list);
  return (origin) => set.has(origin);
}
