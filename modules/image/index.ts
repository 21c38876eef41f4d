/**
 * image: pulls images into a local OCI store, pushes them to a registry, or copies between any two
 * places (schema/modules/image.schema.json; DESIGN.md §4). Both KubeKey v4 argument formats; a task
 * with both `pull` and `push` pulls first. Runs on the controller; honours --check.
 */
import { isAbsolute, join, resolve } from 'node:path';
import type { Module, ModuleContext, ModuleResult } from '../../src/module.js';
import { loadModuleSchema } from '../_shared/load-schema.js';
import { argError, checkPlatforms, compilePattern, type ArgPlace } from './arg-error.js';
import { checkAuths } from './auth.js';
import { moduleEvents } from './events.js';
import { manifestList, parseManifests } from './manifests.js';
import { pullImages } from './pull.js';
import { destAuths, pushJobs } from './push.js';
import { moduleResult } from './result.js';
import { runCopies } from './run-copies.js';
import { srcDestJobs } from './src-dest.js';
import type { AuthArg, ImageArgs, ImageEntry, Policy, PullArgs, PushArgs } from './types.js';

/** DEFAULT_SRC is where the src/dest format reads an image when `src` is absent: its own registry. */
export const DEFAULT_SRC =
  'oci://{{module.image.reference.registry}}/{{module.image.reference.repository}}:{{module.image.reference.reference}}';

/** imagesDir is `images_dir`, else `<binary_dir>/images`; relative paths resolve against the playbook. */
function imagesDir(given: string | undefined, ctx: ModuleContext, place: ArgPlace): string {
  let dir = given;
  if (dir === undefined || dir === '') {
    // Variables are rendered lazily: ask the template engine, not ctx.vars, for binary_dir's value.
    const bin = ctx.vars.binary_dir === undefined ? undefined : ctx.render('{{binary_dir}}');
    if (typeof bin !== 'string' || bin === '') {
      throw argError(
        place,
        'images_dir',
        'is not set and there is no binary_dir variable to default it from',
      );
    }
    dir = join(bin, 'images');
  }
  return isAbsolute(dir) ? dir : resolve(ctx.playbookDir, dir);
}

/** files resolves the certificate paths of auth entries against the playbook's directory. */
function files(auths: AuthArg[], ctx: ModuleContext): AuthArg[] {
  const at = (f: string | undefined) => (f ? resolve(ctx.playbookDir, f) : f);
  return auths.map((a) => ({
    ...a,
    ca_file: at(a.ca_file),
    cert_file: at(a.cert_file),
    key_file: at(a.key_file),
  }));
}

async function pull(a: PullArgs, ctx: ModuleContext): Promise<ImageEntry[]> {
  const place = { prefix: 'image.pull.', task: ctx.task.name };
  const auths = files(checkAuths(a.auths, 'image.pull.auths'), ctx);
  const refs = parseManifests(manifestList(a.manifests, place), place);
  const dir = imagesDir(a.images_dir, ctx, place);
  return pullImages(refs, dir, {
    auths,
    defaults: { skipTlsVerify: a.skip_tls_verify },
    platforms: checkPlatforms(place, 'platform', a.platform),
    policy: a.policy,
    concurrency: a.concurrency,
    check: ctx.check,
    signal: ctx.signal,
    onEvent: moduleEvents('pull', refs.length, (e) => ctx.emit(e)),
  });
}

async function push(a: PushArgs, ctx: ModuleContext): Promise<ImageEntry[]> {
  const place = { prefix: 'image.push.', task: ctx.task.name };
  const auths = files(checkAuths(a.auths, 'image.push.auths'), ctx);
  const jobs = await pushJobs({
    imagesDir: imagesDir(a.images_dir, ctx, place),
    srcPattern: compilePattern(place, 'src_pattern', a.src_pattern),
    namespaceOverride: a.namespace_override,
    renderDest: (src) => ctx.render(a.dest, { module: { image: { src: { reference: src } } } }),
    place,
  });
  return runCopies(jobs, {
    auths: destAuths(jobs, auths, { username: a.username, password: a.password }),
    defaults: {
      skipTlsVerify: a.skip_tls_verify,
      plainHttp: a.plain_http,
      caFile: a.ca_file ? resolve(ctx.playbookDir, a.ca_file) : undefined,
    },
    policy: a.policy,
    concurrency: a.concurrency,
    check: ctx.check,
    signal: ctx.signal,
    onEvent: moduleEvents('push', jobs.length, (e) => ctx.emit(e)),
  });
}

async function srcDest(a: ImageArgs, ctx: ModuleContext): Promise<ImageEntry[]> {
  const place = { prefix: 'image.', task: ctx.task.name };
  const auths = files(checkAuths(a.auths, 'image.auths'), ctx);
  const refs = parseManifests(manifestList(a.manifests, place), place);
  const pattern = compilePattern(place, 'pattern', a.pattern);
  const platforms = checkPlatforms(place, 'platform', a.platform);
  const jobs = srcDestJobs(
    refs,
    pattern,
    (which, reference) =>
      ctx.render(which === 'src' ? (a.src ?? DEFAULT_SRC) : (a.dest as string), {
        module: { image: { reference } },
      }),
    place,
    ctx.playbookDir,
  );
  return runCopies(jobs, {
    auths,
    platforms,
    policy: a.policy,
    concurrency: a.concurrency,
    check: ctx.check,
    signal: ctx.signal,
    onEvent: moduleEvents('copy', jobs.length, (e) => ctx.emit(e)),
  });
}

function failed(images: readonly ImageEntry[]): boolean {
  return images.some((i) => i.status === 'failed');
}

/** imageModule is the `image:` task key. */
export const imageModule: Module<ImageArgs> = {
  name: 'image',
  schema: loadModuleSchema('image'),
  checkMode: true,
  lateRender: ['push.dest', 'src', 'dest'],
  async run(args, ctx): Promise<ModuleResult> {
    const steps: { images: ImageEntry[]; policy: Policy }[] = [];
    if (args.pull) steps.push({ images: await pull(args.pull, ctx), policy: args.pull.policy ?? 'strict' });
    const pullFailed = steps.some((st) => st.policy === 'strict' && failed(st.images));
    // A strict pull that failed does not go on to push an incomplete set.
    if (args.push && !pullFailed) {
      steps.push({ images: await push(args.push, ctx), policy: args.push.policy ?? 'strict' });
    }
    if (!args.pull && !args.push)
      steps.push({ images: await srcDest(args, ctx), policy: args.policy ?? 'strict' });
    // The task fails when an image of a strict step failed; a warn step's failures are only reported.
    const policy = steps.some((st) => st.policy === 'strict' && failed(st.images)) ? 'strict' : 'warn';
    return moduleResult(
      steps.flatMap((st) => st.images),
      policy,
      ctx.check,
    );
  },
};
