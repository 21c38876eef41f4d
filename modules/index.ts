/** The built-in module table the CLI hands to the engine (DESIGN.md §1: the engine never imports modules). */
import type { Module } from '../src/module.js';
import { assertModule } from './assert/index.js';
import { commandModule } from './command/index.js';
import { copyModule } from './copy/index.js';
import { debugModule } from './debug/index.js';
import { failModule } from './fail/index.js';
import { fetchModule } from './fetch/index.js';
import { imageModule } from './image/index.js';
import { includeVarsModule } from './include_vars/index.js';
import { setFactModule } from './set_fact/index.js';
import { setupModule } from './setup/index.js';
import { shellModule } from './shell/index.js';
import { templateModule } from './template/index.js';

const all: Module<never>[] = [
  assertModule,
  commandModule,
  copyModule,
  debugModule,
  failModule,
  fetchModule,
  imageModule,
  includeVarsModule,
  setFactModule,
  setupModule,
  shellModule,
  templateModule,
];

/** builtinModules maps a task key (`command`, `copy`, …) to its module. */
export const builtinModules: ReadonlyMap<string, Module> = new Map(
  all.map((m) => [m.name, m as unknown as Module]),
);
