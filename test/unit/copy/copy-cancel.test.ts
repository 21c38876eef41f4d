import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copy } from '../../../src/copy/copy.js';
import { LayoutStore } from '../../../src/store/index.js';
import { makeImage } from '../../helpers/test-images.js';
import { MemoryTarget } from '../../helpers/memory-target.js';

test('an aborted copy into a store fails with E_CANCELLED, tags nothing and leaves fsck clean', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'deckhand-cancel-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const store = await LayoutStore.init(dir);
  const img = makeImage({ seed: 'cancel', layers: 12, layerSize: 64 * 1024 });
  const src = MemoryTarget.fromImage(img, 'v1');
  const ac = new AbortController();
  let blobsDone = 0;
  await assert.rejects(
    copy(src, 'v1', store, 'app:v1', {
      concurrency: 1,
      signal: ac.signal,
      onEvent: (e) => {
        if (e.type === 'blob' && e.status === 'done' && ++blobsDone === 3) ac.abort();
      },
    }),
    { code: 'E_CANCELLED' },
  );
  assert.deepEqual(await store.tags(), []);
  assert.ok(blobsDone < 13, 'the copy stopped early');
  const report = await store.fsck();
  assert.ok(report.ok);
  assert.ok(report.blobsChecked < img.blobs.size);
  assert.deepEqual(await readdir(join(dir, 'ingest')).catch(() => []), []);
});

test('an already aborted signal copies nothing', async () => {
  const img = makeImage({ seed: 'cancel-early' });
  const dst = new MemoryTarget();
  await assert.rejects(
    copy(MemoryTarget.fromImage(img, 'v1'), 'v1', dst, 'v1', { signal: AbortSignal.abort() }),
    {
      code: 'E_CANCELLED',
    },
  );
  assert.deepEqual(dst.pushed(), []);
});
