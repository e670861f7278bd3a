import * as vscode from 'vscode';
import { CONFIG_SECTION } from '../config';
import { PROVIDER_SPECS } from '../core/sources/providers/organisation';
import { type ProviderKind } from '../core/sources/providers/spec';
import { ADMIN_KEY_PREFIX, adminKeySecret } from '../data/sources/providers/adminKeys';
import { type CommandDeps } from './deps';

/** Arguments of the set-key commands, to set a key without asking (tests, scripts). */
export interface SetAdminKeyArgs {
  /** The source's `name` in usageExplorer.sources; omitted for an unnamed source. */
  name?: string;
  key: string;
}

/** Names of the configured sources of a kind (user settings: provider sources are taken from nowhere else). */
function configuredNames(kind: ProviderKind): string[] {
  const sources = vscode.workspace.getConfiguration(CONFIG_SECTION).inspect<unknown[]>('sources')?.globalValue;
  if (!Array.isArray(sources)) return [];
  const names = sources
    .filter((s): s is { kind: string; name?: unknown } => typeof s === 'object' && s !== null && (s as { kind?: unknown }).kind === kind)
    .map((s) => (typeof s.name === 'string' ? s.name.trim() : ''));
  return [...new Set(names)];
}

function checkKey(kind: ProviderKind, text: string): vscode.InputBoxValidationMessage | string | undefined {
  const key = text.trim();
  if (key === '') return vscode.l10n.t('Enter the Admin key, or press Escape to cancel.');
  if (!/^[\x21-\x7e]+$/.test(key)) return vscode.l10n.t('The key can only hold printable ASCII characters without spaces.');
  if (!key.startsWith(ADMIN_KEY_PREFIX[kind])) {
    return {
      message: vscode.l10n.t(
        '{0} Admin keys start with {1}; an ordinary API key cannot read usage and costs.',
        PROVIDER_SPECS[kind].identity.label,
        ADMIN_KEY_PREFIX[kind],
      ),
      severity: vscode.InputBoxValidationSeverity.Warning,
    };
  }
  return undefined;
}

/**
 * `usageExplorer.setOpenAiAdminKey` / `usageExplorer.setAnthropicAdminKey`: stores an
 * organisation's Admin key in SecretStorage (never in settings or the log). With several
 * sources of the kind it asks which one. Returns true when a key was stored.
 */
export async function setAdminKey(deps: CommandDeps, kind: ProviderKind, args?: unknown): Promise<boolean> {
  const label = PROVIDER_SPECS[kind].identity.label;
  let name: string | undefined;
  let key: string | undefined;
  if (isArgs(args)) {
    name = args.name;
    key = args.key;
  } else {
    const names = configuredNames(kind);
    if (names.length > 1) {
      const picked = await vscode.window.showQuickPick(
        names.map((n) => ({ label: n || vscode.l10n.t('{0} (unnamed)', label), name: n })),
        { title: vscode.l10n.t('Usage Explorer: {0} Admin Key', label), placeHolder: vscode.l10n.t('Which organisation is the key for?') },
      );
      if (!picked) return false;
      name = picked.name;
    } else {
      name = names[0];
    }
    key = await vscode.window.showInputBox({
      title: name ? vscode.l10n.t('Usage Explorer: {0} Admin Key for {1}', label, name) : vscode.l10n.t('Usage Explorer: {0} Admin Key', label),
      prompt: vscode.l10n.t('An Admin key of the {0} organisation ({1}…), kept in the secret store.', label, ADMIN_KEY_PREFIX[kind]),
      password: true,
      ignoreFocusOut: true,
      validateInput: (text) => checkKey(kind, text),
    });
  }
  key = key?.trim();
  if (!key || !/^[\x21-\x7e]+$/.test(key)) return false;
  await deps.context.secrets.store(adminKeySecret(kind, name), key);
  deps.log.info(`${label} Admin key${name ? ` for "${name}"` : ''} stored in the secret store.`);
  if (deps.data.state !== 'idle') void deps.data.refresh();
  return true;
}

/** `usageExplorer.clearProviderAdminKeys`: removes the stored Admin keys of the configured provider sources. */
export async function clearAdminKeys(deps: CommandDeps): Promise<void> {
  for (const kind of Object.keys(PROVIDER_SPECS) as ProviderKind[]) {
    for (const name of ['', ...configuredNames(kind)]) await deps.context.secrets.delete(adminKeySecret(kind, name));
  }
  deps.log.info('Provider Admin keys removed from the secret store.');
  void vscode.window.showInformationMessage(vscode.l10n.t('Usage Explorer: OpenAI and Anthropic Admin keys cleared.'));
  if (deps.data.state !== 'idle') void deps.data.refresh();
}

function isArgs(value: unknown): value is SetAdminKeyArgs {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as SetAdminKeyArgs).key === 'string' &&
    ((value as SetAdminKeyArgs).name === undefined || typeof (value as SetAdminKeyArgs).name === 'string')
  );
}
