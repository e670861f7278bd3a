// `npm run demo`: builds the extension, starts code-server with it and a sample workspace
// (a copy of test/fixtures/workspace set to show the demo data; its example usage CSV is one
// "Configure Data Source…" away), prints the URL to open, and stays until Ctrl-C.
// `npm run demo -- --screenshot FILE`: opens the dashboard in headless Chromium instead,
// saves a screenshot to FILE and exits. `--theme light` picks the light theme.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchChromium } from '../test/harness/browser.mjs';
import { FIXTURE_WORKSPACE, ROOT, buildExtension } from '../test/harness/build.mjs';
import { ensureCodeServer, ensureSystemPackages } from '../test/harness/install.mjs';
import { exit, installHandlers, killAll, stoppingSignal } from '../test/harness/processes.mjs';
import { startCodeServer } from '../test/harness/server.mjs';
import { resolveManifest } from './l10n-manifest.mjs';
import { openWorkbench } from '../test/e2e/helpers.mjs';

const DASHBOARD_TITLE = 'Usage Explorer: Open Dashboard';
const argv = process.argv.slice(2);
const option = (name) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const screenshot = option('--screenshot');
const theme = option('--theme') || 'dark';
if (argv.includes('--screenshot') && !screenshot) {
  console.error('usage: npm run demo -- --screenshot FILE [--theme dark|light]');
  exit(2);
}

installHandlers();

/** Whether package.json contributes a command with this "Category: Title". */
function contributesCommand(fullTitle) {
  const read = (file) => JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8'));
  const pkg = resolveManifest(read('package.json'), read('package.nls.json'));
  return (pkg.contributes?.commands || []).some((c) => `${c.category ? `${c.category}: ` : ''}${c.title}` === fullTitle);
}

/**
 * A throw-away copy of the sample workspace that shows the demo data (what a newcomer sees on
 * first open); switching the source to its files shows team.usage.csv instead.
 */
function demoWorkspace() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'usage-explorer-demo-'));
  fs.cpSync(FIXTURE_WORKSPACE, dir, { recursive: true });
  fs.mkdirSync(path.join(dir, '.vscode'), { recursive: true });
  fs.writeFileSync(path.join(dir, '.vscode', 'settings.json'), `${JSON.stringify({ 'usageExplorer.source': 'demo' }, null, 2)}\n`);
  // Removed however the demo ends (Ctrl-C included).
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

let server;
let browser;
let workspace;
let code = 0;
try {
  if (screenshot) ensureSystemPackages(['chromium']);
  ensureCodeServer();
  await buildExtension();
  workspace = demoWorkspace();
  server = await startCodeServer({ workspace, theme, port: option('--port') ? Number(option('--port')) : undefined });
  const url = server.workbenchUrl({ folder: workspace, extensionDevelopmentPath: ROOT });

  if (!screenshot) {
    console.log(`\nUsage Explorer demo: open this URL in a browser on this machine\n\n  ${url}\n`);
    console.log('(the extension is loaded from this clone; rebuild with `npm run build` and reload the page)');
    console.log('Press Ctrl-C to stop.');
    await new Promise(() => {}); // until SIGINT/SIGTERM: the handlers stop code-server and exit
  }

  browser = await launchChromium();
  const wb = await openWorkbench({ server, browser, theme, workspace, testName: 'demo' });
  if (contributesCommand(DASHBOARD_TITLE) || (await wb.hasCommand(DASHBOARD_TITLE))) {
    await wb.runCommand(DASHBOARD_TITLE);
    try {
      await wb.waitForWebview('canvas', 45_000);
      await wb.page.waitForTimeout(1_500); // let chart animations finish
    } catch (error) {
      console.warn(`warning: the dashboard showed no chart within 45 s (${error.message.split('\n')[0]})`);
      code = 1;
    }
  } else {
    console.warn(`warning: no command "${DASHBOARD_TITLE}" yet; the screenshot shows the workbench only`);
  }
  fs.mkdirSync(path.dirname(path.resolve(screenshot)), { recursive: true });
  await wb.page.screenshot({ path: path.resolve(screenshot) });
  console.log(`screenshot saved to ${path.resolve(screenshot)}`);
  await wb.close();
} catch (error) {
  console.error(stoppingSignal() ? `demo: interrupted by ${stoppingSignal()}` : `demo failed: ${error?.stack || error}`);
  code = 1;
}
await browser?.close().catch(() => {});
await server?.stop().catch(() => {});
await killAll();
exit(code);
