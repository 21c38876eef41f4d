import { test } from 'node:test';
import assert from 'node:assert/strict';
import { failModule } from '../../../../modules/fail/index.js';
import { makeContext } from '../fake-context.js';

test('fail fails with its message or Ansible’s default', async (t) => {
  const ctx = await makeContext();
  t.after(ctx.cleanup);
  assert.deepEqual(await failModule.run({ msg: 'stop' }, ctx), { changed: false, failed: true, msg: 'stop' });
  assert.equal((await failModule.run({}, ctx)).msg, 'Failed as requested from task');
});
