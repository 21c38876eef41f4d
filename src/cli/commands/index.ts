/** Every CLI command, in help order. A new command is one more file in this folder and one line here. */
import type { CliCommand } from './command.js';
import { registry } from './registry.js';
import { image } from './image.js';
import { run } from './run.js';
import { validate } from './validate.js';

/** commands are registered on the program in this order. */
export const commands: readonly CliCommand[] = [run, validate, image, registry];
