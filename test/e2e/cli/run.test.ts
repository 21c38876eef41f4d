import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { deckhand, MAIN, REPO, STACK, workspace } from './deckhand.js';

const INVENTORY = `
all:
  vars: { env_name: all }
  hosts:
    h1: { ansible_connection: local }
  children:
    web:
      hosts:
        h2: { ansible_connection: local }
        h3: { ansible_connection: local }
    prod:
      hosts:
        h3: {}
        h1: {}
`;

test('the local-tasks example runs, looks like Ansible, and is idempotent', async (t) => {
  const ws = await workspace({});
  t.after(ws.cleanup);
  const args = ['run', join(REPO, 'playbooks', 'local-tasks.yaml'), '-e', `workdir=${join(ws.dir, 'qs')}`];
  const check = await deckhand([...args, '--check']);
  assert.equal(check.code, 0, check.all);
  await assert.rejects(stat(join(ws.dir, 'qs')), { code: 'ENOENT' }, '--check wrote nothing');
  const first = await deckhand(args);
  assert.equal(first.code, 0, first.all);
  assert.match(first.stdout, /^PLAY \[local tasks\] \*+$/m);
  assert.match(first.stdout, /^TASK \[say hello\] \*+$/m);
  assert.match(first.stdout, /^ok: \[localhost\] => Hello from deckhand on localhost$/m);
  assert.match(first.stdout, /^ok: \[localhost\] => \(item=.*registry.*\)/m);
  assert.match(first.stdout, /^changed: \[localhost\]/m);
  assert.match(first.stdout, /^skipped: \[localhost\]( =>.*)?$/m);
  assert.match(first.stdout, /^PLAY RECAP \*+$/m);
  assert.match(first.stdout, /^localhost +: ok=\d+ +changed=[1-9]\d* +unreachable=0 +failed=0/m);
  assert.ok(!first.all.includes('\x1b['), 'no colour when not a TTY');
  assert.match(await readFile(join(ws.dir, 'qs', 'summary.txt'), 'utf8'), /- kubelet 1\.29\.3/);
  const second = await deckhand(args);
  assert.equal(second.code, 0, second.all);
  assert.match(second.stdout, /^localhost +: ok=\d+ +changed=0 /m);
  const bonjour = await deckhand([...args, '-e', 'greeting=Bonjour']);
  assert.match(bonjour.stdout, /ok: \[localhost\] => Bonjour from deckhand/);
  assert.match(bonjour.stdout, /ok: \[localhost\] => Bonjour à toi aussi/);
});

const FAILING = `
- name: per-host failure
  hosts: all
  tasks:
    - name: first
      debug: { msg: 'start {{inventory_hostname}}' }
    - name: break h2
      fail: { msg: 'h2 is broken' }
      when: '{{eq inventory_hostname "h2"}}'
    - name: after
      command: echo after
`;

test('a failing host exits 2 while the others finish', async (t) => {
  const ws = await workspace({ 'inv.yaml': INVENTORY, 'play.yaml': FAILING });
  t.after(ws.cleanup);
  const r = await deckhand(['run', 'play.yaml', '-i', 'inv.yaml'], { cwd: ws.dir });
  assert.equal(r.code, 2, r.all);
  assert.match(r.stdout, /^failed: \[h2\] => h2 is broken$/m);
  const after = r.stdout.slice(r.stdout.indexOf('TASK [after]'));
  assert.match(after, /^changed: \[h1\]$/m);
  assert.match(after, /^changed: \[h3\]$/m);
  assert.doesNotMatch(after.slice(0, after.indexOf('PLAY RECAP')), /\[h2\]/);
  assert.match(r.stdout, /^h2 +: ok=1 +changed=0 +unreachable=0 +failed=1/m);
  assert.match(r.stdout, /^h1 +: ok=2 +changed=1 +unreachable=0 +failed=0/m);
});

