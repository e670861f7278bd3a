import { DIMENSIONS, type Dimension } from '../model';
import { type Dictionary } from '../dictionary';
import { type EntitySpend } from './dailyScan';
import { compareIds } from '../compareIds';

export interface Mover {
  dimension: Dimension;
  id: string;
  name: string;
  spendMicros: number;
  previousSpendMicros: number;
  /** spend - previous (micro-units): positive moved up, negative down. */
  changeMicros: number;
  /** change / previous, or null when the previous period had no spend (new). */
  ratio: number | null;
}

/**
 * The biggest movers against the previous period, per dimension: up to `top` that rose most and
 * `top` that fell most, by the size of the change in money. Up movers come first in each dimension.
 */
export function biggestMovers(current: EntitySpend, previous: EntitySpend, dictionaries: Record<Dimension, Dictionary>, top = 3): Mover[] {
  const movers: Mover[] = [];
  for (const dimension of DIMENSIONS) {
    const now = current[dimension];
    const before = previous[dimension];
    const all: Mover[] = [];
    for (let code = 0; code < now.length; code++) {
      const change = now[code] - before[code];
      if (change === 0) continue;
      all.push({
        dimension,
        id: dictionaries[dimension].ids[code],
        name: dictionaries[dimension].names[code],
        spendMicros: now[code],
        previousSpendMicros: before[code],
        changeMicros: change,
        ratio: before[code] === 0 ? null : change / before[code],
      });
    }
    const byChange = (a: Mover, b: Mover) => Math.abs(b.changeMicros) - Math.abs(a.changeMicros) || compareIds(a.id, b.id);
    movers.push(
      ...all
        .filter((m) => m.changeMicros > 0)
        .sort(byChange)
        .slice(0, top),
    );
    movers.push(
      ...all
        .filter((m) => m.changeMicros < 0)
        .sort(byChange)
        .slice(0, top),
    );
  }
  return movers;
}
