/**
 * Paginated lists (tags, catalog): follow `Link: <url>; rel="next"` (RFC 8288), resolved against the
 * request URL, until there is none.
 */
import type { ErrorContext } from '../errors.js';
import type { RegistryClient } from './client.js';
import { RegistryError } from './errors.js';
import { header, readLimited } from './http.js';

/** nextLink returns the `rel="next"` target of a Link header, resolved against `base`. */
export function nextLink(link: string | undefined, base: URL): URL | undefined {
  if (!link) return undefined;
  for (const part of link.split(/,(?=\s*<)/)) {
    const m = /^\s*<([^>]*)>(.*)$/.exec(part);
    if (!m) continue;
    const rels = /;\s*rel\s*=\s*"?([^";]+)"?/i.exec(m[2] ?? '')?.[1]?.split(/\s+/) ?? [];
    if (rels.includes('next')) return new URL(m[1] ?? '', base);
  }
  return undefined;
}

/** listPaged collects `field` (an array of strings) from every page starting at `path`. */
export async function listPaged(
  client: RegistryClient,
  path: string,
  field: 'tags' | 'repositories',
  opts: { scopes: string[]; context: ErrorContext; signal?: AbortSignal; maxPages?: number },
): Promise<string[]> {
  const out: string[] = [];
  let url: URL | undefined = new URL(path, await client.baseUrl(opts.signal));
  const seen = new Set<string>();
  for (let page = 0; url && page < (opts.maxPages ?? 10_000); page++) {
    if (seen.has(url.href)) break; // a registry that links a page to itself must not loop us forever
    seen.add(url.href);
    const res = await client.request({
      method: 'GET',
      url,
      scopes: opts.scopes,
      expect: [200],
      subject: field === 'tags' ? 'tags' : 'catalog',
      context: opts.context,
      signal: opts.signal,
    });
    const body = await readLimited(res, 64 * 1024 * 1024);
    let doc: Record<string, unknown>;
    try {
      doc = JSON.parse(body?.toString('utf8') ?? '') as Record<string, unknown>;
    } catch (e) {
      throw new RegistryError('HTTP', `${client.registry}: the ${field} list is not valid JSON`, {
        cause: e,
        context: opts.context,
      });
    }
    const items = doc[field];
    if (Array.isArray(items)) for (const x of items) if (typeof x === 'string') out.push(x);
    url = nextLink(header(res, 'link'), url);
  }
  return out;
}