test('--json prints only the report: plays → tasks → hosts, recap, failed', async (t) => {
  const ws = await workspace({ 'inv.yaml': INVENTORY, 'play.yaml': FAILING });
  t.after(ws.cleanup);
  const r = await deckhand(['run', 'play.yaml', '-i', 'inv.yaml', '--json'], { cwd: ws.dir });
  assert.equal(r.code, 2, r.all);
  const report = JSON.parse(r.stdout) as {
    failed: boolean;
    plays: {
      name: string;
      tasks: {
        name: string;
        hosts: Record<string, { status: string; result: { msg?: string; stdout?: string } }>;
      }[];
    }[];
    recap: Record<string, { failed: number; ok: number }>;
  };
  assert.equal(report.failed, true);
  assert.equal(report.plays[0]!.name, 'per-host failure');
  const [first, brk, after] = report.plays[0]!.tasks;
  assert.deepEqual(Object.keys(first!.hosts).sort(), ['h1', 'h2', 'h3']);
  assert.equal(brk!.hosts.h2!.status, 'failed');
  assert.equal(brk!.hosts.h2!.result.msg, 'h2 is broken');
  assert.equal(brk!.hosts.h1!.status, 'skipped');
  assert.equal(after!.hosts.h3!.result.stdout, 'after');
  assert.equal(after!.hosts.h2, undefined);
  assert.equal(report.recap.h2!.failed, 1);
});

test('--limit and host patterns choose the hosts', async (t) => {
  const ws = await workspace({
    'inv.yaml': INVENTORY,
    'play.yaml': '- hosts: all\n  tasks:\n    - debug: { msg: hi }\n',
  });
  t.after(ws.cleanup);
  const cases: [string, string[]][] = [
    ['web', ['h2', 'h3']],
    ['web:&prod', ['h3']],
    ['all:!web', ['h1']],
    ['h1,h2', ['h1', 'h2']],
  ];
  for (const [limit, hosts] of cases) {
    const r = await deckhand(['run', 'play.yaml', '-i', 'inv.yaml', '--limit', limit, '--json'], {
      cwd: ws.dir,
    });
    assert.equal(r.code, 0, r.all);
    assert.deepEqual(Object.keys((JSON.parse(r.stdout) as { recap: object }).recap).sort(), hosts, limit);
  }
});

const TAGGED = `
- hosts: localhost
  tasks:
    - { name: untagged, debug: { msg: u } }
    - { name: install, debug: { msg: i }, tags: [install] }
    - { name: config, debug: { msg: c }, tags: [config, install] }
    - { name: always runs, debug: { msg: a }, tags: [always] }
    - { name: never runs, debug: { msg: n }, tags: [never] }
`;

test('--tags and --skip-tags select tasks (always and never honoured)', async (t) => {
  const ws = await workspace({ 'play.yaml': TAGGED });
  t.after(ws.cleanup);
  const cases: [string[], string[]][] = [
    [[], ['untagged', 'install', 'config', 'always runs']],
    [
      ['--tags', 'install'],
      ['install', 'config', 'always runs'],
    ],
    [
      ['--tags', 'config,never'],
      ['config', 'always runs', 'never runs'],
    ],
    [
      ['--skip-tags', 'config'],
      ['untagged', 'install', 'always runs'],
    ],
    [
      ['--tags', 'install', '--skip-tags', 'config'],
      ['install', 'always runs'],
    ],
  ];
  for (const [flags, tasks] of cases) {
    const r = await deckhand(['run', 'play.yaml', '--json', ...flags], { cwd: ws.dir });
    assert.equal(r.code, 0, r.all);
    const ran = (
      JSON.parse(r.stdout) as {
        plays: { tasks: { name: string; hosts: Record<string, { status: string }> }[] }[];
      }
    ).plays[0]!.tasks.filter((x) => Object.values(x.hosts).some((h) => h.status !== 'skipped')).map(
      (x) => x.name,
    );
    assert.deepEqual(ran, tasks, flags.join(' '));
  }
});

