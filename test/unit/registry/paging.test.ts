/** Link header pagination. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nextLink } from '../../../src/registry/paging.js';

const base = new URL('https://r:5000/v2/a/tags/list?n=2');
const cases: [string | undefined, string | undefined][] = [
  ['</v2/a/tags/list?last=b&n=2>; rel="next"', 'https://r:5000/v2/a/tags/list?last=b&n=2'],
  ['<https://other/v2/_catalog?last=x>; rel=next', 'https://other/v2/_catalog?last=x'],
  ['</prev>; rel="prev", </v2/next?n=2>; rel="next"', 'https://r:5000/v2/next?n=2'],
  ['</v2/x>; rel="next last"', 'https://r:5000/v2/x'],
  ['</v2/x>; rel="prev"', undefined],
  ['garbage', undefined],
  [undefined, undefined],
];
for (const [link, want] of cases) {
  test(`nextLink(${JSON.stringify(link)})`, () => {
    assert.equal(nextLink(link, base)?.href, want);
  });
}
