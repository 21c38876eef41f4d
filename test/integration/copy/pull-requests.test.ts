/**
 * The requests a pull makes, seen by a recording proxy in front of the real registry: a first pull
 * GETs the root manifest at once (no HEAD before it), a re-pull of a tag the store holds asks with
 * one HEAD and reads nothing else from the registry.
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
