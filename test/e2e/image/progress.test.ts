/**
 * Progress on a terminal: the built CLI under a pseudo-terminal (util-linux `script`) draws a bar per
 * image in flight plus a total, redrawn in place, and honours NO_COLOR; without a terminal it prints
 * plain lines (covered in pull-store.test.ts).
 */
/* eslint-disable no-control-regex -- the assertions are about ANSI escapes */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { execa } from 'execa';
import { requireTool } from '../../helpers/require-tool.js';
import { seededRegistry, tempDir } from '../../integration/modules/image/fixtures.js';
import { MAIN } from '../cli/deckhand.js';

async function onTerminal(
  args: string[],
  env: Record<string, string | undefined>,
): Promise<{ code: number; out: string }> {
  const cmd = [process.execPath, MAIN, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const r = await execa('script', ['-qec', cmd, '/dev/null'], {
    reject: false,
    env,
    extendEnv: false,
    timeout: 60_000,
  });
  return { code: r.exitCode ?? -1, out: String(r.stdout) };
}

test('image pull on a terminal: bars, a total, in-place redraws; NO_COLOR respected', async (t) => {
  if (!requireTool(t, 'script', 'util-linux')) return;
  const s = await seededRegistry(t);
  if (!s) return;
  const dir = await tempDir(t);
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, TERM: 'xterm' };
  const plain = await onTerminal(
    ['image', 'pull', s.refs.multi, s.refs.alpha, '--images-dir', join(dir, 'a')],
    { ...env, NO_COLOR: '1' },
  );
  assert.equal(plain.code, 0, plain.out);
  assert.match(
    plain.out,
    /\[[#-]{24}\] +[\d.]+ (B|KiB) +127\.0\.0\.1:\d+\/org\/(multi|alpha)/,
    'a bar per image',
  );
  assert.match(plain.out, /pull: \d\/2 images, [\d.]+ (B|KiB) transferred/, 'a total line');
  assert.match(plain.out, /\x1b\[\d+A\x1b\[J/, 'bars are redrawn in place');
  assert.match(plain.out, /done +127\.0\.0\.1:\d+\/org\/multi:1\.0 /);
  assert.match(plain.out, /2 images: .* transferred/);
  assert.doesNotMatch(plain.out, /\x1b\[(1|2|3\d)m/, 'NO_COLOR: no colour codes');

  const colour = await onTerminal(['image', 'pull', s.refs.beta, '--images-dir', join(dir, 'b')], env);
  assert.equal(colour.code, 0, colour.out);
  assert.match(colour.out, /\x1b\[32mdone/, 'a terminal without NO_COLOR gets colour');
});
