import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { extractManifestStrings, manifestProblems, manifestStrings } from '../../scripts/l10n-manifest.mjs';

const ROOT = path.resolve(__dirname, '..', '..');
const read = (file: string) => JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8')) as Record<string, unknown>;

describe('package.json strings come from package.nls.json', () => {
  it('every user-facing manifest string is a %key% that package.nls.json defines, and no key is unused', () => {
    assert.deepEqual(manifestProblems(read('package.json'), read('package.nls.json')), []);
  });

  it('covers titles, categories, views, welcome content and every setting text', () => {
    const keys = manifestStrings(read('package.json')).map((s: { key: string }) => s.key);
    for (const key of [
      'command.openDashboard',
      'category',
      'view.usage',
      'viewsWelcome.usage.loadError',
      'configuration.title',
      'config.source.markdownDescription',
      'config.source.enumDescriptions.demo',
      'config.currency.patternErrorMessage',
    ]) {
      assert.ok(keys.includes(key), key);
    }
  });

  it('finds a plain string a branch adds, and the script moves it under a stable key', () => {
    const pkg = read('package.json') as {
      contributes: { commands: { command: string; title: string; category: string }[]; configuration: { properties: Record<string, object> } };
    };
    const nls = read('package.nls.json');
    pkg.contributes.commands.push({ command: 'usageExplorer.newThing', title: 'New Thing', category: 'Usage Explorer' });
    pkg.contributes.configuration.properties['usageExplorer.newSetting'] = {
      type: 'string',
      enum: ['a', 'b'],
      enumDescriptions: ['First', 'Second'],
      markdownDescription: 'A *new* setting.',
    };
    const problems = manifestProblems(pkg, nls);
    assert.equal(problems.length, 5, problems.join('\n'));
    assert.ok(problems.some((p: string) => p.includes('"command.newThing" is plain text')));
    assert.equal(extractManifestStrings(pkg, nls), 5);
    assert.deepEqual(manifestProblems(pkg, nls), []);
    assert.equal(pkg.contributes.commands.at(-1)!.title, '%command.newThing%');
    assert.equal(nls['config.newSetting.enumDescriptions.b'], 'Second');
    assert.equal(nls['config.newSetting.markdownDescription'], 'A *new* setting.');
  });

  it('reports a %key% that package.nls.json lacks', () => {
    const nls = read('package.nls.json');
    delete nls['command.refresh'];
    assert.deepEqual(manifestProblems(read('package.json'), nls), ['%command.refresh% has no entry in package.nls.json']);
  });
});
