import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import { UNKNOWN } from '../../src/core/model';
import { queryUsage, resolveStoreRange } from '../../src/core/query';
import { loadUsageText } from '../../src/core/sources/files/load';
import { StoreBuilder } from '../../src/core/storeBuilder';

/** The README's examples are part of the contract: they must load and run as written. */
describe('README examples', () => {
  let readme: string;
  let dir: string;
  before(async () => {
    readme = await readFile(join(__dirname, '..', '..', 'README.md'), 'utf8');
    dir = await mkdtemp(join(tmpdir(), 'usage-readme-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  function block(lang: string, after: string): string {
    const start = readme.indexOf(after);
    assert.ok(start >= 0, `README has "${after}"`);
    const m = new RegExp('```' + lang + '\\n([\\s\\S]*?)```').exec(readme.slice(start));
    assert.ok(m, `a ${lang} block after "${after}"`);
    return m[1];
  }

  it('the input file example loads with the totals the README states', () => {
    const csv = block('csv', '## Input files');
    const builder = new StoreBuilder();
    const report = loadUsageText(csv, 'example.usage.csv', builder);
    const store = builder.build();
    assert.equal(report.skipped, 0);
    const view = queryUsage(store, resolveStoreRange(store, 'all'));
    const stated = /it holds (\d+) events, (\d+) runs and a spend of \$([\d,]+\.\d+)/.exec(readme);
    assert.ok(stated, 'README states the totals');
    assert.equal(report.added, Number(stated[1]));
    assert.equal(view.totals.runs, Number(stated[2]));
    assert.equal(view.totals.spendMicros, Math.round(Number(stated[3].replace(/,/g, '')) * 1e6));
    assert.ok(
      view.tables.model.some((r) => r.id === UNKNOWN),
      'a missing model goes to (unknown)',
    );
    assert.ok(
      view.tables.user.some((r) => r.id === UNKNOWN),
      'a missing user goes to (unknown)',
    );
    assert.ok(
      view.tables.worker.some((r) => r.name === 'Contract Reviewer, EU'),
      'quoted comma kept',
    );
  });

  it('every CLI example runs and exits 0', async () => {
    const usage = join(dir, 'usage.csv');
    await writeFile(usage, block('csv', '## Input files'));
    const lines = block('sh', '## The CLI')
      .split('\n')
      .map((l) => l.replace(/#.*$/, '').trim())
      .filter((l) => l.startsWith('node dist/cli.js '));
    assert.ok(lines.length >= 4, `${lines.length} examples`);
    for (const line of lines) {
      const argv = line
        .slice('node dist/cli.js '.length)
        .split(/\s+/)
        .map((a) => (a === 'usage.csv' ? usage : a.endsWith('.json') ? join(dir, a) : a));
      let err = '';
      const code = await main(argv, { stdout: () => undefined, stderr: (l) => (err += l) });
      assert.equal(code, 0, `${line}: ${err}`);
    }
  });

  /** The rows of the Markdown table that follows `heading`: their first cells, as written. */
  function firstCells(heading: string): string[] {
    const start = readme.indexOf(`\n${heading}\n`);
    assert.ok(start >= 0, `README has "${heading}"`);
    const rest = readme.slice(start + heading.length + 2);
    const end = rest.search(/\n#{1,4} /);
    return (end < 0 ? rest : rest.slice(0, end))
      .split('\n')
      .filter((l) => l.startsWith('| ') && !/^\|[-| ]+\|$/.test(l))
      .slice(1) // the header row
      .map((l) => l.split(' | ')[0].slice(2).trim());
  }

  it('the settings table lists every contributed setting once, and nothing else', async () => {
    const pkg = JSON.parse(await readFile(join(__dirname, '..', '..', 'package.json'), 'utf8')) as Manifest;
    const listed = firstCells('## Settings').map((c) => c.replace(/^`|`$/g, ''));
    assert.deepEqual([...listed].sort(), Object.keys(pkg.contributes.configuration.properties).sort());
  });

  it('the commands table lists every contributed command once, by its title', async () => {
    const pkg = JSON.parse(await readFile(join(__dirname, '..', '..', 'package.json'), 'utf8')) as Manifest;
    // Manifest strings may be `%key%` references into package.nls.json (the English bundle).
    const nls = (await readFile(join(__dirname, '..', '..', 'package.nls.json'), 'utf8').then(JSON.parse, () => ({}))) as Record<string, string>;
    const english = (text: string) => text.replace(/^%(.+)%$/, (whole, key: string) => nls[key] ?? whole);
    const listed = firstCells('## Commands').map((c) => /^\*\*(.+?)\*\*/.exec(c)?.[1]);
    assert.deepEqual([...listed].sort(), pkg.contributes.commands.map((c) => english(c.title)).sort());
  });

  it('says there is no telemetry, and the manifest declares none', async () => {
    const text = await readFile(join(__dirname, '..', '..', 'package.json'), 'utf8');
    assert.match(readme, /\n## Telemetry\n\n\*\*None\.\*\*/);
    const pkg = JSON.parse(text) as Manifest & { dependencies: Record<string, string>; devDependencies: Record<string, string> };
    const packages = [...Object.keys(pkg.dependencies), ...Object.keys(pkg.devDependencies)];
    assert.deepEqual(
      packages.filter((name) => /telemetry|insights|analytics|sentry|segment|mixpanel/i.test(name)),
      [],
    );
    assert.doesNotMatch(text, /telemetry|aiKey|instrumentationKey/i);
  });

  it('installs the .vsix that npm run package writes for this version', async () => {
    const pkg = JSON.parse(await readFile(join(__dirname, '..', '..', 'package.json'), 'utf8')) as Manifest & { version: string };
    assert.ok(readme.includes(`code --install-extension usage-explorer-${pkg.version}.vsix`));
  });
});

interface Manifest {
  contributes: { configuration: { properties: Record<string, unknown> }; commands: { title: string }[] };
}
