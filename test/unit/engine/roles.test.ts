import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { isDeckhandError, type DeckhandError } from '../../../src/errors.js';
import type { EngineEvent } from '../../../src/engine/run-playbook.js';
import { run, writeFiles } from './harness.js';

/** said lists what the echo tasks said on `host`, in order. */
function said(events: EngineEvent[], host = 'localhost'): unknown[] {
  return events.flatMap((e) =>
    e.type === 'host_result' && e.host === host && e.status !== 'skipped' && e.result.msg !== undefined
      ? [e.result.msg]
      : [],
  );
}

async function runError(playbook: string, files: Record<string, string>): Promise<DeckhandError> {
  try {
    await run(playbook, undefined, { files });
  } catch (e) {
    assert.ok(isDeckhandError(e), String(e));
    return e;
  }
  assert.fail('the run should have been refused');
}

test('roles: pre_tasks → roles (dependencies first, once) → tasks → post_tasks', async () => {
  const { events } = await run(
    `
- hosts: localhost
  post_tasks: [{echo: post}]
  tasks: [{echo: tasks}]
  roles: [app, web]
  pre_tasks: [{echo: pre}]
`,
    undefined,
    {
      files: {
        'roles/common/tasks/main.yaml': '- echo: common',
        'roles/app/meta/main.yaml': 'dependencies: [common]',
        'roles/app/tasks/main.yml': '- echo: app',
        'roles/web/meta/main.yaml': 'dependencies: [{role: common}]',
        'roles/web/tasks/main.yaml': '- echo: web',
      },
    },
  );
  assert.deepEqual(said(events), ['pre', 'common', 'app', 'web', 'tasks', 'post']);
});

test('roles: task names carry the role, as Ansible shows them', async () => {
  const { report } = await run('- hosts: localhost\n  roles: [web]\n', undefined, {
    files: { 'roles/web/tasks/main.yaml': '- name: hello\n  echo: hi\n- echo: unnamed\n' },
  });
  assert.deepEqual(
    report.plays[0]?.tasks.map((t) => t.name),
    ['web : hello', 'web : echo'],
  );
});

test('roles: variable precedence (defaults < inventory < play < role vars < role params < facts < -e)', async () => {
  const INV = 'all:\n  hosts: {localhost: {ansible_connection: local, inv: inventory, d_inv: inventory}}\n';
  const { events } = await run(
    `
- hosts: localhost
  vars: {play: play, d_play: play, rv_play: play}
  pre_tasks: [{set: {fact: fact}}]
  roles:
    - role: r
      vars: {param: param, rv_param: param, fact: param, extra: param}
`,
    INV,
    {
      extraVars: { extra: 'extra' },
      files: {
        'roles/r/defaults/main.yaml':
          'only_default: default\nd_inv: default\nd_play: default\nparam: default\nrv_param: default\n',
        'roles/r/vars/main.yaml': 'rv_play: role_vars\nrv_param: role_vars\n',
        'roles/r/tasks/main.yaml': `
- echo: "{{only_default}} {{d_inv}} {{d_play}} {{rv_play}} {{rv_param}} {{param}} {{fact}} {{extra}} {{role_name}}"
`,
      },
    },
  );
  assert.deepEqual(said(events).slice(-1), ['default inventory play role_vars param param fact extra r']);
});

test('roles: defaults are templates rendered with the host variables, and stay inside their role', async () => {
  const { events } = await run(
    `
- hosts: localhost
  vars: {version: "1.2"}
  roles: [r]
  tasks: [{echo: "{{default image 'outside'}}"}]
`,
    undefined,
    {
      files: {
        'roles/r/defaults/main.yaml': 'image: "app:{{version}}"\n',
        'roles/r/tasks/main.yaml': '- echo: "{{image}}"\n',
      },
    },
  );
  assert.deepEqual(said(events), ['app:1.2', 'outside']);
});

test('roles: when and tags on a role apply to all its tasks', async () => {
  const files = {
    'roles/a/tasks/main.yaml': '- echo: a1\n- echo: a2\n',
    'roles/b/tasks/main.yaml': '- echo: b\n',
  };
  const pb = `
- hosts: localhost
  roles:
    - {role: a, when: false}
    - {role: b, tags: [bee]}
  tasks: [{echo: plain}]
`;
  const cases: Array<[string[] | undefined, string[]]> = [
    [undefined, ['b', 'plain']],
    [['bee'], ['b']],
  ];
  for (const [tags, expected] of cases) {
    const { events } = await run(pb, undefined, { files, tags });
    assert.deepEqual(said(events), expected, `tags ${String(tags)}`);
  }
});

