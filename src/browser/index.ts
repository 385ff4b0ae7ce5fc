/**
 * `@tessera/webauthn/browser`: the tiny client companion to the server library.
 *
 * It takes the options JSON your server produced (`rp.startRegistration()` /
 * `generateRegistrationOptions()`), calls `navigator.credentials.create()` / `.get()`, and
 * returns the response JSON your server verifies. It uses the browser's own
 * `PublicKeyCredential.parseCreationOptionsFromJSON()`, `parseRequestOptionsFromJSON()` and
 * `toJSON()` where they exist and small base64url fallbacks where they do not, and turns every
 * `DOMException` into a {@link BrowserWebAuthnError} with a stable `code`.
 *
 * Self-contained on purpose: it imports nothing (not even from the rest of Tessera), so the
 * bundle stays under 3 KB min+gzip (`scripts/browser-size.mjs` checks it).
 *
 * @example
 * ```ts
 * import { startRegistration, BrowserWebAuthnError } from '@tessera/webauthn/browser';
 *
 * const options = await (await fetch('/register/start', { method: 'POST' })).json();
 * try {
 *   const response = await startRegistration(options);
 *   await fetch('/register/finish', { method: 'POST', body: JSON.stringify(response) });
 * } catch (err) {
 *   if (err instanceof BrowserWebAuthnError && err.code === 'ERR_BROWSER_CANCELLED') showRetry();
 *   else throw err;
 * }
 * ```
 *
 * @module
 */

/** An unpadded base64url string. */
export type Base64URLString = string;

/** A credential descriptor, JSON form (WebAuthn L3 §5.8.3). */
export interface CredentialDescriptorJSON {
  type: 'public-key';
  id: Base64URLString;
  transports?: string[];
}

/** Client extension inputs, JSON form; the members this module converts are typed, others pass through. */
export interface ExtensionInputsJSON {
  appid?: string;
  appidExclude?: string;
  credProps?: boolean;
  prf?: {
    eval?: { first: Base64URLString; second?: Base64URLString };
    evalByCredential?: Record<string, { first: Base64URLString; second?: Base64URLString }>;
  };
  largeBlob?: { support?: string; read?: boolean; write?: Base64URLString };
  credentialProtectionPolicy?: string;
  enforceCredentialProtectionPolicy?: boolean;
}

/** `PublicKeyCredentialCreationOptionsJSON` (WebAuthn L3 §5.1), as the server sends it. */
export interface CreationOptionsJSON {
  rp: { id?: string; name: string };
  user: { id: Base64URLString; name: string; displayName: string };
  challenge: Base64URLString;
  pubKeyCredParams: { type: 'public-key'; alg: number }[];
  timeout?: number;
  excludeCredentials?: CredentialDescriptorJSON[];
  authenticatorSelection?: {
    authenticatorAttachment?: string;
    residentKey?: string;
    requireResidentKey?: boolean;
    userVerification?: string;
  };
  hints?: string[];
  attestation?: string;
  attestationFormats?: string[];
  extensions?: ExtensionInputsJSON;
}

/** `PublicKeyCredentialRequestOptionsJSON` (WebAuthn L3 §5.1), as the server sends it. */
export interface RequestOptionsJSON {
  challenge: Base64URLString;
  timeout?: number;
  rpId?: string;
  allowCredentials?: CredentialDescriptorJSON[];
  userVerification?: string;
  hints?: string[];
  extensions?: ExtensionInputsJSON;
}

/** `RegistrationResponseJSON`: what {@link startRegistration} resolves with; send it to the server as is. */
export interface RegistrationResponseJSON {
  id: Base64URLString;
  rawId: Base64URLString;
  type: 'public-key';
  response: {
    clientDataJSON: Base64URLString;
    attestationObject: Base64URLString;
    authenticatorData?: Base64URLString;
    transports?: string[];
    publicKey?: Base64URLString;
    publicKeyAlgorithm?: number;
  };
  authenticatorAttachment?: 'platform' | 'cross-platform' | null;
  clientExtensionResults: Record<string, unknown>;
}

