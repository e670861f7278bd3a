/** Which of the usage file formats a file is: from its name, else from its first bytes. */
export type UsageFileFormat = 'csv' | 'json' | 'ndjson';

/** Format from the file extension (`.csv`, `.tsv`, `.json`, `.ndjson`, `.jsonl`), or undefined. */
export function formatFromName(fileName: string): UsageFileFormat | undefined {
  const m = /\.([A-Za-z]+)$/.exec(fileName);
  switch (m?.[1].toLowerCase()) {
    case 'csv':
    case 'tsv':
      return 'csv';
    case 'json':
      return 'json';
    case 'ndjson':
    case 'jsonl':
      return 'ndjson';
    default:
      return undefined;
  }
}

/**
 * Guesses the format of a file's beginning: `[` is JSON; `{` is NDJSON when the first line is a
 * whole object without an `events` array, else JSON; anything else is CSV.
 */
export function sniffFormat(head: string): UsageFileFormat {
  const s = head.replace(/^\uFEFF/, '').trimStart();
  if (s.startsWith('[')) return 'json';
  if (s.startsWith('{')) {
    const nl = s.indexOf('\n');
    const first = (nl < 0 ? s : s.slice(0, nl)).trim();
    try {
      const value: unknown = JSON.parse(first);
      const wrapped = typeof value === 'object' && value !== null && Array.isArray((value as { events?: unknown }).events);
      return wrapped ? 'json' : 'ndjson';
    } catch {
      return 'json';
    }
  }
  return 'csv';
}
