/** The remote sh scripts, run here with the real /bin/sh (and sudo, as root) instead of over SSH. */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireTool } from '../../helpers/require-tool.js';
import {
  BECOME_MARK,
  ENOENT_MARK,
  commandScript,
  parseStat,
  readScript,
  remoteCommand,
  statScript,
  writeScript,
} from '../../../src/connectors/ssh-remote-script.js';
import type { ExecRequest } from '../../../src/module.js';

/** sh runs a command line as a login shell would (`sh -c`), with stdin. */
function sh(command: string, stdin: string | Buffer = '') {
  const r = spawnSync('/bin/sh', ['-c', command], { input: stdin });
  return { rc: r.status, stdout: r.stdout.toString(), stderr: r.stderr.toString() };
}

async function scratch(t: TestContext): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'remote-script-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

const commands: Array<{ name: string; req: ExecRequest; stdout: string; rc?: number }> = [
  { name: 'argv', req: { argv: ['printf', '%s,', 'a b', "c'd", '$X'] }, stdout: "a b,c'd,$X," },
  { name: 'shell', req: { shell: 'echo $((1+2)); exit 4' }, stdout: '3\n', rc: 4 },
  { name: 'cwd and env', req: { shell: 'echo "$(pwd) $V"', cwd: '/', env: { V: 'x y' } }, stdout: '/ x y\n' },
];

for (const c of commands) {
  test(`commandScript: ${c.name}`, () => {
    const r = sh(remoteCommand(commandScript(c.req, 'h'), undefined, false).command);
    assert.equal(r.stdout, c.stdout);
    assert.equal(r.rc, c.rc ?? 0);
  });
}

test('commandScript rejects bad requests with E_MODULE', () => {
  assert.throws(() => commandScript({ argv: ['true'], env: { 'A B': 'x' } }, 'h'), { code: 'E_MODULE' });
  assert.throws(() => commandScript({}, 'h'), { code: 'E_MODULE' });
});

test('writeScript: replaces atomically, modes (explicit, kept, default 0644), no leftovers', async (t) => {
  const dir = await scratch(t);
  const p = join(dir, "it's a file");
  assert.equal(sh(writeScript(p, 0o600), 'one').rc, 0);
  assert.equal(await readFile(p, 'utf8'), 'one');
  assert.equal((await stat(p)).mode & 0o7777, 0o600);
  const ino = (await stat(p)).ino;
  assert.equal(sh(writeScript(p), Buffer.from([0, 1, 2, 255])).rc, 0);
  assert.deepEqual(await readFile(p), Buffer.from([0, 1, 2, 255]));
  assert.equal((await stat(p)).mode & 0o7777, 0o600, 'kept');
  assert.notEqual((await stat(p)).ino, ino, 'renamed into place');
  assert.equal(sh(writeScript(join(dir, 'new'))).rc, 0);
  assert.equal((await stat(join(dir, 'new'))).mode & 0o7777, 0o644);
  assert.deepEqual((await readdir(dir)).sort(), ["it's a file", 'new']);
});

test('writeScript: a failed write leaves the old file and no temp file', async (t) => {
  const dir = await scratch(t);
  assert.notEqual(sh(writeScript(join(dir, 'missing-dir', 'f'))).rc, 0);
  const p = join(dir, 'f');
  await writeFile(p, 'old');
  // An invalid mode makes chmod fail after the temp file was written.
  assert.notEqual(sh(writeScript(p, 0o644).replace('chmod 0644', 'chmod 99999'), 'new').rc, 0);
  assert.equal(await readFile(p, 'utf8'), 'old');
  assert.deepEqual(await readdir(dir), ['f']);
});

test('readScript and statScript: files, directories, missing paths', async (t) => {
  const dir = await scratch(t);
  const p = join(dir, 'f');
  await writeFile(p, 'abc');
  await chmod(p, 0o640);
  await mkdir(join(dir, 'd'));
  assert.deepEqual(sh(readScript(p)), { rc: 0, stdout: 'abc', stderr: '' });
  const missing = sh(readScript(join(dir, 'nope')));
  assert.equal(missing.rc, 1);
  assert.ok(missing.stderr.includes(ENOENT_MARK));
  assert.deepEqual(parseStat(sh(statScript(p)).stdout), {
    size: 3,
    mode: 0o640,
    isFile: true,
    isDirectory: false,
  });
  assert.equal(parseStat(sh(statScript(join(dir, 'd'))).stdout)?.isDirectory, true);
  assert.equal(parseStat(sh(statScript(join(dir, 'nope'))).stdout), null);
  assert.throws(() => parseStat('garbage'));
});

test('remoteCommand with become: the password line feeds sudo only, never the command', async (t) => {
  if (process.getuid?.() !== 0) return t.skip('needs root (root may sudo without a password)');
  if (!requireTool(t, 'sudo')) return;
  const script = commandScript({ argv: ['cat'] }, 'h');
  const noData = remoteCommand(script, { user: 'root', password: 'pw-line' }, false);
  assert.equal(noData.stdinPrefix, 'pw-line\n');
  const r1 = sh(noData.command, noData.stdinPrefix);
  assert.equal(r1.rc, 0);
  assert.equal(r1.stdout, '');
  assert.ok(r1.stderr.includes(BECOME_MARK));
  const withData = remoteCommand(script, { user: 'root', password: 'pw-line' }, true);
  assert.equal(sh(withData.command, `${withData.stdinPrefix}payload`).stdout, 'payload');
  const noPassword = remoteCommand(script, { user: 'root' }, true);
  assert.equal(noPassword.stdinPrefix, undefined);
  assert.equal(sh(noPassword.command, 'direct').stdout, 'direct');
  assert.ok(!noData.command.includes('pw-line'), 'the password is not part of the command');
});
