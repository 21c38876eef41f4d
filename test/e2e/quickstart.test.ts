/**
 * The README's first command as CI runs it: the built quickstart script (registry serve + the
 * quickstart playbook + stop), and the bundled fixture it relies on.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { execa } from 'execa';
import { OCI_LAYER_GZIP } from '../../src/oci/media-types.js';
import { LayoutStore } from '../../src/store/index.js';
import { FIXTURE_DIR, FIXTURE_REFERENCE, buildFixture } from '../../scripts/make-fixture.js';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

test('npm run quickstart: exit 0, the round trip in plain words, nothing left behind', async () => {
  const r = await execa(process.execPath, [join(REPO, 'dist', 'scripts', 'quickstart.js')], {
    cwd: REPO,
    reject: false,
    timeout: 120_000,
    env: { NO_COLOR: '1' },
  });
  const out = r.stdout;
  assert.equal(r.exitCode, 0, `${out}\n${r.stderr}`);
  assert.match(out, /^\[1\/3\] Starting a local image registry/m);
  assert.match(out, /It listens on http:\/\/127\.0\.0\.1:\d+/);
  assert.match(out, /^localhost +: ok=5 +changed=3 +unreachable=0 +failed=0/m);
  assert.match(out, /the image made the round trip unchanged/);
  assert.match(out, /pulled .* for linux\/amd64, linux\/arm64/);
  const lines = out.split('\n').filter((l) => l.includes('quickstart/hello:1.0  (linux/amd64, linux/arm64;'));
  assert.equal(lines.length, 3, 'images_dir, registry and second images_dir each hold both platforms');
  const digests = new Set(lines.map((l) => /sha256:[0-9a-f]{12}/.exec(l)?.[0]));
  assert.equal(digests.size, 1, 'one digest everywhere');
  assert.match(out, /^quickstart: OK$/m);
  const tmp = /Everything it writes goes under (\S+)\./.exec(out)?.[1];
  assert.ok(tmp && !existsSync(tmp), 'the temporary directory is removed');
});

test('the bundled fixture: current, small, valid, two platforms of gzipped tar layers', async () => {
  const dir = join(REPO, FIXTURE_DIR);
  const store = await LayoutStore.open(dir);
  const fresh = buildFixture();
  assert.equal(
    (await store.resolve(FIXTURE_REFERENCE)).digest,
    fresh[fresh.length - 1].desc.digest,
    'regenerate with scripts/make-fixture.ts',
  );
  const [entry] = await store.list();
  assert.deepEqual(
    entry.platforms.map((p) => `${p.os}/${p.architecture}`),
    ['linux/amd64', 'linux/arm64'],
  );
  assert.equal((await store.fsck()).ok, true);
  const blobs = join(dir, 'blobs', 'sha256');
  const total = readdirSync(blobs).reduce((n, f) => n + statSync(join(blobs, f)).size, 0);
  assert.ok(total < 64 * 1024, `fixture is ${total} bytes`);
  const layers = fresh.filter((b) => b.desc.mediaType === OCI_LAYER_GZIP);
  assert.equal(layers.length, 3, 'one shared layer and one per platform');
  for (const l of layers) {
    const raw = gunzipSync(readFileSync(join(blobs, l.desc.digest.slice(7))));
    assert.equal(raw.subarray(257, 262).toString('ascii'), 'ustar', 'a ustar header');
    assert.equal(raw.length % 512, 0);
  }
});
