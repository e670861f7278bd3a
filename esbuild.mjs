// Builds every bundle from one place: the extension host, the dashboard webview,
// the command line, and the benchmark. `--production` minifies; `--watch` rebuilds.
import * as esbuild from 'esbuild';
import { buildWasm } from './scripts/build-wasm.mjs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'warning',
  legalComments: 'none',
};

/** @type {import('esbuild').BuildOptions[]} */
const builds = [
  {
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
  },
  {
    ...common,
    entryPoints: ['webview/main.ts'],
    outfile: 'dist/webview.js',
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    tsconfig: 'webview/tsconfig.json',
  },
  {
    ...common,
    entryPoints: ['src/cli/bin.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
  },
  {
    // The engine's worker thread, loaded by the extension, the CLI and the bench from beside them.
    ...common,
    entryPoints: ['src/core/engine/worker.ts'],
    outfile: 'dist/engine.worker.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  },
  {
    ...common,
    entryPoints: ['bench/run.ts'],
    outfile: 'dist/bench.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    minify: true,
  },
  {
    ...common,
    entryPoints: ['bench/agentLogs.ts'],
    outfile: 'dist/bench-agent-logs.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    minify: true,
  },
];

/** Prints build problems the way VS Code's esbuild problem matcher expects. */
const problemMatcherPlugin = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

// The CSV row kernel's WebAssembly, which the bundles embed.
await buildWasm();
const contexts = await Promise.all(builds.map((options) => esbuild.context({ ...options, plugins: watch ? [problemMatcherPlugin] : [] })));
if (watch) {
  await Promise.all(contexts.map((ctx) => ctx.watch()));
} else {
  try {
    await Promise.all(contexts.map((ctx) => ctx.rebuild()));
  } finally {
    await Promise.all(contexts.map((ctx) => ctx.dispose()));
  }
}
