/**
 * The display language of host text that is built without the VS Code API (the tree's and the
 * status bar's wording, unit-tested in Node). Its translations come from the extension's own
 * bundle (l10n/bundle.l10n.<language>.json), the one `vscode.l10n.t` reads, handed over once at
 * activation; its numbers, money and dates follow the display language through Intl.
 */
import * as l10n from '@vscode/l10n';
import { type RangePreset, type ResolvedRange } from '../core/time';

let locale = 'en-US';

/** Sets the language (`vscode.env.language`) and the translations (`vscode.l10n.bundle`, undefined for English). */
export function configureDisplay(language: string, bundle: l10n.l10nJsonFormat | undefined): void {
  locale = intlLocale(language);
  l10n.config({ contents: bundle ?? {} });
}

/** The BCP 47 locale Intl formats with: the display language when Intl knows it, else `en-US`. */
export function displayLocale(): string {
  return locale;
}

function intlLocale(language: string): string {
  try {
    return Intl.NumberFormat.supportedLocalesOf([language]).length > 0 ? language : 'en-US';
  } catch {
    return 'en-US';
  }
}

const formats = new Map<string, Intl.NumberFormat>();

/** An Intl number format for the display language, made once per language and options. */
function numberFormat(name: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${displayLocale()}|${name}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(displayLocale(), options);
    formats.set(key, f);
  }
  return f;
}

/** A whole number in the display language: `4,210`. */
export function formatInteger(n: number): string {
  return numberFormat('integer', { maximumFractionDigits: 0 }).format(n);
}

/** A share in the display language: `12.5%`. */
export function formatPercent(n: number): string {
  return numberFormat('percent', { style: 'percent', maximumFractionDigits: 1 }).format(n);
}

/** A whole percentage in the display language: `83%`. */
export function formatWholePercent(n: number): string {
  return numberFormat('whole-percent', { style: 'percent', maximumFractionDigits: 0 }).format(n);
}

const shortDays = new Map<string, Intl.DateTimeFormat>();

/** A `YYYY-MM-DD` day as month and day in the display language: `Nov 30`. */
export function formatShortDay(day: string): string {
  let f = shortDays.get(displayLocale());
  if (!f) {
    f = new Intl.DateTimeFormat(displayLocale(), { timeZone: 'UTC', month: 'short', day: 'numeric' });
    shortDays.set(displayLocale(), f);
  }
  return f.format(new Date(`${day}T00:00:00Z`));
}

/** The name of a range preset in the display language. */
export function presetLabel(id: RangePreset): string {
  const labels: Record<RangePreset, string> = {
    today: l10n.t('Today'),
    '7d': l10n.t('Last 7 days'),
    '30d': l10n.t('Last 30 days'),
    '90d': l10n.t('Last 90 days'),
    mtd: l10n.t('This month'),
    'last-month': l10n.t('Last month'),
    ytd: l10n.t('Year to date'),
    '12m': l10n.t('Last 12 months'),
    all: l10n.t('All time'),
  };
  return labels[id];
}

/** A resolved range's name in the display language (a custom range keeps its ISO days). */
export function rangeLabel(range: Pick<ResolvedRange, 'spec' | 'label'>): string {
  return range.spec.includes('..') ? range.label : presetLabel(range.spec as RangePreset);
}
