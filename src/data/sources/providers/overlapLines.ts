import * as vscode from 'vscode';
import { type DataSnapshot } from '../../usageData';

/**
 * What the tree's and the status bar's tooltips say about provider figures: agent logs beside
 * the organisation that bills them (which the totals count), and which spend is billed and which
 * allocated. Empty when no organisation is shown.
 */
export function providerLines(snapshot: Pick<DataSnapshot, 'overlap' | 'sources'> | undefined): string[] {
  if (!snapshot) return [];
  const lines: string[] = [];
  const overlap = snapshot.overlap;
  for (const pair of overlap?.plan.pairs ?? []) {
    const providers = pair.providers.map((p) => p.label).join(', ');
    if (overlap!.plan.mode === 'bill')
      lines.push(
        vscode.l10n.t(
          '{0} are not added: {1} bills the same requests and the totals count the bill; the dashboard shows the logs as its breakdown.',
          pair.logs.label,
          providers,
        ),
      );
    else if (overlap!.plan.mode === 'both')
      lines.push(vscode.l10n.t('{0} and {1} are both counted: requests made with an organisation key are counted twice.', pair.logs.label, providers));
    else lines.push(vscode.l10n.t('{0} is left out: {1} are counted instead.', providers, pair.logs.label));
  }
  if (overlap) lines.push(vscode.l10n.t('Choose in the setting usageExplorer.providers.overlap.'));
  const aside = new Set(overlap?.aside.map((s) => s.id) ?? []);
  const organisations = snapshot.sources.filter((s) => s.result && !aside.has(s.id) && (s.kind === 'openai' || s.kind === 'anthropic'));
  if (organisations.length > 0)
    lines.push(
      vscode.l10n.t(
        'Billed: spend of {0} per project or workspace, model and day. Allocated: its spend per user, split in proportion to priced tokens.',
        organisations.map((s) => s.label).join(', '),
      ),
    );
  return lines;
}

/** The sources whose figures the totals count: all shown but those set aside for an overlap. */
export function countedSources(snapshot: Pick<DataSnapshot, 'overlap' | 'sources'>): DataSnapshot['sources'] {
  const aside = snapshot.overlap?.aside;
  return aside && aside.length > 0 ? snapshot.sources.filter((s) => !aside.includes(s)) : snapshot.sources;
}
