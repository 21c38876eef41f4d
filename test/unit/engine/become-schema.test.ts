import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { validatePlaybook } from '../../../src/engine/validate-playbook.js';
import { testModules, writeFiles, INV3 } from './harness.js';

async function problems(playbook: string): Promise<Array<{ code: string; at: string; message: string }>> {
  const dir = await writeFiles({ 'pb.yaml': playbook, 'inv.yaml': INV3 });
  const errs = await validatePlaybook({
    playbookPath: join(dir, 'pb.yaml'),
    inventoryPaths: [join(dir, 'inv.yaml')],
    modules: testModules,
  });
  return errs.map((e) => ({
    code: e.code,
    at: `${String(e.context.line)}:${String(e.context.col)}`,
    message: e.message,
  }));
}

test('become/become_user values the schema accepts on plays, blocks and tasks', async () => {
  const ok = [
    '- hosts: all\n  become: true\n  become_user: app\n  tasks: []\n',
    '- hosts: all\n  become: yes\n  tasks: []\n',
    '- hosts: all\n  become: "no"\n  tasks: []\n',
    '- hosts: all\n  tasks:\n    - {echo: hi, become: on, become_user: "{{ who }}"}\n',
    '- hosts: all\n  tasks:\n    - {echo: hi, become: "{{ use_sudo }}"}\n',
    '- hosts: all\n  tasks:\n    - become: false\n      become_user: root\n      block: [{echo: hi}]\n',
  ];
  for (const pb of ok) assert.deepEqual(await problems(pb), [], pb);
});

test('bad become/become_user values are schema errors with file:line:col', async () => {
  const cases: Array<{ pb: string; at: string; field: RegExp }> = [
    { pb: '- hosts: all\n  become: 3\n  tasks: []\n', at: '2:11', field: /become/ },
    { pb: '- hosts: all\n  tasks:\n    - echo: hi\n      become: 3\n', at: '4:15', field: /become/ },
    { pb: '- hosts: all\n  tasks:\n    - echo: hi\n      become: maybe\n', at: '4:15', field: /become/ },
    {
      pb: '- hosts: all\n  tasks:\n    - become: [true]\n      block: [{echo: hi}]\n',
      at: '3:15',
      field: /become/,
    },
    { pb: '- hosts: all\n  become_user: 5\n  tasks: []\n', at: '2:16', field: /become_user/ },
    { pb: '- hosts: all\n  become_user: ""\n  tasks: []\n', at: '2:16', field: /become_user/ },
  ];
  for (const c of cases) {
    const errs = await problems(c.pb);
    assert.equal(errs.length, 1, `${c.pb}: ${JSON.stringify(errs)}`);
    assert.equal(errs[0]?.code, 'E_SCHEMA', c.pb);
    assert.equal(errs[0]?.at, c.at, `${c.pb}: ${errs[0]?.message}`);
    assert.match(errs[0]?.message ?? '', /pb\.yaml:\d+:\d+/, c.pb);
    assert.match(errs[0]?.message ?? '', c.field, c.pb);
  }
});
