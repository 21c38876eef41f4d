/**
 * The one SSH connection of a host: an OpenSSH ControlMaster run in the foreground as our child, so we
 * see at once when it dies, and kill it on close (and when the process exits). Ready when its control
 * socket appears, which OpenSSH creates only after authentication.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { DeckhandError } from '../errors.js';
import { masterArgs, type MasterOptions } from './ssh-args.js';
import type { SshSettings } from './connection-settings.js';
import { unreachableError, type SshFailure } from './ssh-errors.js';

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // A master outlives us otherwise (it does not read stdin); 'exit' handlers must be synchronous.
  process.once('exit', () => {
    for (const c of live) c.kill('SIGTERM');
  });
}

/** SshMaster is a connected ControlMaster. */
export interface SshMaster {
  readonly controlPath: string;
  /** Whether the master process has exited (the connection is gone). */
  exited(): boolean;
  /** Resolves when the master exits; `waitExit(ms)` resolves true if it exited within `ms`. */
  waitExit(ms: number): Promise<boolean>;
  /** Everything the master wrote to stderr (bounded). */
  stderr(): string;
  stop(): Promise<void>;
}

/** startMaster connects to the host; rejects with E_UNREACHABLE (SshUnreachableError) on failure. */
export async function startMaster(
  host: string,
  settings: SshSettings,
  opts: MasterOptions & { askpass?: string; sshPath?: string },
): Promise<SshMaster> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (opts.askpass && settings.password !== undefined) {
    // The password reaches ssh through its askpass helper and this variable, never argv or a file.
    Object.assign(env, {
      SSH_ASKPASS: opts.askpass,
      SSH_ASKPASS_REQUIRE: 'force',
      DECKHAND_SSH_PASSWORD: settings.password,
    });
  }
  const child = spawn(opts.sshPath ?? 'ssh', masterArgs(settings, opts), {
    stdio: ['ignore', 'ignore', 'pipe'],
    env,
  });
  installExitHook();
  live.add(child);
  let err = '';
  child.stderr?.setEncoding('utf8').on('data', (s: string) => {
    err = (err + s).slice(-16384);
  });
  let spawnError: Error | undefined;
  const exit = new Promise<void>((resolve) => {
    child.once('error', (e) => {
      spawnError = e;
      resolve();
    });
    child.once('close', () => resolve());
  });
  void exit.then(() => live.delete(child));
  const target = `${settings.user ? `${settings.user}@` : ''}${settings.address}${settings.port ? `:${settings.port}` : ''}`;
  const fail = (forced?: SshFailure): DeckhandError => {
    if (spawnError) return sshMissing(host, opts.sshPath ?? 'ssh', spawnError);
    return unreachableError(host, target, err, 'connect', forced);
  };
  const limitMs = ((settings.timeoutSeconds ?? 10) * 2 + 5) * 1000;
  const started = Date.now();
  let exited = false;
  void exit.then(() => (exited = true));
  for (;;) {
    if (exited) throw fail();
    if (await socketExists(opts.controlPath)) break;
    if (Date.now() - started > limitMs) {
      child.kill('SIGKILL');
      await exit;
      throw fail('timeout');
    }
    await Promise.race([exit, delay(10)]);
  }
  return {
    controlPath: opts.controlPath,
    exited: () => exited,
    waitExit: (ms) => Promise.race([exit.then(() => true), delay(ms).then(() => exited)]),
    stderr: () => err,
    async stop() {
      if (!exited) child.kill('SIGTERM');
      await exit;
    },
  };
}

/** sshMissing: the OpenSSH client itself could not be started (not a property of the host). */
export function sshMissing(host: string, sshPath: string, cause: Error): DeckhandError {
  return new DeckhandError(
    'E_CONNECTION',
    `cannot run ${sshPath} for ${host}: ${cause.message} (install openssh-client)`,
    {
      cause,
      context: { host },
    },
  );
}

async function socketExists(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isSocket();
  } catch {
    return false;
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms).unref());
}
