/**
 * The two contenders and how each phase is run. deckhand: one process per phase with every image
 * (the CLI when built, else the library runner). skopeo: one process per image, in a shell loop,
 * the way users script it (`skopeo copy --all docker://… oci:DIR:REF` and back).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchRegistry } from './registry.js';
import type { ImageSpec, SetSpec } from './sets.js';

/** The repository checkout (bench/transfer/*.js lives in dist/bench/transfer/). */
export const ROOT = join(fileURLToPath(import.meta.url), '..', '..', '..', '..');

/** Where one tool's phases of one run read and write. */
export interface PhasePlan {
  set: SetSpec;
  src: BenchRegistry;
  dst: BenchRegistry;
  imagesDir: string;
  /** `host/pushed/<tool>`: pushed images land at `<destPrefix>/<repository>:<tag>`. */
  destPrefix: string;
  /** A scratch directory of this tool and run (scripts, certificates). */
  scratch: string;
}

/** A contender: the command line of a pull and of a push. */
export interface Tool {
  name: 'deckhand' | 'skopeo';
  /** How deckhand was run (`cli` or `library`); skopeo's version. */
  variant: string;
  pull(p: PhasePlan): Promise<string[]>;
  push(p: PhasePlan): Promise<string[]>;
}

function srcRef(p: PhasePlan, img: ImageSpec): string {
  return `${p.src.host}/${img.repository}:${img.tag}`;
}

/** cliWorks tells whether the built CLI has working image commands (others may be mid-edit). */
function cliWorks(cli: string): boolean {
  if (!existsSync(cli)) return false;
  try {
    execFileSync(cli, ['image', 'pull', '--help'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * deckhandTool runs `deckhand image pull|push` when the CLI has those commands, else the library
 * child; `mode` (BENCH_DECKHAND=cli|library) forces one.
 */
export function deckhandTool(mode?: string): Tool {
  const cli = join(ROOT, 'dist', 'src', 'cli', 'main.js');
  const hasCli = mode === 'library' ? false : cliWorks(cli);
  if (mode === 'cli' && !hasCli) throw new Error(`BENCH_DECKHAND=cli but ${cli} image pull --help fails`);
  const child = join(ROOT, 'dist', 'bench', 'transfer', 'deckhand-child.js');
  const node = process.execPath;
  return {
    name: 'deckhand',
    variant: hasCli ? 'cli' : 'library',
    async pull(p) {
      const refs = p.set.images.map((i) => srcRef(p, i));
      if (hasCli) return [cli, 'image', 'pull', ...refs, '--images-dir', p.imagesDir, '--plain-http'];
      return [node, child, JSON.stringify({ op: 'pull', imagesDir: p.imagesDir, refs, plainHttp: true })];
    },
    async push(p) {
      if (hasCli) {
        return [
          cli,
          'image',
          'push',
          '--images-dir',
          p.imagesDir,
          '--dest',
          `${p.destPrefix}/{{module.image.src.reference.repository}}:{{module.image.src.reference.reference}}`,
          '--creds',
          `${p.dst.username}:${p.dst.password}`,
          '--ca-file',
          p.dst.caFile!,
        ];
      }
      const args = {
        op: 'push',
        imagesDir: p.imagesDir,
        destPrefix: p.destPrefix,
        caFile: p.dst.caFile,
        username: p.dst.username,
        password: p.dst.password,
      };
      return [node, child, JSON.stringify(args)];
    },
  };
}

function q(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

function layoutRef(img: ImageSpec): string {
  return img.repository.replace(/\//g, '-');
}

async function script(p: PhasePlan, name: string, lines: string[]): Promise<string[]> {
  const file = join(p.scratch, `${name}.sh`);
  await writeFile(file, `set -e\n${lines.join('\n')}\n`);
  return ['/bin/sh', file];
}

/** skopeoTool runs one `skopeo copy --all` per image from a generated shell script. */
export function skopeoTool(version: string): Tool {
  return {
    name: 'skopeo',
    variant: version,
    async pull(p) {
      const lines = p.set.images.map(
        (i) =>
          `skopeo copy --all --quiet --src-tls-verify=false ${q(`docker://${srcRef(p, i)}`)} ${q(`oci:${p.imagesDir}:${layoutRef(i)}`)}`,
      );
      return script(p, 'pull', lines);
    },
    async push(p) {
      const certDir = join(p.scratch, 'certs');
      const lines = [`mkdir -p ${q(certDir)}`, `cp ${q(p.dst.caFile!)} ${q(join(certDir, 'ca.crt'))}`];
      for (const i of p.set.images) {
        lines.push(
          `skopeo copy --all --quiet --dest-cert-dir ${q(certDir)} --dest-creds ${q(`${p.dst.username}:${p.dst.password}`)} ${q(`oci:${p.imagesDir}:${layoutRef(i)}`)} ${q(`docker://${p.destPrefix}/${i.repository}:${i.tag}`)}`,
        );
      }
      return script(p, 'push', lines);
    },
  };
}
