import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DeckhandError } from '../../../src/errors.js';
import { memoryConnector, msgs, run, statuses, trace, INV3 } from './harness.js';

const FIVE = `
all:
  vars: {ansible_connection: local}
  hosts: {h1: {}, h2: {}, h3: {}, h4: {}, h5: {}}
`;

test('forks: hosts run a task concurrently up to forks (shown by event order, not timing)', async () => {
  const cases: Array<[number, string[]]> = [
    [
      5,
      [
        'start h1',
        'start h2',
        'start h3',
        'start h4',
        'start h5',
        'end h1',
        'end h2',
        'end h3',
        'end h4',
        'end h5',
      ],
    ],
    [
      2,
      [
        'start h1',
        'start h2',
        'end h1',
        'start h3',
        'end h2',
        'start h4',
        'end h3',
        'start h5',
        'end h4',
        'end h5',
      ],
    ],
    [
      1,
      [
        'start h1',
        'end h1',
        'start h2',
        'end h2',
        'start h3',
        'end h3',
        'start h4',
        'end h4',
        'start h5',
        'end h5',
      ],
    ],
  ];
  for (const [forks, expected] of cases) {
    trace.length = 0;
    await run(`- hosts: all\n  tasks:\n    - {name: r, record: {ticks: 3}}\n`, FIVE, { forks });
    assert.deepEqual(trace, expected, `forks=${forks}`);
  }
});

test('a host runs its tasks in order and each task finishes on every host before the next starts', async () => {
  trace.length = 0;
  const { events } = await run(
    `- hosts: all\n  tasks:\n    - {name: one, record: {ticks: 2}}\n    - {name: two, echo: x}\n`,
    FIVE,
  );
  const order = events
    .filter((e) => e.type === 'host_result')
    .map((e) => (e.type === 'host_result' ? e.task : ''));
  assert.deepEqual(order, ['one', 'one', 'one', 'one', 'one', 'two', 'two', 'two', 'two', 'two']);
});

test('a failed host stops while the others go on; later plays leave it out; report.failed is set', async () => {
  const { report } = await run(
    `
- hosts: all
  tasks:
    - {name: fail b, boom: broken, when: "{{ eq inventory_hostname 'b' }}"}
    - {name: next, echo: x}
- hosts: all
  tasks:
    - {name: second play, echo: x}
`,
    INV3,
  );
  assert.deepEqual(statuses(report, 'fail b'), { a: 'skipped', b: 'failed', c: 'skipped' });
  assert.deepEqual(statuses(report, 'next'), { a: 'ok', c: 'ok' });
  assert.deepEqual(report.plays[1]?.hosts, ['a', 'c']);
  assert.equal(report.recap.b?.failed, 1);
  assert.equal(report.failed, true);
});

test('rescue and always: a rescued host carries on; always runs after both outcomes', async () => {
  const { report } = await run(
    `
- hosts: all
  tasks:
    - name: guarded
      block:
        - {name: maybe fail, boom: bad, when: "{{ eq inventory_hostname 'a' }}"}
        - {name: rest of block, echo: x}
      rescue:
        - {name: rescuer, echo: "{{ ansible_failed_result.msg }}"}
      always:
        - {name: cleanup, echo: x}
    - name: unrescued
      block:
        - {name: fail c, boom: bad, when: "{{ eq inventory_hostname 'c' }}"}
      always:
        - {name: cleanup2, echo: x}
    - {name: end, echo: x}
`,
    INV3,
  );
  assert.deepEqual(statuses(report, 'rest of block'), { b: 'ok', c: 'ok' });
  assert.deepEqual(msgs(report, 'rescuer'), { a: 'bad' });
  assert.deepEqual(statuses(report, 'cleanup'), { a: 'ok', b: 'ok', c: 'ok' });
  assert.deepEqual(statuses(report, 'cleanup2'), { a: 'ok', b: 'ok', c: 'ok' });
  assert.deepEqual(statuses(report, 'end'), { a: 'ok', b: 'ok' });
  assert.deepEqual([report.recap.a?.rescued, report.recap.a?.failed, report.recap.c?.failed], [1, 0, 1]);
});

