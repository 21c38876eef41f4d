/** fetch: where files land on the controller, its schema, and the module over the local connector. */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { localDest } from '../../../../modules/fetch/local-dest.js';
import { fetchModule } from '../../../../modules/fetch/index.js';
import { localConnector } from '../../../../src/connectors/local.js';
import type { ModuleContext } from '../../../../src/module.js';

async function scratch(t: TestContext): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'fetch-unit-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

const dests: Array<{ name: string; src: string; dest: string; flat: boolean; want: string }> = [
  {
    name: 'per host, absolute src',
    src: '/etc/hosts',
    dest: '/out',
    flat: false,
    want: '/out/web1/etc/hosts',
  },
  {
    name: 'per host, relative dest',
    src: '/etc/hosts',
    dest: 'out',
    flat: false,
    want: '/pb/out/web1/etc/hosts',
  },
  {
    name: 'per host, relative src',
    src: 'app/x.conf',
    dest: '/out',
    flat: false,
    want: '/out/web1/app/x.conf',
  },
  {
    name: 'per host, .. cannot escape',
    src: '../../etc/passwd',
    dest: '/out',
    flat: false,
    want: '/out/web1/etc/passwd',
  },
  { name: 'flat into a directory', src: '/etc/hosts', dest: '/out/', flat: true, want: '/out/hosts' },
  { name: 'flat to a file name', src: '/etc/hosts', dest: '/out/h.txt', flat: true, want: '/out/h.txt' },
];

for (const c of dests) {
  test(`localDest: ${c.name}`, async () => {
    assert.equal(await localDest(c.src, c.dest, c.flat, 'web1', '/pb'), c.want);
  });
}

test('localDest: flat to an existing directory without a trailing slash', async (t) => {
  const dir = await scratch(t);
  await mkdir(join(dir, 'd'));
  assert.equal(await localDest('/etc/hosts', join(dir, 'd'), true, 'h', '/'), join(dir, 'd', 'hosts'));
});

const invalid: unknown[] = [
  { src: '/a' },
  { dest: 'b' },
  { src: '', dest: 'b' },
  { src: '/a', dest: 'b', flat: 'yes' },
  { src: '/a', dest: 'b', mode: '0644' },
];
for (const args of invalid) {
  test(`fetch schema rejects ${JSON.stringify(args)}`, () => {
    assert.equal(new Ajv2020({ strict: false }).validate(fetchModule.schema, args), false);
  });
}

test('fetch schema: examples are valid', () => {
  const ajv = new Ajv2020({ strict: false });
  for (const ex of fetchModule.schema.examples as unknown[])
    assert.equal(ajv.validate(fetchModule.schema, ex), true);
});

test('fetch over the local connector: changed once, then not; a missing file fails the task', async (t) => {
  const dir = await scratch(t);
  await writeFile(join(dir, 'src.txt'), 'hello');
  const ctx = {
    host: 'localhost',
    connector: localConnector('localhost'),
    check: false,
    playbookDir: dir,
  } as unknown as ModuleContext;
  const args = { src: join(dir, 'src.txt'), dest: 'got/', flat: true };
  const first = await fetchModule.run(args, ctx);
  assert.equal(first.changed, true);
  assert.equal(await readFile(join(dir, 'got', 'src.txt'), 'utf8'), 'hello');
  assert.equal((await fetchModule.run(args, ctx)).changed, false);
  const missing = await fetchModule.run({ src: join(dir, 'nope'), dest: 'got/' }, ctx);
  assert.equal(missing.failed, true);
  assert.match(String(missing.msg), /does not exist/);
});
