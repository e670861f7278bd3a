// `npm run test:vscode`: runs the extension-host suite (test/suite) inside a real VS Code:
// code-server in headless Chromium, the suite loaded through the smoke-test driver's URL
// payload. Exit code comes from codeAutomationExit; the suite's output from codeAutomationLog.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { format } from 'node:util';
import { launchChromium } from './browser.mjs';
import { FIXTURE_WORKSPACE, ROOT, SUITE_BUNDLE, buildExtension, buildSuite } from './build.mjs';
import { ensureCodeServer, ensureSystemPackages } from './install.mjs';
import { exit, installHandlers, killAll, stoppingSignal } from './processes.mjs';
import { startPostgres } from './postgres.mjs';
import { startCodeServer } from './server.mjs';

const LABEL = 'vscode';
// Printed by test/suite/index.ts when mocha starts.
const SUITE_START_MARKER = 'vscode: running ';
const TIME_LIMIT_MS = Number(process.env.UE_SUITE_TIME_LIMIT_MS || 5 * 60_000);

installHandlers();
const started = Date.now();
const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;
const captured = [];
let server;
let postgres;
let browser;
let workspace;
let exitCode = 1;
let summary;
let reason;

const watchdog = setTimeout(() => {
  reason = `time limit of ${TIME_LIMIT_MS / 1000} s reached`;
  finish().finally(() => exit(1));
}, TIME_LIMIT_MS);

async function finish() {
  clearTimeout(watchdog);
  await browser?.close().catch(() => {});
  if (reason && server && !summary) {
    console.log(`--- code-server log (last lines) ---\n${server.logTail(30)}`);
  }
  await server?.stop().catch(() => {});
  await postgres?.stop().catch(() => {});
  await killAll();
  if (workspace) fs.rmSync(workspace, { recursive: true, force: true });
  if (reason) {
    console.log(`[${LABEL}] FAILED: ${reason}`);
    if (!summary) {
      console.log(`--- captured from the extension host (${captured.length} lines) ---`);
      for (const line of captured.slice(-200)) console.log(line);
      console.log('--- end ---');
    }
  }
  // The closing line of this part, always printed (from the suite if it got that far).
  // Without the suite's summary (a hang, a crash), count the reporter's ✔ lines.
  const passed = summary ? Number(summary[1]) : captured.filter((l) => /^\s*✔ /.test(l)).length;
  const failed = summary ? Number(summary[2]) : 0;
  console.log(`${LABEL}: ${passed} passed, ${failed === 0 && reason ? 1 : failed} failed${summary ? '' : ` (${String(reason).split('\n')[0]})`}`);
}

try {
  ensureSystemPackages(['chromium']);
  const installStart = Date.now();
  ensureCodeServer();
  console.log(`[${LABEL}] code-server ready in ${seconds(installStart)}`);
  await buildExtension();
  await buildSuite();

  // A copy of the fixture workspace, so tests may write into it.
  workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'ue-suite-workspace-'));
  fs.cpSync(FIXTURE_WORKSPACE, workspace, { recursive: true });

  // A PostgreSQL for the postgres source's tests; the extension host inherits its URL.
  postgres = await startPostgres();
  process.env.UE_TEST_PG_URL = postgres.connectionString;
  server = await startCodeServer({ workspace });
  browser = await launchChromium();
  const page = await browser.newPage();
  const done = new Promise((resolve) => {
    page.exposeFunction('codeAutomationExit', (code) => resolve(Number(code)));
  });
  // Everything the workbench and extension host log arrives here. Lines before the suite's
  // start marker (workbench noise) are kept and printed only if the run fails.
  let echo = false;
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const list = Array.isArray(args) ? args : [args];
    const text = typeof list[0] === 'string' ? format(...list) : list.map((a) => JSON.stringify(a)).join(' ');
    for (const line of text.split('\n')) {
      captured.push(line);
      if (line.startsWith(SUITE_START_MARKER)) echo = true;
      if (echo || process.env.UE_VERBOSE) console.log(line);
      const m = /^vscode: (\d+) passed, (\d+) failed/.exec(line);
      if (m) summary = m;
    }
  });
  page.on('pageerror', (error) => captured.push(`[page error] ${error.message}`));

  const url = server.workbenchUrl({ extensionDevelopmentPath: ROOT, extensionTestsPath: SUITE_BUNDLE });
  const suiteStart = Date.now();
  await page.goto(url);
  exitCode = await done;
  console.log(`[${LABEL}] suite finished with exit code ${exitCode} in ${seconds(suiteStart)} (total ${seconds(started)})`);
  if (exitCode !== 0) reason = `the suite exited with code ${exitCode}`;
  else if (!summary) reason = 'the suite printed no summary line';
  else if (Number(summary[1]) === 0) reason = 'no tests ran';
} catch (error) {
  reason = stoppingSignal() ? `interrupted by ${stoppingSignal()}` : error?.stack || String(error);
}
await finish();
exit(reason ? 1 : 0);