/** `AuthenticationResponseJSON`: what {@link startAuthentication} resolves with; send it to the server as is. */
export interface AuthenticationResponseJSON {
  id: Base64URLString;
  rawId: Base64URLString;
  type: 'public-key';
  response: {
    clientDataJSON: Base64URLString;
    authenticatorData: Base64URLString;
    signature: Base64URLString;
    userHandle?: Base64URLString | null;
  };
  authenticatorAttachment?: 'platform' | 'cross-platform' | null;
  clientExtensionResults: Record<string, unknown>;
}

/**
 * Stable codes of {@link BrowserWebAuthnError}.
 *
 * - `ERR_BROWSER_CANCELLED`: the user dismissed the prompt or it timed out (`NotAllowedError`;
 *   browsers report both the same way on purpose).
 * - `ERR_BROWSER_ABORTED`: the ceremony was aborted by the page (your `signal`, or a newer
 *   ceremony replacing a pending one, e.g. a sign-in button click ending autofill).
 * - `ERR_BROWSER_ALREADY_REGISTERED`: an authenticator already holds one of `excludeCredentials`
 *   (`InvalidStateError` on create).
 * - `ERR_BROWSER_NOT_ALLOWED`: the document may not use WebAuthn right now (permissions policy,
 *   no focus, no user activation where required).
 * - `ERR_BROWSER_SECURITY`: the rpId does not match this origin, or the page is not a secure context.
 * - `ERR_BROWSER_UNSUPPORTED`: WebAuthn, an algorithm, or conditional UI is not supported here.
 * - `ERR_BROWSER_CONSTRAINT`: the authenticator cannot meet a requirement (resident key, user verification).
 * - `ERR_BROWSER_INVALID_OPTIONS`: the options JSON could not be parsed.
 * - `ERR_BROWSER_UNKNOWN`: anything else; `cause` holds the original error.
 */
export type BrowserWebAuthnErrorCode =
  | 'ERR_BROWSER_CANCELLED'
  | 'ERR_BROWSER_ABORTED'
  | 'ERR_BROWSER_ALREADY_REGISTERED'
  | 'ERR_BROWSER_NOT_ALLOWED'
  | 'ERR_BROWSER_SECURITY'
  | 'ERR_BROWSER_UNSUPPORTED'
  | 'ERR_BROWSER_CONSTRAINT'
  | 'ERR_BROWSER_INVALID_OPTIONS'
  | 'ERR_BROWSER_UNKNOWN';

/** The one error class this module throws; `cause` is the browser's original error. */
export class BrowserWebAuthnError extends Error {
  override readonly name = 'BrowserWebAuthnError';
  readonly code: BrowserWebAuthnErrorCode;

  constructor(code: BrowserWebAuthnErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** Options of {@link startAuthentication}. */
export interface StartAuthenticationOptions {
  /**
   * Autofill sign-in (`mediation: 'conditional'`): the browser offers passkeys in the
   * `<input autocomplete="username webauthn">` field. Start it on page load and leave it pending;
   * any later ceremony started through this module aborts it.
   */
  conditional?: boolean;
  /** Aborts the ceremony (rejects with `ERR_BROWSER_ABORTED`). */
  signal?: AbortSignal;
}

/** Options of {@link startRegistration}. */
export interface StartRegistrationOptions {
  /** Aborts the ceremony (rejects with `ERR_BROWSER_ABORTED`). */
  signal?: AbortSignal;
}

// biome-ignore lint/suspicious/noExplicitAny: the static members vary by browser and are feature-detected
type PKCStatic = any;

const pkc = (): PKCStatic => (globalThis as { PublicKeyCredential?: PKCStatic }).PublicKeyCredential;

const toB64 = (data: ArrayBuffer | ArrayBufferView): string => {
  const bytes =
    data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i] as number);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
};

const fromB64 = (text: string): Uint8Array<ArrayBuffer> => {
  if (/[^\w-]/.test(text)) throw new TypeError('expected base64url');
  const s = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
};