test('serial runs the play in batches: a batch finishes before the next one starts', async () => {
  trace.length = 0;
  await run(`- hosts: all\n  serial: [1, "40%"]\n  tasks:\n    - {name: r, record: {ticks: 1}}\n`, FIVE);
  assert.deepEqual(trace, [
    'start h1',
    'end h1',
    'start h2',
    'start h3',
    'end h2',
    'end h3',
    'start h4',
    'start h5',
    'end h4',
    'end h5',
  ]);
});

test('engine errors fail only the host: undefined variable names variable, task and host', async () => {
  const { report, events } = await run(
    `
- hosts: all
  tasks:
    - name: uses x
      echo: "{{ x }}"
    - {name: after, echo: ok}
`,
    `all:\n  vars: {ansible_connection: local}\n  hosts: {a: {x: 1}, b: {}}\n`,
  );
  assert.deepEqual(statuses(report, 'uses x'), { a: 'ok', b: 'failed' });
  assert.deepEqual(statuses(report, 'after'), { a: 'ok' });
  const ev = events.find((e) => e.type === 'host_result' && e.host === 'b');
  assert.ok(ev && ev.type === 'host_result' && ev.error instanceof DeckhandError);
  if (ev?.type !== 'host_result' || !ev.error) return;
  assert.equal(ev.error.code, 'E_UNDEFINED');
  assert.match(ev.error.message, /"x".*task "uses x".*host "b"/);
  assert.equal(ev.error.context.host, 'b');
  assert.equal(ev.error.context.task, 'uses x');
  assert.equal(ev.error.context.line, 4);
});

test('runtime errors carry a code and the field: bad when, loop over a non-list, bad rendered argument', async () => {
  const cases: Array<[string, string, string]> = [
    ['{name: t, echo: x, when: "{{ inventory_hostname }}"}', 'E_WHEN', 'when'],
    ['{name: t, echo: x, when: "maybe"}', 'E_WHEN', 'when'],
    ['{name: t, echo: x, loop: "{{ inventory_hostname }}"}', 'E_TASK', 'loop'],
    ['{name: t, pattern: {regex: "{{ bad }}"}, vars: {bad: "(" }}', 'E_REGEX', 'pattern.regex'],
    ['{name: t, pattern: {regex: x, count: "{{ inventory_hostname }}"}}', 'E_SCHEMA', 'pattern.count'],
    ['{name: t, boom: {msg: x, throw: true}}', 'E_MODULE', 'boom'],
  ];
  for (const [task, code, field] of cases) {
    const { events } = await run(`- hosts: localhost\n  tasks:\n    - ${task}\n`);
    const ev = events.find((e) => e.type === 'host_result');
    assert.ok(ev?.type === 'host_result' && ev.status === 'failed', task);
    if (ev?.type !== 'host_result') continue;
    assert.equal(ev.error?.code, code, task);
    assert.equal(ev.error?.context.field, field, task);
    assert.equal(ev.error?.context.task, 't', task);
    assert.equal(ev.error?.context.host, 'localhost', task);
  }
});

test('an unreachable host is reported unreachable and stops; others go on', async () => {
  const writes: string[] = [];
  const { report } = await run(
    `- hosts: all\n  tasks:\n    - {name: w, touch: {path: /f}}\n    - {name: next, echo: x}\n`,
    INV3,
    {
      connect: async (h) => {
        if (h === 'b') throw new Error('connection refused');
        return memoryConnector(h, writes);
      },
    },
  );
  assert.deepEqual(statuses(report, 'w'), { a: 'changed', b: 'unreachable', c: 'changed' });
  assert.deepEqual(statuses(report, 'next'), { a: 'ok', c: 'ok' });
  assert.equal(report.recap.b?.unreachable, 1);
});

