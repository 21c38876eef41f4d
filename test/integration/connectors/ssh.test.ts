/** The SSH connector against a real sshd: exec, files, connection reuse, close. */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seededBytes } from '../../helpers/test-images.js';
import { keySettings, sshdFor, stopSharedSshd } from '../../helpers/sshd.js';
import { sshConnector } from '../../../src/connectors/ssh.js';
import type { Connector } from '../../../src/module.js';

after(stopSharedSshd);

async function connect(t: import('node:test').TestContext): Promise<Connector | undefined> {
  const sshd = await sshdFor(t);
  if (!sshd) return undefined;
  const c = await sshConnector('web1', keySettings(sshd), { knownHostsFile: sshd.knownHosts });
  t.after(() => c.close());
  return c;
}

const execCases: Array<{
  name: string;
  req: Parameters<Connector['exec']>[0];
  rc: number;
  stdout: string;
  stderr?: string;
}> = [
  {
    name: 'argv words reach the program unchanged (no shell on the way)',
    req: { argv: ['printf', '%s|', 'a b', "it's", '$HOME', '*', '"q"', ''] },
    rc: 0,
    stdout: `a b|it's|$HOME|*|"q"||`,
  },
  {
    name: 'shell: pipes, stderr and the exit status',
    req: { shell: 'echo out | tr a-z A-Z; echo err >&2; exit 7' },
    rc: 7,
    stdout: 'OUT\n',
    stderr: 'err\n',
  },
  {
    name: 'cwd and env',
    req: { shell: 'pwd; printf "%s\\n" "$FOO"', cwd: '/tmp', env: { FOO: "x 'y' $z" } },
    rc: 0,
    stdout: `/tmp\nx 'y' $z\n`,
  },
  { name: 'stdin', req: { argv: ['cat'], stdin: 'hello\nworld' }, rc: 0, stdout: 'hello\nworld' },
  {
    name: 'another interpreter (executable)',
    req: { shell: 'echo "${BASH_VERSION:+bash}"', executable: '/bin/bash' },
    rc: 0,
    stdout: 'bash\n',
  },
  { name: 'a missing command is rc 127', req: { argv: ['no-such-command-xyz'] }, rc: 127, stdout: '' },
  {
    name: 'a missing cwd fails the command',
    req: { argv: ['true'], cwd: '/no/such/dir' },
    rc: 1,
    stdout: '',
  },
];

for (const c of execCases) {
  test(`exec: ${c.name}`, async (t) => {
    const conn = await connect(t);
    if (!conn) return;
    const r = await conn.exec(c.req);
    assert.equal(r.rc, c.rc, r.stderr);
    assert.equal(r.stdout, c.stdout);
    if (c.stderr !== undefined) assert.equal(r.stderr, c.stderr);
  });
}

test('writeFile/readFile/stat: binary content, modes, atomic replace, missing files', async (t) => {
  const conn = await connect(t);
  if (!conn) return;
  const dir = (await conn.exec({ argv: ['mktemp', '-d'] })).stdout.trim();
  try {
    await filesRoundTrip(conn, dir);
  } finally {
    await conn.exec({ argv: ['rm', '-rf', dir] });
  }
});

