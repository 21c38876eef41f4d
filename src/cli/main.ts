#!/usr/bin/env -S node --max-semi-space-size=1 --liftoff-only
// The V8 flags (issue 7; measured with /usr/bin/time and process.memoryUsage on 2 cores):
// - a 1 MiB young generation instead of V8's 16 MiB collects the network and file buffers of a
//   transfer sooner: a 512 MiB pull peaked at 124-130 MB RSS with the default, 108-115 MB with it;
// - no TurboFan for WebAssembly: undici parses HTTP with llhttp compiled to wasm, and V8 re-compiled
//   its hot functions with TurboFan in the middle of every run, 35 MB of compiler memory and 50 ms
//   of CPU; Liftoff's code parses headers as fast for our request counts. A 20-image re-pull:
//   97 -> 61 MB peak RSS, 0.23 -> 0.18 s user CPU; a 512 MiB pull 108 -> 77 MB, no slower.
// Neither can be set after start-up (v8.setFlagsFromString leaves the heap and the wasm tiers as
// they are), hence the shebang; `node main.js` works too, without them.
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
