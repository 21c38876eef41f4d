/** Range header parsing for blob reads and n/last pagination. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRange } from '../../../src/server/blobs.js';
import { paginate } from '../../../src/server/pagination.js';

test('parseRange', () => {
  const size = 100;
  const cases: [string | undefined, unknown][] = [
    [undefined, undefined],
    ['bytes=0-9', { start: 0, end: 9 }],
    ['bytes=90-', { start: 90, end: 99 }],
    ['bytes=-10', { start: 90, end: 99 }],
    ['bytes=-500', { start: 0, end: 99 }],
    ['bytes=50-1000', { start: 50, end: 99 }],
    ['bytes=100-', null],
    ['bytes=5-4', null],
    ['bytes=-0', null],
    ['bytes=0-1,5-6', undefined],
    ['items=0-1', undefined],
  ];
  for (const [h, want] of cases) assert.deepEqual(parseRange(h, size), want, String(h));
  assert.equal(parseRange('bytes=0-0', 0), null);
});

test('paginate', () => {
  const all = ['a', 'b', 'c', 'd'];
  const cases: [string, string[], string | undefined][] = [
    ['', all, undefined],
    ['n=3', ['a', 'b', 'c'], '</p?last=c&n=3>; rel="next"'],
    ['n=3&last=c', ['d'], undefined],
    ['last=a', ['b', 'c', 'd'], undefined],
    ['n=4', all, undefined],
    ['n=0', [], undefined],
    ['last=b0', ['c', 'd'], undefined],
  ];
  for (const [q, items, link] of cases) {
    assert.deepEqual(paginate(all, new URLSearchParams(q), '/p'), link ? { items, link } : { items }, q);
  }
  assert.throws(() => paginate(all, new URLSearchParams('n=x'), '/p'), { code: 'PAGINATION_NUMBER_INVALID' });
});
