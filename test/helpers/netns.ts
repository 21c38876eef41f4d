/**
 * Network namespaces as separate SSH hosts (root only, iproute2): `dh-<pid>-<k>` namespaces, each joined
 * to the root namespace by a veth pair on its own link-local /30 inside 169.254.213.0/24 (root side
 * `.4k+1`, namespace side `.4k+2`), so every packet stays on this machine. `startNetnsSshd` runs an
 * OpenSSH server inside one, in its own UTS namespace so that its hostname is the namespace's name.
 * Cleanup is idempotent and also runs on exit, SIGINT and SIGTERM.
 */
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { TestContext } from 'node:test';
import { emergency, installHandlers } from './emergency.js';
import { requireTool } from './require-tool.js';

const run = promisify(execFile);

/** NetnsHost is one namespace and the addresses of its veth pair. */
export interface NetnsHost {
  /** Namespace name, also the hostname its sshd reports: `dh-<pid>-<k>`. */
  name: string;
  /** The namespace's own address (where its sshd listens). */
  address: string;
  /** The root namespace's end of the link. */
  gateway: string;
}

/** NetnsLab is a set of namespaces; `cleanup()` deletes them and their veths (idempotent). */
export interface NetnsLab {
  hosts: NetnsHost[];
  cleanup(): Promise<void>;
}

/** NetnsUnavailableError: namespaces cannot be made here; `permission` tells a privilege problem apart. */
export class NetnsUnavailableError extends Error {
  readonly code = 'E_NETNS_UNAVAILABLE';
  constructor(
    message: string,
    readonly permission: boolean,
  ) {
    super(message);
  }
}

function quiet(f: () => unknown): void {
  try {
    f();
  } catch {
    // already gone
  }
}

/** Kills every process in the namespace (sshd and its sessions) and deletes it; the veth goes with it. */
function destroySync(ns: string, veth: string): void {
  let pids = '';
  quiet(() => (pids = execFileSync('ip', ['netns', 'pids', ns], { encoding: 'utf8' })));
  for (const p of pids.split(/\s+/).filter(Boolean)) quiet(() => process.kill(Number(p), 'SIGKILL'));
  quiet(() => execFileSync('ip', ['link', 'del', veth], { stdio: 'ignore' }));
  quiet(() => execFileSync('ip', ['netns', 'del', ns], { stdio: 'ignore' }));
}

// Another run on this machine may hold a block already: take the first /28 of 169.254.213.0/24 that
// no route uses (one /28 holds four /30 links).
async function freeBlock(): Promise<number> {
  const { stdout } = await run('ip', ['-4', '-o', 'route', 'show']);
  for (let base = 0; base < 256; base += 16) {
    const taken = [...stdout.matchAll(/169\.254\.213\.(\d+)/g)].some(
      (m) => Number(m[1]) >= base && Number(m[1]) < base + 16,
    );
    if (!taken) return base;
  }
  throw new NetnsUnavailableError('no free /28 left in 169.254.213.0/24', false);
}

const isPermission = (s: string) => /permission|not permitted|EPERM|EACCES/i.test(s);

// Only `ip netns add` tells "not allowed here" (permissionCounts); a later step failing is a real fault.
async function ip(args: string[], permissionCounts = false): Promise<void> {
  try {
    await run('ip', args);
  } catch (e) {
    const msg = String((e as { stderr?: string }).stderr || (e as Error).message).trim();
    throw new NetnsUnavailableError(`ip ${args.join(' ')}: ${msg}`, permissionCounts && isPermission(msg));
  }
}

/** createNetnsLab creates `count` (≤ 4) namespaces with their links up; throws NetnsUnavailableError. */
export async function createNetnsLab(count: number): Promise<NetnsLab> {
  if (count < 1 || count > 4) throw new RangeError('count must be 1..4');
  const made: { ns: string; veth: string }[] = [];
  const hosts: NetnsHost[] = [];
  let done = false;
  const cleanupSync = () => {
    if (done) return;
    done = true;
    for (const m of made) destroySync(m.ns, m.veth);
  };
  installHandlers();
  emergency.add(cleanupSync);
  const cleanup = async () => {
    emergency.delete(cleanupSync);
    cleanupSync();
  };
  try {
    const base = await freeBlock();
    for (let k = 1; k <= count; k++) {
      const ns = `dh-${process.pid}-${k}`;
      const veth = `dh${process.pid}h${k}`; // IFNAMSIZ: at most 15 characters
      const peer = `dh${process.pid}n${k}`;
      const net = base + 4 * (k - 1);
      const gateway = `169.254.213.${net + 1}`;
      const address = `169.254.213.${net + 2}`;
      await ip(['netns', 'add', ns], true);
      made.push({ ns, veth });
      const steps: string[][] = [
        ['link', 'add', veth, 'type', 'veth', 'peer', 'name', peer],
        ['link', 'set', peer, 'netns', ns],
        ['addr', 'add', `${gateway}/30`, 'dev', veth],
        ['link', 'set', veth, 'up'],
        ['-n', ns, 'addr', 'add', `${address}/30`, 'dev', peer],
        ['-n', ns, 'link', 'set', peer, 'up'],
        ['-n', ns, 'link', 'set', 'lo', 'up'],
      ];
      for (const args of steps) await ip(args);
      hosts.push({ name: ns, address, gateway });
    }
  } catch (e) {
    await cleanup();
    throw e;
  }
  return { hosts, cleanup };
}

