/**
 * OCI platform names for what `uname -s`/`uname -m` print, so `facts.arch` can be fed straight into an
 * image task's `platform` (OCI image-spec v1.1 image-index "platform": GOOS/GOARCH values).
 */

const ARCH: Readonly<Record<string, { arch: string; variant?: string }>> = {
  x86_64: { arch: 'amd64' },
  amd64: { arch: 'amd64' },
  i386: { arch: '386' },
  i486: { arch: '386' },
  i586: { arch: '386' },
  i686: { arch: '386' },
  // arm64's v8 is the default variant and is left out, as containerd's platform normalisation does.
  aarch64: { arch: 'arm64' },
  arm64: { arch: 'arm64' },
  armv8l: { arch: 'arm', variant: 'v8' },
  armv7l: { arch: 'arm', variant: 'v7' },
  armv7: { arch: 'arm', variant: 'v7' },
  armv6l: { arch: 'arm', variant: 'v6' },
  armv5tel: { arch: 'arm', variant: 'v5' },
  ppc64le: { arch: 'ppc64le' },
  ppc64: { arch: 'ppc64' },
  s390x: { arch: 's390x' },
  riscv64: { arch: 'riscv64' },
  loongarch64: { arch: 'loong64' },
  mips64: { arch: 'mips64' },
  mips64el: { arch: 'mips64le' },
};

/** ociArch maps a `uname -m` machine name to an OCI architecture and variant (unknown names pass through lowercased). */
export function ociArch(machine: string): { arch: string; variant?: string } {
  const m = machine.trim().toLowerCase();
  return ARCH[m] ?? { arch: m };
}

/** ociOs maps `uname -s` (Linux, Darwin, FreeBSD) to an OCI os name (linux, darwin, freebsd). */
export function ociOs(kernelName: string): string {
  const k = kernelName.trim().toLowerCase();
  return k.startsWith('mingw') || k.startsWith('msys') || k.startsWith('cygwin') ? 'windows' : k;
}
