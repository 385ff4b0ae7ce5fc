/**
 * Trust assessment (§7.1 steps 24 and 28): does the attestation trust path end at an anchor
 * the relying party supplied? Decided here, once, for every format — never by a format.
 *
 * Fail closed: `trusted` is true only when the x5c chain verifies to a caller-supplied anchor
 * (given directly or through metadata). A root inside x5c never counts, and an empty anchor
 * set never yields `trusted: true`. The chain's own signatures and validity are checked even
 * when no anchor is configured.
 *
 * @module
 */
import { verifyCertificateChain } from '../certificates/chain.js';
import type { RevocationResult } from '../certificates/crl.js';
import { toCertificate } from '../certificates/parse.js';
import type { Certificate } from '../certificates/types.js';
import type { CryptoBackend } from '../crypto/types.js';
import type {
  AttestationMetadataSource,
  AttestationStatementResult,
  ResolvedMetadata,
  TrustAnchorsInput,
} from './types.js';

/** The outcome of trust assessment. */
export interface TrustAssessment {
  trusted: boolean;
  anchor: Certificate | undefined;
  metadata: ResolvedMetadata | undefined;
  /** Per-certificate revocation status, when CRLs were supplied and the path is anchored. */
  revocation: RevocationResult | undefined;
}

/** Revocation inputs passed through to chain validation. */
export interface RevocationOptions {
  /** CRLs (DER) the caller fetched. */
  crls: readonly Uint8Array[];
  /** What to do when a certificate has no fresh CRL (default `'fail-closed'`). */
  policy?: 'fail-closed' | 'fail-open';
}

/** Picks the anchors configured for `format` (a flat list applies to every format). */
export function anchorsForFormat(input: TrustAnchorsInput | undefined, format: string): Certificate[] {
  if (input === undefined) return [];
  const list = Array.isArray(input) ? input : ((input as Record<string, TrustAnchorsInput>)[format] ?? []);
  return (list as Parameters<typeof toCertificate>[0][]).map((a) => toCertificate(a));
}

/** Assesses trust for a verified statement (and each component of a compound one). */
export async function assessTrust(input: {
  statement: AttestationStatementResult;
  aaguid: Uint8Array;
  anchors: TrustAnchorsInput | undefined;
  metadata: AttestationMetadataSource | undefined;
  revocation: RevocationOptions | undefined;
  now: Date;
  backend: CryptoBackend;
}): Promise<TrustAssessment> {
  const { statement } = input;
  if (statement.components !== undefined) {
    // compound (§8.9): trusted only when every component that carries a path is trusted.
    let anchor: Certificate | undefined;
    let metadata: ResolvedMetadata | undefined;
    let revocation: RevocationResult | undefined;
    let trusted = statement.components.length > 0;
    for (const component of statement.components) {
      const r = await assessTrust({ ...input, statement: component });
      trusted &&= r.trusted;
      anchor ??= r.anchor;
      metadata ??= r.metadata;
      if (r.revocation !== undefined)
        revocation = { checked: [...(revocation?.checked ?? []), ...r.revocation.checked] };
    }
    return { trusted, anchor, metadata, revocation };
  }
  // none and self attestation carry no trust path: nothing can make them trusted.
  if (statement.trustPath.length === 0) {
    return { trusted: false, anchor: undefined, metadata: undefined, revocation: undefined };
  }

  const metadata =
    input.metadata === undefined
      ? undefined
      : await input.metadata.resolveAttestation({
          format: statement.format,
          aaguid: input.aaguid,
          trustPath: statement.trustPath,
          now: input.now,
        });
  const anchors = [...anchorsForFormat(input.anchors, statement.format), ...(metadata?.anchors ?? [])];
  const chain = await verifyCertificateChain({
    chain: statement.trustPath,
    anchors,
    now: input.now,
    backend: input.backend,
    ...(input.revocation === undefined
      ? {}
      : { revocation: { crls: input.revocation.crls, policy: input.revocation.policy ?? 'fail-closed' } }),
  });
  return { trusted: anchors.length > 0 && chain.trusted, anchor: chain.anchor, metadata, revocation: chain.revocation };
}
