/**
 * The SSH connector, on the system OpenSSH client: one ControlMaster connection per host, every command
 * a multiplexed session over it. OpenSSH rather than the ssh2 package because it is what users already
 * configure: ~/.ssh/config aliases, ProxyJump, agents, certificates and known_hosts all behave as in
 * their shell, and it is the client Ansible uses. Passwords go through SSH_ASKPASS (never argv).
 */
import { spawn } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeckhandError } from '../errors.js';
import type { Connector, ExecRequest, ExecResult, FileStat } from '../module.js';
import { redact, registerSecret } from '../redact.js';
import { connectionSettings, type SshSettings } from './connection-settings.js';
import { clientArgs } from './ssh-args.js';
import { unreachableError, diagnosticLines } from './ssh-errors.js';
import { sshMissing, startMaster, type SshMaster } from './ssh-master.js';
import {
  BECOME_MARK,
  ENOENT_MARK,
  commandScript,
  parseStat,
  readScript,
  remoteCommand,
  statScript,
  writeScript,
  type Become,
} from './ssh-remote-script.js';

/** SshConnectOptions: run-wide SSH choices (CLI flags), not host variables. */
export interface SshConnectOptions {
  /** Accept and record unknown host keys (`--ssh-accept-new-host-keys`); changed keys still fail. */
  acceptNewHostKeys?: boolean;
  /** known_hosts file instead of ~/.ssh/known_hosts. */
  knownHostsFile?: string;
  /** ssh_config file instead of ~/.ssh/config. */
  configFile?: string;
  /** The ssh executable (default `ssh` on PATH). */
  sshPath?: string;
  /** Sessions at once over the connection (default 8; sshd's MaxSessions defaults to 10). */
  maxSessions?: number;
}

// Only password prompts are answered; a host key or passphrase question gets "no".
const ASKPASS = `#!/bin/sh\ncase "$1" in *assword*) printf '%s\\n' "$DECKHAND_SSH_PASSWORD" ;; *) exit 1 ;; esac\n`;

/**
 * sshConnector connects to `host` once (a ControlMaster) and returns a Connector that reuses that
 * connection for every call until close(). Rejects with E_UNREACHABLE (an SshUnreachableError whose
 * `reason` says why: host key, auth, refused, timeout, …) when the host cannot be reached.
 */
