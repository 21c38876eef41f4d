/**
 * Manifest endpoints (distribution-spec v1.1 "Pulling manifests", "Pushing Manifests", "Deleting"):
 * GET/HEAD by tag or digest, PUT (by tag or digest) through the store's verified ingest, DELETE of a
 * tag or of every tag of a digest in the repository.
 */
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { MAX_MANIFEST_BYTES } from '../content/read-all.js';
import { isDeckhandError } from '../errors.js';
import type { Descriptor } from '../oci/descriptor.js';
import { digestOf, isDigest, parseDigest } from '../oci/digest.js';
import { parseManifestJson, successors } from '../oci/manifest.js';
import { isManifest } from '../oci/media-types.js';
import { blobPath } from '../store/index.js';
import { registryHost, type ServerContext } from './context.js';
import { readBody, send } from './http-io.js';
import { readSmallBlob, sniffManifestType } from './manifest-read.js';
import { answersTo, findTagged, knownRepository, servedImages } from './repositories.js';
import { WireError } from './wire-errors.js';

const TAG = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;

/** getManifest answers GET and HEAD with the manifest bytes and their type, digest and length. */
export async function getManifest(
  ctx: ServerContext,
  req: IncomingMessage,
  res: ServerResponse,
  name: string,
  reference: string,
): Promise<void> {
  const desc = await resolveManifest(ctx, req, name, reference);
  const headers = {
    'Content-Type': desc.mediaType,
    'Docker-Content-Digest': desc.digest,
    'Content-Length': desc.size,
    ETag: `"${desc.digest}"`,
  };
  if (req.method === 'HEAD') {
    send(res, 200, headers);
    return;
  }
  const bytes = await readSmallBlob(ctx.store.root, desc.digest);
  send(res, 200, headers, bytes);
}

/** resolveManifest finds a manifest by tag (repository-scoped) or by digest; throws the spec's 404s. */
async function resolveManifest(
  ctx: ServerContext,
  req: IncomingMessage,
  name: string,
  reference: string,
): Promise<Descriptor> {
  const images = await servedImages(ctx.store);
  if (isDigest(reference)) {
    const tagged = images.find((i) => i.descriptor.digest === reference);
    if (tagged) return tagged.descriptor;
    const size = await blobSize(ctx.store.root, reference);
    if (size === undefined || size > MAX_MANIFEST_BYTES) throw manifestUnknown(reference);
    const bytes = await readSmallBlob(ctx.store.root, reference);
    const mediaType = sniffManifestType(bytes);
    if (!mediaType) throw manifestUnknown(reference);
    return { mediaType, digest: reference, size };
  }
  if (!TAG.test(reference))
    throw new WireError('MANIFEST_UNKNOWN', 'manifest unknown', { tag: reference.slice(0, 128) });
  const hit = findTagged(images, name, reference, registryHost(ctx, req));
  if (hit) return hit.descriptor;
  if (!knownRepository(images, name))
    throw new WireError('NAME_UNKNOWN', 'repository name not known to registry', { name });
  throw manifestUnknown(reference);
}

/**
 * putManifest stores a manifest whose children are all present, then tags it. The body is hashed
 * here; a digest reference must match it. Answers 201 with Location and Docker-Content-Digest.
 */
