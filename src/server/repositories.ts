/**
 * How repositories on the wire map to the store's full references (issue 6). The store names each
 * image `REGISTRY/REPOSITORY:TAG`; this server answers for it as `REPOSITORY` (so an images_dir
 * filled by `image pull` serves `docker.io/library/nginx:1.25` as `library/nginx:1.25`), and also as
 * `REGISTRY/REPOSITORY` when the registry has no port (`docker.io/library/nginx`). When two stored
 * images answer to the same name, the one stored under the host the client talks to wins.
 * Pushes are stored under `HOST/REPOSITORY:TAG`, HOST being the name the client pushed to.
 */
import type { Descriptor } from '../oci/descriptor.js';
import { tryParseReference } from '../oci/reference.js';
import type { LayoutStore } from '../store/index.js';

/** One tagged image as this server serves it. */
export interface ServedImage {
  /** The store's name for it (what to untag). */
  name: string;
  registry: string;
  repository: string;
  tag: string;
  descriptor: Descriptor;
}

/** servedImages lists the store's tagged images that have a repository and a tag. */
export async function servedImages(store: LayoutStore): Promise<ServedImage[]> {
  const out: ServedImage[] = [];
  for (const { reference, descriptor } of await store.refs()) {
    const r = tryParseReference(reference);
    if (!r || r.tag === undefined || r.digest !== undefined) continue;
    out.push({ name: reference, registry: r.registry, repository: r.repository, tag: r.tag, descriptor });
  }
  return out;
}

/** answersTo tells whether an image is served under the repository `name`. */
export function answersTo(img: ServedImage, name: string): boolean {
  return (
    img.repository === name || (!img.registry.includes(':') && `${img.registry}/${img.repository}` === name)
  );
}

/** rank orders candidates: an exact `REGISTRY/REPOSITORY` match, then the client's host, then by name. */
function rank(img: ServedImage, name: string, host: string): number {
  if (`${img.registry}/${img.repository}` === name) return 0;
  if (img.registry === host) return 1;
  return 2;
}

/** findTagged returns the image `name:tag` answers to, preferring the client's `host`. */
export function findTagged(
  images: ServedImage[],
  name: string,
  tag: string,
  host: string,
): ServedImage | undefined {
  return images
    .filter((i) => i.tag === tag && answersTo(i, name))
    .sort((a, b) => rank(a, name, host) - rank(b, name, host) || a.name.localeCompare(b.name))[0];
}

/** repositoryTags lists the distinct tags of `name`, sorted (spec: lexical order). */
export function repositoryTags(images: ServedImage[], name: string): string[] {
  return uniqueSorted(images.filter((i) => answersTo(i, name)).map((i) => i.tag));
}

/** catalogNames lists the distinct repositories (registry-less form), sorted. */
export function catalogNames(images: ServedImage[]): string[] {
  return uniqueSorted(images.map((i) => i.repository));
}

/** knownRepository tells whether anything is served under `name`. */
export function knownRepository(images: ServedImage[], name: string): boolean {
  return images.some((i) => answersTo(i, name));
}

function uniqueSorted(xs: string[]): string[] {
  return [...new Set(xs)].sort(compareAscii);
}

/** compareAscii is byte order, the order `last` pagination relies on. */
export function compareAscii(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
