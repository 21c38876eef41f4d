import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { digestOf } from '../../../src/oci/digest.js';
import { ingest } from '../../../src/store/ingest.js';
import { blobPath } from '../../../src/store/paths.js';

async function tempDir(t: { after: (fn: () => Promise<void>) => void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'deckhand-ingest-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

const data = Buffer.from('hello, layout');
const good = { mediaType: 'application/octet-stream', digest: digestOf(data), size: data.length };

test('ingest stores verified bytes under blobs/ and leaves ingest/ empty', async (t) => {
  const root = await tempDir(t);
  let progress = 0;
  assert.equal(await ingest(root, good, Readable.from([data]), { onProgress: (n) => (progress += n) }), true);
  assert.deepEqual(await readFile(blobPath(root, good.digest)), data);
  assert.deepEqual(await readdir(join(root, 'ingest')), []);
  assert.equal(progress, data.length);
  assert.equal(await ingest(root, good, Readable.from([data])), false, 'already present');
});

test('ingest recreates ingest/ and blobs/<alg>/ when they are gone (as after gc or rm)', async (t) => {
  const root = await tempDir(t);
  const other = Buffer.from('second blob');
  const desc = { mediaType: 'application/octet-stream', digest: digestOf(other), size: other.length };
  assert.equal(await ingest(root, good, Readable.from([data])), true);
  await rm(join(root, 'ingest'), { recursive: true });
  await rm(join(root, 'blobs'), { recursive: true });
  assert.equal(await ingest(root, desc, Readable.from([other])), true);
  assert.deepEqual(await readFile(blobPath(root, desc.digest)), other);
});

const bad: [string, object, string][] = [
  ['a wrong digest', { ...good, digest: digestOf('other') }, 'E_DIGEST_MISMATCH'],
  ['too few bytes', { ...good, size: data.length + 5 }, 'E_SIZE_MISMATCH'],
  ['too many bytes', { ...good, size: data.length - 5 }, 'E_SIZE_MISMATCH'],
  ['an invalid digest', { ...good, digest: 'sha256:../../x' }, 'E_DIGEST'],
];
for (const [name, desc, code] of bad) {
  test(`ingest rejects ${name} (${code}) and nothing becomes visible`, async (t) => {
    const root = await tempDir(t);
    await assert.rejects(
      ingest(root, desc as typeof good, Readable.from([data])),
      (e: { code: string; context: { digest?: string } }) => e.code === code,
    );
    const blobs = await readdir(join(root, 'blobs', 'sha256')).catch(() => []);
    assert.deepEqual(blobs, []);
    assert.deepEqual(await readdir(join(root, 'ingest')).catch(() => []), []);
  });
}

test('a source stream that fails mid-way leaves nothing visible', async (t) => {
  const root = await tempDir(t);
  const broken = new Readable({
    read() {
      this.push(data.subarray(0, 4));
      this.destroy(new Error('connection reset'));
    },
  });
  await assert.rejects(ingest(root, good, broken), /connection reset/);
  assert.deepEqual(await readdir(join(root, 'blobs', 'sha256')).catch(() => []), []);
  assert.deepEqual(await readdir(join(root, 'ingest')), []);
});
