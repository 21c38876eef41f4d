/**
 * Routing of distribution-spec v1.1 endpoints. Repository names contain slashes, so the path is
 * matched from the end: `/v2/<name>/manifests/<reference>`, `/v2/<name>/blobs/<digest>`,
 * `/v2/<name>/blobs/uploads/[<id>]`, `/v2/<name>/tags/list`, plus `/v2/` and `/v2/_catalog`.
 */
import { WireError } from './wire-errors.js';

/** A matched endpoint. */
export type Route =
  | { kind: 'base' }
  | { kind: 'catalog' }
  | { kind: 'tags'; name: string }
  | { kind: 'manifest'; name: string; reference: string }
  | { kind: 'blob'; name: string; digest: string }
  | { kind: 'uploads'; name: string }
  | { kind: 'upload'; name: string; id: string };

/** The spec's repository name grammar (path components only; no registry host). */
const NAME = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*$/;
const NAME_MAX = 255;

const PATTERNS: [RegExp, (m: RegExpMatchArray) => Route][] = [
  [/^\/v2\/?$/, () => ({ kind: 'base' })],
  [/^\/v2\/_catalog$/, () => ({ kind: 'catalog' })],
  [/^\/v2\/(.+)\/tags\/list$/, (m) => ({ kind: 'tags', name: m[1] })],
  [/^\/v2\/(.+)\/manifests\/([^/]+)$/, (m) => ({ kind: 'manifest', name: m[1], reference: m[2] })],
  [/^\/v2\/(.+)\/blobs\/uploads\/?$/, (m) => ({ kind: 'uploads', name: m[1] })],
  [/^\/v2\/(.+)\/blobs\/uploads\/([A-Za-z0-9-]+)$/, (m) => ({ kind: 'upload', name: m[1], id: m[2] })],
  [/^\/v2\/(.+)\/blobs\/([^/]+)$/, (m) => ({ kind: 'blob', name: m[1], digest: m[2] })],
];

/** matchRoute finds the endpoint of a path, or undefined (a 404); throws NAME_INVALID for a bad name. */
export function matchRoute(pathname: string): Route | undefined {
  let path: string;
  try {
    path = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  for (const [re, make] of PATTERNS) {
    const m = path.match(re);
    if (!m) continue;
    const route = make(m);
    if ('name' in route) checkName(route.name);
    if (route.kind === 'manifest' && route.reference.includes('/')) return undefined;
    return route;
  }
  return undefined;
}

/** checkName throws NAME_INVALID unless `name` is a valid repository name. */
export function checkName(name: string): void {
  if (name.length > NAME_MAX || !NAME.test(name)) {
    throw new WireError('NAME_INVALID', 'invalid repository name', { name: name.slice(0, NAME_MAX) });
  }
}
