/**
 * The browser companion against a fake `navigator.credentials` and `PublicKeyCredential`:
 * native JSON helpers vs the base64url fallbacks, DOMException → code mapping, conditional UI
 * detection and abort handling. The same module runs in real Chromium in test/e2e/.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  BrowserWebAuthnError,
  type BrowserWebAuthnErrorCode,
  base64url,
  browserSupportsConditionalUI,
  browserSupportsPasskeys,
  type CreationOptionsJSON,
  cancelCeremony,
  type RequestOptionsJSON,
  startAuthentication,
  startRegistration,
} from '../../src/browser/index.js';

const bytes = (...values: number[]): Uint8Array<ArrayBuffer> => new Uint8Array(values);
const buf = (...values: number[]): ArrayBuffer => bytes(...values).buffer;
const b64 = (u: Uint8Array): string => Buffer.from(u).toString('base64url');

const creationJSON: CreationOptionsJSON = {
  rp: { id: 'localhost', name: 'Demo' },
  user: { id: b64(bytes(1, 2, 3)), name: 'ada', displayName: 'Ada' },
  challenge: b64(bytes(250, 251, 252, 253)),
  pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
  excludeCredentials: [{ type: 'public-key', id: b64(bytes(9, 9)), transports: ['usb'] }],
  authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
  attestation: 'none',
  extensions: { credProps: true, prf: { eval: { first: b64(bytes(7)) } }, largeBlob: { support: 'preferred' } },
};

const requestJSON: RequestOptionsJSON = {
  challenge: b64(bytes(1, 1, 1)),
  rpId: 'localhost',
  allowCredentials: [{ type: 'public-key', id: b64(bytes(5, 6)) }],
  userVerification: 'required',
  extensions: {
    prf: { evalByCredential: { [b64(bytes(5, 6))]: { first: b64(bytes(1)), second: b64(bytes(2)) } } },
    largeBlob: { write: b64(bytes(3, 4)) },
  },
};

/** A credential as a browser without toJSON() returns it. */
function attestationCredential(extra: Record<string, unknown> = {}) {
  return {
    id: b64(bytes(9, 8, 7)),
    rawId: buf(9, 8, 7),
    type: 'public-key',
    authenticatorAttachment: 'cross-platform',
    response: {
      clientDataJSON: buf(123, 125),
      attestationObject: buf(0xa0),
      getTransports: () => ['usb', 'nfc'],
      getAuthenticatorData: () => buf(1, 2),
      getPublicKey: () => buf(48, 0),
      getPublicKeyAlgorithm: () => -7,
    },
    getClientExtensionResults: () => ({
      credProps: { rk: true },
      prf: { enabled: true, results: { first: buf(255) } },
    }),
    ...extra,
  };
}

function assertionCredential(userHandle: ArrayBuffer | null) {
  return {
    id: b64(bytes(5, 6)),
    rawId: buf(5, 6),
    type: 'public-key',
    authenticatorAttachment: null,
    response: { clientDataJSON: buf(123, 125), authenticatorData: buf(3), signature: buf(48, 1), userHandle },
    getClientExtensionResults: () => ({ largeBlob: { written: true } }),
  };
}

/** A `create`/`get` that settles when told to, and rejects with the signal's reason on abort. */
function pendingCall() {
  return vi.fn(
    (opts: { signal?: AbortSignal }) =>
      new Promise((_resolve, reject) => {
        if (opts.signal?.aborted) reject(opts.signal.reason);
        opts.signal?.addEventListener('abort', () => reject(opts.signal?.reason), { once: true });
      }),
  );
}

let create: ReturnType<typeof vi.fn>;
let get: ReturnType<typeof vi.fn>;
// biome-ignore lint/suspicious/noExplicitAny: the fake PublicKeyCredential grows per test
let PKC: any;

beforeEach(() => {
  create = vi.fn();
  get = vi.fn();
  PKC = function PublicKeyCredential() {};
  vi.stubGlobal('navigator', { credentials: { create, get } });
  vi.stubGlobal('PublicKeyCredential', PKC);
});

afterEach(() => {
  cancelCeremony();
  vi.unstubAllGlobals();
});

