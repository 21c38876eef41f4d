/* eslint-disable no-control-regex -- the tests check ANSI escapes on purpose */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RunPrinter, banner, describe } from '../../../src/cli/output.js';
import type { CliIo } from '../../../src/cli/io.js';
import type { EngineEvent, RegisteredResult, RunReport } from '../../../src/engine/run-playbook.js';
import { DeckhandError } from '../../../src/errors.js';
import { formatError } from '../../../src/cli/format-error.js';

function fakeIo(opts: { tty?: boolean; color?: boolean } = {}): CliIo & { text(): string } {
  let buf = '';
  return {
    out: (s) => void (buf += s),
    err: (s) => void (buf += s),
    tty: opts.tty ?? false,
    color: opts.color ?? false,
    cwd: '/',
    env: {},
    signal: new AbortController().signal,
    exitCode: 0,
    text: () => buf,
  };
}

const res = (over: Partial<RegisteredResult> = {}): RegisteredResult => ({
  changed: false,
  failed: false,
  skipped: false,
  ...over,
});

function printAll(events: EngineEvent[], io = fakeIo()): string {
  const p = new RunPrinter(io, { check: false });
  for (const e of events) p.onEvent(e);
  return io.text();
}

const lineCases: [string, EngineEvent, RegExp][] = [
  [
    'ok with msg',
    { type: 'host_result', host: 'h1', task: 't', status: 'ok', result: res({ msg: 'hi' }) },
    /^ok: \[h1\] => hi$/m,
  ],
  [
    'changed',
    { type: 'host_result', host: 'h1', task: 't', status: 'changed', result: res({ changed: true }) },
    /^changed: \[h1\]$/m,
  ],
  [
    'skipped',
    { type: 'host_result', host: 'h1', task: 't', status: 'skipped', result: res({ skipped: true }) },
    /^skipped: \[h1\]$/m,
  ],
  [
    'failed',
    {
      type: 'host_result',
      host: 'h2',
      task: 't',
      status: 'failed',
      result: res({ failed: true, msg: 'boom' }),
    },
    /^failed: \[h2\] => boom$/m,
  ],
  [
    'unreachable',
    {
      type: 'host_result',
      host: 'h2',
      task: 't',
      status: 'unreachable',
      result: res({ failed: true, msg: 'no route' }),
    },
    /^unreachable: \[h2\] => no route$/m,
  ],
  [
    'item',
    { type: 'host_result', host: 'h1', task: 't', status: 'ok', item: { a: 1 }, result: res() },
    /^ok: \[h1\] => \(item=\{"a":1\}\)$/m,
  ],
  [
    'ignored failure',
    {
      type: 'host_result',
      host: 'h1',
      task: 't',
      status: 'failed',
      ignored: true,
      result: res({ failed: true, msg: 'x' }),
    },
    /^failed: \[h1\] => x\n\.\.\.ignoring$/m,
  ],
  [
    'no_log hides msg',
    {
      type: 'host_result',
      host: 'h1',
      task: 't',
      status: 'failed',
      noLog: true,
      result: res({ failed: true, msg: 'secret stuff' }),
    },
    /^failed: \[h1\] => output hidden: 'no_log: true'/m,
  ],
  [
    'engine error with its place',
    {
      type: 'host_result',
      host: 'h1',
      task: 't',
      status: 'failed',
      result: res({ failed: true }),
      error: new DeckhandError('E_UNDEFINED', 'undefined variable "v"', {
        context: { file: 'p.yaml', line: 3, col: 5, task: 't', host: 'h1' },
      }),
    },
    /^failed: \[h1\] => p\.yaml:3:5: undefined variable "v"\n {4} {2}in task "t", host h1$/m,
  ],
  ['task header', { type: 'task_start', play: 'p', task: 'install' }, /^TASK \[install\] \*{3,}$/m],
  ['play header', { type: 'play_start', play: 'setup', hosts: ['h1'] }, /^PLAY \[setup\] \*{3,}$/m],
  [
    'progress as a plain line off a TTY',
    {
      type: 'module_event',
      host: 'h1',
      task: 't',
      event: { type: 'progress', message: 'pulling', current: 1, total: 3 },
    },
    /^ {2}\[h1\] pulling \(1\/3\)$/m,
  ],
];
for (const [name, ev, re] of lineCases) {
  test(`output: ${name}`, () => {
    const out = printAll([ev]);
    assert.match(out, re);
    if (name === 'no_log hides msg') assert.doesNotMatch(out, /secret stuff/);
  });
}

