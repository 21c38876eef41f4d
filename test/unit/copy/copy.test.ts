import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copy } from '../../../src/copy/copy.js';
import { causeCode } from '../../../src/copy/copy-error.js';
import type { CopyEvent } from '../../../src/copy/types.js';
import { isManifest, OCI_INDEX, OCI_MANIFEST } from '../../../src/oci/media-types.js';
import { digestOf } from '../../../src/oci/digest.js';
import type { Descriptor } from '../../../src/oci/descriptor.js';
import { makeImage, makeIndex, pushOrder, type TestImage } from '../../helpers/test-images.js';
import { MemoryRegistry, MemoryTarget } from '../../helpers/memory-target.js';

/** childrenOf reads a manifest's children from a test image. */
function childrenOf(img: TestImage, digest: string): string[] {
  const doc = JSON.parse((img.blobs.get(digest) as Buffer).toString('utf8')) as {
    manifests?: Descriptor[];
    config?: Descriptor;
    layers?: Descriptor[];
  };
  return [...(doc.manifests ?? []), ...(doc.config ? [doc.config] : []), ...(doc.layers ?? [])].map(
    (d) => d.digest,
  );
}

test('copy moves every blob once, children before parents, root pushed and tagged last', async () => {
  const img = makeIndex({ seed: 'order', layers: 3 });
  const src = MemoryTarget.fromImage(img, 'v1');
  const dst = new MemoryTarget();
  const r = await copy(src, 'v1', dst, 'v1-copy');
  const pushed = dst.pushed();
  assert.equal(pushed.length, img.blobs.size);
  assert.equal(new Set(pushed).size, pushed.length, 'no digest pushed twice');
  assert.equal(pushed.at(-1), img.root.digest, 'root pushed last');
  for (const d of pushOrder(img).filter((x) => isManifest(x.mediaType))) {
    for (const c of childrenOf(img, d.digest))
      assert.ok(pushed.indexOf(c) < pushed.indexOf(d.digest), `${c} before ${d.digest}`);
  }
  assert.equal(dst.calls.at(-1)?.op, 'tag');
  assert.deepEqual(dst.tags.get('v1-copy'), img.root);
  assert.equal(r.status, 'done');
  assert.equal(r.digest, img.root.digest);
  assert.equal(r.digestChanged, false);
  assert.equal(r.blobsTransferred, img.blobs.size);
  assert.equal(
    r.bytesTransferred,
    [...img.blobs.values()].reduce((n, b) => n + b.length, 0),
  );
  assert.deepEqual(
    r.platforms.map((p) => p.architecture),
    ['amd64', 'arm64'],
  );
});

test('copy transfers only what the destination lacks, and nothing on a re-run', async () => {
  const img = makeImage({ seed: 'skip', layers: 4, layerSize: 2000 });
  const src = MemoryTarget.fromImage(img, 'v1');
  const dst = new MemoryTarget();
  const layers = childrenOf(img, img.root.digest).slice(1);
  for (const l of layers.slice(0, 2)) dst.blobs.set(l, img.blobs.get(l) as Buffer);
  const first = await copy(src, 'v1', dst, 'v1');
  assert.deepEqual(
    new Set(dst.pushed()),
    new Set([...img.blobs.keys()].filter((d) => !layers.slice(0, 2).includes(d))),
  );
  assert.equal(first.bytesSkipped, 4000);
  assert.equal(
    src.calls.filter((c) => c.op === 'fetch' && layers.slice(0, 2).includes(c.digest as string)).length,
    0,
  );

  const before = dst.pushed().length;
  const again = await copy(src, 'v1', dst, 'v1');
  assert.equal(dst.pushed().length, before, 'nothing pushed again');
  assert.equal(again.status, 'skipped');
  assert.equal(again.bytesTransferred, 0);
  assert.equal(
    again.bytesSkipped,
    [...img.blobs.values()].reduce((n, b) => n + b.length, 0),
  );
});

test('copy runs at most `concurrency` blob transfers of an image at once', async () => {
  const img = makeImage({ seed: 'conc', layers: 10, layerSize: 64 });
  for (const concurrency of [1, 3]) {
    const src = MemoryTarget.fromImage(img, 'v1');
    const dst = new MemoryTarget({ pushDelayMs: 15 });
    await copy(src, 'v1', dst, 'v1', { concurrency });
    assert.equal(dst.maxConcurrentPushes, concurrency, `concurrency ${concurrency}`);
  }
});

