import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seededStream } from '../../../../bench/transfer/blob-gen.js';
import { selectSets } from '../../../../bench/transfer/sets.js';

test('selectSets: default is all four sets in order; a list picks those; unknown names are E_USAGE', () => {
  assert.deepEqual(
    selectSets(undefined).map((s) => s.name),
    ['small', 'medium', 'big', 'multiarch'],
  );
  assert.deepEqual(
    selectSets('multiarch, small').map((s) => s.name),
    ['multiarch', 'small'],
  );
  assert.throws(() => selectSets('small,huge'), { code: 'E_USAGE' });
});

test('selectSets: the sizes are those of issue 7', () => {
  const [small, medium, big, multi] = selectSets('small,medium,big,multiarch');
  assert.deepEqual([small!.images.length, small!.layersPerImage, small!.layerSize], [20, 3, 1 << 20]);
  assert.deepEqual([medium!.images.length, medium!.layersPerImage, medium!.layerSize], [4, 4, 32 << 20]);
  assert.deepEqual([big!.images.length, big!.layersPerImage, big!.layerSize], [1, 1, 512 << 20]);
  assert.deepEqual(multi!.images[0]!.platforms, ['linux/amd64', 'linux/arm64']);
});

async function collect(seed: string, size: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of seededStream(seed, size)) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

test('seededStream: same seed same bytes, another seed other bytes, exact size', async () => {
  const a = await collect('x', 3 * 1024 * 1024 + 5);
  const b = await collect('x', 3 * 1024 * 1024 + 5);
  const c = await collect('y', 3 * 1024 * 1024 + 5);
  assert.equal(a.length, 3 * 1024 * 1024 + 5);
  assert.ok(a.equals(b));
  assert.ok(!a.equals(c));
});
