/** The built bin runs as an executable, the way `deckhand` is installed, with its V8 flag in effect. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { execa } from 'execa';
import { MAIN } from './deckhand.js';

test('dist/src/cli/main.js is executable and starts through its shebang', async () => {
  const r = await execa(MAIN, ['--version'], { reject: false });
  assert.equal(r.exitCode, 0, String(r.stderr));
  assert.match(String(r.stdout), /^\d+\.\d+\.\d+/);
});

test('the shebang gives V8 its memory flags (peak RSS of transfers, bench/README.md)', async () => {
  const first = readFileSync(MAIN, 'utf8').split('\n')[0];
  assert.equal(first, '#!/usr/bin/env -S node --max-semi-space-size=1 --liftoff-only');
  // The flag must reach V8: under the same interpreter line, a burst of young objects leaves the new
  // space at 2 MiB (its two 1 MiB semi-spaces); without the flag it grows to 8 MiB and more.
  const [, ...argv] = first!.slice(2).split(' ');
  const r = await execa('/usr/bin/env', [
    ...argv,
    '--input-type=module',
    '-e',
    "import v8 from 'node:v8'; const a = []; for (let i = 0; i < 2e5; i++) a.push({ i });" +
      "console.log(v8.getHeapSpaceStatistics().find((x) => x.space_name === 'new_space').space_size);" +
      'console.log(process.execArgv.join(" "))',
  ]);
  const [newSpace, execArgv] = String(r.stdout).split('\n');
  assert.ok(Number(newSpace) <= 2 * 1024 * 1024, `new space is ${newSpace} bytes`);
  assert.match(execArgv!, /--liftoff-only/);
});
