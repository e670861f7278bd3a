// Shared helpers for extension-host tests.
import * as vscode from 'vscode';

export const EXTENSION_ID = 'usage-explorer.usage-explorer';

interface ContributedCommand {
  command: string;
  title: string;
  category?: string;
}

/** The extension, activated. Fails if it is not installed in this VS Code. */
export async function activateExtension(): Promise<vscode.Extension<unknown>> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  if (!extension) throw new Error(`extension ${EXTENSION_ID} is not loaded`);
  await extension.activate();
  return extension;
}

/** The commands the extension's package.json contributes. */
export function contributedCommands(extension: vscode.Extension<unknown>): ContributedCommand[] {
  const contributes = (extension.packageJSON as { contributes?: { commands?: ContributedCommand[] } }).contributes;
  return contributes?.commands ?? [];
}

/** The fixture workspace folder (test/fixtures/workspace in the clone, or a copy of it). */
export function workspaceFolder(): vscode.WorkspaceFolder {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder is open');
  return folder;
}
