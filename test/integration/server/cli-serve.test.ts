/**
 * `deckhand registry serve` as a user runs it: the built CLI prints its URL first, serves, and exits 0
 * on SIGTERM or Ctrl-C; bad flags and files fail at once with a message and a non-zero exit.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { test, type TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { request } from 'undici';

const MAIN = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'src', 'cli', 'main.js');

function tempDir(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'deckhand-cli-serve-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  test(`serve prints "listening on URL", answers, and stops cleanly on ${signal}`, async (t) => {
    const dir = tempDir(t);
    const child = execa(
      process.execPath,
      [MAIN, 'registry', 'serve', '--images-dir', join(dir, 'images'), '--listen', '127.0.0.1:0'],
      {
        reject: false,
      },
    );
    t.after(() => child.kill('SIGKILL'));
    const url = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout! }).once('line', (line) => {
        const m = /^listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(line);
        if (m) resolve(m[1]);
        else reject(new Error(`unexpected first line: ${line}`));
      });
    });
    const res = await request(`${url}/v2/_catalog`);
    assert.equal(res.statusCode, 200);
    assert.deepEqual(await res.body.json(), { repositories: [] });
    child.kill(signal);
    const done = await child;
    assert.equal(done.exitCode, 0, done.stderr);
    assert.match(done.stdout, /^stopped$/m);
  });
}

test('serve refuses bad flags and files with a message and exit status 1', async (t) => {
  const dir = tempDir(t);
  const md5 = join(dir, 'md5.htpasswd');
  writeFileSync(md5, 'alice:$apr1$r31.....$HqJZimcKQFAMYayBlzkrA/\n');
  const images = ['--images-dir', join(dir, 'images')];
  const cases = [
    { args: [...images, '--tls-cert', join(dir, 'c.pem')], err: /needs both a certificate.*and a key/ },
    { args: [...images, '--htpasswd', md5], err: /not a bcrypt hash.*htpasswd -B/ },
    { args: [...images, '--htpasswd', join(dir, 'missing')], err: /cannot read the htpasswd file/ },
    { args: [...images, '--listen', 'nope'], err: /HOST:PORT/ },
    { args: ['--images-dir', join(dir, 'never-made'), '--read-only'], err: /not an OCI image layout/ },
    { args: [], err: /--images-dir/ },
  ];
  // In parallel: each start loads the CLI (most of a second).
  const results = await Promise.all(
    cases.map((c) =>
      execa(process.execPath, [MAIN, 'registry', 'serve', ...c.args], { reject: false, timeout: 20_000 }),
    ),
  );
  results.forEach((r, i) => {
    const c = cases[i];
    assert.notEqual(r.exitCode, 0, c.args.join(' '));
    assert.match(r.stderr, c.err, c.args.join(' '));
  });
  assert.equal(existsSync(join(dir, 'images')), false, 'a refused start creates no store');
});

test('serve reports a port already in use', async (t) => {
  const dir = tempDir(t);
  const first = execa(
    process.execPath,
    [MAIN, 'registry', 'serve', '--images-dir', join(dir, 'a'), '--listen', '127.0.0.1:0'],
    {
      reject: false,
    },
  );
  t.after(() => first.kill('SIGKILL'));
  const port = await new Promise<string>((resolve) =>
    createInterface({ input: first.stdout! }).once('line', (l) => resolve(l.replace(/.*:/, ''))),
  );
  const second = await execa(
    process.execPath,
    [MAIN, 'registry', 'serve', '--images-dir', join(dir, 'b'), '--listen', `127.0.0.1:${port}`],
    {
      reject: false,
      timeout: 20_000,
    },
  );
  assert.equal(second.exitCode, 1);
  assert.match(second.stderr, /already in use/);
  first.kill('SIGTERM');
  assert.equal((await first).exitCode, 0);
});
