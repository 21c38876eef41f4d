/** Runs the built CLI (`node dist/src/cli/main.js`) as a child process on files written to a temp dir. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

/** MAIN is the compiled bin, found relative to this compiled file (dist/test/e2e/cli → dist/src/cli). */
export const MAIN = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'src', 'cli', 'main.js');
/** REPO is the package root (for playbooks/). */
export const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');

/** CliRun is the outcome of one CLI invocation. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout and stderr together, for "the message names the place" checks. */
  all: string;
}

/** deckhand runs the CLI with `args` in `cwd`, no colour, and returns exit code and output. */
export async function deckhand(
  args: string[],
  opts: { cwd?: string; env?: Record<string, string> } = {},
): Promise<CliRun> {
  const r = await execa(process.execPath, [MAIN, ...args], {
    cwd: opts.cwd,
    reject: false,
    env: { NO_COLOR: '1', ...opts.env },
    timeout: 60_000,
  });
  const stdout = String(r.stdout);
  const stderr = String(r.stderr);
  return { code: r.exitCode ?? -1, stdout, stderr, all: `${stdout}\n${stderr}` };
}

/** workspace writes `files` (path → content) into a fresh temp dir and returns it with a cleanup. */
export async function workspace(
  files: Record<string, string>,
): Promise<{ dir: string; cleanup(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'deckhand-e2e-'));
  for (const [name, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), content);
  }
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** STACK matches a JavaScript stack frame line: user errors must never print one. */
export const STACK = /^\s+at .+(:\d+:\d+\)?|\(node:.+\))$/m;
