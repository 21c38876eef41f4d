/**
 * Loads a module's argument schema from schema/modules/<name>.schema.json, so the schema editors see
 * (yaml-language-server `$schema`) and the one the engine validates with are the same file.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JsonSchema } from '../../src/module.js';
import { packageRoot } from './package-root.js';

/** loadModuleSchema reads and parses schema/modules/<name>.schema.json (synchronously, once per module). */
export function loadModuleSchema(name: string): JsonSchema {
  const file = join(packageRoot(), 'schema', 'modules', `${name}.schema.json`);
  return JSON.parse(readFileSync(file, 'utf8')) as JsonSchema;
}
