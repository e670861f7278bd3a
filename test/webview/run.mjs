/* global window, document */
// Runs the dashboard webview's component tests in real Chromium (playwright-core), under the
// dashboard's own CSP, and prints `webview: N passed, N failed`. Also saves screenshots of the
// page in the dark and light themes to test-results/. `--bench` also measures paint times with
// view models made from a million events.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { launchChromium } from '../harness/browser.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const OUT = path.join(ROOT, 'dist-test', 'webview');
const RESULTS = path.join(ROOT, 'test-results');
const bench = process.argv.includes('--bench');
// `--cpu-throttle N` (or UE_WEBVIEW_CPU_THROTTLE=N) runs the page N times slower, as on a loaded CI machine.
const throttleArg = process.argv.indexOf('--cpu-throttle');
const cpuThrottle = Number(throttleArg >= 0 ? process.argv[throttleArg + 1] : process.env.UE_WEBVIEW_CPU_THROTTLE || 1);

fs.mkdirSync(OUT, { recursive: true });
fs.mkdirSync(RESULTS, { recursive: true });

await esbuild.build({
  absWorkingDir: ROOT,
  entryPoints: ['test/webview/tests.ts'],
  outfile: path.join(OUT, 'tests.js'),
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  tsconfig: 'webview/tsconfig.json',
  sourcemap: 'inline',
  logLevel: 'warning',
});

// The same CSP the panel uses, from its source (src/dashboard/html.ts), with the test server as cspSource.
const htmlModule = path.join(OUT, 'html.cjs');
await esbuild.build({
  absWorkingDir: ROOT,
  entryPoints: ['src/dashboard/html.ts'],
  outfile: htmlModule,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  logLevel: 'warning',
});
const { contentSecurityPolicy, createNonce } = (await import(htmlModule)).default;

if (bench) {
  const models = path.join(OUT, 'bench-models.json');
  if (!fs.existsSync(models)) {
    const script = path.join(OUT, 'bench-models.cjs');
    await esbuild.build({
      absWorkingDir: ROOT,
      entryPoints: ['test/webview/bench-models.mjs'],
      outfile: script,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      logLevel: 'warning',
    });
    const r = spawnSync(process.execPath, [script, models], { stdio: 'inherit' });
    if (r.status !== 0) process.exit(1);
  }
}

let origin = '';
const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname === '/') {
    const nonce = createNonce();
    const csp = contentSecurityPolicy(origin, nonce) + (bench ? `; connect-src ${origin}` : '');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(
      `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8"><meta http-equiv="Content-Security-Policy" content="${csp}"><title>Dashboard tests</title></head><body><script type="module" nonce="${nonce}" src="/tests.js"></script></body></html>`,
    );
    return;
  }
  if (url.pathname === '/favicon.ico') {
    res.writeHead(204).end();
    return;
  }
  const file = path.join(OUT, path.basename(url.pathname));
  if (!fs.existsSync(file)) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'content-type': file.endsWith('.js') ? 'text/javascript' : 'application/json' });
  fs.createReadStream(file).pipe(res);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
origin = `http://127.0.0.1:${server.address().port}`;

// The harness's launcher: installs Debian's chromium when missing (as root) and ends it on any exit.
const browser = await launchChromium({ headless: true });

let failed = 0;
let passed = 0;
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const problems = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('dialog', (dialog) => {
    problems.push(`a dialog opened: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  await page.exposeFunction('__mouse', async (kind, x, y) => {
    if (kind === 'click') await page.mouse.click(x, y);
    else await page.mouse.move(x, y);
  });
  if (cpuThrottle > 1) {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpuThrottle });
    console.log(`  (CPU throttled ${cpuThrottle}×)`);
  }
  await page.goto(`${origin}/`);
  await page.waitForFunction(() => window.__results !== undefined, null, { timeout: 120_000 * cpuThrottle });
  const results = await page.evaluate(() => window.__results);
  for (const r of results) {
    if (r.ok) passed++;
    else failed++;
    console.log(`${r.ok ? '  ✓' : '  ✗'} ${r.name} (${r.ms.toFixed(0)} ms)${r.ok ? '' : `\n${r.error}`}`);
  }
  // Expected noise: the malformed-message test makes the webview warn, which is not an error.
  if (problems.length) {
    failed++;
    console.log(`  ✗ the page stayed clean (no CSP violation, page error, console error or dialog)\n    ${problems.join('\n    ')}`);
  } else {
    passed++;
    console.log('  ✓ the page stayed clean (no CSP violation, page error, console error or dialog)');
  }

  for (const theme of ['dark', 'light']) {
    const shot = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = [];
    shot.on('console', (msg) => msg.type() === 'error' && errors.push(msg.text()));
    await shot.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective}`));
    });
    await shot.goto(`${origin}/?screenshot=${theme}`);
    await shot.waitForFunction(() => window.__painted === true, null, { timeout: 30_000 });
    const file = path.join(RESULTS, `webview-dashboard-${theme}.png`);
    await shot.screenshot({ path: file, fullPage: true });
    if (errors.length) {
      failed++;
      console.log(`  ✗ screenshot ${theme}: ${errors.join('; ')}`);
    } else {
      passed++;
      console.log(`  ✓ screenshot ${theme} -> ${path.relative(ROOT, file)}`);
    }
    await shot.close();
  }

  if (bench) {
    const b = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await b.goto(`${origin}/?bench`);
    await b.waitForFunction(() => window.__bench !== undefined, null, { timeout: 120_000 });
    const result = await b.evaluate(() => window.__bench);
    const host = JSON.parse(fs.readFileSync(path.join(OUT, 'bench-models.json'), 'utf8'));
    console.log(`bench (${host.events} events): host view model ${host.hostMs.first.toFixed(1)} ms (30d), ${host.hostMs.second.toFixed(1)} ms (90d)`);
    console.log(`bench: ${JSON.stringify(result)}`);
  }
} finally {
  await browser.close();
  server.close();
}

console.log(`webview: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
