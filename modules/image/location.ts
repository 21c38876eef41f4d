/**
 * Where an image is: a registry (`docker://REF`, `oci://HOST/REPO:TAG`, or a bare reference) or a
 * local layout store (`oci:DIR[:REF]` as skopeo spells it, or KubeKey's `local:///DIR`).
 */
import { isAbsolute, resolve } from 'node:path';
import { DeckhandError } from '../../src/errors.js';
import { parseReference, type Reference } from '../../src/oci/reference.js';

/** A parsed location. A store's `ref` is the name inside the store (absent: the image's own reference). */
export type Location = { kind: 'registry'; ref: Reference } | { kind: 'store'; dir: string; ref?: string };

/** parseLocation parses one of the spellings above; relative store paths resolve against `cwd`. Throws E_REFERENCE. */
export function parseLocation(text: string, cwd: string = process.cwd()): Location {
  const s = text.trim();
  if (s.startsWith('docker://')) return { kind: 'registry', ref: parseReference(s.slice(9)) };
  if (s.startsWith('oci://')) return { kind: 'registry', ref: parseReference(s.slice(6)) };
  if (s.startsWith('local://')) {
    const dir = s.slice('local://'.length);
    if (!dir) throw bad(text, 'local:// needs a directory (local:///srv/images)');
    return { kind: 'store', dir: resolve(cwd, dir) };
  }
  if (s.startsWith('oci:')) {
    const rest = s.slice(4);
    const colon = rest.indexOf(':');
    const dir = colon < 0 ? rest : rest.slice(0, colon);
    const ref = colon < 0 ? undefined : rest.slice(colon + 1);
    if (!dir) throw bad(text, 'oci: needs a directory (oci:DIR[:REF])');
    if (ref !== undefined && ref === '') throw bad(text, 'nothing after the second ":"');
    return { kind: 'store', dir: isAbsolute(dir) ? dir : resolve(cwd, dir), ...(ref ? { ref } : {}) };
  }
  return { kind: 'registry', ref: parseReference(s) };
}

function bad(text: string, why: string): DeckhandError {
  return new DeckhandError('E_REFERENCE', `invalid image location "${text}": ${why}`, {
    context: { reference: text },
  });
}

/** formatLocation prints a location the way results show it: `REF` or `oci:DIR:REF`. */
export function formatLocation(loc: Location, ref?: string): string {
  if (loc.kind === 'registry') return loc.ref.toString();
  const name = loc.ref ?? ref;
  return name ? `oci:${loc.dir}:${name}` : `oci:${loc.dir}`;
}
