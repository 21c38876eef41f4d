/**
 * Platform strings and matching, following containerd's `platforms` package (`Parse`, `Normalize`,
 * `NewMatcher`): `linux/arm64/v8` ≡ `linux/arm64`, `aarch64` → `arm64`, `x86_64` → `amd64`, bare `arm` → `arm/v7`.
 */
import { DeckhandError } from '../errors.js';
import type { Platform } from './descriptor.js';

const COMPONENT = /^[A-Za-z0-9_.-]+$/;
const KNOWN_OS = new Set([
  'aix',
  'android',
  'darwin',
  'dragonfly',
  'freebsd',
  'illumos',
  'ios',
  'js',
  'linux',
  'netbsd',
  'openbsd',
  'plan9',
  'solaris',
  'wasip1',
  'windows',
]);
const KNOWN_ARCH = new Set([
  '386',
  'amd64',
  'arm',
  'arm64',
  'loong64',
  'mips',
  'mips64',
  'mips64le',
  'mipsle',
  'ppc64',
  'ppc64le',
  'riscv64',
  's390x',
  'wasm',
]);

function fail(s: string, what: string): never {
  throw new DeckhandError(
    'E_PLATFORM',
    `invalid platform "${s}": ${what} (expected OS/ARCH[/VARIANT], e.g. linux/arm64)`,
  );
}

/**
 * parsePlatform parses `os/arch[/variant]` and normalises it. A lone architecture (`arm64`) means Linux,
 * a lone OS (`linux`) means amd64, as containerd does on a Linux amd64 host. Throws E_PLATFORM.
 */
export function parsePlatform(s: string): Platform {
  if (typeof s !== 'string') fail(String(s), 'not a string');
  const text = s.trim();
  if (text === '') fail(s, 'it is empty');
  const parts = text.split('/');
  if (parts.length > 3) fail(s, 'too many "/"');
  parts.forEach((p, i) => {
    if (p === '') fail(s, `component ${i + 1} is empty`);
    if (!COMPONENT.test(p)) fail(s, `component "${p}" has characters other than A-Z a-z 0-9 _ . -`);
  });
  const lower = parts.map((p) => p.toLowerCase());
  if (lower.length === 1) {
    const one = lower[0] as string;
    const os = normalizeOs(one);
    if (KNOWN_OS.has(os)) return normalizePlatform({ os, architecture: 'amd64' });
    const arch = normalizePlatform({ os: 'linux', architecture: one });
    if (KNOWN_ARCH.has(arch.architecture)) return arch;
    fail(s, `"${one}" is neither a known OS nor a known architecture`);
  }
  const [os, architecture, variant] = lower as [string, string, string | undefined];
  return normalizePlatform({ os, architecture, ...(variant !== undefined ? { variant } : {}) });
}

/** formatPlatform prints `os/arch[/variant]`: 'linux/arm/v7'. */
export function formatPlatform(p: Platform): string {
  return [p.os, p.architecture, p.variant].filter((x) => x !== undefined && x !== '').join('/');
}

function normalizeOs(os: string): string {
  const o = os.toLowerCase();
  return o === 'macos' ? 'darwin' : o;
}

/** normalizeArch maps architecture and variant to containerd's canonical spelling. */
function normalizeArch(arch: string, variant: string): [string, string] {
  const a = arch.toLowerCase();
  const v = variant.toLowerCase();
  switch (a) {
    case 'i386':
      return ['386', ''];
    case 'x86_64':
    case 'x86-64':
    case 'amd64':
      return ['amd64', v === 'v1' ? '' : v];
    case 'aarch64':
    case 'arm64':
      if (v === '8' || v === 'v8' || v === 'v8.0') return ['arm64', ''];
      if (/^[0-9]/.test(v)) return ['arm64', `v${v}`];
      return ['arm64', v];
    case 'armhf':
      return ['arm', 'v7'];
    case 'armel':
      return ['arm', 'v6'];
    case 'arm':
      if (v === '' || v === '7') return ['arm', 'v7'];
      if (v === '5' || v === '6' || v === '8') return ['arm', `v${v}`];
      return ['arm', v];
    default:
      return [a, v];
  }
}

/** normalizePlatform returns the canonical form of `p` (a new object; optional fields kept). */
export function normalizePlatform(p: Platform): Platform {
  const [architecture, variant] = normalizeArch(p.architecture ?? '', p.variant ?? '');
  const out: Platform = { ...p, os: normalizeOs(p.os ?? ''), architecture };
  if (variant) out.variant = variant;
  else delete out.variant;
  return out;
}

/**
 * platformMatches tells whether an index entry (or image config) with platform `have` is what `want`
 * asks for: OS, architecture and variant equal after normalisation (containerd's matcher); when `want`
 * names an `os.version` (Windows), it must be equal too.
 */
export function platformMatches(want: Platform, have: Platform): boolean {
  const w = normalizePlatform(want);
  const h = normalizePlatform(have);
  if (w.os !== h.os || w.architecture !== h.architecture) return false;
  if ((w.variant ?? '') !== (h.variant ?? '')) return false;
  if (w['os.version'] && h['os.version'] && w['os.version'] !== h['os.version']) return false;
  return true;
}

/** isAllPlatforms tells whether a platform option means "every platform": undefined, null, '', '*' or 'all'. */
export function isAllPlatforms(s: string | undefined | null): boolean {
  if (s === undefined || s === null) return true;
  const t = String(s).trim().toLowerCase();
  return t === '' || t === '*' || t === 'all';
}
