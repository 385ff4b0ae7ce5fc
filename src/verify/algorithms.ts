/**
 * Default credential algorithms accepted by the verifiers.
 *
 * @module
 */

/**
 * Every COSE algorithm Tessera verifies, except RS1 (-65535, SHA-1), which callers must opt
 * into explicitly: ES256, EdDSA, Ed25519, ES384, ES512, RS256, RS384, RS512, PS256, PS384,
 * PS512, Ed448, ES256K.
 */
export const DEFAULT_SUPPORTED_ALGORITHMS: readonly number[] = Object.freeze([
  -7, -8, -19, -35, -36, -257, -258, -259, -37, -38, -39, -53, -47,
]);
