/** Where fetch puts a file on the controller (Ansible's layout), and the atomic write that puts it there. */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, posix, resolve } from 'node:path';

/**
 * localDest: without `flat`, `<dest>/<host>/<src path>` (so hosts never overwrite each other); with
 * `flat`, `dest` itself, or `<dest>/<basename of src>` when dest ends with `/` or is a directory.
 */
export async function localDest(
  src: string,
  dest: string,
  flat: boolean,
  host: string,
  baseDir: string,
): Promise<string> {
  const root = isAbsolute(dest) ? dest : resolve(baseDir, dest);
  if (!flat) return join(root, host, posix.normalize(`/${src}`));
  if (dest.endsWith('/') || (await isDirectory(root))) return join(root, posix.basename(src));
  return root;
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/** readLocal returns the file's bytes, or null when it does not exist. */
export async function readLocal(path: string): Promise<Buffer | null> {
  try {
    return await readFile(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

/** writeLocalAtomic creates missing parents, writes a temp file beside `path`, fsyncs it and renames it over `path`. */
export async function writeLocalAtomic(path: string, content: Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${basename(path)}.deckhand-${randomBytes(6).toString('hex')}.tmp`);
  try {
    const fh = await open(tmp, 'wx', 0o644);
    try {
      await fh.writeFile(content);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
}
