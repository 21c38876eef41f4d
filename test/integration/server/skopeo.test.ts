/**
 * A real client against our server: skopeo copies a multi-arch image to it and back, inspects it and
 * lists its tags, over plain HTTP and over TLS with htpasswd Basic auth (an openssl-made CA).
 * skopeo runs asynchronously: the server lives in this process and must keep answering.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { execa } from 'execa';
import { LayoutStore } from '../../../src/store/index.js';
import { requireTool } from '../../helpers/require-tool.js';
import { makeCertificates } from '../../helpers/tls.js';
import { makeIndex, pushImage } from '../../helpers/test-images.js';
import { serveTemp, type TempServer } from './serve-helper.js';

async function skopeo(args: string[]): Promise<string> {
  const r = await execa('skopeo', args, { reject: false, timeout: 60_000 });
  if (r.exitCode !== 0) throw new Error(`skopeo ${args[0]} failed (${r.exitCode}): ${r.stderr}`);
  return r.stdout;
}

async function sourceLayout(dir: string) {
  const src = await LayoutStore.open(join(dir, 'src'), { create: true });
  const img = makeIndex({ seed: 'skopeo', layerSize: 200_000 });
  await pushImage(src, img, 'app:v1');
  return { path: src.root, img };
}

/** roundTrip pushes with skopeo, inspects, lists tags, pulls back; `flags` carry TLS/auth per direction. */
async function roundTrip(
  srv: TempServer,
  flags: { dest: string[]; src: string[]; plain: string[] },
): Promise<void> {
  const { path, img } = await sourceLayout(srv.dir);
  const remote = `docker://${srv.server.host}/team/app`;
  await skopeo([
    'copy',
    '--all',
    '--preserve-digests',
    ...flags.dest,
    `oci:${path}:docker.io/library/app:v1`,
    `${remote}:v1`,
  ]);
  await skopeo([
    'copy',
    '--all',
    '--preserve-digests',
    ...flags.dest,
    `oci:${path}:docker.io/library/app:v1`,
    `${remote}:v2`,
  ]);

  const raw = await skopeo(['inspect', '--raw', ...flags.plain, `${remote}:v1`]);
  assert.equal(
    raw,
    (img.blobs.get(img.root.digest) as Buffer).toString('utf8'),
    'the index bytes are unchanged',
  );
  const inspect = JSON.parse(
    await skopeo(['inspect', ...flags.plain, '--override-arch', 'arm64', `${remote}:v1`]),
  ) as {
    Architecture: string;
    RepoTags: string[];
  };
  assert.equal(inspect.Architecture, 'arm64');
  assert.deepEqual(inspect.RepoTags, ['v1', 'v2']);
  const tags = JSON.parse(await skopeo(['list-tags', ...flags.plain, remote])) as { Tags: string[] };
  assert.deepEqual(tags.Tags, ['v1', 'v2']);

  const back = join(srv.dir, 'back');
  await skopeo(['copy', '--all', '--preserve-digests', ...flags.src, `${remote}:v1`, `oci:${back}:app:v1`]);
  const got = await (await LayoutStore.open(back)).resolve('app:v1');
  assert.equal(got.digest, img.root.digest);
  const fsck = await (await LayoutStore.open(back)).fsck();
  assert.equal(fsck.ok, true);
  const stored = await srv.server.store.fsck();
  assert.equal(stored.ok, true, 'what skopeo pushed is whole in our store');
}

function haveTools(t: TestContext, ...tools: string[]): boolean {
  return tools.every((tool) => requireTool(t, tool, tool === 'htpasswd' ? 'apache2-utils' : undefined));
}

test('skopeo copy to and from our server, inspect and list-tags (plain HTTP)', async (t) => {
  if (!haveTools(t, 'skopeo')) return;
  const srv = await serveTemp(t);
  const no = ['--tls-verify=false'];
  await roundTrip(srv, { dest: ['--dest-tls-verify=false'], src: ['--src-tls-verify=false'], plain: no });
});

test('skopeo over TLS with htpasswd Basic auth; wrong credentials are refused', async (t) => {
  if (!haveTools(t, 'skopeo', 'openssl', 'htpasswd')) return;
  const dir = (await serveTemp(t)).dir;
  const certs = makeCertificates(dir);
  const caDir = join(dir, 'ca');
  mkdirSync(caDir);
  copyFileSync(certs.caFile, join(caDir, 'ca.crt'));
  const htpasswd = join(dir, 'htpasswd');
  writeFileSync(htpasswd, execFileSync('htpasswd', ['-Bbn', 'alice', 's3cret-pw'], { encoding: 'utf8' }));
  const srv = await serveTemp(t, {
    tlsCertFile: certs.certFile,
    tlsKeyFile: certs.keyFile,
    htpasswdFile: htpasswd,
  });
  assert.match(srv.server.url, /^https:/);
  const creds = 'alice:s3cret-pw';
  await roundTrip(srv, {
    dest: ['--dest-cert-dir', caDir, '--dest-creds', creds],
    src: ['--src-cert-dir', caDir, '--src-creds', creds],
    plain: ['--cert-dir', caDir, '--creds', creds],
  });
  await assert.rejects(
    skopeo([
      'list-tags',
      '--cert-dir',
      caDir,
      '--creds',
      'alice:wrong',
      `docker://${srv.server.host}/team/app`,
    ]),
    /unauthorized|authentication required|401/i,
  );
  await assert.rejects(
    skopeo(['list-tags', `docker://${srv.server.host}/team/app`]),
    /certificate|x509/i,
    'the CA must be trusted explicitly',
  );
  const anonymous = await srv.call('GET', '/v2/');
  assert.equal(anonymous.status, 401);
  assert.equal(anonymous.headers['www-authenticate'], 'Basic realm="deckhand-registry"');
  assert.equal(anonymous.code, 'UNAUTHORIZED');
});

test('skopeo pushes Docker schema 2 (v2s2) manifests, which are served with their Docker media type', async (t) => {
  if (!haveTools(t, 'skopeo')) return;
  const srv = await serveTemp(t);
  const { path } = await sourceLayout(srv.dir);
  const remote = `docker://${srv.server.host}/docker/app:1`;
  await skopeo([
    'copy',
    '--format',
    'v2s2',
    '--dest-tls-verify=false',
    `oci:${path}:docker.io/library/app:v1`,
    remote,
  ]);
  const raw = JSON.parse(await skopeo(['inspect', '--raw', '--tls-verify=false', remote])) as {
    mediaType: string;
  };
  assert.equal(raw.mediaType, 'application/vnd.docker.distribution.manifest.v2+json');
  const head = await srv.call('HEAD', '/v2/docker/app/manifests/1');
  assert.equal(head.headers['content-type'], 'application/vnd.docker.distribution.manifest.v2+json');
});
