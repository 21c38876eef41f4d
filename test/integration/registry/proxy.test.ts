/** HTTP(S)_PROXY and NO_PROXY: requests go through a CONNECT proxy unless the host is excluded. */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { openRepository, closeAllClients } from '../../../src/registry/index.js';
import { startRegistry } from '../../helpers/registry-server.js';
import { makeImage, pushImage } from '../../helpers/test-images.js';

/** A forward proxy that tunnels CONNECT and records the targets. */
async function connectProxy(t: TestContext): Promise<{ url: string; targets: string[] }> {
  const targets: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((_req, res) => {
    res.writeHead(405);
    res.end();
  });
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    targets.push(req.url ?? '');
    const [host, port] = (req.url ?? '').split(':');
    const upstream = connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => s.destroy());
      s.on('close', () => sockets.delete(s));
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((r) => server.close(r));
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, targets };
}

const saved = { HTTP_PROXY: process.env.HTTP_PROXY, NO_PROXY: process.env.NO_PROXY };
test.after(async () => {
  await closeAllClients();
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

test('HTTP_PROXY is used, and NO_PROXY excludes hosts', async (t) => {
  const reg = await startRegistry(t);
  if (!reg) return;
  const img = makeImage({ seed: 'proxy', layers: 1 });
  const proxy = await connectProxy(t);
  process.env.HTTP_PROXY = proxy.url;

  process.env.NO_PROXY = '';
  const via = openRepository(`${reg.host}/proxy/app`, { plainHttp: true, userAgent: 'via-proxy' });
  await pushImage(via, img, 'v1');
  assert.equal((await via.resolve('v1')).digest, img.root.digest);
  assert.ok(proxy.targets.includes(reg.host), `CONNECT targets: ${proxy.targets.join(', ')}`);

  const before = proxy.targets.length;
  process.env.NO_PROXY = '127.0.0.1';
  const direct = openRepository(`${reg.host}/proxy/app`, { plainHttp: true, userAgent: 'direct' });
  assert.equal((await direct.resolve('v1')).digest, img.root.digest);
  assert.equal(proxy.targets.length, before, 'NO_PROXY host did not go through the proxy');
});