describe('feature detection', () => {
  it('browserSupportsPasskeys needs PublicKeyCredential and navigator.credentials', () => {
    expect(browserSupportsPasskeys()).toBe(true);
    vi.stubGlobal('PublicKeyCredential', undefined);
    expect(browserSupportsPasskeys()).toBe(false);
    vi.stubGlobal('PublicKeyCredential', PKC);
    vi.stubGlobal('navigator', {});
    expect(browserSupportsPasskeys()).toBe(false);
  });

  it('browserSupportsConditionalUI prefers getClientCapabilities()', async () => {
    PKC.getClientCapabilities = async () => ({ conditionalGet: true });
    PKC.isConditionalMediationAvailable = async () => false;
    expect(await browserSupportsConditionalUI()).toBe(true);
    PKC.getClientCapabilities = async () => ({ conditionalGet: false });
    expect(await browserSupportsConditionalUI()).toBe(false);
  });

  it('browserSupportsConditionalUI falls back to isConditionalMediationAvailable()', async () => {
    expect(await browserSupportsConditionalUI()).toBe(false);
    PKC.isConditionalMediationAvailable = async () => true;
    expect(await browserSupportsConditionalUI()).toBe(true);
    PKC.getClientCapabilities = async () => ({});
    expect(await browserSupportsConditionalUI()).toBe(true);
    PKC.isConditionalMediationAvailable = async () => {
      throw new Error('boom');
    };
    expect(await browserSupportsConditionalUI()).toBe(false);
    vi.stubGlobal('PublicKeyCredential', undefined);
    expect(await browserSupportsConditionalUI()).toBe(false);
  });
});

describe('startRegistration', () => {
  it('uses parseCreationOptionsFromJSON() and toJSON() when the browser has them', async () => {
    const parsed = { marker: 'parsed' };
    PKC.parseCreationOptionsFromJSON = vi.fn(() => parsed);
    const json = { id: 'x', rawId: 'x', type: 'public-key', response: {}, clientExtensionResults: {} };
    create.mockResolvedValue({ toJSON: () => json });
    await expect(startRegistration(creationJSON)).resolves.toBe(json);
    expect(PKC.parseCreationOptionsFromJSON).toHaveBeenCalledWith(creationJSON);
    const arg = create.mock.calls[0]![0];
    expect(arg.publicKey).toBe(parsed);
    expect(arg.signal).toBeInstanceOf(AbortSignal);
  });

  it('falls back to base64url conversion in both directions', async () => {
    create.mockResolvedValue(attestationCredential());
    const response = await startRegistration(creationJSON);
    const pk = create.mock.calls[0]![0].publicKey;
    expect(pk.challenge).toEqual(bytes(250, 251, 252, 253));
    expect(pk.user).toEqual({ id: bytes(1, 2, 3), name: 'ada', displayName: 'Ada' });
    expect(pk.excludeCredentials).toEqual([{ type: 'public-key', id: bytes(9, 9), transports: ['usb'] }]);
    expect(pk.extensions.prf.eval.first).toEqual(bytes(7));
    expect(pk.extensions.credProps).toBe(true);
    expect(pk.extensions.largeBlob).toEqual({ support: 'preferred' });
    expect(pk.rp).toEqual(creationJSON.rp);
    expect(response).toEqual({
      id: b64(bytes(9, 8, 7)),
      rawId: b64(bytes(9, 8, 7)),
      type: 'public-key',
      authenticatorAttachment: 'cross-platform',
      response: {
        clientDataJSON: b64(bytes(123, 125)),
        attestationObject: b64(bytes(0xa0)),
        authenticatorData: b64(bytes(1, 2)),
        transports: ['usb', 'nfc'],
        publicKey: b64(bytes(48, 0)),
        publicKeyAlgorithm: -7,
      },
      clientExtensionResults: { credProps: { rk: true }, prf: { enabled: true, results: { first: '_w' } } },
    });
  });

  it('falls back when toJSON() throws or returns garbage, and tolerates missing getters', async () => {
    const cred = attestationCredential({
      toJSON: () => {
        throw new Error('polyfill bug');
      },
    });
    cred.response = { clientDataJSON: buf(1), attestationObject: buf(2) } as typeof cred.response;
    create.mockResolvedValue(cred);
    const response = await startRegistration(creationJSON);
    expect(response.response).toEqual({ clientDataJSON: 'AQ', attestationObject: 'Ag', transports: [] });
    create.mockResolvedValue(attestationCredential({ toJSON: () => ({}) }));
    expect((await startRegistration(creationJSON)).rawId).toBe(b64(bytes(9, 8, 7)));
  });

  it('rejects with ERR_BROWSER_UNSUPPORTED without WebAuthn', async () => {
    vi.stubGlobal('PublicKeyCredential', undefined);
    await expect(startRegistration(creationJSON)).rejects.toMatchObject({ code: 'ERR_BROWSER_UNSUPPORTED' });
    expect(create).not.toHaveBeenCalled();
  });

  it('rejects invalid base64url in the fallback with ERR_BROWSER_INVALID_OPTIONS', async () => {
    await expect(startRegistration({ ...creationJSON, challenge: 'not base64url!' })).rejects.toMatchObject({
      code: 'ERR_BROWSER_INVALID_OPTIONS',
    });
    expect(create).not.toHaveBeenCalled();
  });

  it('rejects a null credential with ERR_BROWSER_UNKNOWN', async () => {
    create.mockResolvedValue(null);
    await expect(startRegistration(creationJSON)).rejects.toMatchObject({ code: 'ERR_BROWSER_UNKNOWN' });
  });
});

