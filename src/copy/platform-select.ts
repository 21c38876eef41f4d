/**
 * Platform choice (DESIGN.md §4): all platforms (the source root as it is); one (that platform's
 * manifest becomes the root); several (a new index listing only those, whose digest differs).
 * A single-platform image whose config does not match is an error (strict) or a warning (warn).
 */
import { fetchAll } from '../content/read-all.js';
import type { Fetcher } from '../content/target.js';
import { DeckhandError } from '../errors.js';
import type { Descriptor, Platform } from '../oci/descriptor.js';
import { digestOf } from '../oci/digest.js';
import { parseManifestJson, type ImageIndex, type ImageManifest } from '../oci/manifest.js';
import { DOCKER_CONFIG, isImageManifest, isIndex, OCI_CONFIG } from '../oci/media-types.js';
import { formatPlatform, isAllPlatforms, parsePlatform, platformMatches } from '../oci/platform.js';
import type { CopyOptions, PlatformPolicy, RootChoice } from './types.js';

/** wantedPlatforms turns the `platforms` option into a list, or undefined for "all". Throws E_PLATFORM. */
export function wantedPlatforms(opt: CopyOptions['platforms']): Platform[] | undefined {
  if (opt === undefined || opt === null) return undefined;
  const list = typeof opt === 'string' ? [opt] : [...opt];
  if (list.length === 0 || list.some((p) => typeof p === 'string' && isAllPlatforms(p))) return undefined;
  const out: Platform[] = [];
  for (const p of list) {
    const parsed = typeof p === 'string' ? parsePlatform(p) : p;
    if (!out.some((o) => platformMatches(o, parsed) && platformMatches(parsed, o))) out.push(parsed);
  }
  return out;
}

/** selectRoot applies the platform choice to a resolved source root whose bytes have been read. */
export async function selectRoot(
  src: Fetcher,
  root: Descriptor,
  bytes: Buffer | undefined,
  want: Platform[] | undefined,
  policy: PlatformPolicy,
  image: string,
): Promise<RootChoice> {
  if (!bytes || (!isIndex(root.mediaType) && !isImageManifest(root.mediaType))) {
    if (want) return missing(want, policy, image, 'it is not an image');
    return { root, bytes, platforms: [], digestChanged: false, warnings: [] };
  }
  if (isImageManifest(root.mediaType)) return selectFromImage(src, root, bytes, want, policy, image);
  const idx = parseManifestJson(bytes, root.mediaType) as ImageIndex;
  const all = idx.manifests.filter((m) => m.platform && m.platform.os !== 'unknown');
  if (!want)
    return {
      root,
      bytes,
      platforms: all.map((m) => m.platform as Platform),
      digestChanged: false,
      warnings: [],
    };
  const chosen: Descriptor[] = [];
  const absent: Platform[] = [];
  for (const w of want) {
    const hit = all.find((m) => platformMatches(w, m.platform as Platform));
    if (!hit) absent.push(w);
    else if (!chosen.includes(hit)) chosen.push(hit);
  }
  const available = all.map((m) => formatPlatform(m.platform as Platform)).join(', ');
  if (absent.length > 0 && (policy === 'strict' || chosen.length === 0)) {
    return missing(absent, policy, image, `the index has ${available || 'no platforms'}`);
  }
  const warnings = absent.map(
    (p) => `${image}: platform ${formatPlatform(p)} is not in the index (${available})`,
  );
  const platforms = chosen.map((m) => m.platform as Platform);
  if (want.length === 1) {
    return { root: chosen[0], platforms, digestChanged: chosen[0].digest !== root.digest, warnings };
  }
  if (chosen.length === idx.manifests.length)
    return { root, bytes, platforms, digestChanged: false, warnings };
  const sub = Buffer.from(JSON.stringify({ ...idx, manifests: chosen }));
  const newRoot: Descriptor = { mediaType: root.mediaType, digest: digestOf(sub), size: sub.length };
  return { root: newRoot, bytes: sub, platforms, digestChanged: true, warnings };
}

async function selectFromImage(
  src: Fetcher,
  root: Descriptor,
  bytes: Buffer,
  want: Platform[] | undefined,
  policy: PlatformPolicy,
  image: string,
): Promise<RootChoice> {
  const manifest = parseManifestJson(bytes, root.mediaType) as ImageManifest;
  const known = new Map<string, Buffer>();
  const have = await configPlatform(src, manifest.config, known);
  const platforms = have ? [have] : [];
  if (!want || (have && want.some((w) => platformMatches(w, have)))) {
    return { root, bytes, platforms, digestChanged: false, warnings: [], known };
  }
  const what = have
    ? `it is a single-platform image for ${formatPlatform(have)}`
    : 'its config names no platform';
  return missing(want, policy, image, what);
}

/**
 * configPlatform reads os/architecture/variant from an image config (kept in `known`, so the copy
 * does not fetch it twice); undefined for artifacts, whose config is not an image config.
 */
async function configPlatform(
  src: Fetcher,
  config: Descriptor,
  known: Map<string, Buffer>,
): Promise<Platform | undefined> {
  if (config.mediaType !== OCI_CONFIG && config.mediaType !== DOCKER_CONFIG) return undefined;
  let cfg: Partial<Platform>;
  try {
    const data = await fetchAll(src, config);
    known.set(config.digest, data);
    cfg = JSON.parse(data.toString('utf8')) as Partial<Platform>;
  } catch (e) {
    if (e instanceof SyntaxError) return undefined;
    throw e;
  }
  if (!cfg || typeof cfg.os !== 'string' || typeof cfg.architecture !== 'string') return undefined;
  return { os: cfg.os, architecture: cfg.architecture, ...(cfg.variant ? { variant: cfg.variant } : {}) };
}

function missing(absent: Platform[], policy: PlatformPolicy, image: string, why: string): RootChoice {
  const names = absent.map(formatPlatform).join(', ');
  const message = `${image}: platform ${names} not available: ${why}`;
  if (policy === 'strict') {
    throw new DeckhandError('E_PLATFORM', message, {
      context: { image },
      details: ['use policy: warn to skip missing platforms'],
    });
  }
  return {
    root: { mediaType: '', digest: '', size: 0 },
    platforms: [],
    digestChanged: false,
    skip: true,
    warnings: [message],
  };
}
