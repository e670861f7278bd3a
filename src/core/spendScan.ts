import { type Dimension } from './model';
import { Accumulator } from './scan';
import { type UsageStore } from './store';

/**
 * Spend per entity of every dimension, added call by call over ranges of events that pass the
 * filters: for the insights, which need spend per day and per entity but no runs, tokens or users.
 */
export class SpendScan {
  private readonly acc: Accumulator;
  /** False when the filters match no event (then nothing is added). */
  readonly matches: boolean;

  constructor(store: UsageStore, codes: Record<Dimension, number>) {
    this.acc = new Accumulator(store, 'spend');
    this.matches = this.acc.filter(codes);
  }

  /** Spend by entity code, per dimension. */
  get spendBy(): Record<Dimension, Float64Array> {
    return this.acc.result().spendBy;
  }

  /** Adds events `lo..hi` (store indices) that pass the filters; returns their spend. */
  add(lo: number, hi: number): number {
    if (!this.matches || hi <= lo) return 0;
    this.acc.add(lo, hi);
    return this.acc.daySpendSum;
  }
}
