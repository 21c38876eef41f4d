/**
 * A playbook over three SSH hosts (one sshd, three inventory names; one logs in with a password and
 * becomes root with sudo) and an unreachable fourth, through the real engine with connectByVars():
 * setup facts used in a later `when`, command, shell, copy, template, fetch; run twice for idempotence.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../helpers/ports.js';
import { requireTool } from '../../helpers/require-tool.js';
import { sshdFor, stopSharedSshd, type TestSshd } from '../../helpers/sshd.js';
import { connectByVars } from '../../../src/connectors/ssh-connect.js';
import { runPlaybook } from '../../../src/engine/run-playbook.js';
import type { RunReport } from '../../../src/engine/types.js';
import type { Module } from '../../../src/module.js';
import { builtinModules } from '../../../modules/index.js';
import { setupModule } from '../../../modules/setup/index.js';
import { fetchModule } from '../../../modules/fetch/index.js';

after(stopSharedSshd);

const modules: ReadonlyMap<string, Module> = new Map([
  ...builtinModules,
  ['setup', setupModule as unknown as Module],
  ['fetch', fetchModule as unknown as Module],
]);

function inventory(s: TestSshd, deadPort: number): string {
  const key = (user: string) =>
    `{ ansible_host: 127.0.0.1, ansible_port: ${s.port}, ansible_user: ${user}, ansible_ssh_private_key_file: ${s.userKey} }`;
  return [
    'all:',
    '  children:',
    '    nodes:',
    '      hosts:',
    `        web1: ${key(s.user)}`,
    `        web2: ${key(s.user)}`,
    '        web3:',
    '          ansible_host: 127.0.0.1',
    `          ansible_port: ${s.port}`,
    `          ansible_user: ${s.passwordUser}`,
    `          ansible_password: "${s.password}"`,
    '          ansible_ssh_common_args: -o PubkeyAuthentication=no',
    '          ansible_become: true',
    `          ansible_become_password: "${s.password}"`,
    `        dead1: { ansible_host: 127.0.0.1, ansible_port: ${deadPort}, ansible_user: root }`,
    '',
  ].join('\n');
}

const PLAYBOOK = `
- name: over ssh
  hosts: nodes
  gather_facts: false
  tasks:
    - name: gather facts
      setup: {}
    - name: only where the facts say linux
      command: "echo arch={{ facts.arch }}"
      when: '{{ eq facts.os "linux" }}'
      register: arch
    - name: never on linux
      command: echo never
      when: '{{ eq facts.os "windows" }}'
    - name: who runs tasks
      command: id -un
      register: who
    - name: shell
      shell: "echo {{ inventory_hostname }} > {{ work }}/{{ inventory_hostname }}.txt"
    - name: copy
      copy:
        content: "hello {{ inventory_hostname }}\\n"
        dest: "{{ work }}/{{ inventory_hostname }}.copy"
        mode: "0640"
    - name: template
      template:
        src: note.hbs
        dest: "{{ work }}/{{ inventory_hostname }}.note"
    - name: fetch
      fetch:
        src: "{{ work }}/{{ inventory_hostname }}.copy"
        dest: fetched
`;

function statuses(report: RunReport, host: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const task of report.plays[0]?.tasks ?? []) {
    const h = task.hosts[host];
    if (h) out[task.name] = h.status;
  }
  return out;
}

test('a playbook over three ssh hosts and an unreachable fourth', async (t) => {
  const s = await sshdFor(t);
  if (!s) return;
  if (!s.passwordUser || !requireTool(t, 'sudo')) return t.skip('needs root and sudo');
  const dir = await mkdtemp(join(tmpdir(), 'ssh-playbook-'));
  const work = join(dir, 'remote');
  t.after(() => rm(dir, { recursive: true, force: true }));
  await mkdir(work);
  await chmod(dir, 0o755);
  await chmod(work, 0o777); // the password user writes here too
  await writeFile(join(dir, 'inventory.yaml'), inventory(s, await freePort()));
  await writeFile(join(dir, 'play.yaml'), PLAYBOOK);
  await writeFile(join(dir, 'note.hbs'), '{{ inventory_hostname }} is {{ facts.platform }}\n');

  const run = () =>
    runPlaybook({
      playbookPath: join(dir, 'play.yaml'),
      inventoryPaths: [join(dir, 'inventory.yaml')],
      extraVars: { work },
      forks: 5,
      check: false,
      modules,
      connect: connectByVars({ knownHostsFile: s.knownHosts }),
    });
  const before = s.handshakes();
  const first = await run();

  for (const host of ['web1', 'web2', 'web3']) {
    assert.deepEqual(
      statuses(first, host),
      {
        'gather facts': 'ok',
        'only where the facts say linux': 'changed',
        'never on linux': 'skipped',
        'who runs tasks': 'changed',
        shell: 'changed',
        copy: 'changed',
        template: 'changed',
        fetch: 'changed',
      },
      host,
    );
    assert.equal(await readFile(join(work, `${host}.txt`), 'utf8'), `${host}\n`);
    assert.equal(await readFile(join(dir, 'fetched', host, work, `${host}.copy`), 'utf8'), `hello ${host}\n`);
    assert.match(await readFile(join(work, `${host}.note`), 'utf8'), new RegExp(`^${host} is linux/`));
  }
  const who = (host: string) =>
    first.plays[0]?.tasks.find((x) => x.name === 'who runs tasks')?.hosts[host]?.result.stdout;
  assert.equal(who('web3'), 'root', 'web3 logs in as the password user and becomes root');
  assert.equal(who('web1'), s.user);

  assert.equal(first.recap.dead1?.unreachable, 1);
  assert.equal(first.recap.dead1?.failed, 0);
  assert.equal(first.recap.web1?.failed, 0);
  assert.equal(first.failed, true, 'an unreachable host fails the run');
  const dead = first.plays[0]?.tasks[0]?.hosts.dead1?.result.msg ?? '';
  assert.match(dead, /dead1/);
  assert.match(dead, /connection refused/);
  assert.ok(!JSON.stringify(first).includes(s.password ?? '\0'), 'no password anywhere in the report');
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(s.handshakes() - before, 3, 'one connection per reachable host for all tasks');

  const second = await run();
  for (const host of ['web1', 'web2', 'web3']) {
    const st = statuses(second, host);
    assert.deepEqual([st.copy, st.template, st.fetch], ['ok', 'ok', 'ok'], host);
  }
});
