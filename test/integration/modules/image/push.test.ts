/**
 * The image module's push into the TLS + htpasswd registry: `src_pattern`, a `dest` template, credentials
 * from variables (never printed), `namespace_override`; then the catalog and the digests are checked.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { ImageData } from '../../../../modules/image/types.js';
import { openRegistry, openRepository } from '../../../../src/registry/index.js';
import { LayoutStore } from '../../../../src/store/index.js';
import { startRegistry } from '../../../helpers/registry-server.js';
import { makeImage, pushImage } from '../../../helpers/test-images.js';
import { runYaml, seededRegistry, taskResult, tempDir } from './fixtures.js';

const PLAY = `
- name: mirror
  hosts: localhost
  gather_facts: false
  vars:
    binary_dir: "{{dir}}"
  tasks:
    - name: pull and push
      image:
        pull:
          manifests: "{{images}}"
        push:
          src_pattern: "/org/"
          dest: "{{target}}/mirror/{{module.image.src.reference.repository}}:{{module.image.src.reference.reference}}"
          username: "{{user}}"
          password: "{{pass}}"
          ca_file: "{{ca}}"
      register: pushed
    - name: push with a namespace override
      image:
        push:
          images_dir: "{{binary_dir}}/images"
          src_pattern: "^{{source}}/org/"
          namespace_override: flat
          dest: "{{target}}/{{module.image.src.reference.repository}}:{{module.image.src.reference.reference}}"
          auths:
            - { repo: "{{target}}", username: "{{user}}", password: "{{pass}}", ca_file: "{{ca}}" }
      register: flat
`;

test('push: src_pattern and a dest template into the TLS + auth registry; namespace_override', async (t) => {
  const s = await seededRegistry(t);
  if (!s) return;
  const target = await startRegistry(t, { tls: true, auth: true });
  if (!target) return;
  const dir = await tempDir(t);
  const vars = {
    dir,
    images: [s.refs.multi, s.refs.alpha, s.refs.beta],
    source: s.reg.host,
    target: target.host,
    user: target.username,
    pass: target.password,
    ca: target.caFile,
  };
  const report = await runYaml(dir, PLAY, vars);
  assert.equal(report.failed, false, JSON.stringify(report, null, 1).slice(0, 3000));
  assert.ok(!JSON.stringify(report).includes(target.password!), 'the password is never in the report');

  const pushed = taskResult(report, 'pull and push').result.data as ImageData;
  assert.equal(pushed.images.length, 5, 'three pulled, two pushed');
  const pushes = pushed.images.slice(3);
  assert.deepEqual(
    pushes.map((i) => [i.destination, i.status]),
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
    'flat/alpha',
    'flat/multi',
    'mirror/org/alpha',
    'mirror/org/multi',
  ]);
  for (const [repo, img] of [
    ['mirror/org/multi:1.0', s.images.multi],
    ['mirror/org/alpha:2.1', s.images.alpha],
    ['flat/multi:1.0', s.images.multi],
  ] as const) {
    const ref: string = `${target.host}/${repo}`;
    assert.equal((await openRepository(ref, opts).resolve(ref)).digest, img.root.digest, ref);
  }
  const flat = taskResult(report, 'push with a namespace override').result.data as ImageData;
  assert.deepEqual(
    flat.images.map((i) => i.destination),
    [`${target.host}/flat/alpha:2.1`, `${target.host}/flat/multi:1.0`],
  );
  assert.ok(flat.images.every((i) => i.status === 'done'));
});

test('push credentials go only to the registry dest names', async (t) => {
  const s = await seededRegistry(t);
  if (!s) return;
  const target = await startRegistry(t, { tls: true, auth: true });
  if (!target) return;
  const dir = await tempDir(t);
  const report = await runYaml(
    dir,
    `
- hosts: localhost
  gather_facts: false
  tasks:
    - name: pull
      image: { pull: { manifests: ["{{img}}"], images_dir: "{{dir}}/s" } }
    - name: wrong credentials for the target
      image:
        push:
          images_dir: "{{dir}}/s"
          dest: "{{target}}/x/{{module.image.src.reference.repository}}:v1"
          ca_file: "{{ca}}"
          auths: [{ repo: "{{source}}", username: "{{user}}", password: "{{pass}}" }]
      register: denied
      ignore_errors: true
`,
    {
      dir,
      img: s.refs.alpha,
      target: target.host,
      source: s.reg.host,
      ca: target.caFile,
      user: target.username,
      pass: target.password,
    },
  );
  const r = taskResult(report, 'wrong credentials for the target');
  assert.equal(r.status, 'failed');
  const image = (r.result.data as ImageData).images[0]!;
  assert.equal(image.status, 'failed');
  assert.match(image.error_code ?? '', /^E_COPY$/);
  assert.match(r.result.msg ?? '', /x\/org\/alpha|org\/alpha/);
});

test('push under --check resolves both ends and writes nothing', async (t) => {
  const s = await seededRegistry(t);
  if (!s) return;
  const dir = await tempDir(t);
  const pulled = await runYaml(
    dir,
    `
- hosts: localhost
  gather_facts: false
  tasks:
    - name: pull
      image: { pull: { manifests: ["{{a}}", "{{b}}"], images_dir: "{{dir}}/s" } }
`,
    { dir, a: s.refs.alpha, b: s.refs.beta },
  );
  assert.equal(pulled.failed, false);
  const report = await runYaml(
    dir,
    `
- hosts: localhost
  gather_facts: false
  tasks:
    - name: plan the push
      image:
        push:
          images_dir: "{{dir}}/s"
          dest: "{{reg}}/{{module.image.src.reference.repository}}:{{module.image.src.reference.reference}}"
      register: planned
`,
    { dir, reg: s.reg.host },
    { check: true },
  );
  const r = taskResult(report, 'plan the push');
  const images = (r.result.data as ImageData).images;
  // alpha and beta are already there under the same names (the seed pushed them): present, nothing to do.
  assert.deepEqual(
    images.map((i) => [i.destination, i.status]),
    [
      [s.refs.alpha, 'present'],
      [s.refs.beta, 'present'],
    ],
  );
  assert.equal(r.status, 'ok');
  const moved = await runYaml(
    dir,
    `
- hosts: localhost
  gather_facts: false
  tasks:
    - name: plan a copy elsewhere
      image:
        push:
          images_dir: "{{dir}}/s"
          dest: "{{reg}}/planned/{{module.image.src.reference.repository}}:x"
`,
    { dir, reg: s.reg.host },
    { check: true },
  );
  const planned = taskResult(moved, 'plan a copy elsewhere');
  assert.equal(planned.status, 'changed', 'would change');
  assert.deepEqual(
    (planned.result.data as ImageData).images.map((i) => i.status),
    ['would_copy', 'would_copy'],
  );
  assert.deepEqual(
    (await openRegistry(s.reg.host).catalog()).sort(),
    ['org/alpha', 'org/multi', 'tools/beta'],
    'nothing was written',
  );
});

test('a push that matches nothing registers stdout "skip" and changes nothing', async (t) => {
  const dir = await tempDir(t);
  await pushImage(await LayoutStore.init(join(dir, 's')), makeImage({ seed: 'skip' }), 'quay.io/org/app:1');
  const report = await runYaml(
    dir,
    `
- hosts: localhost
  gather_facts: false
  tasks:
    - name: nothing to push
      image:
        push:
          images_dir: "{{dir}}/s"
          src_pattern: "^docker\\\\.io/"
          dest: "r.local/{{module.image.src.reference.repository}}"
      register: none
    - name: use it
      debug: { msg: "{{none.stdout}} {{length none.data.images}}" }
`,
    { dir },
  );
  assert.equal(taskResult(report, 'nothing to push').status, 'ok');
  assert.equal(taskResult(report, 'use it').result.msg, 'skip 0');
});
