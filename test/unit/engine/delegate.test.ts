import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoryConnector, run, INV3 } from './harness.js';

/** runWrites runs `tasks` on every host of INV3 and lists the writes as `connector-host:path`. */
async function runWrites(tasks: string): Promise<string[]> {
  const writes: string[] = [];
  await run(`- hosts: all\n  vars: {where: "/tmp/{{inventory_hostname}}"}\n  tasks:\n${tasks}`, INV3, {
    connect: async (host) => memoryConnector(host, writes),
  });
  return writes.sort();
}

test('delegation: the delegated host connection, the original host variables', async () => {
  const cases: Array<{ name: string; tasks: string; writes: string[] }> = [
    {
      name: 'no delegation',
      tasks: '    - touch: {path: "{{where}}"}\n',
      writes: ['a:/tmp/a', 'b:/tmp/b', 'c:/tmp/c'],
    },
    {
      name: 'delegate_to a templated host',
      tasks: '    - touch: {path: "{{where}}"}\n      delegate_to: "{{groups.db.[0]}}"\n',
      writes: ['c:/tmp/a', 'c:/tmp/b', 'c:/tmp/c'],
    },
    {
      name: 'delegate_to localhost (not in the inventory)',
      tasks: '    - touch: {path: "{{where}}"}\n      delegate_to: localhost\n',
      writes: ['localhost:/tmp/a', 'localhost:/tmp/b', 'localhost:/tmp/c'],
    },
    {
      name: 'local_action with a module key',
      tasks: '    - local_action: {module: touch, path: "{{where}}"}\n',
      writes: ['localhost:/tmp/a', 'localhost:/tmp/b', 'localhost:/tmp/c'],
    },
    {
      name: 'local_action as a string',
      tasks: '    - local_action: touch path={{where}}\n',
      writes: ['localhost:/tmp/a', 'localhost:/tmp/b', 'localhost:/tmp/c'],
    },
    {
      name: 'run_once with delegate_to: once, for the first host',
      tasks: '    - touch: {path: "{{where}}"}\n      run_once: true\n      delegate_to: localhost\n',
      writes: ['localhost:/tmp/a'],
    },
  ];
  for (const c of cases) assert.deepEqual(await runWrites(c.tasks), c.writes, c.name);
});

test('delegation: run_once + delegate_to registers the one result on every host', async () => {
  const writes: string[] = [];
  const { report } = await run(
    `
- hosts: all
  tasks:
    - touch: {path: /tmp/once}
      run_once: true
      delegate_to: localhost
      register: pushed
    - echo: "{{inventory_hostname}} sees changed={{pushed.changed}}"
`,
    INV3,
    { connect: async (host) => memoryConnector(host, writes) },
  );
  assert.deepEqual(writes, ['localhost:/tmp/once']);
  const said = report.plays[0]?.tasks[1]?.hosts ?? {};
  assert.deepEqual(
    Object.entries(said).map(([h, r]) => [h, r.result.msg]),
    [
      ['a', 'a sees changed=true'],
      ['b', 'b sees changed=true'],
      ['c', 'c sees changed=true'],
    ],
  );
});

test('local_action naming an unknown module is refused with a hint', async () => {
  await assert.rejects(
    run('- hosts: localhost\n  tasks:\n    - local_action: tuch path=/x\n'),
    (e: Error) => {
      assert.match(
        e.message,
        /playbook\.yaml:3:21: .*unknown module "tuch" in local_action.*did you mean "touch"/,
      );
      return true;
    },
  );
});
