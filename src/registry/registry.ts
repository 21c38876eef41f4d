/** Registry: a registry as a whole — ping, catalog, and its repositories (sharing one client). */
import { DeckhandError } from '../errors.js';
import { parseReference } from '../oci/reference.js';
import { registryClient, type RegistryClient } from './client.js';
import { dump, header } from './http.js';
import type { ClientOptions } from './options.js';
import { listPaged } from './paging.js';
import { Repository } from './repository.js';

/** What a ping learned. */
export interface PingResult {
  /** The base URL that answered (`https://host`, or `http://host` for plain HTTP). */
  url: string;
  /** HTTP status of GET /v2/ (200, or 401 when credentials are needed and were not accepted). */
  status: number;
  /** The `Docker-Distribution-API-Version` header, when sent. */
  apiVersion?: string;
}

/** Registry gives the catalog, a ping and repositories of one registry host. */
export class Registry {
  constructor(readonly client: RegistryClient) {}

  /** The registry host as references name it. */
  get host(): string {
    return this.client.registry;
  }

  /** ping checks that the registry speaks the distribution API and that our credentials work. */
  async ping(opts: { signal?: AbortSignal } = {}): Promise<PingResult> {
    const res = await this.client.request({
      method: 'GET',
      path: '/v2/',
      expect: [200],
      subject: 'ping',
      context: { registry: this.host },
      signal: opts.signal,
    });
    await dump(res);
    const base = await this.client.baseUrl();
    return {
      url: base.origin,
      status: res.status,
      apiVersion: header(res, 'docker-distribution-api-version'),
    };
  }

  /** catalog lists the repositories (`GET /v2/_catalog`, `Link` pagination); `pageSize` is the `n` asked for. */
  async catalog(opts: { pageSize?: number; signal?: AbortSignal } = {}): Promise<string[]> {
    return listPaged(this.client, `/v2/_catalog?n=${opts.pageSize ?? 1000}`, 'repositories', {
      scopes: ['registry:catalog:*'],
      context: { registry: this.host },
      signal: opts.signal,
    });
  }

  /** repository returns one repository of this registry (`library/nginx`). */
  repository(path: string): Repository {
    const r = parseReference(`${this.host}/${path}`);
    if (r.registry !== this.host) {
      throw new DeckhandError('E_REFERENCE', `"${path}" is not a repository path of ${this.host}`);
    }
    return new Repository(this.client, r.repository);
  }
}

/** openRegistry returns the Registry for `host` (`host:5000`, `docker.io`), sharing the per-registry client. */
export function openRegistry(host: string, opts: ClientOptions = {}): Registry {
  return new Registry(registryClient(host, opts));
}
