import { test } from 'node:test';
import assert from 'node:assert/strict';
import { msgs, run, statuses, INV3 } from './harness.js';

test('when: a template or a list, all must hold; skipped hosts are reported skipped', async () => {
  const { report } = await run(
    `
- hosts: all
  tasks:
    - name: only web
      echo: hi
      when: "{{ contains group_names 'web' }}"
    - name: web and prod
      echo: hi
      when: ["{{ contains group_names 'web' }}", "{{ contains group_names 'prod' }}"]
    - name: literal false
      echo: hi
      when: false
`,
    INV3,
  );
  assert.deepEqual(statuses(report, 'only web'), { a: 'ok', b: 'ok', c: 'skipped' });
  assert.deepEqual(statuses(report, 'web and prod'), { a: 'ok', b: 'skipped', c: 'skipped' });
  assert.deepEqual(statuses(report, 'literal false'), { a: 'skipped', b: 'skipped', c: 'skipped' });
});

test('loop with item, loop_var, index_var; when per item; register stores results with item', async () => {
  const { report, events } = await run(`
- hosts: localhost
  tasks:
    - name: each
      echo: "{{ item }}"
      loop: [a, b, c]
      when: "{{ ne item 'b' }}"
      register: out
    - name: named
      echo: "{{ idx }}={{ x.n }}"
      loop: "{{ list (dict n=1) (dict n=2) }}"
      loop_control: {loop_var: x, index_var: idx}
      register: named
    - name: use
      echo: "{{ length out.results }} {{ out.results.0.msg }} {{ out.results.1.skipped }} {{ named.results.1.msg }} {{ out.changed }}"
`);
  assert.deepEqual(msgs(report, 'use'), { localhost: '3 a true 1=2 false' });
  const perItem = events.filter((e) => e.type === 'host_result' && e.task === 'each' && e.item !== undefined);
  assert.deepEqual(
    perItem.map((e) => (e.type === 'host_result' ? [e.item, e.status] : [])),
    [
      ['a', 'ok'],
      ['b', 'skipped'],
      ['c', 'ok'],
    ],
  );
  const each = report.plays[0]?.tasks.find((t) => t.name === 'each')?.hosts.localhost?.result;
  assert.equal(each?.results?.length, 3);
  assert.equal(each?.results?.[2]?.item, 'c');
});

test('register stores rc, stdout, stdout_lines, msg and data; set facts are visible to later tasks', async () => {
  const { report } = await run(`
- hosts: localhost
  tasks:
    - name: produce
      echo: {msg: {k: [1, 2]}}
      register: r
    - set: {copied: "{{ r.data.k }}"}
    - name: check
      echo: "{{ r.rc }}|{{ r.stdout_lines.0 }}|{{ r.data.k.1 }}|{{ length copied }}|{{ r.failed }}"
`);
  assert.deepEqual(msgs(report, 'check'), { localhost: '0|{"k":[1,2]}|2|2|false' });
});

test('ignore_errors: the host goes on and the recap counts it as ignored', async () => {
  const { report } = await run(`
- hosts: localhost
  tasks:
    - name: bad
      boom: nope
      ignore_errors: true
    - name: after
      echo: still here
`);
  assert.equal(statuses(report, 'bad').localhost, 'failed');
  assert.equal(statuses(report, 'after').localhost, 'ok');
  assert.equal(report.recap.localhost?.ignored, 1);
  assert.equal(report.recap.localhost?.failed, 0);
  assert.equal(report.failed, false);
});

test('failed_when and changed_when see the registered result', async () => {
  const { report } = await run(`
- hosts: localhost
  tasks:
    - name: not really failed
      boom: fine
      register: r
      failed_when: "{{ ne r.msg 'fine' }}"
    - name: changed by rule
      echo: x
      register: e
      changed_when: "{{ eq e.msg 'x' }}"
    - name: failed by rule
      echo: x
      failed_when: true
      ignore_errors: true
`);
  assert.equal(statuses(report, 'not really failed').localhost, 'ok');
  assert.equal(statuses(report, 'changed by rule').localhost, 'changed');
  assert.equal(statuses(report, 'failed by rule').localhost, 'failed');
});

test('until/retries/delay retries until the condition holds, and fails when it never does', async () => {
  const { report } = await run(`
- hosts: localhost
  tasks:
    - name: eventually
      flaky: {key: k1, fails: 2}
      register: r
      until: "{{ eq r.rc 0 }}"
      retries: 5
      delay: 0
    - name: show
      echo: "{{ r.attempts }}"
    - name: never
      flaky: {key: k2, fails: 10}
      register: r2
      until: "{{ eq r2.rc 0 }}"
      retries: 2
      delay: 0
`);
  assert.deepEqual(msgs(report, 'show'), { localhost: '3' });
  assert.equal(statuses(report, 'never').localhost, 'failed');
  assert.match(String(msgs(report, 'never').localhost), /after 2 attempts/);
});

