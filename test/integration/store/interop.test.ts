/** Interop with real tools: skopeo and umoci read what we write, and we read what skopeo writes. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readAll } from '../../../src/content/read-all.js';
import { LayoutStore } from '../../../src/store/index.js';
import { requireTool } from '../../helpers/require-tool.js';
import { makeImage, makeIndex, pushImage } from '../../helpers/test-images.js';

async function tempDir(t: { after: (fn: () => Promise<void>) => void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'deckhand-interop-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

function run(bin: string, args: string[]): string {
  return execFileSync(bin, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

test('skopeo inspect and umoci ls/stat read a store we wrote, by full reference', async (t) => {
  const skopeo = requireTool(t, 'skopeo');
  const umoci = requireTool(t, 'umoci');
  if (!skopeo || !umoci) return;
  const dir = await tempDir(t);
  const store = await LayoutStore.init(join(dir, 'store'));
  const multi = makeIndex({ seed: 'interop-multi' });
  const single = makeImage({ seed: 'interop-single' });
  await pushImage(store, multi, 'nginx:1.25');
  await pushImage(store, single, 'registry.local:5000/org/app:v1');

  const raw = run(skopeo, ['inspect', '--raw', `oci:${store.root}:docker.io/library/nginx:1.25`]);
  assert.equal(raw, multi.blobs.get(multi.root.digest)?.toString('utf8'));
  const info = JSON.parse(run(skopeo, ['inspect', `oci:${store.root}:registry.local:5000/org/app:v1`])) as {
    Digest: string;
    Architecture: string;
  };
  assert.equal(info.Digest, single.root.digest);
  assert.equal(info.Architecture, 'amd64');

  const tags = run(umoci, ['ls', '--layout', store.root]).trim().split('\n').sort();
  assert.deepEqual(tags, ['docker.io/library/nginx:1.25', 'registry.local:5000/org/app:v1']);
  const stat = JSON.parse(
    run(umoci, ['stat', '--json', '--image', `${store.root}:registry.local:5000/org/app:v1`]),
  ) as {
    history: unknown[] | null;
  };
  assert.ok(stat && 'history' in stat);
});

test('we list and read what skopeo copies into our store and into a fresh layout', async (t) => {
  const skopeo = requireTool(t, 'skopeo');
  if (!skopeo) return;
  const dir = await tempDir(t);
  const store = await LayoutStore.init(join(dir, 'store'));
  const multi = makeIndex({ seed: 'skopeo-in' });
  const single = makeImage({ seed: 'skopeo-in-single', layerSize: 10_000 });
  await pushImage(store, multi, 'quay.io/org/multi:1');
  await pushImage(store, single, 'quay.io/org/single:1');

  // skopeo adds a tag-only name to our index.json, keeping our entries.
  run(skopeo, ['copy', '--all', '-q', `oci:${store.root}:quay.io/org/multi:1`, `oci:${store.root}:v2`]);
  assert.deepEqual(await store.resolve('v2'), multi.root);
  assert.deepEqual(await store.resolve('quay.io/org/multi:1'), multi.root);
  assert.ok((await store.fsck()).ok);

  // A layout written by skopeo alone: we open it, list it, read every blob and copy nothing wrong.
  const theirs = join(dir, 'theirs');
  run(skopeo, ['copy', '-q', `oci:${store.root}:quay.io/org/single:1`, `oci:${theirs}:latest`]);
  const other = await LayoutStore.open(theirs);
  const rows = await other.list();
  assert.equal(rows.length, 1);
  assert.equal(rows[0].reference, 'latest');
  assert.equal(rows[0].incomplete, false);
  assert.deepEqual(rows[0].platforms, [{ os: 'linux', architecture: 'amd64' }]);
  const root = await other.resolve('latest');
  const manifest = JSON.parse((await readAll(await other.fetch(root))).toString('utf8')) as {
    layers: { digest: string; size: number; mediaType: string }[];
  };
  // skopeo may recompress layers on the way, so check that every blob it wrote reads back verified.
  assert.equal(manifest.layers.length, 2);
  let bytes = 0;
  for (const l of manifest.layers) bytes += (await readAll(await other.fetch(l), 1 << 20)).length;
  assert.equal(
    bytes,
    manifest.layers.reduce((n, l) => n + l.size, 0),
  );
  assert.ok((await other.fsck()).ok);
});
