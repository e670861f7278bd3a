import { StoreBuilder, UsageStore } from '../core/store';

/**
 * One store holding the events of several sources' stores (re-sorted by time). Names with the
 * same id in two sources are one entity. Ids were de-duplicated within each source already, and
 * events of different sources are never duplicates of each other.
 */
export function combineStores(stores: readonly UsageStore[]): UsageStore {
  if (stores.length === 1) return stores[0];
  const builder = new StoreBuilder(Math.max(16, stores.reduce((n, s) => n + s.length, 0)));
  const { workers, users, models } = builder.dictionaries;
  let duplicates = 0;
  for (const store of stores) {
    duplicates += store.duplicates;
    const recode = (from: UsageStore['workers'], to: UsageStore['workers']) => from.ids.map((id, code) => to.intern(id, from.isUnnamed(code) ? '' : from.names[code]));
    const w = recode(store.workers, workers);
    const u = recode(store.users, users);
    const m = recode(store.models, models);
    for (let i = 0; i < store.length; i++) {
      builder.addCoded(store.timestamps[i], w[store.workerCodes[i]], u[store.userCodes[i]], m[store.modelCodes[i]], store.runs[i], store.costMicros[i], store.inputTokens[i], store.outputTokens[i]);
    }
  }
  const built = builder.build();
  return new UsageStore(
    built.length,
    built.timestamps,
    built.workerCodes,
    built.userCodes,
    built.modelCodes,
    built.runs,
    built.costMicros,
    built.inputTokens,
    built.outputTokens,
    built.workers,
    built.users,
    built.models,
    duplicates,
  );
}