/**
 * netnsLabFor returns a lab of `count` namespaces (deleted after the test), or undefined after skipping
 * the test when namespaces cannot be made. Under CI=true only `ip netns add` failing for want of
 * permission skips (printed); any other failure fails the test.
 */
export async function netnsLabFor(t: TestContext, count: number): Promise<NetnsLab | undefined> {
  if (!requireTool(t, 'ip', 'iproute2')) return undefined;
  try {
    const lab = await createNetnsLab(count);
    t.after(() => lab.cleanup());
    return lab;
  } catch (e) {
    if (!(e instanceof NetnsUnavailableError)) throw e;
    if (process.env.CI === 'true' && !e.permission) throw e;
    // Printed, not just skipped: under CI a skip here must be visible in the log.
    console.error(`network namespaces unavailable (needs root): ${e.message}`);
    t.skip(`network namespaces unavailable (needs root): ${e.message}`);
    return undefined;
  }
}

/** NetnsSshKeys: one user key for every host and a known_hosts file that lists each host's key. */
export interface NetnsSshKeys {
  dir: string;
  userKey: string;
  knownHosts: string;
  remove(): Promise<void>;
}

async function keygen(path: string, comment: string): Promise<void> {
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', path]);
}

/** makeNetnsSshKeys generates a user key and one host key per host (`host_key_<name>`), plus known_hosts. */
export async function makeNetnsSshKeys(hosts: readonly NetnsHost[]): Promise<NetnsSshKeys> {
  const dir = await mkdtemp(join(tmpdir(), 'deckhand-netns-'));
  const removeSync = () => rmSync(dir, { recursive: true, force: true });
  installHandlers();
  emergency.add(removeSync);
  await chmod(dir, 0o755);
  await keygen(join(dir, 'user_key'), 'user');
  await writeFile(join(dir, 'authorized_keys'), await readFile(join(dir, 'user_key.pub')));
  const lines: string[] = [];
  for (const h of hosts) {
    await keygen(join(dir, `host_key_${h.name}`), h.name);
    const pub = (await readFile(join(dir, `host_key_${h.name}.pub`), 'utf8')).split(' ').slice(0, 2);
    lines.push(`${h.address} ${pub.join(' ')}`);
  }
  const knownHosts = join(dir, 'known_hosts');
  await writeFile(knownHosts, `${lines.join('\n')}\n`);
  return {
    dir,
    userKey: join(dir, 'user_key'),
    knownHosts,
    remove: async () => {
      emergency.delete(removeSync);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** NetnsSshd is an sshd running inside one namespace on port 22 of the namespace's address. */
export interface NetnsSshd {
  host: NetnsHost;
  port: number;
  log(): string;
  stop(): Promise<void>;
}

/** startNetnsSshd starts root-login sshd in `host`'s namespace (own hostname) and waits until it listens. */
export async function startNetnsSshd(
  host: NetnsHost,
  keys: NetnsSshKeys,
  sshdPath = '/usr/sbin/sshd',
): Promise<NetnsSshd> {
  await mkdir('/run/sshd', { recursive: true, mode: 0o755 });
  const config = join(keys.dir, `sshd_config_${host.name}`);
  await writeFile(
    config,
    [
      'Port 22',
      `ListenAddress ${host.address}`,
      `HostKey ${join(keys.dir, `host_key_${host.name}`)}`,
      `PidFile ${join(keys.dir, `sshd_${host.name}.pid`)}`,
      `AuthorizedKeysFile ${join(keys.dir, 'authorized_keys')}`,
      'StrictModes no',
      'UsePAM no',
      'PermitRootLogin prohibit-password',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'LogLevel VERBOSE',
      'MaxSessions 64',
      'MaxStartups 64',
      'Subsystem sftp internal-sftp',
      '',
    ].join('\n'),
  );
  // unshare execs (no fork), so the child's pid is sshd's; its sessions inherit the hostname.
  const child: ChildProcess = spawn(
    'ip',
    [
      'netns',
      'exec',
      host.name,
      'unshare',
      '--uts',
      'sh',
      '-c',
      'hostname "$0" && exec "$@"',
      host.name,
    ].concat([sshdPath, '-D', '-e', '-f', config]),
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  child.stderr?.setEncoding('utf8').on('data', (s: string) => (log += s));
  const exited = new Promise<void>((res) => child.once('exit', () => res()));
  const kill = () => child.kill('SIGKILL');
  emergency.add(kill);
  const listening = new RegExp(`Server listening on ${host.address.replace(/\./g, '\\.')} port 22`);
  const deadline = Date.now() + 5000;
  while (!listening.test(log)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      kill();
      emergency.delete(kill);
      throw new Error(`sshd in ${host.name} did not start: ${log}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    host,
    port: 22,
    log: () => log,
    async stop() {
      emergency.delete(kill);
      // The sessions are sshd's children in the same namespace; the lab's cleanup kills any left over.
      child.kill('SIGTERM');
      await exited;
    },
  };
}
