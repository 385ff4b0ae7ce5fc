/**
 * The main entry must not evaluate the X.509 extension parsers, the attestation formats or the
 * ASN.1 schema library when it is imported: they are loaded by `verifyRegistrationResponse` on
 * first use. This walks the static import graph of src/index.ts with esbuild's metafile.
 */
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

async function staticInputs(entry: string): Promise<{ files: Set<string>; packages: Set<string> }> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    metafile: true,
    splitting: true,
    outdir: 'out',
    logLevel: 'silent',
    external: ['@noble/*', '@peculiar/*', 'cbor-x', 'cbor-x/*'],
  });
  const meta = result.metafile!;
  // Follow only static imports from the entry.
  const files = new Set<string>();
  const packages = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    for (const imp of meta.inputs[file]?.imports ?? []) {
      if (imp.kind === 'dynamic-import') continue;
      if (imp.external) packages.add(imp.path);
      else queue.push(imp.path);
    }
  }
  return { files, packages };
}

describe('lazy loading', () => {
  it('importing the main entry never evaluates attestation formats, X.509 extensions or ASN.1 schemas', async () => {
    const { files, packages } = await staticInputs('src/index.ts');
    expect(files.has('src/index.ts')).toBe(true);
    expect(files.has('src/verify/registration.ts')).toBe(true);
    expect([...files].filter((f) => /src\/attestation\/(packed|tpm|android-key|apple|builtin)\.ts$/.test(f))).toEqual(
      [],
    );
    expect(files.has('src/certificates/extensions.ts')).toBe(false);
    expect([...packages].filter((p) => p.startsWith('@peculiar/') || p.startsWith('cbor-x'))).toEqual([]);
  });

  it('the attestation subpath does load them', async () => {
    const { files, packages } = await staticInputs('src/attestation/index.ts');
    expect(files.has('src/certificates/extensions.ts')).toBe(true);
    expect(packages.has('@peculiar/asn1-schema')).toBe(true);
  });
});
