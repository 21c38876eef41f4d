/** Loopback ports and servers for tests. */
import type { Server } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';

/** freePort asks the kernel for an unused loopback TCP port. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** A test server listening on a loopback port, closed (connections too) when the test ends. */
export interface LoopbackServer {
  port: number;
  /** `127.0.0.1:PORT` */
  host: string;
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** stop closes every connection and the server; safe to call more than once. */
  stop(): Promise<void>;
}

/** listenLoopback listens on a free 127.0.0.1 port and registers `stop` with `t.after`. */
export async function listenLoopback(
  t: { after(fn: () => unknown): void },
  server: Server,
): Promise<LoopbackServer> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  };
  t.after(stop);
  return { port, host: `127.0.0.1:${port}`, url: `http://127.0.0.1:${port}`, stop };
}
