/**
 * Pure, policy-free parsers for WebAuthn structures.
 *
 * @module
 */
export { parseAttestationObject } from './attestation-object.js';
export { parseAuthenticatorData, parseAuthenticatorFlags } from './authenticator-data.js';
export { parseClientDataJSON } from './client-data.js';
export type {
  AttestationObject,
  AttestedCredentialData,
  AuthenticatorData,
  AuthenticatorFlags,
  ClientData,
} from './types.js';
