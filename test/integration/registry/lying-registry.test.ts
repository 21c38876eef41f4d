/** A registry that lies or refuses: answers are checked, not trusted, and fallbacks kick in. */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { openRepository, closeAllClients, MANIFEST_LIMIT } from '../../../src/registry/index.js';
import { startRegistry } from '../../helpers/registry-server.js';
import { startFaultProxy } from '../../helpers/fault-proxy.js';
import { makeImage, pushImage, pushOrder, seededBytes } from '../../helpers/test-images.js';
import { OCI_LAYER_GZIP } from '../../../src/oci/media-types.js';
import { digestOf } from '../../../src/oci/digest.js';
import type { DeckhandError } from '../../../src/errors.js';

test.after(closeAllClients);

const code =
  (...codes: string[]) =>
  (e: unknown) =>
    codes.includes((e as DeckhandError).code);

test('registry answers are verified, refusals fall back', async (t) => {
  const reg = await startRegistry(t);
  if (!reg) return;
  const img = makeImage({ seed: 'lying', layers: 1, layerSize: 4096 });
  await pushImage(openRepository(`${reg.host}/lie/app`, { plainHttp: true }), img, 'v1');
  const layer = pushOrder(img).find((d) => d.mediaType === OCI_LAYER_GZIP)!;
  const proxied = async (t: TestContext) => {
    const proxy = await startFaultProxy(t, reg.url);
    const repo = openRepository(`${proxy.host}/lie/app`, { plainHttp: true, retry: { baseDelayMs: 5 } });
    return { proxy, repo };
  };

  await t.test('a manifest whose bytes do not hash to the digest asked for is refused', async (t) => {
    const { proxy, repo } = await proxied(t);
    const other = '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json"}';
    proxy.addRule({
      method: 'GET',
      path: /\/manifests\//,
      fault: { kind: 'status', status: 200, body: other },
    });
    await assert.rejects(repo.fetch(img.root), code('DIGEST_MISMATCH'));
  });

  await t.test('a manifest over 4 MiB is refused as TOO_LARGE', async (t) => {
    const { proxy, repo } = await proxied(t);
    const huge = 'x'.repeat(MANIFEST_LIMIT + 1);
    proxy.addRule({
      method: 'GET',
      path: /\/manifests\//,
      fault: { kind: 'status', status: 200, body: huge },
    });
    await assert.rejects(repo.fetchManifest('v1'), code('TOO_LARGE'));
  });

  await t.test('a blob with the right size but wrong bytes fails the stream', async (t) => {
    const { proxy, repo } = await proxied(t);
    const wrong = seededBytes('not the layer', layer.size).toString('latin1');
    proxy.addRule({ method: 'GET', path: /\/blobs\//, fault: { kind: 'status', status: 200, body: wrong } });
    await assert.rejects(
      (async () => buffer(await repo.fetch(layer)))(),
      code('E_DIGEST_MISMATCH', 'E_SIZE_MISMATCH'),
    );
  });

  await t.test('a monolithic PUT refused as too large is sent again in PATCH chunks', async (t) => {
    const { proxy, repo } = await proxied(t);
    const data = seededBytes('chunk-fallback', 10_000);
    const desc = { mediaType: OCI_LAYER_GZIP, digest: digestOf(data), size: data.length };
    proxy.addRule({
      method: 'PUT',
      path: /\/blobs\/uploads\//,
      fault: { kind: 'status', status: 413, body: '' },
    });
    await repo.push(desc, Readable.from([data]));
    assert.equal(proxy.injected.status, 1);
    assert.ok(
      proxy.requests.some((r) => r.method === 'PATCH'),
      'chunks were sent with PATCH',
    );
    assert.ok((await buffer(await repo.fetch(desc))).equals(data));
  });

  await t.test('a 500 answer to the upload PUT is retried with the same bytes', async (t) => {
    const { proxy, repo } = await proxied(t);
    const data = seededBytes('put-retry', 20_000);
    const desc = { mediaType: OCI_LAYER_GZIP, digest: digestOf(data), size: data.length };
    proxy.addRule({
      method: 'PUT',
      path: /\/blobs\/uploads\//,
      times: 2,
      fault: { kind: 'status', status: 500 },
    });
    await repo.push(desc, Readable.from([data]));
    assert.equal(proxy.injected.status, 2);
    assert.equal(await repo.exists(desc), true);
  });

  await t.test('a HEAD without Docker-Content-Digest falls back to GET and hashes the bytes', async (t) => {
    const { proxy, repo } = await proxied(t);
    proxy.addRule({
      method: 'HEAD',
      path: /\/manifests\/v1/,
      fault: { kind: 'status', status: 200, body: '' },
    });
    const d = await repo.resolve('v1');
    assert.deepEqual(d, { ...img.root });
    assert.ok(proxy.requests.some((r) => r.method === 'GET' && /\/manifests\/v1/.test(r.path)));
  });
});
