import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shellModule } from '../../../../modules/shell/index.js';
import { makeContext } from '../fake-context.js';

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

test('shell declares check-mode support and its free-form key', () => {
  assert.equal(shellModule.checkMode, true);
  assert.equal(shellModule.freeForm, 'cmd');
});
