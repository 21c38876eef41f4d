/**
 * Manifest requests: resolve (HEAD, GET fallback), fetch with all four Accept types and a 4 MiB limit,
 * hash the bytes we got and trust them over `Docker-Content-Digest`; PUT with the manifest's own media type.
 */
import { DeckhandError, type ErrorContext } from '../errors.js';
import { digestOf, isDigest, parseDigest } from '../oci/digest.js';
import type { Descriptor } from '../oci/descriptor.js';
import { isManifest, MANIFEST_MEDIA_TYPES } from '../oci/media-types.js';
import type { RegistryClient } from './client.js';
import { errorFromResponse, RegistryError } from './errors.js';
import { dump, header, readLimited } from './http.js';
import { MANIFEST_LIMIT } from './options.js';

/** The Accept header for manifests: every type we understand. */
export const MANIFEST_ACCEPT = MANIFEST_MEDIA_TYPES.join(', ');

/** Where a manifest request goes and with which scopes. */
export interface ManifestCtx {
  client: RegistryClient;
  repository: string;
  scopes: string[];
  context: ErrorContext;
  signal?: AbortSignal;
}

function mediaTypeOf(contentType: string | undefined, bytes?: Buffer): string | undefined {
  const ct = contentType?.split(';')[0]?.trim().toLowerCase();
  if (ct && isManifest(ct)) return ct;
  if (bytes) {
    try {
      const mt = (JSON.parse(bytes.toString('utf8')) as { mediaType?: unknown }).mediaType;
      if (typeof mt === 'string' && isManifest(mt)) return mt;
    } catch {
      // Not JSON: reported below as an unsupported media type.
    }
  }
  return undefined;
}

/** A manifest's descriptor together with its bytes. */
export interface FetchedManifest {
  descriptor: Descriptor;
  bytes: Buffer;
}

/** getManifest GETs a manifest by tag or digest; when `expected` is given the bytes must match it. */
export async function getManifest(
  ctx: ManifestCtx,
  reference: string,
  expected?: Descriptor,
): Promise<FetchedManifest> {
  const byDigest = isDigest(reference);
  const res = await ctx.client.request({
    method: 'GET',
    path: `/v2/${ctx.repository}/manifests/${reference}`,
    headers: { accept: MANIFEST_ACCEPT },
    scopes: ctx.scopes,
    expect: [200],
    subject: 'manifest',
    context: { ...ctx.context, reference },
    signal: ctx.signal,
  });
  const where = `${ctx.client.registry}/${ctx.repository}@${reference}`;
  const declared = Number(header(res, 'content-length') ?? NaN);
  if (declared > MANIFEST_LIMIT) {
    res.body.destroy();
    throw new RegistryError(
      'TOO_LARGE',
      `${where}: manifest of ${declared} bytes is over the ${MANIFEST_LIMIT} byte limit`,
      {
        context: ctx.context,
      },
    );
  }
  const bytes = await readLimited(res, MANIFEST_LIMIT);
  if (!bytes) {
    throw new RegistryError('TOO_LARGE', `${where}: manifest is over the ${MANIFEST_LIMIT} byte limit`, {
      context: ctx.context,
    });
  }
  const algorithm = byDigest ? parseDigest(reference).algorithm : 'sha256';
  const digest = digestOf(bytes, algorithm);
  const want = expected?.digest ?? (byDigest ? reference : undefined);
  if (want && digest !== want) {
    throw new DeckhandError(
      'DIGEST_MISMATCH',
      `${where}: the registry sent a manifest whose digest is ${digest}`,
      {
        context: { ...ctx.context, digest: want },
      },
    );
  }
  if (expected && expected.size !== bytes.length) {
    throw new DeckhandError(
      'E_SIZE_MISMATCH',
      `${where}: manifest is ${bytes.length} bytes, expected ${expected.size}`,
      {
        context: { ...ctx.context, digest: expected.digest },
      },
    );
  }
  const mediaType = expected?.mediaType ?? mediaTypeOf(header(res, 'content-type'), bytes);
  if (!mediaType) {
    throw new DeckhandError(
      'E_MEDIA_TYPE',
      `${where}: unsupported manifest media type "${header(res, 'content-type')}"`,
      {
        context: ctx.context,
      },
    );
  }
  return { descriptor: { mediaType, digest, size: bytes.length }, bytes };
}

/** headManifest resolves by HEAD; undefined when the answer lacks what a descriptor needs (then GET). */
export async function headManifest(ctx: ManifestCtx, reference: string): Promise<Descriptor | undefined> {
  const res = await ctx.client.request({
    method: 'HEAD',
    path: `/v2/${ctx.repository}/manifests/${reference}`,
    headers: { accept: MANIFEST_ACCEPT },
    scopes: ctx.scopes,
    subject: 'manifest',
    context: { ...ctx.context, reference },
    signal: ctx.signal,
  });
  await dump(res);
  if (
    res.status === 404 ||
    res.status === 401 ||
    res.status === 403 ||
    res.status === 429 ||
    res.status >= 500
  ) {
    // A HEAD answer has no body, so the error is built from the status alone.
    throw errorFromResponse({
      status: res.status,
      body: '',
      method: 'HEAD',
      url: res.url,
      subject: 'manifest',
      context: { ...ctx.context, reference },
    });
  }
  if (res.status !== 200) return undefined;
  const mediaType = mediaTypeOf(header(res, 'content-type'));
  const size = Number(header(res, 'content-length') ?? NaN);
  const digest = isDigest(reference) ? reference : header(res, 'docker-content-digest');
  if (!mediaType || !Number.isSafeInteger(size) || !digest || !isDigest(digest)) return undefined;
  return { mediaType, digest, size };
}

/** putManifest PUTs manifest bytes under a digest or a tag, with the manifest's own media type. */
export async function putManifest(
  ctx: ManifestCtx,
  desc: Descriptor,
  bytes: Buffer,
  reference: string,
): Promise<void> {
  const res = await ctx.client.request({
    method: 'PUT',
    path: `/v2/${ctx.repository}/manifests/${reference}`,
    headers: { 'content-type': desc.mediaType, 'content-length': String(bytes.length) },
    body: bytes,
    scopes: ctx.scopes,
    expect: [200, 201, 202],
    subject: 'manifest',
    context: { ...ctx.context, reference, digest: desc.digest },
    signal: ctx.signal,
  });
  await dump(res);
}
