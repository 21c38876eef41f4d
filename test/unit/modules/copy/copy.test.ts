import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { copyModule } from '../../../../modules/copy/index.js';
import { makeContext } from '../fake-context.js';

async function modeOf(p: string): Promise<number> {
  return (await stat(p)).mode & 0o7777;
}

test('copy content: created, then unchanged, then changed on new content', async (t) => {
  const ctx = await makeContext();
  t.after(ctx.cleanup);
  const dest = join(ctx.dir, 'out.txt');
  const first = await copyModule.run({ content: 'one\n', dest }, ctx);
  assert.equal(first.changed, true);
  assert.equal(await readFile(dest, 'utf8'), 'one\n');
  assert.equal(await modeOf(dest), 0o644);
  assert.equal((await copyModule.run({ content: 'one\n', dest }, ctx)).changed, false);
  assert.equal((await copyModule.run({ content: 'two\n', dest }, ctx)).changed, true);
  assert.equal(await readFile(dest, 'utf8'), 'two\n');
});

const modeCases: [string | number, number][] = [
  ['0600', 0o600],
  ['640', 0o640],
  [755, 0o755],
  ['01777', 0o1777],
];
for (const [mode, bits] of modeCases) {
  test(`copy mode ${JSON.stringify(mode)}: a mode-only difference is a change`, async (t) => {
    const ctx = await makeContext();
    t.after(ctx.cleanup);
    const dest = join(ctx.dir, 'f');
    await writeFile(dest, 'same', { mode: 0o644 });
    const r = await copyModule.run({ content: 'same', dest, mode }, ctx);
    assert.equal(r.changed, bits !== 0o644);
    assert.equal(await modeOf(dest), bits);
    assert.equal((await copyModule.run({ content: 'same', dest, mode }, ctx)).changed, false);
  });
}

test('copy: an existing file keeps its mode when none is given', async (t) => {
  const ctx = await makeContext();
  t.after(ctx.cleanup);
  const dest = join(ctx.dir, 'f');
  await writeFile(dest, 'old', { mode: 0o600 });
  await copyModule.run({ content: 'new', dest }, ctx);
  assert.equal(await modeOf(dest), 0o600);
});

test('copy in check mode reports the change and writes nothing', async (t) => {
  const ctx = await makeContext({ check: true });
  t.after(ctx.cleanup);
  const dest = join(ctx.dir, 'f');
  const r = await copyModule.run({ content: 'x', dest }, ctx);
  assert.equal(r.changed, true);
  assert.equal(await ctx.connector.stat(dest), null);
});

test('copy src resolves against the playbook dir, then files/, into a directory dest', async (t) => {
  const ctx = await makeContext();
  t.after(ctx.cleanup);
  await mkdir(join(ctx.dir, 'files'));
  await mkdir(join(ctx.dir, 'target'));
  await writeFile(join(ctx.dir, 'files', 'ca.crt'), 'CERT');
  const r = await copyModule.run({ src: 'ca.crt', dest: join(ctx.dir, 'target') + '/' }, ctx);
  assert.equal(r.changed, true);
  assert.equal(await readFile(join(ctx.dir, 'target', 'ca.crt'), 'utf8'), 'CERT');
  assert.equal((r.data as { checksum: string }).checksum.length, 'sha256:'.length + 64);
});

test('copy force=false leaves an existing file alone', async (t) => {
  const ctx = await makeContext();
  t.after(ctx.cleanup);
  const dest = join(ctx.dir, 'f');
  await writeFile(dest, 'keep');
  const r = await copyModule.run({ content: 'replace', dest, force: false }, ctx);
  assert.equal(r.changed, false);
  assert.equal(await readFile(dest, 'utf8'), 'keep');
});

const copyErrors: [string, (dir: string) => Record<string, unknown>, string][] = [
  ['missing src', (d) => ({ src: 'nope.txt', dest: join(d, 'x') }), 'E_FILE'],
  ['missing parent dir', (d) => ({ content: 'x', dest: join(d, 'no', 'such', 'x') }), 'E_FILE'],
  ['dest is a directory', (d) => ({ content: 'x', dest: d }), 'E_MODULE'],
  ['symbolic mode', (d) => ({ content: 'x', dest: join(d, 'x'), mode: 'u=rw' }), 'E_MODULE'],
];
for (const [name, args, code] of copyErrors) {
  test(`copy: ${name} → ${code}`, async (t) => {
    const ctx = await makeContext();
    t.after(ctx.cleanup);
    await assert.rejects(copyModule.run(args(ctx.dir) as never, ctx), { code });
  });
}

test('copy in check mode: a missing parent is reported, not an error (an earlier task may create it)', async (t) => {
  const ctx = await makeContext({ check: true });
  t.after(ctx.cleanup);
  const r = await copyModule.run({ content: 'x', dest: join(ctx.dir, 'later', 'f') }, ctx);
  assert.equal(r.changed, true);
  assert.match(r.msg ?? '', /does not exist yet/);
});
