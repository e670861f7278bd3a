// `npm run test:l10n`: the pseudo-locale test. It copies the built extension with pseudo-locale
// bundles (every message as ⟦Ŵôŕðš⟧, see pseudo.mjs) for the display language qps-ploc, starts
// code-server in that language, and drives the workbench: the Usage view (tree, its message and
// welcome, a budgeted row's share), the status bar items (usage and the workspace budget) and
// their tooltips, the command palette, a quick pick, a notification and the dashboard with its
// insights (forecast, budgets, movers, spikes, new models). Any word of ours still in plain English there was not
// localised, and fails the test; data values (names, amounts, days) are let through.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchChromium } from '../harness/browser.mjs';
import { FIXTURE_WORKSPACE, ROOT, buildExtension } from '../harness/build.mjs';
import { ensureCodeServer, ensureSystemPackages } from '../harness/install.mjs';
import { exit, installHandlers, killAll } from '../harness/processes.mjs';
import { startCodeServer } from '../harness/server.mjs';
import { VIEWPORT, Workbench } from '../e2e/helpers.mjs';
import { OPEN, pseudo, pseudoBundle } from './pseudo.mjs';
import { plainWords } from './words.mjs';

const LABEL = 'l10n';
const LOCALE = 'qps-ploc';
installHandlers();

/** A copy of what the extension runs from, with the pseudo-locale's bundles beside the English ones. */
function pseudoExtension() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ue-pseudo-ext-'));
  for (const entry of ['package.json', 'package.nls.json', 'dist', 'media', 'l10n']) {
    fs.cpSync(path.join(ROOT, entry), path.join(dir, entry), { recursive: true });
  }
  const read = (file) => JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8'));
  fs.writeFileSync(path.join(dir, `package.nls.${LOCALE}.json`), JSON.stringify(pseudoBundle(read('package.nls.json'))));
  fs.writeFileSync(path.join(dir, 'l10n', `bundle.l10n.${LOCALE}.json`), JSON.stringify(pseudoBundle(read('l10n/bundle.l10n.json'))));
  return dir;
}

/** Words of the fixture data and its file names (names, ids, models): shown as they are in any language. */
function dataWords(workspace) {
  const words = new Set();
  for (const file of fs.readdirSync(workspace)) {
    if (!/\.(csv|json|ndjson)$/.test(file)) continue;
    for (const w of `${file} ${fs.readFileSync(path.join(workspace, file), 'utf8')}`.match(/[A-Za-z]+/g) ?? []) words.add(w.toLowerCase());
  }
  return words;
}

/** Budgets that the fixture's spend is over: the status bar, the tree, notifications and the dashboard show them. */
const BUDGETS = [
  { scope: 'workspace', amount: 1, period: 'month' },
  { scope: 'worker', id: 'code-review', amount: 0.5, period: 'month' },
];

/** The text a page shows, into Lit's shadow roots, with aria-labels and titles (browser side). */
function shownText(root) {
  const parts = [];
  const walk = (node) => {
    if (node.nodeType === 3 /* text */) {
      if (node.textContent.trim()) parts.push(node.textContent.trim());
      return;
    }
    if (node.nodeType !== 1 /* element */ && node.nodeType !== 11 /* shadow root */) return;
    if (node.nodeType === 1) {
      if (['STYLE', 'SCRIPT', 'CANVAS'].includes(node.tagName)) return;
      for (const attr of ['aria-label', 'title', 'placeholder']) if (node.getAttribute(attr)) parts.push(node.getAttribute(attr));
      if (node.shadowRoot) walk(node.shadowRoot);
    }
    for (const child of node.childNodes) walk(child);
  };
  walk(root);
  return parts.join('\n');
}

/**
 * The visible rows' own labels. (In a language other than English, VS Code shows each command's
 * English title under its translated one, so only the first label of a row is ours to check.)
 */
async function primaryLabels(quick) {
  const rows = quick.locator('.monaco-list-row:visible');
  const labels = [];
  for (let i = 0; i < (await rows.count()); i++) labels.push(await rows.nth(i).locator('.label-name').first().innerText());
  return labels;
}

const failures = [];
let checks = 0;
/** Records the plain-English words left in `text` (what a surface shows) as a failure. */
function expectLocalised(surface, text, allowed) {
  checks++;
  const left = plainWords(text, allowed);
  if (!text.includes(OPEN)) failures.push(`${surface}: nothing pseudo-localised in ${JSON.stringify(text.slice(0, 200))}`);
  else if (left.length) failures.push(`${surface}: not localised: ${[...new Set(left)].join(', ')}\n    in ${JSON.stringify(text.slice(0, 400))}`);
  else console.log(`  ✓ ${surface}`);
}

