/** Turns errors into what the user reads: a one-line message, the place, then details (DESIGN.md §8.5). */
import { location, type DeckhandError } from '../errors.js';

/** formatError renders a DeckhandError as `error: FILE:LINE:COL: message`, a context line, and its details. */
export function formatError(e: DeckhandError): string {
  return `error: ${describeError(e)}\n`;
}

/** describeError is formatError without the `error: ` prefix and the final newline. */
export function describeError(e: DeckhandError): string {
  const ctx = e.context;
  const loc = location(ctx);
  const lines = [`${loc && !e.message.includes(loc) ? `${loc}: ` : ''}${e.message}`];
  const where: string[] = [];
  // Only repeat what the message does not already say (engine messages name task, host and field).
  const says = (v: string) =>
    e.message.includes(`"${v}"`) || e.message.includes(`${v}:`) || e.message.includes(`[${v}]`);
  if (ctx.task !== undefined && !says(ctx.task)) where.push(`task "${ctx.task}"`);
  if (ctx.role !== undefined && !says(ctx.role) && !e.message.includes(`${ctx.role} : `))
    where.push(`role ${ctx.role}`);
  if (ctx.host !== undefined && !says(ctx.host)) where.push(`host ${ctx.host}`);
  if (ctx.field !== undefined && !says(ctx.field)) where.push(`field ${ctx.field}`);
  if (ctx.path !== undefined && !loc && !e.message.includes(ctx.path)) where.push(`at ${ctx.path}`);
  if (where.length) lines.push(`  in ${where.join(', ')}`);
  for (const d of e.details) lines.push(`  ${d}`);
  return lines.join('\n');
}

/** formatInternalError shows the stack of an unexpected error and asks for a report. */
export function formatInternalError(e: unknown): string {
  const text = e instanceof Error ? (e.stack ?? `${e.name}: ${e.message}`) : String(e);
  return (
    `internal error: ${text}\n` +
    'This is a bug in deckhand. Please report it with the command you ran and the output above.\n'
  );
}