async function filesRoundTrip(conn: Connector, dir: string): Promise<void> {
  const path = `${dir}/data file.bin`;
  const bytes = seededBytes('ssh-binary', 300_000);
  await conn.writeFile(path, bytes, { mode: 0o640 });
  assert.deepEqual(await conn.readFile(path), bytes);
  assert.deepEqual(await conn.stat(path), {
    size: bytes.length,
    mode: 0o640,
    isFile: true,
    isDirectory: false,
  });

  // No mode: an existing file keeps its mode; a new one gets 0644.
  await conn.writeFile(path, Buffer.from('v2'));
  assert.equal((await conn.stat(path))?.mode, 0o640);
  await conn.writeFile(`${dir}/new`, Buffer.from(''));
  assert.deepEqual(await conn.stat(`${dir}/new`), { size: 0, mode: 0o644, isFile: true, isDirectory: false });

  // The replacement is a rename: a new inode, and no temp file left beside it.
  const inode = async () => (await conn.exec({ argv: ['stat', '-c', '%i', path] })).stdout;
  const before = await inode();
  await conn.writeFile(path, Buffer.from('v3'), { mode: 0o600 });
  assert.notEqual(await inode(), before);
  assert.equal((await conn.exec({ argv: ['ls', '-A', dir] })).stdout, 'data file.bin\nnew\n');

  assert.equal(await conn.readFile(`${dir}/missing`), null);
  assert.equal(await conn.stat(`${dir}/missing`), null);
  assert.deepEqual(await conn.stat(dir), {
    size: (await conn.stat(dir))?.size,
    mode: 0o700,
    isFile: false,
    isDirectory: true,
  });
  await assert.rejects(conn.writeFile(`${dir}/no/such/dir/f`, Buffer.from('x')), { code: 'E_FILE' });
  await assert.rejects(conn.readFile(dir), { code: 'E_FILE' });
}

test('one handshake for many commands, sequential and parallel', async (t) => {
  const sshd = await sshdFor(t);
  if (!sshd) return;
  const before = sshd.handshakes();
  const conn = await sshConnector('web1', keySettings(sshd), { knownHostsFile: sshd.knownHosts });
  t.after(() => conn.close());
  for (let i = 0; i < 10; i++)
    assert.equal((await conn.exec({ argv: ['echo', String(i)] })).stdout, `${i}\n`);
  const parallel = await Promise.all(
    Array.from({ length: 20 }, (_, i) => conn.exec({ argv: ['echo', String(i)] })),
  );
  assert.deepEqual(
    parallel.map((r) => r.stdout),
    Array.from({ length: 20 }, (_, i) => `${i}\n`),
  );
  await new Promise((r) => setTimeout(r, 100)); // let sshd flush its log
  assert.equal(sshd.handshakes() - before, 1);
});

test('close ends the connection and removes its private directory', async (t) => {
  const sshd = await sshdFor(t);
  if (!sshd) return;
  // os.tmpdir() follows TMPDIR, so the connector's private directory lands where this test can see it.
  const tmp = await mkdtemp(join(tmpdir(), 'ssh-close-'));
  const saved = process.env.TMPDIR;
  process.env.TMPDIR = tmp;
  let conn: Connector;
  try {
    conn = await sshConnector('web1', keySettings(sshd), { knownHostsFile: sshd.knownHosts });
  } finally {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
  }
  const [dir] = await readdir(tmp);
  assert.ok(dir, 'the connector made a private directory');
  assert.equal((await stat(join(tmp, dir))).mode & 0o777, 0o700);
  assert.ok((await stat(join(tmp, dir, 'cm'))).isSocket(), 'ControlMaster socket');
  await conn.close();
  await conn.close(); // idempotent
  await assert.rejects(conn.exec({ argv: ['true'] }), { code: 'E_CONNECTION' });
  assert.deepEqual(await readdir(tmp), []);
  await rm(tmp, { recursive: true, force: true });
});

test('cancel: an aborted exec is E_CANCELLED at once, and the connection stays usable', async (t) => {
  const conn = await connect(t);
  if (!conn) return;
  const before = new AbortController();
  before.abort();
  await assert.rejects(conn.exec({ argv: ['true'] }, { signal: before.signal }), { code: 'E_CANCELLED' });
  const during = new AbortController();
  const started = Date.now();
  const running = conn.exec({ shell: 'sleep 20' }, { signal: during.signal });
  setTimeout(() => during.abort(), 200);
  await assert.rejects(running, { code: 'E_CANCELLED' });
  assert.ok(Date.now() - started < 5000);
  assert.equal((await conn.exec({ argv: ['echo', 'still'] })).stdout, 'still\n');
});
