import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { commandModule } from '../../../modules/command/index.js';
import { shellModule } from '../../../modules/shell/index.js';
import { makeContext } from './fake-context.js';

test('command runs argv without a shell: $HOME and | stay literal', async (t) => {
  const ctx = await makeContext();
  t.after(ctx.cleanup);
  const r = await commandModule.run({ cmd: 'echo $HOME | "a  b" \'c d\'' }, ctx);
  assert.equal(r.rc, 0);
  assert.equal(r.failed, false);
  assert.equal(r.changed, true);
  assert.equal(r.stdout, '$HOME | a  b c d');
});

test('command accepts an argv list and stringifies numbers', async (t) => {
  const ctx = await makeContext();
  t.after(ctx.cleanup);
  const r = await commandModule.run({ argv: ['printf', '%s-%s', 1, true] }, ctx);
  assert.equal(r.stdout, '1-true');
});

test('command fails on a non-zero rc and names it with stderr in msg', async (t) => {
  const ctx = await makeContext();
  t.after(ctx.cleanup);
  const r = await commandModule.run({ argv: ['sh', '-c', 'echo oops >&2; exit 3'] }, ctx);
  assert.equal(r.failed, true);
  assert.equal(r.rc, 3);
  assert.equal(r.stderr, 'oops');
  assert.equal(r.msg, 'non-zero return code 3: oops');
});

test('command reports a missing program as rc 127, not a crash', async (t) => {
  const ctx = await makeContext();
  t.after(ctx.cleanup);
  const r = await commandModule.run({ cmd: 'deckhand-no-such-program --x' }, ctx);
  assert.equal(r.failed, true);
  assert.equal(r.rc, 127);
  assert.match(r.msg ?? '', /command not found/);
});

test('command runs in chdir, feeds stdin, keeps ends when asked', async (t) => {
  const ctx = await makeContext();
  t.after(ctx.cleanup);
  await mkdir(join(ctx.dir, 'sub'));
  const r = await commandModule.run({ cmd: 'pwd', chdir: join(ctx.dir, 'sub') }, ctx);
  assert.equal(r.stdout, join(ctx.dir, 'sub'));
  const r2 = await commandModule.run({ cmd: 'cat', stdin: 'in\n\n', strip_empty_ends: false }, ctx);
  assert.equal(r2.stdout, 'in\n\n');
});

// creates/removes and check mode, for both command and shell (Ansible's behaviour).
const guardCases: {
  name: string;
  args: Record<string, unknown>;
  check: boolean;
  expect: { ran: boolean; changed: boolean; skipped?: boolean };
}[] = [
  {
    name: 'creates exists → not run',
    args: { creates: 'here' },
    check: false,
    expect: { ran: false, changed: false },
  },
  {
    name: 'creates missing → run',
    args: { creates: 'absent' },
    check: false,
    expect: { ran: true, changed: true },
  },
  {
    name: 'removes missing → not run',
    args: { removes: 'absent' },
    check: false,
    expect: { ran: false, changed: false },
  },
  {
    name: 'removes exists → run',
    args: { removes: 'here' },
    check: false,
    expect: { ran: true, changed: true },
  },
  {
    name: 'check mode, no guard → skipped',
    args: {},
    check: true,
    expect: { ran: false, changed: false, skipped: true },
  },
  {
    name: 'check mode, creates missing → changed, not run',
    args: { creates: 'absent' },
    check: true,
    expect: { ran: false, changed: true },
  },
  {
    name: 'check mode, creates exists → ok',
    args: { creates: 'here' },
    check: true,
    expect: { ran: false, changed: false },
  },
];
for (const mod of [commandModule, shellModule]) {
  for (const c of guardCases) {
    test(`${mod.name}: ${c.name}`, async (t) => {
      const ctx = await makeContext({ check: c.check });
      t.after(ctx.cleanup);
      await writeFile(join(ctx.dir, 'here'), 'x');
      const marker = join(ctx.dir, 'ran');
      const r = await mod.run({ cmd: `touch ${marker}`, chdir: ctx.dir, ...c.args } as never, ctx);
      assert.equal(r.changed, c.expect.changed);
      assert.equal(Boolean(r.skipped), Boolean(c.expect.skipped));
      assert.equal((await ctx.connector.stat(marker)) !== null, c.expect.ran);
    });
  }
}

test('shell runs through /bin/sh: pipes and variables work', async (t) => {
  const ctx = await makeContext();
  t.after(ctx.cleanup);
  const r = await shellModule.run({ cmd: 'X=abc; printf "$X\\n" | tr a-z A-Z' }, ctx);
  assert.equal(r.stdout, 'ABC');
  assert.equal(r.changed, true);
});

test('shell honours executable and fails on a non-zero rc', async (t) => {
  const ctx = await makeContext();
  t.after(ctx.cleanup);
  const r = await shellModule.run({ cmd: 'set -o pipefail; false | true', executable: '/bin/bash' }, ctx);
  assert.equal(r.failed, true);
  assert.equal(r.rc, 1);
});

test('command and shell declare check-mode support and their free-form key', () => {
  for (const m of [commandModule, shellModule]) {
    assert.equal(m.checkMode, true);
    assert.equal(m.freeForm, 'cmd');
  }
});
