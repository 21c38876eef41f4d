/**
 * `deckhand image copy SRC DEST`: one image between any two places, spelled as skopeo spells them
 * (`docker://REF`, `oci:DIR[:REF]`; a bare reference is a registry).
 */
import type { Command } from 'commander';
import type { AuthArg } from '../../../modules/image/types.js';
import { argError, checkPlatforms } from '../../../modules/image/arg-error.js';
import { parseLocation, type Location } from '../../../modules/image/location.js';
import { runCopies, type ImageJob } from '../../../modules/image/run-copies.js';
import { DeckhandError } from '../../errors.js';
import type { CliIo } from '../io.js';
import { collect } from './command.js';
import {
  connection,
  connectionOptions,
  outputOptions,
  parseCreds,
  parsePolicy,
  type ConnectionFlags,
  type OutputFlags,
  transfer,
} from './image-options.js';

interface CopyFlags extends ConnectionFlags, OutputFlags {
  platform?: string[];
  policy?: 'strict' | 'warn';
  srcCreds?: { username: string; password: string };
  destCreds?: { username: string; password: string };
  check?: boolean;
}

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

async function action(io: CliIo, srcText: string, dstText: string, flags: CopyFlags): Promise<void> {
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

/** registerCopy adds `image copy`. */
export function registerCopy(image: Command, io: CliIo): void {
  const cmd = image
    .command('copy')
    .description('copy one image between registries and OCI image layouts')
    .argument('<src>', 'docker://REF, oci:DIR:REF, or a bare reference')
    .argument('<dest>', 'docker://REF, oci:DIR[:REF] (default REF: the source reference)')
    .option('--platform <os/arch>', 'keep only this platform (repeatable; default all)', collect)
    .option('--policy <policy>', 'strict: a missing platform fails; warn: skip it', parsePolicy)
    .option('--src-creds <user:password>', 'credentials for the source registry (never printed)', parseCreds)
    .option(
      '--dest-creds <user:password>',
      'credentials for the destination registry (never printed)',
      parseCreds,
    )
    .option('--check', 'resolve both ends and report what would be copied; write nothing');
  outputOptions(connectionOptions(cmd, 'credentials for both registries'))
    .addHelpText('after', '\nExit status: 0 copied, 1 usage error, 2 the copy failed.')
    .action((src: string, dest: string, flags: CopyFlags) => action(io, src, dest, flags));
}