test('output: a loop prints its items and not the summary, unless it failed', () => {
  const item = (i: number, status: 'ok' | 'failed'): EngineEvent => ({
    type: 'host_result',
    host: 'h',
    task: 'l',
    status,
    item: i,
    result: res({ failed: status === 'failed' }),
  });
  const summary = (status: 'ok' | 'failed'): EngineEvent => ({
    type: 'host_result',
    host: 'h',
    task: 'l',
    status,
    result: res({ failed: status === 'failed', results: [res(), res({ failed: status === 'failed' })] }),
  });
  assert.equal(
    printAll([item(1, 'ok'), item(2, 'ok'), summary('ok')])
      .trim()
      .split('\n').length,
    2,
  );
  assert.match(
    printAll([item(1, 'ok'), item(2, 'failed'), summary('failed')]),
    /failed: \[h\] => 1 of 2 items failed/,
  );
});

test('output: colour only when asked, and progress redraws one line on a TTY', () => {
  const ev: EngineEvent = {
    type: 'host_result',
    host: 'h',
    task: 't',
    status: 'changed',
    result: res({ changed: true }),
  };
  assert.doesNotMatch(printAll([ev]), /\x1b\[/);
  assert.match(printAll([ev], fakeIo({ color: true })), /\x1b\[33mchanged: \[h\]\x1b\[0m/);
  const tty = printAll(
    [{ type: 'module_event', host: 'h', task: 't', event: { type: 'progress', message: 'x' } }, ev],
    fakeIo({ tty: true }),
  );
  assert.match(tty, /^\r\x1b\[K {2}\[h\] x\r\x1b\[Kchanged/);
});

test('output: PLAY RECAP lists every host with its counters', () => {
  const io = fakeIo();
  const report: RunReport = {
    plays: [],
    failed: true,
    recap: {
      localhost: { ok: 3, changed: 1, failed: 0, skipped: 2, unreachable: 0, rescued: 0, ignored: 0 },
      db: { ok: 1, changed: 0, failed: 1, skipped: 0, unreachable: 0, rescued: 1, ignored: 1 },
    },
  };
  new RunPrinter(io, { check: false }).recap(report);
  assert.match(io.text(), /PLAY RECAP \*+\n/);
  assert.match(
    io.text(),
    /^localhost +: ok=3 +changed=1 +unreachable=0 +failed=0 +skipped=2 +rescued=0 +ignored=0$/m,
  );
  assert.match(
    io.text(),
    /^db +: ok=1 +changed=0 +unreachable=0 +failed=1 +skipped=0 +rescued=1 +ignored=1$/m,
  );
});

test('banner pads to 80 columns; describe falls back to JSON', () => {
  assert.equal(banner('TASK [x]').length, 80);
  assert.equal(describe({ type: 'log', phase: 'a' }), '{"phase":"a"}');
});

test('formatError names the place, the task and field, and the details', () => {
  const e = new DeckhandError('E_SCHEMA', 'must be string', {
    context: { file: 'site.yaml', line: 4, col: 7, task: 'copy cert', field: 'copy.dest' },
    details: ['did you mean "dest"?'],
  });
  assert.equal(
    formatError(e),
    'error: site.yaml:4:7: must be string\n  in task "copy cert", field copy.dest\n  did you mean "dest"?\n',
  );
});
