/** The CLI's view of the process: where output goes, whether it is a terminal, and the exit code. */
import { redact } from '../redact.js';

/** CliIo is what commands print through; every string passes redact() on its way out. */
export interface CliIo {
  /** Writes to stdout (the caller adds newlines). */
  out(text: string): void;
  /** Writes to stderr (the caller adds newlines). */
  err(text: string): void;
  /** stdout is a terminal: progress may redraw a status line. */
  readonly tty: boolean;
  /** ANSI colours wanted (a terminal and no NO_COLOR). */
  readonly color: boolean;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Aborted on Ctrl-C. */
  readonly signal: AbortSignal;
  /** Set by a command: 0 ok, 1 usage/validation error, 2 some host failed. */
  exitCode: number;
}

/** wantColor: colour on a terminal unless NO_COLOR is set (no-color.org); FORCE_COLOR turns it on anywhere. */
export function wantColor(env: Readonly<Record<string, string | undefined>>, tty: boolean): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  const force = env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== '';
  return tty || force;
}

/** processIo builds a CliIo on the real stdout/stderr. */
export function processIo(signal: AbortSignal): CliIo {
  const tty = Boolean(process.stdout.isTTY);
  const env = process.env;
  return {
    out: (t) => void process.stdout.write(redact(t)),
    err: (t) => void process.stderr.write(redact(t)),
    tty,
    color: wantColor(env, tty),
    cwd: process.cwd(),
    env,
    signal,
    exitCode: 0,
  };
}
