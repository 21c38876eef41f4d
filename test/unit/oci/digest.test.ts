import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import { parseDigest, digestOf, VerifyStream, isDigest } from '../../../src/oci/digest.js';

const cases: [string, boolean][] = [
  [`sha256:${'a'.repeat(64)}`, true],
  [`sha512:${'0'.repeat(128)}`, true],
  [`sha256:${'A'.repeat(64)}`, false],
  [`sha256:${'a'.repeat(63)}`, false],
  ['sha256:../../x', false],
  [`md5:${'a'.repeat(32)}`, false],
  ['', false],
  [`sha256${'a'.repeat(64)}`, false],
  [`sha256:${'a'.repeat(128)}`, false],
  [`sha512:${'a'.repeat(64)}`, false],
  [`sha256:${'a'.repeat(64)}\n`, false],
  ['v1', false],
];
for (const [s, ok] of cases) {
  test(`parseDigest ${JSON.stringify(s.slice(0, 20))} → ${ok}`, () => {
    assert.equal(isDigest(s), ok);
    if (!ok) assert.throws(() => parseDigest(s), { code: 'E_DIGEST' });
    else assert.equal(parseDigest(s).hex, s.slice(s.indexOf(':') + 1));
  });
}

async function drain(data: Buffer, expected: { digest: string; size: number }): Promise<void> {
  await pipeline(
    Readable.from([data.subarray(0, 3), data.subarray(3)]),
    new VerifyStream(expected),
    new Writable({ write: (_c, _e, cb) => cb() }),
  );
}

test('VerifyStream accepts exact content', async () => {
  const data = Buffer.from('hello world');
  await drain(data, { digest: digestOf(data), size: data.length });
});

test('VerifyStream rejects a wrong digest', async () => {
  const data = Buffer.from('hello world');
  await assert.rejects(drain(data, { digest: digestOf('other'), size: data.length }), {
    code: 'E_DIGEST_MISMATCH',
  });
});

test('VerifyStream rejects short and long content', async () => {
  const data = Buffer.from('hello world');
  await assert.rejects(drain(data, { digest: digestOf(data), size: data.length + 1 }), {
    code: 'E_SIZE_MISMATCH',
  });
  await assert.rejects(drain(data, { digest: digestOf(data), size: data.length - 1 }), {
    code: 'E_SIZE_MISMATCH',
  });
});
