/**
 * A minimal, deterministic POSIX ustar writer for the bundled fixture image: regular files and
 * directories only, fixed owner and mtime, so the same input always gives the same bytes.
 */

/** One entry of a tar archive; a path ending in "/" is a directory. */
export interface TarEntry {
  path: string;
  content?: string | Buffer;
  mode?: number;
}

const BLOCK = 512;

function field(buf: Buffer, offset: number, length: number, value: string): void {
  buf.write(value, offset, Math.min(length, Buffer.byteLength(value)), 'ascii');
}

function octal(n: number, length: number): string {
  return `${n.toString(8).padStart(length - 1, '0')}\0`;
}

function header(entry: TarEntry, size: number, mtime: number): Buffer {
  const h = Buffer.alloc(BLOCK);
  const dir = entry.path.endsWith('/');
  if (Buffer.byteLength(entry.path) > 100) throw new Error(`tar path too long: ${entry.path}`);
  field(h, 0, 100, entry.path);
  field(h, 100, 8, octal(entry.mode ?? (dir ? 0o755 : 0o644), 8));
  field(h, 108, 8, octal(0, 8));
  field(h, 116, 8, octal(0, 8));
  field(h, 124, 12, octal(size, 12));
  field(h, 136, 12, octal(mtime, 12));
  h.fill(0x20, 148, 156); // the checksum is computed with its own field as spaces
  field(h, 156, 1, dir ? '5' : '0');
  field(h, 257, 6, 'ustar\0');
  field(h, 263, 2, '00');
  field(h, 265, 32, 'root');
  field(h, 297, 32, 'root');
  let sum = 0;
  for (const b of h) sum += b;
  field(h, 148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
  return h;
}

/** tar builds an uncompressed archive of `entries` in the given order, all with modification time `mtime`. */
export function tar(entries: TarEntry[], mtime = 0): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    const data = e.path.endsWith('/') ? Buffer.alloc(0) : Buffer.from(e.content ?? '');
    parts.push(header(e, data.length, mtime), data);
    const pad = (BLOCK - (data.length % BLOCK)) % BLOCK;
    if (pad) parts.push(Buffer.alloc(pad));
  }
  parts.push(Buffer.alloc(2 * BLOCK));
  return Buffer.concat(parts);
}
