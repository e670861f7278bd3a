/**
 * Text for the terminal. Names come from usage files other people wrote: control characters
 * (escape sequences, line breaks) would break the layout or drive the terminal, and
 * bidirectional overrides (U+202E, U+2066…) would make text read differently from what it is
 * ("Trojan Source"). Controls become spaces; bidi formatting characters become U+FFFD, so it
 * shows that something was there.
 */
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/g;
const BIDI_CHARS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** One line of terminal text with controls as spaces and bidi formatting characters as U+FFFD. */
export function terminalSafe(text: string): string {
  return text.replace(CONTROL_CHARS, ' ').replace(BIDI_CHARS, '\uFFFD');
}