export async function putManifest(
  ctx: ServerContext,
  req: IncomingMessage,
  res: ServerResponse,
  name: string,
  reference: string,
): Promise<void> {
  const byDigest = isDigest(reference);
  if (!byDigest && !TAG.test(reference))
    throw new WireError('TAG_INVALID', 'manifest tag did not match URI', { tag: reference.slice(0, 128) });
  const bytes = await readBody(
    req,
    MAX_MANIFEST_BYTES,
    new WireError('SIZE_INVALID', `manifest is larger than ${MAX_MANIFEST_BYTES} bytes`, undefined, 413),
  );
  const algorithm = byDigest ? parseDigest(reference).algorithm : 'sha256';
  const digest = digestOf(bytes, algorithm);
  if (byDigest && digest !== reference) {
    throw new WireError('DIGEST_INVALID', 'provided digest did not match uploaded content', {
      expected: reference,
      got: digest,
    });
  }
  const mediaType = manifestType(req.headers['content-type'], bytes);
  const desc: Descriptor = { mediaType, digest, size: bytes.length };
  let children: Descriptor[];
  try {
    parseManifestJson(bytes, mediaType);
    children = successors(desc, bytes);
  } catch (e) {
    throw new WireError('MANIFEST_INVALID', `manifest invalid: ${(e as Error).message}`);
  }
  for (const child of children) {
    if (!(await ctx.store.exists(child))) {
      throw new WireError('MANIFEST_BLOB_UNKNOWN', 'blob unknown to registry', { digest: child.digest });
    }
  }
  await ctx.store.push(desc, Readable.from([bytes]));
  if (!byDigest) await tagOrExplain(ctx, desc, `${registryHost(ctx, req)}/${name}:${reference}`);
  send(res, 201, {
    Location: `/v2/${name}/manifests/${digest}`,
    'Docker-Content-Digest': digest,
  });
}

/** tagOrExplain tags `desc`; a graph with something missing further down is MANIFEST_BLOB_UNKNOWN. */
async function tagOrExplain(ctx: ServerContext, desc: Descriptor, storeName: string): Promise<void> {
  try {
    await ctx.store.tag(desc, storeName);
  } catch (e) {
    if (isDeckhandError(e) && e.code === 'E_NOT_FOUND') {
      throw new WireError('MANIFEST_BLOB_UNKNOWN', 'blob unknown to registry', { digest: e.context.digest });
    }
    throw e;
  }
}

/** deleteManifest removes a tag, or every tag of `name` that points at a digest; blobs stay for gc. */
export async function deleteManifest(
  ctx: ServerContext,
  req: IncomingMessage,
  res: ServerResponse,
  name: string,
  reference: string,
): Promise<void> {
  const images = await servedImages(ctx.store);
  let names: string[];
  if (isDigest(reference)) {
    names = images.filter((i) => i.descriptor.digest === reference && answersTo(i, name)).map((i) => i.name);
  } else {
    const hit = findTagged(images, name, reference, registryHost(ctx, req));
    names = hit ? [hit.name] : [];
  }
  if (names.length === 0) {
    if (!knownRepository(images, name))
      throw new WireError('NAME_UNKNOWN', 'repository name not known to registry', { name });
    throw manifestUnknown(reference);
  }
  for (const n of names) await ctx.store.untag(n);
  send(res, 202);
}

/** manifestType takes the Content-Type when it names a manifest, else what the body says; they must agree. */
function manifestType(contentType: string | undefined, bytes: Buffer): string {
  const declared = contentType?.split(';')[0].trim();
  const inBody = sniffManifestType(bytes);
  if (declared && isManifest(declared)) {
    if (inBody && inBody !== declared && hasMediaTypeField(bytes)) {
      throw new WireError(
        'MANIFEST_INVALID',
        `Content-Type ${declared} does not match the manifest's mediaType ${inBody}`,
      );
    }
    return declared;
  }
  if (inBody) return inBody;
  throw new WireError('MANIFEST_INVALID', 'manifest invalid: unknown media type');
}

function hasMediaTypeField(bytes: Buffer): boolean {
  try {
    return typeof (JSON.parse(bytes.toString('utf8')) as { mediaType?: unknown }).mediaType === 'string';
  } catch {
    return false;
  }
}

async function blobSize(root: string, digest: string): Promise<number | undefined> {
  try {
    const st = await stat(blobPath(root, digest));
    return st.isFile() ? st.size : undefined;
  } catch {
    return undefined;
  }
}

function manifestUnknown(reference: string): WireError {
  return new WireError(
    'MANIFEST_UNKNOWN',
    'manifest unknown',
    isDigest(reference) ? { digest: reference } : { tag: reference },
  );
}
