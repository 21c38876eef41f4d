/**
 * startRegistry runs Debian's `docker-registry` (CNCF distribution 2.8) on 127.0.0.1 for one test:
 * a temp storage root, deletes enabled, optional HTTPS (a CA made by openssl) and htpasswd Basic auth
 * (bcrypt, `htpasswd -Bbn`). It waits until GET /v2/ answers and stops the registry after the test.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { TestContext } from 'node:test';
import { Agent, request } from 'undici';
import { freePort } from './ports.js';
import { requireTool } from './require-tool.js';
import { makeCertificates, makeClientCertificate } from './tls.js';

/** A registry running for a test. */
export interface RunningRegistry {
  /** '127.0.0.1:PORT' */
  host: string;
  /** 'http://127.0.0.1:PORT' or 'https://…' */
  url: string;
  tls: boolean;
  caFile?: string;
  /** With `mtls`: a client certificate the registry accepts. */
  clientCertFile?: string;
  clientKeyFile?: string;
  username?: string;
  password?: string;
  dataDir: string;
  stop(): Promise<void>;
}

function configYaml(opts: {
  port: number;
  root: string;
  tls?: { cert: string; key: string; clientCa?: string };
  htpasswd?: string;
}): string {
  const lines = [
    'version: 0.1',
    'log:',
    '  level: warn',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${opts.root}`,
    '  delete:',
    '    enabled: true',
    'http:',
    `  addr: 127.0.0.1:${opts.port}`,
    `  secret: ${randomBytes(16).toString('hex')}`,
  ];
  if (opts.tls) lines.push('  tls:', `    certificate: ${opts.tls.cert}`, `    key: ${opts.tls.key}`);
  if (opts.tls?.clientCa) lines.push('    clientcas:', `      - ${opts.tls.clientCa}`);
  if (opts.htpasswd)
    lines.push('auth:', '  htpasswd:', '    realm: deckhand-test', `    path: ${opts.htpasswd}`);
  return `${lines.join('\n')}\n`;
}

async function waitReady(
  url: string,
  caFile: string | undefined,
  client: { certFile: string; keyFile: string } | undefined,
  child: ChildProcess,
  log: () => string,
): Promise<void> {
  const connect = {
    ...(caFile ? { ca: readFileSync(caFile, 'utf8') } : {}),
    ...(client
      ? { cert: readFileSync(client.certFile, 'utf8'), key: readFileSync(client.keyFile, 'utf8') }
      : {}),
  };
  const dispatcher = new Agent({ connect });
  try {
    for (let i = 0; i < 200; i++) {
      if (child.exitCode !== null) throw new Error(`docker-registry exited with ${child.exitCode}: ${log()}`);
      try {
        const res = await request(`${url}/v2/`, { dispatcher });
        await res.body.dump();
        if (res.statusCode === 200 || res.statusCode === 401) return;
      } catch {
        // Not listening yet.
      }
      await sleep(50);
    }
    throw new Error(`docker-registry did not answer on ${url}: ${log()}`);
  } finally {
    await dispatcher.close();
  }
}

/** startRegistry starts a registry for `t`; undefined when docker-registry (or openssl/htpasswd) is missing. */
export async function startRegistry(
  t: TestContext,
  opts: { tls?: boolean; auth?: boolean; mtls?: boolean } = {},
): Promise<RunningRegistry | undefined> {
  const bin = requireTool(t, 'docker-registry');
  if (!bin) return undefined;
  if ((opts.tls || opts.mtls) && !requireTool(t, 'openssl')) return undefined;
  if (opts.auth && !requireTool(t, 'htpasswd', 'apache2-utils')) return undefined;

  const dir = mkdtempSync(join(tmpdir(), 'deckhand-registry-'));
  const dataDir = join(dir, 'data');
  const port = await freePort();
  let certs: ReturnType<typeof makeCertificates> | undefined;
  let client: ReturnType<typeof makeClientCertificate> | undefined;
  if (opts.tls || opts.mtls) certs = makeCertificates(dir);
  if (certs && opts.mtls) client = makeClientCertificate(dir, certs);
  let username: string | undefined;
  let password: string | undefined;
  let htpasswd: string | undefined;
  if (opts.auth) {
    username = 'deckhand';
    password = `pw-${randomBytes(9).toString('base64url')}`;
    htpasswd = join(dir, 'htpasswd');
    writeFileSync(htpasswd, execFileSync('htpasswd', ['-Bbn', username, password], { encoding: 'utf8' }));
  }
  const config = join(dir, 'config.yml');
  writeFileSync(
    config,
    configYaml({
      port,
      root: dataDir,
      tls: certs && { cert: certs.certFile, key: certs.keyFile, clientCa: client && certs.caFile },
      htpasswd,
    }),
  );
  const child = spawn(bin, ['serve', config], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (b: Buffer): void => {
    output = (output + b.toString('utf8')).slice(-4000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);

  const host = `127.0.0.1:${port}`;
  const tls = !!certs;
  const url = `${tls ? 'https' : 'http'}://${host}`;
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  t.after(stop);
  try {
    await waitReady(url, certs?.caFile, client, child, () => output);
  } catch (e) {
    await stop();
    throw e;
  }
  return {
    host,
    url,
    tls,
    caFile: certs?.caFile,
    clientCertFile: client?.certFile,
    clientKeyFile: client?.keyFile,
    username,
    password,
    dataDir,
    stop,
  };
}
