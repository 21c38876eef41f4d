/**
 * TLS settings for one registry: verified by default against the system roots plus `ca_file` and
 * `/etc/docker/certs.d/<host>/*.crt`; a client certificate from cert/key files or `certs.d/<host>/*.cert|*.key`
 * (the docker daemon's layout); `skip_tls_verify` turns verification off.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSecureContext, rootCertificates, type SecureContext } from 'node:tls';
import { DeckhandError } from '../errors.js';
import type { ClientOptions } from './options.js';

/** TLS options as undici's `connect` takes them. */
export interface TlsSettings {
  rejectUnauthorized: boolean;
  ca?: string[];
  cert?: string;
  key?: string;
  /**
   * Built once from ca/cert/key: without it node parses the whole CA bundle again for every new
   * connection (measured: 6.8 s of CPU in a 20-image push over TLS).
   */
  secureContext?: SecureContext;
}

function readPem(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new DeckhandError('E_FILE', `cannot read ${what} ${file}: ${(e as Error).message}`, {
      cause: e,
      context: { file },
    });
  }
}

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

/** tlsSettings builds the TLS options for `host` (`host:port`, as in the reference). */
export function tlsSettings(host: string, opts: ClientOptions): TlsSettings {
  const out: TlsSettings = { rejectUnauthorized: !opts.skipTlsVerify };
  const extra: string[] = [];
  if (opts.caFile) extra.push(readPem(opts.caFile, 'CA file'));
  const certsDir = join(
    opts.certsDir ?? '/etc/docker/certs.d',
    host.replace(/:/g, process.platform === 'win32' ? '_' : ':'),
  );
  const files = listDir(certsDir);
  for (const f of files.filter((x) => x.endsWith('.crt'))) extra.push(readPem(join(certsDir, f), 'CA file'));
  if (extra.length) out.ca = [...rootCertificates, ...extra];

  if (opts.certFile || opts.keyFile) {
    if (!opts.certFile || !opts.keyFile) {
      throw new DeckhandError('E_USAGE', `${host}: cert_file and key_file must be given together`);
    }
    out.cert = readPem(opts.certFile, 'client certificate');
    out.key = readPem(opts.keyFile, 'client key');
  } else {
    const cert = files.find((x) => x.endsWith('.cert'));
    if (cert) {
      const key = cert.replace(/\.cert$/, '.key');
      if (!files.includes(key)) {
        throw new DeckhandError('E_FILE', `${join(certsDir, cert)} has no matching ${key}`, {
          context: { file: join(certsDir, cert) },
        });
      }
      out.cert = readPem(join(certsDir, cert), 'client certificate');
      out.key = readPem(join(certsDir, key), 'client key');
    }
  }
  if (out.ca || out.cert || out.key) {
    out.secureContext = createSecureContext({ ca: out.ca, cert: out.cert, key: out.key });
  }
  return out;
}
