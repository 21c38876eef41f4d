/** parseReference: Docker normalisation and the distribution/reference grammar, table-driven. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  parseReference,
  tryParseReference,
  formatReference,
  familiarName,
} from '../../../src/oci/reference.js';
import { DeckhandError } from '../../../src/errors.js';

const D = `sha256:${'a'.repeat(64)}`;
const D512 = `sha512:${'b'.repeat(128)}`;

/** input → [registry, repository, tag, digest, toString()] */
const valid: [string, string, string, string | undefined, string | undefined, string][] = [
  ['ubuntu', 'docker.io', 'library/ubuntu', 'latest', undefined, 'docker.io/library/ubuntu:latest'],
  ['ubuntu:22.04', 'docker.io', 'library/ubuntu', '22.04', undefined, 'docker.io/library/ubuntu:22.04'],
  ['calico/node', 'docker.io', 'calico/node', 'latest', undefined, 'docker.io/calico/node:latest'],
  ['calico/node:v3.26.1', 'docker.io', 'calico/node', 'v3.26.1', undefined, 'docker.io/calico/node:v3.26.1'],
  ['docker.io/nginx', 'docker.io', 'library/nginx', 'latest', undefined, 'docker.io/library/nginx:latest'],
  [
    'docker.io/library/nginx:1.25',
    'docker.io',
    'library/nginx',
    '1.25',
    undefined,
    'docker.io/library/nginx:1.25',
  ],
  ['index.docker.io/x', 'docker.io', 'library/x', 'latest', undefined, 'docker.io/library/x:latest'],
  ['index.docker.io/a/b:c', 'docker.io', 'a/b', 'c', undefined, 'docker.io/a/b:c'],
  ['localhost/app', 'localhost', 'app', 'latest', undefined, 'localhost/app:latest'],
  ['localhost:5000/a/b', 'localhost:5000', 'a/b', 'latest', undefined, 'localhost:5000/a/b:latest'],
  ['host:5000/img', 'host:5000', 'img', 'latest', undefined, 'host:5000/img:latest'],
  ['host:5000/img:tag', 'host:5000', 'img', 'tag', undefined, 'host:5000/img:tag'],
  ['127.0.0.1:5000/x/y:1', '127.0.0.1:5000', 'x/y', '1', undefined, '127.0.0.1:5000/x/y:1'],
  [
    'quay.io/prometheus/prometheus:v2.45.0',
    'quay.io',
    'prometheus/prometheus',
    'v2.45.0',
    undefined,
    'quay.io/prometheus/prometheus:v2.45.0',
  ],
  ['registry.k8s.io/pause:3.9', 'registry.k8s.io', 'pause', '3.9', undefined, 'registry.k8s.io/pause:3.9'],
  ['a.b.c/d/e/f/g:h', 'a.b.c', 'd/e/f/g', 'h', undefined, 'a.b.c/d/e/f/g:h'],
  [`nginx@${D}`, 'docker.io', 'library/nginx', undefined, D, `docker.io/library/nginx@${D}`],
  [`nginx:1.25@${D}`, 'docker.io', 'library/nginx', '1.25', D, `docker.io/library/nginx:1.25@${D}`],
  [`host:5000/a/b@${D}`, 'host:5000', 'a/b', undefined, D, `host:5000/a/b@${D}`],
  [`host:5000/a/b:t@${D512}`, 'host:5000', 'a/b', 't', D512, `host:5000/a/b:t@${D512}`],
  ['a/b-c_d.e__f:g', 'docker.io', 'a/b-c_d.e__f', 'g', undefined, 'docker.io/a/b-c_d.e__f:g'],
  ['a/b---c', 'docker.io', 'a/b---c', 'latest', undefined, 'docker.io/a/b---c:latest'],
  [
    'my-registry.example.com:443/team/app:TAG_1.0-rc',
    'my-registry.example.com:443',
    'team/app',
    'TAG_1.0-rc',
    undefined,
    'my-registry.example.com:443/team/app:TAG_1.0-rc',
  ],
  [
    'Registry.Example.com/app',
    'Registry.Example.com',
    'app',
    'latest',
    undefined,
    'Registry.Example.com/app:latest',
  ],
  ['[::1]:5000/app', '[::1]:5000', 'app', 'latest', undefined, '[::1]:5000/app:latest'],
  [
    `x:${'t'.repeat(128)}`,
    'docker.io',
    'library/x',
    't'.repeat(128),
    undefined,
    `docker.io/library/x:${'t'.repeat(128)}`,
  ],
  ['  nginx  ', 'docker.io', 'library/nginx', 'latest', undefined, 'docker.io/library/nginx:latest'],
];