describe('startAuthentication', () => {
  it('uses parseRequestOptionsFromJSON() when present', async () => {
    PKC.parseRequestOptionsFromJSON = vi.fn(() => ({ marker: 1 }));
    get.mockResolvedValue(assertionCredential(null));
    await startAuthentication(requestJSON);
    expect(get.mock.calls[0]![0].publicKey).toEqual({ marker: 1 });
    expect(get.mock.calls[0]![0].mediation).toBeUndefined();
  });

  it('falls back to base64url conversion, with and without a user handle', async () => {
    get.mockResolvedValue(assertionCredential(buf(42)));
    const response = await startAuthentication(requestJSON);
    const pk = get.mock.calls[0]![0].publicKey;
    expect(pk.challenge).toEqual(bytes(1, 1, 1));
    expect(pk.allowCredentials).toEqual([{ type: 'public-key', id: bytes(5, 6) }]);
    expect(pk.extensions.prf.evalByCredential[b64(bytes(5, 6))]).toEqual({ first: bytes(1), second: bytes(2) });
    expect(pk.extensions.largeBlob.write).toEqual(bytes(3, 4));
    expect(response).toEqual({
      id: b64(bytes(5, 6)),
      rawId: b64(bytes(5, 6)),
      type: 'public-key',
      response: {
        clientDataJSON: b64(bytes(123, 125)),
        authenticatorData: 'Aw',
        signature: b64(bytes(48, 1)),
        userHandle: 'Kg',
      },
      clientExtensionResults: { largeBlob: { written: true } },
    });
    get.mockResolvedValue(assertionCredential(null));
    expect((await startAuthentication({ challenge: 'AAAA' })).response).not.toHaveProperty('userHandle');
  });

  it('runs conditional mediation only when the browser supports it', async () => {
    await expect(startAuthentication(requestJSON, { conditional: true })).rejects.toMatchObject({
      code: 'ERR_BROWSER_UNSUPPORTED',
    });
    expect(get).not.toHaveBeenCalled();
    PKC.isConditionalMediationAvailable = async () => true;
    get.mockResolvedValue(assertionCredential(buf(1)));
    await startAuthentication(requestJSON, { conditional: true });
    expect(get.mock.calls[0]![0].mediation).toBe('conditional');
  });

  it('a new ceremony aborts a pending conditional one (ERR_BROWSER_ABORTED)', async () => {
    PKC.isConditionalMediationAvailable = async () => true;
    get.mockImplementationOnce(pendingCall());
    const conditional = startAuthentication(requestJSON, { conditional: true });
    await vi.waitFor(() => expect(get).toHaveBeenCalledTimes(1));
    get.mockResolvedValueOnce(assertionCredential(buf(1)));
    const modal = startAuthentication(requestJSON);
    await expect(conditional).rejects.toMatchObject({ code: 'ERR_BROWSER_ABORTED' });
    await expect(modal).resolves.toMatchObject({ id: b64(bytes(5, 6)) });
  });

  it('cancelCeremony() and the caller signal abort the pending ceremony', async () => {
    get.mockImplementation(pendingCall());
    const first = startAuthentication(requestJSON);
    await vi.waitFor(() => expect(get).toHaveBeenCalledTimes(1));
    cancelCeremony();
    await expect(first).rejects.toMatchObject({ code: 'ERR_BROWSER_ABORTED' });

    const controller = new AbortController();
    const second = startAuthentication(requestJSON, { signal: controller.signal });
    await vi.waitFor(() => expect(get).toHaveBeenCalledTimes(2));
    controller.abort('navigating away');
    await expect(second).rejects.toMatchObject({ code: 'ERR_BROWSER_ABORTED', cause: 'navigating away' });

    const already = new AbortController();
    already.abort();
    get.mockImplementation(pendingCall());
    await expect(startAuthentication(requestJSON, { signal: already.signal })).rejects.toMatchObject({
      code: 'ERR_BROWSER_ABORTED',
    });
  });
});

