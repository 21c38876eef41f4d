import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseYaml } from '../../../src/playbook/load.js';
import { validatePlaybookSource, validateTasksSource } from '../../../src/playbook/validate.js';
import { testModules } from '../engine/harness.js';

const check = (yaml: string) => validatePlaybookSource(parseYaml(yaml, 'pb.yaml'), testModules);

test('roles, handlers, includes and delegation keywords: what the schema accepts and refuses', () => {
  const cases: Array<{ name: string; yaml: string; ok: boolean; at?: RegExp }> = [
    { name: 'role names', yaml: '- hosts: all\n  roles: [a, b]\n', ok: true },
    {
      name: 'role objects with role or name',
      yaml: '- hosts: all\n  roles:\n    - {role: a, vars: {x: 1}, when: true, tags: [t]}\n    - {name: b}\n',
      ok: true,
    },
    {
      name: 'role object without a role',
      yaml: '- hosts: all\n  roles:\n    - {vars: {x: 1}}\n',
      ok: false,
      at: /pb\.yaml:3:7/,
    },
    {
      name: 'unknown role key',
      yaml: '- hosts: all\n  roles:\n    - {role: a, varz: {}}\n',
      ok: false,
      at: /pb\.yaml:3:/,
    },
    {
      name: 'max_fail_percentage over 100',
      yaml: '- hosts: all\n  max_fail_percentage: 150\n',
      ok: false,
      at: /pb\.yaml:2:24/,
    },
    {
      name: 'handlers with listen, tasks with notify',
      yaml: '- hosts: all\n  handlers: [{name: h, echo: x, listen: [t]}]\n  tasks: [{echo: x, notify: [h, t]}]\n',
      ok: true,
    },
    {
      name: 'unknown module in a handler',
      yaml: '- hosts: all\n  handlers: [{name: h, ecko: x}]\n',
      ok: false,
      at: /pb\.yaml:2:24: .*did you mean "echo"/,
    },
    { name: 'meta flush_handlers', yaml: '- hosts: all\n  tasks: [{meta: flush_handlers}]\n', ok: true },
    {
      name: 'meta unknown',
      yaml: '- hosts: all\n  tasks: [{meta: end_all}]\n',
      ok: false,
      at: /pb\.yaml:2:/,
    },
    {
      name: 'include_tasks with loop',
      yaml: '- hosts: all\n  tasks: [{include_tasks: "{{f}}.yaml", loop: [a]}]\n',
      ok: true,
    },
    {
      name: 'an include cannot also run a module',
      yaml: '- hosts: all\n  tasks: [{include_tasks: a.yaml, echo: x}]\n',
      ok: false,
      at: /pb\.yaml:2:35: .*"include_tasks" cannot be combined with "echo"/,
    },
    { name: 'import_playbook with when', yaml: '- import_playbook: other.yaml\n  when: false\n', ok: true },
    {
      name: 'import_playbook with hosts',
      yaml: '- import_playbook: other.yaml\n  hosts: all\n',
      ok: false,
      at: /pb\.yaml:2:/,
    },
    {
      name: 'local_action with a bad argument',
      yaml: '- hosts: all\n  tasks: [{local_action: {module: boom, msg: 3}}]\n',
      ok: false,
      at: /pb\.yaml:2:\d+: .*msg/,
    },
    {
      name: 'local_action',
      yaml: '- hosts: all\n  tasks: [{local_action: {module: echo, msg: hi}}]\n',
      ok: true,
    },
  ];
  for (const c of cases) {
    const errs = check(c.yaml);
    assert.equal(errs.length === 0, c.ok, `${c.name}: ${errs.map((e) => e.message).join('; ')}`);
    if (c.at) assert.match(errs.map((e) => e.message).join('\n'), c.at, c.name);
  }
});

test('a tasks file (role tasks, import_tasks) is a list of tasks, checked like a play section', () => {
  const cases: Array<[string, RegExp | undefined]> = [
    ['- echo: hi\n- block: [{echo: x}]\n', undefined],
    ['', undefined],
    ['echo: hi\n', /tf\.yaml:1:1: .*tasks file/],
    ['- echo: hi\n  loop: 3\n', /tf\.yaml:2:9: task "echo": loop/],
  ];
  for (const [yaml, problem] of cases) {
    const errs = validateTasksSource(parseYaml(yaml, 'tf.yaml'), testModules);
    if (!problem) assert.deepEqual(errs, [], yaml);
    else assert.match(errs.map((e) => e.message).join('\n'), problem, yaml);
  }
});
