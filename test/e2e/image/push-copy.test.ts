/**
 * The built CLI end to end: `image push` into the TLS + htpasswd registry (credentials never printed,
 * wrong ones exit 2), `image copy` between docker:// and oci:, and `image import-kubekey`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ImageData } from '../../../modules/image/types.js';
import { isManifest } from '../../../src/oci/media-types.js';
import { closeAllClients, openRegistry, openRepository } from '../../../src/registry/index.js';
import { startRegistry } from '../../helpers/registry-server.js';
import { requireTool } from '../../helpers/require-tool.js';
import { makeImage, pushImage, pushOrder } from '../../helpers/test-images.js';
import { seededRegistry, tempDir } from '../../integration/modules/image/fixtures.js';
import { deckhand, STACK } from '../cli/deckhand.js';

test('image push with a dest template and --creds; copy docker:// ↔ oci:', async (t) => {
  const s = await seededRegistry(t);
  if (!s) return;
  const target = await startRegistry(t, { tls: true, auth: true });
  if (!target) return;
  const base = await tempDir(t);
  const dir = join(base, 'images');
  const pulled = await deckhand([
    'image',
    'pull',
    s.refs.multi,
    s.refs.alpha,
    s.refs.beta,
    '--images-dir',
    dir,
    '-q',
  ]);
  assert.equal(pulled.code, 0, pulled.all);
  assert.equal(pulled.stdout, '', '--quiet prints nothing');

  const dest = `${target.host}/mirror/{{module.image.src.reference.repository}}:{{module.image.src.reference.reference}}`;
  const creds = `${target.username}:${target.password}`;
  const common = ['--images-dir', dir, '--dest', dest, '--ca-file', target.caFile!];
  const denied = await deckhand([
    'image',
    'push',
    ...common,
    '--src-pattern',
    'alpha',
    '--creds',
    `${target.username}:wrong-password`,
  ]);
  assert.equal(denied.code, 2, denied.all);
  assert.ok(!denied.all.includes('wrong-password'), 'a password is never printed, also not when wrong');
  assert.match(denied.stdout, /^failed +.*org\/alpha:2\.1 /m);

  const pushed = await deckhand([
    'image',
    'push',
    ...common,
    '--src-pattern',
    '/org/',
    '--creds',
    creds,
    '--json',
  ]);
  assert.equal(pushed.code, 0, pushed.all);
  assert.ok(!pushed.all.includes(target.password!), 'the password is never printed');
  const data = JSON.parse(pushed.stdout) as ImageData;
  assert.deepEqual(
    data.images.map((i) => [i.destination, i.status]),
    [
      [`${target.host}/mirror/org/alpha:2.1`, 'done'],
      [`${target.host}/mirror/org/multi:1.0`, 'done'],
    ],
  );
  const opts = {
    caFile: target.caFile,
    credentials: { username: target.username, password: target.password },
  };
  assert.deepEqual((await openRegistry(target.host, opts).catalog()).sort(), [
    'mirror/org/alpha',
    'mirror/org/multi',
  ]);

  const out = join(base, 'copy');
  const down = await deckhand([
    'image',
    'copy',
    `docker://${target.host}/mirror/org/multi:1.0`,
    `oci:${out}:mine:1`,
    '--creds',
    creds,
    '--ca-file',
    target.caFile!,
    '--platform',
    'linux/arm/v7',
  ]);
  assert.equal(down.code, 0, down.all);
  const inspect = await deckhand(['image', 'inspect', 'mine:1', '--images-dir', out, '--json']);
  assert.equal(
    (JSON.parse(inspect.stdout) as { digest: string }).digest,
    s.images.multi.images[2]!.root.digest,
  );

  const up = await deckhand(['image', 'copy', `oci:${out}:mine:1`, `docker://${s.reg.host}/copied/armv7:1`]);
  assert.equal(up.code, 0, up.all);
  assert.match(up.stdout, /^done +mine:1 /m);
  const remote = await deckhand(['image', 'inspect', `${s.reg.host}/copied/armv7:1`, '--json']);
  assert.deepEqual((JSON.parse(remote.stdout) as { platforms: string[] }).platforms, ['linux/arm/v7']);

  const noRef = await deckhand(['image', 'copy', `oci:${out}`, `docker://${s.reg.host}/x:1`]);
  assert.equal(noRef.code, 1);
  assert.match(noRef.stderr, /needs a reference/);
  assert.doesNotMatch(noRef.all, STACK);
});

test('image import-kubekey turns a KubeKey image directory into a layout', async (t) => {
  const base = await tempDir(t);
  const kk = join(base, 'kubekey');
  const img = makeImage({ seed: 'kk-e2e' });
  const mdir = join(kk, 'registry.local:5000', 'org', 'app', 'manifests');
  await mkdir(join(kk, 'blobs'), { recursive: true });
  await mkdir(mdir, { recursive: true });
  for (const d of pushOrder(img)) {
    if (!isManifest(d.mediaType)) await writeFile(join(kk, 'blobs', d.digest), img.blobs.get(d.digest)!);
  }
  await writeFile(join(mdir, 'v1'), img.blobs.get(img.root.digest)!);
  const dir = join(base, 'images');
  const r = await deckhand(['image', 'import-kubekey', kk, '--images-dir', dir]);
  assert.equal(r.code, 0, r.all);
  assert.match(r.stdout, /^imported registry\.local:5000\/org\/app:v1 sha256:/m);
  const ls = await deckhand(['image', 'ls', '--images-dir', dir, '-q']);
  assert.equal(ls.stdout, 'registry.local:5000/org/app:v1');
  const bad = await deckhand(['image', 'import-kubekey', join(base, 'nothing'), '--images-dir', dir]);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /not a KubeKey image directory/);
});

test('image pull --authfile (any file name) and push --check', async (t) => {
  const target = await startRegistry(t, { tls: true, auth: true });
  if (!target) return;
  const base = await tempDir(t);
  const img = makeImage({ seed: 'authfile' });
  const ref = `${target.host}/org/private:1`;
  const creds = { username: target.username, password: target.password };
  await pushImage(openRepository(ref, { caFile: target.caFile, credentials: creds }), img, ref);
  await closeAllClients();

  const authfile = join(base, 'auth.json');
  const auth = Buffer.from(`${target.username}:${target.password}`).toString('base64');
  await writeFile(authfile, JSON.stringify({ auths: { [target.host]: { auth } } }));
  const dir = join(base, 'images');
  const without = await deckhand(['image', 'pull', ref, '--images-dir', dir, '--ca-file', target.caFile!]);
  assert.equal(without.code, 2, 'no credentials: the pull fails');
  const pulled = await deckhand([
    'image',
    'pull',
    ref,
    '--images-dir',
    dir,
    '--ca-file',
    target.caFile!,
    '--authfile',
    authfile,
  ]);
  assert.equal(pulled.code, 0, pulled.all);

  const userPass = `${target.username}:${target.password}`;
  const untrusted = await deckhand(['image', 'inspect', ref, '--creds', userPass]);
  assert.equal(untrusted.code, 2, 'an unknown CA is refused');
  assert.match(untrusted.stderr, /certificate|TLS/i);
  const skipped = await deckhand(['image', 'inspect', ref, '--creds', userPass, '--skip-tls-verify']);
  assert.equal(skipped.code, 0, skipped.all);

  const dest = `${target.host}/copy/{{module.image.src.reference.repository}}:1`;
  const common = [
    'image',
    'push',
    '--images-dir',
    dir,
    '--dest',
    dest,
    '--ca-file',
    target.caFile!,
    '--creds',
    `${target.username}:${target.password}`,
  ];
  const check = await deckhand([...common, '--check']);
  assert.equal(check.code, 0, check.all);
  assert.match(check.stdout, /^would_copy +oci:.* -> .*\/copy\/org\/private:1$/m);
  assert.match(check.stdout, /1 would be copied/);
  const opts = { caFile: target.caFile, credentials: creds };
  assert.deepEqual(await openRegistry(target.host, opts).catalog(), ['org/private'], '--check wrote nothing');
  const real = await deckhand(common);
  assert.equal(real.code, 0, real.all);
  const recheck = await deckhand([...common, '--check', '--json']);
  assert.equal((JSON.parse(recheck.stdout) as ImageData).images[0]!.status, 'present');
});

test('image push reads a layout skopeo wrote (short names normalised)', async (t) => {
  if (!requireTool(t, 'skopeo')) return;
  const s = await seededRegistry(t);
  if (!s) return;
  const dir = join(await tempDir(t), 'skopeo');
  execFileSync(
    'skopeo',
    ['copy', '--src-tls-verify=false', `docker://${s.refs.alpha}`, `oci:${dir}:alpha:2.1`],
    {
      stdio: 'pipe',
    },
  );
  const ls = await deckhand(['image', 'ls', '--images-dir', dir, '--json']);
  assert.equal(ls.code, 0, ls.all);
  const [row] = JSON.parse(ls.stdout) as { reference: string; digest: string }[];
  const dest = `${s.reg.host}/from-skopeo/{{module.image.src.reference.repository}}:{{module.image.src.reference.reference}}`;
  const pushed = await deckhand(['image', 'push', '--images-dir', dir, '--dest', dest, '--json']);
  assert.equal(pushed.code, 0, pushed.all);
  const image = (JSON.parse(pushed.stdout) as ImageData).images[0]!;
  assert.equal(image.destination, `${s.reg.host}/from-skopeo/library/alpha:2.1`);
  assert.equal(image.digest, row!.digest, 'pushed as skopeo stored it');
});
