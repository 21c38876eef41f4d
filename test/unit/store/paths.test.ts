import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blobPath } from '../../../src/store/paths.js';

const bad = [
  'sha256:../../x',
  `sha256:../../../etc/passwd${'a'.repeat(40)}`,
  `sha256/${'a'.repeat(64)}`,
  `SHA256:${'a'.repeat(64)}`,
  `sha256:${'a'.repeat(63)}/`,
  `../sha256:${'a'.repeat(64)}`,
  `md5:${'a'.repeat(32)}`,
  '',
];
for (const d of bad) {
  test(`blobPath rejects ${JSON.stringify(d.slice(0, 30))}`, () => {
    assert.throws(() => blobPath('/store', d), { code: 'E_DIGEST' });
  });
}

test('blobPath maps a valid digest under blobs/<alg>/<hex>', () => {
  assert.equal(blobPath('/store', `sha256:${'a'.repeat(64)}`), `/store/blobs/sha256/${'a'.repeat(64)}`);
  assert.equal(blobPath('/s', `sha512:${'0'.repeat(128)}`), `/s/blobs/sha512/${'0'.repeat(128)}`);
});
