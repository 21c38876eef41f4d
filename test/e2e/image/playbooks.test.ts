/* eslint-disable no-control-regex -- asserts the absence of ANSI escapes */
/**
 * The example playbooks through the built CLI: offline-artifact.yaml pulls images from variables for
 * two platforms and summarises from the registered result; push-private-registry.yaml pushes them,
 * filtered by src_pattern, into the TLS + htpasswd registry with credentials from variables.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openRegistry, openRepository } from '../../../src/registry/index.js';
import { startRegistry } from '../../helpers/registry-server.js';
import { seededRegistry, tempDir } from '../../integration/modules/image/fixtures.js';
import { deckhand, REPO } from '../cli/deckhand.js';

test('offline-artifact.yaml then push-private-registry.yaml', async (t) => {
  const s = await seededRegistry(t);
  if (!s) return;
  const target = await startRegistry(t, { tls: true, auth: true });
  if (!target) return;
  const dir = await tempDir(t);
  const images = JSON.stringify({
    images: [s.refs.multi, s.refs.beta],
    platforms: ['linux/amd64', 'linux/arm64'],
  });
  const pull = await deckhand([
    'run',
    join(REPO, 'playbooks', 'offline-artifact.yaml'),
    '-e',
    images,
    '-e',
    `binary_dir=${dir}`,
  ]);
  assert.equal(pull.code, 0, pull.all);
  // Not a terminal: one plain line per image as it finishes, numbered, for CI logs.
  assert.match(
    pull.stdout,
    /^ {2}\[localhost\] 127\.0\.0\.1:\d+\/org\/multi:1\.0: done sha256:\w{12} .* transferred, .* present \([12]\/2\)$/m,
  );
  assert.doesNotMatch(pull.stdout, /\x1b\[/);
  assert.match(
    pull.stdout,
    new RegExp(
      `^ +done ${s.refs.multi.replace(/[.:/]/g, '\\$&')} sha256:\\w+ \\(linux/amd64,linux/arm64, \\d+ bytes transferred, 0 present\\)$`,
      'm',
    ),
  );
  assert.match(pull.stdout, /^ +2 images in .*\/images: \d+ bytes transferred$/m);
  assert.match(pull.stdout, /ok: \[localhost\] => 2 images ready for the offline install/);

  const again = await deckhand([
    'run',
    join(REPO, 'playbooks', 'offline-artifact.yaml'),
    '-e',
    images,
    '-e',
    `binary_dir=${dir}`,
  ]);
  assert.equal(again.code, 0, again.all);
  assert.match(again.stdout, /images: 0 bytes transferred$/m, 'nothing is transferred twice');
  assert.match(again.stdout, /^localhost +: ok=3 +changed=0 /m);

  const push = await deckhand([
    'run',
    join(REPO, 'playbooks', 'push-private-registry.yaml'),
    '-e',
    `binary_dir=${dir}`,
    '-e',
    `registry=${target.host}`,
    '-e',
    `registry_user=${target.username}`,
    '-e',
    `registry_password=${target.password}`,
    '-e',
    `registry_ca=${target.caFile}`,
    '-e',
    'src_pattern=/org/',
    '-e',
    'namespace=mirror',
  ]);
  assert.equal(push.code, 0, push.all);
  assert.ok(!push.all.includes(target.password!), 'the password is never printed');
  assert.match(
    push.stdout,
    new RegExp(`^ +done ${target.host.replace(/[.:]/g, '\\$&')}/mirror/org/multi:1\\.0 sha256:`, 'm'),
  );
  const opts = {
    caFile: target.caFile,
    credentials: { username: target.username, password: target.password },
  };
  assert.deepEqual(await openRegistry(target.host, opts).catalog(), ['mirror/org/multi']);
  const ref = `${target.host}/mirror/org/multi:1.0`;
  const pushed = await openRepository(ref, opts).resolve(ref);
  assert.notEqual(pushed.digest, s.images.multi.root.digest, 'two of three platforms: a new index');
});
