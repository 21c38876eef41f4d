/** Options, results and progress events of the copy engine (DESIGN.md §2, §4, §8.2). */
import type { Target } from '../content/target.js';
import type { DeckhandError } from '../errors.js';
import type { Descriptor, Platform } from '../oci/descriptor.js';

/** What to do when a requested platform is missing: fail the image, or warn and go on. */
export type PlatformPolicy = 'strict' | 'warn';

/** The root chosen for a copy, after platform selection. */
export interface RootChoice {
  /** What gets pushed and tagged at the destination. */
  root: Descriptor;
  /** The root's bytes when they are not in the source (a new index) or were already read. */
  bytes?: Buffer;
  /** The platforms the copied image carries (empty when unknown). */
  platforms: Platform[];
  /** True when `root` is a new index whose digest differs from the source's. */
  digestChanged: boolean;
  /** Content already read from the source (an image config), by digest, so it is not fetched again. */
  known?: Map<string, Buffer>;
  /** Set when nothing is to be copied (policy `warn` and no requested platform present). */
  skip?: boolean;
  warnings: string[];
}

/** Progress and outcome events, for progress bars on a TTY and plain lines elsewhere. */
export type CopyEvent =
  | { type: 'image'; status: 'started'; image: string; source: string; destination: string }
  | { type: 'image'; status: 'done' | 'skipped'; image: string; result: CopyResult }
  | { type: 'image'; status: 'failed'; image: string; error: DeckhandError; result: CopyResult }
  | {
      type: 'blob';
      status: 'started' | 'progress' | 'done' | 'skipped' | 'mounted';
      image: string;
      digest: string;
      mediaType: string;
      /** Bytes done so far (the whole size once done, skipped or mounted). */
      done: number;
      total: number;
    }
  | { type: 'warning'; image: string; message: string };

/** Options of one copy. Differences between pull, push and copy are these hooks, not flags in the walk. */
export interface CopyOptions {
  /** Platforms to keep: absent, null, `all` or `*` mean all; a string, a list of strings or Platform objects. */
  platforms?: string | readonly (string | Platform)[] | null;
  /** A missing platform fails the image (`strict`, default) or is reported and skipped (`warn`). */
  policy?: PlatformPolicy;
  /** Blobs transferred at once for this image; default 4. */
  concurrency?: number;
  /** Try cross-repository mounts when both sides are repositories of one registry; default true. */
  mount?: boolean;
  /** Name of the image in events, results and errors; default the source reference. */
  image?: string;
  signal?: AbortSignal;
  onEvent?: (e: CopyEvent) => void;
  /** Hook: change the chosen root after platform selection (e.g. to add annotations). */
  mapRoot?: (choice: RootChoice, ctx: { src: Target; srcRef: string }) => Promise<RootChoice> | RootChoice;
  /** Hook: a node was already present at the destination. */
  onSkipped?: (desc: Descriptor) => void;
  /** Hook: a node was transferred. */
  onCopied?: (desc: Descriptor) => void;
  /** Hook: a blob was mounted from another repository. */
  onMounted?: (desc: Descriptor, fromRepository: string) => void;
}

/** The outcome of one image. */
export interface CopyResult {
  /** Source and destination as `<target name>:<reference>` or the references given. */
  source: string;
  destination: string;
  /** Root digest at the destination (differs from sourceDigest when a platform subset was indexed). */
  digest: string;
  sourceDigest: string;
  digestChanged: boolean;
  mediaType: string;
  platforms: Platform[];
  bytesTransferred: number;
  /** Bytes already present at the destination. */
  bytesSkipped: number;
  bytesMounted: number;
  blobsTransferred: number;
  blobsSkipped: number;
  blobsMounted: number;
  /** done: copied (or tagged); skipped: nothing needed moving, or policy `warn` found no platform; failed. */
  status: 'done' | 'skipped' | 'failed';
  warnings: string[];
  error?: DeckhandError;
}

/** One image of a multi-image copy. */
export interface CopyJob {
  src: Target;
  srcRef: string;
  dst: Target;
  dstRef: string;
  /** Per-image options over the shared ones. */
  options?: CopyOptions;
}

/** Options of a multi-image copy. */
export interface CopyImagesOptions extends CopyOptions {
  /** Images copied at once; default 3. */
  imageConcurrency?: number;
}
