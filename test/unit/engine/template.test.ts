import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DeckhandError } from '../../../src/errors.js';
import {
  LAZY,
  render,
  renderDeep,
  renderString,
  templateCacheSize,
  type Vars,
} from '../../../src/engine/template.js';

function vars(v: Record<string, unknown>, lazy: string[] = []): Vars {
  const out = Object.assign(Object.create(null) as Record<string, unknown>, v);
  Object.defineProperty(out, LAZY, { value: new Set(lazy) });
  return out as Vars;
}

const V = vars({
  n: 3,
  s: 'Hello World',
  l: [1, 2, 3],
  o: { a: { b: 'c' }, k: 1 },
  t: true,
  nul: null,
  json: '{"x":[1]}',
  yml: 'a: [1, 2]\n',
  csv: 'a, b ,c',
});

test('a lone {{expr}} keeps its type; anything else is a string', () => {
  const cases: Array<[string, unknown]> = [
    ['{{ n }}', 3],
    ['{{l}}', [1, 2, 3]],
    ['{{ o.a }}', { b: 'c' }],
    ['{{ t }}', true],
    ['{{ nul }}', null],
    ['{{ 5 }}', 5],
    ['{{ "x" }}', 'x'],
    ['n={{ n }}', 'n=3'],
    ['{{ l }} ', '[1,2,3] '],
    ['{{ o }}!', '{"a":{"b":"c"},"k":1}!'],
    ['{{ l.0 }}{{ l.[2] }}', '13'],
    ['plain text', 'plain text'],
    ['{{#each l}}{{this}};{{/each}}', '1;2;3;'],
    ['{{#if t}}y{{else}}n{{/if}}', 'y'],
  ];
  for (const [tpl, want] of cases) assert.deepEqual(render(tpl, V), want, tpl);
});

test('helpers', () => {
  const cases: Array<[string, unknown]> = [
    ['{{ eq n 3 }}', true],
    ['{{ ne n 3 }}', false],
    ['{{ eq o (from_json "{\\"a\\":{\\"b\\":\\"c\\"},\\"k\\":1}") }}', true],
    ['{{ gt n 2 }}{{ ge n 3 }}{{ lt n 3 }}{{ le n 3 }}', 'truetruefalsetrue'],
    ['{{ and t (eq n 3) }}', true],
    ['{{ or false nul }}', false],
    ['{{ not t }}', false],
    ['{{ add n 2 }}', 5],
    ['{{ sub n 1 }}', 2],
    ['{{ mul n 2 }}', 6],
    ['{{ div n 2 }}', 1.5],
    ['{{ mod n 2 }}', 1],
    ['{{ int "42" }}', 42],
    ['{{ add l (list 4) }}', [1, 2, 3, 4]],
    ['{{ upper s }}', 'HELLO WORLD'],
    ['{{ lower s }}', 'hello world'],
    ['{{ replace s "o" "0" }}', 'Hell0 W0rld'],
    ['{{ trim "  x " }}', 'x'],
    ['{{ split csv "," }}', ['a', ' b ', 'c']],
    ['{{ join l "-" }}', '1-2-3'],
    ['{{ regex_replace s "[lo]+" "_" }}', 'He_ W_r_d'],
    ['{{ match s "^Hel+o" }}', true],
    ['{{ length l }}{{ length s }}{{ length o }}', '3112'],
    ['{{ contains l 2 }}{{ contains s "World" }}{{ contains o "k" }}', 'truetruetrue'],
    ['{{ keys o }}', ['a', 'k']],
    ['{{ values o.a }}', ['c']],
    ['{{ first l }}{{ last l }}', '13'],
    ['{{ list 1 "a" }}', [1, 'a']],
    ['{{ unique (add l (list 2 1 4)) }}', [1, 2, 3, 4]],
    ['{{ extract (list "a" "zz" "k") o "b" }}', ['c', undefined, undefined]],
    ['{{ extract (list "a") (dict "a" o) "a.b" }}', ['c']],
    ['{{ dict "a" 1 b=2 }}', { a: 1, b: 2 }],
    ['{{ default missing "fb" }}', 'fb'],
    ['{{ default n "fb" }}', 3],
    ['{{ default o.zz.yy 7 }}', 7],
    ['{{ defined missing }}{{ defined "o.a.b" }}', 'falsetrue'],
    ['{{ to_json l }}', '[1,2,3]'],
    ['{{ to_yaml o.a }}', 'b: c\n'],
    ['{{ from_json json }}', { x: [1] }],
    ['{{ from_yaml yml }}', { a: [1, 2] }],
    ['{{ b64encode "hi" }}', 'aGk='],
    ['{{ b64decode "aGk=" }}', 'hi'],
    ['{{ env "DECKHAND_TEST_ENV" }}', 'yes'],
  ];
  process.env.DECKHAND_TEST_ENV = 'yes';
  for (const [tpl, want] of cases) assert.deepEqual(render(tpl, V), want, tpl);
});

