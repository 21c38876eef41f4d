import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deckhand, STACK, workspace } from './deckhand.js';

const play = (tasks: string) => `- name: p\n  hosts: localhost\n  tasks:\n${tasks}`;
const TWO_PROBLEMS = play(
  '    - name: a\n      debugg: { msg: x }\n    - name: b\n      copy: { content: x, dest: 1 }\n',
);

test('validate: a valid playbook and inventory exit 0', async (t) => {
  const ws = await workspace({
    'play.yaml': play("    - name: a\n      debug: { msg: '{{x}}' }\n"),
    'inv.yaml': 'all:\n  hosts:\n    h1: { ansible_connection: local }\n',
  });
  t.after(ws.cleanup);
  const r = await deckhand(['validate', 'play.yaml', '-i', 'inv.yaml'], { cwd: ws.dir });
  assert.equal(r.code, 0, r.all);
  assert.equal(r.stdout, 'play.yaml: valid');
});

test('validate reports every problem at once with file:line:col, exit 1', async (t) => {
  const ws = await workspace({ 'play.yaml': TWO_PROBLEMS });
  t.after(ws.cleanup);
  const r = await deckhand(['validate', 'play.yaml'], { cwd: ws.dir });
  assert.equal(r.code, 1, r.all);
  assert.match(r.stderr, /^error: play\.yaml:5:\d+: .*debugg/m);
  assert.match(r.stderr, /^error: play\.yaml:7:\d+: .*dest/m);
  assert.match(r.stderr, /2 problems$/);
  assert.doesNotMatch(r.all, STACK);
});

test('validate --json lists the problems with code and position', async (t) => {
  const ws = await workspace({ 'play.yaml': TWO_PROBLEMS });
  t.after(ws.cleanup);
  const r = await deckhand(['validate', 'play.yaml', '--json'], { cwd: ws.dir });
  assert.equal(r.code, 1, r.all);
  const out = JSON.parse(r.stdout) as {
    valid: boolean;
    problems: { code: string; file: string; line: number }[];
  };
  assert.equal(out.valid, false);
  assert.deepEqual(
    out.problems.map((p) => [p.file, p.line]),
    [
      ['play.yaml', 5],
      ['play.yaml', 7],
    ],
  );
  for (const p of out.problems) assert.match(p.code, /^E_/);
});

test('validate checks the inventory too', async (t) => {
  const ws = await workspace({
    'play.yaml': play('    - debug: { msg: x }\n'),
    'inv.yaml': 'all:\n  hosts:\n    h1: [\n',
  });
  t.after(ws.cleanup);
  const r = await deckhand(['validate', 'play.yaml', '-i', 'inv.yaml'], { cwd: ws.dir });
  assert.equal(r.code, 1, r.all);
  assert.match(r.stderr, /inv\.yaml:\d+:\d+/);
  assert.doesNotMatch(r.all, STACK);
});
