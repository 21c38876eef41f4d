import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findEntry, removeEntry, setEntry } from '../../../src/store/index-entries.js';
import { emptyIndex, parseIndex } from '../../../src/store/index-file.js';
import {
  ANNOTATION_CONTAINERD_NAME,
  ANNOTATION_REF_NAME,
  type Descriptor,
} from '../../../src/oci/descriptor.js';
import { OCI_MANIFEST } from '../../../src/oci/media-types.js';

const d = (c: string): Descriptor => ({
  mediaType: OCI_MANIFEST,
  digest: `sha256:${c.repeat(64)}`,
  size: 10,
});
const named = (c: string, ann: Record<string, string>): Descriptor => ({ ...d(c), annotations: ann });

test('setEntry writes both annotations with the full name and replaces the same name', () => {
  const idx = emptyIndex();
  assert.equal(setEntry(idx, d('a'), 'docker.io/library/nginx:1.25'), true);
  assert.deepEqual(idx.manifests[0].annotations, {
    [ANNOTATION_REF_NAME]: 'docker.io/library/nginx:1.25',
    [ANNOTATION_CONTAINERD_NAME]: 'docker.io/library/nginx:1.25',
  });
  assert.equal(setEntry(idx, d('a'), 'docker.io/library/nginx:1.25'), false, 'unchanged');
  assert.equal(setEntry(idx, d('b'), 'docker.io/library/nginx:1.25'), true);
  assert.equal(idx.manifests.length, 1);
  assert.equal(idx.manifests[0].digest, d('b').digest);
  setEntry(idx, d('c'), 'quay.io/x/y:1');
  assert.equal(idx.manifests.length, 2, 'other names are kept');
});

const lookups: [string, string | undefined][] = [
  ['docker.io/library/nginx:1.25', 'a'],
  ['nginx:1.25', 'a'],
  ['library/nginx:1.25', 'a'],
  ['index.docker.io/library/nginx:1.25', 'a'],
  ['nginx:1.26', undefined],
  ['latest', 'b'], // tag-only name written by skopeo
  ['registry.local:5000/app:v2', 'c'], // ref.name tag-only, containerd name full
  ['v2', 'c'],
  ['calico/node:v3', 'd'],
  ['quay.io/nginx:1.25', undefined],
];
const idx = emptyIndex();
idx.manifests = [
  named('a', { [ANNOTATION_REF_NAME]: 'docker.io/library/nginx:1.25' }),
  named('b', { [ANNOTATION_REF_NAME]: 'latest' }),
  named('c', { [ANNOTATION_REF_NAME]: 'v2', [ANNOTATION_CONTAINERD_NAME]: 'registry.local:5000/app:v2' }),
  named('d', { [ANNOTATION_REF_NAME]: 'docker.io/calico/node:v3' }),
];
for (const [name, want] of lookups) {
  test(`findEntry(${name}) → ${want ?? 'nothing'}`, () => {
    assert.equal(findEntry(idx, name)?.digest, want ? d(want).digest : undefined);
  });
}

test('removeEntry removes by any spelling and only that name', () => {
  const copy = parseIndex(JSON.stringify(idx));
  assert.equal(removeEntry(copy, 'nginx:1.25').length, 1);
  assert.equal(findEntry(copy, 'docker.io/library/nginx:1.25'), undefined);
  assert.equal(copy.manifests.length, 3);
  assert.equal(removeEntry(copy, 'nginx:1.25').length, 0);
});

const badIndexes = [
  '{',
  '{"schemaVersion":1,"manifests":[]}',
  '{"schemaVersion":2}',
  '{"schemaVersion":2,"manifests":[{"mediaType":"x","digest":"sha256:../../x","size":1}]}',
];
for (const text of badIndexes) {
  test(`parseIndex rejects ${text.slice(0, 40)}`, () => {
    assert.throws(() => parseIndex(text), { code: 'E_STORE' });
  });
}
