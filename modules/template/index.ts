/** template: renders a Handlebars file with the host's variables onto the host (schema/modules/template.schema.json). */
import type { Module } from '../../src/module.js';
import { withContext, isDeckhandError } from '../../src/errors.js';
import { readControllerFile } from '../_shared/controller-file.js';
import { parseMode } from '../_shared/file-mode.js';
import { loadModuleSchema } from '../_shared/load-schema.js';
import { putFile } from '../_shared/put-file.js';

/** TemplateArgs: the template on the controller, the destination, the mode and `force`. */
export interface TemplateArgs {
  src: string;
  dest: string;
  mode?: string | number;
  force?: boolean;
}

/** templateModule renders through ctx.renderString (strict undefined, the engine's helpers) and places the file idempotently. */
export const templateModule: Module<TemplateArgs> = {
  name: 'template',
  schema: loadModuleSchema('template'),
  checkMode: true,
  async run(args, ctx) {
    const mode = parseMode(args.mode);
    const src = await readControllerFile(ctx, args.src, 'src', 'templates');
    let text: string;
    try {
      text = ctx.renderString(src.content.toString('utf8'));
    } catch (e) {
      // The error names the variable; add which template it came from.
      if (isDeckhandError(e)) throw withContext(e, { path: src.path, field: 'src' });
      throw e;
    }
    return putFile(ctx, args.dest, Buffer.from(text, 'utf8'), { mode, force: args.force ?? true });
  },
};
