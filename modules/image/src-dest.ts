/**
 * The src/dest format (KubeKey ≥ v4.0.4): for every manifest matching `pattern`, `src` and `dest` are
 * rendered with `module.image.reference.{registry,repository,reference}`; `oci://HOST/REPO:TAG` is a
 * registry, `local:///DIR` a layout store (where the image is named by its own full reference).
 */
import type { SafeRegex } from '../../src/safe-regex.js';
import type { Reference } from '../../src/oci/reference.js';
import { argError, type ArgPlace } from './arg-error.js';
import { parseLocation, type Location } from './location.js';
import type { ImageJob } from './run-copies.js';

/** Renders `src` or `dest` for one image. */
export type RenderLocation = (
  which: 'src' | 'dest',
  ref: { registry: string; repository: string; reference: string },
) => unknown;

/** srcDestJobs renders both ends of every image first, so a bad template fails before anything moves. */
export function srcDestJobs(
  refs: readonly Reference[],
  pattern: SafeRegex | undefined,
  render: RenderLocation,
  place: ArgPlace,
  cwd: string,
): ImageJob[] {
  return refs
    .filter((r) => !pattern || pattern.test(r.toString()))
    .map((ref) => {
      const vars = {
        registry: ref.registry,
        repository: ref.repository,
        reference: ref.tag ?? ref.reference,
      };
      const at = (which: 'src' | 'dest'): { loc: Location; name: string } => {
        const text = render(which, vars);
        try {
          if (typeof text !== 'string') throw new Error(`rendered to ${JSON.stringify(text)}, not a string`);
          const loc = parseLocation(text, cwd);
          return { loc, name: loc.kind === 'registry' ? loc.ref.toString() : (loc.ref ?? ref.toString()) };
        } catch (e) {
          throw argError(place, which, `for ${ref.toString()} renders to an invalid location`, {
            cause: e,
            code: 'E_REFERENCE',
            image: ref.toString(),
          });
        }
      };
      const src = at('src');
      const dst = at('dest');
      return { image: ref.toString(), src: src.loc, srcRef: src.name, dst: dst.loc, dstRef: dst.name };
    });
}
