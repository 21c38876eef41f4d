/** What every handler gets: the store, the server's mode, the upload sessions and how to name this host. */
import type { IncomingMessage } from 'node:http';
import { tryParseReference } from '../oci/reference.js';
import type { LayoutStore } from '../store/index.js';
import type { UploadSessions } from './upload-sessions.js';

/** ServerContext is shared by all requests of one server. */
export interface ServerContext {
  store: LayoutStore;
  readOnly: boolean;
  uploads: UploadSessions;
  /** `HOST:PORT` the server listens on; the fallback when a request's Host header cannot name a registry. */
  listenHost: string;
}

/**
 * registryHost is the registry part of the names pushes are stored under: the `Host` the client
 * used (`127.0.0.1:5000`, `registry.local:5000`), lowercased, if it parses as a registry; else the
 * listen address.
 */
export function registryHost(ctx: ServerContext, req: IncomingMessage): string {
  const host = (req.headers.host ?? '').toLowerCase();
  if (host) {
    const r = tryParseReference(`${host}/x`);
    if (r && r.registry === host) return host;
  }
  return ctx.listenHost;
}
