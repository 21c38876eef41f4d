import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { commandModule } from '../../../../modules/command/index.js';
import { shellModule } from '../../../../modules/shell/index.js';
import { makeContext } from '../fake-context.js';

// creates/removes and check mode, for both command and shell (Ansible's behaviour).
const guardCases: {
  name: string;
  args: Record<string, unknown>;
  check: boolean;
  expect: { ran: boolean; changed: boolean; skipped?: boolean };
}[] = [
  {
    name: 'creates exists → not run',
    args: { creates: 'here' },
    check: false,
    expect: { ran: false, changed: false },
  },
  {
    name: 'creates missing → run',
    args: { creates: 'absent' },
    check: false,
    expect: { ran: true, changed: true },
  },
  {
    name: 'removes missing → not run',
    args: { removes: 'absent' },
    check: false,
    expect: { ran: false, changed: false },
  },
  {
    name: 'removes exists → run',
    args: { removes: 'here' },
    check: false,
    expect: { ran: true, changed: true },
  },
  {
    name: 'check mode, no guard → skipped',
    args: {},
    check: true,
    expect: { ran: false, changed: false, skipped: true },
  },
  {
    name: 'check mode, creates missing → changed, not run',
    args: { creates: 'absent' },
    check: true,
    expect: { ran: false, changed: true },
  },
  {
    name: 'check mode, creates exists → ok',
    args: { creates: 'here' },
    check: true,
    expect: { ran: false, changed: false },
  },
];
for (const mod of [commandModule, shellModule]) {
  for (const c of guardCases) {
    test(`${mod.name}: ${c.name}`, async (t) => {
      const ctx = await makeContext({ check: c.check });
      t.after(ctx.cleanup);
      await writeFile(join(ctx.dir, 'here'), 'x');
      const marker = join(ctx.dir, 'ran');
      const r = await mod.run({ cmd: `touch ${marker}`, chdir: ctx.dir, ...c.args } as never, ctx);
      assert.equal(r.changed, c.expect.changed);
      assert.equal(Boolean(r.skipped), Boolean(c.expect.skipped));
      assert.equal((await ctx.connector.stat(marker)) !== null, c.expect.ran);
    });
  }
}
