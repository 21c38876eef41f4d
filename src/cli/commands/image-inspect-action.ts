/** What `deckhand image inspect` does once its flags are parsed; loaded only when inspect runs. */
import { resolve } from 'node:path';
import { clientOptionsFor } from '../../../modules/image/auth.js';
import { fetchAll } from '../../content/read-all.js';
import type { Target } from '../../content/target.js';
import type { Descriptor, Platform } from '../../oci/descriptor.js';
import { isImageManifest, isIndex } from '../../oci/media-types.js';
import { formatPlatform } from '../../oci/platform.js';
import { parseReference } from '../../oci/reference.js';
import { closeAllClients, openRepository } from '../../registry/index.js';
import { LayoutStore } from '../../store/index.js';
import { isDeckhandError } from '../../errors.js';
import { formatError } from '../format-error.js';
import type { CliIo } from '../io.js';
import { bytes } from '../progress.js';
import type { InspectFlags } from './image-inspect.js';
import { connection } from './image-transfer.js';

interface Manifest {
  manifests?: Descriptor[];
  config?: Descriptor;
  layers?: Descriptor[];
}

async function platformsOf(target: Target, desc: Descriptor, doc: Manifest): Promise<Platform[]> {
  if (isIndex(desc.mediaType)) return (doc.manifests ?? []).flatMap((m) => (m.platform ? [m.platform] : []));
  if (isImageManifest(desc.mediaType) && doc.config) {
    const cfg = JSON.parse((await fetchAll(target, doc.config)).toString('utf8')) as Partial<Platform>;
    if (cfg.os && cfg.architecture)
      return [
        { os: cfg.os, architecture: cfg.architecture, ...(cfg.variant ? { variant: cfg.variant } : {}) },
      ];
  }
  return [];
}

/** inspectAction prints one image's digest, media type, platforms and manifest and sets the exit code. */
export async function inspectAction(io: CliIo, ref: string, flags: InspectFlags): Promise<void> {
  let target: Target;
  let name = ref;
  const conn = connection(flags, io.cwd);
  try {
    if (flags.imagesDir) target = await LayoutStore.open(resolve(io.cwd, flags.imagesDir));
    else {
      const r = parseReference(ref);
      name = r.toString();
      const auths = conn.auths([r.registry]);
      target = openRepository(r, clientOptionsFor(r.registry, auths, conn.defaults));
    }
    let desc: Descriptor;
    let manifest: Manifest;
    let platforms: string[];
    try {
      desc = await target.resolve(name, { signal: io.signal });
      const raw = await fetchAll(target, desc, { signal: io.signal });
      manifest = JSON.parse(raw.toString('utf8')) as Manifest;
      platforms = (await platformsOf(target, desc, manifest)).map(formatPlatform);
    } catch (e) {
      // The image could not be read (not there, denied, unreachable): an image failure, exit 2.
      if (!isDeckhandError(e) || e.code === 'E_CANCELLED') throw e;
      io.err(formatError(e));
      io.exitCode = 2;
      return;
    }
    const size = [...(manifest.layers ?? [])].reduce((n, l) => n + l.size, 0);
    const out = {
      reference: name,
      digest: desc.digest,
      mediaType: desc.mediaType,
      size: desc.size,
      platforms,
      manifest,
    };
    if (flags.json) io.out(`${JSON.stringify(out, null, 2)}\n`);
    else {
      io.out(`Reference:  ${name}\nDigest:     ${desc.digest}\nMedia type: ${desc.mediaType}\n`);
      io.out(`Platforms:  ${platforms.join(', ') || '-'}\n`);
      if (manifest.layers) io.out(`Layers:     ${manifest.layers.length} (${bytes(size)})\n`);
      if (manifest.manifests) io.out(`Manifests:  ${manifest.manifests.length}\n`);
    }
    io.exitCode = 0;
  } finally {
    conn.cleanup();
    await closeAllClients();
  }
}
