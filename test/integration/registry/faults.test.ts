/** Faults a real registry does not make on demand, injected by a proxy in front of docker-registry. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buffer } from 'node:stream/consumers';
import { openRepository, closeAllClients, type RepositoryOptions } from '../../../src/registry/index.js';
import { startRegistry } from '../../helpers/registry-server.js';
import { startFaultProxy } from '../../helpers/fault-proxy.js';
import { makeImage, pushImage, pushOrder } from '../../helpers/test-images.js';
import { OCI_LAYER_GZIP } from '../../../src/oci/media-types.js';
import type { DeckhandError } from '../../../src/errors.js';

test.after(closeAllClients);

test('registry client under injected faults', async (t) => {
  const reg = await startRegistry(t);
  if (!reg) return;
  const img = makeImage({ seed: 'faults', layers: 1, layerSize: 600_000 });
  await pushImage(openRepository(`${reg.host}/fault/app`, { plainHttp: true }), img, 'v1');
  const layer = pushOrder(img).find((d) => d.mediaType === OCI_LAYER_GZIP)!;
  const layerBytes = img.blobs.get(layer.digest)!;
  // Each case gets its own retry settings so it gets its own client (and no pooled connection from another case).
  const open = (host: string, extra: RepositoryOptions = {}) =>
    openRepository(`${host}/fault/app`, { plainHttp: true, retry: { baseDelayMs: 10 }, ...extra });

  await t.test('a connection reset mid-blob resumes with Range and the digest still checks', async (t) => {
    const proxy = await startFaultProxy(t, reg.url);
    proxy.addRule({
      method: 'GET',
      path: /\/blobs\/sha256:/,
      times: 2,
      fault: { kind: 'reset', afterBytes: 150_000 },
    });
    const repo = open(proxy.host, { timeouts: { body: 5000 } });
    const got = await buffer(await repo.fetch(layer));
    assert.ok(got.equals(layerBytes));
    assert.equal(proxy.injected.reset, 2);
    const ranges = proxy.requests.filter((r) => r.headers.range).map((r) => r.headers.range);
    assert.equal(ranges.length, 2);
    for (const r of ranges) assert.match(r as string, /^bytes=[1-9]\d*-$/);
    assert.equal(repo.downloadStats.resumes, 2);
  });

  await t.test('429 with Retry-After is honoured', async (t) => {
    const proxy = await startFaultProxy(t, reg.url);
    proxy.addRule({ path: /\/manifests\/v1/, fault: { kind: 'status', status: 429, retryAfter: '1' } });
    const repo = open(proxy.host, { retry: { baseDelayMs: 1 } });
    const start = Date.now();
    assert.equal((await repo.resolve('v1')).digest, img.root.digest);
    assert.ok(Date.now() - start >= 950, `waited ${Date.now() - start} ms`);
    assert.equal(proxy.injected.status, 1);
    assert.equal(repo.client.stats.retries, 1);
  });

  await t.test('a burst of 500s is retried', async (t) => {
    const proxy = await startFaultProxy(t, reg.url);
    proxy.addRule({ path: /\/manifests\//, times: 3, fault: { kind: 'status', status: 500 } });
    const repo = open(proxy.host, { retry: { baseDelayMs: 5, attempts: 5 } });
    assert.equal((await repo.resolve('v1')).digest, img.root.digest);
    assert.equal(proxy.injected.status, 3);
  });

  await t.test('endless 503s give up after the configured attempts', async (t) => {
    const proxy = await startFaultProxy(t, reg.url);
    proxy.addRule({ path: /\/manifests\//, times: 100, fault: { kind: 'status', status: 503 } });
    const repo = open(proxy.host, { retry: { baseDelayMs: 5, attempts: 3 } });
    await assert.rejects(repo.resolve('v1'), (e: DeckhandError) => e.code === 'HTTP');
    assert.equal(proxy.injected.status, 3);
  });

  await t.test('a redirect to another host does not carry Authorization', async (t) => {
    const creds = { username: 'proxyuser', password: 'proxy-secret-123' };
    const other = await startFaultProxy(t, reg.url);
    const front = await startFaultProxy(t, reg.url, { requireBasic: creds });
    front.addRule({ method: 'GET', path: /\/blobs\/sha256:/, fault: { kind: 'redirect', to: other.url } });
    const repo = open(front.host, { credentials: creds });
    assert.ok((await buffer(await repo.fetch(layer))).equals(layerBytes));
    assert.equal(front.injected.redirect, 1);
    const redirected = front.requests.find((r) => r.fault === 'redirect')!;
    assert.ok(redirected.headers.authorization, 'the registry itself got credentials');
    assert.equal(other.requests.length, 1);
    assert.equal(other.requests[0]!.headers.authorization, undefined, 'no Authorization to the other host');
  });

  await t.test('a stalled registry times out', async (t) => {
    const proxy = await startFaultProxy(t, reg.url);
    proxy.addRule({ path: /\/manifests\//, fault: { kind: 'stall', ms: 2000 } });
    const repo = open(proxy.host, { retry: { attempts: 1 }, timeouts: { headers: 300 } });
    await assert.rejects(repo.resolve('v1'), (e: DeckhandError) => e.code === 'TIMEOUT');
  });
});
