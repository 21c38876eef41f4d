/**
 * The image module's argument helpers, table-driven: locations in every spelling, namespace_override,
 * manifest lists, and how a list of image results becomes the registered result.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseLocation } from '../../../../modules/image/location.js';
import { manifestList, parseManifests } from '../../../../modules/image/manifests.js';
import { overrideNamespace } from '../../../../modules/image/push.js';
import { failedEntry, moduleResult } from '../../../../modules/image/result.js';
import { DeckhandError } from '../../../../src/errors.js';

test('locations: docker://, oci://, oci:DIR[:REF], local://, bare references', () => {
  const cases: [string, string][] = [
    ['docker://nginx:1.25', 'registry docker.io/library/nginx:1.25'],
    ['oci://r.local:5000/a/b:1', 'registry r.local:5000/a/b:1'],
    ['quay.io/x/y@sha256:' + 'a'.repeat(64), `registry quay.io/x/y@sha256:${'a'.repeat(64)}`],
    ['oci:/srv/images', 'store /srv/images'],
    ['oci:/srv/images:nginx:1.25', 'store /srv/images nginx:1.25'],
    ['oci:rel/dir:app:1', 'store /work/rel/dir app:1'],
    ['local:///var/lib/kubekey/images', 'store /var/lib/kubekey/images'],
  ];
  for (const [text, want] of cases) {
    const l = parseLocation(text, '/work');
    const got =
      l.kind === 'registry' ? `registry ${l.ref.toString()}` : `store ${l.dir}${l.ref ? ` ${l.ref}` : ''}`;
    assert.equal(got, want, text);
  }
  for (const bad of ['oci:', 'local://', 'oci:/x:', 'docker://x/UPPER', 'oci:///:x']) {
    assert.throws(() => parseLocation(bad), { code: 'E_REFERENCE' }, bad);
  }
});

test('namespace_override replaces everything before the last path component', () => {
  const cases: [string, string | undefined, string][] = [
    ['library/nginx', 'mirror', 'mirror/nginx'],
    ['a/b/c', 'x/y', 'x/y/c'],
    ['calico/node', '/ns/', 'ns/node'],
    ['calico/node', undefined, 'calico/node'],
    ['calico/node', '', 'calico/node'],
  ];
  for (const [repo, ns, want] of cases) assert.equal(overrideNamespace(repo, ns), want, `${repo} ${ns}`);
});

test('manifests: a list or a string of references, normalised and de-duplicated', () => {
  const place = { prefix: 'image.pull.', task: 'T' };
  assert.deepEqual(manifestList('a, b\nc', place), ['a', 'b', 'c']);
  assert.deepEqual(manifestList(undefined, place), []);
  assert.throws(() => manifestList([1], place), /image\.pull\.manifests\[0\]: must be a string/);
  assert.deepEqual(
    parseManifests(['nginx', 'docker.io/library/nginx:latest', 'calico/node:v3'], place).map(String),
    ['docker.io/library/nginx:latest', 'docker.io/calico/node:v3'],
  );
  assert.throws(() => parseManifests(['ok', 'Not/Ok'], place), {
    code: 'E_REFERENCE',
    message: /^task "T": image\.pull\.manifests\[1\]: bad image reference/,
  });
});

test('the registered result: Success, skip, strict and warn failures', () => {
  const ok = {
    ...failedEntry('a', 'b', new DeckhandError('E_COPY', 'x')),
    status: 'done' as const,
    error: null,
    error_code: null,
    bytes_transferred: 10,
  };
  const bad = failedEntry('r/bad:1', 'b', new DeckhandError('E_COPY', 'gone'));
  const cases: [
    string,
    Parameters<typeof moduleResult>,
    { stdout: string; changed: boolean; failed: boolean },
  ][] = [
    ['nothing matched', [[], 'strict', false], { stdout: 'skip', changed: false, failed: false }],
    ['all done', [[ok], 'strict', false], { stdout: 'Success', changed: true, failed: false }],
    ['strict failure', [[ok, bad], 'strict', false], { stdout: 'Failed', changed: true, failed: true }],
    ['warn failure', [[ok, bad], 'warn', false], { stdout: 'Success', changed: true, failed: false }],
    [
      'check, present',
      [[{ ...ok, status: 'present', bytes_transferred: 0 }], 'strict', true],
      { stdout: 'Success', changed: false, failed: false },
    ],
    [
      'check, would copy',
      [[{ ...ok, status: 'would_copy', bytes_transferred: 0 }], 'strict', true],
      { stdout: 'Success', changed: true, failed: false },
    ],
  ];
  for (const [name, args, want] of cases) {
    const r = moduleResult(...args);
    assert.deepEqual({ stdout: r.stdout, changed: r.changed, failed: r.failed === true }, want, name);
  }
  assert.match(moduleResult([ok, bad], 'strict', false).msg ?? '', /1 of 2 images failed: r\/bad:1: gone/);
});
