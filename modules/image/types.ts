/** Argument and result shapes of the image module (DESIGN.md §4; schema/modules/image.schema.json). */

/** An auth entry as either KubeKey format writes it (`repo` in pull/push, `registry` in src/dest). */
export interface AuthArg {
  repo?: string;
  registry?: string;
  username?: string;
  password?: string;
  skip_tls_verify?: boolean;
  /** KubeKey's name for skip_tls_verify in auth entries. */
  insecure?: boolean;
  plain_http?: boolean;
  ca_file?: string;
  cert_file?: string;
  key_file?: string;
}

/** Platform policy: a missing platform or image fails the task (`strict`) or is reported (`warn`). */
export type Policy = 'strict' | 'warn';

/** `image.pull` (KubeKey ≤ v4.0.3). */
export interface PullArgs {
  manifests: string[] | string;
  images_dir?: string;
  platform?: string | string[];
  skip_tls_verify?: boolean;
  auths?: AuthArg[];
  policy?: Policy;
  concurrency?: number;
}

/** `image.push` (KubeKey ≤ v4.0.3). */
export interface PushArgs {
  images_dir?: string;
  src_pattern?: string;
  dest: string;
  username?: string;
  password?: string;
  skip_tls_verify?: boolean;
  plain_http?: boolean;
  ca_file?: string;
  namespace_override?: string;
  auths?: AuthArg[];
  policy?: Policy;
  concurrency?: number;
}

/** The src/dest format (KubeKey ≥ v4.0.4). */
export interface SrcDestArgs {
  manifests: string[] | string;
  pattern?: string;
  platform?: string | string[];
  policy?: Policy;
  auths?: AuthArg[];
  src: string;
  dest: string;
  concurrency?: number;
}

/** Everything the module accepts: one of the two formats. */
export interface ImageArgs extends Partial<SrcDestArgs> {
  pull?: PullArgs;
  push?: PushArgs;
}

/** One image in the registered result (`data.images[]`). */
export interface ImageEntry {
  /** The full source reference (a registry reference, or `oci:DIR:REF` style for a store). */
  source: string;
  destination: string;
  /** Root digest at the destination (empty when the image failed before it was known). */
  digest: string;
  source_digest: string;
  /** True when a platform subset was written as a new index (its digest differs from the source's). */
  digest_changed: boolean;
  platforms: string[];
  bytes_transferred: number;
  bytes_skipped: number;
  /** done: bytes moved; skipped: all present (or warn found no platform); failed; with --check: would_copy or present. */
  status: 'done' | 'skipped' | 'failed' | 'would_copy' | 'present';
  warnings: string[];
  /** Why the image failed; null otherwise (always present, so templates can test it). */
  error: string | null;
  error_code: string | null;
}

/** The registered `data` of an image task. */
export interface ImageData {
  images: ImageEntry[];
  /** Summed over `images`. */
  bytes_transferred: number;
  bytes_skipped: number;
  failed: number;
}
