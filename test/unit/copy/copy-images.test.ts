import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyImages } from '../../../src/copy/copy-images.js';
import { Limiter, mapLimit } from '../../../src/copy/limiter.js';
import { makeImage } from '../../helpers/test-images.js';
import { MemoryTarget } from '../../helpers/memory-target.js';

test('copyImages keeps going when one image fails and returns results in job order', async () => {
  const imgs = ['a', 'b', 'c', 'd'].map((seed) => makeImage({ seed: `multi-${seed}` }));
  const src = new MemoryTarget();
  imgs.forEach((img, i) => {
    for (const [d, b] of img.blobs) src.blobs.set(d, b);
    src.tags.set(`img${i}`, img.root);
  });
  const dst = new MemoryTarget();
  const jobs = ['img0', 'img1', 'missing', 'img3'].map((ref) => ({ src, srcRef: ref, dst, dstRef: ref }));
  const results = await copyImages(jobs, { imageConcurrency: 2 });
  assert.deepEqual(
    results.map((r) => r.status),
    ['done', 'done', 'failed', 'done'],
  );
  assert.equal(results[2].error?.code, 'E_COPY');
  assert.equal(results[2].error?.context.side, 'source');
  assert.ok(dst.tags.has('img3'));
  assert.equal(results[3].digest, imgs[3].root.digest);
});

test('copyImages runs at most imageConcurrency images at once', async () => {
  const imgs = [1, 2, 3, 4, 5].map((n) => makeImage({ seed: `ic-${n}`, layers: 1 }));
  const src = new MemoryTarget();
  imgs.forEach((img, i) => {
    for (const [d, b] of img.blobs) src.blobs.set(d, b);
    src.tags.set(`i${i}`, img.root);
  });
  const dst = new MemoryTarget({ pushDelayMs: 10 });
  let running = 0;
  let peak = 0;
  await copyImages(
    imgs.map((_, i) => ({ src, srcRef: `i${i}`, dst, dstRef: `i${i}` })),
    {
      imageConcurrency: 2,
      onEvent: (e) => {
        if (e.type !== 'image') return;
        running += e.status === 'started' ? 1 : -1;
        peak = Math.max(peak, running);
      },
    },
  );
  assert.equal(peak, 2);
});

test('Limiter rejects a non-positive bound and mapLimit keeps order', async () => {
  assert.throws(() => new Limiter(0), RangeError);
  const out = await mapLimit([30, 10, 20], 2, async (ms, i) => {
    await new Promise((r) => setTimeout(r, ms));
    return i;
  });
  assert.deepEqual(out, [0, 1, 2]);
});