test('strict: an undefined variable is E_UNDEFINED naming the variable, task and host — in helpers too', () => {
  const cases = [
    '{{ missing }}',
    'x {{ o.a.zz }}',
    '{{ eq missing 1 }}',
    '{{#if missing}}y{{/if}}',
    '{{ upper (lower missing) }}',
    '{{ dict a=missing }}',
  ];
  for (const tpl of cases) {
    assert.throws(
      () => render(tpl, V, { task: 'T', host: 'H', field: 'f' }),
      (e: DeckhandError) =>
        e.code === 'E_UNDEFINED' &&
        /"(missing|o\.a\.zz)"/.test(e.message) &&
        /task "T"/.test(e.message) &&
        /host "H"/.test(e.message) &&
        e.context.host === 'H',
      tpl,
    );
  }
});

test('an undefined variable suggests a close name from where it was looked up', () => {
  assert.throws(() => render('{{ nn }}', V), /undefined variable "nn" \(did you mean "n"\?\)/);
  assert.throws(() => render('{{ o.a.bb }}', V), /undefined variable "o\.a\.bb" \(did you mean "b"\?\)/);
  assert.throws(
    () => render('{{ zzzzzz }}', V),
    (e: DeckhandError) => !/did you mean/.test(e.message),
  );
});

test('prototypes are out of reach: constructor, __proto__ and friends are undefined variables', () => {
  for (const tpl of [
    '{{ constructor }}',
    '{{ __proto__ }}',
    '{{ o.constructor }}',
    '{{ s.constructor.name }}',
    '{{ l.__proto__ }}',
    '{{ toString }}',
  ]) {
    assert.throws(
      () => render(tpl, V),
      (e: DeckhandError) => e.code === 'E_UNDEFINED',
      tpl,
    );
  }
  const out = renderDeep(JSON.parse('{"__proto__": {"polluted": 1}}'), V) as Record<string, unknown>;
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.deepEqual(Object.keys(out), ['__proto__']);
});

test('bad templates and helper misuse are E_TEMPLATE / E_REGEX', () => {
  const cases: Array<[string, string]> = [
    ['{{ unclosed', 'E_TEMPLATE'],
    ['{{ length n }}', 'E_TEMPLATE'],
    ['{{ div n 0 }}', 'E_TEMPLATE'],
    ['{{ from_json s }}', 'E_TEMPLATE'],
    ['{{ match s "(" }}', 'E_REGEX'],
  ];
  for (const [tpl, code] of cases)
    assert.throws(
      () => render(tpl, V, { task: 'T' }),
      (e: DeckhandError) => e.code === code,
      tpl,
    );
});

test('lazy variables: values that are templates render when used; self-reference is refused', () => {
  const v = vars(
    { host: 'h1', url: 'http://{{ host }}:5000', nested: { u: '{{ url }}/v2' }, loop: '{{ loop }}' },
    ['url', 'nested', 'loop'],
  );
  assert.equal(render('{{ url }}', v), 'http://h1:5000');
  assert.deepEqual(render('{{ nested }}', v), { u: 'http://h1:5000/v2' });
  assert.throws(
    () => render('{{ loop }}', v),
    (e: DeckhandError) => e.code === 'E_TEMPLATE',
  );
  const notLazy = vars({ raw: '{{ x }}' });
  assert.equal(render('{{ raw }}', notLazy), '{{ x }}');
});

test('templates compile once and are cached', () => {
  const tpl = `{{ n }}-cache-${Math.random()}`;
  const before = templateCacheSize();
  renderString(tpl, V);
  renderString(tpl, V);
  renderString(tpl, V);
  assert.equal(templateCacheSize(), before + 1);
});

test('renderDeep renders nested strings, skips lateRender paths and names the field', () => {
  const args = { a: '{{ n }}', b: ['{{ s }}', { c: '{{ l }}' }], late: { dest: '{{ not_yet }}' } };
  assert.deepEqual(renderDeep(args, V, {}, ['late.dest']), {
    a: 3,
    b: ['Hello World', { c: [1, 2, 3] }],
    late: { dest: '{{ not_yet }}' },
  });
  assert.throws(
    () => renderDeep({ x: { y: '{{ nope }}' } }, V, { field: 'mod' }),
    (e: DeckhandError) => e.context.field === 'mod.x.y',
  );
});