/** Turns every ArrayBuffer/view inside `value` into base64url (client extension outputs). */
const jsonify = (value: unknown): unknown => {
  if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) return toB64(value as ArrayBuffer);
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = jsonify(v);
    return out;
  }
  return value;
};

const descriptors = (list?: CredentialDescriptorJSON[]) => list?.map((d) => ({ ...d, id: fromB64(d.id) }));

const prfValues = (v?: { first: string; second?: string }) =>
  v && { first: fromB64(v.first), ...(v.second === undefined ? {} : { second: fromB64(v.second) }) };

const extensionsIn = (ext?: ExtensionInputsJSON) => {
  if (!ext) return ext;
  const out: Record<string, unknown> = { ...ext };
  if (ext.prf) {
    const byCred = ext.prf.evalByCredential;
    out.prf = {
      eval: prfValues(ext.prf.eval),
      evalByCredential: byCred && Object.fromEntries(Object.entries(byCred).map(([id, v]) => [id, prfValues(v)])),
    };
  }
  if (ext.largeBlob?.write) out.largeBlob = { ...ext.largeBlob, write: fromB64(ext.largeBlob.write) };
  return out;
};

const parseCreation = (o: CreationOptionsJSON): CredentialCreationOptions['publicKey'] =>
  pkc()?.parseCreationOptionsFromJSON
    ? pkc().parseCreationOptionsFromJSON(o)
    : ({
        ...o,
        challenge: fromB64(o.challenge),
        user: { ...o.user, id: fromB64(o.user.id) },
        excludeCredentials: descriptors(o.excludeCredentials),
        extensions: extensionsIn(o.extensions),
      } as unknown as CredentialCreationOptions['publicKey']);

const parseRequest = (o: RequestOptionsJSON): CredentialRequestOptions['publicKey'] =>
  pkc()?.parseRequestOptionsFromJSON
    ? pkc().parseRequestOptionsFromJSON(o)
    : ({
        ...o,
        challenge: fromB64(o.challenge),
        allowCredentials: descriptors(o.allowCredentials),
        extensions: extensionsIn(o.extensions),
      } as unknown as CredentialRequestOptions['publicKey']);

// biome-ignore lint/suspicious/noExplicitAny: the response members vary by browser and are feature-detected
const credentialToJSON = (cred: any): any => {
  if (typeof cred.toJSON === 'function') {
    try {
      const json = cred.toJSON();
      if (json && typeof json.rawId === 'string') return json;
    } catch {
      // fall through: some extension-injected polyfills throw here
    }
  }
  const r = cred.response;
  const call = (name: string) => {
    try {
      return typeof r[name] === 'function' ? r[name]() : undefined;
    } catch {
      return undefined;
    }
  };
  const response: Record<string, unknown> = { clientDataJSON: toB64(r.clientDataJSON) };
  if (r.attestationObject) {
    response.attestationObject = toB64(r.attestationObject);
    const authData = call('getAuthenticatorData');
    const publicKey = call('getPublicKey');
    if (authData) response.authenticatorData = toB64(authData);
    response.transports = call('getTransports') ?? [];
    if (publicKey) response.publicKey = toB64(publicKey);
    const alg = call('getPublicKeyAlgorithm');
    if (alg !== undefined) response.publicKeyAlgorithm = alg;
  } else {
    response.authenticatorData = toB64(r.authenticatorData);
    response.signature = toB64(r.signature);
    if (r.userHandle) response.userHandle = toB64(r.userHandle);
  }
  return {
    id: cred.id,
    rawId: toB64(cred.rawId),
    type: cred.type,
    response,
    authenticatorAttachment: cred.authenticatorAttachment ?? undefined,
    clientExtensionResults: jsonify(cred.getClientExtensionResults?.() ?? {}),
  };
};

