import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { withLock } from '../../../src/store/lock.js';

async function tempDir(t: { after: (fn: () => Promise<void>) => void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'deckhand-lock-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** deadPid returns the pid of a process that has exited. */
function deadPid(): number {
  const r = spawnSync('sh', ['-c', 'echo $$']);
  return Number(r.stdout.toString().trim());
}

test('withLock serialises callers in one process and removes the lock file afterwards', async (t) => {
  const dir = await tempDir(t);
  const path = join(dir, 'x.lock');
  let inside = 0;
  let peak = 0;
  await Promise.all(
    Array.from({ length: 10 }, () =>
      withLock(path, async () => {
        inside++;
        peak = Math.max(peak, inside);
        await new Promise((r) => setTimeout(r, 2));
        inside--;
      }),
    ),
  );
  assert.equal(peak, 1);
  assert.deepEqual(await readdir(dir), []);
});

test('a lock left by a dead process is recovered', async (t) => {
  const dir = await tempDir(t);
  const path = join(dir, 'x.lock');
  await writeFile(path, JSON.stringify({ pid: deadPid(), host: hostname(), nonce: 'old', time: Date.now() }));
  assert.equal(await withLock(path, async () => 'ran', { timeoutMs: 2000 }), 'ran');
  assert.deepEqual(await readdir(dir), []);
});

const held: [string, () => object][] = [
  [
    'a live process on this host',
    () => ({ pid: process.ppid, host: hostname(), nonce: 'n', time: Date.now() }),
  ],
  [
    'a recent lock from another host',
    () => ({ pid: 1, host: 'elsewhere.example', nonce: 'n', time: Date.now() }),
  ],
];
for (const [name, owner] of held) {
  test(`a lock held by ${name} times out with E_LOCK and is left alone`, async (t) => {
    const dir = await tempDir(t);
    const path = join(dir, 'x.lock');
    await writeFile(path, JSON.stringify(owner()));
    await assert.rejects(
      withLock(path, async () => 'ran', { timeoutMs: 150 }),
      { code: 'E_LOCK' },
    );
    assert.deepEqual(await readdir(dir), ['x.lock']);
  });
}

test('an old lock from another host is stale', async (t) => {
  const dir = await tempDir(t);
  const path = join(dir, 'x.lock');
  await writeFile(
    path,
    JSON.stringify({ pid: 1, host: 'elsewhere.example', nonce: 'n', time: Date.now() - 3_600_000 }),
  );
  assert.equal(await withLock(path, async () => 'ran', { timeoutMs: 500 }), 'ran');
});

test('a garbage lock file is treated as stale', async (t) => {
  const dir = await tempDir(t);
  const path = join(dir, 'x.lock');
  await writeFile(path, 'not json');
  assert.equal(await withLock(path, async () => 'ran', { timeoutMs: 500 }), 'ran');
});

test('the lock is released when the function throws', async (t) => {
  const dir = await tempDir(t);
  const path = join(dir, 'x.lock');
  await assert.rejects(
    withLock(path, async () => Promise.reject(new Error('boom'))),
    /boom/,
  );
  assert.equal(await withLock(path, async () => 'again', { timeoutMs: 200 }), 'again');
});
