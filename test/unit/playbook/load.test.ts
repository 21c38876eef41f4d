import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DeckhandError } from '../../../src/errors.js';
import { formatPath, parseYaml, positionOf } from '../../../src/playbook/load.js';

test('YAML errors are E_YAML naming file:line:col', () => {
  const cases: Array<[string, string, number, number, RegExp]> = [
    ['duplicate key', 'a: 1\nb:\n  c: 1\n  c: 2\n', 4, 3, /duplicate key/],
    ['tab indent', 'a:\n\t- 1\n', 2, 1, /tab/i],
    ['unclosed flow', 'a: [1, 2\nb: 3\n', 2, 1, /./],
    ['bad indentation', 'a:\n  b: 1\n c: 2\n', 3, 1, /same column/],
  ];
  for (const [name, text, line, col, msg] of cases) {
    assert.throws(
      () => parseYaml(text, 'f.yaml'),
      (e: DeckhandError) =>
        e.code === 'E_YAML' &&
        e.context.file === 'f.yaml' &&
        e.context.line === line &&
        e.context.col === col &&
        e.message.startsWith(`f.yaml:${line}:${col}: `) &&
        msg.test(e.message),
      name,
    );
  }
});

test('an alias bomb is refused, not expanded', () => {
  let text = 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
  for (let i = 1; i < 8; i++)
    text += `a${i}: &a${i} [${Array(10)
      .fill(`*a${i - 1}`)
      .join(', ')}]\n`;
  assert.throws(
    () => parseYaml(text, 'bomb.yaml'),
    (e: DeckhandError) => e.code === 'E_YAML' && /alias/i.test(e.message),
  );
  // A few aliases are fine, and merge keys work as Ansible users expect.
  assert.deepEqual(parseYaml('a: &x [1]\nb: *x\n', 'ok.yaml').value, { a: [1], b: [1] });
  assert.deepEqual(parseYaml('d: &d {x: 1, y: 2}\ne:\n  <<: *d\n  y: 3\n', 'm.yaml').value, {
    d: { x: 1, y: 2 },
    e: { x: 1, y: 3 },
  });
});

test('positionOf maps a path to line and column (values, keys, and the nearest parent of a missing key)', () => {
  const src = parseYaml(
    '- hosts: all\n  tasks:\n    - name: x\n      debug: {msg: hi}\n      when: 3\n',
    'p.yaml',
  );
  const cases: Array<[Array<string | number>, boolean, number, number]> = [
    [[0, 'tasks', 0, 'when'], false, 5, 13],
    [[0, 'tasks', 0, 'when'], true, 5, 7],
    [[0, 'tasks', 0, 'debug', 'msg'], false, 4, 20],
    [[0, 'tasks', 0, 'missing'], false, 3, 7],
    [[0], false, 1, 3],
  ];
  for (const [path, key, line, col] of cases) {
    assert.deepEqual(positionOf(src, path, { key }), { file: 'p.yaml', line, col }, formatPath(path));
  }
  assert.equal(formatPath([0, 'tasks', 2, 'when']), '[0].tasks[2].when');
});

test('scalars read as Ansible reads them: yes/no/on/off booleans, 0644 octal; y/n, dates and 22:22 stay strings', () => {
  const text =
    'a: yes\nb: No\nc: on\nd: OFF\ne: 0644\nf: 0x1F\ng: "yes"\nh: y\ni: n\nj: 2024-01-01\nk: 22:22\nl: 1.5\nm: ~\n';
  assert.deepEqual(parseYaml(text, 's.yaml').value, {
    a: true,
    b: false,
    c: true,
    d: false,
    e: 0o644,
    f: 31,
    g: 'yes',
    h: 'y',
    i: 'n',
    j: '2024-01-01',
    k: '22:22',
    l: 1.5,
    m: null,
  });
});
