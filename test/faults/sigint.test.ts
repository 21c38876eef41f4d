/**
 * Ctrl-C (SIGINT) during `deckhand image pull`: the process exits non-zero within two seconds, names
 * every image as finished or cancelled, and leaves no temporary file behind after the next run.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LayoutStore } from '../../src/store/index.js';
import { STACK } from '../e2e/cli/deckhand.js';
import { cli, ingestFiles, seedDisjointSet } from '../helpers/fault-fixtures.js';

test('SIGINT during a pull: quick non-zero exit, what finished and what not, no temp files after', async (t) => {
  const set = await seedDisjointSet(t, { large: 3, small: 4, largeSize: 4 << 20, prefix: 'int' });
  if (!set) return;
  const dir = await mkdtemp(join(tmpdir(), 'deckhand-int-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const store = join(dir, 'images');
  const refs = [...set.images.keys()];
  const args = ['image', 'pull', ...refs, '--images-dir', store, '--concurrency', '2'];

  // Interrupt as soon as the first image is reported done: others are mid-transfer or not started.
  const r = await cli(args, { signal: 'SIGINT', signalWhen: (out) => /^done /m.test(out) });
  t.diagnostic(`exited ${r.code} ${r.exitAfterSignalMs} ms after SIGINT`);
  assert.notEqual(r.code, 0);
  assert.equal(r.signal, null, 'it exits by itself, not killed by the signal');
  assert.ok(r.exitAfterSignalMs! < 2000, `exit took ${r.exitAfterSignalMs} ms`);
  const lines = r.stdout.split('\n');
  const done = refs.filter((ref) => lines.some((l) => /^done /.test(l) && l.includes(ref)));
  const cancelled = refs.filter((ref) => lines.some((l) => /^failed /.test(l) && l.includes(ref)));
  assert.ok(done.length >= 1, r.stdout);
  assert.ok(cancelled.length >= 1, r.stdout);
  assert.deepEqual([...done, ...cancelled].sort(), [...refs].sort(), 'every image named once: done or not');
  for (const l of lines.filter((l) => l.startsWith('failed '))) assert.match(l, /cancelled/);
  assert.doesNotMatch(r.stdout, /network error|aborted/i, 'an interrupt is not reported as a network fault');
  assert.doesNotMatch(`${r.stdout}${r.stderr}`, STACK);

  const report = await (await LayoutStore.open(store)).fsck();
  assert.ok(report.ok, JSON.stringify(report.problems));

  const again = await cli(['image', 'pull', ...refs, '--images-dir', store]);
  assert.equal(again.code, 0, again.stdout + again.stderr);
  assert.deepEqual(await ingestFiles(store), [], 'no temporary files after the next run');
  const gc = await cli(['image', 'gc', '--images-dir', store, '--json']);
  assert.equal(gc.code, 0, gc.stderr);
  assert.deepEqual((JSON.parse(gc.stdout) as { removedBlobs: string[] }).removedBlobs, []);
});
