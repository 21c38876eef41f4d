/**
 * Fixtures of the image module's integration tests: a registry seeded with three generated images
 * (one multi-arch), and an in-process playbook run through runPlaybook with the built-in modules.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { builtinModules } from '../../../../modules/index.js';
import { runPlaybook, type RunReport } from '../../../../src/engine/run-playbook.js';
import { closeAllClients, openRepository } from '../../../../src/registry/index.js';
import { startRegistry, type RunningRegistry } from '../../../helpers/registry-server.js';
import { makeImage, makeIndex, pushImage, type TestImage } from '../../../helpers/test-images.js';

/** The seeded images: `multi` (linux/amd64 + linux/arm64 + linux/arm/v7), `alpha`, `beta`. */
export interface Seeded {
  reg: RunningRegistry;
  images: { multi: TestImage & { images: TestImage[] }; alpha: TestImage; beta: TestImage };
  /** Full references of the three images in the registry. */
  refs: { multi: string; alpha: string; beta: string };
}

/** seededRegistry starts a registry (plain, or TLS + htpasswd) and pushes the three test images. */
export async function seededRegistry(
  t: TestContext,
  opts: { tls?: boolean; auth?: boolean } = {},
): Promise<Seeded | undefined> {
  const reg = await startRegistry(t, opts);
  if (!reg) return undefined;
  t.after(closeAllClients);
  const images = {
    multi: makeIndex({
      seed: 'img-multi',
      layerSize: 2048,
      platforms: [
        { os: 'linux', architecture: 'amd64' },
        { os: 'linux', architecture: 'arm64' },
        { os: 'linux', architecture: 'arm', variant: 'v7' },
      ],
    }),
    alpha: makeImage({ seed: 'img-alpha', layerSize: 4096 }),
    beta: makeImage({ seed: 'img-beta', layers: 3, layerSize: 1024 }),
  };
  const refs = {
    multi: `${reg.host}/org/multi:1.0`,
    alpha: `${reg.host}/org/alpha:2.1`,
    beta: `${reg.host}/tools/beta:latest`,
  };
  const options = {
    ...(reg.caFile ? { caFile: reg.caFile } : {}),
    ...(reg.username ? { credentials: { username: reg.username, password: reg.password } } : {}),
  };
  for (const k of ['multi', 'alpha', 'beta'] as const) {
    await pushImage(openRepository(refs[k], options), images[k], refs[k]);
  }
  return { reg, images, refs };
}

/** tempDir makes a directory removed after the test. */
export async function tempDir(t: TestContext, prefix = 'deckhand-image-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** runYaml writes `yaml` as a playbook in `dir` and runs it in-process on the implicit localhost. */
export async function runYaml(
  dir: string,
  yaml: string,
  extraVars: Record<string, unknown> = {},
  opts: { check?: boolean } = {},
): Promise<RunReport> {
  const playbookPath = join(dir, `play-${Math.random().toString(36).slice(2)}.yaml`);
  await writeFile(playbookPath, yaml);
  return runPlaybook({
    playbookPath,
    inventoryPaths: [],
    extraVars,
    forks: 5,
    check: opts.check ?? false,
    modules: builtinModules,
  });
}

/** hostResult returns the registered result of `task` on localhost. */
export function taskResult(report: RunReport, task: string) {
  for (const p of report.plays) {
    const found = p.tasks.find((x) => x.name === task);
    if (found) {
      const r = found.hosts.localhost;
      if (!r) throw new Error(`task "${task}" did not run on localhost`);
      return r;
    }
  }
  throw new Error(`no task "${task}" in the report`);
}
