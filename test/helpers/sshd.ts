/**
 * A real OpenSSH server for tests (Debian openssh-server): started on a free loopback port with its own
 * host key, a user key, a known_hosts file and, when running as root, a dedicated password user
 * `deckhand-t<hex>` with sudo rights (password required). Everything is removed by `stop()`.
 * Root's own password is never touched.
 */
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile, mkdir, chmod } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { TestContext } from 'node:test';
import { freePort } from './ports.js';
import { emergency, installHandlers } from './emergency.js';
import { requireTool } from './require-tool.js';

const run = promisify(execFile);

/** TestSshd is a running sshd and the files a client needs to reach it. */
export interface TestSshd {
  port: number;
  dir: string;
  /** The user that logs in with `userKey` (root when the tests run as root). */
  user: string;
  /** Private key accepted for `user` (and for `passwordUser`). */
  userKey: string;
  /** known_hosts listing this server's host key as `[127.0.0.1]:port`. */
  knownHosts: string;
  /** A user that logs in with `password` and may sudo with it (undefined unless root). */
  passwordUser?: string;
  password?: string;
  /** The server's output so far (LogLevel VERBOSE): count `Accepted` lines for handshakes. */
  log(): string;
  /** handshakes counts successful logins so far. */
  handshakes(): number;
  /** killSessions kills every per-connection sshd process (the connections drop; the server stays). */
  killSessions(): Promise<number>;
  /** writeKnownHosts writes a known_hosts file with this server's key, or another key to fake a change. */
  writeKnownHosts(path: string, opts?: { otherKey?: boolean }): Promise<void>;
  stop(): Promise<void>;
}

async function keygen(path: string, comment: string): Promise<void> {
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', path]);
}

