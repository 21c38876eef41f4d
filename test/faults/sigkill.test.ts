/**
 * SIGKILL of `deckhand image pull` at seeded random moments, 20 times, over a set of large and small
 * images: after each kill the store passes fsck, and the re-run transfers exactly the bytes the store
 * was missing (the images share no blob, so that number is exact).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ImageData } from '../../modules/image/types.js';
import { parseManifests } from '../../modules/image/manifests.js';
import { pullImages } from '../../modules/image/pull.js';
import { closeAllClients } from '../../src/registry/index.js';
import { LayoutStore } from '../../src/store/index.js';
import { mulberry32 } from '../helpers/fault-chaos.js';
import { cli, ingestFiles, missingBytes, seedDisjointSet, storeBlobs } from '../helpers/fault-fixtures.js';

const KILLS = 20;

test.after(closeAllClients);

test(`SIGKILL a pull at ${KILLS} random moments: fsck passes, the re-run moves only what was missing`, async (t) => {
  const set = await seedDisjointSet(t, { large: 2, small: 6, largeSize: 1 << 20, prefix: 'kill' });
  if (!set) return;
  const dir = await mkdtemp(join(tmpdir(), 'deckhand-kill-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const refs = [...set.images.keys()];
  const total = missingBytes(set.images.values(), new Set());
  const blobCount = new Set([...set.images.values()].flatMap((img) => [...img.blobs.keys()])).size;
  const pull = (store: string) => [
    'image',
    'pull',
    ...refs,
    '--images-dir',
    store,
    '--json',
    '--concurrency',
    '4',
  ];

  // One full pull times the window the kills fall in.
  const started = Date.now();
  const full = await cli(pull(join(dir, 'timing')));
  const fullMs = Date.now() - started;
  assert.equal(full.code, 0, full.stderr);
  assert.equal((JSON.parse(full.stdout) as ImageData).bytes_transferred, total);

  const rand = mulberry32(20261123);
  const outcomes = { before: 0, partial: 0, complete: 0, exited: 0 };
  const runOne = async (i: number): Promise<void> => {
    const store = join(dir, `s${i}`);
    // Kill once the store holds `k` blobs (k = 0: as soon as a write starts), then a random few ms more.
    const k = Math.floor(rand() * blobCount);
    const extra = Math.floor(rand() * 30);
    const at = `${k} blobs + ${extra} ms`;
    let reachedAt: number | undefined;
    const killed = await cli(pull(store), {
      signalPoll: async () => {
        if (reachedAt === undefined) {
          const n = (await storeBlobs(store)).size;
          if (n >= k && (k > 0 || (await ingestFiles(store)).length > 0)) reachedAt = Date.now();
        }
        return reachedAt !== undefined && Date.now() - reachedAt >= extra;
      },
    });
    const present = await storeBlobs(store);
    const missing = missingBytes(set.images.values(), present);
    if (killed.signal !== 'SIGKILL') outcomes.exited++;
    if (present.size === 0) outcomes.before++;
    else if (missing === 0) outcomes.complete++;
    else outcomes.partial++;
    if (present.size > 0 || killed.code === 0) {
      const report = await (await LayoutStore.open(store)).fsck();
      assert.ok(report.ok, `kill ${i} at ${at} ms: ${JSON.stringify(report.problems)}`);
    }
    // The re-run goes through the CLI's own pull function in-process (a second process start per kill
    // costs more than the pull itself on a loaded 2-core machine).
    const again = await pullImages(parseManifests(refs, { prefix: '' }, 'REF'), store, { concurrency: 4 });
    for (const e of again)
      assert.ok(e.status === 'done' || e.status === 'skipped', `${e.source}: ${e.error}`);
    const moved = again.reduce((n, e) => n + e.bytes_transferred, 0);
    assert.equal(moved, missing, `kill ${i} at ${at}: the re-run moved only the missing bytes`);
    const after = await (await LayoutStore.open(store)).fsck();
    assert.ok(after.ok, JSON.stringify(after.problems));
    for (const [ref, img] of set.images) {
      assert.equal((await (await LayoutStore.open(store)).resolve(ref)).digest, img.root.digest);
    }
    // What the kill left in ingest/ is invisible (not a blob) and gc reclaims it once it is old.
    const gc = await (await LayoutStore.open(store)).gc({ graceMs: 0 });
    assert.equal(gc.removedBlobs.length, 0, 'gc removed nothing reachable');
    assert.deepEqual(await ingestFiles(store), []);
    await rm(store, { recursive: true, force: true });
  };
  // Two at a time: the machine has two cores and each kill is independent.
  for (let i = 0; i < KILLS; i += 2) await Promise.all([runOne(i), runOne(i + 1)]);
  t.diagnostic(`full pull ${fullMs} ms, ${total} bytes; kills: ${JSON.stringify(outcomes)}`);
  assert.ok(outcomes.partial >= 5, 'most kills landed mid-transfer');
});
