import { describe, expect, it } from 'vitest';
import type { ConformanceVerifiers } from '../../src/cli/conformance.js';
import { inspectResponse } from '../../src/cli/inspect.js';
import { type CLIEnvironment, runCLI, USAGE } from '../../src/cli/run.js';
import { encodeBase64url } from '../../src/encoding/base64url.js';
import { utf8Encode } from '../../src/encoding/bytes.js';
import { encodeCBOR } from '../../src/encoding/cbor.js';
import { WebAuthnError } from '../../src/errors.js';
import { hasSharedFixtures, readShared } from '../helpers/shared-fixtures.js';

/** An in-memory file system: paths are absolute, `/`-separated. */
function memoryEnv(
  files: Record<string, string | Uint8Array>,
  verifiers?: ConformanceVerifiers,
  stdin = '',
): CLIEnvironment & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const bytes = (v: string | Uint8Array): Uint8Array => (typeof v === 'string' ? utf8Encode(v) : v);
  return {
    out,
    err,
    readFile: async (p) => {
      const v = files[p];
      if (v === undefined) throw new Error(`ENOENT: ${p}`);
      return bytes(v);
    },
    listDir: async (p) => {
      const prefix = p.endsWith('/') ? p : `${p}/`;
      const names = new Map<string, boolean>();
      for (const f of Object.keys(files)) {
        if (!f.startsWith(prefix)) continue;
        const rest = f.slice(prefix.length);
        const slash = rest.indexOf('/');
        names.set(slash < 0 ? rest : rest.slice(0, slash), slash >= 0);
      }
      if (names.size === 0) throw new Error(`ENOENT: ${p}`);
      return [...names].map(([name, isDirectory]) => ({ name, isDirectory }));
    },
    resolvePath: (p) => (p.startsWith('/') ? p : `/cwd/${p}`),
    readStdin: async () => utf8Encode(stdin),
    stdout: (t) => {
      out.push(t);
    },
    stderr: (t) => {
      err.push(t);
    },
    verifiers: verifiers ?? {
      verifyRegistrationResponse: async () => ({}),
      verifyAuthenticationResponse: async (o) => {
        throw new WebAuthnError('ERR_SIGNATURE_INVALID', `bad ${String(o.expectedChallenge)}`);
      },
    },
  };
}

const fx = (id: string, kind: string, outcome = 'valid'): string =>
  JSON.stringify({
    id,
    kind,
    response: { id: 'AQID', rawId: 'AQID', type: 'public-key', response: {} },
    expected: { challenge: id, origin: 'https://example.org', rpId: 'example.org' },
    credential: kind === 'authentication' ? { id: 'AQID', publicKey: 'pQ', counter: 0 } : null,
    outcome,
    ...(outcome === 'invalid' ? { invalidReason: 'signature-invalid' } : {}),
  });

describe('runCLI: usage', () => {
  it('--help prints usage and exits 0', async () => {
    for (const args of [['--help'], ['-h'], ['help'], ['conformance', '--help'], ['inspect', '--help']]) {
      const env = memoryEnv({});
      expect(await runCLI(args, env)).toBe(0);
      expect(env.out.join('')).toBe(USAGE);
    }
  });

  it('no command, unknown command and bad options exit 2', async () => {
    for (const args of [
      [],
      ['verify'],
      ['conformance'],
      ['conformance', '--frobnicate', 'x'],
      ['conformance', 'x', '--filter'],
      ['inspect'],
      ['inspect', 'a', 'b'],
    ]) {
      const env = memoryEnv({});
      expect(await runCLI(args, env), args.join(' ')).toBe(2);
      expect(env.err.join('')).not.toBe('');
    }
  });
});

