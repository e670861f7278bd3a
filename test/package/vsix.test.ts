// Reads the packaged .vsix (a zip; path in UE_VSIX, made by test/package/run.mjs) and holds it to
// the size budget and the .vscodeignore rules, and checks that every file the manifest needs at run
// time is inside.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import yauzl from 'yauzl';

const VSIX = process.env.UE_VSIX;
/** The Marketplace package budget. */
const BUDGET_BYTES = 1.5 * 1024 * 1024;
/** What may ship, inside the package's `extension/` folder. */
const ALLOWED = [
  /^dist\/[\w.-]+\.js$/,
  /^media\/[\w./-]+\.(png|svg|md|gif|jpg)$/,
  /^readme\.md$/,
  /^changelog\.md$/,
  /^LICENSE\.txt$/,
  /^package\.json$/,
  /^package\.nls(\.[\w-]+)?\.json$/,
  /^l10n\/bundle\.l10n(\.[\w-]+)?\.json$/,
];

function entriesOf(file: string): Promise<Map<string, number>> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (error, zip) => {
      if (error || !zip) return reject(error ?? new Error('no zip'));
      const entries = new Map<string, number>();
      zip.on('entry', (entry: yauzl.Entry) => {
        entries.set(entry.fileName, entry.uncompressedSize);
        zip.readEntry();
      });
      zip.on('end', () => resolve(entries));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

function readEntry(file: string, name: string): Promise<string> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (error, zip) => {
      if (error || !zip) return reject(error ?? new Error('no zip'));
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName !== name) return zip.readEntry();
        zip.openReadStream(entry, (err, stream) => {
          if (err || !stream) return reject(err ?? new Error('no stream'));
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            zip.close();
            resolve(Buffer.concat(chunks).toString('utf8'));
          });
        });
      });
      zip.on('end', () => reject(new Error(`${name} is not in the package`)));
      zip.readEntry();
    });
  });
}

/** Every package-relative file the manifest points at (main, icons, walkthrough media, l10n). */
function referencedFiles(manifest: Record<string, unknown>): string[] {
  const files = new Set<string>();
  const add = (p: unknown) => {
    if (typeof p === 'string' && !p.startsWith('$(')) files.add(p.replace(/^\.\//, ''));
  };
  const main = String(manifest.main);
  add(main.endsWith('.js') ? main : `${main}.js`);
  add(manifest.icon);
  const contributes = (manifest.contributes ?? {}) as Record<string, unknown>;
  const containers = (contributes.viewsContainers ?? {}) as Record<string, Array<{ icon?: string }>>;
  for (const list of Object.values(containers)) for (const c of list) add(c.icon);
  const views = (contributes.views ?? {}) as Record<string, Array<{ icon?: string }>>;
  for (const list of Object.values(views)) for (const v of list) add(v.icon);
  const walkthroughs = (contributes.walkthroughs ?? []) as Array<{ steps: Array<{ media?: Record<string, unknown> }> }>;
  for (const w of walkthroughs) {
    for (const step of w.steps) {
      const media = step.media ?? {};
      add(media.markdown);
      add(media.svg);
      const image = media.image;
      if (typeof image === 'string') add(image);
      else if (image && typeof image === 'object') for (const v of Object.values(image)) add(v);
    }
  }
  if (typeof manifest.l10n === 'string') add(`${manifest.l10n.replace(/^\.\//, '')}/bundle.l10n.json`);
  return [...files];
}

describe('the packaged .vsix', function () {
  let entries: Map<string, number>;
  let manifest: Record<string, unknown>;

  before(async function () {
    assert.ok(VSIX, 'UE_VSIX must name the .vsix to check (run this through `npm run test:package`)');
    assert.ok(fs.existsSync(VSIX), `no such file: ${VSIX}`);
    entries = await entriesOf(VSIX);
    manifest = JSON.parse(await readEntry(VSIX, 'extension/package.json')) as Record<string, unknown>;
  });

  it('is within the 1.5 MB budget', function () {
    const size = fs.statSync(VSIX!).size;
    assert.ok(size <= BUDGET_BYTES, `${(size / 1024).toFixed(1)} KiB is over the ${BUDGET_BYTES / 1024} KiB budget`);
  });

  it('ships only what runs: bundles, media, manifest, strings, README, CHANGELOG and LICENSE', function () {
    const shipped = [...entries.keys()].filter((name) => name.startsWith('extension/')).map((name) => name.slice('extension/'.length));
    assert.ok(shipped.length > 0, 'the package has no extension/ folder');
    const stray = shipped.filter((name) => !ALLOWED.some((pattern) => pattern.test(name)));
    assert.deepEqual(stray, [], `files that should not ship: ${stray.join(', ')}`);
    for (const name of shipped) assert.doesNotMatch(name, /^(src|test|webview|bench|scripts|node_modules|test-results|dist-test)\//);
    for (const needed of ['readme.md', 'changelog.md', 'LICENSE.txt', 'package.json', 'dist/extension.js', 'dist/webview.js']) {
      assert.ok(entries.has(`extension/${needed}`), `${needed} is missing`);
    }
  });

  it('contains every file the manifest refers to', function () {
    const missing = referencedFiles(manifest).filter((file) => !entries.has(`extension/${file}`));
    assert.deepEqual(missing, []);
  });

  it('ships minified bundles without source maps', async function () {
    assert.ok(![...entries.keys()].some((name) => name.endsWith('.map')), 'a source map is in the package');
    const extension = await readEntry(VSIX!, 'extension/dist/extension.js');
    assert.doesNotMatch(extension, /sourceMappingURL/);
    // Minified: few, long lines.
    const lines = extension.split('\n').length;
    assert.ok(lines < extension.length / 500, `dist/extension.js has ${lines} lines for ${extension.length} characters: not minified`);
  });

  it('declares a licence file matching package.json and a 128×128 PNG icon', async function () {
    assert.equal(manifest.license, 'MIT');
    assert.match(await readEntry(VSIX!, 'extension/LICENSE.txt'), /^MIT License/);
    const icon = String(manifest.icon);
    assert.match(icon, /\.png$/);
    const png = fs.readFileSync(new URL(`../../${icon}`, import.meta.url));
    assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128]);
  });
});
