// `npm test`: every check, in order, each closing with a line like "N passed, N failed".
// Stops at the first failure and prints a summary, then one closing line for the whole run:
// "total: N passed, N failed". A part that cannot run is a failure.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildWasm } from './build-wasm.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const scripts = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts || {};

const parts = [
  { script: 'format:check' },
  { script: 'lint' },
  { script: 'typecheck' },
  { script: 'test:unit' },
  { script: 'test:sql' },
  { script: 'test:webview' },
  { script: 'test:vscode' },
  { script: 'test:e2e' },
  { script: 'test:l10n' },
  { script: 'test:package' },
];

/** A part's closing count, e.g. "unit: 12 passed, 0 failed" (colour codes ignored). */
const COUNT_LINE = /^([\w-]+): (\d+) passed, (\d+) failed/;

/** Runs one npm script, passing its output through and keeping the last count line of each label. */
function run(script) {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', script], { cwd: ROOT, stdio: ['inherit', 'pipe', 'inherit'] });
    const counts = new Map();
    let rest = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      const lines = (rest + chunk.toString('utf8')).split('\n');
      rest = lines.pop();
      for (const line of lines) {
        // eslint-disable-next-line no-control-regex
        const m = COUNT_LINE.exec(line.replace(/\u001b\[[0-9;]*m/g, '').trim());
        if (m) counts.set(m[1], { passed: Number(m[2]), failed: Number(m[3]) });
      }
    });
    child.on('error', (error) => resolve({ status: null, error, counts }));
    child.on('close', (status, signal) => resolve({ status, signal, counts }));
  });
}

// The CSV row kernel's WebAssembly (src/core/generated/), which type checks and tests import.
await buildWasm();

const results = [];
let failedAt;
let passed = 0;
let failed = 0;
const startedAll = Date.now();
for (const part of parts) {
  if (failedAt) {
    results.push({ script: part.script, status: 'not run', seconds: 0 });
    continue;
  }
  if (!scripts[part.script]) {
    console.log(`\n=== npm run ${part.script}: FAILED: no such script in package.json ===`);
    results.push({ script: part.script, status: 'FAILED (no such script)', seconds: 0 });
    failedAt = part.script;
    continue;
  }
  console.log(`\n=== npm run ${part.script} ===`);
  const started = Date.now();
  const r = await run(part.script);
  const seconds = (Date.now() - started) / 1000;
  const ok = r.status === 0;
  const status = ok ? 'passed' : `FAILED (${r.error ? r.error.message : `exit ${r.status ?? r.signal}`})`;
  for (const count of r.counts.values()) {
    passed += count.passed;
    failed += count.failed;
  }
  results.push({ script: part.script, status, seconds });
  if (!ok) failedAt = part.script;
}

console.log('\n=== summary ===');
for (const { script, status, seconds } of results) {
  console.log(`  ${script.padEnd(13)} ${status}${seconds ? ` (${seconds.toFixed(1)} s)` : ''}`);
}
console.log(failedAt ? `npm test: FAILED at "${failedAt}"` : `npm test: all parts passed in ${((Date.now() - startedAll) / 1000).toFixed(0)} s`);
// A failed part counts as a failure even when it printed no count of its own.
if (failedAt && failed === 0) failed = 1;
console.log(`total: ${passed} passed, ${failed} failed`);
process.exit(failedAt ? 1 : 0);
