import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitArgv } from '../../../../modules/command/split-argv.js';

const cases: [string, string[]][] = [
  ['echo hi', ['echo', 'hi']],
  ['  a   b  ', ['a', 'b']],
  [`a 'b c' "d e"`, ['a', 'b c', 'd e']],
  [`a 'it''s'`, ['a', 'its']],
  [`a "x \\"y\\" \\$z"`, ['a', 'x "y" $z']],
  [`a "back\\nslash"`, ['a', 'back\\nslash']],
  ['a b\\ c', ['a', 'b c']],
  [`a ''`, ['a', '']],
  ['echo $HOME > f | x', ['echo', '$HOME', '>', 'f', '|', 'x']],
  ["kubectl -o 'jsonpath={.items[*].name}'", ['kubectl', '-o', 'jsonpath={.items[*].name}']],
];
for (const [line, words] of cases) {
  test(`splitArgv ${JSON.stringify(line)}`, () => assert.deepEqual(splitArgv(line), words));
}

for (const bad of [`a 'b`, `a "b`, '   ']) {
  test(`splitArgv rejects ${JSON.stringify(bad)} with E_MODULE on cmd`, () => {
    assert.throws(() => splitArgv(bad), { code: 'E_MODULE', context: { field: 'cmd' } });
  });
}
