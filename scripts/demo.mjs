// `npm run demo`: builds the extension, starts code-server with it and a sample workspace
// (a copy of test/fixtures/workspace set to show the demo data; its example usage CSV is one
// "Configure Data Source…" away), prints the URL to open, and stays until Ctrl-C.
// `npm run demo -- --screenshot FILE`: opens the dashboard in headless Chromium instead,
// saves a screenshot to FILE and exits. `--screenshot-tree FILE` saves the sidebar tree (with
// its first worker drilled into) to FILE; both may be given in one run. `--theme light` picks
// the light theme.
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
const treeScreenshot = option('--screenshot-tree');
const theme = option('--theme') || 'dark';
if ((argv.includes('--screenshot') && !screenshot) || (argv.includes('--screenshot-tree') && !treeScreenshot)) {
  console.error('usage: npm run demo -- [--screenshot FILE] [--screenshot-tree FILE] [--theme dark|light]');
  exit(2);
}
const headless = Boolean(screenshot || treeScreenshot);

installHandlers();

/** Whether package.json contributes a command with this "Category: Title". */
function contributesCommand(fullTitle) {
  const read = (file) => JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8'));
  const pkg = resolveManifest(read('package.json'), read('package.nls.json'));
  return (pkg.contributes?.commands || []).some((c) => `${c.category ? `${c.category}: ` : ''}${c.title}` === fullTitle);
}

/** Saves a PNG of the page (or of `clip`) to `file`, creating its folder. */
async function savePicture(page, file, clip) {
  const target = path.resolve(file);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  await page.screenshot({ path: target, clip });
  console.log(`screenshot saved to ${target}`);
}

/**
 * Shows the Usage Explorer sidebar with its first worker drilled into and saves the activity
 * bar and sidebar to `file`. Returns false (after a warning) when the tree did not show.
 */
async function saveTreePicture(wb, file) {
  const { page } = wb;
  try {
    await wb.clickActivityBar('Usage Explorer');
    const rows = page.locator('.part.sidebar .monaco-list-row');
    await rows.filter({ hasText: 'Workers' }).first().waitFor({ timeout: 45_000 });
    // The Workers group opens expanded; drill into its first worker to show the levels below.
    const worker = page.locator('.part.sidebar .monaco-list-row[aria-level="2"]').first();
    await worker.waitFor({ timeout: 15_000 });
    await worker.click();
    await rows
      .filter({ has: page.locator('.label-name', { hasText: /^Users$/ }) })
      .first()
      .waitFor({ timeout: 15_000 });
  } catch (error) {
    console.warn(`warning: the tree did not show its workers within the time allowed (${error.message.split('\n')[0]})`);
    return false;
  }
  // Fold the demo notice under the tree (its buttons would be cut off at the bottom of the picture).
  const notice = page.locator('.part.sidebar .pane-header[aria-expanded="true"]', { hasText: /^Data Source/i });
  if ((await notice.count()) > 0) await notice.first().click();
  // Widen the sidebar so spend and runs show in full, and put it back for the dashboard picture.
  await dragSidebarEdge(page, TREE_WIDENING);
  await page.mouse.move(1200, 600); // no hover highlight in the picture
  await page.waitForTimeout(500);
  const activityBar = await page.locator('.part.activitybar').boundingBox();
  const sidebar = await page.locator('.part.sidebar').boundingBox();
  const x = Math.min(activityBar.x, sidebar.x);
  const y = Math.min(activityBar.y, sidebar.y);
  await savePicture(page, file, { x, y, width: sidebar.x + sidebar.width - x, height: sidebar.y + sidebar.height - y });
  await dragSidebarEdge(page, -TREE_WIDENING);
  return true;
}

/** Pixels the sidebar is widened by for the tree picture. */
const TREE_WIDENING = 150;

/** Drags the sidebar's right edge (its sash) by `dx` pixels. */
async function dragSidebarEdge(page, dx) {
  const sidebar = await page.locator('.part.sidebar').boundingBox();
  const edge = sidebar.x + sidebar.width;
  const y = sidebar.y + sidebar.height / 2;
  await page.mouse.move(edge, y);
  await page.mouse.down();
  await page.mouse.move(edge + dx / 2, y, { steps: 5 });
  await page.mouse.move(edge + dx, y, { steps: 5 });
  await page.mouse.up();
  await page.waitForTimeout(300);
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
  if (headless) ensureSystemPackages(['chromium']);
  ensureCodeServer();
  await buildExtension();
  workspace = demoWorkspace();
  server = await startCodeServer({ workspace, theme, port: option('--port') ? Number(option('--port')) : undefined });
  const url = server.workbenchUrl({ folder: workspace, extensionDevelopmentPath: ROOT });

  if (!headless) {
    console.log(`\nUsage Explorer demo: open this URL in a browser on this machine\n\n  ${url}\n`);
    console.log('(the extension is loaded from this clone; rebuild with `npm run build` and reload the page)');
    console.log('Press Ctrl-C to stop.');
    await new Promise(() => {}); // until SIGINT/SIGTERM: the handlers stop code-server and exit
  }

  browser = await launchChromium();
  const wb = await openWorkbench({ server, browser, theme, workspace, testName: 'demo' });
  if (treeScreenshot && !(await saveTreePicture(wb, treeScreenshot))) code = 1;
  if (!screenshot) {
    await wb.close();
  } else if (contributesCommand(DASHBOARD_TITLE) || (await wb.hasCommand(DASHBOARD_TITLE))) {
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
  if (screenshot) {
    await savePicture(wb.page, screenshot);
    await wb.close();
  }
} catch (error) {
  console.error(stoppingSignal() ? `demo: interrupted by ${stoppingSignal()}` : `demo failed: ${error?.stack || error}`);
  code = 1;
}
await browser?.close().catch(() => {});
await server?.stop().catch(() => {});
await killAll();
exit(code);
