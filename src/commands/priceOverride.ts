import * as vscode from 'vscode';
import { type CommandDeps } from './deps';

/** The prices asked for, per million tokens, in the order asked. */
const PRICES = [
  { key: 'input', label: () => vscode.l10n.t('Input (uncached), per million tokens'), required: true },
  { key: 'cachedInput', label: () => vscode.l10n.t('Cached input (cache reads), per million tokens'), required: false },
  { key: 'cacheWrite', label: () => vscode.l10n.t('Cache writes, per million tokens'), required: false },
  { key: 'output', label: () => vscode.l10n.t('Output (reasoning included), per million tokens'), required: true },
] as const;

/** Why a typed price cannot be used, or undefined when it can (empty is allowed for optional prices). */
export function priceProblem(text: string, required: boolean): string | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return required ? vscode.l10n.t('Enter a price, e.g. 3 or 0.25.') : undefined;
  if (!/^\d+(\.\d{1,6})?$/.test(trimmed)) return vscode.l10n.t('Enter a number of at most six decimals, e.g. 3 or 0.25 (no currency sign).');
  return undefined;
}

/** Why a model pattern cannot be used, or undefined. */
function patternProblem(text: string): string | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return vscode.l10n.t('Enter a model id, or a pattern with *, e.g. acme-llm-*.');
  if (trimmed.length > 200) return vscode.l10n.t('A model id or pattern is at most 200 characters.');
  return undefined;
}

/**
 * "Add Price Override…": asks for a model id or `*` pattern (prefilled with the unpriced model it
 * was started for) and its prices per million tokens, then writes the entry into
 * `usageExplorer.pricing.overrides` in the user settings, keeping the other entries. The change
 * of setting reloads the data, so the model's spend is counted from then on.
 */
export async function addPriceOverride(deps: CommandDeps, arg?: unknown): Promise<boolean> {
  const given = scripted(arg);
  if (given) return writeOverride(deps, given.model, given.entry);
  const model = await vscode.window.showInputBox({
    title: vscode.l10n.t('Add a price for a model'),
    prompt: vscode.l10n.t('The model id as logged, or a pattern where * stands for any characters'),
    value: typeof arg === 'string' ? arg : '',
    validateInput: patternProblem,
    ignoreFocusOut: true,
  });
  if (model === undefined) return false;
  const entry: Record<string, number> = {};
  for (const price of PRICES) {
    const text = await vscode.window.showInputBox({
      title: vscode.l10n.t('Price of {0}', model.trim()),
      prompt: price.label(),
      placeHolder: price.required ? '3' : vscode.l10n.t('empty: the input price'),
      validateInput: (value) => priceProblem(value, price.required),
      ignoreFocusOut: true,
    });
    if (text === undefined) return false;
    if (text.trim() !== '') entry[price.key] = Number(text.trim());
  }
  return writeOverride(deps, model.trim(), entry);
}

async function writeOverride(deps: CommandDeps, model: string, entry: Record<string, number>): Promise<boolean> {
  const settings = vscode.workspace.getConfiguration('usageExplorer');
  const current = settings.inspect<Record<string, unknown>>('pricing.overrides')?.globalValue;
  const overrides = { ...(typeof current === 'object' && current !== null ? current : {}), [model]: entry };
  deps.log.info(`Adding a price for "${model}" to usageExplorer.pricing.overrides (user settings).`);
  await settings.update('pricing.overrides', overrides, vscode.ConfigurationTarget.Global);
  return true;
}

/**
 * A complete entry given as the argument (`{ model, input, output, cachedInput?, cacheWrite? }`,
 * prices per million tokens), for keybindings and scripts: written without asking. Anything
 * incomplete or invalid is asked for instead.
 */
function scripted(arg: unknown): { model: string; entry: Record<string, number> } | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const given = arg as Record<string, unknown>;
  if (typeof given.model !== 'string' || patternProblem(given.model) !== undefined) return undefined;
  const entry: Record<string, number> = {};
  for (const price of PRICES) {
    const value = given[price.key];
    if (value === undefined && !price.required) continue;
    if (typeof value !== 'number' || priceProblem(String(value), price.required) !== undefined) return undefined;
    entry[price.key] = value;
  }
  return { model: given.model.trim(), entry };
}
