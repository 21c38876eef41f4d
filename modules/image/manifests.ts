/** The `manifests` argument: a list (or a template that rendered to one) of image references. */
import { parseReference, type Reference } from '../../src/oci/reference.js';
import { argError, type ArgPlace } from './arg-error.js';

/** manifestList accepts a list, or a string of references separated by commas or whitespace. */
export function manifestList(value: unknown, place: ArgPlace, field = 'manifests'): string[] {
  if (Array.isArray(value)) {
    return value.map((v, i) => {
      if (typeof v !== 'string')
        throw argError(place, `${field}[${i}]`, `must be a string, got ${JSON.stringify(v)}`);
      return v.trim();
    });
  }
  if (typeof value === 'string') return value.split(/[\s,]+/).filter(Boolean);
  if (value === undefined || value === null) return [];
  throw argError(place, field, `must be a list of image references, got ${JSON.stringify(value)}`);
}

/** parseManifests parses and de-duplicates references, naming the entry that is invalid (E_REFERENCE). */
export function parseManifests(list: readonly string[], place: ArgPlace, field = 'manifests'): Reference[] {
  const seen = new Set<string>();
  const out: Reference[] = [];
  list.forEach((m, i) => {
    let ref: Reference;
    try {
      ref = parseReference(m);
    } catch (e) {
      throw argError(place, `${field}[${i}]`, 'bad image reference', { cause: e, code: 'E_REFERENCE' });
    }
    const key = ref.toString();
    if (!seen.has(key)) {
      seen.add(key);
      out.push(ref);
    }
  });
  return out;
}
