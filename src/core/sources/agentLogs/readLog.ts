import { completeLinesEnd, forEachMarkedLine, lineNumberAt } from './markedLines';
import { type AgentLogReport, addSample } from './report';

/** What a parser does with one marked line's JSON; returns a reason when the line is a usage line that cannot be used. */
export type LineHandler = (json: unknown) => string | undefined;

/**
 * Runs `handle` on every line of `bytes[from..]` that carries one of `markers`, parsed as JSON.
 * Unreadable usage lines are counted and sampled, never fatal. With `final`, a last line without
 * a newline is read too, and counted unreadable when it is torn; otherwise it is left for the
 * next read. Returns the offset reading should resume from when more bytes are appended.
 */
export function readMarkedLines(
  bytes: Buffer,
  name: string,
  from: number,
  final: boolean,
  markers: readonly Buffer[],
  report: AgentLogReport,
  handle: LineHandler,
): number {
  const complete = completeLinesEnd(bytes, from, bytes.length);
  const to = final ? bytes.length : complete;
  let tailSeen = false;
  forEachMarkedLine(bytes, markers, from, to, (start, end) => {
    if (start >= complete) tailSeen = true;
    let json: unknown;
    try {
      json = JSON.parse(bytes.toString('utf8', start, end));
    } catch {
      unreadable(report, bytes, name, start, start >= complete ? 'torn last line' : 'not valid JSON');
      return;
    }
    const problem = handle(json);
    if (problem) unreadable(report, bytes, name, start, problem);
  });
  if (final && !tailSeen && complete < bytes.length && !isTornBlank(bytes, complete)) {
    // A tail cut off before its marker: it may still have been a usage record.
    try {
      JSON.parse(bytes.toString('utf8', complete, bytes.length));
    } catch {
      unreadable(report, bytes, name, complete, 'torn last line');
    }
  }
  return final ? bytes.length : complete;
}

function isTornBlank(bytes: Buffer, from: number): boolean {
  for (let i = from; i < bytes.length; i++) if (bytes[i] !== 0x20 && bytes[i] !== 0x09 && bytes[i] !== 0x0d) return false;
  return true;
}

function unreadable(report: AgentLogReport, bytes: Buffer, name: string, start: number, reason: string): void {
  report.unreadable++;
  if (report.samples.length < 20) addSample(report, `${name}:${lineNumberAt(bytes, start)}: ${reason}`);
}
