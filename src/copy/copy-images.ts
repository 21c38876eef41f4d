/** Copying many images: several at once (default 3), each one's failure kept in its own result. */
import { copyOne } from './copy.js';
import { mapLimit } from './limiter.js';
import type { CopyImagesOptions, CopyJob, CopyResult } from './types.js';

/**
 * copyImages runs `copy()` for every job, `imageConcurrency` (default 3) at a time. It never throws
 * for one image: a failed image has status `failed` and its `error`; the others go on.
 * Results are in job order.
 */
export async function copyImages(
  jobs: readonly CopyJob[],
  options: CopyImagesOptions = {},
): Promise<CopyResult[]> {
  const { imageConcurrency = 3, ...shared } = options;
  return mapLimit(jobs, imageConcurrency, (job) =>
    copyOne(job.src, job.srcRef, job.dst, job.dstRef, { ...shared, ...job.options }),
  );
}
