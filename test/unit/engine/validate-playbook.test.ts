import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { DeckhandError } from '../../../src/errors.js';
import { validatePlaybook } from '../../../src/engine/validate-playbook.js';
import { runPlaybook } from '../../../src/engine/run-playbook.js';
import { testModules, writeFiles, INV3 } from './harness.js';

async function validate(
  playbook: string,
  inventory = INV3,
  extra: Record<string, string> = {},
): Promise<DeckhandError[]> {
  const dir = await writeFiles({ 'pb.yaml': playbook, 'inv.yaml': inventory, ...extra });
  return validatePlaybook({
    playbookPath: join(dir, 'pb.yaml'),
    inventoryPaths: [join(dir, 'inv.yaml')],
    modules: testModules,
  });
}

test('a valid playbook has no problems', async () => {
  const errs = await validate(
    '- hosts: web:&prod\n  vars_files: [v.yaml]\n  tasks:\n    - {name: t, echo: "{{ upper x }}"}\n',
    INV3,
    {
      'v.yaml': 'x: 1\n',
    },
  );
  assert.deepEqual(
    errs.map((e) => e.message),
    [],
  );
});

test('host patterns, vars files and templates are checked before running, each with a position', async () => {
  const cases: Array<[string, Record<string, string>, string, number, number, RegExp]> = [
    [
      '- hosts: web:&prd\n  tasks: []\n',
      {},
      'E_HOST_PATTERN',
      1,
      10,
      /no host or group named "prd" \(did you mean "prod"\?\)/,
    ],
    [
      '- hosts: all\n  vars_files: [v.yaml]\n  tasks: []\n',
      { 'v.yaml': '- not a map\n' },
      'E_SCHEMA',
      1,
      1,
      /must be a mapping/,
    ],
    [
      '- hosts: all\n  vars_files: [v.yaml]\n  tasks: []\n',
      { 'v.yaml': 'a: 1\na: 2\n' },
      'E_YAML',
      2,
      1,
      /duplicate key/,
    ],
    [
      '- hosts: all\n  tasks:\n    - {name: t, echo: "{{ uper x }}"}\n',
      {},
      'E_TEMPLATE',
      3,
      23,
      /task "t": echo: unknown helper "uper" \(did you mean "upper"\?\)/,
    ],
    [
      '- hosts: all\n  tasks:\n    - {name: t, echo: x, when: "{{ eq x }"}\n',
      {},
      'E_TEMPLATE',
      3,
      32,
      /task "t": when: bad template/,
    ],
    [
      '- hosts: all\n  vars: {a: "{{ #bad }}"}\n  tasks: []\n',
      {},
      'E_TEMPLATE',
      2,
      13,
      /vars\.a: bad template/,
    ],
  ];
  for (const [pb, files, code, line, col, msg] of cases) {
    const errs = await validate(pb, INV3, files);
    const e = errs[0];
    assert.ok(e, pb);
    assert.equal(e.code, code, e.message);
    assert.match(e.message, msg);
    assert.equal(`${e.context.line}:${e.context.col}`, `${line}:${col}`, e.message);
  }
});

test('all problems are returned: playbook and inventory together', async () => {
  const errs = await validate(
    '- hosts: all\n  tasks:\n    - {name: t, ecko: x}\n    - {name: u, echo: x, loop: 5}\n',
    'all:\n  hots: {}\n',
  );
  assert.deepEqual(
    errs.map((e) => e.code),
    ['E_SCHEMA', 'E_SCHEMA', 'E_INVENTORY'],
  );
});

test('runPlaybook throws the first problem with the others as details; --limit is checked too', async () => {
  const dir = await writeFiles({
    'pb.yaml': '- hosts: all\n  tasks:\n    - {name: t, ecko: x}\n    - {name: u, boomm: x}\n',
    'inv.yaml': INV3,
  });
  const base = {
    playbookPath: join(dir, 'pb.yaml'),
    inventoryPaths: [join(dir, 'inv.yaml')],
    extraVars: {},
    forks: 5,
    check: false,
    modules: testModules,
  };
  await assert.rejects(
    runPlaybook(base),
    (e: DeckhandError) => e.code === 'E_SCHEMA' && e.details.length === 1 && /boomm/.test(e.details[0] ?? ''),
  );
  const dir2 = await writeFiles({ 'pb.yaml': '- hosts: all\n  tasks: []\n', 'inv.yaml': INV3 });
  await assert.rejects(
    runPlaybook({
      ...base,
      playbookPath: join(dir2, 'pb.yaml'),
      inventoryPaths: [join(dir2, 'inv.yaml')],
      limit: 'wbe',
    }),
    (e: DeckhandError) =>
      e.code === 'E_HOST_PATTERN' && e.context.field === 'limit' && /did you mean "web"/.test(e.message),
  );
  const r = await runPlaybook({
    ...base,
    playbookPath: join(dir2, 'pb.yaml'),
    inventoryPaths: [join(dir2, 'inv.yaml')],
    limit: 'db:a',
  });
  assert.deepEqual(r.plays[0]?.hosts, ['a', 'c']);
});
