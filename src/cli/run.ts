/**
 * Argument handling for the `tessera` command, with every side effect injected so tests can
 * run commands in-process. `main.ts` wires in Node's file system, stdin and the verifiers.
 *
 * Exit codes: 0 success, 1 conformance failures or an unreadable input, 2 usage errors.
 *
 * @module
 */
import {
  type ConformanceVerifiers,
  type DirEntry,
  exitCodeFor,
  formatSummary,
  formatTable,
  runConformance,
  summarize,
} from './conformance.js';
import { inspectResponse } from './inspect.js';

/** What the CLI needs from its environment. */
export interface CLIEnvironment {
  readFile: (path: string) => Promise<Uint8Array>;
  listDir: (path: string) => Promise<DirEntry[]>;
  /** Turns a command-line path into the absolute, `/`-separated form the runner uses. */
  resolvePath: (path: string) => string;
  readStdin: () => Promise<Uint8Array>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  verifiers: ConformanceVerifiers;
}

/** The `--help` text. */
export const USAGE = `Usage: tessera <command> [options]

Commands:
  conformance [--json] [--filter <substr>] [--skip-missing] <dir...>
      Run every fixture file (JSON with "kind": "registration" | "authentication") in the
      folder trees through the verifiers. Prints one row per fixture and a closing line
      "N passed, M failed, K skipped". Exit status 0 only when nothing failed.
      Trust anchors come from the nearest ancestor folder holding roots/*.pem, CRLs from
      its crls/ folder (DER, *.crl or *.der). A folder with *.jwt MDS3 BLOBs and a *.crt
      root is an MDS fixture set: one row per BLOB (and per rollback pair), judged by the
      built-in expectations for the public FIDO MDS3 sets; unknown BLOBs are skipped. CODE
      "relaxed:<check>" marks a valid fixture that passed only with a rule relaxed that its
      source never checked. --skip-missing ignores folders that do not exist (with a
      notice) instead of failing.
  inspect <file|->
      Decode a registration or authentication response JSON (or a fixture file) for humans:
      client data, flags, counter, AAGUID, COSE key, attestation statement, certificates.

Options:
  -h, --help   Show this help.
`;

const textDecoder = new TextDecoder('utf-8', { fatal: false });

async function conformanceCommand(args: readonly string[], env: CLIEnvironment): Promise<number> {
  let json = false;
  let skipMissing = false;
  let filter: string | undefined;
  const dirs: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '--json') json = true;
    else if (a === '--skip-missing') skipMissing = true;
    else if (a === '--filter') {
      const v = args[++i];
      if (v === undefined) {
        env.stderr('tessera conformance: --filter needs a value\n');
        return 2;
      }
      filter = v;
    } else if (a.startsWith('--filter=')) filter = a.slice('--filter='.length);
    else if (a === '-h' || a === '--help') {
      env.stdout(USAGE);
      return 0;
    } else if (a.startsWith('-')) {
      env.stderr(`tessera conformance: unknown option ${a}\n`);
      return 2;
    } else dirs.push(a);
  }
  if (dirs.length === 0) {
    env.stderr('tessera conformance: give at least one folder\n');
    return 2;
  }
  let resolved = dirs.map(env.resolvePath);
  if (skipMissing) {
    const present: string[] = [];
    for (const [i, dir] of resolved.entries()) {
      try {
        await env.listDir(dir);
        present.push(dir);
      } catch {
        env.stderr(`tessera conformance: ${dirs[i]} not found, skipped (--skip-missing)\n`);
      }
    }
    resolved = present;
  }
  let rows: Awaited<ReturnType<typeof runConformance>>;
  try {
    rows = await runConformance({
      dirs: resolved,
      readFile: env.readFile,
      listDir: env.listDir,
      verifiers: env.verifiers,
      ...(filter === undefined ? {} : { filter }),
    });
  } catch (err) {
    env.stderr(`tessera conformance: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
  const summary = summarize(rows);
  if (json) {
    env.stdout(`${JSON.stringify({ summary, rows }, null, 2)}\n`);
  } else {
    if (rows.length > 0) env.stdout(`${formatTable(rows)}\n\n`);
    env.stdout(`${formatSummary(summary)}\n`);
  }
  return exitCodeFor(summary);
}

async function inspectCommand(args: readonly string[], env: CLIEnvironment): Promise<number> {
  if (args.length === 1 && (args[0] === '-h' || args[0] === '--help')) {
    env.stdout(USAGE);
    return 0;
  }
  if (args.length !== 1) {
    env.stderr('tessera inspect: give exactly one file, or - for stdin\n');
    return 2;
  }
  const source = args[0] as string;
  let text: string;
  try {
    text = textDecoder.decode(source === '-' ? await env.readStdin() : await env.readFile(env.resolvePath(source)));
  } catch (err) {
    env.stderr(`tessera inspect: cannot read ${source}: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    env.stderr(`tessera inspect: ${source} is not JSON: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
  env.stdout(`${inspectResponse(value).join('\n')}\n`);
  return 0;
}

/**
 * Runs the CLI with `argv` (without the node and script paths) and returns the exit code.
 *
 * @example
 * ```ts
 * process.exitCode = await runCLI(process.argv.slice(2), nodeEnvironment);
 * ```
 */
export async function runCLI(argv: readonly string[], env: CLIEnvironment): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'conformance':
      return conformanceCommand(rest, env);
    case 'inspect':
      return inspectCommand(rest, env);
    case '-h':
    case '--help':
    case 'help':
      env.stdout(USAGE);
      return 0;
    case undefined:
      env.stderr(USAGE);
      return 2;
    default:
      env.stderr(`tessera: unknown command ${JSON.stringify(command)}\n\n${USAGE}`);
      return 2;
  }
}
