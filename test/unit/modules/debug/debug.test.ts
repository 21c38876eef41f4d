import { test } from 'node:test';
import assert from 'node:assert/strict';
import { debugModule, NOT_DEFINED } from '../../../../modules/debug/index.js';
import { makeContext } from '../fake-context.js';

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
