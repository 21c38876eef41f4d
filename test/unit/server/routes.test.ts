/** Routing of distribution-spec endpoints, with slashes in repository names and name validation. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { matchRoute } from '../../../src/server/routes.js';

const D = `sha256:${'a'.repeat(64)}`;

test('matchRoute finds each endpoint', () => {
  const cases: [string, unknown][] = [
    ['/v2/', { kind: 'base' }],
    ['/v2', { kind: 'base' }],
    ['/v2/_catalog', { kind: 'catalog' }],
    ['/v2/a/b/c/tags/list', { kind: 'tags', name: 'a/b/c' }],
    ['/v2/library/nginx/manifests/1.25', { kind: 'manifest', name: 'library/nginx', reference: '1.25' }],
    [`/v2/x/manifests/${D}`, { kind: 'manifest', name: 'x', reference: D }],
    [`/v2/x/blobs/${D}`, { kind: 'blob', name: 'x', digest: D }],
    ['/v2/x/y/blobs/uploads/', { kind: 'uploads', name: 'x/y' }],
    ['/v2/x/y/blobs/uploads', { kind: 'uploads', name: 'x/y' }],
    ['/v2/x/blobs/uploads/0b7e-11', { kind: 'upload', name: 'x', id: '0b7e-11' }],
    ['/v2/registry.example/team/app/tags/list', { kind: 'tags', name: 'registry.example/team/app' }],
    ['/v2/x/unknown/thing', undefined],
    ['/v3/x/tags/list', undefined],
  ];
  for (const [path, want] of cases) assert.deepEqual(matchRoute(path), want, path);
});

test('matchRoute rejects invalid repository names with NAME_INVALID', () => {
  for (const path of [
    '/v2/UPPER/tags/list',
    '/v2/a//b/tags/list',
    '/v2/-a/tags/list',
    '/v2/a_/manifests/x',
    `/v2/${'a'.repeat(256)}/tags/list`,
  ]) {
    assert.throws(() => matchRoute(path), { code: 'NAME_INVALID' }, path);
  }
});
