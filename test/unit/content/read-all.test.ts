import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { fetchAll, MAX_MANIFEST_BYTES, readAll } from '../../../src/content/read-all.js';
import { digestOf } from '../../../src/oci/digest.js';
import { MemoryTarget } from '../../helpers/memory-target.js';

test('readAll joins chunks and stops at the cap with TOO_LARGE', async () => {
  assert.deepEqual(await readAll(Readable.from([Buffer.from('ab'), Buffer.from('cd')])), Buffer.from('abcd'));
  const endless = new Readable({
    read() {
      this.push(Buffer.alloc(1024));
    },
  });
  await assert.rejects(readAll(endless, 10_000), { code: 'TOO_LARGE' });
  assert.ok(endless.destroyed, 'the stream is released');
});

test('fetchAll refuses a descriptor larger than a manifest can be, without fetching', async () => {
  const t = new MemoryTarget();
  const desc = { mediaType: 'x', digest: digestOf('x'), size: MAX_MANIFEST_BYTES + 1 };
  await assert.rejects(fetchAll(t, desc), { code: 'TOO_LARGE' });
  assert.equal(t.calls.length, 0);
  t.blobs.set(digestOf('small'), Buffer.from('small'));
  assert.equal(
    (await fetchAll(t, { mediaType: 'x', digest: digestOf('small'), size: 5 })).toString(),
    'small',
  );
});
