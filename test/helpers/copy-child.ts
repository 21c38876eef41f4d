/**
 * A child process for crash and concurrency tests: copies images between two layout stores and
 * prints the results as JSON. Usage: node copy-child.js '<json CopyChildArgs>'.
 * `throttleMs` slows every source chunk so a parent can SIGKILL it part-way through.
 */
import { Transform, type Readable } from 'node:stream';
import { copyImages } from '../../src/copy/index.js';
import type { Target } from '../../src/content/target.js';
import { LayoutStore } from '../../src/store/index.js';

/** What the parent asks the child to do. */
export interface CopyChildArgs {
  src: string;
  dst: string;
  /** [source reference, destination reference] pairs. */
  images: [string, string][];
  concurrency?: number;
  throttleMs?: number;
}

function throttled(t: Target, ms: number): Target {
  return {
    name: t.name,
    resolve: (r, o) => t.resolve(r, o),
    exists: (d, o) => t.exists(d, o),
    push: (d, c, o) => t.push(d, c, o),
    tag: (d, r, o) => t.tag(d, r, o),
    fetch: async (d, o): Promise<Readable> => {
      const slow = new Transform({
        transform(chunk: Buffer, _e, cb) {
          setTimeout(() => cb(null, chunk), ms);
        },
      });
      const s = await t.fetch(d, o);
      s.on('error', (e) => slow.destroy(e));
      return s.pipe(slow);
    },
  };
}

async function main(): Promise<void> {
  const args = JSON.parse(process.argv[2] ?? '{}') as CopyChildArgs;
  const src = await LayoutStore.open(args.src);
  const dst = await LayoutStore.open(args.dst, { create: true });
  const from = args.throttleMs ? throttled(src, args.throttleMs) : src;
  const results = await copyImages(
    args.images.map(([srcRef, dstRef]) => ({ src: from, srcRef, dst, dstRef })),
    { concurrency: args.concurrency ?? 4 },
  );
  process.stdout.write(`${JSON.stringify(results.map((r) => ({ ...r, error: r.error?.message })))}\n`);
  if (results.some((r) => r.status === 'failed')) process.exitCode = 1;
}

await main();
