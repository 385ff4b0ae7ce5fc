/**
 * The built-in attestation formats and trust assessment. `verifyRegistrationResponse` loads this
 * module with `import()` on first use, so that the X.509, ASN.1 and chain-building code behind it
 * is never evaluated on the way to a plain authentication. Nothing else in the main entry may
 * import it statically (test/verify/lazy-loading.test.ts checks the built bundle).
 *
 * @module
 */
export { registryWith } from '../attestation/builtin.js';
export { assessTrust } from '../attestation/trust.js';
