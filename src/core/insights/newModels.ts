import { type UsageStore } from '../store';
import { type DaySpan } from '../time';

/** Models with usage in the span and none before it (in the whole store), by first use. */
export function newModels(store: UsageStore, span: DaySpan): { id: string; name: string; firstSeen: number }[] {
  const models = store.models;
  const found: { id: string; name: string; firstSeen: number }[] = [];
  for (let code = 0; code < models.size; code++) {
    const events = store.eventsOf('model', code);
    if (events.length === 0) continue;
    const first = store.timestamps[events[0]];
    if (first >= span.from && first < span.to) found.push({ id: models.ids[code], name: models.names[code], firstSeen: first });
  }
  return found.sort((a, b) => a.firstSeen - b.firstSeen);
}
