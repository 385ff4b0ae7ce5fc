/**
 * The Android Key Attestation extension (OID 1.3.6.1.4.1.11129.2.1.17, KeyDescription) for the
 * `android-key` format (§8.4), DER-encoded with the project's DER writer.
 *
 * @module
 */
import {
  derExplicit,
  derNull,
  derOctetString,
  derPrimitive,
  derSequence,
  derSetOf,
  derSmallInteger,
  TAG,
} from '../certificates/der.js';

/** OID of the KeyDescription extension. */
export const ANDROID_KEY_DESCRIPTION_OID = '1.3.6.1.4.1.11129.2.1.17';

/** One AuthorizationList (the fields the WebAuthn check reads, plus algorithm). */
export interface AndroidAuthorizationList {
  /** purpose [1]: KM_PURPOSE_SIGN = 2. */
  purpose?: readonly number[];
  /** algorithm [2]: KM_ALGORITHM_RSA = 1, KM_ALGORITHM_EC = 3. */
  algorithm?: number;
  /** allApplications [600] (must be absent for WebAuthn). */
  allApplications?: boolean;
  /** origin [702]: KM_ORIGIN_GENERATED = 0. */
  origin?: number;
}

/** KeyDescription fields. */
export interface AndroidKeyDescription {
  attestationChallenge: Uint8Array;
  /** Default 3 (Keymaster 3 schema). */
  attestationVersion?: number;
  /** 0 Software, 1 TrustedEnvironment (default), 2 StrongBox. */
  attestationSecurityLevel?: number;
  softwareEnforced?: AndroidAuthorizationList;
  teeEnforced?: AndroidAuthorizationList;
}

function enumerated(value: number): Uint8Array {
  return derPrimitive(TAG.ENUMERATED, derSmallInteger(value).slice(2));
}

function authorizationList(list: AndroidAuthorizationList): Uint8Array {
  const items: Uint8Array[] = [];
  if (list.purpose !== undefined) items.push(derExplicit(1, derSetOf(list.purpose.map(derSmallInteger))));
  if (list.algorithm !== undefined) items.push(derExplicit(2, derSmallInteger(list.algorithm)));
  if (list.allApplications === true) items.push(derExplicit(600, derNull()));
  if (list.origin !== undefined) items.push(derExplicit(702, derSmallInteger(list.origin)));
  return derSequence(items);
}

/**
 * Encodes KeyDescription (the extension's extnValue contents).
 *
 * @example
 * ```ts
 * const value = encodeAndroidKeyDescription({
 *   attestationChallenge: clientDataHash,
 *   teeEnforced: { purpose: [2], algorithm: 3, origin: 0 },
 * });
 * ```
 */
export function encodeAndroidKeyDescription(description: AndroidKeyDescription): Uint8Array {
  const level = description.attestationSecurityLevel ?? 1;
  return derSequence([
    derSmallInteger(description.attestationVersion ?? 3),
    enumerated(level),
    derSmallInteger(description.attestationVersion ?? 3),
    enumerated(level),
    derOctetString(description.attestationChallenge),
    derOctetString(new Uint8Array(0)),
    authorizationList(description.softwareEnforced ?? {}),
    authorizationList(description.teeEnforced ?? {}),
  ]);
}
