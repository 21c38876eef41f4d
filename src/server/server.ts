/**
 * startRegistryServer: an OCI distribution API v1.1 server over a layout store (issue 6), on
 * `node:http` or, given a certificate and key, `node:https`. Stopping it refuses new connections,
 * drops in-flight uploads (nothing half-written becomes visible), lets downloads finish for a grace
 * period and then closes what is left.
 */
import { readFile } from 'node:fs/promises';
import { createServer as createHttpServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { DeckhandError } from '../errors.js';
import { LayoutStore } from '../store/index.js';
import { BasicAuth } from './basic-auth.js';
import type { ServerContext } from './context.js';
import { makeHandler } from './handler.js';
import { loadHtpasswd } from './htpasswd.js';
import { UploadSessions } from './upload-sessions.js';
import { join } from 'node:path';

/** Options of a registry server. */
export interface ServeOptions {
  /** The layout store to serve; created when missing (unless read-only). */
  imagesDir: string;
  /** Address to bind; default 127.0.0.1. */
  host?: string;
  /** Port; default 5000, 0 picks a free one. */
  port?: number;
  /** Refuse every write with 405 UNSUPPORTED. */
  readOnly?: boolean;
  /** htpasswd file with bcrypt entries; every request then needs Basic auth. */
  htpasswdFile?: string;
  /** PEM certificate and key files: serve HTTPS. Both or neither. */
  tlsCertFile?: string;
  tlsKeyFile?: string;
  /** How long stop() lets running downloads finish; default 5 s. */
  shutdownGraceMs?: number;
  /** Receives unexpected errors (the client sees only a 500). */
  onError?: (e: unknown, req: IncomingMessage) => void;
}

/** A running server. */
export interface RegistryServer {
  /** `http://127.0.0.1:PORT` or `https://…`. */
  readonly url: string;
  /** `127.0.0.1:PORT`: the registry host clients name in references. */
  readonly host: string;
  readonly port: number;
  readonly store: LayoutStore;
  /** stop shuts down gracefully; safe to call more than once. */
  stop(): Promise<void>;
}

/** startRegistryServer opens the store and listens; throws E_USAGE, E_FILE, E_STORE or E_CONNECTION (port taken). */
export async function startRegistryServer(opts: ServeOptions): Promise<RegistryServer> {
  if (!!opts.tlsCertFile !== !!opts.tlsKeyFile) {
    throw new DeckhandError('E_USAGE', 'TLS needs both a certificate (--tls-cert) and a key (--tls-key)');
  }
  // Files are checked before the store is touched, so a mistyped flag creates nothing.
  const auth = opts.htpasswdFile ? new BasicAuth(await loadHtpasswd(opts.htpasswdFile)) : undefined;
  const tls =
    opts.tlsCertFile && opts.tlsKeyFile ? await readTls(opts.tlsCertFile, opts.tlsKeyFile) : undefined;
  const store = opts.readOnly
    ? await LayoutStore.open(opts.imagesDir)
    : await LayoutStore.open(opts.imagesDir, { create: true });
  const bindHost = opts.host ?? '127.0.0.1';
  const uploads = new UploadSessions(join(store.root, 'ingest'));
  const ctx: ServerContext = { store, readOnly: !!opts.readOnly, uploads, listenHost: '' };
  const handler = makeHandler(ctx, { auth, onError: opts.onError });
  let server: Server;
  try {
    server = tls ? createHttpsServer({ ...tls }, handler) : createHttpServer(handler);
  } catch (e) {
    throw new DeckhandError('E_FILE', `cannot use the TLS certificate or key: ${(e as Error).message}`, {
      cause: e,
    });
  }
  server.keepAliveTimeout = 30_000;
  server.requestTimeout = 0; // large blobs stream for as long as they need; idle sockets still time out
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await listen(server, bindHost, opts.port ?? 5000);
  const port = (server.address() as AddressInfo).port;
  const shown = bindHost.includes(':') ? `[${bindHost}]` : bindHost === '0.0.0.0' ? '127.0.0.1' : bindHost;
  ctx.listenHost = `${shown}:${port}`;
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await uploads.close();
      server.closeIdleConnections();
      const timer = setTimeout(() => {
        for (const s of sockets) s.destroy();
      }, opts.shutdownGraceMs ?? 5000);
      await closed;
      clearTimeout(timer);
    })();
    return stopping;
  };
  return { url: `${tls ? 'https' : 'http'}://${ctx.listenHost}`, host: ctx.listenHost, port, store, stop };
}

async function readTls(certFile: string, keyFile: string): Promise<{ cert: Buffer; key: Buffer }> {
  const read = async (file: string, what: string): Promise<Buffer> => {
    try {
      return await readFile(file);
    } catch (e) {
      throw new DeckhandError('E_FILE', `cannot read the TLS ${what} ${file}: ${(e as Error).message}`, {
        cause: e,
        context: { file },
      });
    }
  };
  return { cert: await read(certFile, 'certificate'), key: await read(keyFile, 'key') };
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException): void => {
      reject(
        new DeckhandError(
          'E_CONNECTION',
          e.code === 'EADDRINUSE'
            ? `cannot listen on ${host}:${port}: the port is already in use`
            : `cannot listen on ${host}:${port}: ${e.message}`,
          { cause: e },
        ),
      );
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}