test('roles: relative files resolve in the role (files/, templates/), not beside the playbook', async () => {
  const { events, dir } = await run(
    '- hosts: localhost\n  roles: [r]\n  tasks: [{where: {file: x}}]\n',
    undefined,
    {
      files: { 'roles/r/tasks/main.yaml': '- where: {file: x}\n' },
    },
  );
  assert.deepEqual(said(events), [join(dir, 'roles', 'r', 'x'), join(dir, 'x')]);
});

test('roles: --roles-path directories are searched after roles/ beside the playbook', async () => {
  const shared = await writeFiles({
    'shared/tasks/main.yaml': '- echo: from roles-path\n',
    'both/tasks/main.yaml': '- echo: from roles-path\n',
  });
  const { events } = await run('- hosts: localhost\n  roles: [shared, both]\n', undefined, {
    rolesPath: [shared],
    files: { 'roles/both/tasks/main.yaml': '- echo: beside the playbook\n' },
  });
  assert.deepEqual(said(events), ['from roles-path', 'beside the playbook']);
});

test('roles: errors name the file, line and role', async () => {
  const cases: Array<{
    name: string;
    files: Record<string, string>;
    code: string;
    where: RegExp;
    role: string;
  }> = [
    {
      name: 'missing role',
      files: {},
      code: 'E_ROLE',
      where: /playbook\.yaml:4:7: role "nope" not found/,
      role: 'nope',
    },
    {
      name: 'unknown module in the role',
      files: { 'roles/nope/tasks/main.yaml': '- echo: ok\n- ecko: typo\n' },
      code: 'E_SCHEMA',
      where:
        /roles\/nope\/tasks\/main\.yaml:2:3: .*unknown module or task keyword "ecko".*did you mean "echo"/,
      role: 'nope',
    },
    {
      name: 'defaults not a mapping',
      files: { 'roles/nope/defaults/main.yaml': '- a\n' },
      code: 'E_SCHEMA',
      where: /roles\/nope\/defaults\/main\.yaml:1:1: role "nope": defaults\/main must be a mapping/,
      role: 'nope',
    },
    {
      name: 'dependency cycle',
      files: {
        'roles/nope/meta/main.yaml': 'dependencies: [other]\n',
        'roles/other/meta/main.yaml': 'dependencies: [nope]\n',
      },
      code: 'E_CYCLE',
      where:
        /roles\/other\/meta\/main\.yaml:1:16: roles depend on each other: role nope .* → role other .* → role nope/,
      role: 'nope',
    },
  ];
  for (const c of cases) {
    const e = await runError('- hosts: localhost\n  tasks: [{echo: x}]\n  roles:\n    - nope\n', c.files);
    assert.equal(e.code, c.code, c.name);
    assert.match(e.message, c.where, c.name);
    assert.equal(e.context.role, c.role, c.name);
  }
});

test('roles: a failure while running names the role, its tasks file and line', async () => {
  const { events } = await run('- hosts: localhost\n  roles: [r]\n', undefined, {
    files: { 'roles/r/tasks/main.yaml': '- echo: ok\n- name: uses a typo\n  echo: "{{missing_var}}"\n' },
  });
  const failed = events.find((e) => e.type === 'host_result' && e.status === 'failed');
  assert.ok(failed?.type === 'host_result');
  assert.equal(failed.error?.code, 'E_UNDEFINED');
  assert.equal(failed.error?.context.role, 'r');
  assert.match(failed.error?.context.file ?? '', /roles\/r\/tasks\/main\.yaml$/);
  assert.equal(failed.error?.context.line, 2);
  assert.equal(failed.task, 'r : uses a typo');
});

test('roles: listed twice a role runs once; import_role runs it every time', async () => {
  const files = { 'roles/r/tasks/main.yaml': '- echo: r\n' };
  const cases: Array<[string, string[]]> = [
    ['  roles: [r, r, {role: r}]\n', ['r']],
    ['  roles: [r, {role: r, vars: {x: 1}}]\n', ['r', 'r']],
    ['  tasks: [{import_role: {name: r}}, {import_role: {name: r}}]\n', ['r', 'r']],
  ];
  for (const [play, expected] of cases) {
    const { events } = await run(`- hosts: localhost\n${play}`, undefined, { files });
    assert.deepEqual(said(events), expected, play);
  }
});
