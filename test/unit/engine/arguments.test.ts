import { test } from 'node:test';
import assert from 'node:assert/strict';
import { msgs, run, INV3 } from './harness.js';

test('loop_control.label is what events show for an item; a templated hosts pattern renders with -e vars', async () => {
  const { events, report } = await run(
    `
- hosts: "{{ target }}"
  tasks:
    - name: labelled
      echo: "{{ item.secret }}"
      loop: [{name: one, secret: s1}]
      loop_control: {label: "{{ item.name }}"}
`,
    INV3,
    { extraVars: { target: 'db' } },
  );
  assert.deepEqual(report.plays[0]?.hosts, ['c']);
  const ev = events.find((e) => e.type === 'host_result' && e.item !== undefined);
  assert.equal(ev?.type === 'host_result' ? ev.item : undefined, 'one');
});

test('arguments: free-form strings and Ansible key=value strings', async () => {
  const { report } = await run(`
- hosts: localhost
  tasks:
    - {name: free, echo: "x=1 is text"}
    - {name: kv, echo: 'msg="hello there" data=x'}
    - {name: kv2, pattern: regex=^a.*}
`);
  assert.deepEqual(msgs(report, 'free'), { localhost: 'x=1 is text' });
  assert.deepEqual(msgs(report, 'kv'), { localhost: 'hello there' });
  assert.deepEqual(msgs(report, 'kv2'), { localhost: '^a.*' });
  await assert.rejects(
    run(`- hosts: localhost\n  tasks:\n    - {name: kv, echo: 'msg=x changed=yes'}\n`),
    /playbook\.yaml:3:24: task "kv": echo\.changed: must be boolean/,
  );
});

test('lateRender arguments reach the module unrendered; the module renders them with extra variables and emits events', async () => {
  const { report, events } = await run(`
- hosts: localhost
  vars: {registry: "reg.local"}
  tasks:
    - name: late
      late:
        names: ["{{ registry }}-a", b]
        dest: "{{ registry }}/{{ module.name }}"
`);
  assert.deepEqual(msgs(report, 'late'), { localhost: 'reg.local/reg.local-a reg.local/b' });
  const progress = events.filter((e) => e.type === 'module_event');
  assert.deepEqual(
    progress.map((e) => (e.type === 'module_event' ? [e.host, e.task, e.event.name] : [])),
    [
      ['localhost', 'late', 'reg.local-a'],
      ['localhost', 'late', 'b'],
    ],
  );
});

test('task names are templates rendered with play variables; a name that cannot render is shown as written', async () => {
  const { report, events } = await run(`
- hosts: localhost
  vars: {version: "1.2"}
  tasks:
    - {name: "install {{ version }}", echo: x}
    - {name: "each {{ item }}", echo: x, loop: [1]}
`);
  assert.deepEqual(
    report.plays[0]?.tasks.map((t) => t.name),
    ['install 1.2', 'each {{ item }}'],
  );
  assert.ok(events.some((e) => e.type === 'task_start' && e.task === 'install 1.2'));
});

test('plays: pre_tasks, tasks, post_tasks run in that order; gather_facts is accepted; hosts may be a list', async () => {
  const { report } = await run(
    `
- name: ordered
  hosts: [a, c]
  gather_facts: true
  post_tasks: [{name: post, echo: x}]
  tasks: [{name: main, echo: x}]
  pre_tasks: [{name: pre, echo: x}]
`,
    INV3,
  );
  assert.deepEqual(
    report.plays[0]?.tasks.map((t) => t.name),
    ['pre', 'main', 'post'],
  );
  assert.deepEqual(report.plays[0]?.hosts, ['a', 'c']);
});

test('the args keyword merges into the module arguments and is validated with them', async () => {
  const { report } = await run(`
- hosts: localhost
  tasks:
    - {name: merged, echo: "free form", args: {changed: true}}
`);
  assert.equal(report.plays[0]?.tasks[0]?.hosts.localhost?.status, 'changed');
  await assert.rejects(
    run(`- hosts: localhost\n  tasks:\n    - {name: bad, echo: x, args: {changed: 3}}\n`),
    /task "bad": echo\.changed: must be boolean/,
  );
});

test('check_mode on a task overrides --check either way', async () => {
  const pb = `
- hosts: localhost
  tasks:
    - {name: forced check, nocheck: {}, check_mode: true}
    - {name: forced run, nocheck: {}, check_mode: false}
    - {name: follows, nocheck: {}}
`;
  const real = await run(pb);
  const checked = await run(pb, undefined, { check: true });
  const st = (r: typeof real) => r.report.plays[0]?.tasks.map((t) => t.hosts.localhost?.status);
  assert.deepEqual(st(real), ['skipped', 'changed', 'changed']);
  assert.deepEqual(st(checked), ['skipped', 'changed', 'skipped']);
});

test('any_errors_fatal: one failed host stops the play everywhere after that task', async () => {
  const { report } = await run(
    `
- hosts: all
  any_errors_fatal: true
  tasks:
    - {name: fail a, boom: x, when: "{{ eq inventory_hostname 'a' }}"}
    - {name: next, echo: x}
`,
    INV3,
  );
  assert.deepEqual(
    report.plays[0]?.tasks.map((t) => t.name),
    ['fail a'],
  );
  assert.equal(report.failed, true);
});
