/**
 * Pull and push of a generated set of 24 images through a seeded chaos proxy in front of a real
 * docker-registry: resets at random offsets in a third of blob downloads, 503/429 bursts on a tenth of
 * requests and a few mid-body stalls (short body timeout, so it fires and the download resumes).
 * Everything must still arrive, every digest verify and fsck pass; fault and retry counts are reported.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyImages } from '../../src/copy/index.js';
import { closeAllClients, openRegistry, openRepository } from '../../src/registry/index.js';
import { LayoutStore } from '../../src/store/index.js';
import { startChaosProxy } from '../helpers/fault-chaos.js';
import { startRegistry } from '../helpers/registry-server.js';
import { makeImage, makeIndex, pushImage, type TestImage } from '../helpers/test-images.js';

test.after(closeAllClients);

/** imageSet: 24 images, small and medium layers, a few multi-platform, some sharing a seed (shared layers). */
function imageSet(): Map<string, TestImage> {
  const set = new Map<string, TestImage>();
  for (let i = 0; i < 24; i++) {
    const seed = `chaos-${i % 20}`;
    const img =
      i % 6 === 5
        ? makeIndex({ seed, layers: 2, layerSize: 40_000 + i * 1000 })
        : makeImage({ seed, layers: 1 + (i % 3), layerSize: i % 4 === 0 ? 300_000 : 20_000 + i * 997 });
    set.set(`chaos/img-${i}`, img);
  }
  return set;
}

const fast = { retry: { baseDelayMs: 5, maxDelayMs: 200, attempts: 8 }, timeouts: { body: 700 } };

test('pull and push of 24 images through resets, 503/429 bursts and stalls', async (t) => {
  const reg = await startRegistry(t);
  if (!reg) return;
  const dir = await mkdtemp(join(tmpdir(), 'deckhand-chaos-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const images = imageSet();
  for (const [repo, img] of images) {
    await pushImage(openRepository(`${reg.host}/${repo}`, { plainHttp: true }), img, 'v1');
  }

  await t.test('pull', async (t) => {
    const proxy = await startChaosProxy(t, reg.url, { seed: 8, stallFraction: 0.04, stallMs: 2000 });
    const store = await LayoutStore.init(join(dir, 'store'));
    const jobs = [...images.keys()].map((repo) => ({
      src: openRepository(`${proxy.host}/${repo}`, { plainHttp: true, ...fast }),
      srcRef: 'v1',
      dst: store,
      dstRef: `${proxy.host}/${repo}:v1`,
    }));
    const results = await copyImages(jobs, { imageConcurrency: 4 });
    for (const r of results)
      assert.equal(r.status, 'done', `${r.source}: ${r.error?.code} ${r.error?.message}`);
    for (const [repo, img] of images) {
      assert.equal((await store.resolve(`${proxy.host}/${repo}:v1`)).digest, img.root.digest, repo);
    }
    const report = await store.fsck();
    assert.ok(report.ok, JSON.stringify(report.problems));
    const retries = jobs[0]!.src.client.stats.retries;
    const resumes = jobs.reduce((n, j) => n + j.src.downloadStats.resumes, 0);
    t.diagnostic(`pull: ${proxy.requests.length} requests, injected ${JSON.stringify(proxy.injected)}`);
    t.diagnostic(`pull: ${retries} request retries, ${resumes} download resumes (Range)`);
    assert.ok(proxy.injected.reset >= 5, 'resets were injected');
    assert.ok(proxy.injected.status503 + proxy.injected.status429 >= 5, 'status bursts were injected');
    assert.ok(proxy.injected.stall >= 1, 'a stall was injected');
    assert.ok(retries >= proxy.injected.status503 + proxy.injected.status429, 'each 503/429 was retried');
    assert.ok(resumes >= proxy.injected.reset, 'each reset was resumed');
  });

  await t.test('push', async (t) => {
    const proxy = await startChaosProxy(t, reg.url, { seed: 9, statusFraction: 0.1 });
    const store = await LayoutStore.open(join(dir, 'store'));
    const refs = await store.refs();
    assert.equal(refs.length, images.size);
    const jobs = refs.map(({ reference }) => {
      const repo = reference.replace(/^[^/]+\/chaos\//, 'pushed/chaos-').replace(/:v1$/, '');
      return {
        src: store,
        srcRef: reference,
        dst: openRepository(`${proxy.host}/${repo}`, { plainHttp: true, ...fast }),
        dstRef: 'v1',
      };
    });
    const results = await copyImages(jobs, { imageConcurrency: 4 });
    for (const r of results) assert.equal(r.status, 'done', `${r.destination}: ${r.error?.code}`);
    const retries = jobs[0]!.dst.client.stats.retries;
    t.diagnostic(`push: ${proxy.requests.length} requests, injected ${JSON.stringify(proxy.injected)}`);
    t.diagnostic(`push: ${retries} request retries`);
    assert.ok(proxy.injected.status503 + proxy.injected.status429 >= 5);

    // Check straight against the registry, not through the proxy.
    const catalog = await openRegistry(reg.host, { plainHttp: true }).catalog();
    const pushed = catalog.filter((r) => r.startsWith('pushed/')).sort();
    assert.deepEqual(pushed, [...images.keys()].map((r) => r.replace(/^chaos\//, 'pushed/chaos-')).sort());
    for (const [repo, img] of images) {
      const name = repo.replace(/^chaos\//, 'pushed/chaos-');
      const got = await openRepository(`${reg.host}/${name}`, { plainHttp: true }).resolve('v1');
      assert.equal(got.digest, img.root.digest, name);
    }
  });
});