test('--check changes nothing: copy reports changed, command is skipped', async (t) => {
  const ws = await workspace({
    'play.yaml': `
- hosts: localhost
  tasks:
    - name: write
      copy: { content: 'x', dest: '{{dir}}/out.txt' }
    - name: touch
      command: touch {{dir}}/touched
`,
  });
  t.after(ws.cleanup);
  const r = await deckhand(['run', 'play.yaml', '--check', '-e', `dir=${ws.dir}`], { cwd: ws.dir });
  assert.equal(r.code, 0, r.all);
  assert.match(r.stdout, /check mode/);
  assert.match(r.stdout, /TASK \[write\][^\n]*\nchanged: \[localhost\]/);
  assert.match(r.stdout, /TASK \[touch\][^\n]*\nskipped: \[localhost\]/);
  await assert.rejects(stat(join(ws.dir, 'out.txt')), { code: 'ENOENT' });
  await assert.rejects(stat(join(ws.dir, 'touched')), { code: 'ENOENT' });
});

test('no_log hides a task’s args and result in the output and in --json', async (t) => {
  const ws = await workspace({
    'play.yaml': `
- hosts: localhost
  vars: { token: s3cr3t-value-42 }
  tasks:
    - name: use the token
      command: echo {{token}}
      no_log: true
    - name: fail with it
      fail: { msg: 'bad {{token}}' }
      no_log: true
`,
  });
  t.after(ws.cleanup);
  for (const json of [false, true]) {
    const r = await deckhand(['run', 'play.yaml', ...(json ? ['--json'] : [])], { cwd: ws.dir });
    assert.equal(r.code, 2, r.all);
    assert.doesNotMatch(r.all, /s3cr3t-value-42/);
    assert.doesNotMatch(r.all, STACK);
  }
});

test('validate: a valid playbook exits 0; --version and --help exit 0', async (t) => {
  const ws = await workspace({ 'play.yaml': TAGGED });
  t.after(ws.cleanup);
  const v = await deckhand(['validate', 'play.yaml'], { cwd: ws.dir });
  assert.equal(v.code, 0, v.all);
  assert.match(v.stdout, /play\.yaml: valid/);
  const ver = await deckhand(['--version']);
  assert.equal(ver.code, 0);
  assert.match(ver.stdout, /^\d+\.\d+\.\d+$/);
  const help = await deckhand(['run', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /--extra-vars/);
  assert.match(help.stdout, /Exit status: 0/);
});

test('Ctrl-C stops a run: running commands are killed, exit 130, the recap still prints', async (t) => {
  const ws = await workspace({
    'play.yaml':
      '- hosts: localhost\n  tasks:\n    - name: sleep\n      command: sleep 30\n    - name: after\n      debug: { msg: after }\n',
  });
  t.after(ws.cleanup);
  const child = execa(process.execPath, [MAIN, 'run', 'play.yaml'], {
    cwd: ws.dir,
    reject: false,
    env: { NO_COLOR: '1' },
  });
  let seen = '';
  await new Promise<void>((resolve) => {
    child.stdout!.on('data', (d: Buffer) => {
      seen += d.toString();
      if (seen.includes('TASK [sleep]')) resolve();
    });
  });
  const t0 = Date.now();
  // Give the engine a moment to start the command, then interrupt.
  await new Promise((r) => setTimeout(r, 200));
  child.kill('SIGINT');
  const r = await child;
  assert.ok(Date.now() - t0 < 10_000, 'the sleeping command was killed');
  assert.equal(r.exitCode, 130, String(r.stdout) + String(r.stderr));
  assert.match(String(r.stderr), /interrupted/);
  assert.match(String(r.stdout), /PLAY RECAP/);
  assert.doesNotMatch(String(r.stdout), /TASK \[after\]/);
});
