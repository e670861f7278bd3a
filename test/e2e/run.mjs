// `npm run test:e2e`: runs every test/e2e/**/*.e2e.mjs against code-server in headless
// Chromium, once per theme (dark, light), and prints "e2e: N passed, N failed".
// Options: --grep TEXT (only tests whose name contains TEXT), --theme dark|light.
// Env: UE_E2E_TIME_LIMIT_MS (whole run, default 10 min); UE_E2E_VSIX=FILE runs the tests marked
// `smoke` (and those marked `installedOnly`, which run only then) against that .vsix installed
// into code-server (no development path, no build), as "e2e-installed: N passed, N failed".
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { launchChromium } from '../harness/browser.mjs';
import { FIXTURE_WORKSPACE, ROOT, buildExtension } from '../harness/build.mjs';
import { ensureCodeServer, ensureSystemPackages } from '../harness/install.mjs';
import { exit, installHandlers, killAll, stoppingSignal } from '../harness/processes.mjs';
import { startCodeServer } from '../harness/server.mjs';
import { RESULTS_DIR, openWorkbench, registry, slug } from './helpers.mjs';

const VSIX = process.env.UE_E2E_VSIX ? path.resolve(process.env.UE_E2E_VSIX) : undefined;
const LABEL = VSIX ? 'e2e-installed' : 'e2e';
const TIME_LIMIT_MS = Number(process.env.UE_E2E_TIME_LIMIT_MS || 10 * 60_000);
const E2E_DIR = path.join(ROOT, 'test', 'e2e');

const argv = process.argv.slice(2);
const option = (name) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const grep = option('--grep');
const onlyTheme = option('--theme');

installHandlers();
const started = Date.now();
let passed = 0;
let failed = 0;
const failures = [];
let browser;
let server;
let workspace;

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms / 1000} s`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

async function cleanup() {
  await browser?.close().catch(() => {});
  await server?.stop().catch(() => {});
  await killAll();
  if (workspace) fs.rmSync(workspace, { recursive: true, force: true });
}

function report(fatal) {
  for (const f of failures) console.log(`  failed: ${f}`);
  if (fatal) console.log(`[${LABEL}] FAILED: ${fatal}`);
  console.log(`[${LABEL}] finished in ${((Date.now() - started) / 1000).toFixed(1)} s; screenshots in ${path.relative(ROOT, RESULTS_DIR)}/`);
  console.log(`${LABEL}: ${passed} passed, ${failed + (fatal ? 1 : 0)} failed`);
}

const globalTimer = setTimeout(() => {
  const fatal = `time limit of ${TIME_LIMIT_MS / 1000} s reached`;
  cleanup().finally(() => {
    report(fatal);
    exit(1);
  });
}, TIME_LIMIT_MS);

let fatal;
try {
  const files = fs
    .readdirSync(E2E_DIR, { recursive: true })
    .filter((f) => f.endsWith('.e2e.mjs'))
    .sort();
  for (const f of files) await import(pathToFileURL(path.join(E2E_DIR, f)).href);
  const tests = registry.filter((t) => (!grep || t.name.includes(grep)) && (VSIX ? t.options.smoke || t.options.installedOnly : !t.options.installedOnly));
  if (tests.length === 0) throw new Error(`no e2e tests found${grep ? ` matching "${grep}"` : ''} in test/e2e/**/*.e2e.mjs`);
  console.log(`[${LABEL}] ${tests.length} test(s) from ${files.join(', ')}`);

  ensureSystemPackages(['chromium']);
  ensureCodeServer();
  if (VSIX) {
    if (!fs.existsSync(VSIX)) throw new Error(`UE_E2E_VSIX: no such file ${VSIX}`);
  } else {
    await buildExtension();
  }
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  browser = await launchChromium();

  for (const theme of ['dark', 'light']) {
    if (stoppingSignal()) break;
    if (onlyTheme && theme !== onlyTheme) continue;
    const themed = tests.filter((t) => (t.options.themes || ['dark', 'light']).includes(theme));
    if (themed.length === 0) continue;
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'ue-e2e-workspace-'));
    fs.cpSync(FIXTURE_WORKSPACE, workspace, { recursive: true });
    server = await startCodeServer({ workspace, theme, install: VSIX ? [VSIX] : [] });
    for (const t of themed) {
      if (stoppingSignal()) break;
      const title = `${t.name} [${theme}]`;
      const testStart = Date.now();
      let wb;
      // An ownServer test starts its own code-server (e.g. one without the extension) and hands back its workbench.
      const ctx = { browser, theme, vsix: VSIX, testName: t.name, workbench: undefined };
      try {
        await withTimeout(
          (async () => {
            if (t.options.ownServer) {
              await t.fn(ctx);
              wb = ctx.workbench;
              if (!wb) throw new Error('the test opened no workbench (ctx.workbench)');
            } else {
              wb = await openWorkbench({ server, browser, theme, workspace, testName: t.name });
              await t.fn(wb);
            }
          })(),
          t.options.timeout || 90_000,
          title,
        );
        const shot = await wb.screenshot();
        passed++;
        console.log(`  ✔ ${title} (${((Date.now() - testStart) / 1000).toFixed(1)} s) → ${path.relative(ROOT, shot)}`);
      } catch (error) {
        failed++;
        wb = wb || ctx.workbench || error?.workbench;
        let shot = '';
        if (wb?.page) {
          shot = path.join(RESULTS_DIR, `${slug(t.name)}-${theme}-failed.png`);
          await wb.page.screenshot({ path: shot }).catch(() => (shot = ''));
        }
        const message = `${title}: ${error?.stack || error}${shot ? `\n    screenshot: ${path.relative(ROOT, shot)}` : ''}`;
        failures.push(message);
        console.log(`  ✘ ${message}`);
      } finally {
        await wb?.close();
      }
    }
    await server.stop();
    server = undefined;
    fs.rmSync(workspace, { recursive: true, force: true });
    workspace = undefined;
  }
} catch (error) {
  fatal = error?.stack || String(error);
}
if (stoppingSignal()) fatal = `interrupted by ${stoppingSignal()}`;
clearTimeout(globalTimer);
await cleanup();
report(fatal);
exit(fatal || failed > 0 || passed === 0 ? 1 : 0);
