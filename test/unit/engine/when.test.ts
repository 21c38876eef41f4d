import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DeckhandError } from '../../../src/errors.js';
import { holds, truth } from '../../../src/engine/when.js';
import { tagSelected } from '../../../src/engine/tags.js';
import type { Vars } from '../../../src/engine/template.js';

const V = Object.assign(Object.create(null), { x: 1, s: 'yes' }) as Vars;

test('conditions render to exactly true or false', () => {
  const cases: Array<[unknown[], boolean]> = [
    [[], true],
    [[true], true],
    [[false], false],
    [['{{ eq x 1 }}'], true],
    [['{{ eq x 1 }}', '{{ eq s "no" }}'], false],
    [['true'], true],
    [['False'], false],
    [[' {{ eq x 1 }} '], true],
  ];
  for (const [conds, want] of cases) assert.equal(holds(conds, V, {}), want, JSON.stringify(conds));
});

test('anything else is E_WHEN naming the field, with a hint for a bare expression', () => {
  const cases: Array<[unknown, RegExp]> = [
    ['{{ s }}', /got "yes"/],
    ['{{ x }}', /got 1/],
    ['x == 1', /write a template/],
    [1, /got 1/],
  ];
  for (const [c, msg] of cases) {
    assert.throws(
      () => holds([c], V, { field: 'failed_when', task: 't', host: 'h' }),
      (e: DeckhandError) =>
        e.code === 'E_WHEN' &&
        msg.test(e.message) &&
        e.context.field === 'failed_when' &&
        /"failed_when"/.test(e.message),
      String(c),
    );
  }
  assert.throws(
    () => truth(undefined, '', {}),
    (e: DeckhandError) => e.code === 'E_WHEN',
  );
});

test('tag selection', () => {
  const cases: Array<[string[], string[] | undefined, string[] | undefined, boolean]> = [
    [[], undefined, undefined, true],
    [['never'], undefined, undefined, false],
    [['a'], ['a'], undefined, true],
    [['b'], ['a'], undefined, false],
    [['always'], ['a'], undefined, true],
    [['always'], ['a'], ['always'], false],
    [['never', 'a'], ['a'], undefined, true],
    [['a'], undefined, ['a'], false],
    [['a'], ['all'], undefined, true],
    [['a'], ['tagged'], undefined, true],
    [[], ['tagged'], undefined, false],
    [[], undefined, ['untagged'], false],
    [['x'], undefined, ['tagged'], false],
  ];
  for (const [tags, only, skip, want] of cases) {
    assert.equal(tagSelected(tags, { only, skip }), want, `${tags} only=${only} skip=${skip}`);
  }
});
