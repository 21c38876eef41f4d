/**
 * Bad input through the built CLI: each case asserts the exit code (1 usage/validation before anything
 * runs, 2 a host failed at run time), that the message names the place (file:line:col, or the task,
 * host and field), and that no stack trace is printed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deckhand, STACK, workspace } from './deckhand.js';

interface Case {
  name: string;
  files: Record<string, string>;
  args?: string[];
  code: 1 | 2;
  /** Each must match the combined output. */
  expect: RegExp[];
}

const INV =
  'all:\n  hosts:\n    h1: { ansible_connection: local }\n  children:\n    web:\n      hosts: { h1: {} }\n';
const play = (tasks: string, extra = '') => `- name: p\n  hosts: localhost\n${extra}  tasks:\n${tasks}`;

const cases: Case[] = [
  {
    name: 'malformed YAML',
    files: { 'play.yaml': '- name: p\n  hosts: [localhost\n  tasks: []\n' },
    code: 1,
    expect: [/play\.yaml:\d+:\d+/],
  },
  {
    name: 'a tab indent',
    files: { 'play.yaml': '- name: p\n  hosts: localhost\n  tasks:\n\t- debug: { msg: x }\n' },
    code: 1,
    expect: [/play\.yaml:4:\d+/],
  },
  {
    name: 'duplicate keys',
    files: { 'play.yaml': '- name: p\n  hosts: localhost\n  hosts: all\n  tasks: []\n' },
    code: 1,
    expect: [/play\.yaml:3:\d+/],
  },
  {
    name: 'an unknown module, with a did-you-mean',
    files: { 'play.yaml': play('    - name: t\n      debugg: { msg: x }\n') },
    code: 1,
    expect: [/play\.yaml:5:\d+/, /did you mean[^\n]*debug/i],
  },
  {
    name: 'an unknown task key, with a did-you-mean',
    files: { 'play.yaml': play('    - name: t\n      debug: { msg: x }\n      whenn: true\n') },
    code: 1,
    expect: [/play\.yaml:6:\d+/, /did you mean[^\n]*when/i],
  },
  {
    name: 'two modules in one task',
    files: { 'play.yaml': play('    - name: t\n      debug: { msg: x }\n      command: echo hi\n') },
    code: 1,
    expect: [/play\.yaml:\d+:\d+/, /debug|command/],
  },
  {
    name: 'a wrong argument type',
    files: { 'play.yaml': play('    - name: t\n      copy:\n        content: x\n        dest: [1, 2]\n') },
    code: 1,
    expect: [/play\.yaml:7:\d+/, /dest/],
  },
  {
    name: 'an unknown module argument',
    files: { 'play.yaml': play('    - name: t\n      command: { cmd: ls, chdri: /tmp }\n') },
    code: 1,
    expect: [/play\.yaml:\d+:\d+/, /chdri/],
  },
  {
    name: 'a playbook that is not a list of plays',
    files: { 'play.yaml': 'name: p\nhosts: localhost\n' },
    code: 1,
    expect: [/play\.yaml(:\d+:\d+)?/],
  },
  {
    name: 'a bad regex',
    files: {
      'play.yaml': play(
        '    - name: bad regex\n      debug: { msg: x }\n      when: \'{{match "a" "(["}}\'\n',
      ),
    },
    code: 2,
    expect: [/bad regex/, /localhost/],
  },
  {
    name: 'loop over a non-list',
    files: {
      'play.yaml': play(
        "    - name: loopy\n      debug: { msg: '{{item}}' }\n      loop: '{{name}}'\n",
        '  vars: { name: text }\n',
      ),
    },
    code: 2,
    expect: [/loopy/, /localhost/, /loop/],
  },
  {
    name: 'a when rendering to neither true nor false',
    files: {
      'play.yaml': play(
        "    - name: vague\n      debug: { msg: x }\n      when: '{{name}}'\n",
        '  vars: { name: maybe }\n',
      ),
    },
    code: 2,
    expect: [/vague/, /localhost/, /maybe/],
  },
  {
    name: 'an undefined variable',
    files: { 'play.yaml': play("    - name: greet\n      debug: { msg: 'hi {{nobody}}' }\n") },
    code: 2,
    expect: [/nobody/, /greet/, /localhost/],
  },
  {
    name: 'a failed_when that is not a boolean',
    files: {
      'play.yaml': play('    - name: judge\n      command: echo ok\n      failed_when: \'{{trim " x "}}\'\n'),
    },
    code: 2,
    expect: [/judge/, /failed_when/],
  },
  {
    name: 'an unknown host pattern',
    files: { 'inv.yaml': INV, 'play.yaml': '- name: p\n  hosts: webz\n  tasks:\n    - debug: { msg: x }\n' },
    args: ['-i', 'inv.yaml'],
    code: 1,
    expect: [/webz/],
  },
  {
    name: 'an unknown --limit pattern',
    files: { 'inv.yaml': INV, 'play.yaml': play('    - debug: { msg: x }\n') },
    args: ['-i', 'inv.yaml', '--limit', 'nosuchhost'],
    code: 1,
    expect: [/nosuchhost/],
  },
  {
    name: 'a missing vars file',
    files: { 'play.yaml': play('    - debug: { msg: x }\n', '  vars_files: [missing-vars.yaml]\n') },
    code: 1,
    expect: [/missing-vars\.yaml/],
  },
  {
    name: 'a missing inventory',
    files: { 'play.yaml': play('    - debug: { msg: x }\n') },
    args: ['-i', 'no-inventory.yaml'],
    code: 1,
    expect: [/no-inventory\.yaml/],
  },
  {
    name: 'a malformed inventory',
    files: { 'inv.yaml': 'all:\n  hosts:\n    h1: {\n', 'play.yaml': play('    - debug: { msg: x }\n') },
    args: ['-i', 'inv.yaml'],
    code: 1,
    expect: [/inv\.yaml:\d+:\d+/],
  },
  {
    name: 'a missing playbook',
    files: {},
    code: 1,
    expect: [/play\.yaml/],
  },
  {
    name: 'a missing -e @file',
    files: { 'play.yaml': play('    - debug: { msg: x }\n') },
    args: ['-e', '@nope-vars.yaml'],
    code: 1,
    expect: [/nope-vars\.yaml/],
  },
  {
    name: 'a malformed -e',
    files: { 'play.yaml': play('    - debug: { msg: x }\n') },
    args: ['-e', 'novalue'],
    code: 1,
    expect: [/-e novalue/],
  },
  {
    name: 'a bad --forks',
    files: { 'play.yaml': play('    - debug: { msg: x }\n') },
    args: ['--forks', '0'],
    code: 1,
    expect: [/forks/],
  },
  {
    name: 'an unknown option',
    files: { 'play.yaml': play('    - debug: { msg: x }\n') },
    args: ['--frks', '2'],
    code: 1,
    expect: [/--frks/],
  },
  {
    name: 'include_vars of a missing file',
    files: { 'play.yaml': play('    - name: load\n      include_vars: nothere.yaml\n') },
    code: 2,
    expect: [/nothere\.yaml/, /load/],
  },
];

test('bad input: exit code, the place named, no stack trace', { concurrency: 4 }, async (t) => {
  assert.ok(cases.length >= 15);
  await Promise.all(
    cases.map((c) =>
      t.test(c.name, async () => {
        const ws = await workspace(c.files);
        try {
          const r = await deckhand(['run', 'play.yaml', ...(c.args ?? [])], { cwd: ws.dir });
          assert.equal(r.code, c.code, `exit code for ${c.name}:\n${r.all}`);
          for (const re of c.expect) assert.match(r.all, re, `${c.name}: output should match ${re}`);
          assert.doesNotMatch(r.all, STACK, `${c.name}: no stack trace`);
          assert.doesNotMatch(r.all, /internal error/);
          if (c.code === 1) assert.match(r.stderr, /^error: /m);
        } finally {
          await ws.cleanup();
        }
      }),
    ),
  );
});
