// `npm test`: every check, in order, each closing with a line like "N passed, N failed".
// Stops at the first failure and prints a summary. A part that cannot run is a failure.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const scripts = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts || {};

const parts = [
  { script: 'lint' },
  { script: 'typecheck' },
  { script: 'test:unit' },
  // Webview component tests come with the dashboard; until the script exists this part says so.
  { script: 'test:webview', optional: 'webview: not yet built (no "test:webview" script in package.json)' },
  { script: 'test:vscode' },
  { script: 'test:e2e' },
];

const results = [];
let failedAt;
for (const part of parts) {
  if (failedAt) {
    results.push({ script: part.script, status: 'not run', seconds: 0 });
    continue;
  }
  if (!scripts[part.script]) {
    if (part.optional) {
      console.log(`\n=== ${part.optional} ===`);
      results.push({ script: part.script, status: 'not present yet', seconds: 0 });
      continue;
    }
    console.log(`\n=== npm run ${part.script}: FAILED: no such script in package.json ===`);
    results.push({ script: part.script, status: 'FAILED (no such script)', seconds: 0 });
    failedAt = part.script;
    continue;
  }
  console.log(`\n=== npm run ${part.script} ===`);
  const started = Date.now();
  const r = spawnSync('npm', ['run', '--silent', part.script], { cwd: ROOT, stdio: 'inherit' });
  const seconds = (Date.now() - started) / 1000;
  const ok = r.status === 0;
  const status = ok ? 'passed' : `FAILED (${r.error ? r.error.message : `exit ${r.status ?? r.signal}`})`;
  results.push({ script: part.script, status, seconds });
  if (!ok) failedAt = part.script;
}

console.log('\n=== summary ===');
for (const { script, status, seconds } of results) {
  console.log(`  ${script.padEnd(13)} ${status}${seconds ? ` (${seconds.toFixed(1)} s)` : ''}`);
}
if (failedAt) {
  console.log(`npm test: FAILED at "${failedAt}"`);
  process.exit(1);
}
console.log('npm test: all parts passed');
