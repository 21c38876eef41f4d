import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CommanderError } from 'commander';
import { handleError, runCli } from '../../../src/cli/program.js';
import type { CliIo } from '../../../src/cli/io.js';
import { DeckhandError } from '../../../src/errors.js';

function fakeIo(): CliIo & { out_: string; err_: string } {
  const io = {
    out_: '',
    err_: '',
    out: (s: string) => void (io.out_ += s),
    err: (s: string) => void (io.err_ += s),
    tty: false,
    color: false,
    cwd: process.cwd(),
    env: {},
    signal: new AbortController().signal,
    exitCode: 0,
  };
  return io;
}

const boundary: [string, unknown, number, RegExp, boolean][] = [
  [
    'user error',
    new DeckhandError('E_FILE', 'playbook not found: x.yaml'),
    1,
    /^error: playbook not found: x\.yaml\n$/,
    false,
  ],
  ['cancelled', new DeckhandError('E_CANCELLED', 'cancelled'), 130, /^error: cancelled/, false],
  ['commander help', new CommanderError(0, 'commander.helpDisplayed', '(outputHelp)'), 0, /^$/, false],
  ['commander usage', new CommanderError(1, 'commander.unknownOption', 'x'), 1, /^$/, false],
  [
    'internal error',
    new TypeError('x is not a function'),
    1,
    /internal error: TypeError: x is not a function[\s\S]*please report/i,
    true,
  ],
];
for (const [name, err, code, re, stack] of boundary) {
  test(`error boundary: ${name} → exit ${code}`, () => {
    const io = fakeIo();
    assert.equal(handleError(err, io), code);
    assert.match(io.err_, re);
    assert.equal(
      /\n\s+at /.test(io.err_),
      stack,
      stack ? 'internal errors show the stack' : 'user errors never do',
    );
  });
}

test('runCli: --version, help, unknown command and a missing playbook', async () => {
  const v = fakeIo();
  assert.equal(await runCli(['node', 'deckhand', '--version'], v), 0);
  assert.match(v.out_, /^\d+\.\d+\.\d+/);
  const h = fakeIo();
  assert.equal(await runCli(['node', 'deckhand', 'validate', '--help'], h), 0);
  assert.match(h.out_, /Usage: deckhand validate/);
  const u = fakeIo();
  assert.equal(await runCli(['node', 'deckhand', 'rn'], u), 1);
  assert.match(u.err_, /Did you mean run\?/);
  const m = fakeIo();
  assert.equal(await runCli(['node', 'deckhand', 'run', '/nonexistent/p.yaml'], m), 1);
  assert.equal(m.err_, 'error: playbook not found: /nonexistent/p.yaml\n');
});
