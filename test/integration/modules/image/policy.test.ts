/** A missing image under `strict` (the task fails after the others finished, naming each) and `warn`. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { ImageData } from '../../../../modules/image/types.js';
import { LayoutStore } from '../../../../src/store/index.js';
import { runYaml, seededRegistry, taskResult, tempDir } from './fixtures.js';

for (const policy of ['strict', 'warn'] as const) {
  test(`missing images under policy ${policy}`, async (t) => {
    const s = await seededRegistry(t);
    if (!s) return;
    const dir = await tempDir(t);
    const missing = [`${s.reg.host}/org/nope:1`, `${s.reg.host}/org/alpha:no-such-tag`];
    const report = await runYaml(
      dir,
      `
- hosts: localhost
  gather_facts: false
  tasks:
    - name: pull with gaps
      image:
        pull:
          manifests: "{{images}}"
          images_dir: "{{dir}}/store"
          policy: ${policy}
      register: pulled
    - name: after
      debug: { msg: "{{pulled.data.failed}} failed" }
`,
      { dir, images: [missing[0], s.refs.alpha, missing[1], s.refs.beta] },
    );
    const r = taskResult(report, 'pull with gaps');
    const data = r.result.data as ImageData;
    assert.deepEqual(
      data.images.map((i) => i.status),
      ['failed', 'done', 'failed', 'done'],
      'the other images finish',
    );
    assert.equal(data.failed, 2);
    for (const i of [0, 2]) {
      assert.ok(data.images[i]!.error, 'each failed image says why');
      assert.match(r.result.msg ?? '', new RegExp(missing[i === 0 ? 0 : 1]!.replace(/[.:/]/g, '\\$&')));
    }
    const store = await LayoutStore.open(join(dir, 'store'));
    assert.equal((await store.resolve(s.refs.beta)).digest, s.images.beta.root.digest);
    if (policy === 'strict') {
      assert.equal(r.status, 'failed');
      assert.equal(report.failed, true);
      assert.equal(report.plays[0]!.tasks.find((x) => x.name === 'after')?.hosts.localhost, undefined);
    } else {
      assert.equal(r.status, 'changed');
      assert.equal(report.failed, false);
      assert.equal(taskResult(report, 'after').result.msg, '2 failed');
    }
  });
}

test('a strict pull that failed does not go on to push', async (t) => {
  const s = await seededRegistry(t);
  if (!s) return;
  const dir = await tempDir(t);
  const report = await runYaml(
    dir,
    `
- hosts: localhost
  gather_facts: false
  tasks:
    - name: pull then push
      image:
        pull: { manifests: ["{{ok}}", "{{missing}}"], images_dir: "{{dir}}/s" }
        push: { images_dir: "{{dir}}/s", dest: "{{reg}}/pushed/{{module.image.src.reference.repository}}:1" }
`,
    { dir, ok: s.refs.alpha, missing: `${s.reg.host}/org/gone:1`, reg: s.reg.host },
  );
  const r = taskResult(report, 'pull then push');
  assert.equal(r.status, 'failed');
  assert.deepEqual(
    (r.result.data as ImageData).images.map((i) => [i.source, i.status]),
    [
      [s.refs.alpha, 'done'],
      [`${s.reg.host}/org/gone:1`, 'failed'],
    ],
  );
});
