/** Shell quoting, checked against a real /bin/sh, and splitting of user-written ssh arguments. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  shJoin,
  shQuote,
  splitShellWords,
  splitShellWordsOrNull,
} from '../../../src/connectors/ssh-quote.js';

const words = [
  'plain',
  'a b',
  "it's",
  '$HOME',
  '`id`',
  '"q"',
  '\\',
  '*',
  '',
  'new\nline',
  '!',
  '-o',
  'x=y,z',
  'é ü',
];

test('shQuote/shJoin: /bin/sh reads back exactly the words that were quoted', () => {
  const out = execFileSync('/bin/sh', ['-c', `printf '%s\\0' ${shJoin(words)}`]);
  assert.deepEqual(out.toString('utf8').split('\0').slice(0, -1), words);
});

test('shQuote leaves safe words bare and quotes the rest', () => {
  assert.equal(shQuote('/usr/bin/env'), '/usr/bin/env');
  assert.equal(shQuote('a b'), "'a b'");
  assert.equal(shQuote(''), "''");
});

const splits: Array<[string, string[] | null]> = [
  ['', []],
  ['  -o  ProxyJump=bastion  ', ['-o', 'ProxyJump=bastion']],
  [`-o 'ProxyCommand=ssh -W %h:%p gw'`, ['-o', 'ProxyCommand=ssh -W %h:%p gw']],
  [`-o "A=b c" -o D=\\"e\\"`, ['-o', 'A=b c', '-o', 'D="e"']],
  [`x'y'"z"`, ['xyz']],
  [`''`, ['']],
  [`-o 'unterminated`, null],
  [`"open`, null],
];

for (const [text, want] of splits) {
  test(`splitShellWords(${JSON.stringify(text)})`, () => {
    assert.deepEqual(splitShellWordsOrNull(text), want);
    if (want === null) assert.throws(() => splitShellWords(text));
  });
}
