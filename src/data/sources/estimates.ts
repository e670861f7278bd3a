import * as vscode from 'vscode';
import { type SourceStatus } from '../usageData';
import { sourceDefinition } from './registry';

/**
 * The sources shown whose spend is computed from tokens at list prices (SourceReports.cost
 * `estimated`). Demo data is generated and labelled as demo data everywhere already.
 */
export function estimatedSources(sources: readonly SourceStatus[]): SourceStatus[] {
  return sources.filter((s) => s.result !== undefined && s.kind !== 'demo' && sourceDefinition(s.kind)?.reports.cost === 'estimated');
}

/** Models of the shown sources that no price is known for: their tokens are kept, their spend is 0. */
export function unpricedModels(sources: readonly SourceStatus[]): string[] {
  return [...new Set(sources.flatMap((s) => s.result?.unpricedModels ?? []))].sort();
}

/**
 * What the status bar and the tree's tooltips add when some spend is an estimate: which sources,
 * how it is computed, and the models left unpriced. Empty when every figure is billed.
 */
export function estimateLines(sources: readonly SourceStatus[]): string[] {
  const estimated = estimatedSources(sources);
  if (estimated.length === 0) return [];
  const lines = [
    vscode.l10n.t('est.: spend from {0} is estimated at API list prices, not what a subscription costs.', estimated.map((s) => s.label).join(' + ')),
  ];
  const unpriced = unpricedModels(sources);
  if (unpriced.length > 0)
    lines.push(vscode.l10n.t('Unpriced (tokens kept, no spend counted): {0}. Add prices in usageExplorer.pricing.overrides.', unpriced.join(', ')));
  return lines;
}
