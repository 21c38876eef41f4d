/**
 * Counting a phase from the registry's side: the access-log lines (combined format) written while
 * the phase ran give the requests by method and the blob bytes that crossed the wire.
 */

/** What the registry saw during one phase. */
export interface WireCount {
  /** Blob bytes sent to clients (GET of blobs) plus blob bytes received (completed uploads). */
  blobBytes: number;
  /** Requests by `METHOD kind` (`GET blob`, `HEAD blob`, `PUT manifest`, `POST upload`, …). */
  requests: Record<string, number>;
  total: number;
}

const LINE = /"([A-Z]+) (\S+) HTTP\/[\d.]+" (\d{3}) (\d+|-)/;

function kind(path: string): string {
  if (/\/blobs\/uploads\//.test(path)) return 'upload';
  if (/\/blobs\//.test(path)) return 'blob';
  if (/\/manifests\//.test(path)) return 'manifest';
  return 'other';
}

/**
 * countWire sums `lines` (one phase's slice of the log). `sizes` maps digest → size for uploads,
 * whose request body size the access log does not record.
 */
export function countWire(lines: readonly string[], sizes: ReadonlyMap<string, number>): WireCount {
  const out: WireCount = { blobBytes: 0, requests: {}, total: 0 };
  for (const line of lines) {
    const m = LINE.exec(line);
    if (!m) continue;
    const [, method, path, statusText, sizeText] = m as unknown as [string, string, string, string, string];
    const status = Number(statusText);
    const k = kind(path);
    const key = `${method} ${k}`;
    out.requests[key] = (out.requests[key] ?? 0) + 1;
    out.total++;
    if (method === 'GET' && k === 'blob' && (status === 200 || status === 206) && sizeText !== '-') {
      out.blobBytes += Number(sizeText);
    }
    if (method === 'PUT' && k === 'upload' && status === 201) {
      const digest = /[?&]digest=([^&\s]+)/.exec(path)?.[1];
      if (digest) out.blobBytes += sizes.get(decodeURIComponent(digest)) ?? 0;
    }
  }
  return out;
}
