/**
 * The instant of an ISO 8601 timestamp as the agents write it (`2026-06-01T12:34:56.789Z`), read
 * from its digits: a load meets one per request, and Date.parse costs several times more. Any
 * other shape (an offset, no milliseconds, a day past the 28th that may not exist, a year before 100) goes to
 * Date.parse, so the result is always Date.parse's.
 */
export function instantOf(text: string): number {
  if (text.length !== 24 || text.charCodeAt(23) !== 0x5a /* Z */ || text.charCodeAt(10) !== 0x54 /* T */) return Date.parse(text);
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const second = digits(text, 17, 2);
  const ms = digits(text, 20, 3);
  if (
    text.charCodeAt(4) !== 0x2d ||
    text.charCodeAt(7) !== 0x2d ||
    text.charCodeAt(13) !== 0x3a ||
    text.charCodeAt(16) !== 0x3a ||
    text.charCodeAt(19) !== 0x2e ||
    year < 100 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > 28 ||
    hour > 23 ||
    minute > 59 ||
    second > 59 ||
    ms < 0
  )
    return Date.parse(text);
  return Date.UTC(year, month - 1, day, hour, minute, second, ms);
}

/** The number written by `count` decimal digits at `at`, or −1. */
function digits(text: string, at: number, count: number): number {
  let n = 0;
  for (let i = at; i < at + count; i++) {
    const d = text.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}
