/** include_vars: reads variables from a YAML/JSON file on the controller (schema/modules/include_vars.schema.json). */
import { parse, YAMLParseError } from 'yaml';
import { DeckhandError } from '../../src/errors.js';
import type { Module } from '../../src/module.js';
import { readControllerFile } from '../_shared/controller-file.js';
import { loadModuleSchema } from '../_shared/load-schema.js';

/** IncludeVarsArgs: the file and an optional name to nest the variables under. */
export interface IncludeVarsArgs {
  file: string;
  name?: string;
}

/** includeVarsModule returns the file's mapping as `facts`; a parse error is E_YAML with file:line:col. */
export const includeVarsModule: Module<IncludeVarsArgs> = {
  name: 'include_vars',
  schema: loadModuleSchema('include_vars'),
  checkMode: true,
  freeForm: 'file',
  async run(args, ctx) {
    const { path, content } = await readControllerFile(ctx, args.file, 'file', 'vars');
    let value: unknown;
    try {
      value = parse(content.toString('utf8'), { uniqueKeys: true });
    } catch (e) {
      if (!(e instanceof YAMLParseError)) throw e;
      const pos = e.linePos?.[0];
      throw new DeckhandError('E_YAML', `${path}: ${e.message.split('\n')[0]}`, {
        cause: e,
        context: { file: path, line: pos?.line, col: pos?.col, field: 'file' },
      });
    }
    if (value === null || value === undefined) value = {};
    if (typeof value !== 'object' || Array.isArray(value)) {
      throw new DeckhandError(
        'E_MODULE',
        `${path} must hold a mapping of variables, not ${Array.isArray(value) ? 'a list' : typeof value}`,
        {
          context: { file: path, field: 'file' },
        },
      );
    }
    const vars = value as Record<string, unknown>;
    const facts = args.name ? { [args.name]: vars } : vars;
    return { changed: false, facts, data: facts };
  },
};
