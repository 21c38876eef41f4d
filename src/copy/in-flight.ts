/**
 * One transfer per destination and digest at a time, across every copy in this process: two images
 * sharing a layer move it once; the second waits and then finds it present.
 */

/** Transfers in flight by `<destination name>\0<digest>`. */
const inFlight = new Map<string, Promise<void>>();

/**
 * once runs `fn` unless a transfer of `digest` to `destination` is in flight; then it waits for that
 * one first and tells `fn` so (`waited`), which then checks again whether there is anything left to do.
 */
export async function once(
  destination: string,
  digest: string,
  fn: (waited: boolean) => Promise<void>,
): Promise<void> {
  const key = `${destination}\0${digest}`;
  let waited = false;
  for (;;) {
    const other = inFlight.get(key);
    if (!other) break;
    waited = true;
    await other.catch(() => undefined); // if that transfer failed, try ourselves
  }
  const mine = fn(waited);
  inFlight.set(key, mine);
  try {
    await mine;
  } finally {
    if (inFlight.get(key) === mine) inFlight.delete(key);
  }
}
