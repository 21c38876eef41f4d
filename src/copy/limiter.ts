/** A counting semaphore: bounds how many transfers of one image run at once. */

/** Limiter runs at most `max` tasks at a time, in arrival order. */
export class Limiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(readonly max: number) {
    if (!Number.isInteger(max) || max < 1)
      throw new RangeError(`concurrency must be a positive integer, got ${max}`);
  }

  /** run waits for a free slot, runs `fn`, and frees the slot however `fn` ends. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.max) await new Promise<void>((r) => this.waiting.push(r));
    else this.active++;
    try {
      return await fn();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}

/** mapLimit maps `items` through `fn` with at most `max` running at once; results keep input order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  max: number,
  fn: (item: T, i: number) => Promise<R>,
): Promise<R[]> {
  const limiter = new Limiter(max);
  return Promise.all(items.map((item, i) => limiter.run(() => fn(item, i))));
}
