/**
 * The src/dest format (KubeKey ≥ v4.0.4): `pattern`, `platform`, `auths` by registry, `oci://` and
 * `local:///` locations rendered per image with `module.image.reference.*`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { ImageData } from '../../../../modules/image/types.js';
import { openRegistry, openRepository } from '../../../../src/registry/index.js';
import { LayoutStore } from '../../../../src/store/index.js';
import { startRegistry } from '../../../helpers/registry-server.js';
import { runYaml, seededRegistry, taskResult, tempDir } from './fixtures.js';

const PLAY = `
- hosts: localhost
  gather_facts: false
  tasks:
    - name: to a local store
      image:
        manifests: "{{images}}"
        pattern: "/org/"
        platform: [linux/arm64]
        dest: "local://{{dir}}/store"
      register: local
    - name: from the store to the TLS registry
      image:
        manifests: "{{images}}"
        pattern: "multi"
        src: "local://{{dir}}/store"
        dest: "oci://{{target}}/copied/{{module.image.reference.repository}}:{{module.image.reference.reference}}"
        auths:
          - { registry: "{{target}}", username: "{{user}}", password: "{{pass}}", ca_file: "{{ca}}" }
      register: remote
`;

test('src/dest: registry → local store → TLS + auth registry', async (t) => {
  const s = await seededRegistry(t);
  if (!s) return;
  const target = await startRegistry(t, { tls: true, auth: true });
  if (!target) return;
  const dir = await tempDir(t);
  const report = await runYaml(dir, PLAY, {
    dir,
    images: [s.refs.multi, s.refs.alpha, s.refs.beta],
    target: target.host,
    user: target.username,
    pass: target.password,
    ca: target.caFile,
  });
  const local = taskResult(report, 'to a local store').result;
  const localData = local.data as ImageData;
  // alpha is amd64 only: under strict a missing platform fails that image.
  assert.deepEqual(
    localData.images.map((i) => [i.source, i.status]),
    [
      [s.refs.multi, 'done'],
      [s.refs.alpha, 'failed'],
    ],
  );
  assert.equal(localData.images[1]!.error_code, 'E_PLATFORM');
  assert.equal(local.failed, true);
  assert.match(local.msg ?? '', /1 of 2 images failed/);
  assert.equal(report.failed, true);

  const store = await LayoutStore.open(join(dir, 'store'));
  assert.equal((await store.resolve(s.refs.multi)).digest, s.images.multi.images[1]!.root.digest);
});

test('src/dest: policy warn reports the missing platform and goes on', async (t) => {
  const s = await seededRegistry(t);
  if (!s) return;
  const target = await startRegistry(t, { tls: true, auth: true });
  if (!target) return;
  const dir = await tempDir(t);
  const play = PLAY.replace('platform: [linux/arm64]', 'platform: [linux/arm64]\n        policy: warn');
  const report = await runYaml(dir, play, {
    dir,
    images: [s.refs.multi, s.refs.alpha, s.refs.beta],
    target: target.host,
    user: target.username,
    pass: target.password,
    ca: target.caFile,
  });
  assert.equal(report.failed, false, JSON.stringify(report.recap));
  const local = taskResult(report, 'to a local store');
  assert.equal(local.status, 'changed');
  const images = (local.result.data as ImageData).images;
  assert.equal(images[1]!.status, 'skipped');
  assert.ok(images[1]!.warnings.length > 0, 'the missing platform is a warning');

  const remote = taskResult(report, 'from the store to the TLS registry');
  assert.equal(remote.status, 'changed', JSON.stringify(remote.result.msg));
  const remoteData = remote.result.data as ImageData;
  assert.deepEqual(
    remoteData.images.map((i) => [i.source, i.destination, i.status]),
    [[`oci:${join(dir, 'store')}:${s.refs.multi}`, `${target.host}/copied/org/multi:1.0`, 'done']],
  );
  const opts = {
    caFile: target.caFile,
    credentials: { username: target.username, password: target.password },
  };
  assert.deepEqual(await openRegistry(target.host, opts).catalog(), ['copied/org/multi']);
  const ref = `${target.host}/copied/org/multi:1.0`;
  assert.equal((await openRepository(ref, opts).resolve(ref)).digest, s.images.multi.images[1]!.root.digest);
});