describe('error mapping', () => {
  const cases: [string, string, 'create' | 'get', BrowserWebAuthnErrorCode][] = [
    ['NotAllowedError', 'The operation either timed out or was not allowed.', 'create', 'ERR_BROWSER_CANCELLED'],
    ['NotAllowedError', 'The operation either timed out or was not allowed.', 'get', 'ERR_BROWSER_CANCELLED'],
    [
      'NotAllowedError',
      "The 'publickey-credentials-get' feature is not enabled in this document.",
      'get',
      'ERR_BROWSER_NOT_ALLOWED',
    ],
    ['NotAllowedError', 'The document is not focused.', 'create', 'ERR_BROWSER_NOT_ALLOWED'],
    [
      'InvalidStateError',
      'The user attempted to register an authenticator ...',
      'create',
      'ERR_BROWSER_ALREADY_REGISTERED',
    ],
    ['InvalidStateError', 'A request is already pending.', 'get', 'ERR_BROWSER_UNKNOWN'],
    ['SecurityError', 'The relying party ID is not a registrable domain suffix', 'create', 'ERR_BROWSER_SECURITY'],
    ['NotSupportedError', 'No supported algorithm', 'create', 'ERR_BROWSER_UNSUPPORTED'],
    ['ConstraintError', 'resident key required', 'create', 'ERR_BROWSER_CONSTRAINT'],
    ['AbortError', 'aborted', 'get', 'ERR_BROWSER_ABORTED'],
    ['EncodingError', 'bad base64url', 'get', 'ERR_BROWSER_INVALID_OPTIONS'],
    ['UnknownError', 'authenticator exploded', 'get', 'ERR_BROWSER_UNKNOWN'],
  ];
  it.each(cases)('%s (%s) on %s → %s', async (name, message, ceremony, code) => {
    const error = new DOMException(message, name);
    (ceremony === 'create' ? create : get).mockRejectedValue(error);
    const promise = ceremony === 'create' ? startRegistration(creationJSON) : startAuthentication(requestJSON);
    const err = await promise.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BrowserWebAuthnError);
    expect(err).toMatchObject({ name: 'BrowserWebAuthnError', code, cause: error });
    expect((err as Error).message).toContain(message);
  });

  it('maps a TypeError from the native JSON parser to ERR_BROWSER_INVALID_OPTIONS', async () => {
    PKC.parseCreationOptionsFromJSON = () => {
      throw new TypeError("Failed to execute 'parseCreationOptionsFromJSON'");
    };
    await expect(startRegistration(creationJSON)).rejects.toMatchObject({ code: 'ERR_BROWSER_INVALID_OPTIONS' });
  });

  it('maps non-Error rejections to ERR_BROWSER_UNKNOWN', async () => {
    get.mockRejectedValue(undefined);
    await expect(startAuthentication(requestJSON)).rejects.toMatchObject({ code: 'ERR_BROWSER_UNKNOWN' });
  });
});

describe('base64url', () => {
  it('round-trips and rejects non-base64url text', () => {
    for (let n = 0; n < 40; n++) {
      const data = bytes(...Array.from({ length: n }, (_, i) => (i * 37 + n) & 0xff));
      const text = base64url.encode(data);
      expect(text).toBe(b64(data));
      expect(base64url.decode(text)).toEqual(data);
    }
    expect(base64url.encode(new Uint8Array(buf(1, 2, 3, 4), 1, 2))).toBe(b64(bytes(2, 3)));
    expect(() => base64url.decode('ab+/')).toThrow(TypeError);
    expect(() => base64url.decode('ab==')).toThrow(TypeError);
  });
});
