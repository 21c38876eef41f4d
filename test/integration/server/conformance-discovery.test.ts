/** Distribution-spec conformance, "Content discovery": tags list and catalog with n/last pagination. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeImage, pushImage } from '../../helpers/test-images.js';
import { serveTemp } from './serve-helper.js';

const TAGS = ['1.0', '1.1', '2.0', 'latest', 'v3'];

async function seeded(t: Parameters<typeof serveTemp>[0]) {
  const srv = await serveTemp(t);
  const img = makeImage({ seed: 'discovery', layerSize: 100 });
  for (const tag of TAGS) await pushImage(srv.server.store, img, `registry.example/lib/app:${tag}`);
  await pushImage(srv.server.store, img, 'docker.io/library/nginx:1.25');
  await pushImage(srv.server.store, img, 'quay.io/zeta/tool:1');
  return srv;
}

test('tags list: all tags in lexical order, and n/last pages with a Link to the next', async (t) => {
  const srv = await seeded(t);
  const cases: { query: string; tags: string[]; link?: string }[] = [
    { query: '', tags: TAGS },
    { query: '?n=2', tags: ['1.0', '1.1'], link: '</v2/lib/app/tags/list?last=1.1&n=2>; rel="next"' },
    {
      query: '?n=2&last=1.1',
      tags: ['2.0', 'latest'],
      link: '</v2/lib/app/tags/list?last=latest&n=2>; rel="next"',
    },
    { query: '?n=2&last=latest', tags: ['v3'] },
    { query: '?last=2.0', tags: ['latest', 'v3'] },
    { query: '?n=5', tags: TAGS },
    { query: '?n=0', tags: [] },
    { query: '?last=zzz', tags: [] },
  ];
  for (const c of cases) {
    const a = await srv.call('GET', `/v2/lib/app/tags/list${c.query}`);
    assert.equal(a.status, 200, c.query);
    assert.deepEqual(a.json(), { name: 'lib/app', tags: c.tags }, c.query);
    assert.equal(a.headers.link, c.link, c.query);
  }
});

test('a full-name alias lists the same tags; a Docker Hub image answers as library/NAME', async (t) => {
  const srv = await seeded(t);
  const alias = await srv.call('GET', '/v2/registry.example/lib/app/tags/list');
  assert.deepEqual(alias.json<{ tags: string[] }>().tags, TAGS);
  const hub = await srv.call('GET', '/v2/library/nginx/tags/list');
  assert.deepEqual(hub.json(), { name: 'library/nginx', tags: ['1.25'] });
});

test('catalog: every repository, paginated', async (t) => {
  const srv = await seeded(t);
  const all = await srv.call('GET', '/v2/_catalog');
  assert.deepEqual(all.json(), { repositories: ['lib/app', 'library/nginx', 'zeta/tool'] });
  const page = await srv.call('GET', '/v2/_catalog?n=1&last=lib/app');
  assert.deepEqual(page.json(), { repositories: ['library/nginx'] });
  assert.equal(page.headers.link, '</v2/_catalog?last=library%2Fnginx&n=1>; rel="next"');
});

test('bad pagination numbers and unknown repositories', async (t) => {
  const srv = await seeded(t);
  for (const q of ['?n=-1', '?n=abc', '?n=1.5']) {
    const a = await srv.call('GET', `/v2/lib/app/tags/list${q}`);
    assert.equal(a.status, 400, q);
    assert.equal(a.code, 'PAGINATION_NUMBER_INVALID', q);
  }
  const unknown = await srv.call('GET', '/v2/not/there/tags/list');
  assert.equal(unknown.status, 404);
  assert.equal(unknown.code, 'NAME_UNKNOWN');
});

test('an empty store has an empty catalog', async (t) => {
  const srv = await serveTemp(t);
  assert.deepEqual((await srv.call('GET', '/v2/_catalog')).json(), { repositories: [] });
});
