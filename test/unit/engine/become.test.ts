import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Connector, Module, ModuleResult } from '../../../src/module.js';
import { msgs, run, statuses, testModules } from './harness.js';

/** probe calls every connector method once and reports what the connector saw. */
const probe: Module = {
  name: 'probe',
  schema: { type: 'object' },
  checkMode: true,
  async run(_args, ctx): Promise<ModuleResult> {
    const r = await ctx.connector.exec({ argv: ['id', '-u'] });
    await ctx.connector.readFile('/r');
    await ctx.connector.writeFile('/w', Buffer.from('x'));
    await ctx.connector.stat('/s');
    return { changed: false, msg: r.stdout };
  },
};
const modules = new Map([...testModules, ['probe', probe]]);

/**
 * recording is a connector that answers an argv exec with the become it was asked for, logs file
 * calls, and answers become-user-files.ts' scripts the way a host without those files would.
 */
function recording(host: string, log: string[]): Connector {
  const b = (o?: { become?: boolean }) => String(o?.become);
  return {
    kind: 'ssh',
    host,
    exec: async (req) => {
      const as = `${String(req.become)}/${req.becomeUser ?? '-'}`;
      if (req.argv) return { rc: 0, stdout: as, stderr: '' };
      const op = req.shell?.includes('mktemp') ? 'write' : req.shell?.includes('base64') ? 'read' : 'stat';
      log.push(`${op} via exec as ${as}`);
      if (op === 'read') return { rc: 1, stdout: '', stderr: '__DECKHAND_ENOENT__\n' };
      return { rc: 0, stdout: op === 'stat' ? '__DECKHAND_ENOENT__\n' : '', stderr: '' };
    },
    readFile: async (_p, o) => (log.push(`read ${b(o)}`), null),
    writeFile: async (_p, _c, o) => void log.push(`write ${b(o)}`),
    stat: async (_p, o) => (log.push(`stat ${b(o)}`), null),
    close: async () => void log.push('close'),
  };
}

const INV = 'all:\n  hosts: {h: {}}\n';

async function probeRun(playbook: string, log: string[] = []) {
  return run(playbook, INV, { modules, connect: async (host) => recording(host, log) });
}

test('become: the nearest keyword wins (task over block over play); false turns it off', async () => {
  const cases: Array<{ name: string; play: string; tasks: string; want: string; then?: string }> = [
    { name: 'no keyword', play: '', tasks: '    - {name: t, probe: {}}\n', want: 'undefined/-' },
    { name: 'play', play: '  become: true\n', tasks: '    - {name: t, probe: {}}\n', want: 'true/-' },
    { name: 'task', play: '', tasks: '    - {name: t, probe: {}, become: true}\n', want: 'true/-' },
    {
      name: 'task false under a become play',
      play: '  become: true\n',
      tasks: '    - {name: t, probe: {}, become: false}\n',
      want: 'false/-',
    },
    {
      name: 'block inherited by its tasks',
      play: '',
      tasks: '    - become: true\n      block:\n        - {name: t, probe: {}}\n',
      want: 'true/-',
    },
    {
      name: 'task false inside a become block',
      play: '',
      tasks: '    - become: true\n      block:\n        - {name: t, probe: {}, become: false}\n',
      want: 'false/-',
    },
    {
      name: 'block false under a become play',
      play: '  become: true\n',
      tasks: '    - become: false\n      block:\n        - {name: t, probe: {}}\n',
      want: 'false/-',
    },
    {
      name: 'rescue and always inherit too',
      play: '',
      tasks:
        '    - become: true\n      block:\n        - boom: x\n      rescue:\n        - {name: t, probe: {}}\n',
      want: 'true/-',
    },
    {
      name: 'become_user on the play, become on the task',
      play: '  become_user: app\n',
      tasks: '    - {name: t, probe: {}, become: true}\n',
      want: 'true/app',
    },
    {
      name: 'become_user alone leaves become to the host',
      play: '',
      tasks: '    - {name: t, probe: {}, become_user: app}\n',
      want: 'undefined/app',
    },
    {
      name: 'task become_user overrides the block',
      play: '',
      tasks: '    - {become: true, become_user: a, block: [{name: t, probe: {}, become_user: b}]}\n',
      want: 'true/b',
    },
    {
      name: 'templates',
      play: '  vars: {sudo: true, who: svc}\n',
      tasks: '    - {name: t, probe: {}, become: "{{ sudo }}", become_user: "{{ who }}"}\n',
      want: 'true/svc',
    },
    {
      name: 'a quoted "no" and a variable holding "yes" read as booleans',
      play: '  become: "no"\n  vars: {sudo: "yes"}\n',
      tasks: '    - {name: t, probe: {}}\n    - {name: u, probe: {}, become: "{{ sudo }}"}\n',
      want: 'false/-',
      then: 'true/-',
    },
    {
      name: 'yes is a YAML boolean',
      play: '  become: yes\n',
      tasks: '    - {name: t, probe: {}}\n',
      want: 'true/-',
    },
  ];
  for (const c of cases) {
    const { report } = await probeRun(`- hosts: all\n${c.play}  tasks:\n${c.tasks}`);
    assert.deepEqual(msgs(report, 't'), { h: c.want }, c.name);
    if (c.then) assert.deepEqual(msgs(report, 'u'), { h: c.then }, c.name);
  }
});

