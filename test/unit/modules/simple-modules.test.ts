import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertModule } from '../../../modules/assert/index.js';
import { debugModule, NOT_DEFINED } from '../../../modules/debug/index.js';
import { failModule } from '../../../modules/fail/index.js';
import { setFactModule } from '../../../modules/set_fact/index.js';
import { makeContext } from './fake-context.js';

const vars = { name: 'web', nodes: ['a', 'b'], conf: { ports: [80, 443], 'x-y': 1 }, zero: 0 };

const debugCases: [string, Record<string, unknown>, string, unknown][] = [
  ['msg string', { msg: 'hello' }, 'hello', { msg: 'hello' }],
  ['msg default', {}, 'Hello world!', { msg: 'Hello world!' }],
  ['msg list as JSON', { msg: [1, 'a'] }, '[1,"a"]', { msg: [1, 'a'] }],
  ['var top-level', { var: 'name' }, 'name: web', { name: 'web' }],
  ['var nested with [n]', { var: 'conf.ports[1]' }, 'conf.ports[1]: 443', { 'conf.ports[1]': 443 }],
  ["var with ['key']", { var: "conf['x-y']" }, "conf['x-y']: 1", { "conf['x-y']": 1 }],
  ['var falsy value', { var: 'zero' }, 'zero: 0', { zero: 0 }],
  ['var undefined', { var: 'nope.deeper' }, `nope.deeper: ${NOT_DEFINED}`, { 'nope.deeper': NOT_DEFINED }],
];
for (const [name, args, msg, data] of debugCases) {
  test(`debug: ${name}`, async (t) => {
    const ctx = await makeContext({ vars });
    t.after(ctx.cleanup);
    const r = await debugModule.run(args, ctx);
    assert.equal(r.changed, false);
    assert.equal(r.msg, msg);
    assert.deepEqual(r.data, data);
  });
}

test('set_fact returns its arguments as facts and drops cacheable', async (t) => {
  const ctx = await makeContext();
  t.after(ctx.cleanup);
  const r = await setFactModule.run({ a: 1, b: [1, 2], cacheable: true }, ctx);
  assert.deepEqual(r.facts, { a: 1, b: [1, 2] });
  assert.equal(r.changed, false);
});

test('fail fails with its message or Ansible’s default', async (t) => {
  const ctx = await makeContext();
  t.after(ctx.cleanup);
  assert.deepEqual(await failModule.run({ msg: 'stop' }, ctx), { changed: false, failed: true, msg: 'stop' });
  assert.equal((await failModule.run({}, ctx)).msg, 'Failed as requested from task');
});

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
