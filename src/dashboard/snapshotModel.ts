import * as vscode from 'vscode';
import { type Insights } from '../core/insights/insights';
import { type UsageView } from '../core/query';
import { viewDaysOfUtcDays } from '../core/sources/providers/days';
import { estimateModel } from '../data/sources/estimates';
import { countedSources } from '../data/sources/providers/overlapLines';
import { type DataSnapshot } from '../data/usageData';
import { type DashboardModel, type EntityRef } from '../protocol/dashboard';
import { type InsightSettings } from './insightsModel';
import { buildOverlapModel } from './overlapModel';
import { buildDashboardModel } from './viewModel';

/** What the panel adds to a snapshot and its view to make the model it posts. */
export interface SnapshotModelInput {
  currency: string;
  focus: EntityRef | null;
  workerPages: boolean;
  seq: number;
  insights?: InsightSettings;
  computedInsights?: Insights;
}

/** The dashboard's view model of a loaded snapshot and the view queried from it: figures, overlap, bills, partial days and estimates. */
export function snapshotModel(snapshot: DataSnapshot, view: UsageView, input: SnapshotModelInput): DashboardModel {
  const model = buildDashboardModel({
    store: snapshot.store,
    view,
    // The header names every source that fed the view (`team.usage.csv + usage.example.com`); the page marks only pure demo data.
    source: { kind: snapshot.source.kind, label: snapshot.source.label },
    loadedAt: snapshot.loadedAt,
    skipped: snapshot.skipped,
    warnings: snapshot.warnings,
    ...input,
    overlap: buildOverlapModel(snapshot, view.range),
    billedBy: countedSources(snapshot)
      .filter((s) => s.result && (s.kind === 'openai' || s.kind === 'anthropic'))
      .map((s) => s.label),
    partialDays: viewDaysOfUtcDays(
      snapshot.sources.flatMap((s) => s.result?.partialDays ?? []),
      view.range.timeZone,
    ),
  });
  const estimate = estimateModel(countedSources(snapshot), snapshot.store, view.range.current, input.currency);
  if (estimate) model.estimate = estimate;
  return model;
}

/** The status shown when nothing could be loaded. */
export function loadFailedMessage(error: Error | undefined): string {
  const reason = error?.message ?? vscode.l10n.t('The usage data could not be loaded.');
  return vscode.l10n.t('{0} Check the source in Settings (Usage Explorer), then press Refresh. Details are in the log (Usage Explorer: Show Log).', reason);
}

/** The status shown when the sources loaded but hold no events. */
export function noEventsMessage(snapshot: DataSnapshot): string {
  return snapshot.source.kind === 'files'
    ? vscode.l10n.t(
        'No usage events were found in {0}. Add rows to the file, or pick another source in Settings (Usage Explorer: Source).',
        snapshot.source.label,
      )
    : vscode.l10n.t('No usage events were found. Pick another source in Settings (Usage Explorer: Source), or use the demo data.');
}
