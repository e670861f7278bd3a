import { compareIds } from '../compareIds';
import { type UsageStore } from '../store';
import { type DaySpan } from '../time';

export interface NewModel {
  id: string;
  name: string;
  firstSeen: number;
}

/** By first use, then by id: the same order from any backend (two models may start in the same millisecond). */
export function byFirstSeen(a: NewModel, b: NewModel): number {
  return a.firstSeen - b.firstSeen || compareIds(a.id, b.id);
}

/** Models with usage in the span and none before it (in the whole store), by first use (then id). */
export function newModels(store: UsageStore, span: DaySpan): NewModel[] {
  const models = store.models;
  const found: NewModel[] = [];
  for (let code = 0; code < models.size; code++) {
    const events = store.eventsOf('model', code);
    if (events.length === 0) continue;
    const first = store.timestamps[events[0]];
    if (first >= span.from && first < span.to) found.push({ id: models.ids[code], name: models.names[code], firstSeen: first });
  }
  return found.sort(byFirstSeen);
}
