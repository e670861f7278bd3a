import { combineStoresOffThread } from '../core/engine/combine';
import { planOverlap, type OverlapMode } from '../core/sources/providers/overlap';
import { type SourceEntry } from './sourceSet';
import { isCancellation } from '../core/errors';
import { type LoadContext, type SourceInfo } from './sources/types';
import { type DataSnapshot, type SourceStatus } from './usageData';

/** Warnings kept per snapshot. */
const MAX_WARNINGS = 50;

export interface SourcesLoad {
  statuses: SourceStatus[];
  /** Sources that failed in this load. */
  failed: SourceStatus[];
  /** Sources that loaded in this load. */
  loaded: number;
}

/**
 * Loads the entries in parallel (only those in `only`, and those never loaded, when given);
 * the others keep their last result. A failing source keeps its last good data beside its
 * error, and never takes the others with it. Rejects only when the load was cancelled.
 */
export async function loadSources(
  entries: readonly SourceEntry[],
  previous: readonly SourceStatus[],
  context: LoadContext,
  only?: ReadonlySet<string>,
): Promise<SourcesLoad> {
  const before = new Map(previous.map((s) => [s.id, s]));
  const failed: SourceStatus[] = [];
  let loaded = 0;
  const statuses = await Promise.all(
    entries.map(async (entry): Promise<SourceStatus> => {
      if (!entry.source) {
        const status = { id: entry.id, kind: entry.kind, label: entry.label, error: entry.error };
        failed.push(status);
        return status;
      }
      const { source } = entry;
      const last = before.get(source.id);
      const base = { id: source.id, kind: source.kind, label: last?.result?.source.label ?? source.label };
      if (only && !only.has(source.id) && last?.result) return last;
      try {
        const result = await source.load(context);
        loaded++;
        return { ...base, label: result.source.label, result, loadedAt: Date.now() };
      } catch (error) {
        if (context.signal.aborted || isCancellation(error)) throw error;
        const failure = error instanceof Error ? error : new Error(String(error));
        context.log.error(`Source ${base.label} (${source.kind}) failed: ${failure.message}`);
        const status = { ...base, result: last?.result, loadedAt: last?.loadedAt, error: failure };
        failed.push(status);
        return status;
      }
    }),
  );
  return { statuses, failed, loaded };
}

/** What the entries kept from before (providers' cached days), read without fetching; sources with nothing cached are left out. */
export async function loadCachedStatuses(entries: readonly SourceEntry[], context: LoadContext): Promise<SourceStatus[]> {
  const cached = await Promise.all(
    entries.map(async (entry): Promise<SourceStatus | undefined> => {
      const source = entry.source;
      const result = source?.loadCached ? await source.loadCached(context) : undefined;
      return source && result && { id: source.id, kind: source.kind, label: result.source.label, result, loadedAt: Date.now() };
    }),
  );
  return cached.filter((s) => s !== undefined);
}

/**
 * The snapshot of every source with data, or undefined when none has any (several sources are combined in a worker). Agent logs and the
 * organisation that bills them are not added up: `overlap` says which of them the totals count
 * (src/core/sources/providers/overlap.ts); the other is kept in `snapshot.overlap`.
 */
export async function snapshotOf(
  statuses: readonly SourceStatus[],
  previous: DataSnapshot | undefined,
  overlap: OverlapMode = 'bill',
): Promise<DataSnapshot | undefined> {
  const withData = statuses.filter((s) => s.result);
  const plan = planOverlap(withData, overlap);
  const feeding = withData.filter((s) => !plan.aside.has(s.id));
  if (feeding.length === 0) return undefined;
  const results = feeding.map((s) => s.result!);
  // A reload that changed no store (only a failure added) keeps the combined store and its caches.
  const sameStores =
    previous !== undefined &&
    sameIdentity(
      previous.sources.flatMap((s) => (s.result && !previous.overlap?.plan.aside.has(s.id) ? [s.result.store] : [])),
      results.map((r) => r.store),
    );
  const warnings: string[] = [];
  for (const s of statuses) {
    if (s.error && warnings.length < MAX_WARNINGS) warnings.push(`${s.label}: ${s.error.message}`);
  }
  for (const r of results) for (const w of r.warnings) if (warnings.length < MAX_WARNINGS) warnings.push(feeding.length > 1 ? `${r.source.label}: ${w}` : w);
  const store = sameStores
    ? previous.store
    : await combineStoresOffThread(feeding.map((s) => ({ store: s.result!.store, source: { id: s.id, label: s.result!.source.label } })));
  return {
    store,
    source: describeSources(results.map((r) => r.source)),
    sources: statuses,
    loadedAt: Math.max(...feeding.map((s) => s.loadedAt ?? 0)),
    skipped: results.reduce((n, r) => n + r.skipped, 0),
    warnings,
    ...(results.some((r) => r.cached) ? { cached: true } : {}),
    ...(plan.pairs.length > 0 ? { overlap: { plan, aside: withData.filter((s) => plan.aside.has(s.id)) } } : {}),
  };
}

function sameIdentity<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** The sources that fed a view as one: `team.usage.csv + usage.example.com`. */
export function describeSources(sources: readonly SourceInfo[]): SourceInfo {
  if (sources.length === 1) return sources[0];
  const kinds = new Set(sources.map((s) => s.kind));
  const files = sources.flatMap((s) => s.files ?? []);
  return {
    kind: kinds.size === 1 ? sources[0].kind : 'mixed',
    label: sources.map((s) => s.label).join(' + '),
    ...(files.length > 0 ? { files } : {}),
  };
}
