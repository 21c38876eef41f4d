#!/usr/bin/env node
/** The `deckhand` executable: wires the process (signals, stdout, exit code) to runCli. */
import { processIo } from './io.js';
import { runCli } from './program.js';

const abort = new AbortController();
// The first Ctrl-C asks the run to stop cleanly; a second one kills the process the usual way.
process.once('SIGINT', () => abort.abort());
process.exitCode = await runCli(process.argv, processIo(abort.signal));
