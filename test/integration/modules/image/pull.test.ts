/**
 * The image module's pull against a real registry: three generated images, the multi-arch one
 * filtered to one platform and then to two; a later task uses the registered result; a second pull
 * transfers zero bytes; --check writes nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ImageData } from '../../../../modules/image/types.js';
import { LayoutStore } from '../../../../src/store/index.js';
import { runYaml, seededRegistry, taskResult, tempDir } from './fixtures.js';

const PLAY = `
- name: offline artifact
  hosts: localhost
  gather_facts: false
  tasks:
    - name: pull one platform
      image:
        pull:
          manifests: "{{images}}"
          images_dir: "{{dir}}/one"
          platform: linux/amd64
      register: pulled
    - name: summarise
      debug:
        msg: "{{#each pulled.data.images}}{{this.source}}={{this.platforms.[0]}}/{{this.status}};{{/each}}"
      when: "{{eq pulled.stdout 'Success'}}"
    - name: skipped when nothing failed
      debug: { msg: never }
      when: "{{gt pulled.data.failed 0}}"
    - name: pull two platforms
      image:
        pull:
          manifests: ["{{multi}}"]
          images_dir: "{{dir}}/two"
          platform: [linux/amd64, linux/arm64]
      register: two
    - name: pull again
      image: { pull: { manifests: "{{images}}", images_dir: "{{dir}}/one", platform: linux/amd64 } }
      register: again
`;

test('pull: one platform, then two, then again with nothing to transfer', async (t) => {
  const s = await seededRegistry(t);
  if (!s) return;
  const dir = await tempDir(t);
  const images = [s.refs.multi, s.refs.alpha, s.refs.beta];
  const report = await runYaml(dir, PLAY, { dir, images, multi: s.refs.multi });
  assert.equal(report.failed, false, JSON.stringify(report.recap));

  const pulled = taskResult(report, 'pull one platform');
  assert.equal(pulled.status, 'changed');
  assert.equal(pulled.result.stdout, 'Success');
  const data = pulled.result.data as ImageData;
  assert.deepEqual(
    data.images.map((i) => [i.source, i.status, i.platforms]),
    [
      [s.refs.multi, 'done', ['linux/amd64']],
      [s.refs.alpha, 'done', ['linux/amd64']],
      [s.refs.beta, 'done', ['linux/amd64']],
    ],
  );
  const amd64 = s.images.multi.images[0]!.root;
  assert.equal(data.images[0]!.digest, amd64.digest, 'one platform stores that platform’s manifest');
  assert.equal(data.images[0]!.source_digest, s.images.multi.root.digest);
  assert.equal(data.images[1]!.digest, s.images.alpha.root.digest);
  assert.ok(data.bytes_transferred > 3 * 2048, `${data.bytes_transferred} bytes`);
  assert.equal(data.bytes_skipped, 0);

  const one = await LayoutStore.open(join(dir, 'one'));
  assert.equal((await one.resolve(s.refs.multi)).digest, amd64.digest);
  assert.equal((await one.resolve(s.refs.beta)).digest, s.images.beta.root.digest);
  assert.ok((await one.fsck()).ok);

  const summary = taskResult(report, 'summarise');
  assert.equal(summary.status, 'ok');
  assert.equal(
    summary.result.msg,
    `${s.refs.multi}=linux/amd64/done;${s.refs.alpha}=linux/amd64/done;${s.refs.beta}=linux/amd64/done;`,
  );
  assert.equal(taskResult(report, 'skipped when nothing failed').status, 'skipped');

  const two = (taskResult(report, 'pull two platforms').result.data as ImageData).images[0]!;
  assert.deepEqual(two.platforms, ['linux/amd64', 'linux/arm64']);
  assert.equal(two.digest_changed, true);
  assert.notEqual(two.digest, s.images.multi.root.digest);
  const index = JSON.parse(
    await readFile(join(dir, 'two', 'blobs', 'sha256', two.digest.slice(7)), 'utf8'),
  ) as { manifests: { digest: string }[] };
  assert.deepEqual(
    index.manifests.map((m) => m.digest),
    [s.images.multi.images[0]!.root.digest, s.images.multi.images[1]!.root.digest],
  );

  const again = taskResult(report, 'pull again');
  assert.equal(again.status, 'ok', 'nothing transferred: not changed');
  const againData = again.result.data as ImageData;
  assert.equal(againData.bytes_transferred, 0);
  assert.equal(againData.bytes_skipped, data.bytes_transferred);
  assert.deepEqual(
    againData.images.map((i) => i.status),
    ['skipped', 'skipped', 'skipped'],
  );
});

test('pull under --check resolves every image and writes nothing', async (t) => {
  const s = await seededRegistry(t);
  if (!s) return;
  const dir = await tempDir(t);
  const report = await runYaml(
    dir,
    `
- hosts: localhost
  gather_facts: false
  tasks:
    - name: plan
      image: { pull: { manifests: ["{{a}}", "{{b}}"], images_dir: "{{dir}}/store" } }
`,
    { dir, a: s.refs.alpha, b: `${s.reg.host}/org/missing:1` },
    { check: true },
  );
  const r = taskResult(report, 'plan');
  const data = r.result.data as ImageData;
  assert.deepEqual(
    data.images.map((i) => [i.status, i.source_digest]),
    [
      ['would_copy', s.images.alpha.root.digest],
      ['failed', ''],
    ],
  );
  assert.equal(r.status, 'failed', 'a missing image fails the check under strict');
  await assert.rejects(access(join(dir, 'store')), { code: 'ENOENT' });
});
