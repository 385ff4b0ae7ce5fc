/**
 * Typed client extension inputs and their conversion to the JSON form of
 * {@link AuthenticationExtensionsClientInputsJSON}. Unknown extension identifiers are rejected
 * (a typo such as `credprops` would otherwise be silently ignored by the browser).
 *
 * @module
 */
import { encodeBase64url } from '../encoding/base64url.js';
import type {
  AuthenticationExtensionsClientInputsJSON,
  AuthenticationExtensionsPRFValuesJSON,
  BinaryInput,
  CredentialProtectionPolicy,
  PublicKeyCredentialDescriptorJSON,
} from './types.js';
import {
  assertAppID,
  assertBoolean,
  assertKnownKeys,
  assertOneOf,
  assertRecord,
  recordOrEmpty,
  toBytesInput,
  toBytesInRange,
} from './validate.js';

/** prf evaluation inputs: salts of any length (the client hashes them with a context string). */
export interface PRFValuesInput {
  first: BinaryInput;
  second?: BinaryInput;
}

/** Extension inputs accepted by {@link generateRegistrationOptions}. */
export interface RegistrationExtensionsInput {
  /**
   * §10.1.3: ask the client whether the credential is discoverable (`clientExtensionResults.credProps.rk`).
   * Default `true`; pass `false` to leave it out.
   */
  credProps?: boolean;
  /** §10.1.4: enable a PRF for the credential (`{}`), optionally evaluating it at creation. */
  prf?: { eval?: PRFValuesInput };
  /** §10.1.5: ask for large-blob storage (needs a discoverable credential on CTAP 2.1 keys). */
  largeBlob?: { support: 'required' | 'preferred' };
  /** CTAP 2.2 §12.1: the credential protection policy; serialised as top-level JSON members. */
  credProtect?: {
    credentialProtectionPolicy: CredentialProtectionPolicy;
    /** Fail creation when the authenticator cannot apply the policy (default false). */
    enforceCredentialProtectionPolicy?: boolean;
  };
  /** §10.1.2: the legacy FIDO U2F AppID whose credentials must also be excluded. */
  appidExclude?: string;
}

/** Extension inputs accepted by {@link generateAuthenticationOptions}. */
export interface AuthenticationExtensionsInput {
  /** §10.1.1: the legacy FIDO U2F AppID, for credentials registered with U2F. */
  appid?: string;
  /**
   * §10.1.4: evaluate the PRF. `evalByCredential` keys are base64url credential ids, each of
   * which must be in `allowCredentials`.
   */
  prf?: { eval?: PRFValuesInput; evalByCredential?: Readonly<Record<string, PRFValuesInput>> };
  /** §10.1.5: read the blob, or write one (with exactly one allowed credential). */
  largeBlob?: { read: true; write?: never } | { write: BinaryInput; read?: never };
}

const CRED_PROTECT_POLICIES: readonly CredentialProtectionPolicy[] = [
  'userVerificationOptional',
  'userVerificationOptionalWithCredentialIDList',
  'userVerificationRequired',
];

/** Largest value we accept for a largeBlob write: CTAP's default minimum store is 1024 bytes; allow headroom. */
const MAX_LARGE_BLOB_BYTES = 64 * 1024;
/** PRF salts: any length per spec; bound them to keep options small. */
const MAX_PRF_INPUT_BYTES = 1024;

function prfValues(value: unknown, name: string): AuthenticationExtensionsPRFValuesJSON {
  assertRecord(value, name);
  assertKnownKeys(value, ['first', 'second'], name);
  if (value.first === undefined) throw new TypeError(`${name}.first is required`);
  const out: AuthenticationExtensionsPRFValuesJSON = {
    first: encodeBase64url(toBytesInRange(value.first, `${name}.first`, 0, MAX_PRF_INPUT_BYTES)),
  };
  if (value.second !== undefined) {
    out.second = encodeBase64url(toBytesInRange(value.second, `${name}.second`, 0, MAX_PRF_INPUT_BYTES));
  }
  return out;
}

