/**
 * Variable lookup for templates: own properties only (no prototype is ever reached), and the
 * variables object a lazy value came from, so that it renders there.
 */

/** LAZY marks a scope's set of top-level names whose values are templates to render on use. */
export const LAZY: unique symbol = Symbol('deckhand.lazy');

/** A variables object as templates see it. */
export type Vars = Readonly<Record<string, unknown>> & { readonly [LAZY]?: ReadonlySet<string> };

/** Undefined is thrown inside a template when a variable is missing; render() turns it into E_UNDEFINED. */
export class Undefined extends Error {
  constructor(
    readonly variable: string,
    /** The missing name and the names that were there, for a "did you mean" hint. */
    readonly missing: string,
    readonly candidates: readonly string[],
  ) {
    super(variable);
  }
}

/** missingPart finds which segment of a path is missing and what its container held. */
export function missingPart(ctx: unknown, root: Vars, parts: string[]): [string, string[]] {
  let v: unknown =
    ctx !== root && ctx !== null && typeof ctx === 'object' && Object.hasOwn(ctx, parts[0] as string)
      ? ctx
      : root;
  for (const p of parts) {
    if (v === null || v === undefined || typeof v !== 'object' || !Object.hasOwn(v, p)) {
      return [p, v !== null && typeof v === 'object' ? Object.keys(v) : []];
    }
    v = (v as Record<string, unknown>)[p];
  }
  return [parts[parts.length - 1] as string, []];
}

/** The result of a lookup. */
export interface Found {
  found: boolean;
  value: unknown;
  /** The variables object a lazy (template) value came from: it renders there (e.g. hostvars.h1.url as h1). */
  home?: Vars;
}

function lazyIn(obj: unknown, key: string): Vars | undefined {
  const lazy = obj !== null && typeof obj === 'object' ? (obj as Vars)[LAZY] : undefined;
  return lazy?.has(key) ? (obj as Vars) : undefined;
}

/** lookup resolves a dotted path on the block context, then on the root variables (own properties only). */
export function lookup(ctx: unknown, root: Vars, parts: string[]): Found {
  const first = parts[0] as string;
  let v: unknown;
  let home: Vars | undefined;
  if (ctx !== root && ctx !== null && typeof ctx === 'object' && Object.hasOwn(ctx, first)) {
    v = (ctx as Record<string, unknown>)[first];
  } else if (Object.hasOwn(root, first)) {
    v = root[first];
    home = lazyIn(root, first);
  } else return { found: false, value: undefined };
  for (let i = 1; i < parts.length; i++) {
    if (v === null || v === undefined) return { found: false, value: undefined };
    const key = parts[i] as string;
    const obj = typeof v === 'object' ? v : Object(v);
    if (!Object.hasOwn(obj, key)) return { found: false, value: undefined };
    home = lazyIn(obj, key) ?? home;
    v = (obj as Record<string, unknown>)[key];
  }
  return { found: true, value: v, home };
}
