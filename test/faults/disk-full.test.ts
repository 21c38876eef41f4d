/**
 * Disk full: `images_dir` on a 2 MiB tmpfs (mounted as root; skipped with a message otherwise). A pull
 * of a small image and one that cannot fit fails the large one with ENOSPC naming it, keeps the small
 * one, stores no partial or corrupt blob, and the store still passes fsck.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LayoutStore } from '../../src/store/index.js';
import { STACK } from '../e2e/cli/deckhand.js';
import { cli, ingestFiles, seedDisjointSet } from '../helpers/fault-fixtures.js';

/** mountTmpfs mounts a small tmpfs on `dir`; false when this process may not mount. */
function mountTmpfs(dir: string, size: string): boolean {
  if (process.getuid?.() !== 0) return false;
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

test('disk full: ENOSPC names the image, nothing corrupt, fsck passes', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'deckhand-full-'));
  const mounted = mountTmpfs(dir, '2m');
  // One hook, in this order: a mount point cannot be removed while mounted.
  t.after(async () => {
    if (mounted) execFileSync('umount', ['-l', dir]);
    await rm(dir, { recursive: true, force: true });
  });
  if (!mounted) {
    t.skip('cannot mount a tmpfs here (needs root and CAP_SYS_ADMIN): disk-full case not run');
    return;
  }
  const set = await seedDisjointSet(t, { large: 1, small: 1, largeSize: 1 << 20, prefix: 'full' });
  if (!set) return;
  const [large, small] = [...set.images.keys()];
  const store = join(dir, 'images');

  const r = await cli(['image', 'pull', small!, large!, '--images-dir', store, '--concurrency', '1']);
  const all = `${r.stdout}\n${r.stderr}`;
  assert.equal(r.code, 2, all);
  assert.match(
    all,
    new RegExp(`^failed +${large!.replace(/[.:/]/g, '\\$&')} .*no space left on the device holding`, 'm'),
  );
  assert.match(all, new RegExp(`^done +${small!.replace(/[.:/]/g, '\\$&')} `, 'm'));
  assert.doesNotMatch(all, STACK);

  const json = await cli(['image', 'pull', large!, '--images-dir', store, '--json']);
  assert.equal(json.code, 2);
  const entry = (JSON.parse(json.stdout) as { images: { source: string; error?: string }[] }).images[0]!;
  assert.equal(entry.source, large);
  assert.match(entry.error ?? '', /no space left on the device holding/);

  const s = await LayoutStore.open(store);
  const report = await s.fsck();
  assert.ok(report.ok, JSON.stringify(report.problems));
  assert.deepEqual(await ingestFiles(store), [], 'the failed write was removed');
  assert.equal((await s.resolve(small!)).digest, set.images.get(small!)!.root.digest);
  await assert.rejects(s.resolve(large!), 'the large image is not tagged');
  const blobs = await readdir(join(store, 'blobs', 'sha256'));
  const known = new Set([...set.images.values()].flatMap((i) => [...i.blobs.keys()]));
  for (const b of blobs) assert.ok(known.has(`sha256:${b}`), `unexpected blob ${b}`);
});
