import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DeckhandError } from '../../../src/errors.js';
import { parseYaml } from '../../../src/playbook/load.js';
import { validatePlaybookSource } from '../../../src/playbook/validate.js';
import { didYouMean } from '../../../src/playbook/hints.js';
import { testModules } from '../engine/harness.js';

function problems(yaml: string): DeckhandError[] {
  return validatePlaybookSource(parseYaml(yaml, 'pb.yaml'), testModules);
}

const task = (t: string): string => `- hosts: all\n  tasks:\n    - name: t\n${t}`;

test('each bad playbook gives an error with code, file:line:col, and what is wrong', () => {
  const cases: Array<[string, string, string, number, number, RegExp]> = [
    [
      'unknown module',
      task('      ecko: hi\n'),
      'E_SCHEMA',
      4,
      7,
      /unknown module or task keyword "ecko" \(did you mean "echo"\?\)/,
    ],
    [
      'unknown task key',
      task('      echo: hi\n      whenn: true\n'),
      'E_SCHEMA',
      5,
      7,
      /"whenn" \(did you mean "when"\?\)/,
    ],
    [
      'two modules',
      task('      echo: hi\n      boom: x\n'),
      'E_SCHEMA',
      5,
      7,
      /one module per task, found "echo" and "boom"/,
    ],
    ['no module', task('      when: true\n'), 'E_SCHEMA', 3, 7, /no module/],
    [
      'wrong argument type',
      task('      pattern: {regex: x, count: many}\n'),
      'E_SCHEMA',
      4,
      34,
      /pattern\.count: must be integer/,
    ],
    [
      'unknown argument',
      task('      pattern: {regex: x, cont: 1}\n'),
      'E_SCHEMA',
      4,
      27,
      /unknown key "cont" \(did you mean "count"\?\)/,
    ],
    [
      'missing argument',
      task('      pattern: {count: 1}\n'),
      'E_SCHEMA',
      4,
      16,
      /missing required key "regex"/,
    ],
    [
      'bad regex',
      task('      pattern: {regex: "([a-z"}\n'),
      'E_REGEX',
      4,
      24,
      /not a valid regular expression/,
    ],
    [
      'loop not a list',
      task('      echo: hi\n      loop: 5\n'),
      'E_SCHEMA',
      5,
      13,
      /task "t": loop: must be array or string/,
    ],
    [
      'when wrong type',
      task('      echo: hi\n      when: {a: 1}\n'),
      'E_SCHEMA',
      5,
      13,
      /when: must be boolean or string or array/,
    ],
    [
      'register not a name',
      task('      echo: hi\n      register: "a b"\n'),
      'E_SCHEMA',
      5,
      17,
      /register: must match pattern/,
    ],
    [
      'block with module',
      task('      echo: hi\n      block: []\n'),
      'E_SCHEMA',
      4,
      7,
      /a block cannot also run a module/,
    ],
    [
      'loop on block',
      task('      loop: [1]\n      block: []\n'),
      'E_SCHEMA',
      4,
      7,
      /"loop" cannot be used on a block/,
    ],
    [
      'rescue without block',
      task('      echo: hi\n      rescue: []\n'),
      'E_SCHEMA',
      5,
      7,
      /"rescue" needs a "block"/,
    ],
    [
      'unknown play key',
      '- hosts: all\n  taks: []\n',
      'E_SCHEMA',
      2,
      3,
      /unknown key "taks" \(did you mean "tasks"\?\)/,
    ],
    ['missing hosts', '- name: x\n  tasks: []\n', 'E_SCHEMA', 1, 3, /missing required key "hosts"/],
    ['not a list of plays', 'hosts: all\n', 'E_SCHEMA', 1, 1, /playbook: must be array/],
    [
      'missing vars file',
      '- hosts: all\n  vars_files: [nope.yaml]\n',
      'E_FILE',
      2,
      16,
      /vars file not found: nope\.yaml/,
    ],
    [
      'nested in block',
      task('      block:\n        - name: inner\n          echo: {msg: x, bad: 1}\n'),
      'E_SCHEMA',
      6,
      26,
      /task "inner": echo\.bad|unknown key "bad"/,
    ],
  ];
  for (const [name, yaml, code, line, col, msg] of cases) {
    const errs = problems(yaml);
    assert.ok(errs.length >= 1, `${name}: no error`);
    const e = errs[0] as DeckhandError;
    assert.equal(e.code, code, `${name}: ${e.message}`);
    assert.match(e.message, msg, name);
    assert.equal(`${e.context.line}:${e.context.col}`, `${line}:${col}`, `${name}: ${e.message}`);
    assert.ok(e.message.startsWith(`pb.yaml:${line}:${col}: `), `${name}: ${e.message}`);
    assert.equal(e.context.file, 'pb.yaml');
  }
});

test('task errors carry the task name and the field', () => {
  const [e] = problems(task('      pattern: {regex: x, count: many}\n'));
  assert.equal(e?.context.task, 't');
  assert.equal(e?.context.field, 'pattern.count');
  assert.equal(e?.context.path, '[0].tasks[0].pattern.count');
});

test('every problem is reported, not just the first', () => {
  const errs = problems(
    task(
      '      ecko: hi\n    - name: u\n      echo: hi\n      loop: 5\n    - name: v\n      pattern: {regex: "("}\n',
    ),
  );
  assert.deepEqual(
    errs.map((e) => e.code),
    ['E_SCHEMA', 'E_SCHEMA', 'E_REGEX'],
  );
});

test('template arguments are not judged before they are rendered; valid playbooks pass', () => {
  const ok = [
    task('      pattern: {regex: "{{ r }}", count: "{{ n }}"}\n'),
    task('      echo: "{{ x }}"\n      loop: "{{ items }}"\n      when: ["{{ a }}", true]\n'),
    task(
      '      ansible.builtin.echo: hi\n      register: out\n      tags: [a, b]\n      retries: 2\n      delay: 0\n      until: "{{ out.ok }}"\n',
    ),
    '- hosts: all\n  serial: "30%"\n  pre_tasks: []\n  post_tasks:\n    - block:\n        - echo: x\n      rescue:\n        - echo: y\n      always: []\n',
  ];
  for (const yaml of ok)
    assert.deepEqual(
      problems(yaml).map((e) => e.message),
      [],
      yaml,
    );
});

test('did you mean: close words only', () => {
  assert.equal(didYouMean('comand', ['command', 'shell', 'copy']), 'command');
  assert.equal(didYouMean('xyzzy', ['command', 'shell', 'copy']), undefined);
  assert.equal(didYouMean('Debug', ['debug']), 'debug');
});
