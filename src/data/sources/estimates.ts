import * as vscode from 'vscode';
import { formatMoney } from '../../core/money';
import { NO_TOKENS, type UsageStore } from '../../core/store';
import { type DaySpan } from '../../core/time';
import { type EstimateModel } from '../../protocol/dashboard';
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

/** A flat monthly fee paid for an agent (`usageExplorer.agentLogs.subscriptions`). */
export interface AgentSubscription {
  amount: number;
  currency: string;
  label: string;
}

/** The subscriptions set per source kind; entries that are not `{ amount ≥ 0, currency?, label? }` are left out. */
export function agentSubscriptions(currency: string): Map<string, AgentSubscription> {
  const setting = vscode.workspace.getConfiguration('usageExplorer').get<unknown>('agentLogs.subscriptions');
  const out = new Map<string, AgentSubscription>();
  if (typeof setting !== 'object' || setting === null) return out;
  for (const [kind, value] of Object.entries(setting as Record<string, unknown>)) {
    if (typeof value !== 'object' || value === null) continue;
    const { amount, currency: own, label } = value as Record<string, unknown>;
    if (typeof amount !== 'number' || !Number.isFinite(amount) || amount < 0) continue;
    out.set(kind, {
      amount,
      currency: typeof own === 'string' && /^[A-Za-z]{3}$/.test(own) ? own.toUpperCase() : currency,
      label: typeof label === 'string' && label.trim() !== '' ? label.trim() : vscode.l10n.t('Subscription'),
    });
  }
  return out;
}

function perMonth(subscription: AgentSubscription): string {
  return vscode.l10n.t('{0}/month', formatMoney(Math.round(subscription.amount * 1_000_000), subscription.currency));
}

/**
 * What the status bar and the tree's tooltips add when some spend is an estimate: which sources,
 * how it is computed, the subscription fees set beside it, and the models left unpriced. Empty
 * when every figure is billed.
 */
export function estimateLines(sources: readonly SourceStatus[], currency = 'USD'): string[] {
  const estimated = estimatedSources(sources);
  if (estimated.length === 0) return [];
  const lines = [
    vscode.l10n.t('est.: spend from {0} is estimated at API list prices, not what a subscription costs.', estimated.map((s) => s.label).join(' + ')),
  ];
  const subscriptions = agentSubscriptions(currency);
  for (const s of estimated) {
    const subscription = subscriptions.get(s.kind);
    if (subscription) lines.push(vscode.l10n.t('{0}: {1} {2} (flat fee), beside the estimate.', s.label, subscription.label, perMonth(subscription)));
  }
  const unpriced = unpricedModels(sources);
  if (unpriced.length > 0)
    lines.push(vscode.l10n.t('Unpriced (tokens kept, no spend counted): {0}. Add prices in usageExplorer.pricing.overrides.', unpriced.join(', ')));
  return lines;
}

/**
 * The dashboard's estimate notice for a range: each estimated source with its spend in the range
 * (and its subscription fee, when set), and the tokens of the unpriced models. Undefined when no
 * shown source is an estimate.
 */
export function estimateModel(sources: readonly SourceStatus[], store: UsageStore, span: DaySpan, currency: string): EstimateModel | undefined {
  const estimated = estimatedSources(sources);
  if (estimated.length === 0) return undefined;
  // One pass over the range: spend per store source, tokens per unpriced model.
  const unpriced = new Set(unpricedModels(sources));
  const spend = new Map<string, number>();
  const tokens = new Map<string, number>();
  const unpricedCodes = new Map<number, string>();
  for (const model of unpriced) {
    const code = store.models.codeOf(model);
    if (code !== undefined) unpricedCodes.set(code, model);
  }
  const end = store.lowerBound(span.to);
  for (let i = store.lowerBound(span.from); i < end; i++) {
    const source = store.sources[store.sourceIndexes[i]].id;
    spend.set(source, (spend.get(source) ?? 0) + store.costMicros[i]);
    const model = unpricedCodes.get(store.modelCodes[i]);
    if (model !== undefined) {
      const n = count(store.inputTokens, i) + count(store.cacheReadTokens, i) + count(store.cacheWriteTokens, i) + count(store.outputTokens, i);
      tokens.set(model, (tokens.get(model) ?? 0) + n);
    }
  }
  const subscriptions = agentSubscriptions(currency);
  return {
    sources: estimated.map((s) => {
      const subscription = subscriptions.get(s.kind);
      return {
        kind: s.kind,
        label: s.label,
        spend: (spend.get(s.kind) ?? 0) / 1_000_000,
        ...(subscription ? { subscription } : {}),
      };
    }),
    unpriced: [...unpriced].map((model) => ({ model, tokens: tokens.get(model) ?? 0 })),
  };
}

function count(column: Uint32Array | undefined, i: number): number {
  const n = column?.[i] ?? 0;
  return n === NO_TOKENS ? 0 : n;
}
