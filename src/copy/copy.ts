/**
 * copy(): the one engine that moves images (DESIGN.md §8.2). Pull, push and copy between any two
 * Targets all come here: resolve the root, choose platforms, copy the graph children first, then
 * push the root and tag it last, so an interrupted copy never leaves a tag pointing at missing content.
 */
import { fetchAll } from '../content/read-all.js';
import { isMounter, type Target } from '../content/target.js';
import { DeckhandError, isDeckhandError } from '../errors.js';
import { isDigest } from '../oci/digest.js';
import { isManifest } from '../oci/media-types.js';
import { copyError, isAbort } from './copy-error.js';
import { CopyGraph } from './copy-graph.js';
import { selectRoot, wantedPlatforms } from './platform-select.js';
import type { CopyOptions, CopyResult, RootChoice } from './types.js';

/**
 * copy copies the image `srcRef` of `src` to `dst` and tags it `dstRef` there (no tag when `dstRef`
 * is empty or a digest). Returns the image's result; throws E_COPY (context.side, image, digest),
 * E_PLATFORM under policy `strict`, or E_CANCELLED. Emits `image` and `blob` events via `onEvent`.
 */
export async function copy(
  src: Target,
  srcRef: string,
  dst: Target,
  dstRef: string,
  options: CopyOptions = {},
): Promise<CopyResult> {
  const result = await copyOne(src, srcRef, dst, dstRef, options);
  if (result.error) throw result.error;
  return result;
}

/** copyOne is copy() that reports a failure in the result (status `failed`, `error`) instead of throwing. */
export async function copyOne(
  src: Target,
  srcRef: string,
  dst: Target,
  dstRef: string,
  options: CopyOptions = {},
): Promise<CopyResult> {
  const image = options.image ?? srcRef;
  const result = emptyResult(`${src.name}:${srcRef}`, `${dst.name}:${dstRef}`);
  options.onEvent?.({
    type: 'image',
    status: 'started',
    image,
    source: result.source,
    destination: result.destination,
  });
  let graph: CopyGraph | undefined;
  try {
    const want = wantedPlatforms(options.platforms);
    // GET the root at once (one request instead of HEAD + GET) unless a local destination already has
    // the tag: then a HEAD is enough to see nothing changed, and registries that meter pulls
    // (Docker Hub) do not count it.
    const thenFetch = isMounter(dst) || !dstRef || !(await dst.resolve(dstRef).then(Boolean, () => false));
    const root = await step(() => src.resolve(srcRef, { signal: options.signal, thenFetch }), {
      side: 'source',
      image,
      op: 'resolve',
      reference: srcRef,
    });
    result.sourceDigest = root.digest;
    // A re-pull: the local destination already holds the image, so its manifest and config are read
    // there instead of over the network (nothing but the resolve goes to the registry).
    const from =
      isMounter(src) &&
      !isMounter(dst) &&
      isManifest(root.mediaType) &&
      (await dst.exists(root, { signal: options.signal }).catch(() => false))
        ? dst
        : src;
    const bytes = isManifest(root.mediaType)
      ? await step(() => fetchAll(from, root, { signal: options.signal }), {
          side: 'source',
          image,
          op: 'fetch',
          digest: root.digest,
        })
      : undefined;
    let choice: RootChoice = await step(
      () => selectRoot(from, root, bytes, want, options.policy ?? 'strict', image),
      {
        side: 'source',
        image,
        op: 'read the platforms of',
        digest: root.digest,
      },
    );
    if (options.mapRoot) choice = await options.mapRoot(choice, { src, srcRef });
    result.warnings.push(...choice.warnings);
    for (const message of choice.warnings) options.onEvent?.({ type: 'warning', image, message });
    if (choice.skip) {
      result.status = 'skipped';
      options.onEvent?.({ type: 'image', status: 'skipped', image, result });
      return result;
    }
    const tag = dstRef && !isDigestRef(dstRef) ? dstRef : undefined;
    graph = new CopyGraph(
      src,
      dst,
      image,
      options,
      choice.known,
      tag ? { digest: choice.root.digest, tag } : undefined,
    );
    // A registry whose tag already names the root has the whole image: one HEAD instead of a HEAD of
    // the root and another of the tag (a re-push of 20 images: 22 requests instead of 44).
    const current =
      tag && isMounter(dst)
        ? await dst.resolve(tag, { signal: options.signal }).catch(() => undefined)
        : undefined;
    if (current?.digest === choice.root.digest) {
      await graph.skipPresent(choice.root, choice.bytes);
    } else {
      await graph.copyNode(choice.root, choice.bytes);
      if (tag) {
        await step(() => dst.tag(choice.root, tag, { signal: options.signal }), {
          side: 'destination',
          image,
          op: 'tag',
          reference: tag,
        });
      }
    }
    Object.assign(result, graph.stats, describe(choice));
    result.status = graph.stats.blobsTransferred + graph.stats.blobsMounted > 0 ? 'done' : 'skipped';
    options.onEvent?.({ type: 'image', status: result.status, image, result });
    return result;
  } catch (e) {
    if (graph) {
      await graph.settle();
      Object.assign(result, graph.stats);
    }
    const err = isDeckhandError(e) ? e : copyError(e, { side: 'destination', image, op: 'copy' });
    result.status = 'failed';
    result.error = err;
    options.onEvent?.({ type: 'image', status: 'failed', image, error: err, result });
    return result;
  }
}

/** step runs one call against a side and wraps its failure as E_COPY naming that side. */
async function step<T>(fn: () => Promise<T>, site: Parameters<typeof copyError>[1]): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (isDeckhandError(e) && (e.code === 'E_PLATFORM' || e.code === 'E_COPY')) throw e;
    if (isAbort(e)) {
      throw new DeckhandError('E_CANCELLED', `${site.image}: cancelled`, {
        cause: e,
        context: { image: site.image },
      });
    }
    throw copyError(e, site);
  }
}

function describe(choice: RootChoice): Partial<CopyResult> {
  return {
    digest: choice.root.digest,
    mediaType: choice.root.mediaType,
    platforms: choice.platforms,
    digestChanged: choice.digestChanged,
  };
}

function isDigestRef(ref: string): boolean {
  return isDigest(ref) || isDigest(ref.slice(ref.lastIndexOf('@') + 1));
}

/** emptyResult is the result of an image before anything happened. */
export function emptyResult(source: string, destination: string): CopyResult {
  return {
    source,
    destination,
    digest: '',
    sourceDigest: '',
    digestChanged: false,
    mediaType: '',
    platforms: [],
    bytesTransferred: 0,
    bytesSkipped: 0,
    bytesMounted: 0,
    blobsTransferred: 0,
    blobsSkipped: 0,
    blobsMounted: 0,
    status: 'failed',
    warnings: [],
  };
}
