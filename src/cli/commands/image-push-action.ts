/**
 * What `deckhand image push` does once its flags are parsed; loaded only when push runs, since it is
 * the one image command that renders templates (--dest), and so loads handlebars.
 */
import { resolve } from 'node:path';
import { compilePattern } from '../../../modules/image/arg-error.js';
import { destAuths, pushJobs } from '../../../modules/image/push.js';
import { runCopies } from '../../../modules/image/run-copies.js';
import { renderString } from '../../engine/template.js';
import type { CliIo } from '../io.js';
import type { PushFlags } from './image-push.js';
import { connection, transfer } from './image-transfer.js';

/** pushAction pushes the stored images to the rendered --dest of each and sets the exit code. */
export async function pushAction(io: CliIo, flags: PushFlags): Promise<void> {
  const place = { prefix: '--' };
  const jobs = await pushJobs({
    imagesDir: resolve(io.cwd, flags.imagesDir),
    srcPattern: compilePattern(place, 'src-pattern', flags.srcPattern),
    namespaceOverride: flags.namespaceOverride,
    renderDest: (reference) =>
      renderString(flags.dest, { module: { image: { src: { reference } } } }, { field: '--dest' }),
    place,
  });
  const conn = connection(flags, io.cwd);
  const creds = flags.creds ?? {};
  await transfer(io, flags, conn, jobs.length, 'push', (shared) =>
    runCopies(jobs, { ...shared, auths: destAuths(jobs, [], creds), concurrency: flags.concurrency }),
  );
}
