import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { templateModule } from '../../../../modules/template/index.js';
import { makeContext } from '../fake-context.js';

async function modeOf(p: string): Promise<number> {
  return (await stat(p)).mode & 0o7777;
}

test('template renders with the host vars from templates/, idempotently', async (t) => {
  const ctx = await makeContext({ vars: { who: 'world', items: ['a', 'b'] } });
  t.after(ctx.cleanup);
  await mkdir(join(ctx.dir, 'templates'));
  await writeFile(
    join(ctx.dir, 'templates', 'motd.hbs'),
    'hello {{upper who}} on {{inventory_hostname}}\n{{#each items}}- {{this}}\n{{/each}}',
  );
  const dest = join(ctx.dir, 'motd');
  const r = await templateModule.run({ src: 'motd.hbs', dest, mode: '0640' }, ctx);
  assert.equal(r.changed, true);
  assert.equal(await readFile(dest, 'utf8'), 'hello WORLD on localhost\n- a\n- b\n');
  assert.equal(await modeOf(dest), 0o640);
  assert.equal((await templateModule.run({ src: 'motd.hbs', dest, mode: '0640' }, ctx)).changed, false);
});

test('template: an undefined variable fails and names the template file', async (t) => {
  const ctx = await makeContext();
  t.after(ctx.cleanup);
  await writeFile(join(ctx.dir, 't.hbs'), 'value: {{missing}}\n');
  await assert.rejects(
    templateModule.run({ src: 't.hbs', dest: join(ctx.dir, 'o') }, ctx),
    (e: Error & { code?: string; context?: { path?: string } }) => {
      assert.equal(e.code, 'E_UNDEFINED');
      assert.equal(e.context?.path, join(ctx.dir, 't.hbs'));
      return true;
    },
  );
  assert.equal(await ctx.connector.stat(join(ctx.dir, 'o')), null);
});
