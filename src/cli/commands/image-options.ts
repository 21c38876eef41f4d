/**
 * Flags shared by the `deckhand image` commands: connection and credentials, output (--json, --quiet),
 * and how a run of images is printed and turned into an exit code (0 ok, 2 an image failed).
 */
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import type { ConnectionDefaults } from '../../../modules/image/auth.js';
import { moduleResult } from '../../../modules/image/result.js';
import type { RunCopiesOptions } from '../../../modules/image/run-copies.js';
import type { AuthArg, ImageEntry, Policy } from '../../../modules/image/types.js';
import { registerSecret } from '../../redact.js';
import { closeAllClients } from '../../registry/index.js';
import type { CliIo } from '../io.js';
import { CopyProgress } from '../progress.js';

/** Connection flags as commander parses them. */
export interface ConnectionFlags {
  creds?: { username: string; password: string };
  authfile?: string;
  skipTlsVerify?: boolean;
  caFile?: string;
  plainHttp?: boolean;
}

/** Output flags. */
export interface OutputFlags {
  json?: boolean;
  quiet?: boolean;
}

/** parseCreds parses `USER:PASS` and registers the password as a secret at once. */
export function parseCreds(value: string): { username: string; password: string } {
  const colon = value.indexOf(':');
  if (colon <= 0) {
    registerSecret(value);
    throw new InvalidArgumentError('expected USER:PASSWORD.');
  }
  const password = value.slice(colon + 1);
  registerSecret(password);
  return { username: value.slice(0, colon), password };
}

/** parseCount accepts a whole number from 1 to 64. */
export function parseCount(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < 1 || n > 64)
    throw new InvalidArgumentError('must be a whole number from 1 to 64.');
  return n;
}

/** parsePolicy accepts strict or warn. */
export function parsePolicy(value: string): Policy {
  if (value !== 'strict' && value !== 'warn') throw new InvalidArgumentError('must be "strict" or "warn".');
  return value;
}

/** connectionOptions adds --creds, --authfile, --skip-tls-verify, --ca-file and --plain-http. */
export function connectionOptions(
  cmd: Command,
  credsHelp = 'credentials for the registries this command names',
): Command {
  return cmd
    .option('--creds <user:password>', `${credsHelp} (never printed)`, parseCreds)
    .option(
      '--authfile <file>',
      'a docker config.json to read credentials from (default ~/.docker/config.json)',
    )
    .option('--skip-tls-verify', 'do not verify registry certificates')
    .option('--ca-file <file>', 'a PEM CA bundle to trust')
    .option('--plain-http', 'speak plain HTTP to the registries');
}

/** outputOptions adds --json and --quiet. */
export function outputOptions(cmd: Command): Command {
  return cmd
    .option('--json', 'print a machine-readable JSON result on stdout')
    .option('-q, --quiet', 'print nothing but errors');
}

/** Connection settings built from the flags; `cleanup` removes the temporary --authfile directory. */
export interface Connection {
  defaults: ConnectionDefaults;
  /** Auth entries for `registries` when --creds was given. */
  auths(registries: readonly string[]): AuthArg[];
  cleanup(): void;
}

/** connection turns the flags into defaults and per-registry auth entries. */
export function connection(flags: ConnectionFlags, cwd: string): Connection {
  const defaults: ConnectionDefaults = {};
  if (flags.skipTlsVerify) defaults.skipTlsVerify = true;
  if (flags.plainHttp) defaults.plainHttp = true;
  if (flags.caFile) defaults.caFile = resolve(cwd, flags.caFile);
  let temp: string | undefined;
  if (flags.authfile) {
    const file = resolve(cwd, flags.authfile);
    if (basename(file) === 'config.json') defaults.dockerConfigDir = dirname(file);
    else {
      // The registry client reads DIR/config.json; point a private directory's config.json at the file.
      temp = mkdtempSync(join(tmpdir(), 'deckhand-authfile-'));
      symlinkSync(file, join(temp, 'config.json'));
      defaults.dockerConfigDir = temp;
    }
  }
  return {
    defaults,
    auths: (registries) =>
      flags.creds ? [...new Set(registries)].map((registry) => ({ registry, ...flags.creds })) : [],
    cleanup: () => {
      if (temp) rmSync(temp, { recursive: true, force: true });
    },
  };
}

/** progressFor makes the progress renderer of a run (none with --json or --quiet). */
export function progressFor(
  io: CliIo,
  total: number,
  flags: OutputFlags,
  verb: string,
): CopyProgress | undefined {
  return flags.json || flags.quiet ? undefined : new CopyProgress(io, total, { verb });
}

/** report prints the images' summary (or JSON) and sets the exit code: 2 when any image failed. */
export function report(
  io: CliIo,
  images: ImageEntry[],
  flags: OutputFlags & { check?: boolean },
  progress?: CopyProgress,
): void {
  progress?.finish();
  const result = moduleResult(images, 'strict', Boolean(flags.check));
  if (flags.json) io.out(`${JSON.stringify(result.data, null, 2)}\n`);
  else if (!flags.quiet) {
    if (flags.check)
      for (const i of images) io.out(`${i.status.padEnd(10)} ${i.source} -> ${i.destination}\n`);
    io.out(`${result.msg}\n`);
  } else if (result.failed) io.err(`${result.msg}\n`);
  io.exitCode = images.some((i) => i.status === 'failed') ? 2 : 0;
}

/** The options every image transfer of the CLI shares: connection defaults, --check, Ctrl-C, progress. */
export type SharedRunOptions = Pick<RunCopiesOptions, 'defaults' | 'check' | 'signal' | 'onEvent'>;

/**
 * transfer runs one CLI image transfer: progress for `total` images, `run` with the shared options,
 * the report and exit code, then the connection's cleanup and closing of every registry client.
 */
export async function transfer(
  io: CliIo,
  flags: OutputFlags & { check?: boolean },
  conn: Connection,
  total: number,
  verb: string,
  run: (shared: SharedRunOptions) => Promise<ImageEntry[]>,
): Promise<void> {
  const progress = progressFor(io, total, flags, verb);
  try {
    const images = await run({
      defaults: conn.defaults,
      check: flags.check,
      signal: io.signal,
      onEvent: progress?.onEvent,
    });
    report(io, images, flags, progress);
  } finally {
    conn.cleanup();
    await closeAllClients();
  }
}