const MESSAGES: Record<BrowserWebAuthnErrorCode, string> = {
  ERR_BROWSER_CANCELLED: 'The passkey prompt was cancelled or timed out',
  ERR_BROWSER_ABORTED: 'The ceremony was aborted',
  ERR_BROWSER_ALREADY_REGISTERED: 'This authenticator is already registered',
  ERR_BROWSER_NOT_ALLOWED: 'This page may not use passkeys right now',
  ERR_BROWSER_SECURITY: 'The relying party ID does not match this origin, or the page is not secure',
  ERR_BROWSER_UNSUPPORTED: 'Not supported by this browser or authenticator',
  ERR_BROWSER_CONSTRAINT: 'The authenticator cannot meet the requirements',
  ERR_BROWSER_INVALID_OPTIONS: 'The options JSON is invalid',
  ERR_BROWSER_UNKNOWN: 'The passkey ceremony failed',
};

const fail = (code: BrowserWebAuthnErrorCode, cause?: unknown, detail?: string): BrowserWebAuthnError =>
  new BrowserWebAuthnError(code, MESSAGES[code] + (detail ? `: ${detail}` : ''), { cause });

/** Maps what `create()`/`get()` (or the JSON parsers) threw to a {@link BrowserWebAuthnError}. */
const mapError = (err: unknown, create: boolean, signal?: AbortSignal): BrowserWebAuthnError => {
  if (err instanceof BrowserWebAuthnError) return err;
  const { name = '', message = '' } = (err ?? {}) as { name?: string; message?: string };
  const code: BrowserWebAuthnErrorCode = signal?.aborted
    ? 'ERR_BROWSER_ABORTED'
    : name === 'NotAllowedError'
      ? /policy|feature|focus|activation/i.test(message)
        ? 'ERR_BROWSER_NOT_ALLOWED'
        : 'ERR_BROWSER_CANCELLED'
      : name === 'AbortError'
        ? 'ERR_BROWSER_ABORTED'
        : name === 'InvalidStateError' && create
          ? 'ERR_BROWSER_ALREADY_REGISTERED'
          : name === 'SecurityError'
            ? 'ERR_BROWSER_SECURITY'
            : name === 'NotSupportedError'
              ? 'ERR_BROWSER_UNSUPPORTED'
              : name === 'ConstraintError'
                ? 'ERR_BROWSER_CONSTRAINT'
                : name === 'TypeError' || name === 'EncodingError' || name === 'SyntaxError'
                  ? 'ERR_BROWSER_INVALID_OPTIONS'
                  : 'ERR_BROWSER_UNKNOWN';
  return fail(code, err, message);
};

let pending: AbortController | undefined;

/** A fresh signal for one ceremony: aborts the previous pending ceremony and follows `signal`. */
const nextSignal = (signal?: AbortSignal): AbortSignal => {
  pending?.abort(new DOMException('Replaced by a new WebAuthn ceremony', 'AbortError'));
  const controller = new AbortController();
  pending = controller;
  if (signal) {
    if (signal.aborted) controller.abort(signal.reason);
    else signal.addEventListener('abort', () => controller.abort(signal.reason), { once: true });
  }
  return controller.signal;
};

/**
 * Aborts the ceremony this module has pending, if any (for example autofill sign-in before the
 * page navigates away). Its promise rejects with `ERR_BROWSER_ABORTED`.
 */
export function cancelCeremony(): void {
  pending?.abort(new DOMException('Cancelled by the page', 'AbortError'));
  pending = undefined;
}

/**
 * True when this browser exposes WebAuthn (`PublicKeyCredential` and `navigator.credentials`),
 * which is what passkeys need. Synchronous, so it can decide what the first render shows.
 *
 * @example
 * ```ts
 * if (!browserSupportsPasskeys()) showPasswordForm();
 * ```
 */
export function browserSupportsPasskeys(): boolean {
  const nav = (globalThis as { navigator?: Navigator }).navigator;
  return typeof pkc() === 'function' && typeof nav?.credentials?.get === 'function';
}

