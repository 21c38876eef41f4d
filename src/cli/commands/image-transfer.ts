/**
 * Running an image transfer from the command line: the connection built from the flags, progress, the
 * printed report and its exit code (0 ok, 2 an image failed), and cleanup. Loaded only by the actions
 * of pull, push, copy and inspect, never by the subcommands' definitions (it pulls in the registry).
 */
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import type { ConnectionDefaults } from '../../../modules/image/auth.js';
import { moduleResult } from '../../../modules/image/result.js';
import type { RunCopiesOptions } from '../../../modules/image/run-copies.js';
import type { AuthArg, ImageEntry } from '../../../modules/image/types.js';
import { closeAllClients } from '../../registry/index.js';
import type { CliIo } from '../io.js';
import { CopyProgress } from '../progress.js';
import type { ConnectionFlags, OutputFlags } from './image-flags.js';

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
    io.out(`${summary(images, result.msg ?? '', progress)}\n`);
  } else if (result.failed) io.err(`${result.msg}\n`);
  io.exitCode = images.some((i) => i.status === 'failed') ? 2 : 0;
}

/** summary names the failed images only when progress has already printed each one's error. */
function summary(images: ImageEntry[], msg: string, progress?: CopyProgress): string {
  const failed = images.filter((i) => i.status === 'failed');
  if (!progress || failed.length === 0) return msg;
  const n = `${images.length} image${images.length === 1 ? '' : 's'}`;
  return `${failed.length} of ${n} failed (errors above): ${failed.map((i) => i.source).join(', ')}`;
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
