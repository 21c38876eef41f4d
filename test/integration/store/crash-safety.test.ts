/**
 * Crash safety (DESIGN.md §5): a child copying a large generated image into a store is SIGKILLed at
 * random moments; after every kill fsck passes and no tag points at missing content; a last run
 * completes and transfers exactly what was missing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LayoutStore } from '../../../src/store/index.js';
import type { CopyResult } from '../../../src/copy/types.js';
import type { CopyChildArgs } from '../../helpers/copy-child.js';
import { runChild } from '../../helpers/run-copy-child.js';
import { makeImage, pushImage, pushOrder } from '../../helpers/test-images.js';

test('SIGKILL at random moments never damages the store; a re-run moves only what is missing', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'deckhand-crash-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const img = makeImage({ seed: 'crash', layers: 32, layerSize: 512 * 1024 });
  const src = await LayoutStore.init(join(dir, 'src'));
  await pushImage(src, img, 'big/app:1');
  const dstDir = join(dir, 'dst');
  const args: CopyChildArgs = {
    src: src.root,
    dst: dstDir,
    images: [['big/app:1', 'big/app:1']],
    concurrency: 2,
    throttleMs: 20,
  };
  const total = [...img.blobs.values()].reduce((n, b) => n + b.length, 0);

  let kills = 0;
  let runs = 0;
  while (kills < 10 && runs < 30) {
    runs++;
    const r = await runChild(args, 100 + Math.floor(Math.random() * 300));
    if (r.signal === 'SIGKILL') kills++;
    else assert.equal(r.code, 0, r.stderr);
    const dst = await LayoutStore.open(dstDir, { create: true });
    const report = await dst.fsck();
    assert.ok(report.ok, `after kill ${kills}: ${JSON.stringify(report.problems)}`);
    const tags = await dst.tags();
    if (r.signal === 'SIGKILL' && tags.length > 0) assert.deepEqual(await dst.resolve('big/app:1'), img.root);
  }
  assert.ok(kills >= 10, `only ${kills} kills in ${runs} runs`);

  const dst = await LayoutStore.open(dstDir);
  let present = 0;
  for (const d of pushOrder(img)) if (await dst.exists(d)) present += d.size;
  t.diagnostic(`${kills} kills in ${runs} runs; ${present} of ${total} bytes present before the last run`);
  const last = await runChild(args);
  assert.equal(last.code, 0, last.stderr);
  const [result] = JSON.parse(last.stdout) as CopyResult[];
  assert.equal(result.bytesTransferred, total - present, 'only the missing bytes moved');
  assert.equal(result.bytesSkipped, present);
  assert.deepEqual(await dst.resolve('big/app:1'), img.root);
  assert.ok((await dst.fsck()).ok);
  const gc = await dst.gc();
  assert.equal(
    (await dst.fsck()).ingestFiles,
    0,
    `gc removed ${gc.removedIngest.length} leftovers of killed runs`,
  );
});
