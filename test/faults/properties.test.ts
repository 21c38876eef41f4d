/**
 * Property-based tests (fast-check) of two parsers that take hostile text: the image reference parser
 * and template rendering. Any input either parses/renders or fails with a DeckhandError (never another
 * exception), valid references round-trip, and no input reaches or pollutes a prototype.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isDeckhandError } from '../../src/errors.js';
import { render } from '../../src/engine/template.js';
import { parseReference } from '../../src/oci/reference.js';

const RUNS = { numRuns: 2000, seed: 20261123 };

const component = fc.stringMatching(/^[a-z0-9]{1,8}(?:[._-][a-z0-9]{1,8})?$/);
const host = fc.oneof(
  fc.constant('localhost:5000'),
  fc
    .tuple(fc.stringMatching(/^[a-z0-9]{1,10}$/), fc.stringMatching(/^[a-z]{2,4}$/))
    .map(([a, b]) => `${a}.${b}`),
  fc
    .tuple(fc.stringMatching(/^[a-z0-9]{1,10}$/), fc.integer({ min: 1, max: 65535 }))
    .map(([a, p]) => `${a}:${p}`),
);
const tag = fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9._-]{0,20}$/);
const digest = fc.stringMatching(/^[a-f0-9]{64}$/).map((h) => `sha256:${h}`);

test('reference parser: arbitrary text parses or fails with a DeckhandError', () => {
  fc.assert(
    fc.property(
      fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.stringMatching(/^[a-z0-9:/@._-]{0,40}$/)),
      (s) => {
        try {
          const r = parseReference(s);
          assert.equal(typeof r.registry, 'string');
          assert.ok(!r.repository.split('/').includes('..'), 'no path traversal in a parsed repository');
        } catch (e) {
          assert.ok(isDeckhandError(e), `not a DeckhandError for ${JSON.stringify(s)}: ${String(e)}`);
        }
      },
    ),
    RUNS,
  );
});

test('reference parser: generated valid references round-trip through toString', () => {
  fc.assert(
    fc.property(
      host,
      fc.array(component, { minLength: 1, maxLength: 3 }),
      fc.option(tag),
      fc.option(digest),
      (h, path, t, d) => {
        const text = `${h}/${path.join('/')}${t ? `:${t}` : ''}${d ? `@${d}` : ''}`;
        const r = parseReference(text);
        assert.equal(r.registry, h);
        assert.equal(r.repository, path.join('/'));
        if (d) assert.equal(r.reference, d);
        else assert.equal(r.reference, t ?? 'latest');
        assert.equal(parseReference(r.toString()).toString(), r.toString());
      },
    ),
    RUNS,
  );
});

test('template rendering: arbitrary strings render or fail with a DeckhandError, prototypes untouched', () => {
  const vars = { name: 'x', list: [1, 2], obj: { a: 1 } };
  fc.assert(
    fc.property(
      fc.oneof(
        fc.string(),
        fc.string().map((s) => `{{${s}}}`),
        fc
          .constantFrom('constructor', '__proto__', 'prototype', 'toString', 'valueOf', 'hasOwnProperty')
          .map((k) => `{{${k}}}`),
        fc
          .tuple(fc.constantFrom('obj', 'list', 'this', 'name'), fc.constantFrom('constructor', '__proto__'))
          .map(([a, b]) => `{{${a}.${b}}}`),
      ),
      (s) => {
        try {
          const out = render(s, vars);
          if (!s.includes('{{')) assert.equal(out, s, 'text without {{ is returned as it is');
          assert.notEqual(typeof out, 'function', `a function escaped from ${JSON.stringify(s)}`);
        } catch (e) {
          assert.ok(isDeckhandError(e), `not a DeckhandError for ${JSON.stringify(s)}: ${String(e)}`);
        }
        assert.equal(({} as Record<string, unknown>).polluted, undefined);
        assert.equal(Object.keys(Object.prototype).length, 0, 'Object.prototype gained a key');
      },
    ),
    RUNS,
  );
});
