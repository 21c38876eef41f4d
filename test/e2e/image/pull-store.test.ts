/**
 * The built CLI end to end: `deckhand image pull` into a layout, then `ls`, `inspect` (layout and
 * remote), `rm`, `gc` and `fsck` on it; plain per-image lines when stdout is not a terminal.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ImageData } from '../../../modules/image/types.js';
import { seededRegistry, tempDir } from '../../integration/modules/image/fixtures.js';
import { deckhand, STACK } from '../cli/deckhand.js';

test('image pull, ls, inspect, rm, gc, fsck', async (t) => {
  const s = await seededRegistry(t);
  if (!s) return;
  const dir = join(await tempDir(t), 'images');

  const pulled = await deckhand([
    'image',
    'pull',
    s.refs.multi,
    s.refs.alpha,
    '--images-dir',
    dir,
    '--platform',
    'linux/arm64',
    '--platform',
    'linux/amd64',
    '--policy',
    'warn',
  ]);
  assert.equal(pulled.code, 0, pulled.all);
  assert.match(pulled.stdout, new RegExp(`^done +${s.refs.multi.replace(/[.:/]/g, '\\$&')} +sha256:`, 'm'));
  assert.match(pulled.stdout, /^done +.*org\/alpha:2\.1 .*transferred/m);
  assert.match(pulled.stdout, /^2 images: .* transferred, 0 B already present$/m);
  assert.ok(!pulled.all.includes('\x1b['), 'no escape codes when not a terminal');

  const again = await deckhand(['image', 'pull', s.refs.alpha, '--images-dir', dir, '--json']);
  assert.equal(again.code, 0, again.all);
  const data = JSON.parse(again.stdout) as ImageData;
  assert.equal(data.images[0]!.status, 'skipped');
  assert.equal(data.bytes_transferred, 0);

  const ls = await deckhand(['image', 'ls', '--images-dir', dir, '--json']);
  assert.equal(ls.code, 0, ls.all);
  const rows = JSON.parse(ls.stdout) as { reference: string; platforms: string[]; digest: string }[];
  assert.deepEqual(
    rows.map((r) => [r.reference, r.platforms]),
    [
      [s.refs.alpha, ['linux/amd64']],
      [s.refs.multi, ['linux/arm64', 'linux/amd64']],
    ],
  );
  const table = await deckhand(['image', 'ls', '--images-dir', dir]);
  assert.equal(table.code, 0, table.all);
  assert.match(table.stdout, /^REFERENCE +DIGEST +PLATFORMS +SIZE$/m);
  assert.match(table.stdout, /org\/multi:1\.0 +sha256:\w+ +linux\/arm64,linux\/amd64 +\d/);

  const local = await deckhand(['image', 'inspect', s.refs.alpha, '--images-dir', dir, '--json']);
  assert.equal(local.code, 0, local.all);
  assert.equal((JSON.parse(local.stdout) as { digest: string }).digest, s.images.alpha.root.digest);
  const remote = await deckhand(['image', 'inspect', s.refs.multi]);
  assert.equal(remote.code, 0, remote.all);
  assert.match(remote.stdout, new RegExp(`^Digest: +${s.images.multi.root.digest}$`, 'm'));
  assert.match(remote.stdout, /^Platforms: +linux\/amd64, linux\/arm64, linux\/arm\/v7$/m);

  const gone = await deckhand(['image', 'inspect', `${s.reg.host}/org/none:1`]);
  assert.equal(gone.code, 2, gone.all);
  assert.match(gone.stderr, /^error: .*org\/none/m);

  const rm = await deckhand(['image', 'rm', s.refs.alpha, '--images-dir', dir]);
  assert.equal(rm.code, 0, rm.all);
  assert.match(rm.stdout, /untagged .*alpha/);
  const rmAgain = await deckhand(['image', 'rm', s.refs.alpha, '--images-dir', dir]);
  assert.equal(rmAgain.code, 2, 'removing what is not there is an image failure');

  const young = await deckhand(['image', 'gc', '--images-dir', dir, '--json']);
  assert.equal(young.code, 0, young.all);
  assert.deepEqual(
    (JSON.parse(young.stdout) as { removedBlobs: string[] }).removedBlobs,
    [],
    'young blobs are kept',
  );
  const dry = await deckhand(['image', 'gc', '--images-dir', dir, '--grace-seconds', '0', '--dry-run']);
  assert.match(dry.stdout, /^would remove [1-9]\d* blobs/m);
  const gc = await deckhand(['image', 'gc', '--images-dir', dir, '--grace-seconds', '0', '--json']);
  assert.equal(gc.code, 0, gc.all);
  const removed = (JSON.parse(gc.stdout) as { removedBlobs: string[] }).removedBlobs;
  assert.ok(removed.includes(s.images.alpha.root.digest), 'the untagged image is collected');
  const fsck = await deckhand(['image', 'fsck', '--images-dir', dir]);
  assert.equal(fsck.code, 0, fsck.all);
  assert.match(fsck.stdout, /^ok: \d+ blobs/m);
  const layer = s.images.multi.images[1]!.root.digest;
  await writeFile(join(dir, 'blobs', 'sha256', layer.slice(7)), 'damaged');
  const damaged = await deckhand(['image', 'fsck', '--images-dir', dir]);
  assert.equal(damaged.code, 2, damaged.all);
  assert.match(damaged.stdout, new RegExp(`^corrupt .*${layer.slice(7, 19)}`, 'm'));
  assert.match(damaged.stdout, /^damaged: /m);
  const missing = await deckhand(['image', 'ls', '--images-dir', join(dir, 'nope')]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /^error: .*not an OCI image layout/m);
  assert.doesNotMatch(missing.all, STACK);
});

test('image pull: a missing image exits 2 after the others finished; usage errors exit 1', async (t) => {
  const s = await seededRegistry(t);
  if (!s) return;
  const dir = join(await tempDir(t), 'images');
  const r = await deckhand(['image', 'pull', `${s.reg.host}/org/none:1`, s.refs.beta, '--images-dir', dir]);
  assert.equal(r.code, 2, r.all);
  assert.match(r.stdout, /^failed +.*org\/none:1 /m);
  assert.match(r.stdout, /^done +.*tools\/beta:latest/m);
  assert.match(r.stdout, /1 of 2 images failed.*: .*org\/none:1/);
  // The failed line names the image once: its error follows without repeating it.
  assert.match(r.stdout, /^failed +\S*org\/none:1 +(?!\S*org\/none:1: )\S/m);
  for (const [args, pattern] of [
    [['image', 'pull', 'Bad/Name', '--images-dir', dir], /REF\[0\]: bad image reference/],
    [['image', 'pull', 'nginx', '--images-dir', dir, '--platform', 'linux/arm/v7/x'], /platform/i],
    [['image', 'pull', 'nginx', '--images-dir', dir, '--concurrency', '0'], /--concurrency/],
    [['image', 'pull', 'nginx'], /--images-dir/],
    [
      ['image', 'push', '--images-dir', dir, '--dest', 'x', '--src-pattern', '('],
      /--src-pattern: invalid regular expression/,
    ],
    [['image', 'copy', 'oci:', 'docker://x/y:1'], /SRC: bad image location/],
    [
      ['image', 'push', '--images-dir', join(dir, 'none'), '--dest', 'x'],
      /--images-dir: cannot read the image store/,
    ],
  ] as const) {
    const u = await deckhand([...args]);
    assert.equal(u.code, 1, `${args.join(' ')}: ${u.all}`);
    assert.match(u.stderr, pattern);
    assert.doesNotMatch(u.all, STACK);
  }
});
