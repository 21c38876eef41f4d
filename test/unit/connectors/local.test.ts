import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { argvFor, localConnector } from '../../../src/connectors/local.js';

async function tempDir(t: { after(fn: () => Promise<void>): void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'deckhand-local-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

const c = localConnector('localhost');

const execCases: {
  name: string;
  req: Parameters<typeof c.exec>[0];
  rc: number;
  stdout?: string;
  stderr?: RegExp;
}[] = [
  { name: 'argv', req: { argv: ['printf', 'a b'] }, rc: 0, stdout: 'a b' },
  { name: 'shell', req: { shell: 'echo $((1+2))' }, rc: 0, stdout: '3\n' },
  {
    name: 'shell with executable',
    req: { shell: 'echo ${BASH_VERSION:+bash}', executable: '/bin/bash' },
    rc: 0,
    stdout: 'bash\n',
  },
  { name: 'stdin', req: { argv: ['cat'], stdin: 'piped' }, rc: 0, stdout: 'piped' },
  { name: 'env', req: { shell: 'printf %s "$DH_X"', env: { DH_X: 'yes' } }, rc: 0, stdout: 'yes' },
  { name: 'cwd', req: { argv: ['pwd'], cwd: '/' }, rc: 0, stdout: '/\n' },
  { name: 'exit status', req: { shell: 'echo err >&2; exit 7' }, rc: 7, stderr: /^err\n$/ },
  {
    name: 'missing program',
    req: { argv: ['deckhand-no-such-binary'] },
    rc: 127,
    stderr: /command not found/,
  },
  { name: 'missing cwd', req: { argv: ['pwd'], cwd: '/no/such/dir' }, rc: 1, stderr: /no such directory/ },
  { name: 'killed by a signal', req: { shell: 'kill -TERM $$' }, rc: 143, stderr: /SIGTERM/ },
];
for (const k of execCases) {
  test(`localConnector.exec: ${k.name}`, async () => {
    const r = await c.exec(k.req);
    assert.equal(r.rc, k.rc);
    if (k.stdout !== undefined) assert.equal(r.stdout, k.stdout);
    if (k.stderr) assert.match(r.stderr, k.stderr);
  });
}

test('localConnector.exec stops on abort with E_CANCELLED', async () => {
  const ac = new AbortController();
  setTimeout(() => ac.abort(), 50);
  await assert.rejects(c.exec({ argv: ['sleep', '5'] }, { signal: ac.signal }), { code: 'E_CANCELLED' });
});

test('argvFor wraps become in non-interactive sudo', () => {
  assert.deepEqual(argvFor({ argv: ['id'], become: true, becomeUser: 'app' }), [
    'sudo',
    '-n',
    '-u',
    'app',
    '--',
    'id',
  ]);
  assert.deepEqual(argvFor({ shell: 'x' }), ['/bin/sh', '-c', 'x']);
  assert.throws(() => argvFor({}), { code: 'E_MODULE' });
});

test('localConnector files: read/stat missing → null, write atomically with mode, no temp left', async (t) => {
  const dir = await tempDir(t);
  const p = join(dir, 'f.txt');
  assert.equal(await c.readFile(p), null);
  assert.equal(await c.stat(p), null);
  await c.writeFile(p, Buffer.from('hello'), { mode: 0o600 });
  assert.equal((await c.readFile(p))?.toString(), 'hello');
  assert.deepEqual(await c.stat(p), { size: 5, mode: 0o600, isFile: true, isDirectory: false });
  await c.writeFile(p, Buffer.from('again'));
  assert.equal((await stat(p)).mode & 0o777, 0o600, 'an existing mode is kept');
  assert.deepEqual(await readdir(dir), ['f.txt']);
  assert.equal((await c.stat(dir))?.isDirectory, true);
});

test('localConnector.writeFile into a missing directory is E_FILE and leaves nothing', async (t) => {
  const dir = await tempDir(t);
  await assert.rejects(c.writeFile(join(dir, 'no', 'f'), Buffer.from('x')), { code: 'E_FILE' });
  assert.deepEqual(await readdir(dir), []);
});

test('localConnector.writeFile replaces, never truncates in place (a reader keeps the old inode)', async (t) => {
  const dir = await tempDir(t);
  const p = join(dir, 'f');
  await writeFile(p, 'old');
  const before = (await stat(p)).ino;
  await c.writeFile(p, Buffer.from('new'));
  assert.notEqual((await stat(p)).ino, before);
});

test('localConnector with become (sudo -n): binary read, atomic write with mode, stat', async (t) => {
  const probe = await c.exec({ argv: ['true'], become: true });
  if (probe.rc !== 0) {
    // Passwordless sudo is a property of the machine, not a tool CI installs: skip even under CI.
    t.skip(`passwordless sudo is not available: ${probe.stderr.trim()}`);
    return;
  }
  const dir = await tempDir(t);
  const p = join(dir, 'bin');
  const bytes = Buffer.from([0, 255, 128, 10, 0xc3, 0x28]);
  await c.writeFile(p, bytes, { mode: 0o640, become: true });
  assert.deepEqual(await c.readFile(p, { become: true }), bytes);
  assert.deepEqual(await c.stat(p, { become: true }), {
    size: 6,
    mode: 0o640,
    isFile: true,
    isDirectory: false,
  });
  assert.equal(await c.readFile(join(dir, 'none'), { become: true }), null);
  assert.equal(await c.stat(join(dir, 'none'), { become: true }), null);
  assert.deepEqual(await readdir(dir), ['bin']);
});
