import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertModule } from '../../../../modules/assert/index.js';
import { makeContext } from '../fake-context.js';

const vars = { name: 'web', nodes: ['a', 'b'], zero: 0 };

const assertCases: { name: string; args: Record<string, unknown>; failed: boolean; msg?: string }[] = [
  {
    name: 'all true (template and bare)',
    args: { that: ['{{eq name "web"}}', 'gt (length nodes) 1'] },
    failed: false,
    msg: 'All assertions passed',
  },
  { name: 'single string', args: { that: 'eq name "web"', success_msg: 'fine' }, failed: false, msg: 'fine' },
  { name: 'literal boolean', args: { that: true, quiet: true }, failed: false },
  {
    name: 'first false is named',
    args: { that: ['eq name "web"', 'eq name "db"'] },
    failed: true,
    msg: 'Assertion failed: eq name "db"',
  },
  {
    name: 'fail_msg wins',
    args: { that: ['eq name "db"'], fail_msg: 'not db' },
    failed: true,
    msg: 'not db',
  },
  { name: 'msg alias', args: { that: 'false', msg: 'old style' }, failed: true, msg: 'old style' },
  {
    name: 'string "false" from a block helper',
    args: { that: '{{#if zero}}true{{else}}false{{/if}}' },
    failed: true,
  },
];
for (const c of assertCases) {
  test(`assert: ${c.name}`, async (t) => {
    const ctx = await makeContext({ vars });
    t.after(ctx.cleanup);
    const r = await assertModule.run(c.args as never, ctx);
    assert.equal(Boolean(r.failed), c.failed);
    assert.equal(r.msg, c.msg ?? r.msg);
    if (c.args.quiet) assert.equal(r.msg, undefined);
  });
}

test('assert: a condition that is neither true nor false is E_WHEN naming the field', async (t) => {
  const ctx = await makeContext({ vars });
  t.after(ctx.cleanup);
  await assert.rejects(
    assertModule.run({ that: ['eq name "web"', 'name'] }, ctx),
    (e: Error & { code?: string; context?: { field?: string; host?: string } }) => {
      assert.equal(e.code, 'E_WHEN');
      assert.equal(e.context?.field, 'that[1]');
      assert.equal(e.context?.host, 'localhost');
      assert.match(e.message, /"web"/);
      return true;
    },
  );
});

test('assert renders `that` itself (lateRender)', () => {
  assert.deepEqual(assertModule.lateRender, ['that', 'that.*']);
});
