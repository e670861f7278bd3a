import * as vscode from 'vscode';

// Placeholder wiring until the extension issue lands: one command so the harness has something to prove.
export function activate(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('usageExplorer.showLog', () => undefined),
  );
}

export function deactivate(): void {}
