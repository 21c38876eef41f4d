/** The package's public API: what issue 3 and DESIGN.md promise is importable from the package root. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as deckhand from '../../src/index.js';

test('parseReference is exported and gives the full normalised form', () => {
  const r = deckhand.parseReference('ubuntu');
  assert.equal(r.registry, 'docker.io');
  assert.equal(r.repository, 'library/ubuntu');
  assert.equal(r.tag, 'latest');
  assert.equal(r.toString(), 'docker.io/library/ubuntu:latest');
});

test('the libraries and the engine are reachable from the package root', () => {
  for (const name of [
    'runPlaybook',
    'validatePlaybook',
    'builtinModules',
    'openRepository',
    'LayoutStore',
    'copy',
    'copyImages',
    'startRegistryServer',
    'redact',
    'DeckhandError',
  ]) {
    assert.ok(name in deckhand && (deckhand as Record<string, unknown>)[name], name);
  }
});
