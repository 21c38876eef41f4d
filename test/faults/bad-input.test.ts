/**
 * Hostile and malformed input through the built CLI (cases in bad-input-cases.ts): each case asserts
 * the exit code and the message, that it finishes well within its time limit (a YAML bomb or a
 * runaway template is refused by a limit, not hung), and that no stack trace is printed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { STACK } from '../e2e/cli/deckhand.js';
import { cli } from '../helpers/fault-fixtures.js';
import { limitCases } from './bad-input-cases.js';
import { shapeCases } from './bad-input-shapes.js';

const cases = [...limitCases, ...shapeCases];

/** Each case must end within this; a hang is a failure, not a slow pass. */
const LIMIT_MS = 10_000;

test('bad input: exit code and message, refused not hung, no stack trace', { concurrency: 4 }, async (t) => {
  assert.ok(cases.length >= 40, `${cases.length} cases`);
  assert.equal(new Set(cases.map((c) => c.name)).size, cases.length, 'case names are unique');
  const root = await mkdtemp(join(tmpdir(), 'deckhand-bad-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  await Promise.all(
    cases.map((c, i) =>
      t.test(c.name, { todo: c.todo }, async () => {
        const dir = join(root, String(i));
        for (const [name, content] of Object.entries(c.files)) {
          await mkdir(dirname(join(dir, name)), { recursive: true });
          await writeFile(join(dir, name), content);
        }
        const started = Date.now();
        const run = await cli(['run', 'play.yaml', ...(c.args ?? [])], { cwd: dir, signalAfterMs: LIMIT_MS });
        const took = Date.now() - started;
        const r = { ...run, all: `${run.stdout}\n${run.stderr}` };
        const all = r.all.length > 4000 ? `${r.all.slice(0, 2000)}…${r.all.slice(-2000)}` : r.all;
        assert.ok(took < LIMIT_MS, `${c.name}: took ${took} ms`);
        assert.equal(r.code, c.code, `exit code for ${c.name}:\n${all}`);
        for (const re of c.expect) assert.match(r.all, re, `${c.name}: output should match ${re}:\n${all}`);
        for (const re of c.reject ?? [])
          assert.doesNotMatch(r.all, re, `${c.name}: output must not match ${re}`);
        assert.doesNotMatch(r.all, STACK, `${c.name}: no stack trace`);
        assert.doesNotMatch(r.all, /internal error|Maximum call stack|\uFFFD/, c.name);
        if (c.code === 1) assert.match(r.stderr, /^error: /m);
        await rm(dir, { recursive: true, force: true });
      }),
    ),
  );
});