let server;
let browser;
let workspace;
let extension;
let code = 1;
let page;
try {
  ensureSystemPackages(['chromium']);
  ensureCodeServer();
  await buildExtension();
  extension = pseudoExtension();
  workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'ue-pseudo-workspace-'));
  fs.cpSync(FIXTURE_WORKSPACE, workspace, { recursive: true });
  const allowed = dataWords(workspace);
  server = await startCodeServer({ workspace, locale: LOCALE, settings: { 'usageExplorer.budgets': BUDGETS } });
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: VIEWPORT });
  page = await context.newPage();
  await page.goto(server.workbenchUrl({ folder: workspace, extensionDevelopmentPath: extension }));
  const wb = new Workbench(page, { theme: 'dark', testName: 'pseudo-locale', server, workspace });
  await wb.ready();
  const title = `${pseudo('Usage Explorer')}`;

  // The Usage view: container and view titles, the lists, their counts and the summary line.
  await page
    .locator('.part.activitybar')
    .getByRole('tab', { name: new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) })
    .first()
    .click();
  const sidebar = page.locator('.part.sidebar');
  await sidebar
    .locator('.monaco-list-row', { hasText: pseudo('Workers') })
    .first()
    .waitFor({ timeout: 60_000 });
  await sidebar.locator('.monaco-list-row', { hasText: '$' }).first().waitFor({ timeout: 60_000 });
  const firstList = sidebar.locator('.monaco-list-row', { hasText: pseudo('Users') }).first();
  await firstList.click();
  await sidebar.locator('.monaco-list-row[aria-level="2"]').first().waitFor({ timeout: 30_000 });
  expectLocalised('Usage view (tree, lists, rows, message)', await sidebar.innerText(), allowed);

  // A row's tooltip (Markdown: spend, runs, share, change).
  await sidebar.locator('.monaco-list-row[aria-level="2"]').first().hover();
  const hover = page.locator('.monaco-hover:visible, .workbench-hover-container:visible').last();
  await hover.waitFor({ timeout: 15_000 });
  expectLocalised('tree row tooltip', await hover.innerText(), allowed);
  await page.mouse.move(5, 5);

  // The budgeted worker's share of its budget, on its row.
  await sidebar.locator('.monaco-list-row', { hasText: pseudo('{0} of budget').split('{0}')[1] }).first().waitFor({ timeout: 30_000 });

  // The status bar items (usage, and the workspace budget) and their tooltips.
  const statusItems = page.locator('.part.statusbar .statusbar-item', { hasText: '$' });
  await statusItems.nth(1).waitFor({ timeout: 30_000 });
  for (let i = 0; i < (await statusItems.count()); i++) {
    const item = statusItems.nth(i);
    const text = await item.innerText();
    await item.hover();
    const statusHover = page.locator('.monaco-hover:visible, .workbench-hover-container:visible').last();
    await statusHover.waitFor({ timeout: 15_000 });
    expectLocalised(`status bar tooltip of ${JSON.stringify(text)}`, await statusHover.innerText(), allowed);
    await page.mouse.move(5, 5);
    await statusHover.waitFor({ state: 'hidden', timeout: 15_000 }).catch(() => {});
  }

  // The command palette: every command of ours, by its (pseudo) category.
  await page.keyboard.press('F1');
  const quick = page.locator('.quick-input-widget');
  await quick.locator('.quick-input-box input').fill(`>${title}`);
  await quick.locator('.monaco-list-row').nth(5).waitFor({ timeout: 15_000 });
  const labels = await primaryLabels(quick);
  expectLocalised(`command palette (${labels.length} commands)`, labels.join('\n'), allowed);
  await page.keyboard.press('Escape');

  // A quick pick of a command.
  await wb.startCommand(`${title}: ${pseudo('Select Time Range…')}`);
  await quick.locator('.monaco-list-row', { hasText: pseudo('Custom…') }).waitFor({ timeout: 15_000 });
  const picks = await primaryLabels(quick);
  expectLocalised(
    'time range quick pick',
    `${await quick
      .locator('.quick-input-title')
      .innerText()
      .catch(() => '')}\n${picks.join('\n')}`,
    allowed,
  );
  await page.keyboard.press('Escape');

  // A notification.
  await wb.runCommand(`${title}: ${pseudo('Clear API Key')}`);
  // Toasts may go straight to the notification center: read it there (VS Code's own command, in English).
  await wb.runCommand('Notifications: Show Notifications');
  const note = page.locator('.notifications-center .notification-list-item-message', { hasText: OPEN }).first();
  await note.waitFor({ timeout: 15_000 });
  expectLocalised('notification', await note.innerText(), allowed);
  await page.keyboard.press('Escape');

  // The dashboard: its tab, header, cards, charts' text, notices and tables.
  await wb.runCommand(`${title}: ${pseudo('Open Dashboard')}`);
  await wb.waitForWebview('canvas', 60_000);
  const body = wb.webview().locator('body');
  await wb.webview().locator('table tbody tr').first().waitFor({ timeout: 30_000 });
  expectLocalised('dashboard tab title', await page.locator('.tabs-container .tab.active').innerText(), allowed);
  expectLocalised('dashboard', await body.evaluate(shownText), allowed);
  // The insights panel on its own: the forecast card, the budgets and every item of the list.
  const panel = wb.webview().locator('ue-insights-panel');
  const kinds = await panel.locator('li[data-kind]').evaluateAll((items) => items.map((li) => li.dataset.kind));
  for (const kind of ['budget', 'mover', 'new-model']) if (!kinds.includes(kind)) failures.push(`insights list: no ${kind} item to check (kinds: ${kinds.join(', ')})`);
  expectLocalised(`insights panel (${kinds.length} items: ${[...new Set(kinds)].join(', ')})`, await panel.evaluate(shownText), allowed);
  const lang = await wb.webview().locator('html').getAttribute('lang');
  if (lang !== LOCALE) failures.push(`dashboard: <html lang> is ${lang}, not ${LOCALE} (vscode.env.language)`);
  await wb.screenshot();

  if (failures.length === 0) code = 0;
} catch (error) {
  failures.push(String(error?.stack ?? error));
  await page?.screenshot({ path: path.join(ROOT, 'test-results', 'pseudo-locale-failed.png') }).catch(() => {});
} finally {
  if (failures.length) console.log(`\n[${LABEL}] FAILED:\n  ${failures.join('\n  ')}`);
  await browser?.close().catch(() => {});
  await server?.stop().catch(() => {});
  await killAll();
  for (const dir of [workspace, extension]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
  console.log(`${LABEL}: ${Math.max(0, checks - failures.length)} passed, ${failures.length} failed`);
  exit(code);
}
