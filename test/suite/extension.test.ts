import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, activateExtension, contributedCommands } from './helpers';

suite('extension', () => {
  test('activates', async () => {
    const extension = await activateExtension();
    assert.equal(extension.id, EXTENSION_ID);
    assert.equal(extension.isActive, true);
  });

  test('registers every contributed command', async () => {
    const extension = await activateExtension();
    const contributed = contributedCommands(extension).map((c) => c.command);
    assert.ok(contributed.length > 0, 'package.json contributes no commands');
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((id) => !registered.has(id));
    assert.deepEqual(missing, [], `contributed but not registered: ${missing.join(', ')}`);
  });

  test('contributed commands are in the usageExplorer namespace', async () => {
    const extension = await activateExtension();
    for (const { command } of contributedCommands(extension)) assert.match(command, /^usageExplorer\./);
  });
});
