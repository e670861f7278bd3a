import { UNKNOWN, type UsageEvent } from '../../model';
import { allocateLargestRemainder } from './allocate';
import { utcDayKey } from './days';
import { fitEventCounts } from './fit';
import { type Named, type ProviderSpec } from './spec';
import { totalTokens, type PriceTokens, type ProviderDays, type ProviderNames, type ProviderUsageRow, type TokenCounts } from './types';

/**
 * Turns a provider's usage and billed costs into usage events, billed first:
 * - every cost result is kept whole: totals and spend per project/workspace and day equal the bill;
 * - the model of an amount is the one its line item / description names;
 * - the amount of a (day, project/workspace, model) is split over the users who used that model
 *   there that day, in proportion to their priced tokens (by tokens when the model is not
 *   priced), with largest-remainder rounding so the parts add up to the bill exactly.
 * Tokens and requests are the usage report's, unchanged.
 */

export interface BilledEvents {
  events: UsageEvent[];
  /** Billed micro-units in total, per currency (a bill has one). */
  billedMicros: number;
  currency: string | undefined;
  /** Micro-units whose split over users was allocated (every amount with more than one user). */
  allocatedMicros: number;
  /** Models whose amounts were split by tokens because the price table does not know them. */
  allocatedByTokens: string[];
  /** Amounts with no usage to split them over (kept whole, under an unknown user). */
  unattributedMicros: number;
}

interface Slot extends TokenCounts {
  day: number;
  worker: Named;
  user: Named;
  model: string;
  requests: number;
  costMicros: number;
  hasUsage: boolean;
}

/** A map key of parts that may be null (kept apart from any text). */
const key = (a: number, b: string | null, c?: string, d?: string): string => `${a}\u0001${b ?? '\u0000'}\u0001${c ?? ''}\u0001${d ?? ''}`;

export function billedEvents(spec: ProviderSpec, days: ProviderDays, names: ProviderNames, price: PriceTokens | undefined, sourceId: string): BilledEvents {
  const slots = new Map<string, Slot>();
  /** day|group|model -> the slots of the users who used it. */
  const usersOfModel = new Map<string, Set<Slot>>();
  /** day|group -> the slots of everyone who used anything. */
  const usersOfGroup = new Map<string, Set<Slot>>();
  const workers = new Map<string | null, Named>();

  const slotFor = (day: number, group: string | null, user: Named, model: string): Slot => {
    const k = key(day, group, user.id, model);
    let slot = slots.get(k);
    if (!slot) {
      let worker = workers.get(group);
      if (!worker) workers.set(group, (worker = spec.workerOf(group, names)));
      slot = {
        day,
        worker,
        user,
        model,
        requests: 0,
        costMicros: 0,
        hasUsage: false,
        inputTokens: 0,
        cacheReadTokens: 0,
        cacheWriteTokens: 0,
        cacheWrite1hTokens: 0,
        outputTokens: 0,
      };
      slots.set(k, slot);
    }
    return slot;
  };
  const remember = (map: Map<string, Set<Slot>>, k: string, slot: Slot): void => {
    let set = map.get(k);
    if (!set) map.set(k, (set = new Set()));
    set.add(slot);
  };

  for (const row of spec.prepareUsage ? spec.prepareUsage(days, names) : days.usage) {
    const model = row.model ?? UNKNOWN;
    const slot = slotFor(row.day, row.group, spec.userOf(row, names), model);
    addUsage(slot, row);
    remember(usersOfModel, key(row.day, row.group, model.toLowerCase()), slot);
    remember(usersOfGroup, key(row.day, row.group), slot);
  }

  const result: BilledEvents = { events: [], billedMicros: 0, currency: undefined, allocatedMicros: 0, allocatedByTokens: [], unattributedMicros: 0 };
  const byTokens = new Set<string>();

  // Amounts of the same (day, group, model) are split together.
  const amounts = new Map<string, { day: number; group: string | null; model: string; micros: number }>();
  for (const cost of days.costs) {
    result.billedMicros += cost.micros;
    result.currency ??= cost.currency;
    const model = cost.model ?? cost.item;
    const k = key(cost.day, cost.group, model.toLowerCase());
    const entry = amounts.get(k);
    if (entry) entry.micros += cost.micros;
    else amounts.set(k, { day: cost.day, group: cost.group, model, micros: cost.micros });
  }

  for (const [k, amount] of amounts) {
    // Users of this model there that day; else everyone there that day; else nobody known.
    const modelUsers = usersOfModel.get(k);
    const candidates = [...(modelUsers ?? usersOfGroup.get(key(amount.day, amount.group)) ?? [])];
    if (candidates.length === 0) {
      slotFor(amount.day, amount.group, { id: UNKNOWN, name: UNKNOWN }, amount.model).costMicros += amount.micros;
      result.unattributedMicros += amount.micros;
      continue;
    }
    const priced = candidates.map((c) => (price ? price(c.model, c, c.day) : undefined));
    const allPriced = priced.every((p) => p !== undefined) && priced.some((p) => (p ?? 0) > 0);
    if (!allPriced && candidates.length > 1) byTokens.add(amount.model);
    const weights = allPriced ? priced : candidates.map((c) => totalTokens(c) || c.requests);
    const parts = allocateLargestRemainder(amount.micros, weights);
    if (candidates.length > 1) result.allocatedMicros += amount.micros;
    candidates.forEach((c, i) => {
      // The amount stays with the model the bill names, also when it is split over other models' users.
      const target = modelUsers ? c : slotFor(amount.day, amount.group, c.user, amount.model);
      target.costMicros += parts[i];
    });
  }

  const dayKeys = new Map<number, string>();
  for (const slot of slots.values()) {
    let dayKey = dayKeys.get(slot.day);
    if (dayKey === undefined) dayKeys.set(slot.day, (dayKey = utcDayKey(slot.day)));
    const event: UsageEvent = {
      timestamp: slot.day,
      workerId: slot.worker.id,
      workerName: slot.worker.name,
      userId: slot.user.id,
      userName: slot.user.name,
      model: slot.model,
      runs: slot.requests,
      costMicros: slot.costMicros,
      id: `${sourceId}:${dayKey}:${slot.worker.id}:${slot.user.id}:${slot.model}`,
    };
    if (slot.hasUsage) {
      event.inputTokens = slot.inputTokens;
      event.cacheReadTokens = slot.cacheReadTokens;
      event.cacheWriteTokens = slot.cacheWriteTokens;
      event.outputTokens = slot.outputTokens;
    }
    result.events.push(...fitEventCounts(event));
  }
  result.events.sort((a, b) => a.timestamp - b.timestamp);
  result.allocatedByTokens = [...byTokens].sort();
  return result;
}

function addUsage(slot: Slot, row: ProviderUsageRow): void {
  slot.hasUsage = true;
  slot.inputTokens += row.inputTokens;
  slot.cacheReadTokens += row.cacheReadTokens;
  slot.cacheWriteTokens += row.cacheWriteTokens;
  slot.cacheWrite1hTokens += row.cacheWrite1hTokens;
  slot.outputTokens += row.outputTokens;
  slot.requests += row.requests ?? 0;
}
