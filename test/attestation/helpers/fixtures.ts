/**
 * Loads registration fixtures from ../shared/fixtures and turns them into the input of one
 * attestation-format verifier, exactly as the registration verifier would (clock pinned at
 * `attestation.verifyAt`).
 */
import { fidoU2FAttestation } from '../../../src/attestation/fido-u2f.js';
import { noneAttestation } from '../../../src/attestation/none.js';
import { packedAttestation } from '../../../src/attestation/packed.js';
import type {
  AttestationFormatPolicy,
  AttestationFormatVerifier,
  AttestationStatementInput,
  AttestationStatementResult,
} from '../../../src/attestation/types.js';
import { parseCOSEPublicKey } from '../../../src/crypto/cose.js';
import { sha256 } from '../../../src/crypto/hash.js';
import { decodeBase64url } from '../../../src/encoding/base64url.js';
import type { CBORValue } from '../../../src/encoding/cbor.js';
import { WebAuthnError } from '../../../src/errors.js';
import { parseAttestationObject } from '../../../src/parsers/attestation-object.js';
import { parseAuthenticatorData } from '../../../src/parsers/authenticator-data.js';
import type { AuthenticatorData } from '../../../src/parsers/types.js';
import { listShared, readSharedJSON } from '../../helpers/shared-fixtures.js';

/** The parts of a registration fixture these tests use. */
export interface RegistrationFixture {
  id: string;
  outcome: 'valid' | 'invalid';
  invalidReason?: string;
  policy?: { safetyNetEnforceCtsProfileMatch?: boolean };
  requires?: string[];
  response: { response: { attestationObject: string; clientDataJSON: string } };
  attestation?: { fmt?: string; verifyAt?: string; trustAnchors?: string[] };
}

/** Registration fixtures of one format, sorted by id. */
export function registrationFixtures(fmt: string): RegistrationFixture[] {
  return listShared('registration')
    .filter((f) => f.endsWith('.json'))
    .map((f) => readSharedJSON<RegistrationFixture>(`registration/${f}`))
    .filter((fx) => fx.attestation?.fmt === fmt);
}

/** A verifier input decoded from raw parts. */
export interface DecodedStatement {
  fmt: string;
  attStmt: CBORValue;
  authData: AuthenticatorData;
  clientDataHash: Uint8Array;
}

/** Decodes attestationObject + clientDataJSON. */
export function decodeRegistration(attestationObject: Uint8Array, clientDataJSON: Uint8Array): DecodedStatement {
  const ao = parseAttestationObject(attestationObject);
  return {
    fmt: ao.fmt,
    attStmt: ao.attStmt,
    authData: parseAuthenticatorData(ao.authData),
    clientDataHash: sha256(clientDataJSON),
  };
}

/** Decodes a fixture. */
export function decodeFixture(fx: RegistrationFixture): DecodedStatement {
  return decodeRegistration(
    decodeBase64url(fx.response.response.attestationObject),
    decodeBase64url(fx.response.response.clientDataJSON),
  );
}

/** Builds the verifier input; `verifiers` serve `verifyNested` (compound). */
export function statementInput(
  decoded: DecodedStatement,
  options: { now: Date; policy?: AttestationFormatPolicy; verifiers?: readonly AttestationFormatVerifier[] },
): AttestationStatementInput {
  const acd = decoded.authData.attestedCredentialData;
  if (acd === undefined) throw new Error('fixture without attested credential data');
  const verifiers = [noneAttestation, packedAttestation, fidoU2FAttestation, ...(options.verifiers ?? [])];
  const policy = options.policy ?? {};
  const input: AttestationStatementInput = {
    fmt: decoded.fmt,
    attStmt: decoded.attStmt,
    authData: decoded.authData,
    clientDataHash: decoded.clientDataHash,
    credentialPublicKey: parseCOSEPublicKey(acd.credentialPublicKeyMap, {
      allowedAlgorithms: [-7, -8, -35, -36, -37, -38, -39, -257, -258, -259, -65535, -53, -19, -47],
    }),
    now: options.now,
    backend: 'auto',
    policy,
    verifyNested: (fmt: string, attStmt: CBORValue): Promise<AttestationStatementResult> => {
      const v = verifiers.find((x) => x.format === fmt);
      if (v === undefined) {
        return Promise.reject(new WebAuthnError('ERR_ATTESTATION_FORMAT_UNSUPPORTED', `unsupported ${fmt}`));
      }
      return v.verify({ ...input, fmt, attStmt });
    },
  };
  return input;
}

/** Runs `fn` and returns the WebAuthnError it throws (fails the test otherwise). */
export async function rejection(fn: () => Promise<unknown>): Promise<WebAuthnError> {
  try {
    await fn();
  } catch (err) {
    if (err instanceof WebAuthnError) return err;
    throw err;
  }
  throw new Error('expected a WebAuthnError, but the call resolved');
}
