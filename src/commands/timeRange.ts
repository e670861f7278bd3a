import * as vscode from 'vscode';
import { RANGE_PRESETS, validateRangeSpec } from '../core/time';
import { presetLabel, rangeLabel } from '../l10n/display';
import { customRangePrefill } from './customRange';
import { type CommandDeps } from './deps';

const CUSTOM = 'custom';

/**
 * `usageExplorer.selectTimeRange`: a preset or a custom `YYYY-MM-DD..YYYY-MM-DD`. With a spec
 * argument it selects it without asking (and rejects an invalid one). Returns the spec selected.
 */
export async function selectTimeRange(deps: CommandDeps, spec?: unknown): Promise<string | undefined> {
  if (typeof spec === 'string') {
    deps.data.setRange(spec);
    return deps.data.rangeSpec;
  }
  const current = deps.data.rangeSpec;
  const items: (vscode.QuickPickItem & { spec: string })[] = RANGE_PRESETS.map((p) => ({
    label: presetLabel(p.id),
    description: p.id === current ? vscode.l10n.t('{0} · current', p.id) : p.id,
    spec: p.id,
    picked: p.id === current,
  }));
  items.push({
    label: vscode.l10n.t('Custom…'),
    description: current.includes('..') ? vscode.l10n.t('{0} · current', current) : 'YYYY-MM-DD..YYYY-MM-DD',
    spec: CUSTOM,
  });
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Usage Explorer: Time Range'),
    placeHolder: vscode.l10n.t('Now: {0}', rangeLabel(deps.data.range)),
  });
  if (!picked) return undefined;
  let chosen = picked.spec;
  if (chosen === CUSTOM) {
    const typed = await vscode.window.showInputBox({
      title: vscode.l10n.t('Usage Explorer: Custom Time Range'),
      prompt: vscode.l10n.t('First and last day, both included, in the time zone setting'),
      placeHolder: '2026-10-01..2026-10-31',
      value: customRangePrefill(current, deps.data.range),
      validateInput: (text) => validateRangeSpec(text.trim()),
      ignoreFocusOut: true,
    });
    if (typed === undefined) return undefined;
    chosen = typed.trim();
  }
  deps.data.setRange(chosen);
  void deps.data.ensureLoaded();
  return deps.data.rangeSpec;
}
