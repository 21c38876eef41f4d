import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { commandModule } from '../../../../modules/command/index.js';
import { makeContext } from '../fake-context.js';

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

test('command declares check-mode support and its free-form key', () => {
  assert.equal(commandModule.checkMode, true);
  assert.equal(commandModule.freeForm, 'cmd');
});