async function children(pid: number): Promise<number[]> {
  try {
    const { stdout } = await run('pgrep', ['-P', String(pid)]);
    return stdout.split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

async function descendants(pid: number): Promise<number[]> {
  const out: number[] = [];
  for (const c of await children(pid)) out.push(c, ...(await descendants(c)));
  return out;
}

async function createPasswordUser(dir: string): Promise<{ user: string; password: string; sudoers: string }> {
  const user = `deckhand-t${randomBytes(3).toString('hex')}`;
  const password = `pw-${randomBytes(9).toString('base64url')}`;
  await run('useradd', ['-m', '-s', '/bin/sh', user]);
  const p = spawn('chpasswd', { stdio: ['pipe', 'ignore', 'inherit'] });
  p.stdin.end(`${user}:${password}\n`);
  await new Promise((res, rej) => p.on('exit', (c) => (c === 0 ? res(c) : rej(new Error(`chpasswd ${c}`)))));
  const sudoers = `/etc/sudoers.d/${user}`;
  await writeFile(sudoers, `${user} ALL=(ALL) ALL\n`, { mode: 0o440 });
  await writeFile(join(dir, `authorized_keys_${user}`), await readFile(join(dir, 'user_key.pub')));
  return { user, password, sudoers };
}

/** startSshd starts sshd on 127.0.0.1 and waits until it accepts connections. */
export async function startSshd(sshdPath = '/usr/sbin/sshd'): Promise<TestSshd> {
  const dir = await mkdtemp(join(tmpdir(), 'deckhand-sshd-'));
  await chmod(dir, 0o755);
  const port = await freePort();
  const isRoot = process.getuid?.() === 0;
  const user = userInfo().username;
  await keygen(join(dir, 'host_key'), 'host');
  await keygen(join(dir, 'other_host_key'), 'other');
  await keygen(join(dir, 'user_key'), 'user');
  await writeFile(join(dir, `authorized_keys_${user}`), await readFile(join(dir, 'user_key.pub')));
  installHandlers();
  const pw = isRoot ? await createPasswordUser(dir) : undefined;
  if (isRoot) await mkdir('/run/sshd', { recursive: true, mode: 0o755 });
  const config = [
    `Port ${port}`,
    'ListenAddress 127.0.0.1',
    `HostKey ${join(dir, 'host_key')}`,
    `PidFile ${join(dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${join(dir, 'authorized_keys_%u')}`,
    'StrictModes no',
    'UsePAM no',
    'PermitRootLogin yes',
    `PasswordAuthentication ${isRoot ? 'yes' : 'no'}`,
    'KbdInteractiveAuthentication no',
    'LogLevel VERBOSE',
    // ControlMaster multiplexes every task over one connection: allow many sessions and startups.
    'MaxSessions 64',
    'MaxStartups 64',
    'Subsystem sftp internal-sftp',
  ].join('\n');
  await writeFile(join(dir, 'sshd_config'), `${config}\n`);
  let log = '';
  const child: ChildProcess = spawn(sshdPath, ['-D', '-e', '-f', join(dir, 'sshd_config')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr?.setEncoding('utf8').on('data', (s: string) => (log += s));
  const emergencyCleanup = () => {
    child.kill('SIGKILL');
    if (pw) {
      rmSync(pw.sudoers, { force: true });
      execFileSync('userdel', ['-r', '-f', pw.user], { stdio: 'ignore' });
    }
    rmSync(dir, { recursive: true, force: true });
  };
  emergency.add(emergencyCleanup);
  const exited = new Promise<void>((res) => child.once('exit', () => res()));
  const deadline = Date.now() + 5000;
  while (!/Server listening on 127\.0\.0\.1/.test(log)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`sshd did not start: ${log}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  const hostPub = (await readFile(join(dir, 'host_key.pub'), 'utf8')).split(' ').slice(0, 2).join(' ');
  const otherPub = (await readFile(join(dir, 'other_host_key.pub'), 'utf8')).split(' ').slice(0, 2).join(' ');
  const knownHosts = join(dir, 'known_hosts');
  const writeKnownHosts = async (path: string, opts: { otherKey?: boolean } = {}) =>
    writeFile(path, `[127.0.0.1]:${port} ${opts.otherKey ? otherPub : hostPub}\n`);
  await writeKnownHosts(knownHosts);
  return {
    port,
    dir,
    user,
    userKey: join(dir, 'user_key'),
    knownHosts,
    passwordUser: pw?.user,
    password: pw?.password,
    log: () => log,
    handshakes: () => (log.match(/^Accepted (publickey|password|keyboard-interactive)/gm) ?? []).length,
    writeKnownHosts,
    async killSessions() {
      const pids = await descendants(child.pid ?? 0);
      for (const p of pids) {
        try {
          process.kill(p, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      return pids.length;
    },
    async stop() {
      emergency.delete(emergencyCleanup);
      for (const p of await descendants(child.pid ?? 0)) {
        try {
          process.kill(p, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      child.kill('SIGTERM');
      await exited;
      if (pw) {
        await rm(pw.sudoers, { force: true });
        await run('userdel', ['-r', '-f', pw.user]).catch(() => undefined);
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

let shared: Promise<TestSshd> | undefined;

/**
 * sshdFor returns this test file's shared sshd, started on first use, or undefined (test skipped)
 * when OpenSSH is missing. Call stopSharedSshd() in an `after` hook.
 */
export async function sshdFor(t: TestContext): Promise<TestSshd | undefined> {
  const sshd = requireTool(t, 'sshd', 'openssh-server');
  if (!sshd || !requireTool(t, 'ssh', 'openssh-client') || !requireTool(t, 'ssh-keygen', 'openssh-client')) {
    return undefined;
  }
  shared ??= startSshd(sshd);
  return shared;
}

/** stopSharedSshd stops the sshd started by sshdFor, if any. */
export async function stopSharedSshd(): Promise<void> {
  const s = shared;
  shared = undefined;
  if (s) await (await s).stop();
}

/** keySettings: SshSettings (connection-settings.ts shape) that log in to `sshd` with the user key. */
export function keySettings(sshd: TestSshd, extra: Record<string, unknown> = {}) {
  return {
    address: '127.0.0.1',
    port: sshd.port,
    user: sshd.user,
    privateKeyFile: sshd.userKey,
    extraArgs: [] as string[],
    become: false,
    ...extra,
  };
}
