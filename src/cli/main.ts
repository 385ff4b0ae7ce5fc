/**
 * Entry point of the `tessera` binary (built by tsup to `dist/cli.js`, ESM, Node only).
 * Wires Node's file system and stdin and the real verifiers (ceremonies and MDS3 BLOBs) into
 * {@link runCLI}.
 *
 * Node's modules are reached through `process.getBuiltinModule` (Node ≥ 20.16) rather than
 * static `node:` imports, like the rest of `src/`, so the library's bundles never reference them.
 *
 * @module
 */
import { concat } from '../encoding/bytes.js';
import { verifyMetadataBlob } from '../metadata/index.js';
import { verifyAuthenticationResponse, verifyRegistrationResponse } from '../verify/index.js';
import { type CLIEnvironment, runCLI } from './run.js';

interface NodeProcess {
  argv: string[];
  exitCode: number | undefined;
  stdin: AsyncIterable<Uint8Array>;
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  getBuiltinModule?: (name: string) => unknown;
}
interface NodeFS {
  readFile(path: string): Promise<Uint8Array>;
  readdir(path: string, options: { withFileTypes: true }): Promise<Array<{ name: string; isDirectory(): boolean }>>;
}
interface NodePath {
  resolve(path: string): string;
  sep: string;
}

const proc = (globalThis as { process?: NodeProcess }).process;
if (proc?.getBuiltinModule === undefined) throw new Error('the tessera CLI needs Node.js ≥ 20.16');
const fs = proc.getBuiltinModule('node:fs/promises') as NodeFS;
const path = proc.getBuiltinModule('node:path') as NodePath;

async function readStdin(): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of proc!.stdin) chunks.push(chunk);
  return concat(...chunks);
}

const environment: CLIEnvironment = {
  readFile: async (p) => new Uint8Array(await fs.readFile(p)),
  listDir: async (p) =>
    (await fs.readdir(p, { withFileTypes: true })).map((d) => ({ name: d.name, isDirectory: d.isDirectory() })),
  resolvePath: (p) => (path.sep === '\\' ? path.resolve(p).replaceAll('\\', '/') : path.resolve(p)),
  readStdin,
  stdout: (text) => {
    proc.stdout.write(text);
  },
  stderr: (text) => {
    proc.stderr.write(text);
  },
  verifiers: { verifyRegistrationResponse, verifyAuthenticationResponse, verifyMetadataBlob },
};

runCLI(proc.argv.slice(2), environment).then(
  (code) => {
    proc.exitCode = code;
  },
  (err: unknown) => {
    proc.stderr.write(`tessera: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    proc.exitCode = 1;
  },
);