test('a digest in flight to one destination is not transferred twice at once', async () => {
  const img = makeImage({ seed: 'dedupe', layers: 3 });
  const src = MemoryTarget.fromImage(img, 'a');
  src.tags.set('b', img.root);
  const dst = new MemoryTarget({ pushDelayMs: 20 });
  const [a, b] = await Promise.all([copy(src, 'a', dst, 'a'), copy(src, 'b', dst, 'b')]);
  const pushed = dst.pushed();
  assert.equal(
    new Set(pushed).size,
    pushed.length,
    `pushed ${pushed.length} for ${new Set(pushed).size} digests`,
  );
  assert.equal(a.blobsTransferred + b.blobsTransferred, img.blobs.size);
  assert.ok(dst.tags.has('a') && dst.tags.has('b'));
});

const failures: {
  name: string;
  opts: (d: string) => object;
  side: 'source' | 'destination';
  cause: string;
}[] = [
  {
    name: 'a failing fetch',
    opts: (d) => ({ src: { failFetch: new Set([d]) } }),
    side: 'source',
    cause: 'NETWORK',
  },
  {
    name: 'corrupt source bytes',
    opts: (d) => ({ src: { corrupt: new Set([d]) } }),
    side: 'source',
    cause: 'E_DIGEST_MISMATCH',
  },
  {
    name: 'a refused push',
    opts: (d) => ({ dst: { failPush: new Set([d]) } }),
    side: 'destination',
    cause: 'DENIED',
  },
];
for (const f of failures) {
  test(`${f.name} fails the copy with E_COPY naming the ${f.side}, the image and the blob; no tag is written`, async () => {
    const img = makeImage({ seed: `fail-${f.name}`, layers: 2 });
    const layer = childrenOf(img, img.root.digest)[2];
    const o = f.opts(layer) as { src?: object; dst?: object };
    const src = MemoryTarget.fromImage(img, 'v1', o.src);
    const dst = new MemoryTarget(o.dst);
    const events: CopyEvent[] = [];
    await assert.rejects(
      copy(src, 'v1', dst, 'v1', { image: 'app:v1', onEvent: (e) => events.push(e) }),
      (e: unknown) => {
        const err = e as { code: string; context: Record<string, string> };
        assert.equal(err.code, 'E_COPY');
        assert.equal(err.context.side, f.side);
        assert.equal(err.context.image, 'app:v1');
        assert.equal(err.context.digest, layer);
        assert.equal(causeCode(e), f.cause);
        return true;
      },
    );
    assert.equal(dst.tags.size, 0);
    assert.ok(!dst.blobs.has(img.root.digest), 'root not pushed');
    assert.ok(events.some((e) => e.type === 'image' && e.status === 'failed'));
  });
}

test('copy between repositories of one registry mounts blobs instead of transferring them', async () => {
  const img = makeImage({ seed: 'mount', layers: 2 });
  const reg = new MemoryRegistry();
  const a = reg.repo('team/a');
  for (const [d, b] of img.blobs) a.blobs.set(d, b);
  a.tags.set('v1', img.root);
  const b = reg.repo('team/b');
  const r = await copy(a, 'v1', b, 'v1');
  assert.equal(r.blobsMounted, 3, 'config and two layers');
  assert.equal(r.blobsTransferred, 1, 'only the manifest');
  const layers = childrenOf(img, img.root.digest).slice(1);
  assert.ok(
    a.calls.every((c) => c.op !== 'fetch' || !layers.includes(c.digest as string)),
    'no layer fetched from the source',
  );
  const noMount = await copy(a, 'v1', reg.repo('team/c'), 'v1', { mount: false });
  assert.equal(noMount.blobsMounted, 0);
  assert.equal(noMount.blobsTransferred, 4);
});