export async function sshConnector(
  host: string,
  settings: SshSettings,
  opts: SshConnectOptions = {},
): Promise<Connector> {
  // Callers that build settings themselves (not through connectionSettings) get masking too.
  registerSecret(settings.password);
  registerSecret(settings.becomePassword);
  let dir = await mkdtemp(join(tmpdir(), 'dh-ssh-'));
  if (join(dir, 'cm').length > 100) {
    // Unix socket paths are limited to ~108 bytes; a long TMPDIR would break ControlPath.
    await rm(dir, { recursive: true, force: true });
    dir = await mkdtemp('/tmp/dh-ssh-');
  }
  try {
    await chmod(dir, 0o700);
    let askpass: string | undefined;
    if (settings.password !== undefined) {
      askpass = join(dir, 'askpass');
      await writeFile(askpass, ASKPASS, { mode: 0o700 });
    }
    let keyFile: string | undefined;
    if (settings.privateKeyContent) {
      keyFile = join(dir, 'key');
      const text = settings.privateKeyContent.endsWith('\n')
        ? settings.privateKeyContent
        : `${settings.privateKeyContent}\n`;
      await writeFile(keyFile, text, { mode: 0o600 });
    }
    const master = await startMaster(host, settings, {
      ...opts,
      controlPath: join(dir, 'cm'),
      keyFile,
      askpass,
      withPassword: settings.password !== undefined,
    });
    return new SshConnection(host, settings, master, dir, opts);
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
}

/** sshConnectorFromVars reads the host's connection variables and connects (the engine's `connect` hook). */
export function sshConnectorFromVars(
  host: string,
  vars: Readonly<Record<string, unknown>>,
  opts: SshConnectOptions = {},
): Promise<Connector> {
  return sshConnector(host, connectionSettings(host, vars).ssh, opts);
}

interface RawResult {
  rc: number;
  stdout: Buffer;
  stderr: string;
}

class SshConnection implements Connector {
  readonly kind = 'ssh' as const;
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  private closed = false;

  constructor(
    readonly host: string,
    private readonly settings: SshSettings,
    private readonly master: SshMaster,
    private readonly dir: string,
    private readonly opts: SshConnectOptions,
  ) {}

  async exec(req: ExecRequest, opts: { signal?: AbortSignal } = {}): Promise<ExecResult> {
    const become = this.becomeFor(req.become, req.becomeUser);
    const stdin = typeof req.stdin === 'string' ? Buffer.from(req.stdin) : req.stdin;
    const r = await this.run(commandScript(req, this.host), stdin, become, opts.signal);
    return { rc: r.rc, stdout: r.stdout.toString('utf8'), stderr: r.stderr };
  }

  async readFile(path: string, opts: { become?: boolean } = {}): Promise<Buffer | null> {
    const r = await this.run(readScript(path), undefined, this.becomeFor(opts.become));
    if (r.rc === 0) return r.stdout;
    if (r.stderr.includes(ENOENT_MARK)) return null;
    throw this.fileError('read', path, r.stderr);
  }

  async writeFile(
    path: string,
    content: Uint8Array,
    opts: { mode?: number; become?: boolean } = {},
  ): Promise<void> {
    const r = await this.run(writeScript(path, opts.mode), content, this.becomeFor(opts.become));
    if (r.rc !== 0) throw this.fileError('write', path, r.stderr);
  }

  async stat(path: string, opts: { become?: boolean } = {}): Promise<FileStat | null> {
    const r = await this.run(statScript(path), undefined, this.becomeFor(opts.become));
    if (r.rc !== 0) throw this.fileError('stat', path, r.stderr);
    return parseStat(r.stdout.toString('utf8'));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.master.stop();
    await rm(this.dir, { recursive: true, force: true });
  }

  private becomeFor(become: boolean | undefined, user?: string): Become | undefined {
    if (!(become ?? this.settings.become)) return undefined;
    return { user: user ?? this.settings.becomeUser ?? 'root', password: this.settings.becomePassword };
  }

  private fileError(op: string, path: string, stderr: string): DeckhandError {
    const why = diagnosticLines(stderr).at(-1) ?? 'failed';
    return new DeckhandError('E_FILE', `cannot ${op} ${path} on ${this.host}: ${why}`, {
      context: { host: this.host, path },
    });
  }

  private async run(script: string, data: Uint8Array | undefined, become?: Become, signal?: AbortSignal) {
    if (this.closed) {
      throw new DeckhandError('E_CONNECTION', `connection to ${this.host} is closed`, {
        context: { host: this.host },
      });
    }
    await this.acquire();
    try {
      if (this.master.exited()) throw this.lost('');
      const { command, stdinPrefix } = remoteCommand(script, become, data !== undefined && data.length > 0);
      const r = await this.spawnClient(command, stdinPrefix, data, signal);
      return become ? this.checkBecome(r) : r;
    } finally {
      this.release();
    }
  }

  private async spawnClient(
    command: string,
    prefix: string | undefined,
    data: Uint8Array | undefined,
    signal?: AbortSignal,
  ): Promise<RawResult> {
    if (signal?.aborted) throw this.cancelled();
    const child = spawn(this.opts.sshPath ?? 'ssh', clientArgs(this.master.controlPath, command), {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (err += s));
    child.stdin.on('error', () => undefined); // the command may not read its stdin
    if (prefix) child.stdin.write(prefix);
    child.stdin.end(data && data.length > 0 ? data : undefined);
    let onAbort = (): void => undefined;
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', (e) => reject(sshMissing(this.host, this.opts.sshPath ?? 'ssh', e)));
      child.once('close', (c) => resolve(c));
      // The client hands its stdio to the master, so 'close' would wait for the remote command: on
      // abort the client's own exit is enough. The remote command itself runs on (there is no tty).
      onAbort = () => {
        child.once('exit', () => resolve(null));
        child.kill('SIGTERM');
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }).finally(() => signal?.removeEventListener('abort', onAbort));
    if (signal?.aborted) {
      child.stdout.destroy();
      child.stderr.destroy();
      throw this.cancelled();
    }
    if (code === 255 || code === null) {
      // 255 is also a legitimate exit status: only a dead master means the connection is gone.
      if (await this.master.waitExit(1000)) throw this.lost(err);
      if (/mux_client|Control socket|session request failed|ControlSocket/.test(err)) {
        throw new DeckhandError('E_CONNECTION', `ssh session to ${this.host} failed: ${redact(err.trim())}`, {
          context: { host: this.host },
        });
      }
    }
    return { rc: code ?? 255, stdout: Buffer.concat(out), stderr: err };
  }

  private cancelled(): DeckhandError {
    return new DeckhandError('E_CANCELLED', `cancelled on ${this.host}`, { context: { host: this.host } });
  }

  private checkBecome(r: RawResult): RawResult {
    const at = r.stderr.indexOf(`${BECOME_MARK}\n`);
    if (at >= 0) return { ...r, stderr: r.stderr.slice(at + BECOME_MARK.length + 1) };
    const text = r.stderr;
    const why = /incorrect password|Sorry, try again/.test(text)
      ? 'incorrect become password (ansible_become_password)'
      : /a password is required|no password was provided/.test(text)
        ? 'sudo needs a password (set ansible_become_password)'
        : /not in the sudoers|not allowed to execute/.test(text)
          ? 'the user may not use sudo'
          : /sudo: (not found|command not found)|sudo: No such file/.test(text)
            ? 'sudo is not installed'
            : (diagnosticLines(text).at(-1) ?? `sudo exited with ${r.rc}`);
    return this.throwBecome(why, text);
  }

  private throwBecome(why: string, stderr: string): never {
    throw new DeckhandError('E_BECOME', `become (sudo) failed on ${this.host}: ${why}`, {
      context: { host: this.host },
      details: diagnosticLines(stderr),
    });
  }

  private lost(clientErr: string): DeckhandError {
    const target = `${this.settings.user ? `${this.settings.user}@` : ''}${this.settings.address}`;
    const text = `${this.master.stderr()}\n${clientErr}`;
    const e = unreachableError(this.host, target, text, 'lost');
    return e.reason === 'other' ? unreachableError(this.host, target, text, 'lost', 'closed') : e;
  }

  private async acquire(): Promise<void> {
    if (this.active < (this.opts.maxSessions ?? 8)) {
      this.active++;
      return;
    }
    await new Promise<void>((r) => this.waiting.push(r));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }
}
