/**
 * Push: local store → registry (`image.push` and `deckhand image push`). Every stored image whose full
 * reference matches `src_pattern` goes to the reference its `dest` template renders to.
 */
import type { SafeRegex } from '../../src/safe-regex.js';
import { parseReference, tryParseReference, type Reference } from '../../src/oci/reference.js';
import { registerSecret } from '../../src/redact.js';
import { LayoutStore } from '../../src/store/index.js';
import { argError, type ArgPlace } from './arg-error.js';
import { findAuth } from './auth.js';
import { runCopies, type ImageJob, type RunCopiesOptions } from './run-copies.js';
import type { AuthArg, ImageEntry } from './types.js';

/** What `dest` is rendered with, per image: `module.image.src.reference.{registry,repository,reference}`. */
export type RenderDest = (src: { registry: string; repository: string; reference: string }) => unknown;

/** Options of a push besides the shared ones. */
export interface PushPlan {
  imagesDir: string;
  /** Only stored references this matches (anywhere; anchor it yourself). */
  srcPattern?: SafeRegex;
  renderDest: RenderDest;
  /** Replaces the namespace (everything before the last `/`) of each repository before `dest` is rendered. */
  namespaceOverride?: string;
  place: ArgPlace;
}

/**
 * storedReferences lists the references in a store, normalised (`nginx:1.25` written by skopeo is
 * `docker.io/library/nginx:1.25`); bare tags other tools wrote (`latest`) name no image and are left out.
 */
export async function storedReferences(store: LayoutStore): Promise<Reference[]> {
  const out: Reference[] = [];
  for (const name of await store.tags()) {
    if (!name.includes('/') && !name.includes(':') && !name.includes('@')) continue;
    const r = tryParseReference(name);
    if (r) out.push(r);
  }
  // index.json keeps arrival order, which concurrent pulls make random: push in a stable order.
  return out.sort((a, b) => a.toString().localeCompare(b.toString()));
}

/** overrideNamespace puts `ns` in place of the repository's namespace: `library/nginx` → `ns/nginx`. */
export function overrideNamespace(repository: string, ns: string | undefined): string {
  if (!ns) return repository;
  const base = repository.slice(repository.lastIndexOf('/') + 1);
  return `${ns.replace(/^\/+|\/+$/g, '')}/${base}`;
}

/** pushJobs opens the store and renders every destination first, so a bad `dest` fails before anything moves. */
export async function pushJobs(plan: PushPlan): Promise<ImageJob[]> {
  let store: LayoutStore;
  try {
    store = await LayoutStore.open(plan.imagesDir);
  } catch (e) {
    throw argError(plan.place, 'images_dir', `cannot read the image store`, { cause: e });
  }
  const refs = (await storedReferences(store)).filter(
    (r) => !plan.srcPattern || plan.srcPattern.test(r.toString()),
  );
  return refs.map((ref) => {
    const vars = {
      registry: ref.registry,
      repository: overrideNamespace(ref.repository, plan.namespaceOverride),
      reference: ref.tag ?? ref.reference,
    };
    const rendered = plan.renderDest(vars);
    let dest: Reference;
    try {
      if (typeof rendered !== 'string')
        throw new Error(`rendered to ${JSON.stringify(rendered)}, not a string`);
      dest = parseReference(rendered.replace(/^(docker|oci):\/\//, ''));
    } catch (e) {
      throw argError(plan.place, 'dest', `for ${ref.toString()} renders to an invalid reference`, {
        cause: e,
        code: 'E_REFERENCE',
        image: ref.toString(),
      });
    }
    return {
      image: ref.toString(),
      src: { kind: 'store', dir: store.root },
      srcRef: ref.toString(),
      dst: { kind: 'registry', ref: dest },
      dstRef: dest.toString(),
    } satisfies ImageJob;
  });
}

/**
 * destAuths adds `username`/`password` for each destination registry that has no auth entry of its
 * own, so push credentials go to the registries `dest` names and nowhere else.
 */
export function destAuths(
  jobs: readonly ImageJob[],
  auths: readonly AuthArg[],
  creds: { username?: string; password?: string },
): AuthArg[] {
  const out = [...auths];
  if (!creds.username && !creds.password) return out;
  registerSecret(creds.password);
  for (const j of jobs) {
    if (j.dst.kind !== 'registry') continue;
    const registry = j.dst.ref.registry;
    if (!findAuth(registry, out)) out.push({ registry, username: creds.username, password: creds.password });
  }
  return out;
}

/** pushImages pushes what `plan` selects; one entry per image, never throws for one image. */
export async function pushImages(
  plan: PushPlan,
  opts: RunCopiesOptions & { credentials?: { username?: string; password?: string } } = {},
): Promise<ImageEntry[]> {
  const jobs = await pushJobs(plan);
  return runCopies(jobs, { ...opts, auths: destAuths(jobs, opts.auths ?? [], opts.credentials ?? {}) });
}
