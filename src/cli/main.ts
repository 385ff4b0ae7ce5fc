/**
 * Entry point of the `tessera` binary (built by tsup to `dist/cli.js`, ESM, Node only).
 * Wires Node's file system and stdin and the real verifiers into {@link runCLI}.
 *
 * @module
 */
import { readdir, readFile } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import process from 'node:process';
import { verifyAuthenticationResponse, verifyRegistrationResponse } from '../verify/index.js';
import { type CLIEnvironment, runCLI } from './run.js';

async function readStdin(): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Uint8Array);
  return Buffer.concat(chunks);
}

const environment: CLIEnvironment = {
  readFile: async (path) => new Uint8Array(await readFile(path)),
  listDir: async (path) =>
    (await readdir(path, { withFileTypes: true })).map((d) => ({ name: d.name, isDirectory: d.isDirectory() })),
  resolvePath: (path) => (sep === '\\' ? resolve(path).replaceAll('\\', '/') : resolve(path)),
  readStdin,
  stdout: (text) => {
    process.stdout.write(text);
  },
  stderr: (text) => {
    process.stderr.write(text);
  },
  verifiers: { verifyRegistrationResponse, verifyAuthenticationResponse },
};

runCLI(process.argv.slice(2), environment).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`tessera: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  },
);
