/** `deckhand validate` walks the whole tree (roles, dependencies, imports) and reports every problem. */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
const CLI = join(REPO, 'dist', 'src', 'cli', 'main.js');

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'deckhand-validate-tree-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

test('validate: the bundled cluster-install tree is valid', async () => {
  const dir = join(REPO, 'playbooks', 'cluster-install');
  const r = await execa(
    process.execPath,
    [CLI, 'validate', join(dir, 'site.yaml'), '-i', join(dir, 'inventory.yaml')],
    {
      reject: false,
    },
  );
  assert.equal(r.exitCode, 0, r.stderr);
});

test('validate: every problem in the tree, each at its file, line and role', async (t) => {
  const shared = tree({ 'shared/tasks/main.yaml': '- debug: {msgg: hi}\n' });
  const dir = tree({
    'site.yaml': `
- hosts: localhost
  rolez: []
  roles: [web, shared, missing]
  tasks:
    - import_tasks: extra.yaml
- import_playbook: other.yaml
`,
    'other.yaml': '- hosts: localhost\n  tasks: [{debug: {msg: hi}, notify: nobody}]\n',
    'extra.yaml': '- debug: {msg: ok}\n  loop: 3\n',
    'roles/web/meta/main.yaml': 'dependencies: [base]\n',
    'roles/base/tasks/main.yaml': '- comand: [ls]\n',
    'roles/web/tasks/main.yaml': '- debug: {msg: "{{#if}}"}\n',
  });
  t.after(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(shared, { recursive: true, force: true });
  });
  const r = await execa(
    process.execPath,
    [CLI, 'validate', join(dir, 'site.yaml'), '--roles-path', shared, '--json'],
    {
      reject: false,
    },
  );
  assert.equal(r.exitCode, 1, r.stderr);
  const problems = (
    JSON.parse(r.stdout) as { problems: Array<{ code: string; message: string; role?: string }> }
  ).problems;
  const expected: Array<[RegExp, string | undefined]> = [
    [/site\.yaml:3:3: .*rolez/, undefined],
    [/roles\/base\/tasks\/main\.yaml:1:3: .*"comand".*did you mean "command"/, 'base'],
    [/shared\/tasks\/main\.yaml:1:\d+: .*msgg/, 'shared'],
    [/site\.yaml:4:24: role "missing" not found/, 'missing'],
    [/extra\.yaml:2:9: .*loop/, undefined],
    [/roles\/web\/tasks\/main\.yaml:1:\d+: task "web : debug"/, 'web'],
    [/other\.yaml:2:\d+: .*notify: .*"nobody"/, undefined],
  ];
  for (const [re, role] of expected) {
    const p = problems.find((x) => re.test(x.message));
    assert.ok(p, `${re} among:\n${problems.map((x) => x.message).join('\n')}`);
    assert.equal(p.role, role, String(re));
  }
});
