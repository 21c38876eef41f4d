/**
 * `n`/`last` pagination for tags and catalog (distribution-spec v1.1 "Listing Tags"): results in
 * lexical order after `last`, at most `n`, and a `Link: <…>; rel="next"` header when more remain.
 */
import { compareAscii } from './repositories.js';
import { WireError } from './wire-errors.js';

/** One page and the link to the next, if any. */
export interface Page {
  items: string[];
  link?: string;
}

/** Largest page we hand out when the client does not ask for a size (distribution uses 100 for the catalog). */
export const DEFAULT_PAGE = 1000;

/** paginate cuts a sorted list; `path` is the endpoint the next link points at. */
export function paginate(all: string[], query: URLSearchParams, path: string): Page {
  const nText = query.get('n');
  let n = DEFAULT_PAGE;
  if (nText !== null && nText !== '') {
    if (!/^\d+$/.test(nText)) {
      throw new WireError('PAGINATION_NUMBER_INVALID', 'invalid number of results requested', { n: nText });
    }
    n = Number(nText);
  }
  const last = query.get('last');
  const after = last ? all.filter((x) => compareAscii(x, last) > 0) : all;
  const items = after.slice(0, n);
  if (n === 0 || after.length <= n) return { items };
  const next = new URLSearchParams({ last: items[items.length - 1], n: String(n) });
  return { items, link: `<${path}?${next.toString()}>; rel="next"` };
}
