/** `deckhand registry serve --listen` parsing. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseListen } from '../../../../src/cli/commands/registry.js';

test('parseListen accepts HOST:PORT, [IPV6]:PORT and :PORT', () => {
  const cases: [string, { host: string; port: number }][] = [
    ['127.0.0.1:5000', { host: '127.0.0.1', port: 5000 }],
    [':5000', { host: '0.0.0.0', port: 5000 }],
    ['[::1]:443', { host: '::1', port: 443 }],
    ['localhost:0', { host: 'localhost', port: 0 }],
  ];
  for (const [v, want] of cases) assert.deepEqual(parseListen(v), want, v);
});

test('parseListen refuses anything else', () => {
  for (const v of ['5000', '127.0.0.1', 'host:99999', 'a:b', '::1:5000', '']) {
    assert.throws(() => parseListen(v), /HOST:PORT/, v);
  }
});
