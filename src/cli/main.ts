#!/usr/bin/env -S node --max-semi-space-size=1
// The V8 flag (issue 7): a 1 MiB young generation instead of V8's 16 MiB collects the network and
// file buffers of a transfer sooner; a 512 MiB pull peaked at 130 MB RSS with the default and at
// 108-115 MB with it, at the same CPU time. It cannot be set after start-up (v8.setFlagsFromString
// leaves the heap as it is), hence the shebang; `node main.js` works too, without it.
/** The `deckhand` executable: wires the process (signals, stdout, exit code) to runCli. */
import { processIo } from './io.js';
import { runCli } from './program.js';

const abort = new AbortController();
// The first Ctrl-C asks the run to stop cleanly (running commands are killed, the error says so); a
// second one exits at once. The listener stays installed: execa's signal-exit re-raises the signal
// (killing us before we can report) when it finds itself the only SIGINT listener.
process.on('SIGINT', () => {
  if (abort.signal.aborted) process.exit(130);
  abort.abort();
});
// `deckhand run … | head` closes our stdout early; that is the reader's choice, not a crash.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}
process.exitCode = await runCli(process.argv, processIo(abort.signal));
