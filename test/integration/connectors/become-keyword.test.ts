/**
 * The `become`/`become_user` playbook keywords over a real sshd and sudo: the host logs in as an
 * unprivileged user (with a sudo password in its variables but no ansible_become), and the keyword
 * on a play, a block or a task decides who each task runs as.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, chown, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireTool } from '../../helpers/require-tool.js';
import { sshdFor, stopSharedSshd, type TestSshd } from '../../helpers/sshd.js';
import { connectByVars } from '../../../src/connectors/ssh-connect.js';
import { runPlaybook } from '../../../src/engine/run-playbook.js';
import type { RunReport } from '../../../src/engine/types.js';
import { builtinModules } from '../../../modules/index.js';

after(stopSharedSshd);

/** NOBODY is the uid (and gid) of Debian's `nobody`/`nogroup`. */
const NOBODY = 65534;

function inventory(s: TestSshd): string {
  return [
    'all:',
    '  hosts:',
    '    app1:',
    '      ansible_host: 127.0.0.1',
    `      ansible_port: ${s.port}`,
    `      ansible_user: ${s.passwordUser}`,
    `      ansible_ssh_private_key_file: ${s.userKey}`,
    `      ansible_become_password: "${s.password}"`,
    '',
  ].join('\n');
}

const PLAYBOOK = `
- name: task and block keywords
  hosts: all
  tasks:
    - {name: plain, command: id -u}
    - {name: task become, command: id -u, become: true}
    - name: a become block
      become: true
      block:
        - {name: inherited, command: id -u}
        - {name: turned off, command: id -u, become: false}
        - {name: as nobody, command: id -un, become_user: nobody}
    - name: copy as root
      copy: {content: "for root\\n", dest: "{{ locked }}/by-root.txt", mode: "0640"}
      become: yes
    - name: copy without become
      copy: {content: "nope\\n", dest: "{{ locked }}/by-user.txt"}
      ignore_errors: true
    - name: copy as nobody
      copy: {content: "for nobody\\n", dest: "{{ mine }}/by-nobody.txt"}
      become: true
      become_user: nobody
    - name: copy as nobody again
      copy: {content: "for nobody\\n", dest: "{{ mine }}/by-nobody.txt"}
      become: true
      become_user: nobody
- name: play keyword
  hosts: all
  become: true
  tasks:
    - {name: play become, command: id -u}
    - {name: play become off, command: id -u, become: "{{ sudo_off }}"}
`;

/** out maps each task name to its stdout (or status when it has none) on app1, for every play. */
function out(report: RunReport): Record<string, string | undefined> {
  const r: Record<string, string | undefined> = {};
  for (const play of report.plays)
    for (const task of play.tasks) {
      const h = task.hosts.app1;
      r[task.name] = h?.result.stdout ?? h?.status;
    }
  return r;
}

test('become keywords over ssh: play, block, task, become: false, become_user, copy as root', async (t) => {
  const s = await sshdFor(t);
  if (!s) return;
  if (!s.passwordUser || !requireTool(t, 'sudo')) return t.skip('needs root (a sudo user) and sudo');
  const dir = await mkdtemp(join(tmpdir(), 'become-keyword-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await chmod(dir, 0o755);
  // Only root may write here: the login user can reach it only through become.
  const locked = join(dir, 'locked');
  await mkdir(locked, { mode: 0o700 });
  // Only nobody may write here: become_user must reach files too, not only commands.
  const mine = join(dir, 'nobody');
  await mkdir(mine, { mode: 0o700 });
  await chown(mine, NOBODY, NOBODY);
  await writeFile(join(dir, 'inventory.yaml'), inventory(s));
  await writeFile(join(dir, 'play.yaml'), PLAYBOOK);

  const report = await runPlaybook({
    playbookPath: join(dir, 'play.yaml'),
    inventoryPaths: [join(dir, 'inventory.yaml')],
    extraVars: { locked, mine, sudo_off: false },
    forks: 5,
    check: false,
    modules: builtinModules,
    connect: connectByVars({ knownHostsFile: s.knownHosts }),
  });

  const r = out(report);
  const uid = r.plain;
  assert.match(uid ?? '', /^[1-9]\d*$/, 'the login user is not root');
  assert.deepEqual(r, {
    plain: uid,
    'task become': '0',
    inherited: '0',
    'turned off': uid,
    'as nobody': 'nobody',
    'copy as root': 'changed',
    'copy without become': 'failed',
    'copy as nobody': 'changed',
    'copy as nobody again': 'ok',
    'play become': '0',
    'play become off': uid,
  });
  const made = await stat(join(locked, 'by-root.txt'));
  assert.deepEqual([made.uid, made.mode & 0o777], [0, 0o640], 'root-owned, with the asked mode');
  assert.equal(await readFile(join(locked, 'by-root.txt'), 'utf8'), 'for root\n');
  const theirs = await stat(join(mine, 'by-nobody.txt'));
  assert.deepEqual([theirs.uid, theirs.mode & 0o777], [NOBODY, 0o644], 'owned by the become_user');
  assert.equal(await readFile(join(mine, 'by-nobody.txt'), 'utf8'), 'for nobody\n');
  const left = (await readdir('/tmp')).filter((f) => f.startsWith('.deckhand-become-'));
  assert.deepEqual(left, [], 'no staged copy left behind');
  assert.equal(report.recap.app1?.failed, 0, 'the failed copy was ignored');
  assert.ok(!JSON.stringify(report).includes(s.password ?? '\0'), 'no password in the report');
});
