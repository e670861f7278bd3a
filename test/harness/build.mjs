// Builds what the tests load: the extension bundle (dist/extension.js, through the
// project's esbuild.mjs) and the extension-host suite (dist-test/suite/index.js).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const FIXTURE_WORKSPACE = path.join(ROOT, 'test', 'fixtures', 'workspace');
export const SUITE_DIR = path.join(ROOT, 'test', 'suite');
export const SUITE_BUNDLE = path.join(ROOT, 'dist-test', 'suite', 'index.js');

function log(message) {
  console.log(`[build] ${message}`);
}

/**
 * Runs `node esbuild.mjs`. If that fails only because another bundle's entry file does not
 * exist yet (the CLI, the benchmark, the webview), builds src/extension.ts alone with the
 * same options and says so. Any other failure is a failure.
 */
export async function buildExtension() {
  const started = Date.now();
  const result = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status === 0) {
    log(`extension built (esbuild.mjs) in ${Date.now() - started} ms`);
    return;
  }
  const otherEntries = ['src/cli/bin.ts', 'bench/run.ts', 'webview/main.ts'];
  const missing = otherEntries.filter((f) => !fs.existsSync(path.join(ROOT, f)));
  if (missing.length === 0) throw new Error('npm run build (node esbuild.mjs) failed; see the errors above');
  console.warn(`[build] warning: esbuild.mjs failed and ${missing.join(', ')} do not exist yet; building src/extension.ts alone`);
  await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    bundle: true,
    sourcemap: true,
    sourcesContent: false,
    logLevel: 'warning',
    legalComments: 'none',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
  });
  log(`extension built (src/extension.ts only) in ${Date.now() - started} ms`);
}

/** Every test/suite/**\/*.test.ts, sorted, relative to test/suite. */
export function suiteTestFiles() {
  return fs
    .readdirSync(SUITE_DIR, { recursive: true })
    .map((f) => f.split(path.sep).join('/'))
    .filter((f) => f.endsWith('.test.ts'))
    .sort();
}

/**
 * Bundles test/suite/index.ts into dist-test/suite/index.js. The module `suite-tests:all`
 * is generated here: it lists every *.test.ts with a loader that evaluates it lazily,
 * after mocha has set up its globals. `vscode` and `mocha` stay external.
 */
export async function buildSuite() {
  const started = Date.now();
  const files = suiteTestFiles();
  const contents = [
    'export const testFiles = [',
    ...files.map((f) => `  { file: ${JSON.stringify(f)}, load: () => require(${JSON.stringify(`./${f}`)}) },`),
    '];',
  ].join('\n');
  const virtualPlugin = {
    name: 'suite-tests',
    setup(build) {
      build.onResolve({ filter: /^suite-tests:all$/ }, () => ({ path: 'suite-tests:all', namespace: 'suite-tests' }));
      build.onLoad({ filter: /.*/, namespace: 'suite-tests' }, () => ({ contents, loader: 'ts', resolveDir: SUITE_DIR }));
    },
  };
  await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: [path.join(SUITE_DIR, 'index.ts')],
    outfile: SUITE_BUNDLE,
    bundle: true,
    sourcemap: 'inline',
    sourcesContent: false,
    logLevel: 'warning',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'mocha'],
    plugins: [virtualPlugin],
  });
  // Engine code the suite bundles itself (a DataService a test makes) finds its worker beside the bundle, as the extension's does.
  const worker = path.join(ROOT, 'dist', 'engine.worker.js');
  if (fs.existsSync(worker)) fs.copyFileSync(worker, path.join(path.dirname(SUITE_BUNDLE), 'engine.worker.js'));
  log(`suite built (${files.length} test file${files.length === 1 ? '' : 's'}: ${files.join(', ')}) in ${Date.now() - started} ms`);
  return files;
}

// `node test/harness/build.mjs` builds both.
if (import.meta.url === `file://${process.argv[1]}`) {
  await buildExtension();
  await buildSuite();
}