describe('runCLI conformance', () => {
  const files = {
    '/cwd/fx/registration/r1.json': fx('r1', 'registration'),
    '/cwd/fx/authentication/a1.json': fx('a1', 'authentication'),
    '/cwd/fx/authentication/a2.json': fx('a2', 'authentication', 'invalid'),
    '/cwd/fx/other.json': '{"kind":"index"}',
  };

  it('prints a table and the summary as the last line; exit 1 on failures', async () => {
    const env = memoryEnv(files);
    expect(await runCLI(['conformance', 'fx'], env)).toBe(1);
    const text = env.out.join('');
    const lines = text.trimEnd().split('\n');
    expect(lines.at(-1)).toBe('2 passed, 1 failed, 0 skipped');
    expect(lines[0]).toMatch(/^RESULT\s+ID\s+EXPECTED\s+GOT\s+CODE$/);
    expect(text).toMatch(/FAIL\s+a1\s+valid\s+invalid\s+ERR_SIGNATURE_INVALID/);
    expect(text).toMatch(/PASS\s+a2\s+invalid \(signature-invalid\)\s+invalid\s+ERR_SIGNATURE_INVALID/);
  });

  it('exits 0 when nothing fails; --filter narrows the run', async () => {
    const env = memoryEnv(files);
    expect(await runCLI(['conformance', '--filter', 'r1', 'fx'], env)).toBe(0);
    expect(env.out.join('').trimEnd().split('\n').at(-1)).toBe('1 passed, 0 failed, 0 skipped');
    const env2 = memoryEnv(files);
    expect(await runCLI(['conformance', '--filter=a2', 'fx'], env2)).toBe(0);
  });

  it('--json prints machine-readable rows and summary', async () => {
    const env = memoryEnv(files);
    expect(await runCLI(['conformance', '--json', '/cwd/fx'], env)).toBe(1);
    const parsed = JSON.parse(env.out.join(''));
    expect(parsed.summary).toEqual({ passed: 2, failed: 1, skipped: 0 });
    expect(parsed.rows.map((r: { id: string }) => r.id)).toEqual(['a1', 'a2', 'r1']);
  });

  it('a missing folder is an error (exit 1) unless --skip-missing', async () => {
    const env = memoryEnv(files);
    expect(await runCLI(['conformance', 'nowhere'], env)).toBe(1);
    expect(env.err.join('')).toMatch(/cannot read folder/);
    const env2 = memoryEnv(files);
    expect(await runCLI(['conformance', '--skip-missing', 'nowhere', 'fx'], env2)).toBe(1);
    expect(env2.err.join('')).toMatch(/nowhere not found, skipped/);
    expect(env2.out.join('').trimEnd().split('\n').at(-1)).toBe('2 passed, 1 failed, 0 skipped');
    const env3 = memoryEnv(files);
    expect(await runCLI(['conformance', '--skip-missing', 'nowhere'], env3)).toBe(0);
    expect(env3.out.join('')).toBe('0 passed, 0 failed, 0 skipped\n');
  });
});

/** A minimal `none` registration with an EC2 key, built by hand. */
function craftedRegistration(): Record<string, unknown> {
  const rpIdHash = new Uint8Array(32).fill(0xab);
  const credId = new Uint8Array([1, 2, 3, 4]);
  const key = encodeCBOR(
    new Map<number, unknown>([
      [1, 2],
      [3, -7],
      [-1, 1],
      [-2, new Uint8Array(32).fill(1)],
      [-3, new Uint8Array(32).fill(2)],
    ]),
  );
  const authData = new Uint8Array([
    ...rpIdHash,
    0x45,
    0,
    0,
    0,
    7,
    ...new Uint8Array(16).fill(0x11),
    0,
    credId.length,
    ...credId,
    ...key,
  ]);
  const attestationObject = encodeCBOR(
    new Map<string, unknown>([
      ['fmt', 'none'],
      ['attStmt', new Map()],
      ['authData', authData],
    ]),
  );
  const clientData = utf8Encode(
    JSON.stringify({ type: 'webauthn.create', challenge: 'Y2hhbGxlbmdl', origin: 'https://example.org', extra: 1 }),
  );
  return {
    id: 'AQIDBA',
    rawId: 'AQIDBA',
    type: 'public-key',
    response: {
      clientDataJSON: encodeBase64url(clientData),
      attestationObject: encodeBase64url(attestationObject),
      transports: ['usb'],
    },
    clientExtensionResults: { credProps: { rk: true } },
  };
}

