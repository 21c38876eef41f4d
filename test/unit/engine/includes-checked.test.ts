import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DeckhandError } from '../../../src/errors.js';
import { run } from './harness.js';

test('include_tasks/include_role with a written-out target are checked before anything runs', async () => {
  const cases: Array<{ name: string; task: string; files: Record<string, string>; match: RegExp }> = [
    {
      name: 'missing include_tasks file',
      task: 'include_tasks: gone.yaml',
      files: {},
      match: /playbook\.yaml:3:\d+: .*gone\.yaml/,
    },
    {
      name: 'a problem inside the included file',
      task: 'include_tasks: bad.yaml',
      files: { 'bad.yaml': '- echo: ok\n- ecko: typo\n' },
      match: /bad\.yaml:2:3: .*"ecko"/,
    },
    {
      name: 'missing include_role',
      task: 'include_role: {name: absent}',
      files: {},
      match: /role "absent" not found/,
    },
  ];
  for (const c of cases) {
    const ran: string[] = [];
    await assert.rejects(
      run(`- hosts: localhost\n  tasks:\n    - ${c.task}\n    - echo: never\n`, undefined, {
        files: c.files,
        onEvent: (e) => void (e.type === 'task_start' && ran.push(e.task)),
      }),
      (e: DeckhandError) => {
        assert.match([e.message, ...e.details].join('\n'), c.match, c.name);
        return true;
      },
    );
    assert.deepEqual(ran, [], `${c.name}: nothing ran`);
  }
});
