/** compileSafeRegex: RE2 semantics, linear time, clear errors. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileSafeRegex } from '../../src/safe-regex.js';

const cases: [string, string, boolean][] = [
  ['^docker\\.io/', 'docker.io/library/nginx:1.25', true],
  ['^docker\\.io/', 'quay.io/x/y:1', false],
  ['nginx', 'docker.io/library/nginx:1.25', true],
  ['^(a+)+$', `${'a'.repeat(5000)}!`, false],
];
for (const [pattern, input, want] of cases) {
  test(`${pattern} on ${input.slice(0, 30)} → ${want}`, () => {
    assert.equal(compileSafeRegex(pattern).test(input), want);
  });
}

test('replaceAll replaces every match and expands $1', () => {
  assert.equal(compileSafeRegex('(\\d+)').replaceAll('v1.25', '<$1>'), 'v<1>.<25>');
});

for (const bad of ['(', 'a(?=b)', '(a)\\1', '[z-a]']) {
  test(`rejects ${bad} with E_REGEX naming the pattern`, () => {
    assert.throws(
      () => compileSafeRegex(bad),
      (e: Error & { code?: string }) => {
        assert.equal(e.code, 'E_REGEX');
        assert.ok(e.message.includes(JSON.stringify(bad)), e.message);
        return true;
      },
    );
  });
}
