/**
 * The library runner for deckhand, used when the `deckhand image` CLI commands are not built: one
 * process that pulls or pushes with the image module's own pull/push functions (the same code the
 * CLI calls). Argument: one JSON object (see ChildArgs). Prints the image entries as JSON.
 */
import { parseReference } from '../../src/oci/reference.js';
import { closeAllClients } from '../../src/registry/index.js';
import { pullImages } from '../../modules/image/pull.js';
import { pushImages } from '../../modules/image/push.js';

/** What the child is asked to do. */
export interface ChildArgs {
  op: 'pull' | 'push';
  imagesDir: string;
  /** pull: full references. */
  refs?: string[];
  /** push: destination prefix `host/path`; each image goes to `<prefix>/<repository>:<tag>`. */
  destPrefix?: string;
  plainHttp?: boolean;
  caFile?: string;
  username?: string;
  password?: string;
}

async function main(): Promise<void> {
  const a = JSON.parse(process.argv[2] ?? '{}') as ChildArgs;
  const defaults = { plainHttp: a.plainHttp, caFile: a.caFile };
  const entries =
    a.op === 'pull'
      ? await pullImages(
          (a.refs ?? []).map((r) => parseReference(r)),
          a.imagesDir,
          { defaults },
        )
      : await pushImages(
          {
            imagesDir: a.imagesDir,
            renderDest: (src) => `${a.destPrefix}/${src.repository}:${src.reference}`,
            place: { prefix: 'bench.', task: 'bench' },
          },
          { defaults, credentials: { username: a.username, password: a.password } },
        );
  await closeAllClients();
  const failed = entries.filter((e) => e.status === 'failed');
  process.stdout.write(`${JSON.stringify({ images: entries })}\n`);
  if (failed.length > 0) {
    process.stderr.write(`${failed.length} image(s) failed: ${failed.map((f) => f.error).join('; ')}\n`);
    process.exitCode = 1;
  }
}

await main();
