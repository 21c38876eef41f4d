/**
 * Cleanups that must run even when the test process is interrupted (a leaked system user, sudoers
 * file, network namespace or sshd would outlive the test). Synchronous, so they can run from an
 * 'exit' or signal handler.
 */

/** emergency holds the pending cleanups; add one after installHandlers(), delete it once done. */
export const emergency = new Set<() => void>();
let handlersInstalled = false;

/** installHandlers runs every pending cleanup on exit, SIGINT and SIGTERM (once per process). */
export function installHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  const runAll = (): void => {
    for (const f of emergency) {
      try {
        f();
      } catch {
        // best effort: the process is going away
      }
    }
    emergency.clear();
  };
  process.once('exit', runAll);
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      runAll();
      process.kill(process.pid, sig); // the default action, now that our handler is gone
    });
  }
}
