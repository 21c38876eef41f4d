/**
 * A Debian `docker-registry` (CNCF distribution 2.8) for the benchmark: plain HTTP, or HTTPS with a
 * CA made by openssl plus htpasswd (bcrypt) auth. Its access log (combined format, on stdout) is
 * kept so each phase can count requests and blob bytes from the server's side, for any client.
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Agent, request } from 'undici';
import { freePort } from '../../test/helpers/ports.js';
import { makeCertificates } from '../../test/helpers/tls.js';

/** A running benchmark registry. */
export interface BenchRegistry {
  /** `127.0.0.1:PORT` */
  host: string;
  url: string;
  tls: boolean;
  caFile?: string;
  username?: string;
  password?: string;
  /** Access-log lines so far (the array grows while the registry runs). */
  log: string[];
  stop(): Promise<void>;
}

function config(port: number, root: string, tls?: { cert: string; key: string }, htpasswd?: string): string {
  const lines = [
    'version: 0.1',
    'log:',
    '  level: error',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${root}`,
    '  delete:',
    '    enabled: true',
    'http:',
    `  addr: 127.0.0.1:${port}`,
    `  secret: ${randomBytes(16).toString('hex')}`,
  ];
  if (tls) lines.push('  tls:', `    certificate: ${tls.cert}`, `    key: ${tls.key}`);
  if (htpasswd) lines.push('auth:', '  htpasswd:', '    realm: deckhand-bench', `    path: ${htpasswd}`);
  return `${lines.join('\n')}\n`;
}

/** startBenchRegistry starts a registry under `dir` (created); `secure` adds TLS and htpasswd auth. */
export async function startBenchRegistry(dir: string, secure: boolean): Promise<BenchRegistry> {
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const certs = secure ? makeCertificates(dir) : undefined;
  let username: string | undefined;
  let password: string | undefined;
  let htpasswd: string | undefined;
  if (secure) {
    username = 'bench';
    password = `pw-${randomBytes(9).toString('base64url')}`;
    htpasswd = join(dir, 'htpasswd');
    writeFileSync(htpasswd, execFileSync('htpasswd', ['-Bbn', username, password], { encoding: 'utf8' }));
  }
  const file = join(dir, 'config.yml');
  writeFileSync(
    file,
    config(port, join(dir, 'data'), certs && { cert: certs.certFile, key: certs.keyFile }, htpasswd),
  );
  const child = spawn('/usr/bin/docker-registry', ['serve', file], { stdio: ['ignore', 'pipe', 'pipe'] });
  const log: string[] = [];
  let partial = '';
  child.stdout.on('data', (b: Buffer) => {
    const text = partial + b.toString('utf8');
    const lines = text.split('\n');
    partial = lines.pop() ?? '';
    log.push(...lines);
  });
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => (stderr = (stderr + b.toString('utf8')).slice(-4000)));
  const host = `127.0.0.1:${port}`;
  const url = `${secure ? 'https' : 'http'}://${host}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  };
  const dispatcher = new Agent(certs ? { connect: { ca: readFileSync(certs.caFile, 'utf8') } } : {});
  try {
    for (let i = 0; ; i++) {
      if (child.exitCode !== null) throw new Error(`docker-registry exited: ${stderr}`);
      try {
        const res = await request(`${url}/v2/`, { dispatcher });
        await res.body.dump();
        if (res.statusCode === 200 || res.statusCode === 401) break;
      } catch {
        if (i > 200) throw new Error(`docker-registry did not answer on ${url}: ${stderr}`);
      }
      await sleep(50);
    }
  } finally {
    await dispatcher.close();
  }
  return { host, url, tls: secure, caFile: certs?.caFile, username, password, log, stop };
}
