import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { includeVarsModule } from '../../../../modules/include_vars/index.js';
import { makeContext } from '../fake-context.js';

test('include_vars reads a YAML mapping from vars/ as facts', async (t) => {
  const ctx = await makeContext();
  t.after(ctx.cleanup);
  await mkdir(join(ctx.dir, 'vars'));
  await writeFile(join(ctx.dir, 'vars', 'v.yaml'), 'a: 1\nb: [x, y]\n');
  const r = await includeVarsModule.run({ file: 'v.yaml' }, ctx);
  assert.deepEqual(r.facts, { a: 1, b: ['x', 'y'] });
  assert.equal(r.changed, false);
});

test('include_vars nests under name and reads JSON', async (t) => {
  const ctx = await makeContext();
  t.after(ctx.cleanup);
  await writeFile(join(ctx.dir, 'v.json'), '{"k": true}');
  const r = await includeVarsModule.run({ file: join(ctx.dir, 'v.json'), name: 'cfg' }, ctx);
  assert.deepEqual(r.facts, { cfg: { k: true } });
});

const bad: [string, string, string, number | undefined][] = [
  ['a list', '- 1\n- 2\n', 'E_MODULE', undefined],
  ['a scalar', 'just text\n', 'E_MODULE', undefined],
  ['malformed YAML', 'a: 1\nb: [unclosed\n', 'E_YAML', 3],
  ['duplicate keys', 'a: 1\na: 2\n', 'E_YAML', 2],
];
for (const [name, text, code, line] of bad) {
  test(`include_vars rejects ${name} with ${code}`, async (t) => {
    const ctx = await makeContext();
    t.after(ctx.cleanup);
    await writeFile(join(ctx.dir, 'v.yaml'), text);
    await assert.rejects(
      includeVarsModule.run({ file: 'v.yaml' }, ctx),
      (e: Error & { code?: string; context?: { line?: number; file?: string } }) => {
        assert.equal(e.code, code);
        assert.equal(e.context?.file, join(ctx.dir, 'v.yaml'));
        if (line !== undefined) assert.equal(e.context?.line, line);
        return true;
      },
    );
  });
}

test('include_vars: a missing file is E_FILE listing where it looked', async (t) => {
  const ctx = await makeContext();
  t.after(ctx.cleanup);
  await assert.rejects(
    includeVarsModule.run({ file: 'nope.yaml' }, ctx),
    (e: Error & { code?: string; details?: string[] }) => {
      assert.equal(e.code, 'E_FILE');
      assert.match(e.details?.join() ?? '', /vars\/nope\.yaml/);
      return true;
    },
  );
});
