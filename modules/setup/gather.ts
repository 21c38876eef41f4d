/**
 * Fact gathering over any Connector: one POSIX sh script prints `key=value` lines (uname, nproc,
 * /proc/meminfo, /etc/os-release), parsed here into the facts playbooks use (`facts.arch`, …).
 */
import { DeckhandError } from '../../src/errors.js';
import type { Connector } from '../../src/module.js';
import { ociArch, ociOs } from './arch.js';

/** Facts: what `setup` stores under the `facts` variable. */
export interface Facts {
  /** OCI os name: linux, darwin, freebsd. */
  os: string;
  /** OCI architecture: amd64, arm64, arm, 386, ppc64le, s390x, riscv64, … */
  arch: string;
  /** OCI variant where one matters (arm: v6, v7, v8). */
  variant?: string;
  /** `os/arch[/variant]`, ready for an image task's `platform`. */
  platform: string;
  /** Raw `uname -m`. */
  machine: string;
  /** Short host name (up to the first dot). */
  hostname: string;
  /** Full node name (`uname -n`). */
  nodename: string;
  /** Kernel release (`uname -r`). */
  kernel: string;
  cpus: number;
  memory_mb: number;
  /** /etc/os-release ID and VERSION_ID, when present. */
  distribution?: string;
  distribution_version?: string;
}

/** FACTS_SCRIPT prints one `key=value` line per raw fact; every probe tolerates missing tools. */
export const FACTS_SCRIPT = [
  'echo "kernel_name=$(uname -s)"',
  'echo "machine=$(uname -m)"',
  'echo "kernel=$(uname -r)"',
  'echo "nodename=$(uname -n)"',
  'echo "cpus=$(nproc 2>/dev/null || getconf _NPROCESSORS_ONLN 2>/dev/null || sysctl -n hw.ncpu 2>/dev/null)"',
  'if [ -r /proc/meminfo ]; then',
  '  while read -r k v _; do [ "$k" = MemTotal: ] && echo "mem_kb=$v"; done < /proc/meminfo',
  'else',
  '  echo "mem_bytes=$(sysctl -n hw.memsize 2>/dev/null)"',
  'fi',
  'if [ -r /etc/os-release ]; then',
  '  (. /etc/os-release; echo "distribution=${ID:-}"; echo "distribution_version=${VERSION_ID:-}")',
  'fi',
  'exit 0',
].join('\n');

/** parseFacts turns FACTS_SCRIPT's output into Facts; throws E_MODULE when the essentials are missing. */
export function parseFacts(out: string, host: string): Facts {
  const raw = new Map<string, string>();
  for (const line of out.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) raw.set(line.slice(0, eq).trim(), line.slice(eq + 1).trim());
  }
  const need = (k: string) => {
    const v = raw.get(k);
    if (!v) {
      throw new DeckhandError('E_MODULE', `setup: could not read ${k} on ${host}`, { context: { host } });
    }
    return v;
  };
  const os = ociOs(need('kernel_name'));
  const machine = need('machine');
  const { arch, variant } = ociArch(machine);
  const nodename = need('nodename');
  const memKb = Number(raw.get('mem_kb'));
  const memBytes = Number(raw.get('mem_bytes'));
  const facts: Facts = {
    os,
    arch,
    ...(variant ? { variant } : {}),
    platform: [os, arch, ...(variant ? [variant] : [])].join('/'),
    machine,
    hostname: nodename.split('.')[0] || nodename,
    nodename,
    kernel: need('kernel'),
    cpus: Number.parseInt(raw.get('cpus') ?? '', 10) || 1,
    memory_mb: memKb > 0 ? Math.floor(memKb / 1024) : memBytes > 0 ? Math.floor(memBytes / 1048576) : 0,
  };
  const dist = raw.get('distribution');
  const distVersion = raw.get('distribution_version');
  if (dist) facts.distribution = dist;
  if (distVersion) facts.distribution_version = distVersion;
  return facts;
}

/** gatherFacts runs FACTS_SCRIPT on the host behind `connector`. */
export async function gatherFacts(connector: Connector, signal?: AbortSignal): Promise<Facts> {
  const r = await connector.exec({ shell: FACTS_SCRIPT }, { signal });
  if (r.rc !== 0) {
    throw new DeckhandError(
      'E_MODULE',
      `setup failed on ${connector.host}: ${r.stderr.trim() || `rc ${r.rc}`}`,
      {
        context: { host: connector.host },
      },
    );
  }
  return parseFacts(r.stdout, connector.host);
}