test('the report: plays → tasks (name, file, line) → hosts → status and result; recap per host', async () => {
  const { report, events } = await run(
    `- name: P\n  hosts: localhost\n  tasks:\n    - {name: T, echo: {msg: hi, changed: true}}\n`,
  );
  assert.equal(report.plays.length, 1);
  const play = report.plays[0];
  assert.equal(play?.name, 'P');
  assert.deepEqual(play?.hosts, ['localhost']);
  const task = play?.tasks[0];
  assert.equal(task?.name, 'T');
  assert.equal(task?.line, 4);
  assert.match(task?.file ?? '', /playbook\.yaml$/);
  assert.equal(task?.hosts.localhost?.status, 'changed');
  assert.deepEqual(task?.hosts.localhost?.result, {
    changed: true,
    failed: false,
    skipped: false,
    rc: 0,
    stdout: 'hi',
    stdout_lines: ['hi'],
    msg: 'hi',
    data: 'hi',
  });
  assert.deepEqual(report.recap, {
    localhost: { ok: 1, changed: 1, failed: 0, skipped: 0, unreachable: 0, rescued: 0, ignored: 0 },
  });
  assert.equal(report.failed, false);
  assert.deepEqual(
    events.map((e) => e.type),
    ['play_start', 'task_start', 'host_result', 'play_end'],
  );
  assert.doesNotThrow(() => JSON.stringify(report));
});

test('validation errors are thrown before anything runs', async () => {
  const events: unknown[] = [];
  await assert.rejects(
    run(`- hosts: localhost\n  tasks:\n    - {name: ok, echo: x}\n    - {name: bad, ecko: x}\n`, undefined, {
      onEvent: (e) => events.push(e),
    }),
    (e: DeckhandError) =>
      e.code === 'E_SCHEMA' && /did you mean "echo"/.test(e.message) && e.context.line === 4,
  );
  assert.deepEqual(events, []);
});

test('a failed run_once task stops every host of the batch and the recap shows it', async () => {
  const { report } = await run(
    `- hosts: all\n  tasks:\n    - {name: once, boom: x, run_once: true}\n    - {name: next, echo: x}\n`,
    INV3,
  );
  assert.deepEqual(statuses(report, 'next'), {});
  assert.deepEqual(
    ['a', 'b', 'c'].map((h) => report.recap[h]?.failed),
    [1, 1, 1],
  );
});

test('an event handler that throws does not fail tasks; its error surfaces when the run ends', async () => {
  let calls = 0;
  await assert.rejects(
    run(`- hosts: localhost\n  tasks:\n    - {name: a, echo: x}\n    - {name: b, echo: y}\n`, undefined, {
      onEvent: () => {
        calls++;
        throw new Error('handler bug');
      },
    }),
    /handler bug/,
  );
  assert.equal(calls, 6);
});

test('aborting the signal stops a run promptly (even in an until delay) and returns the partial report', async () => {
  const ac = new AbortController();
  setTimeout(() => ac.abort(), 100);
  const started = Date.now();
  const { report, events } = await run(
    `- hosts: localhost\n  tasks:\n    - {name: wait, flaky: {key: abort, fails: 99}, register: r, until: "{{ eq r.rc 0 }}", retries: 5, delay: 30}\n    - {name: never, echo: x}\n- hosts: localhost\n  tasks: [{name: nor, echo: x}]\n`,
    undefined,
    { signal: ac.signal },
  );
  assert.ok(Date.now() - started < 5000);
  assert.equal(report.failed, true);
  assert.deepEqual(
    report.plays.map((p) => p.tasks.map((t) => t.name)),
    [['wait']],
  );
  const ev = events.find((e) => e.type === 'host_result');
  assert.equal(ev?.type === 'host_result' ? ev.error?.code : undefined, 'E_CANCELLED');
});