test('copy reports progress events and calls the hooks', async () => {
  const img = makeImage({ seed: 'events', layers: 2, layerSize: 5000 });
  const src = MemoryTarget.fromImage(img, 'v1');
  const dst = new MemoryTarget();
  dst.blobs.set(
    childrenOf(img, img.root.digest)[1],
    img.blobs.get(childrenOf(img, img.root.digest)[1]) as Buffer,
  );
  const events: CopyEvent[] = [];
  const copied: string[] = [];
  const skipped: string[] = [];
  await copy(src, 'v1', dst, 'v1', {
    onEvent: (e) => events.push(e),
    onCopied: (d) => copied.push(d.digest),
    onSkipped: (d) => skipped.push(d.digest),
  });
  const images = events.filter((e) => e.type === 'image').map((e) => e.status);
  assert.deepEqual(images, ['started', 'done']);
  const progress = events.filter((e) => e.type === 'blob' && e.status === 'progress');
  const layer2 = childrenOf(img, img.root.digest)[2];
  assert.equal(
    progress.filter((e) => e.type === 'blob' && e.digest === layer2).length,
    2,
    'one event per chunk',
  );
  const last = progress
    .filter((e) => e.type === 'blob' && e.digest === childrenOf(img, img.root.digest)[2])
    .at(-1);
  assert.ok(last && last.type === 'blob' && last.done === last.total);
  assert.equal(copied.length, 3);
  assert.deepEqual(skipped, [childrenOf(img, img.root.digest)[1]]);
});

test('a digest destination reference pushes without tagging', async () => {
  const img = makeImage({ seed: 'digest-ref' });
  const src = MemoryTarget.fromImage(img, 'v1');
  const dst = new MemoryTarget();
  await copy(src, 'v1', dst, img.root.digest);
  assert.equal(dst.tags.size, 0);
  assert.ok(dst.blobs.has(img.root.digest));
});

test('a missing source reference fails with E_COPY on the source side', async () => {
  const src = new MemoryTarget();
  await assert.rejects(copy(src, 'nope', new MemoryTarget(), 'x'), {
    code: 'E_COPY',
    context: { side: 'source', image: 'nope' },
  });
});

test('a malformed manifest in the source is E_COPY on the source side naming the manifest', async () => {
  const bad = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_MANIFEST, layers: 'nope' }));
  const child = { mediaType: OCI_MANIFEST, digest: digestOf(bad), size: bad.length };
  const index = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [child] }));
  const root = { mediaType: OCI_INDEX, digest: digestOf(index), size: index.length };
  const src = new MemoryTarget();
  src.blobs.set(child.digest, bad);
  src.blobs.set(root.digest, index);
  src.tags.set('v1', root);
  await assert.rejects(copy(src, 'v1', new MemoryTarget(), 'v1'), (e: unknown) => {
    const err = e as { code: string; context: Record<string, string> };
    assert.equal(err.code, 'E_COPY');
    assert.equal(err.context.side, 'source');
    assert.equal(err.context.digest, child.digest);
    return true;
  });
});

test('the image config is fetched from the source once, and an artifact config is not read at all', async () => {
  const img = makeImage({ seed: 'config-once' });
  const src = MemoryTarget.fromImage(img, 'v1');
  await copy(src, 'v1', new MemoryTarget(), 'v1');
  const config = childrenOf(img, img.root.digest)[0];
  assert.equal(src.calls.filter((c) => c.op === 'fetch' && c.digest === config).length, 1);

  const chart = Buffer.from('{"name":"chart"}');
  const layer = Buffer.from('chart bytes');
  const cfg = {
    mediaType: 'application/vnd.cncf.helm.config.v1+json',
    digest: digestOf(chart),
    size: chart.length,
  };
  const lay = {
    mediaType: 'application/vnd.cncf.helm.chart.content.v1.tar+gzip',
    digest: digestOf(layer),
    size: layer.length,
  };
  const manifest = Buffer.from(
    JSON.stringify({ schemaVersion: 2, mediaType: OCI_MANIFEST, config: cfg, layers: [lay] }),
  );
  const root = { mediaType: OCI_MANIFEST, digest: digestOf(manifest), size: manifest.length };
  const art = new MemoryTarget();
  for (const b of [chart, layer, manifest]) art.blobs.set(digestOf(b), b);
  art.tags.set('chart', root);
  const r = await copy(art, 'chart', new MemoryTarget(), 'chart');
  assert.deepEqual(r.platforms, []);
  assert.equal(r.blobsTransferred, 3);
  assert.equal(
    art.calls.filter((c) => c.op === 'fetch' && c.digest === cfg.digest).length,
    1,
    'only to copy it',
  );
});
