import { type DashboardStringKey, type DashboardStrings } from '../src/protocol/strings';

export type { DashboardStringKey };

/**
 * The dashboard's words, as the host sent them in `init` (from the extension's l10n bundle). The
 * webview translates nothing itself: before `init` arrives every text is empty.
 */
let table: Partial<DashboardStrings> = {};

export function setStrings(strings: DashboardStrings): void {
  table = strings;
}

/** The host's text for `key`, with `{0}`, `{1}`… replaced by `args`. */
export function t(key: DashboardStringKey, ...args: (string | number)[]): string {
  const text = table[key] ?? '';
  return args.length === 0 ? text : text.replace(/\{(\d+)\}/g, (match, i: string) => (Number(i) < args.length ? String(args[Number(i)]) : match));
}