test('tags: --tags selects plus always; never only when asked; --skip-tags wins', async () => {
  const pb = `
- hosts: localhost
  tasks:
    - {name: t-a, echo: x, tags: [a]}
    - {name: t-b, echo: x, tags: b}
    - {name: t-always, echo: x, tags: [always]}
    - {name: t-never, echo: x, tags: [never, debug]}
    - {name: t-none, echo: x}
    - name: blk
      tags: [blk]
      block:
        - {name: t-in-block, echo: x}
`;
  const cases: Array<[string[] | undefined, string[] | undefined, string[]]> = [
    [undefined, undefined, ['t-a', 't-b', 't-always', 't-none', 't-in-block']],
    [['a'], undefined, ['t-a', 't-always']],
    [['debug'], undefined, ['t-always', 't-never']],
    [['blk'], undefined, ['t-always', 't-in-block']],
    [undefined, ['a', 'always'], ['t-b', 't-none', 't-in-block']],
    [['untagged'], undefined, ['t-always', 't-none']],
  ];
  for (const [tags, skipTags, expected] of cases) {
    const { report } = await run(pb, undefined, { tags, skipTags });
    assert.deepEqual(
      report.plays[0]?.tasks.map((t) => t.name),
      expected,
      `tags=${String(tags)} skip=${String(skipTags)}`,
    );
  }
});

test('run_once runs on the first host only and registers the result on every host', async () => {
  const { report, events } = await run(
    `
- hosts: all
  tasks:
    - name: once
      echo: "from {{ inventory_hostname }}"
      run_once: true
      register: o
    - name: seen
      echo: "{{ o.msg }}"
`,
    INV3,
  );
  assert.deepEqual(Object.keys(report.plays[0]?.tasks[0]?.hosts ?? {}), ['a']);
  assert.equal(events.filter((e) => e.type === 'host_result' && e.task === 'once').length, 1);
  assert.deepEqual(msgs(report, 'seen'), { a: 'from a', b: 'from a', c: 'from a' });
});

test('no_log hides args and result in events and the report, but register keeps the real result', async () => {
  const { report, events } = await run(`
- hosts: localhost
  tasks:
    - name: secret
      echo: "s3cr3t-value"
      no_log: true
      register: s
      loop: [1]
    - name: reveal length
      echo: "{{ length s.results.0.msg }}"
`);
  const shown = JSON.stringify(events) + JSON.stringify(report);
  assert.ok(!shown.includes('s3cr3t-value'), 'secret leaked');
  assert.match(String(msgs(report, 'secret').localhost), /hidden due to no_log/);
  assert.deepEqual(msgs(report, 'reveal length'), { localhost: '12' });
  assert.ok(events.some((e) => e.type === 'host_result' && e.task === 'secret' && e.noLog === true));
});

test('check mode: modules without check support are skipped; ansible_check_mode is set', async () => {
  const { report } = await run(
    `
- hosts: localhost
  tasks:
    - {name: nc, nocheck: {}}
    - {name: flag, echo: "{{ ansible_check_mode }}"}
`,
    undefined,
    { check: true },
  );
  assert.equal(statuses(report, 'nc').localhost, 'skipped');
  assert.deepEqual(msgs(report, 'flag'), { localhost: 'true' });
});

test('block: when, vars, tags and ignore_errors are inherited by the tasks inside', async () => {
  const { report } = await run(`
- hosts: localhost
  vars: {v: play}
  tasks:
    - name: outer
      vars: {v: block}
      ignore_errors: true
      block:
        - {name: sees, echo: "{{ v }}"}
        - {name: task vars win, echo: "{{ v }}", vars: {v: task}}
        - {name: fails, boom: x}
        - {name: goes on, echo: ok}
    - name: skipped block
      when: false
      block:
        - {name: inner skipped, echo: x}
    - {name: after, echo: "{{ v }}"}
`);
  assert.deepEqual(msgs(report, 'sees'), { localhost: 'block' });
  assert.deepEqual(msgs(report, 'task vars win'), { localhost: 'task' });
  assert.equal(statuses(report, 'goes on').localhost, 'ok');
  assert.equal(statuses(report, 'inner skipped').localhost, 'skipped');
  assert.deepEqual(msgs(report, 'after'), { localhost: 'play' });
});

test('delegate_to runs the module through the delegate host connector', async () => {
  const writes: string[] = [];
  const { memoryConnector } = await import('./harness.js');
  await run(
    `
- hosts: a
  tasks:
    - {name: t, touch: {path: /x}, delegate_to: c}
`,
    INV3,
    { connect: async (h) => memoryConnector(h, writes) },
  );
  assert.deepEqual(writes, ['c:/x']);
});
