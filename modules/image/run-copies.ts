/**
 * runCopies moves a list of images with the one copy engine (DESIGN.md §8.2) — the module and the
 * `deckhand image` commands both end here — or, under --check, resolves them and reports what would move.
 */
import { setMaxListeners } from 'node:events';
import type { Target } from '../../src/content/target.js';
import { causeCode, copyImages, type CopyEvent, type CopyJob } from '../../src/copy/index.js';
import { DeckhandError, errorMessage, isDeckhandError } from '../../src/errors.js';
import { clientOptionsFor, type ConnectionDefaults } from './auth.js';
import { formatLocation, type Location } from './location.js';
import { entryOf, failedEntry } from './result.js';
import { Targets } from './targets.js';
import type { AuthArg, ImageEntry, Policy } from './types.js';

/** One image to move: where from, where to, and the reference inside each Target. */
export interface ImageJob {
  /** The image's name in events and errors (its full source reference). */
  image: string;
  src: Location;
  srcRef: string;
  dst: Location;
  dstRef: string;
}

/** Options shared by every image of a run. */
export interface RunCopiesOptions {
  auths?: readonly AuthArg[];
  defaults?: ConnectionDefaults;
  /** Platforms to keep (absent, `all` or `*`: all). */
  platforms?: string | readonly string[];
  /** A missing platform fails the image (`strict`, default) or is a warning (`warn`). */
  policy?: Policy;
  /** Images copied at once; default 3. */
  concurrency?: number;
  /** Extra rounds for images that failed on a network, timeout, rate-limit or server error; default 1. */
  retries?: number;
  /** Resolve and report, write nothing. */
  check?: boolean;
  signal?: AbortSignal;
  onEvent?: (e: CopyEvent) => void;
}

/** runCopies returns one entry per job, in job order; it never throws for one image's failure. */
export async function runCopies(
  jobs: readonly ImageJob[],
  opts: RunCopiesOptions = {},
): Promise<ImageEntry[]> {
  const targets = new Targets(opts.auths ?? [], opts.defaults ?? {});
  // Every request in flight listens on the one task signal; that many listeners are expected here.
  if (opts.signal) setMaxListeners(0, opts.signal);
  if (opts.check) return Promise.all(jobs.map((j) => plan(j, targets, opts.signal)));
  const entries: (ImageEntry | undefined)[] = new Array(jobs.length);
  const runnable: { at: number; job: CopyJob }[] = [];
  const insecure: string[][] = jobs.map((j) => tlsWarnings(j, opts));
  for (const [at, j] of jobs.entries()) {
    for (const message of insecure[at]!) opts.onEvent?.({ type: 'warning', image: j.image, message });
    try {
      const job = {
        src: await targets.open(j.src, false),
        srcRef: j.srcRef,
        dst: await targets.open(j.dst, true),
        dstRef: j.dstRef,
        options: { image: j.image },
      };
      runnable.push({ at, job });
    } catch (e) {
      entries[at] = failedEntry(source(j), destination(j), asUserError(e, j.image));
    }
  }
  const shared = {
    imageConcurrency: opts.concurrency ?? 3,
    platforms: opts.platforms ?? null,
    policy: opts.policy ?? 'strict',
    signal: opts.signal,
    onEvent: opts.onEvent,
  };
  const results = await copyImages(
    runnable.map((r) => r.job),
    shared,
  );
  // Each image is retried on its own after the others finished (the client already retried each
  // request): what arrived before is present and is not transferred again.
  for (let round = 0; round < (opts.retries ?? 1) && !opts.signal?.aborted; round++) {
    const again = results.flatMap((r, i) => (r.status === 'failed' && retryable(r.error) ? [i] : []));
    if (again.length === 0) break;
    const retried = await copyImages(
      again.map((i) => runnable[i]!.job),
      shared,
    );
    retried.forEach((r, k) => {
      const i = again[k]!;
      results[i] = {
        ...r,
        warnings: [...results[i]!.warnings, ...r.warnings],
      };
    });
  }
  results.forEach((r, i) => {
    const at = runnable[i]!.at;
    entries[at] = entryOf(r, source(jobs[at]!), destination(jobs[at]!));
  });
  entries.forEach((e, at) => e?.warnings.unshift(...insecure[at]!));
  return entries as ImageEntry[];
}

/** tlsWarnings: a registry reached with certificate checks off is said so, each time (DESIGN.md §6). */
function tlsWarnings(j: ImageJob, opts: RunCopiesOptions): string[] {
  const out: string[] = [];
  for (const loc of [j.src, j.dst]) {
    if (loc.kind !== 'registry') continue;
    if (clientOptionsFor(loc.ref.registry, opts.auths ?? [], opts.defaults ?? {}).skipTlsVerify === true) {
      out.push(`TLS certificate verification is off for ${loc.ref.registry} (skip_tls_verify)`);
    }
  }
  return out;
}

/** Failures worth another try: the network, the server, or bytes damaged on the way. */
const RETRYABLE = new Set([
  'NETWORK',
  'TIMEOUT',
  'TOO_MANY_REQUESTS',
  'HTTP',
  'E_DIGEST_MISMATCH',
  'E_SIZE_MISMATCH',
  'DIGEST_MISMATCH',
]);

function retryable(e: DeckhandError | undefined): boolean {
  const code = causeCode(e);
  return code !== undefined && RETRYABLE.has(code);
}

const ABSENT = new Set(['E_NOT_FOUND', 'E_STORE', 'MANIFEST_UNKNOWN', 'NAME_UNKNOWN']);

/** plan resolves the source and the destination of one job, writing nothing. */
async function plan(j: ImageJob, targets: Targets, signal?: AbortSignal): Promise<ImageEntry> {
  const base = failedEntry(source(j), destination(j), new DeckhandError('E_COPY', ''));
  try {
    const src = await targets.open(j.src, false);
    const root = await src.resolve(j.srcRef, { signal });
    base.source_digest = root.digest;
    const found = await resolveOrUndefined(() => targets.open(j.dst, false), j.dstRef, signal);
    const present = found === root.digest;
    return {
      ...base,
      // What the destination holds now when it already has the image; unknown until copied otherwise.
      digest: present ? root.digest : '',
      status: present ? 'present' : 'would_copy',
      bytes_skipped: present ? root.size : 0,
      error: null,
      error_code: null,
    };
  } catch (e) {
    const err = asUserError(e, j.image);
    return { ...base, error: err.message, error_code: err.code };
  }
}

async function resolveOrUndefined(
  open: () => Promise<Target>,
  ref: string,
  signal?: AbortSignal,
): Promise<string | undefined> {
  try {
    return (await (await open()).resolve(ref, { signal })).digest;
  } catch (e) {
    if (isDeckhandError(e) && ABSENT.has(e.code)) return undefined;
    throw e;
  }
}

function asUserError(e: unknown, image: string): DeckhandError {
  if (isDeckhandError(e)) return e;
  return new DeckhandError('E_COPY', `${image}: ${errorMessage(e)}`, { cause: e, context: { image } });
}

function source(j: ImageJob): string {
  return formatLocation(j.src, j.srcRef);
}

function destination(j: ImageJob): string {
  return formatLocation(j.dst, j.dstRef);
}