/**
 * Resolves to true when autofill sign-in (conditional mediation) is available: from
 * `PublicKeyCredential.getClientCapabilities()` where it exists, else
 * `PublicKeyCredential.isConditionalMediationAvailable()`.
 *
 * @example
 * ```ts
 * if (await browserSupportsConditionalUI()) startAuthentication(options, { conditional: true });
 * ```
 */
export async function browserSupportsConditionalUI(): Promise<boolean> {
  if (!browserSupportsPasskeys()) return false;
  const P = pkc();
  try {
    if (typeof P.getClientCapabilities === 'function') {
      const caps = await P.getClientCapabilities();
      if (caps && typeof caps.conditionalGet === 'boolean') return caps.conditionalGet;
    }
    return (
      typeof P.isConditionalMediationAvailable === 'function' && (await P.isConditionalMediationAvailable()) === true
    );
  } catch {
    return false;
  }
}

/**
 * Creates a passkey: parses the server's creation options JSON, calls
 * `navigator.credentials.create()` and resolves with the `RegistrationResponseJSON` to send back.
 * Aborts any ceremony this module has pending (such as autofill sign-in).
 *
 * @throws {BrowserWebAuthnError} with a stable `code` (see {@link BrowserWebAuthnErrorCode}).
 * @example
 * ```ts
 * const response = await startRegistration(await (await fetch('/register/start')).json());
 * ```
 */
export async function startRegistration(
  optionsJSON: CreationOptionsJSON,
  options: StartRegistrationOptions = {},
): Promise<RegistrationResponseJSON> {
  if (!browserSupportsPasskeys()) throw fail('ERR_BROWSER_UNSUPPORTED');
  let signal: AbortSignal | undefined;
  try {
    const publicKey = parseCreation(optionsJSON);
    signal = nextSignal(options.signal);
    const cred = await navigator.credentials.create({ publicKey, signal });
    if (!cred) throw fail('ERR_BROWSER_UNKNOWN', undefined, 'no credential returned');
    return credentialToJSON(cred);
  } catch (err) {
    throw mapError(err, true, signal);
  }
}

/**
 * Signs in with a passkey: parses the server's request options JSON, calls
 * `navigator.credentials.get()` and resolves with the `AuthenticationResponseJSON` to send back.
 * With `{ conditional: true }` it runs autofill sign-in instead of a modal prompt, and rejects
 * with `ERR_BROWSER_UNSUPPORTED` when the browser cannot.
 *
 * @throws {BrowserWebAuthnError} with a stable `code` (see {@link BrowserWebAuthnErrorCode}).
 * @example
 * ```ts
 * // on page load, with <input autocomplete="username webauthn">:
 * startAuthentication(await getOptions(), { conditional: true }).then(finishSignIn, ignoreAborted);
 * // on the "Sign in with a passkey" button:
 * finishSignIn(await startAuthentication(await getOptions()));
 * ```
 */
export async function startAuthentication(
  optionsJSON: RequestOptionsJSON,
  options: StartAuthenticationOptions = {},
): Promise<AuthenticationResponseJSON> {
  if (!browserSupportsPasskeys()) throw fail('ERR_BROWSER_UNSUPPORTED');
  if (options.conditional && !(await browserSupportsConditionalUI())) {
    throw fail('ERR_BROWSER_UNSUPPORTED', undefined, 'conditional UI');
  }
  let signal: AbortSignal | undefined;
  try {
    const publicKey = parseRequest(optionsJSON);
    signal = nextSignal(options.signal);
    const request: CredentialRequestOptions = { publicKey, signal };
    if (options.conditional) request.mediation = 'conditional';
    const cred = await navigator.credentials.get(request);
    if (!cred) throw fail('ERR_BROWSER_UNKNOWN', undefined, 'no credential returned');
    return credentialToJSON(cred);
  } catch (err) {
    throw mapError(err, false, signal);
  }
}

/** Unpadded base64url helpers, for apps that handle other WebAuthn bytes themselves. */
export const base64url = { encode: toB64, decode: fromB64 } as const;
