/**
 * Our own registry client against our server: a multi-arch image pushed with copy() (monolithic and
 * chunked uploads, a second repository), pulled back into a second store, tags paginated; TLS + Basic auth.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { copy } from '../../../src/copy/index.js';
import { openRepository } from '../../../src/registry/index.js';
import { LayoutStore } from '../../../src/store/index.js';
import { requireTool } from '../../helpers/require-tool.js';
import { makeCertificates } from '../../helpers/tls.js';
import { makeIndex, pushImage } from '../../helpers/test-images.js';
import { serveTemp } from './serve-helper.js';

const cases = [
  { name: 'monolithic uploads', options: {} },
  { name: 'chunked uploads', options: { chunkSize: 16 * 1024 } },
];

for (const c of cases) {
  test(`copy() pushes a multi-arch image to our server and pulls it back (${c.name})`, async (t) => {
    const srv = await serveTemp(t);
    const src = await LayoutStore.open(join(srv.dir, 'src'), { create: true });
    const img = makeIndex({ seed: `client-${c.name}`, layerSize: 100_000, layers: 3 });
    await pushImage(src, img, 'example.com/team/app:1.0');

    const repo = openRepository(`${srv.server.host}/team/app`, { plainHttp: true, ...c.options });
    const pushed = await copy(src, 'example.com/team/app:1.0', repo, '1.0');
    assert.equal(pushed.digest, img.root.digest);
    assert.equal(pushed.blobsTransferred, img.blobs.size);
    assert.deepEqual(await repo.tags(), ['1.0']);
    assert.equal((await repo.resolve('1.0')).digest, img.root.digest);

    const again = await copy(src, 'example.com/team/app:1.0', repo, '1.0');
    assert.equal(again.bytesTransferred, 0, 'nothing moves twice');

    const other = openRepository(`${srv.server.host}/team/copy`, { plainHttp: true });
    // The store shares blobs between repositories, so a second repository already has them all.
    const second = await copy(repo, '1.0', other, 'latest');
    assert.equal(second.bytesTransferred, 0, 'nothing is uploaded again for another repository');
    assert.equal((await other.resolve('latest')).digest, img.root.digest);

    const dst = await LayoutStore.open(join(srv.dir, 'dst'), { create: true });
    const pulled = await copy(repo, '1.0', dst, `${srv.server.host}/team/app:1.0`, {
      platforms: ['linux/arm64'],
    });
    assert.deepEqual(pulled.platforms, [{ os: 'linux', architecture: 'arm64' }]);
    assert.equal((await dst.fsck()).ok, true);
    assert.equal((await srv.server.store.fsck()).ok, true);
  });
}

test('tags() follows Link pagination from our server', async (t) => {
  const srv = await serveTemp(t);
  const img = makeIndex({ seed: 'paging', layerSize: 10 });
  const tags = Array.from({ length: 7 }, (_, i) => `t${i}`);
  for (const tag of tags) await pushImage(srv.server.store, img, `${srv.server.host}/paged:${tag}`);
  const repo = openRepository(`${srv.server.host}/paged`, { plainHttp: true });
  assert.deepEqual(await repo.tags({ pageSize: 3 }), tags);
});

test('our client over TLS with Basic auth: the right password works, a wrong one is UNAUTHORIZED', async (t) => {
  if (!requireTool(t, 'openssl') || !requireTool(t, 'htpasswd', 'apache2-utils')) return;
  const dir = (await serveTemp(t)).dir;
  const certs = makeCertificates(dir);
  const htpasswd = join(dir, 'htpasswd');
  writeFileSync(htpasswd, execFileSync('htpasswd', ['-Bbn', 'bob', 'b0b-secret'], { encoding: 'utf8' }));
  const srv = await serveTemp(t, {
    tlsCertFile: certs.certFile,
    tlsKeyFile: certs.keyFile,
    htpasswdFile: htpasswd,
  });
  const src = await LayoutStore.open(join(dir, 'src'), { create: true });
  const img = makeIndex({ seed: 'client-tls', layerSize: 5000 });
  await pushImage(src, img, 'example.com/secure/app:1');
  const ok = openRepository(`${srv.server.host}/secure/app`, {
    caFile: certs.caFile,
    credentials: { username: 'bob', password: 'b0b-secret' },
  });
  await copy(src, 'example.com/secure/app:1', ok, '1');
  assert.equal((await ok.resolve('1')).digest, img.root.digest);
  const wrong = openRepository(`${srv.server.host}/secure/app`, {
    caFile: certs.caFile,
    credentials: { username: 'bob', password: 'not-it' },
    retry: { attempts: 1 },
  });
  await assert.rejects(wrong.resolve('1'), { code: 'UNAUTHORIZED' });
});
