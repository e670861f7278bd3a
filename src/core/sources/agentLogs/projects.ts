/**
 * Workers of the agent-log sources are projects: the working directory a session ran in. The id
 * is the path as logged (trailing separators dropped, a Windows drive letter upper-cased); the
 * name is its folder name, with the parent folder added when two projects share a folder name.
 */

/** Splits a POSIX or Windows path into its folder names. */
export function pathSegments(path: string): string[] {
  return path.split(/[\\/]+/).filter((segment) => segment.length > 0);
}

/** The id of a project directory: the path as logged, normalised just enough to match itself. */
export function projectId(cwd: string): string {
  let id = cwd.trim();
  if (/^[a-z]:[\\/]/.test(id)) id = id[0].toUpperCase() + id.slice(1);
  while (id.length > 1 && /[\\/]$/.test(id) && !/^[A-Za-z]:[\\/]$/.test(id)) id = id.slice(0, -1);
  return id;
}

/**
 * Readable names for project ids: the folder name, or `parent/folder` (then the whole path) where
 * a shorter name would be shared by two projects.
 */
export function projectNames(ids: Iterable<string>): Map<string, string> {
  const all = [...new Set(ids)];
  const names = new Map<string, string>();
  let pending = all;
  for (let depth = 1; pending.length > 0 && depth <= 64; depth++) {
    const candidates = new Map<string, string[]>();
    for (const id of pending) {
      const name = tail(id, depth);
      const same = candidates.get(name);
      if (same) same.push(id);
      else candidates.set(name, [id]);
    }
    const next: string[] = [];
    for (const [name, sharing] of candidates) {
      if (sharing.length === 1 || sharing.every((id) => tail(id, depth + 1) === name)) {
        for (const id of sharing) names.set(id, sharing.length === 1 ? name : id);
      } else next.push(...sharing);
    }
    pending = next;
  }
  for (const id of pending) names.set(id, id);
  return names;
}

function tail(id: string, depth: number): string {
  const segments = pathSegments(id);
  if (segments.length === 0) return id;
  return segments.slice(-depth).join('/');
}
