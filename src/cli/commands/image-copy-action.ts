/** What `deckhand image copy` does once its flags are parsed; loaded only when copy runs. */
import type { AuthArg } from '../../../modules/image/types.js';
import { argError, checkPlatforms } from '../../../modules/image/arg-error.js';
import { parseLocation, type Location } from '../../../modules/image/location.js';
import { runCopies, type ImageJob } from '../../../modules/image/run-copies.js';
import { DeckhandError } from '../../errors.js';
import type { CliIo } from '../io.js';
import type { CopyFlags } from './image-copy.js';
import { connection, transfer } from './image-transfer.js';

function location(text: string, field: string, cwd: string): Location {
  try {
    return parseLocation(text, cwd);
  } catch (e) {
    throw argError({ prefix: '' }, field, 'bad image location', { cause: e, code: 'E_USAGE' });
  }
}

/** copyJob names both ends: a store needs a reference unless the other end is a registry. */
export function copyJob(src: Location, dst: Location): ImageJob {
  const srcName = src.kind === 'registry' ? src.ref.toString() : src.ref;
  if (!srcName) {
    const dir = src.kind === 'store' ? src.dir : '';
    throw new DeckhandError('E_USAGE', `SRC oci:${dir} needs a reference (oci:DIR:REF)`, {
      context: { field: 'SRC' },
    });
  }
  const dstName = dst.kind === 'registry' ? dst.ref.toString() : (dst.ref ?? srcName);
  return { image: srcName, src, srcRef: srcName, dst, dstRef: dstName };
}

/** copyAction copies the image at SRC to DEST and sets the exit code. */
export async function copyAction(
  io: CliIo,
  srcText: string,
  dstText: string,
  flags: CopyFlags,
): Promise<void> {
  checkPlatforms({ prefix: '--' }, 'platform', flags.platform);
  const job = copyJob(location(srcText, 'SRC', io.cwd), location(dstText, 'DEST', io.cwd));
  const conn = connection(flags, io.cwd);
  const auths: AuthArg[] = [];
  if (job.src.kind === 'registry') {
    const c = flags.srcCreds ?? flags.creds;
    if (c) auths.push({ registry: job.src.ref.registry, ...c });
  }
  if (job.dst.kind === 'registry') {
    const c = flags.destCreds ?? flags.creds;
    if (c) auths.push({ registry: job.dst.ref.registry, ...c });
  }
  await transfer(io, flags, conn, 1, 'copy', (shared) =>
    runCopies([job], { ...shared, auths, platforms: flags.platform, policy: flags.policy }),
  );
}
