import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DeckhandError } from '../../../src/errors.js';
import type { EngineEvent } from '../../../src/engine/run-playbook.js';
import { run, INV3 } from './harness.js';

/** said lists what ran on `host` (echo messages), in order. */
function said(events: EngineEvent[], host = 'localhost'): unknown[] {
  return events.flatMap((e) =>
    e.type === 'host_result' && e.host === host && e.status !== 'skipped' && e.result.msg !== undefined
      ? [e.result.msg]
      : [],
  );
}

const HANDLERS = `
  handlers:
    - name: first
      echo: h-first
    - name: second
      echo: h-second
    - name: third
      echo: h-third
      listen: [topic]
`;

test('handlers: run once at the end, in definition order, only when notified by a change', async () => {
  const cases: Array<{ name: string; tasks: string; expected: string[] }> = [
    {
      name: 'notified twice, runs once; definition order, not notification order',
      tasks: `
    - {echo: {msg: t1, changed: true}, notify: second}
    - {echo: {msg: t2, changed: true}, notify: [first, second]}
    - {echo: t3}`,
      expected: ['t1', 't2', 't3', 'h-first', 'h-second'],
    },
    {
      name: 'an unchanged task notifies nothing',
      tasks: `
    - {echo: {msg: t1}, notify: first}`,
      expected: ['t1'],
    },
    {
      name: 'a listen topic',
      tasks: `
    - {echo: {msg: t1, changed: true}, notify: topic}`,
      expected: ['t1', 'h-third'],
    },
    {
      name: 'a skipped task notifies nothing',
      tasks: `
    - {echo: {msg: t1, changed: true}, notify: first, when: false}
    - {echo: t2}`,
      expected: ['t2'],
    },
  ];
  for (const c of cases) {
    const { events } = await run(`- hosts: localhost\n  tasks:${c.tasks}\n${HANDLERS}`);
    assert.deepEqual(said(events), c.expected, c.name);
  }
});

test('handlers: meta flush_handlers runs them there; notified again, they run again at the end', async () => {
  const { events } = await run(`
- hosts: localhost
  tasks:
    - {echo: {msg: t1, changed: true}, notify: first}
    - meta: flush_handlers
    - {echo: t2}
    - meta: flush_handlers
    - {echo: {msg: t3, changed: true}, notify: first}
${HANDLERS}`);
  assert.deepEqual(said(events), ['t1', 'h-first', 't2', 't3', 'h-first']);
});

test('handlers: only hosts that notified run them, and not a host that failed afterwards', async () => {
  const { events, report } = await run(
    `
- hosts: all
  tasks:
    - echo: {msg: change, changed: "{{ne inventory_hostname 'b'}}"}
      notify: first
    - boom: down
      when: "{{eq inventory_hostname 'c'}}"
${HANDLERS}`,
    INV3,
  );
  const ran = (h: string) => said(events, h).filter((m) => String(m).startsWith('h-'));
  assert.deepEqual(
    ['a', 'b', 'c'].map((h) => [h, ran(h)]),
    [
      ['a', ['h-first']],
      ['b', []],
      ['c', []],
    ],
  );
  assert.equal(report.recap.c?.failed, 1);
});

test('handlers: a handler may notify a later one; a role notifies its handlers by name or "role : name"', async () => {
  const { events } = await run(
    `
- hosts: localhost
  roles: [r]
  handlers:
    - {name: chained, echo: {msg: h-chained, changed: true}, notify: last}
    - {name: last, echo: h-last}
  tasks:
    - {echo: {msg: t, changed: true}, notify: chained}
`,
    undefined,
    {
      files: {
        'roles/r/tasks/main.yaml':
          '- {echo: {msg: r1, changed: true}, notify: restart}\n- {echo: {msg: r2, changed: true}, notify: "r : reload"}\n',
        'roles/r/handlers/main.yaml':
          '- {name: restart, echo: "restart {{role_name}}"}\n- {name: reload, echo: reload}\n',
      },
    },
  );
  assert.deepEqual(said(events), ['r1', 'r2', 't', 'restart r', 'reload', 'h-chained', 'h-last']);
});

test('handlers: with serial they run at the end of each batch', async () => {
  const { events } = await run(
    `
- hosts: all
  serial: 1
  tasks: [{echo: {msg: t, changed: true}, notify: first}]
${HANDLERS}`,
    INV3,
  );
  const order = events.flatMap((e) =>
    e.type === 'host_result' ? [`${e.host}:${String(e.result.msg)}`] : [],
  );
  assert.deepEqual(order, ['a:t', 'a:h-first', 'b:t', 'b:h-first', 'c:t', 'c:h-first']);
});

test('handlers: a notify naming no handler is refused before anything runs, at its line', async () => {
  await assert.rejects(
    run(`- hosts: localhost\n  tasks:\n    - {echo: {msg: t, changed: true}, notify: frist}\n${HANDLERS}`),
    (e: DeckhandError) => {
      assert.equal(e.code, 'E_SCHEMA');
      assert.match(e.message, /playbook\.yaml:3:47: task "echo": notify: .*"frist".*did you mean "first"/);
      return true;
    },
  );
});

test('handlers: their task_start events say so (the CLI prints RUNNING HANDLER)', async () => {
  const { events } = await run(
    `- hosts: localhost\n  tasks:\n    - {name: t, echo: {msg: t, changed: true}, notify: first}\n${HANDLERS}`,
  );
  const starts = events.flatMap((e) => (e.type === 'task_start' ? [[e.task, e.handler === true]] : []));
  assert.deepEqual(starts, [
    ['t', false],
    ['first', true],
  ]);
});

test('handlers: a role used twice with other params still runs its handler once', async () => {
  const { events } = await run(
    '- hosts: localhost\n  roles:\n    - {role: r, vars: {n: 1}}\n    - {role: r, vars: {n: 2}}\n',
    undefined,
    {
      files: {
        'roles/r/tasks/main.yaml': '- {echo: {msg: "t{{n}}", changed: true}, notify: h}\n',
        'roles/r/handlers/main.yaml': '- {name: h, echo: handled}\n',
      },
    },
  );
  assert.deepEqual(said(events), ['t1', 't2', 'handled']);
});
