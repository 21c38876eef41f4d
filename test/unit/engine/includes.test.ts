import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DeckhandError } from '../../../src/errors.js';
import type { EngineEvent } from '../../../src/engine/run-playbook.js';
import { run, statuses, INV3 } from './harness.js';

/** said lists what the echo tasks said on `host`, in order. */
function said(events: EngineEvent[], host = 'localhost'): unknown[] {
  return events.flatMap((e) =>
    e.type === 'host_result' &&
    e.host === host &&
    e.status !== 'skipped' &&
    e.status !== 'failed' &&
    typeof e.result.msg === 'string' &&
    !e.result.msg.startsWith('included: ')
      ? [e.result.msg]
      : [],
  );
}

test('import_tasks: inserted when the playbook loads, with its when, vars and tags', async () => {
  const { events } = await run(
    `
- hosts: localhost
  tasks:
    - import_tasks: common.yaml
      vars: {who: first}
    - import_tasks: sub/more.yaml
      when: false
    - import_tasks: common.yaml
      vars: {who: second}
`,
    undefined,
    {
      files: {
        'common.yaml': '- echo: "common {{who}}"\n- import_tasks: sub/more.yaml\n',
        'sub/more.yaml': '- echo: "more {{who}}"\n- import_tasks: leaf.yaml\n',
        'sub/leaf.yaml': '- echo: leaf\n',
      },
    },
  );
  assert.deepEqual(said(events), [
    'common first',
    'more first',
    'leaf',
    'common second',
    'more second',
    'leaf',
  ]);
});

test('include_tasks: a templated file name, looped, per host', async () => {
  const { events } = await run(
    `
- hosts: all
  vars: {kind: "{{#if (eq inventory_hostname 'c')}}db{{else}}web{{/if}}"}
  tasks:
    - include_tasks: "{{kind}}.yaml"
    - include_tasks: item.yaml
      loop: [1, 2]
      loop_control: {loop_var: n}
    - echo: after
`,
    INV3,
    {
      files: {
        'web.yaml': '- echo: "web on {{inventory_hostname}}"\n',
        'db.yaml': '- echo: "db on {{inventory_hostname}}"\n',
        'item.yaml': '- echo: "item {{n}}"\n- echo: "again {{n}}"\n',
      },
    },
  );
  assert.deepEqual(said(events, 'a'), ['web on a', 'item 1', 'again 1', 'item 2', 'again 2', 'after']);
  assert.deepEqual(said(events, 'c'), ['db on c', 'item 1', 'again 1', 'item 2', 'again 2', 'after']);
  // Hosts that include the same file run its tasks together (one task_start each), before "after".
  const starts = events.flatMap((e) => (e.type === 'task_start' ? [e.task] : []));
  assert.equal(starts.filter((t) => t === 'echo').length, 2 + 4 + 1);
  assert.equal(starts.at(-1), 'echo');
});

test('include_tasks: a missing file fails that host, naming the include and the file', async () => {
  const { report, events } = await run(
    `
- hosts: localhost
  tasks:
    - name: bring in
      include_tasks: "{{'nope'}}.yaml"
    - echo: never
`,
  );
  assert.deepEqual(statuses(report, 'bring in'), { localhost: 'failed' });
  const err = events.find((e) => e.type === 'host_result' && e.status === 'failed');
  assert.ok(err?.type === 'host_result');
  assert.equal(err.error?.code, 'E_FILE');
  assert.match(err.error?.message ?? '', /playbook\.yaml:5:22: .*nope\.yaml/);
  assert.deepEqual(said(events), []);
});

test('include_role and import_role: the role runs there, with its defaults and vars', async () => {
  const { events } = await run(
    `
- hosts: localhost
  tasks:
    - echo: before
    - include_role: {name: "{{'r'}}", vars: {greeting: hello}}
    - import_role: {name: r}
`,
    undefined,
    {
      files: {
        'roles/r/defaults/main.yaml': 'greeting: hi\n',
        'roles/r/tasks/main.yaml': '- echo: "{{greeting}} from {{role_name}}"\n',
      },
    },
  );
  assert.deepEqual(said(events), ['before', 'hello from r', 'hi from r']);
});

test('import_playbook: its plays run in place; its when applies to their tasks', async () => {
  const { report, events } = await run(
    `
- import_playbook: other.yaml
  vars: {who: imported}
- hosts: localhost
  tasks: [{echo: main}]
- import_playbook: other.yaml
  when: false
`,
    undefined,
    { files: { 'other.yaml': '- hosts: localhost\n  tasks: [{echo: "other {{default who \'plain\'}}"}]\n' } },
  );
  assert.equal(report.plays.length, 3);
  assert.deepEqual(said(events), ['other imported', 'main']);
});