test('become applies to file calls too, and the wrapper never closes the host connection', async () => {
  const log: string[] = [];
  await probeRun(
    '- hosts: all\n  tasks:\n    - {name: t, probe: {}, become: true}\n    - {name: u, probe: {}}\n',
    log,
  );
  assert.deepEqual(log, [
    'read true',
    'write true',
    'stat true',
    'read undefined',
    'write undefined',
    'stat undefined',
    'close',
  ]);
});

test('become: a loop item can decide, and handlers run with the play become', async () => {
  const { report } = await probeRun(`
- hosts: all
  become: true
  handlers:
    - {name: hd, probe: {}}
  tasks:
    - {name: t, probe: {}, become: "{{ item }}", loop: [true, false], register: r}
    - {name: e, echo: "{{ r.results.0.msg }} {{ r.results.1.msg }}", changed_when: true, notify: hd}
`);
  assert.deepEqual(msgs(report, 'e'), { h: 'true/- false/-' });
  assert.deepEqual(msgs(report, 'hd'), { h: 'true/-' });
});

test('become: a template that is not true or false fails the task with E_WHEN on field become', async () => {
  const { report, events } = await probeRun(
    '- hosts: all\n  vars: {v: maybe}\n  tasks:\n    - {name: t, probe: {}, become: "{{ v }}"}\n',
  );
  assert.deepEqual(statuses(report, 't'), { h: 'failed' });
  const ev = events.find((e) => e.type === 'host_result' && e.task === 't');
  const err = ev?.type === 'host_result' ? ev.error : undefined;
  assert.equal(err?.code, 'E_WHEN');
  assert.equal(err?.context.field, 'become');
  assert.equal(err?.context.line, 4);
});

test('become_user other than root: file calls run as that user through exec (writes staged by root)', async () => {
  const log: string[] = [];
  const { report } = await run(
    `- hosts: all
  tasks:
    - {name: t, probe: {}, become: true, become_user: app}
    - {name: u, probe: {}, become: true, become_user: root}
    - {name: v, probe: {}, become: false, become_user: app}
`,
    INV,
    { modules, connect: async (host) => recording(host, log) },
  );
  assert.deepEqual(msgs(report, 't'), { h: 'true/app' });
  assert.deepEqual(log, [
    'read via exec as true/app',
    'write true',
    'write via exec as true/app',
    'stat via exec as true/app',
    'read true',
    'write true',
    'stat true',
    'read false',
    'write false',
    'stat false',
    'close',
  ]);
});

test('become on roles and imports reaches their tasks; on include_tasks only the include itself', async () => {
  const files = {
    'roles/r/tasks/main.yaml': '- {name: t, probe: {}}\n',
    'inc.yaml': '- {name: t, probe: {}}\n',
  };
  const cases: Array<{ name: string; play: string; task: string; want: string }> = [
    {
      name: 'roles: entry',
      play: '  roles: [{role: r, become: true, become_user: app}]\n',
      task: 'r : t',
      want: 'true/app',
    },
    {
      name: 'import_role',
      play: '  tasks:\n    - {import_role: {name: r}, become: true}\n',
      task: 'r : t',
      want: 'true/-',
    },
    {
      name: 'import_tasks',
      play: '  tasks:\n    - {import_tasks: inc.yaml, become: true}\n',
      task: 't',
      want: 'true/-',
    },
    {
      name: 'include_tasks (as Ansible: use a block to apply it)',
      play: '  tasks:\n    - {include_tasks: inc.yaml, become: true}\n',
      task: 't',
      want: 'undefined/-',
    },
    {
      name: 'include_tasks in a become block',
      play: '  tasks:\n    - {become: true, block: [{include_tasks: inc.yaml}]}\n',
      task: 't',
      want: 'true/-',
    },
  ];
  for (const c of cases) {
    const { report } = await run(`- hosts: all\n${c.play}`, INV, {
      modules,
      files,
      connect: async (host) => recording(host, []),
    });
    assert.deepEqual(msgs(report, c.task), { h: c.want }, c.name);
  }
});