/** Converts registration extension inputs to JSON (credProps defaults to true). */
export function registrationExtensionsJSON(value: unknown): AuthenticationExtensionsClientInputsJSON {
  const input = recordOrEmpty(value, 'extensions');
  assertKnownKeys(input, ['credProps', 'prf', 'largeBlob', 'credProtect', 'appidExclude'], 'extensions');
  const out: AuthenticationExtensionsClientInputsJSON = {};

  if (input.credProps === undefined || input.credProps === true) out.credProps = true;
  else assertBoolean(input.credProps, 'extensions.credProps');

  if (input.prf !== undefined) {
    assertRecord(input.prf, 'extensions.prf');
    if (input.prf.evalByCredential !== undefined) {
      throw new TypeError('extensions.prf.evalByCredential is only allowed when authenticating (§10.1.4)');
    }
    assertKnownKeys(input.prf, ['eval'], 'extensions.prf');
    out.prf = input.prf.eval === undefined ? {} : { eval: prfValues(input.prf.eval, 'extensions.prf.eval') };
  }

  if (input.largeBlob !== undefined) {
    assertRecord(input.largeBlob, 'extensions.largeBlob');
    if (input.largeBlob.read !== undefined || input.largeBlob.write !== undefined) {
      throw new TypeError('extensions.largeBlob.read/write are only allowed when authenticating (§10.1.5)');
    }
    assertKnownKeys(input.largeBlob, ['support'], 'extensions.largeBlob');
    assertOneOf(input.largeBlob.support, ['required', 'preferred'] as const, 'extensions.largeBlob.support');
    out.largeBlob = { support: input.largeBlob.support };
  }

  if (input.credProtect !== undefined) {
    const cp = input.credProtect;
    assertRecord(cp, 'extensions.credProtect');
    assertKnownKeys(cp, ['credentialProtectionPolicy', 'enforceCredentialProtectionPolicy'], 'extensions.credProtect');
    assertOneOf(
      cp.credentialProtectionPolicy,
      CRED_PROTECT_POLICIES,
      'extensions.credProtect.credentialProtectionPolicy',
    );
    out.credentialProtectionPolicy = cp.credentialProtectionPolicy;
    if (cp.enforceCredentialProtectionPolicy !== undefined) {
      assertBoolean(cp.enforceCredentialProtectionPolicy, 'extensions.credProtect.enforceCredentialProtectionPolicy');
      out.enforceCredentialProtectionPolicy = cp.enforceCredentialProtectionPolicy;
    }
  }

  if (input.appidExclude !== undefined) {
    assertAppID(input.appidExclude, 'extensions.appidExclude');
    out.appidExclude = input.appidExclude;
  }
  return out;
}

/**
 * Converts authentication extension inputs to JSON, checking them against `allowCredentials`
 * the way the client would (§10.1.4 step "evalByCredential", §10.1.5 "write").
 */
export function authenticationExtensionsJSON(
  value: unknown,
  allowCredentials: readonly PublicKeyCredentialDescriptorJSON[],
): AuthenticationExtensionsClientInputsJSON | undefined {
  if (value === undefined) return undefined;
  assertRecord(value, 'extensions');
  assertKnownKeys(value, ['appid', 'prf', 'largeBlob'], 'extensions');
  const out: AuthenticationExtensionsClientInputsJSON = {};

  if (value.appid !== undefined) {
    assertAppID(value.appid, 'extensions.appid');
    out.appid = value.appid;
  }

  if (value.prf !== undefined) {
    const prf = value.prf;
    assertRecord(prf, 'extensions.prf');
    assertKnownKeys(prf, ['eval', 'evalByCredential'], 'extensions.prf');
    const json: NonNullable<AuthenticationExtensionsClientInputsJSON['prf']> = {};
    if (prf.eval !== undefined) json.eval = prfValues(prf.eval, 'extensions.prf.eval');
    if (prf.evalByCredential !== undefined) {
      assertRecord(prf.evalByCredential, 'extensions.prf.evalByCredential');
      const entries = Object.entries(prf.evalByCredential);
      if (entries.length > 0 && allowCredentials.length === 0) {
        throw new TypeError('extensions.prf.evalByCredential needs allowCredentials (§10.1.4)');
      }
      const allowed = new Set(allowCredentials.map((c) => c.id));
      const byCredential: Record<string, AuthenticationExtensionsPRFValuesJSON> = {};
      for (const [id, values] of entries) {
        const where = `extensions.prf.evalByCredential["${id}"]`;
        const canonical = encodeBase64url(toBytesInput(id, `${where} key`));
        if (!allowed.has(canonical)) throw new RangeError(`${where}: credential is not in allowCredentials`);
        byCredential[canonical] = prfValues(values, where);
      }
      if (entries.length > 0) json.evalByCredential = byCredential;
    }
    if (json.eval === undefined && json.evalByCredential === undefined) {
      throw new TypeError('extensions.prf needs eval or evalByCredential when authenticating');
    }
    out.prf = json;
  }

  if (value.largeBlob !== undefined) {
    const lb = value.largeBlob;
    assertRecord(lb, 'extensions.largeBlob');
    if (lb.support !== undefined) {
      throw new TypeError('extensions.largeBlob.support is only allowed when registering (§10.1.5)');
    }
    assertKnownKeys(lb, ['read', 'write'], 'extensions.largeBlob');
    if (lb.read !== undefined && lb.write !== undefined) {
      throw new TypeError('extensions.largeBlob: read and write are mutually exclusive (§10.1.5)');
    }
    if (lb.read !== undefined) {
      if (lb.read !== true) throw new TypeError('extensions.largeBlob.read must be true (omit it otherwise)');
      out.largeBlob = { read: true };
    } else if (lb.write !== undefined) {
      if (allowCredentials.length !== 1) {
        throw new RangeError('extensions.largeBlob.write needs exactly one credential in allowCredentials (§10.1.5)');
      }
      out.largeBlob = {
        write: encodeBase64url(toBytesInRange(lb.write, 'extensions.largeBlob.write', 1, MAX_LARGE_BLOB_BYTES)),
      };
    } else {
      throw new TypeError('extensions.largeBlob needs read or write when authenticating');
    }
  }
  return Object.keys(out).length === 0 ? undefined : out;
}
