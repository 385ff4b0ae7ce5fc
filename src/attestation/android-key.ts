/**
 * `android-key` attestation (WebAuthn L3 §8.4): the credential key lives in Android Keystore and
 * its certificate carries the Key Attestation KeyDescription (1.3.6.1.4.1.11129.2.1.17).
 *
 * Authorization lists fail closed: a malformed KeyDescription is rejected, never skipped
 * (security.md §3A row 11). By default origin and purpose must be enforced by the TEE
 * (`teeEnforced`); the policy `androidKeyAllowSoftwareEnforced` also accepts `softwareEnforced`.
 *
 * @module
 */
import { type AndroidKeyDescription, parseAndroidKeyDescription } from '../certificates/extensions.js';
import { parseCertificate } from '../certificates/parse.js';
import type { Certificate } from '../certificates/types.js';
import { verifySignature } from '../crypto/verify.js';
import { concat, equalBytes } from '../encoding/bytes.js';
import { WebAuthnError } from '../errors.js';
import { attestationError, bytesMember, intMember, statementMap, x5cMember } from './statement.js';
import type {
  AttestationFormatPolicy,
  AttestationFormatVerifier,
  AttestationStatementInput,
  AttestationStatementResult,
} from './types.js';
import { requireCredentialKey, statementScheme, verifyX5cInternally } from './x5c-checks.js';

/** KM_ORIGIN_GENERATED: the key was generated in Keystore. */
export const KM_ORIGIN_GENERATED = 0;
/** KM_PURPOSE_SIGN. */
export const KM_PURPOSE_SIGN = 2;

/** Facts an `android-key` statement reports in `details`. */
export type AndroidKeyAttestationDetails = {
  /** 0 Software, 1 TrustedEnvironment, 2 StrongBox. */
  attestationSecurityLevel: number;
  keymasterSecurityLevel: number;
  attestationVersion: number;
  /** Whether origin and purpose were found in teeEnforced alone. */
  teeEnforced: boolean;
};

function readKeyDescription(credCert: Certificate): AndroidKeyDescription {
  let kd: AndroidKeyDescription | undefined;
  try {
    kd = parseAndroidKeyDescription(credCert);
  } catch (err) {
    // Fail closed on a malformed KeyDescription (security.md §4 #106).
    if (err instanceof WebAuthnError) {
      throw attestationError(
        'android-key',
        'android-key.key-description',
        'the KeyDescription extension is malformed',
        err,
      );
    }
    throw err;
  }
  if (kd === undefined) {
    throw attestationError('android-key', 'android-key.key-description', 'the KeyDescription extension is missing');
  }
  return kd;
}

/** The `android-key` format verifier (§8.4). Attestation type: Basic. */
export const androidKeyAttestation: AttestationFormatVerifier = {
  format: 'android-key',
  async verify(input: AttestationStatementInput): Promise<AttestationStatementResult> {
    const fail = (check: string, message: string): WebAuthnError => attestationError('android-key', check, message);
    // §8.4 step 1: attStmt is {alg, sig, x5c}.
    const m = statementMap('android-key', input.attStmt, ['alg', 'sig', 'x5c']);
    const alg = intMember('android-key', m, 'alg');
    const sig = bytesMember('android-key', m, 'sig');
    const certs = x5cMember('android-key', m).map((der) => parseCertificate(der));
    const credCert = certs[0] as Certificate;

    // §8.4 step 3 (checked first, so that a foreign leaf is reported as such): the public key
    // in credCert matches the credential public key.
    const key = requireCredentialKey('android-key', credCert, input);
    // §8.4 step 2: sig is a valid signature over authenticatorData ‖ clientDataHash with credCert's key and alg.
    const scheme = statementScheme('android-key', alg, key, false);
    const signed = concat(input.authData.bytes, input.clientDataHash);
    if (!(await verifySignature({ scheme, key, signature: sig, data: signed, backend: input.backend }))) {
      throw fail('signature', 'the attestation signature does not verify');
    }

    const kd = readKeyDescription(credCert);
    // §8.4 step 4: attestationChallenge is identical to clientDataHash.
    if (!equalBytes(kd.attestationChallenge, input.clientDataHash)) {
      throw fail('android-key.challenge', 'attestationChallenge is not clientDataHash');
    }
    // §8.4 step 5: allApplications is absent from both authorization lists (the key is scoped to the RP ID).
    if (kd.softwareEnforced.allApplications || kd.teeEnforced.allApplications) {
      throw fail('android-key.all-applications', 'allApplications is present');
    }
    // §8.4 step 5: origin and purpose from teeEnforced only when a TEE is required, else the union of both lists.
    if (input.policy.dangerouslySkipAndroidKeyAuthorizationList !== true) checkAuthorizationLists(kd, input.policy);
    // The x5c certificates' own signatures and validity at `now` (trust is decided centrally).
    await verifyX5cInternally(certs, input);

    const details: AndroidKeyAttestationDetails = {
      attestationSecurityLevel: kd.attestationSecurityLevel,
      keymasterSecurityLevel: kd.keymasterSecurityLevel,
      attestationVersion: kd.attestationVersion,
      teeEnforced:
        kd.teeEnforced.origin === KM_ORIGIN_GENERATED && kd.teeEnforced.purpose?.includes(KM_PURPOSE_SIGN) === true,
    };
    // §8.4 step 6: attestation type Basic, trust path x5c.
    return { format: 'android-key', type: 'basic', trustPath: certs, details };
  },
};

/** §8.4 step 5: origin = KM_ORIGIN_GENERATED and purpose ∋ KM_PURPOSE_SIGN, in teeEnforced (or the union). */
function checkAuthorizationLists(kd: AndroidKeyDescription, policy: AttestationFormatPolicy): void {
  const fail = (check: string, message: string): WebAuthnError => attestationError('android-key', check, message);
  const union = policy.androidKeyAllowSoftwareEnforced === true;
  const lists = union ? [kd.teeEnforced, kd.softwareEnforced] : [kd.teeEnforced];
  // §8.4 step 5: origin equals KM_ORIGIN_GENERATED.
  const origins = lists.map((l) => l.origin).filter((o): o is number => o !== undefined);
  if (origins.length === 0 || origins.some((o) => o !== KM_ORIGIN_GENERATED)) {
    throw fail(
      'android-key.origin',
      `origin must be KM_ORIGIN_GENERATED in ${union ? 'the authorization lists' : 'teeEnforced'}`,
    );
  }
  // §8.4 step 5: purpose contains KM_PURPOSE_SIGN.
  if (!lists.some((l) => l.purpose?.includes(KM_PURPOSE_SIGN) === true)) {
    throw fail(
      'android-key.purpose',
      `purpose must contain KM_PURPOSE_SIGN in ${union ? 'the authorization lists' : 'teeEnforced'}`,
    );
  }
}
