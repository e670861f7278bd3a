import * as vscode from 'vscode';
import { CONFIG_SECTION } from '../config';
import { connectionStringProblem, POSTGRES_CONNECTION_SECRET } from '../data/sources/postgres/postgresSource';
import { type CommandDeps } from './deps';

/**
 * `usageExplorer.setPostgresConnection`: stores the PostgreSQL connection string in SecretStorage
 * (never in settings or the log). With a string argument it stores that without asking.
 * Returns true when one was stored.
 */
export async function setPostgresConnection(deps: CommandDeps, given?: unknown): Promise<boolean> {
  let value = typeof given === 'string' ? given : undefined;
  if (value === undefined) {
    value = await vscode.window.showInputBox({
      title: vscode.l10n.t('Usage Explorer: PostgreSQL Connection'),
      prompt: vscode.l10n.t(
        'Connection string of the database with the usage table, e.g. {0}. Kept in the secret store.',
        'postgresql://reader:…@db.internal:5432/analytics?sslmode=require',
      ),
      password: true,
      ignoreFocusOut: true,
      validateInput: connectionStringProblem,
    });
  }
  value = value?.trim();
  if (!value) return false;
  const problem = connectionStringProblem(value);
  if (problem) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Usage Explorer: {0}', problem));
    return false;
  }
  await deps.context.secrets.store(POSTGRES_CONNECTION_SECRET, value);
  deps.log.info('PostgreSQL connection stored in the secret store.');
  if (deps.config.config.source === 'postgres' && deps.data.state !== 'idle') void deps.data.refresh();
  return true;
}

/** `usageExplorer.clearPostgresConnection`: removes the stored connection string. */
export async function clearPostgresConnection(deps: CommandDeps): Promise<void> {
  await deps.context.secrets.delete(POSTGRES_CONNECTION_SECRET);
  deps.log.info('PostgreSQL connection removed from the secret store.');
  void vscode.window.showInformationMessage(vscode.l10n.t('Usage Explorer: PostgreSQL connection cleared.'));
  if (deps.config.config.source === 'postgres' && deps.data.state !== 'idle') void deps.data.refresh();
}

/** Configure Data Source's PostgreSQL step: the table, then the connection if none is stored. False when cancelled. */
export async function pickPostgresTable(deps: CommandDeps, target: vscode.ConfigurationTarget): Promise<boolean> {
  const table = await vscode.window.showInputBox({
    title: vscode.l10n.t('Usage Explorer: PostgreSQL Table'),
    prompt: vscode.l10n.t('Table or view of usage events: name, or schema.name (see {0} for its columns)', 'docs/warehouse.md'),
    value: deps.config.config.postgresTable,
    placeHolder: 'usage_events',
    validateInput: (text) => (text.trim() === '' ? vscode.l10n.t('Enter the table or view name.') : undefined),
    ignoreFocusOut: true,
  });
  if (table === undefined) return false;
  await vscode.workspace.getConfiguration(CONFIG_SECTION).update('postgres.table', table.trim(), target);
  if (!(await deps.context.secrets.get(POSTGRES_CONNECTION_SECRET))) return setPostgresConnection(deps);
  return true;
}
