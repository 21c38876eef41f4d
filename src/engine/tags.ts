/**
 * Tag selection as Ansible does it: `--tags` runs matching tasks plus `always`; `never` runs only
 * when one of its other tags is asked for; `--skip-tags` wins; `all`, `tagged`, `untagged` are special.
 */

/** TagFilter is the --tags/--skip-tags selection. */
export interface TagFilter {
  readonly only?: readonly string[];
  readonly skip?: readonly string[];
}

/** tagSelected tells whether a task with these (inherited + own) tags runs. */
export function tagSelected(tags: readonly string[], f: TagFilter): boolean {
  const skip = f.skip ?? [];
  const only = f.only ?? [];
  const untagged = tags.length === 0;
  if (skip.includes('all') || tags.some((t) => skip.includes(t))) return false;
  if (skip.includes('tagged') && !untagged) return false;
  if (skip.includes('untagged') && untagged) return false;
  if (only.length === 0 || only.includes('all'))
    return !tags.includes('never') || tags.some((t) => t !== 'never' && only.includes(t));
  if (tags.includes('always')) return true;
  if (tags.some((t) => only.includes(t))) return true;
  if (only.includes('tagged') && !untagged && !tags.includes('never')) return true;
  return only.includes('untagged') && untagged;
}
