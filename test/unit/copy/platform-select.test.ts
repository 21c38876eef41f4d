import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copy } from '../../../src/copy/copy.js';
import { wantedPlatforms } from '../../../src/copy/platform-select.js';
import type { CopyEvent } from '../../../src/copy/types.js';
import type { ImageIndex } from '../../../src/oci/manifest.js';
import { makeImage, makeIndex } from '../../helpers/test-images.js';
import { MemoryTarget } from '../../helpers/memory-target.js';

const three = [
  { os: 'linux', architecture: 'amd64' },
  { os: 'linux', architecture: 'arm64' },
  { os: 'linux', architecture: 'arm', variant: 'v7' },
];

test('wantedPlatforms: all-words mean every platform; strings parse; duplicates collapse', () => {
  for (const all of [undefined, null, 'all', '*', [], ['linux/amd64', 'all']])
    assert.equal(wantedPlatforms(all), undefined);
  assert.deepEqual(wantedPlatforms('linux/arm64/v8'), [{ os: 'linux', architecture: 'arm64' }]);
  assert.equal(
    wantedPlatforms(['linux/arm64', 'linux/aarch64', { os: 'linux', architecture: 'arm64' }])?.length,
    1,
  );
  assert.throws(() => wantedPlatforms('linux//x'), { code: 'E_PLATFORM' });
});

test('one platform: that manifest is stored and tagged, other platforms are not copied', async () => {
  const idx = makeIndex({ seed: 'one', platforms: three });
  const src = MemoryTarget.fromImage(idx, 'v1');
  const dst = new MemoryTarget();
  const r = await copy(src, 'v1', dst, 'v1', { platforms: 'linux/arm64' });
  const arm = idx.images[1];
  assert.equal(r.digest, arm.root.digest);
  assert.equal(r.sourceDigest, idx.root.digest);
  assert.equal(r.digestChanged, true);
  assert.equal(dst.tags.get('v1')?.digest, arm.root.digest);
  assert.deepEqual(new Set(dst.blobs.keys()), new Set(arm.blobs.keys()));
  assert.deepEqual(r.platforms, [{ os: 'linux', architecture: 'arm64' }]);
});

test('several platforms: a new index lists only those and the result says the digest differs', async () => {
  const idx = makeIndex({ seed: 'several', platforms: three });
  const src = MemoryTarget.fromImage(idx, 'v1');
  const dst = new MemoryTarget();
  const r = await copy(src, 'v1', dst, 'v1', { platforms: ['linux/amd64', 'linux/arm/v7'] });
  assert.equal(r.digestChanged, true);
  assert.notEqual(r.digest, idx.root.digest);
  const written = JSON.parse((dst.blobs.get(r.digest) as Buffer).toString('utf8')) as ImageIndex;
  assert.deepEqual(
    written.manifests.map((m) => m.digest),
    [idx.images[0].root.digest, idx.images[2].root.digest],
  );
  assert.equal(dst.tags.get('v1')?.digest, r.digest);
  assert.ok(!dst.blobs.has(idx.images[1].root.digest), 'arm64 not copied');
});

test('asking for every platform an index has keeps the source index and its digest', async () => {
  const idx = makeIndex({ seed: 'every' });
  const r = await copy(MemoryTarget.fromImage(idx, 'v1'), 'v1', new MemoryTarget(), 'v1', {
    platforms: ['linux/arm64', 'linux/amd64'],
  });
  assert.equal(r.digest, idx.root.digest);
  assert.equal(r.digestChanged, false);
});

const missing: {
  name: string;
  image: () => ReturnType<typeof makeImage>;
  platforms: string[];
  warnCopies: boolean;
}[] = [
  {
    name: 'an index lacking the platform',
    image: () => makeIndex({ seed: 'm1' }),
    platforms: ['linux/s390x'],
    warnCopies: false,
  },
  {
    name: 'an index lacking one of two platforms',
    image: () => makeIndex({ seed: 'm2' }),
    platforms: ['linux/arm64', 'linux/s390x'],
    warnCopies: true,
  },
  {
    name: 'a single-platform image for another platform',
    image: () => makeImage({ seed: 'm3', platform: { os: 'linux', architecture: 'amd64' } }),
    platforms: ['linux/arm64'],
    warnCopies: false,
  },
];
for (const m of missing) {
  test(`${m.name}: E_PLATFORM under strict, a warning under warn`, async () => {
    const img = m.image();
    const dst = new MemoryTarget();
    await assert.rejects(
      copy(MemoryTarget.fromImage(img, 'v1'), 'v1', dst, 'v1', { platforms: m.platforms }),
      {
        code: 'E_PLATFORM',
      },
    );
    assert.equal(dst.pushed().length, 0, 'strict copies nothing');
    const events: CopyEvent[] = [];
    const r = await copy(MemoryTarget.fromImage(img, 'v1'), 'v1', dst, 'v1', {
      platforms: m.platforms,
      policy: 'warn',
      onEvent: (e) => events.push(e),
    });
    assert.equal(r.warnings.length, 1);
    assert.match(r.warnings[0], /s390x|arm64/);
    assert.ok(events.some((e) => e.type === 'warning'));
    assert.equal(r.status, m.warnCopies ? 'done' : 'skipped');
    assert.equal(dst.tags.has('v1'), m.warnCopies);
  });
}

test('a single-platform image matching the request is copied as it is', async () => {
  const img = makeImage({ seed: 'match', platform: { os: 'linux', architecture: 'arm64' } });
  const r = await copy(MemoryTarget.fromImage(img, 'v1'), 'v1', new MemoryTarget(), 'v1', {
    platforms: 'linux/aarch64',
  });
  assert.equal(r.digest, img.root.digest);
  assert.deepEqual(r.platforms, [{ os: 'linux', architecture: 'arm64' }]);
});
