import { type Ledger } from './provider-fixtures';

/** Sums of a fixture ledger, the truth the provider tests compare with. */

export function sumBy<T>(items: readonly T[], key: (item: T) => string, value: (item: T) => number): Map<string, number> {
  const sums = new Map<string, number>();
  for (const item of items) sums.set(key(item), (sums.get(key(item)) ?? 0) + value(item));
  return sums;
}

export function billedTotal(ledger: Ledger): number {
  return ledger.costs.reduce((sum, c) => sum + c.micros, 0);
}

/** Billed micros by project/workspace id ('null' for none). */
export function billedByGroup(ledger: Ledger): Map<string, number> {
  return sumBy(
    ledger.costs,
    (c) => String(c.group),
    (c) => c.micros,
  );
}

/** Billed micros by the model the line item names (else the item). */
export function billedByModel(ledger: Ledger): Map<string, number> {
  return sumBy(
    ledger.costs,
    (c) => c.model ?? c.item,
    (c) => c.micros,
  );
}

export interface Tokens {
  input: number;
  cacheRead: number;
  cacheWrite: number;
  output: number;
}

export function tokensByModel(ledger: Ledger): Map<string, Tokens> {
  const sums = new Map<string, Tokens>();
  for (const u of ledger.usage) {
    const t = sums.get(u.model) ?? { input: 0, cacheRead: 0, cacheWrite: 0, output: 0 };
    t.input += u.input;
    t.cacheRead += u.cacheRead;
    t.cacheWrite += u.cache5m + u.cache1h;
    t.output += u.output;
    sums.set(u.model, t);
  }
  return sums;
}
