/** Content discovery (distribution-spec v1.1 "Listing Tags") and the catalog, both paginated with `n`/`last`. */
import type { ServerResponse } from 'node:http';
import type { ServerContext } from './context.js';
import { sendJson } from './http-io.js';
import { paginate } from './pagination.js';
import { catalogNames, knownRepository, repositoryTags, servedImages } from './repositories.js';
import { WireError } from './wire-errors.js';

/** listTags answers `GET /v2/<name>/tags/list`; an unknown repository is NAME_UNKNOWN. */
export async function listTags(
  ctx: ServerContext,
  res: ServerResponse,
  name: string,
  query: URLSearchParams,
): Promise<void> {
  const images = await servedImages(ctx.store);
  if (!knownRepository(images, name)) {
    throw new WireError('NAME_UNKNOWN', 'repository name not known to registry', { name });
  }
  const page = paginate(repositoryTags(images, name), query, `/v2/${name}/tags/list`);
  sendJson(res, 200, { name, tags: page.items }, page.link ? { Link: page.link } : {});
}

/** listCatalog answers `GET /v2/_catalog` with every repository the store serves. */
export async function listCatalog(
  ctx: ServerContext,
  res: ServerResponse,
  query: URLSearchParams,
): Promise<void> {
  const page = paginate(catalogNames(await servedImages(ctx.store)), query, '/v2/_catalog');
  sendJson(res, 200, { repositories: page.items }, page.link ? { Link: page.link } : {});
}
