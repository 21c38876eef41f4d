/** Loading a tasks file named by import_tasks/include_tasks: relative to the file naming it, validated, no cycles. */
import { dirname, resolve } from 'node:path';
import { DeckhandError, isDeckhandError, withContext } from '../errors.js';
import { loadYamlFile, type SourceFile, type YamlPath } from './load.js';
import { positioned } from './positions.js';
import type { BuildCtx, TreeBuilder } from './tree.js';
import { isTemplate, validateTasksSource } from './validate.js';

/** loadTasksFile loads and validates a tasks file, refusing a cycle; undefined after an error. */
export async function loadTasksFile(
  b: TreeBuilder,
  file: string,
  at: YamlPath,
  ctx: BuildCtx,
): Promise<SourceFile | undefined> {
  const role = ctx.role?.name;
  if (isTemplate(file)) {
    const e = new DeckhandError(
      'E_SCHEMA',
      `import_tasks cannot be a template (use include_tasks): ${file}`,
      {
        context: { field: 'import_tasks' },
      },
    );
    b.errors.push(positioned(ctx.src, at, e, role));
    return undefined;
  }
  const path = resolve(dirname(ctx.src.file), file);
  if (ctx.chain.includes(path)) {
    const chain = [...ctx.chain.slice(ctx.chain.indexOf(path)), path].join(' → ');
    const e = new DeckhandError('E_CYCLE', `tasks files include each other: ${chain}`, {
      context: { field: 'import_tasks' },
    });
    b.errors.push(positioned(ctx.src, at, e, role));
    return undefined;
  }
  try {
    const src = await loadYamlFile(path);
    const problems = validateTasksSource(src, b.opts.modules);
    b.errors.push(...problems.map((p) => withContext(p, { role })));
    return problems.length > 0 ? undefined : src;
  } catch (e) {
    if (!isDeckhandError(e)) throw e;
    b.errors.push(e.code === 'E_FILE' ? positioned(ctx.src, at, e, role) : withContext(e, { role }));
    return undefined;
  }
}
