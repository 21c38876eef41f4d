/**
 * Bad arguments to the image module, through the built CLI's `deckhand run`: each exits non-zero with
 * a message naming the task and the field — at load time (1) when the schema can tell, at run time (2)
 * when only the rendered value can.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LayoutStore } from '../../../src/store/index.js';
import { makeImage, pushImage } from '../../helpers/test-images.js';
import { tempDir } from '../../integration/modules/image/fixtures.js';
import { deckhand, STACK } from '../cli/deckhand.js';

const DEST = '{{module.image.src.reference.repository}}';

const CASES: { name: string; task: string; vars?: string[]; code: number; message: RegExp }[] = [
  {
    name: 'a bad regex (literal)',
    task: `image: { push: { images_dir: "{{store}}", src_pattern: "(", dest: "r.local/${DEST}" } }`,
    code: 1,
    message: /play-0\.yaml:\d+:\d+: task "T": image\.push\.src_pattern: not a valid regular expression/,
  },
  {
    name: 'a bad regex (rendered)',
    task: `image: { push: { images_dir: "{{store}}", src_pattern: "{{pat}}", dest: "r.local/${DEST}" } }`,
    vars: ['pat=a[b'],
    code: 2,
    message: /task "T".*: image\.push\.src_pattern: not a valid regular expression/,
  },
  {
    name: 'a bad pattern in the src/dest format',
    task: `image: { manifests: [nginx], pattern: "{{pat}}", dest: "local://{{store}}" }`,
    vars: ['pat=(x'],
    code: 2,
    message: /task "T".*: image\.pattern: not a valid regular expression/,
  },
  {
    name: 'a bad reference',
    task: 'image: { pull: { manifests: [nginx, "{{img}}"], images_dir: "{{store}}" } }',
    vars: ['img=Bad/Name:1'],
    code: 2,
    message: /task "T": image\.pull\.manifests\[1\]: bad image reference: .*must be lowercase/,
  },
  {
    name: 'a dest that renders to an invalid reference',
    task: `image: { push: { images_dir: "{{store}}", dest: "r.local/${DEST}:Not Valid" } }`,
    code: 2,
    message: /task "T": image\.push\.dest: for docker\.io\/org\/app:1 renders to an invalid reference/,
  },
  {
    name: 'a src/dest location that renders to nonsense',
    task: 'image: { manifests: [nginx], dest: "oci://{{module.image.reference.repository}}/:x" }',
    code: 2,
    message: /task "T": image\.dest: for docker\.io\/library\/nginx:latest renders to an invalid location/,
  },
  {
    name: 'a missing images_dir',
    task: 'image: { pull: { manifests: [nginx] } }',
    code: 2,
    message: /task "T": image\.pull\.images_dir: is not set and there is no binary_dir variable/,
  },
  {
    name: 'a push store that is not there',
    task: `image: { push: { images_dir: "{{store}}/nothing", dest: "r.local/${DEST}" } }`,
    code: 2,
    message: /task "T": image\.push\.images_dir: cannot read the image store/,
  },
  {
    name: 'a bad platform',
    task: 'image: { pull: { manifests: [nginx], images_dir: "{{store}}", platform: "linux/x/y/z" } }',
    code: 2,
    message: /task "T": image\.pull\.platform: bad platform/,
  },
  {
    name: 'an auth entry without a registry',
    task: 'image: { pull: { manifests: [nginx], images_dir: "{{store}}", auths: [{ username: u }] } }',
    code: 1,
    message: /task "T": image\.pull\.auths(\.0|\[0\]): missing required key/,
  },
  {
    name: 'both formats at once',
    task: 'image: { pull: { manifests: [nginx] }, dest: "local:///tmp/x" }',
    code: 1,
    message: /task "T": image/,
  },
];

test('bad image arguments name the task and the field', async (t) => {
  const dir = await tempDir(t);
  const store = join(dir, 'store');
  await pushImage(await LayoutStore.init(store), makeImage({ seed: 'errors' }), 'docker.io/org/app:1');
  // Independent runs: start them together to keep the file fast.
  const runs = CASES.map(async (c, i) => {
    const play = join(dir, `play-${i}.yaml`);
    await writeFile(
      play,
      `- hosts: localhost\n  gather_facts: false\n  tasks:\n    - name: T\n      ${c.task}\n`,
    );
    const vars = [`store=${store}`, ...(c.vars ?? [])].flatMap((v) => ['-e', v]);
    return { c, r: await deckhand(['run', play, ...vars], { cwd: dir }) };
  });
  for (const { c, r } of await Promise.all(runs)) {
    assert.equal(r.code, c.code, `${c.name}: ${r.all}`);
    assert.match(r.all, c.message, c.name);
    assert.doesNotMatch(r.all, STACK, c.name);
  }
});