for (const [input, registry, repository, tag, digest, full] of valid) {
  test(`parses ${JSON.stringify(input.length > 60 ? input.slice(0, 60) + '…' : input)}`, () => {
    const r = parseReference(input);
    assert.equal(r.registry, registry);
    assert.equal(r.repository, repository);
    assert.equal(r.tag, tag);
    assert.equal(r.digest, digest);
    assert.equal(r.toString(), full);
    assert.equal(`${r}`, full);
    assert.equal(r.reference, digest ?? tag);
    // Normalisation is idempotent.
    assert.equal(parseReference(full).toString(), full);
  });
}

/** input → a fragment the message must contain (says what is wrong and where). */
const invalid: [string, RegExp][] = [
  ['', /empty/],
  ['   ', /empty/],
  ['Ubuntu', /lowercase/],
  ['docker.io/Library/x', /lowercase \("Library"\)/],
  ['a//b', /component 2 is empty/],
  ['a/b/', /is empty/],
  ['nginx:', /nothing after ":"/],
  ['nginx@', /nothing after "@"/],
  ['nginx@sha256:abc', /bad digest/],
  [`nginx@md5:${'a'.repeat(32)}`, /unsupported algorithm/],
  [`nginx@sha256:${'A'.repeat(64)}`, /lowercase hex/],
  ['nginx:.bad', /tag ".bad"/],
  ['nginx:-bad', /tag "-bad"/],
  ['nginx:a+b', /tag "a\+b"/],
  [`nginx:${'t'.repeat(129)}`, /129 characters long \(at most 128\)/],
  ['a b', /whitespace at position 2/],
  ['a/-b', /"-b"/],
  ['a/b_', /"b_"/],
  ['a/b___c', /"b___c"/],
  ['a/.b', /".b"/],
  ['host:99999/a', /invalid port "99999"/],
  ['host:/a', /invalid port ""/],
  ['-host.com/a', /not a valid host name/],
  ['ho_st.com/a', /not a valid host name/],
  ['[::1/a', /unclosed/],
  [':tag', /name is missing/],
  ['a'.repeat(64), /image ID/],
  [`example.com/${'a/'.repeat(130)}b`, /at most 255/],
];

for (const [input, message] of invalid) {
  test(`rejects ${JSON.stringify(input.length > 40 ? input.slice(0, 40) + '…' : input)}`, () => {
    assert.throws(
      () => parseReference(input),
      (e: unknown) => {
        assert.ok(e instanceof DeckhandError);
        assert.equal(e.code, 'E_REFERENCE');
        assert.match(e.message, message);
        return true;
      },
    );
    assert.equal(tryParseReference(input), undefined);
  });
}

test('formatReference and familiarName', () => {
  assert.equal(
    formatReference({ registry: 'h:1', repository: 'a/b', tag: 't', digest: D }),
    `h:1/a/b:t@${D}`,
  );
  assert.equal(formatReference({ registry: 'h', repository: 'a' }), 'h/a');
  assert.equal(familiarName(parseReference('nginx:1.25')), 'nginx:1.25');
  assert.equal(familiarName(parseReference('calico/node:v3')), 'calico/node:v3');
  assert.equal(familiarName(parseReference('quay.io/a/b:c')), 'quay.io/a/b:c');
});

test('a Reference is frozen', () => {
  const r = parseReference('nginx');
  assert.throws(() => {
    (r as { tag?: string }).tag = 'x';
  }, TypeError);
});
