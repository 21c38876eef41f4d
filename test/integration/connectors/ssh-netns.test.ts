/**
 * Issue 9's host variant with real separate hosts: three network namespaces, each with its own
 * link-local address, hostname and sshd, and a fourth namespace with no sshd (unreachable). A playbook
 * through the real engine with connectByVars(): setup facts, a `when` on them, `ip addr` showing each
 * host's own address, copy and template. Needs root; skips otherwise (netnsLabFor).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireTool } from '../../helpers/require-tool.js';
import { makeNetnsSshKeys, netnsLabFor, startNetnsSshd, type NetnsHost } from '../../helpers/netns.js';
import { connectByVars } from '../../../src/connectors/ssh-connect.js';
import { runPlaybook } from '../../../src/engine/run-playbook.js';
import type { RunReport } from '../../../src/engine/types.js';
import type { Module } from '../../../src/module.js';
import { builtinModules } from '../../../modules/index.js';
import { setupModule } from '../../../modules/setup/index.js';

const modules: ReadonlyMap<string, Module> = new Map([
  ...builtinModules,
  ['setup', setupModule as unknown as Module],
]);

const NAMES = ['node1', 'node2', 'node3'];

function inventory(hosts: readonly NetnsHost[], userKey: string): string {
  const line = (name: string, h: NetnsHost) =>
    `        ${name}: { ansible_host: ${h.address}, ansible_port: 22, ansible_user: root, ansible_ssh_private_key_file: ${userKey}, ns: ${h.name} }`;
  return [
    'all:',
    '  children:',
    '    nodes:',
    '      hosts:',
    ...NAMES.map((n, i) => line(n, hosts[i] as NetnsHost)),
    line('dead1', hosts[3] as NetnsHost),
    '',
  ].join('\n');
}

const PLAYBOOK = `
- name: over ssh into namespaces
  hosts: nodes
  gather_facts: false
  tasks:
    - name: gather facts
      setup: {}
    - name: only on the host whose hostname is its namespace
      command: "echo host={{ facts.hostname }}"
      when: '{{ eq facts.hostname ns }}'
      register: named
    - name: never where the hostname differs
      command: echo never
      when: '{{ ne facts.hostname ns }}'
    - name: own addresses
      command: ip -4 -o addr show
      register: addrs
    - name: copy
      copy:
        content: "hello {{ inventory_hostname }} in {{ ns }}\\n"
        dest: "{{ work }}/{{ inventory_hostname }}.copy"
    - name: template
      template:
        src: note.hbs
        dest: "{{ work }}/{{ inventory_hostname }}.note"
`;

function hostResult(report: RunReport, task: string, host: string) {
  return report.plays[0]?.tasks.find((x) => x.name === task)?.hosts[host];
}

test('a playbook over three namespaced ssh hosts and an unreachable fourth', async (t) => {
  const sshd = requireTool(t, 'sshd', 'openssh-server');
  if (!sshd || !requireTool(t, 'ssh', 'openssh-client') || !requireTool(t, 'unshare', 'util-linux')) return;
  const lab = await netnsLabFor(t, 4);
  if (!lab) return;
  const keys = await makeNetnsSshKeys(lab.hosts);
  t.after(() => keys.remove());
  const servers = await Promise.all(lab.hosts.slice(0, 3).map((h) => startNetnsSshd(h, keys, sshd)));
  t.after(() => Promise.all(servers.map((s) => s.stop())));

  const dir = await mkdtemp(join(tmpdir(), 'ssh-netns-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const work = dir; // namespaces share the file system: each host writes its own files here
  await writeFile(join(dir, 'inventory.yaml'), inventory(lab.hosts, keys.userKey));
  await writeFile(join(dir, 'play.yaml'), PLAYBOOK);
  await writeFile(join(dir, 'note.hbs'), '{{ inventory_hostname }} is {{ facts.hostname }}\n');

  const report = await runPlaybook({
    playbookPath: join(dir, 'play.yaml'),
    inventoryPaths: [join(dir, 'inventory.yaml')],
    extraVars: { work },
    forks: 5,
    check: false,
    modules,
    connect: connectByVars({ knownHostsFile: keys.knownHosts }),
  });

  const own = lab.hosts.map((h) => h.address);
  for (const [i, name] of NAMES.entries()) {
    const ns = lab.hosts[i] as NetnsHost;
    const status = (task: string) => hostResult(report, task, name)?.status;
    assert.deepEqual(
      ['gather facts', 'only on the host whose hostname is its namespace', 'never where the hostname differs']
        .concat(['own addresses', 'copy', 'template'])
        .map(status),
      ['ok', 'changed', 'skipped', 'changed', 'changed', 'changed'],
      name,
    );
    assert.equal(
      hostResult(report, 'only on the host whose hostname is its namespace', name)?.result.stdout,
      `host=${ns.name}`,
    );
    // The command ran in this host's namespace: its address is there and no other host's is.
    const seen = String(hostResult(report, 'own addresses', name)?.result.stdout ?? '');
    assert.deepEqual(
      own.filter((a) => seen.includes(`inet ${a}/`)),
      [ns.address],
      `${name} sees only its own address`,
    );
    assert.equal(await readFile(join(work, `${name}.copy`), 'utf8'), `hello ${name} in ${ns.name}\n`);
    assert.equal(await readFile(join(work, `${name}.note`), 'utf8'), `${name} is ${ns.name}\n`);
  }

  assert.equal(report.recap.dead1?.unreachable, 1);
  assert.equal(report.recap.dead1?.failed, 0);
  for (const name of NAMES) assert.equal(report.recap[name]?.failed, 0, name);
  assert.equal(report.failed, true, 'an unreachable host fails the run');
  const dead = String(hostResult(report, 'gather facts', 'dead1')?.result.msg ?? '');
  assert.match(dead, /dead1/);
  assert.match(dead, /connection refused/);
  for (const s of servers) assert.match(s.log(), /^Accepted publickey for root/m, s.host.name);
});