describe('inspect', () => {
  it('decodes a crafted registration', () => {
    const text = inspectResponse(craftedRegistration()).join('\n');
    expect(text).toContain('Credential (registration)');
    expect(text).toContain('type: webauthn.create');
    expect(text).toContain('challenge: Y2hhbGxlbmdl');
    expect(text).toContain('extra: 1');
    expect(text).toContain('flags: 0x45 [UP UV AT]');
    expect(text).toContain('signCount: 7');
    expect(text).toContain('AAGUID: 11111111-1111-1111-1111-111111111111');
    expect(text).toContain('kty: 2 (EC2)');
    expect(text).toContain('alg: -7 (ES256)');
    expect(text).toContain('crv: 1 (P-256)');
    expect(text).toContain('Attestation statement (fmt: none)');
    expect(text).toContain('transports: usb');
    expect(text).toContain('Client extension results: {"credProps":{"rk":true}}');
  });

  it('reports what it cannot decode instead of throwing', () => {
    const broken = craftedRegistration();
    (broken.response as Record<string, unknown>).attestationObject = 'AAAA';
    (broken.response as Record<string, unknown>).clientDataJSON = 'not base64url!';
    const text = inspectResponse(broken).join('\n');
    expect(text).toMatch(/Attestation object: \(cannot parse: ERR_/);
    expect(text).toContain('(clientDataJSON: (not canonical base64url))');
    expect(inspectResponse(42).join('\n')).toMatch(/Not a WebAuthn response/);
  });

  it('runs from stdin and from a file through runCLI', async () => {
    const json = JSON.stringify(craftedRegistration());
    const env = memoryEnv({ '/cwd/r.json': json }, undefined, json);
    expect(await runCLI(['inspect', '-'], env)).toBe(0);
    expect(env.out.join('')).toContain('AAGUID: 11111111-1111-1111-1111-111111111111');
    const env2 = memoryEnv({ '/cwd/r.json': json });
    expect(await runCLI(['inspect', 'r.json'], env2)).toBe(0);
    expect(env2.out.join('')).toBe(env.out.join(''));
    const env3 = memoryEnv({ '/cwd/r.json': '{ nope' });
    expect(await runCLI(['inspect', 'r.json'], env3)).toBe(1);
    expect(await runCLI(['inspect', 'missing.json'], memoryEnv({}))).toBe(1);
  });

  it.skipIf(!hasSharedFixtures('cli inspect on shared fixtures'))(
    'decodes a packed x5c fixture with certificates',
    () => {
      const fixture = JSON.parse(readShared('registration/w3c-packed-es256-registration.json').toString('utf8'));
      const text = inspectResponse(fixture).join('\n');
      expect(text).toContain('Fixture: w3c-packed-es256-registration (registration, valid)');
      expect(text).toContain('Attestation statement (fmt: packed)');
      expect(text).toContain('alg: -7 (ES256)');
      expect(text).toMatch(/x5c: \d certificate\(s\)/);
      expect(text).toMatch(/issuer: .*CN=WebAuthn test vectors/);
      expect(text).toMatch(/valid: \d{4}-\d\d-\d\dT.* … \d{4}-/);
    },
  );

  it.skipIf(!hasSharedFixtures('cli inspect on shared fixtures'))(
    'decodes an assertion fixture with its stored key',
    () => {
      const fixture = JSON.parse(
        readShared('authentication/swa-assertion-es256-counter-143-to-144.json').toString('utf8'),
      );
      const text = inspectResponse(fixture).join('\n');
      expect(text).toContain('Credential (authentication)');
      expect(text).toContain('signCount: 144');
      expect(text).toMatch(/signature: [0-9a-f]+…?[0-9a-f]* \(\d+ bytes\)/);
      expect(text).toContain('Stored credential public key');
    },
  );
});
