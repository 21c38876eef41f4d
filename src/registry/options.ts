/** Options of the registry client, with their defaults (DESIGN.md §6). */

/** Credentials for one registry; never sent to any other host. */
export interface Credentials {
  username?: string;
  password?: string;
  /** An OAuth2 refresh token (docker config `identitytoken`). */
  identityToken?: string;
  /** A ready bearer token (docker config `registrytoken`). */
  registryToken?: string;
}

/** Timeouts in milliseconds. */
export interface Timeouts {
  /** TCP + TLS connect. Default 30 s. */
  connect?: number;
  /** Until response headers arrive. Default 60 s. */
  headers?: number;
  /** Between two body chunks. Default 60 s. */
  body?: number;
}

/** Retry settings for 408/429/5xx and connection errors. */
export interface RetryOptions {
  /** Total attempts including the first. Default 5. */
  attempts?: number;
  /** Base delay of the exponential backoff (full jitter). Default 250 ms. */
  baseDelayMs?: number;
  /** Ceiling of one backoff delay. Default 10 s. */
  maxDelayMs?: number;
  /** Ceiling of an honoured `Retry-After`. Default 60 s. */
  maxRetryAfterMs?: number;
}

/** ClientOptions configure the connection to one registry. */
export interface ClientOptions {
  /** Credentials for this registry only; falls back to the docker config when absent. */
  credentials?: Credentials;
  /** true: plain HTTP; false: HTTPS; undefined: HTTPS, except loopback hosts fall back to HTTP when TLS is not spoken. */
  plainHttp?: boolean;
  /** Do not verify the server certificate. Default false. */
  skipTlsVerify?: boolean;
  /** Extra CA bundle (PEM) to trust; `/etc/docker/certs.d/<host>/ca.crt` is trusted too. */
  caFile?: string;
  /** Client certificate (PEM) for mutual TLS. */
  certFile?: string;
  /** Client key (PEM) for mutual TLS. */
  keyFile?: string;
  timeouts?: Timeouts;
  retry?: RetryOptions;
  /** Sent as User-Agent. Default `deckhand/<version>`. */
  userAgent?: string;
  /** Docker config directory; default $DOCKER_CONFIG or ~/.docker. */
  dockerConfigDir?: string;
  /** Where per-host certificates live. Default /etc/docker/certs.d. */
  certsDir?: string;
  /** Most connections per registry. Default 16. */
  connections?: number;
  /** Upload blobs in PATCH chunks of this many bytes instead of one PUT. Default: monolithic. */
  chunkSize?: number;
}

/** RepositoryOptions are the client's options (a repository shares its registry's client). */
export type RepositoryOptions = ClientOptions;

/** Resolved retry settings. */
export type ResolvedRetry = Required<RetryOptions>;

/** resolveRetry fills in the defaults. */
export function resolveRetry(r: RetryOptions = {}): ResolvedRetry {
  return {
    attempts: r.attempts ?? 5,
    baseDelayMs: r.baseDelayMs ?? 250,
    maxDelayMs: r.maxDelayMs ?? 10_000,
    maxRetryAfterMs: r.maxRetryAfterMs ?? 60_000,
  };
}

/** resolveTimeouts fills in the defaults. */
export function resolveTimeouts(t: Timeouts = {}): Required<Timeouts> {
  return { connect: t.connect ?? 30_000, headers: t.headers ?? 60_000, body: t.body ?? 60_000 };
}

/** Largest manifest we read (the distribution spec suggests registries accept at least 4 MiB). */
export const MANIFEST_LIMIT = 4 * 1024 * 1024;
/**
 * Blobs up to this size (configs, manifests, tiny layers) are buffered before upload so the PUT can be
 * retried; bigger ones stream, and a failed image is retried as a whole by its caller. It was 16 MiB:
 * a push of 12 blobs at once then held up to 200 MB of layers (and a copy of each) in memory.
 */
export const BUFFER_UPLOAD_LIMIT = 1024 * 1024;
