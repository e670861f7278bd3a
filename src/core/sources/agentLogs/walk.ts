import { open, readdir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** True when `path` is a directory (false when it is missing or unreadable). */
export async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Every file under `dir` (sub-folders too) whose name passes `accept`, as absolute paths sorted
 * so loads are repeatable. A missing folder gives none.
 */
export async function listFiles(dir: string, accept: (name: string) => boolean): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { recursive: true, withFileTypes: true });
  } catch {
    return [];
  }
  const files: string[] = [];
  for (const entry of entries) {
    if (entry.isFile() && accept(entry.name)) files.push(join(entry.parentPath, entry.name));
  }
  return files.sort();
}

/** The folders that exist, each once even when reached by two names (a symlink, `~/.claude` twice). */
export async function existingDistinct(dirs: readonly string[]): Promise<string[]> {
  const seen = new Set<string>();
  const found: string[] = [];
  for (const dir of dirs) {
    if (!(await isDirectory(dir))) continue;
    let real = dir;
    try {
      real = await realpath(dir);
    } catch {
      // keep the given path
    }
    if (seen.has(real)) continue;
    seen.add(real);
    found.push(dir);
  }
  return found;
}

/**
 * A whole file in one read (fs/promises' readFile reads in 512 KiB rounds through the thread
 * pool, which on a busy machine costs more than the parsing). `knownSize`, the size the file had
 * when it was listed, saves asking again: bytes appended since are read by the next load.
 */
export async function readWhole(path: string, knownSize?: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const size = knownSize ?? (await handle.stat()).size;
    const bytes = Buffer.allocUnsafe(size);
    let filled = 0;
    while (filled < size) {
      const { bytesRead } = await handle.read(bytes, filled, size - filled, filled);
      if (bytesRead === 0) break; // truncated while reading: keep what was there
      filled += bytesRead;
    }
    return filled === size ? bytes : bytes.subarray(0, filled);
  } finally {
    await handle.close();
  }
}
