/**
 * Entries of `index.json` and how names find them (DESIGN.md §5). We write the full normalised
 * reference in both `org.opencontainers.image.ref.name` and `io.containerd.image.name`; reading also
 * accepts short names (`nginx:1.25`) and tag-only names written by skopeo, umoci or containerd.
 */
import { ANNOTATION_CONTAINERD_NAME, ANNOTATION_REF_NAME, type Descriptor } from '../oci/descriptor.js';
import { tryParseReference } from '../oci/reference.js';
import type { IndexFile } from './index-file.js';

/** refNames returns the names an index entry answers to (ref.name first). */
export function refNames(d: Descriptor): string[] {
  const out: string[] = [];
  const a = d.annotations ?? {};
  if (a[ANNOTATION_REF_NAME]) out.push(a[ANNOTATION_REF_NAME]);
  if (a[ANNOTATION_CONTAINERD_NAME] && a[ANNOTATION_CONTAINERD_NAME] !== a[ANNOTATION_REF_NAME]) {
    out.push(a[ANNOTATION_CONTAINERD_NAME]);
  }
  return out;
}

/** displayName is the name to show for an entry: the containerd full name when ref.name is tag-only. */
export function displayName(d: Descriptor): string | undefined {
  const names = refNames(d);
  return names.find(isRefLike) ?? names[0];
}

/** normalizeName returns the full normalised form of a name, or undefined if it is not a reference. */
export function normalizeName(name: string): string | undefined {
  const r = tryParseReference(name);
  if (!r) return undefined;
  return r.tag !== undefined ? `${r.registry}/${r.repository}:${r.tag}` : r.toString();
}

/**
 * findEntry finds the index entry for `name`: an exact annotation match first (which is how tag-only
 * names are found), then a match after Docker-style normalisation of both sides.
 */
export function findEntry(idx: IndexFile, name: string): Descriptor | undefined {
  const exact = idx.manifests.find((d) => refNames(d).includes(name));
  if (exact) return exact;
  const want = normalizeName(name);
  if (!want) return undefined;
  return idx.manifests.find((d) => refNames(d).some((n) => isRefLike(n) && normalizeName(n) === want));
}

/** setEntry points `name` (already normalised) at `desc`, replacing any entry with that name; false if unchanged. */
export function setEntry(idx: IndexFile, desc: Descriptor, name: string): boolean {
  const entry: Descriptor = {
    mediaType: desc.mediaType,
    digest: desc.digest,
    size: desc.size,
    ...(desc.platform ? { platform: desc.platform } : {}),
    annotations: { [ANNOTATION_REF_NAME]: name, [ANNOTATION_CONTAINERD_NAME]: name },
  };
  const i = idx.manifests.findIndex((d) => sameName(d, name));
  if (i >= 0 && JSON.stringify(idx.manifests[i]) === JSON.stringify(entry)) return false;
  idx.manifests = idx.manifests.filter((d) => !sameName(d, name));
  idx.manifests.push(entry);
  return true;
}

/** removeEntry drops every entry `name` finds; returns the removed descriptors. */
export function removeEntry(idx: IndexFile, name: string): Descriptor[] {
  const removed: Descriptor[] = [];
  for (;;) {
    const d = findEntry(idx, name);
    if (!d) return removed;
    removed.push(d);
    idx.manifests = idx.manifests.filter((x) => x !== d);
  }
}

function sameName(d: Descriptor, name: string): boolean {
  const want = normalizeName(name) ?? name;
  return refNames(d).some((n) => n === name || (isRefLike(n) && normalizeName(n) === want));
}

/** A stored name is a reference (not a bare tag) if it has "/" or ":", which tags cannot contain. */
function isRefLike(n: string): boolean {
  return n.includes('/') || n.includes(':');
}
