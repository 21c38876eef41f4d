import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseExtraVars, scalar } from '../../../src/cli/extra-vars.js';

const scalars: [string, unknown][] = [
  ['8080', 8080],
  ['1.5', 1.5],
  ['true', true],
  ['false', false],
  ['null', null],
  ['', ''],
  ['hello world', 'hello world'],
  ['"quoted # x"', 'quoted # x'],
  ['a # not a comment', 'a # not a comment'],
  ['[1, 2]', '[1, 2]'],
  ['a: b', 'a: b'],
  ['v1.29.3', 'v1.29.3'],
];
for (const [text, value] of scalars) {
  test(`scalar ${JSON.stringify(text)} → ${JSON.stringify(value)}`, () =>
    assert.deepEqual(scalar(text), value));
}

test('parseExtraVars merges KEY=VALUE, @file and {mapping}, later wins', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'deckhand-ev-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await writeFile(join(dir, 'v.yaml'), 'a: 1\nlist: [x]\n');
  const vars = await parseExtraVars(['a=0', '@v.yaml', 'b=x=y', '{"c": {"d": 2}}', 'a=3'], dir);
  assert.deepEqual(vars, { a: 3, list: ['x'], b: 'x=y', c: { d: 2 } });
});

const bad: [string, string, string][] = [
  ['no equals', 'novalue', 'E_USAGE'],
  ['bad key', '1a=2', 'E_USAGE'],
  ['missing file', '@nope.yaml', 'E_FILE'],
  ['file is a list', '@list.yaml', 'E_USAGE'],
  ['file is malformed', '@bad.yaml', 'E_YAML'],
  ['bad inline mapping', '{a: [}', 'E_USAGE'],
];
for (const [name, arg, code] of bad) {
  test(`parseExtraVars rejects ${name} with ${code}`, async (t) => {
    const dir = await mkdtemp(join(tmpdir(), 'deckhand-ev-'));
    t.after(() => rm(dir, { recursive: true, force: true }));
    await writeFile(join(dir, 'list.yaml'), '- 1\n');
    await writeFile(join(dir, 'bad.yaml'), 'a: [\n');
    await assert.rejects(parseExtraVars([arg], dir), { code });
  });
}