test('cycles are refused before anything runs, with the chain of files', async () => {
  const cases: Array<{ name: string; playbook: string; files: Record<string, string>; match: RegExp }> = [
    {
      name: 'import_tasks',
      playbook: '- hosts: localhost\n  tasks: [{import_tasks: a.yaml}]\n',
      files: { 'a.yaml': '- import_tasks: b.yaml\n', 'b.yaml': '- echo: x\n- import_tasks: a.yaml\n' },
      match: /b\.yaml:2:17: tasks files include each other: .*a\.yaml → .*b\.yaml → .*a\.yaml/,
    },
    {
      name: 'import_playbook',
      playbook: '- import_playbook: other.yaml\n',
      files: { 'other.yaml': '- import_playbook: playbook.yaml\n' },
      match:
        /other\.yaml:1:20: playbooks import each other: .*playbook\.yaml → .*other\.yaml → .*playbook\.yaml/,
    },
  ];
  for (const c of cases) {
    await assert.rejects(run(c.playbook, undefined, { files: c.files }), (e: DeckhandError) => {
      assert.equal(e.code, 'E_CYCLE', c.name);
      assert.match(e.message, c.match, c.name);
      return true;
    });
  }
});

test('imported files are validated like the playbook: every problem, each at its file and line', async () => {
  await assert.rejects(
    run(
      '- hosts: localhost\n  tasks:\n    - import_tasks: bad.yaml\n    - import_tasks: missing.yaml\n',
      undefined,
      {
        files: { 'bad.yaml': '- ecko: x\n- echo: ok\n  loop: 3\n' },
      },
    ),
    (e: DeckhandError) => {
      const all = [e.message, ...e.details].join('\n');
      assert.match(all, /bad\.yaml:1:3: .*"ecko"/);
      assert.match(all, /bad\.yaml:3:9: .*loop/);
      assert.match(all, /playbook\.yaml:4:21: .*missing\.yaml/);
      return true;
    },
  );
});

test('include_tasks: nested run-time includes keep each host in order and hosts together', async () => {
  const { events } = await run(
    `
- hosts: all
  tasks:
    - include_tasks: outer.yaml
      loop: [x, y]
      loop_control: {loop_var: o}
    - echo: end
`,
    INV3,
    {
      files: {
        'outer.yaml':
          '- echo: "outer {{o}}"\n- include_tasks: inner.yaml\n  loop: [1, 2]\n- echo: "done {{o}}"\n',
        'inner.yaml': '- echo: "inner {{o}}{{item}}"\n',
      },
    },
  );
  const expected = [
    'outer x',
    'inner x1',
    'inner x2',
    'done x',
    'outer y',
    'inner y1',
    'inner y2',
    'done y',
    'end',
  ];
  for (const h of ['a', 'b', 'c']) assert.deepEqual(said(events, h), expected, h);
  // In lockstep: every result of one task on all three hosts before the next task starts.
  const hostsPerStart: number[] = [];
  for (const e of events) {
    if (e.type === 'task_start') hostsPerStart.push(0);
    else if (e.type === 'host_result' && e.item === undefined) hostsPerStart[hostsPerStart.length - 1]!++;
  }
  assert.ok(
    hostsPerStart.every((n) => n === 3),
    String(hostsPerStart),
  );
});

test('include_tasks in a role: relative to the role tasks/, with the role variables', async () => {
  const { events } = await run('- hosts: localhost\n  roles: [r]\n', undefined, {
    files: {
      'roles/r/defaults/main.yaml': 'word: from-defaults\n',
      'roles/r/tasks/main.yaml': '- include_tasks: "{{\'step\'}}.yaml"\n',
      'roles/r/tasks/step.yaml': '- name: step\n  echo: "{{word}} {{role_name}}"\n',
    },
  });
  assert.deepEqual(said(events), ['from-defaults r']);
  const names = events.flatMap((e) => (e.type === 'task_start' ? [e.task] : []));
  assert.deepEqual(names, ['r : include_tasks', 'r : step']);
});

test('import_role and include_role: tasks_from runs another file of the role', async () => {
  const { events } = await run(
    `
- hosts: localhost
  tasks:
    - import_role: {name: r, tasks_from: install, vars: {what: imported}}
    - include_role: {name: r, tasks_from: "{{'install'}}.yml", vars: {what: included}}
    - import_role: {name: r}
`,
    undefined,
    {
      files: {
        'roles/r/defaults/main.yaml': 'what: default\n',
        'roles/r/tasks/main.yaml': '- echo: "main {{what}}"\n',
        'roles/r/tasks/install.yml': '- echo: "install {{what}}"\n',
      },
    },
  );
  assert.deepEqual(said(events), ['install imported', 'install included', 'main default']);
});

test('import_role: a missing tasks_from file is refused at the import', async () => {
  await assert.rejects(
    run('- hosts: localhost\n  tasks:\n    - import_role: {name: r, tasks_from: nope}\n', undefined, {
      files: { 'roles/r/tasks/main.yaml': '- echo: main\n' },
    }),
    (e: DeckhandError) => {
      assert.equal(e.code, 'E_FILE');
      assert.match(e.message, /playbook\.yaml:3:42: .*roles\/r\/tasks\/nope/);
      assert.equal(e.context.role, 'r');
      return true;
    },
  );
});
