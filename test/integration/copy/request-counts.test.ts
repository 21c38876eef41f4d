/**
 * The requests a pull and a push make, seen by a recording proxy in front of the real registry: a first
 * pull GETs the root manifest at once (no HEAD before it), a re-pull of a tag the store holds asks with
 * one HEAD; a push PUTs the root under its tag only (no PUT by digest first), a re-push is one HEAD.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copy } from '../../../src/copy/index.js';
import { closeAllClients, openRepository } from '../../../src/registry/index.js';
import { LayoutStore } from '../../../src/store/index.js';
import { startFaultProxy } from '../../helpers/fault-proxy.js';
import { startRegistry } from '../../helpers/registry-server.js';
import { makeImage, pushImage } from '../../helpers/test-images.js';

/** requestsOf lists `METHOD path` under /v2/<repo>, digests and upload sessions made generic. */
function requestsOf(requests: readonly { method: string; path: string }[], repo: string): string[] {
  return requests
    .filter((r) => r.path.startsWith(`/v2/${repo}/`))
    .map((r) => `${r.method} ${r.path.slice(`/v2/${repo}`.length)}`)
    .map((r) => r.replace(/sha256:[0-9a-f]{64}/, 'DIGEST').replace(/uploads\/[^?]+\?.*$/, 'uploads/SESSION'));
}

test('a pull GETs the root once; a re-pull of a stored tag is one HEAD', async (t) => {
  const reg = await startRegistry(t);
  if (!reg) return;
  t.after(closeAllClients);
  const dir = await mkdtemp(join(tmpdir(), 'deckhand-pull-requests-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const img = makeImage({ seed: 'pull-requests', layers: 2, layerSize: 50_000 });
  await pushImage(openRepository(`${reg.host}/app/one`, { plainHttp: true }), img, 'v1');
  const proxy = await startFaultProxy(t, reg.url);
  const store = await LayoutStore.init(join(dir, 'store'));
  const src = openRepository(`${proxy.host}/app/one`, { plainHttp: true });
  const seen = (from: number) =>
    proxy.requests
      .slice(from)
      .filter((r) => r.path.startsWith('/v2/app/'))
      .map(
        (r) =>
          `${r.method} ${r.path.replace(/sha256:[0-9a-f]{64}/, 'DIGEST').replace(/^\/v2\/app\/one/, '')}`,
      );

  const first = await copy(src, 'v1', store, 'app/one:v1');
  assert.equal(first.digest, img.root.digest);
  assert.deepEqual(seen(0).sort(), [
    'GET /blobs/DIGEST', // config
    'GET /blobs/DIGEST',
    'GET /blobs/DIGEST',
    'GET /manifests/v1',
  ]);

  const before = proxy.requests.length;
  const again = await copy(src, 'v1', store, 'app/one:v1');
  assert.equal(again.status, 'skipped');
  assert.deepEqual(seen(before), ['HEAD /manifests/v1']);
});

test('a push PUTs the root under its tag once; a re-push of the same tag is one HEAD', async (t) => {
  const reg = await startRegistry(t);
  if (!reg) return;
  t.after(closeAllClients);
  const dir = await mkdtemp(join(tmpdir(), 'deckhand-push-requests-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const img = makeImage({ seed: 'push-requests', layers: 2, layerSize: 50_000 });
  const store = await LayoutStore.init(join(dir, 'store'));
  await pushImage(store, img, 'app/two:v1');
  const proxy = await startFaultProxy(t, reg.url);
  const dst = openRepository(`${proxy.host}/app/two`, { plainHttp: true });

  const first = await copy(store, 'app/two:v1', dst, 'v1');
  assert.equal(first.status, 'done');
  assert.deepEqual(requestsOf(proxy.requests, 'app/two').sort(), [
    ...Array<string>(3).fill('HEAD /blobs/DIGEST'), // config + 2 layers
    'HEAD /manifests/DIGEST',
    'HEAD /manifests/v1',
    ...Array<string>(3).fill('POST /blobs/uploads/'),
    ...Array<string>(3).fill('PUT /blobs/uploads/SESSION'),
    'PUT /manifests/v1',
  ]);
  assert.equal(
    (await openRepository(`${reg.host}/app/two`, { plainHttp: true }).resolve('v1')).digest,
    img.root.digest,
  );

  const before = proxy.requests.length;
  const again = await copy(store, 'app/two:v1', dst, 'v1');
  assert.equal(again.status, 'skipped');
  assert.equal(again.bytesSkipped, first.bytesTransferred);
  assert.deepEqual(requestsOf(proxy.requests.slice(before), 'app/two'), ['HEAD /manifests/v1']);
});
