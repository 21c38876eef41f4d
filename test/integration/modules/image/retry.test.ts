/**
 * Through a fault proxy in front of the real registry: an image whose blob keeps failing past the
 * client's own retries is retried on its own and completes; credentials for another registry are never
 * sent to this one.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ImageData } from '../../../../modules/image/types.js';
import { startFaultProxy } from '../../../helpers/fault-proxy.js';
import { runYaml, seededRegistry, taskResult, tempDir } from './fixtures.js';

test('an image that fails on server errors is retried on its own; foreign credentials are not sent', async (t) => {
  const s = await seededRegistry(t);
  if (!s) return;
  const proxy = await startFaultProxy(t, s.reg.url);
  // The client makes 5 attempts per request: 5 errors on one blob fail the image's first try.
  proxy.addRule({
    method: 'GET',
    path: /\/org\/alpha\/blobs\/sha256:/,
    times: 5,
    fault: { kind: 'status', status: 503 },
  });
  const dir = await tempDir(t);
  const report = await runYaml(
    dir,
    `
- hosts: localhost
  gather_facts: false
  tasks:
    - name: pull through the proxy
      image:
        pull:
          manifests: ["{{proxy}}/org/alpha:2.1", "{{proxy}}/tools/beta:latest"]
          images_dir: "{{dir}}/s"
          auths: [{ repo: "{{other}}", username: someone, password: not-for-the-proxy }]
      register: pulled
`,
    { dir, proxy: proxy.host, other: s.reg.host },
  );
  const r = taskResult(report, 'pull through the proxy');
  const images = (r.result.data as ImageData).images;
  assert.deepEqual(
    images.map((i) => [i.status, i.digest]),
    [
      ['done', s.images.alpha.root.digest],
      ['done', s.images.beta.root.digest],
    ],
    JSON.stringify(images),
  );
  assert.equal(proxy.injected.status, 5);
  assert.ok(proxy.requests.length > 5);
  assert.deepEqual(
    proxy.requests.filter((q) => q.headers.authorization !== undefined),
    [],
    'no Authorization header reached the proxy',
  );
});
