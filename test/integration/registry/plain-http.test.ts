/** The registry client against a real docker-registry over plain HTTP. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { openRepository, openRegistry, closeAllClients } from '../../../src/registry/index.js';
import { startRegistry } from '../../helpers/registry-server.js';
import { makeImage, makeIndex, pushImage, pushOrder } from '../../helpers/test-images.js';
import { isDeckhandError } from '../../../src/errors.js';

test.after(closeAllClients);

test('push then pull is byte-exact', async (t) => {
  const reg = await startRegistry(t);
  if (!reg) return;
  const img = makeImage({ seed: 'plain-1', layers: 3, layerSize: 300_000 });
  const repo = openRepository(`${reg.host}/test/app`, { plainHttp: true });
  await pushImage(repo, img, 'v1');
  const root = await repo.resolve('v1');
  assert.deepEqual(root, { mediaType: img.root.mediaType, digest: img.root.digest, size: img.root.size });
  for (const d of pushOrder(img)) {
    const got = await buffer(await repo.fetch(d));
    assert.ok(got.equals(img.blobs.get(d.digest) as Buffer), `bytes of ${d.digest}`);
  }
});
