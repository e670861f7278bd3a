import { DIMENSIONS, type Dimension } from '../model';
import { type Dictionary } from '../dictionary';
import { detailIndex, type DayDetail } from './dayDetail';
import { medianInPlace } from './robust';
import { type Spike } from './spikes';
import { compareIds } from '../compareIds';

export interface Driver {
  dimension: Dimension;
  id: string;
  name: string;
  /** The entity's spend on the spike day. */
  spendMicros: number;
  /** Its own baseline: the median of its spend on the days the spike was measured against. */
  expectedMicros: number;
  /** Its usual share of all spend on those days, 0..1: near 1, it rises with every spike and explains little. */
  baselineShare: number;
  /** How specific a cause it is: the rise weighted by how little of the spend the entity usually is. */
  score: number;
}

export interface DriverOptions {
  /** At most this many drivers per dimension (default 3). */
  perDimension?: number;
  /** A driver's rise must be at least this share of the day's rise (default 0.05). */
  minShareOfRise?: number;
}

/**
 * Why a spike day was high: per dimension, the entities whose spend rose most against their own
 * baseline, largest rise first. The list as a whole leads with the most specific cause: an
 * entity that is nearly all of the spend anyway (the only model in use) is kept but goes last.
 */
export function spikeDrivers(detail: DayDetail, spike: Spike, dictionaries: Record<Dimension, Dictionary>, options: DriverOptions = {}): Driver[] {
  const perDimension = options.perDimension ?? 3;
  const minShare = options.minShareOfRise ?? 0.05;
  const dayIndex = detailIndex(detail, spike.day);
  if (dayIndex < 0) return [];
  const baseIndexes = spike.baseline.map((day) => detailIndex(detail, day)).filter((i) => i >= 0);
  // Shares are of the first dimension's total: every dimension adds up to the same spend.
  let baselineTotal = 0;
  {
    const size = detail.sizes[DIMENSIONS[0]];
    const spend = detail.byEntity[DIMENSIONS[0]];
    for (const i of baseIndexes) for (let code = 0; code < size; code++) baselineTotal += spend[i * size + code];
  }
  const rise = spike.spendMicros - spike.expectedMicros;
  const drivers: Driver[] = [];
  const values = new Float64Array(baseIndexes.length);
  for (const dimension of DIMENSIONS) {
    const size = detail.sizes[dimension];
    const spend = detail.byEntity[dimension];
    const dictionary = dictionaries[dimension];
    const found: Driver[] = [];
    const row = dayIndex * size;
    for (let code = 0; code < size; code++) {
      const today = spend[row + code];
      if (today <= 0) continue;
      let usual = 0;
      for (let j = 0; j < baseIndexes.length; j++) {
        values[j] = spend[baseIndexes[j] * size + code];
        usual += values[j];
      }
      const expected = medianInPlace(values);
      const up = today - expected;
      if (up <= 0 || up < minShare * rise) continue;
      const baselineShare = baselineTotal > 0 ? usual / baselineTotal : 0;
      found.push({
        dimension,
        id: dictionary.ids[code],
        name: dictionary.names[code],
        spendMicros: today,
        expectedMicros: Math.round(expected),
        baselineShare,
        score: up * (1 - baselineShare),
      });
    }
    found.sort((a, b) => b.spendMicros - b.expectedMicros - (a.spendMicros - a.expectedMicros) || compareIds(a.id, b.id));
    drivers.push(...found.slice(0, perDimension));
  }
  return drivers.sort((a, b) => b.score - a.score || DIMENSIONS.indexOf(a.dimension) - DIMENSIONS.indexOf(b.dimension) || compareIds(a.id, b.id));
}
