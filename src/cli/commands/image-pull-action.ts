/** What `deckhand image pull` does once its flags are parsed; loaded only when pull runs. */
import { resolve } from 'node:path';
import { checkPlatforms } from '../../../modules/image/arg-error.js';
import { parseManifests } from '../../../modules/image/manifests.js';
import { pullImages } from '../../../modules/image/pull.js';
import type { CliIo } from '../io.js';
import type { PullFlags } from './image-pull.js';
import { connection, transfer } from './image-transfer.js';

/** pullAction pulls `refs` into --images-dir and sets the exit code. */
export async function pullAction(io: CliIo, refs: string[], flags: PullFlags): Promise<void> {
  const parsed = parseManifests(refs, { prefix: '' }, 'REF');
  checkPlatforms({ prefix: '--' }, 'platform', flags.platform);
  const conn = connection(flags, io.cwd);
  await transfer(io, flags, conn, parsed.length, 'pull', (shared) =>
    pullImages(parsed, resolve(io.cwd, flags.imagesDir), {
      ...shared,
      auths: conn.auths(parsed.map((r) => r.registry)),
      platforms: flags.platform,
      policy: flags.policy,
      concurrency: flags.concurrency,
    }),
  );
}
