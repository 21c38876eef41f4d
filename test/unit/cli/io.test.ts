import { test } from 'node:test';
import assert from 'node:assert/strict';
import { wantColor } from '../../../src/cli/io.js';

const cases: [Record<string, string>, boolean, boolean][] = [
  [{}, true, true],
  [{}, false, false],
  [{ NO_COLOR: '1' }, true, false],
  [{ NO_COLOR: '' }, true, true],
  [{ FORCE_COLOR: '1' }, false, true],
  [{ FORCE_COLOR: '0' }, false, false],
  [{ FORCE_COLOR: '1', NO_COLOR: '1' }, true, false],
];
for (const [env, tty, want] of cases) {
  test(`wantColor ${JSON.stringify(env)} tty=${tty} → ${want}`, () =>
    assert.equal(wantColor(env, tty), want));
}
