import assert from 'node:assert/strict';
import { ANTHROPIC_SET_KEY_COMMAND } from '../../src/core/sources/anthropic/endpoints';
import { OPENAI_SET_KEY_COMMAND } from '../../src/core/sources/openai/endpoints';
import { englishManifest } from '../support/manifest';

const manifest = englishManifest<{
  contributes: { commands: Array<{ command: string; title: string; category: string }> };
}>();
const paletteTitle = (id: string): string | undefined => {
  const command = manifest.contributes.commands.find((c) => c.command === id);
  return command && `${command.category}: ${command.title}`;
};

describe('provider key commands', () => {
  it('are the commands the provider error messages tell users to run', () => {
    assert.equal(paletteTitle('usageExplorer.setOpenAiAdminKey'), OPENAI_SET_KEY_COMMAND);
    assert.equal(paletteTitle('usageExplorer.setAnthropicAdminKey'), ANTHROPIC_SET_KEY_COMMAND);
  });
});
