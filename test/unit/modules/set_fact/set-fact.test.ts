import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setFactModule } from '../../../../modules/set_fact/index.js';
import { makeContext } from '../fake-context.js';

test('set_fact returns its arguments as facts and drops cacheable', async (t) => {
  const ctx = await makeContext();
  t.after(ctx.cleanup);
  const r = await setFactModule.run({ a: 1, b: [1, 2], cacheable: true }, ctx);
  assert.deepEqual(r.facts, { a: 1, b: [1, 2] });
  assert.equal(r.changed, false);
});
