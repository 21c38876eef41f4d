/**
 * playbooks/cluster-install end to end: the built CLI runs the multi-role example against a
 * `deckhand registry serve` it starts on a free loopback port; a second run changes nothing.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import type { RunReport } from '../../../src/engine/run-playbook.js';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
const CLI = join(REPO, 'dist', 'src', 'cli', 'main.js');
const TREE = join(REPO, 'playbooks', 'cluster-install');

function serve(dir: string): Promise<{ child: ChildProcess; host: string }> {
  const child = spawn(
    process.execPath,
    [CLI, 'registry', 'serve', '--images-dir', dir, '--listen', '127.0.0.1:0'],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`registry exited (${code})`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const m = /^listening on http:\/\/(\S+)$/.exec(line);
      if (m) resolve({ child, host: m[1] as string });
    });
  });
}

async function site(registry: string, workDir: string): Promise<RunReport> {
  const r = await execa(
    process.execPath,
    [
      CLI,
      'run',
      join(TREE, 'site.yaml'),
      '-i',
      join(TREE, 'inventory.yaml'),
      '--json',
      '-e',
      `registry=${registry}`,
      '-e',
      `work_dir=${workDir}`,
    ],
    { reject: false, timeout: 60_000 },
  );
  assert.equal(r.exitCode, 0, `${r.stdout}\n${r.stderr}`);
  return JSON.parse(r.stdout) as RunReport;
}

/** ran lists, per task that ran anywhere, the hosts it ran on (skipped ones left out). */
function ran(report: RunReport): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const p of report.plays)
    for (const t of p.tasks) {
      const hosts = Object.entries(t.hosts)
        .filter(([, v]) => v.status !== 'skipped')
        .map(([h]) => h);
      if (hosts.length > 0) out[t.name] = [...(out[t.name] ?? []), ...hosts].sort();
    }
  return out;
}

test('cluster-install: roles, handlers, run_once + delegate_to against a local registry; idempotent', async (t) => {
  const tmp = mkdtempSync(join(tmpdir(), 'deckhand-cluster-install-'));
  const { child, host } = await serve(join(tmp, 'registry'));
  t.after(() => {
    child.kill('SIGTERM');
    rmSync(tmp, { recursive: true, force: true });
  });
  const work = join(tmp, 'work');
  const first = await site(host, work);
  assert.equal(first.failed, false);
  assert.deepEqual(ran(first), {
    'Gathering Facts': ['node1', 'node1', 'node2', 'node2'],
    'preflight : facts were gathered and there are images to download': ['node1', 'node2'],
    "download : pull the images for the cluster's platforms into the artifact": ['node1'],
    "download : write the artifact's image list": ['node1'],
    'registry : push the artifact to the private registry': ['node1'],
    'registry : the registry holds every image of the artifact': ['node1'],
    "registry : make the node's containerd config directories": ['node1', 'node2'],
    'registry : point containerd at the private registry': ['node1', 'node2'],
    'registry : restart containerd': ['node1', 'node2'],
    "pull this node's platform from the registry": ['node1', 'node2'],
    'the node got every image': ['node1', 'node2'],
  });
  assert.match(
    readFileSync(join(work, 'artifact', 'images.txt'), 'utf8'),
    /hello:1\.0 sha256:[0-9a-f]{64} linux\//,
  );
  for (const node of ['node1', 'node2'])
    for (const mirror of ['docker.io', 'deckhand.local']) {
      const toml = readFileSync(join(work, 'nodes', node, 'certs.d', mirror, 'hosts.toml'), 'utf8');
      assert.match(toml, new RegExp(`\\[host\\."http://${host.replace(/\./g, '\\.')}"\\]`));
      assert.match(toml, new RegExp(`for ${mirror.replace(/\./g, '\\.')} on ${node}`));
    }

  const second = await site(host, work);
  const changed = Object.values(second.recap).reduce((n, r) => n + r.changed, 0);
  assert.equal(changed, 0, 'nothing changes the second time');
  const names = Object.keys(ran(second));
  assert.ok(
    !names.some((n) => n.includes('restart containerd') || n.includes('image list')),
    'no handler ran',
  );
});
