/**
 * The byte-level pre-filter of the agent-log parsers. Most lines of a Claude Code or Codex log
 * are not usage records (prompts, tool results, file contents), and usage records are compact
 * JSON, so instead of splitting every line and parsing it, the parsers search the raw bytes for
 * a marker that only a wanted record carries (`"usage":{`, `"token_count"`) and cut out just
 * the lines that contain one. Inside a JSON string a quote is escaped (`\"`), so a marker that
 * contains `":` cannot match text quoted in a message.
 */

const NEWLINE = 0x0a;

/**
 * Calls `visit(start, end)` once for every line of `bytes[from..to)` that contains at least one
 * of `markers`, in file order; `end` excludes the newline (and a CR before it). Returns nothing:
 * lines without a newline at `to` are visited too (callers decide whether a tail is complete).
 */
export function forEachMarkedLine(bytes: Buffer, markers: readonly Buffer[], from: number, to: number, visit: (start: number, end: number) => void): void {
  const next = markers.map((marker) => find(bytes, marker, from, to));
  let cursor = from;
  for (;;) {
    let position = -1;
    for (const candidate of next) if (candidate >= 0 && (position < 0 || candidate < position)) position = candidate;
    if (position < 0) return;
    const start = position > from ? bytes.lastIndexOf(NEWLINE, position - 1) + 1 : from;
    let end = bytes.indexOf(NEWLINE, position);
    if (end < 0 || end > to) end = to;
    cursor = end + 1;
    let contentEnd = end;
    if (contentEnd > start && bytes[contentEnd - 1] === 0x0d) contentEnd--;
    visit(Math.max(start, from), contentEnd);
    if (cursor >= to) return;
    for (let k = 0; k < markers.length; k++) if (next[k] >= 0 && next[k] < cursor) next[k] = find(bytes, markers[k], cursor, to);
  }
}

function find(bytes: Buffer, marker: Buffer, from: number, to: number): number {
  const at = bytes.indexOf(marker, from);
  return at >= 0 && at + marker.length <= to ? at : -1;
}

/** 1-based number of the line that starts at byte `offset` (counted only for the few lines reported). */
export function lineNumberAt(bytes: Buffer, offset: number): number {
  let line = 1;
  for (let at = bytes.indexOf(NEWLINE, 0); at >= 0 && at < offset; at = bytes.indexOf(NEWLINE, at + 1)) line++;
  return line;
}

/** The byte just after the last newline of `bytes[from..to)`: where a reader resumes when more is appended. */
export function completeLinesEnd(bytes: Buffer, from: number, to: number): number {
  const last = bytes.lastIndexOf(NEWLINE, to - 1);
  return last >= from ? last + 1 : from;
}
