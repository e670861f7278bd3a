// Helpers for UI end-to-end tests: playwright-core driving the VS Code workbench
// (code-server) in Chromium. Tests register with `test(name, fn)` in a test/e2e/*.e2e.mjs
// file; test/e2e/run.mjs runs each in a dark and a light theme and passes `fn` a Workbench.
import fs from 'node:fs';
import path from 'node:path';
import { launchChromium } from '../harness/browser.mjs';
import { FIXTURE_WORKSPACE, ROOT } from '../harness/build.mjs';
import { killAll } from '../harness/processes.mjs';
import { startCodeServer } from '../harness/server.mjs';

export const RESULTS_DIR = path.join(ROOT, 'test-results');
export const VIEWPORT = { width: 1400, height: 900 };

/** @type {{ name: string, fn: (wb: any) => Promise<void>, options: { timeout?: number, themes?: string[], smoke?: boolean, installedOnly?: boolean, ownServer?: boolean } }[]} */
export const registry = [];

/**
 * Registers a UI test. `fn(wb)` gets a fresh page on a workbench with the extension loaded
 * and the sample workspace open. After it passes, test-results/<name>-<theme>.png is saved;
 * when it fails, test-results/<name>-<theme>-failed.png. Options: timeout (ms, default 90 s),
 * themes (default ['dark', 'light']), smoke (also run against the installed .vsix), installedOnly
 * (only against the .vsix), ownServer (`fn` gets `{ browser, theme, vsix, testName }` instead of a
 * Workbench, starts its own server, e.g. with `openWorkbench`, and sets `ctx.workbench` to what it
 * opened: the runner screenshots and closes that).
 */
export function test(name, fn, options = {}) {
  registry.push({ name, fn, options });
}

/** A file-name-safe version of a test name. */
export function slug(text) {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export class Workbench {
  /**
   * @param {import('playwright-core').Page} page
   * @param {{ theme: string, testName?: string, server: any, workspace: string }} info
   */
  constructor(page, info) {
    this.page = page;
    this.theme = info.theme;
    this.testName = info.testName || 'workbench';
    this.server = info.server;
    /** The workspace folder open in the workbench (a throw-away copy of test/fixtures/workspace in tests). */
    this.workspace = info.workspace;
  }

  /** Waits until the workbench is drawn and the extension host is up. */
  async ready(timeout = 60_000) {
    await this.page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout });
    await this.page.locator('.part.statusbar').waitFor({ state: 'visible', timeout });
    // The explorer lists the workspace once the remote file system answers; then let focus settle.
    await this.page
      .locator('.explorer-folders-view .monaco-list-row')
      .first()
      .waitFor({ timeout })
      .catch(() => {});
    // User settings (the color theme) arrive from the server after the first paint.
    const themeClass = { dark: '.vs-dark', light: '.vs' }[this.theme];
    if (themeClass)
      await this.page
        .locator(`.monaco-workbench${themeClass}`)
        .waitFor({ timeout })
        .catch(() => {});
    await this.page.waitForTimeout(1_000);
  }

  /** Opens the command palette (F1) with `title` typed in; returns the matching row locator or null. */
  async #findCommand(title, timeout) {
    const page = this.page;
    const widget = page.locator('.quick-input-widget');
    const input = widget.locator('.quick-input-box input');
    const text = `>${title}`;
    const exact = new RegExp(`^\\s*${escapeRegExp(title)}\\s*$`);
    const row = widget
      .locator('.monaco-list-row')
      .filter({ has: page.locator('.label-name', { hasText: exact }) })
      .first();
    // Right after load the workbench may not take keys yet, may move focus (closing the
    // palette) or reset the typed text: keep opening and typing until the row shows.
    const deadline = Date.now() + timeout;
    for (let attempt = 1; Date.now() < deadline; attempt++) {
      if (!(await input.isVisible())) {
        await page.keyboard.press(attempt % 2 ? 'F1' : 'Control+Shift+P');
        await input.waitFor({ state: 'visible', timeout: 2_000 }).catch(() => {});
      }
      if ((await input.inputValue({ timeout: 1_000 }).catch(() => '')) !== text) {
        await input.fill(text, { timeout: 1_000 }).catch(() => {});
      }
      if (
        await row.waitFor({ state: 'visible', timeout: 1_000 }).then(
          () => true,
          () => false,
        )
      )
        return row;
      // The list may predate the extension's contributions: reopen now and then.
      if (attempt % 4 === 0) await page.keyboard.press('Escape');
    }
    return null;
  }

  /** True when the command palette lists a command with this exact title (e.g. "Usage Explorer: Open Dashboard"). */
  async hasCommand(title, timeout = 5_000) {
    const row = await this.#findCommand(title, timeout);
    await this.page.keyboard.press('Escape');
    await this.page
      .locator('.quick-input-widget')
      .waitFor({ state: 'hidden', timeout: 5_000 })
      .catch(() => {});
    return row !== null;
  }

  /** Runs a command from the F1 palette by its full title, e.g. "Usage Explorer: Show Log". */
  async runCommand(title, { timeout = 20_000 } = {}) {
    const row = await this.#findCommand(title, timeout);
    if (!row) {
      await this.page.keyboard.press('Escape');
      throw new Error(`the command palette has no command titled "${title}" (waited ${timeout / 1000} s)`);
    }
    await row.click();
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10_000 });
  }

  /**
   * Like runCommand, for a command that opens quick picks or dialogs of its own: picks it in the
   * palette (waiting until the extension has registered it) and returns without waiting for the
   * quick input to close.
   */
  async startCommand(title, { timeout = 20_000 } = {}) {
    const row = await this.#findCommand(title, timeout);
    if (!row) {
      await this.page.keyboard.press('Escape');
      throw new Error(`the command palette has no command titled "${title}" (waited ${timeout / 1000} s)`);
    }
    await row.click();
  }

  /** Clicks an activity bar item by its title (e.g. "Usage Explorer"). */
  async clickActivityBar(title, { timeout = 20_000 } = {}) {
    const item = this.page
      .locator('.part.activitybar')
      .getByRole('tab', { name: new RegExp(`^${escapeRegExp(title)}\\b`) })
      .first();
    await item.waitFor({ state: 'visible', timeout });
    await item.click();
  }

  /** The document inside the (last opened) webview: two iframes deep. */
  webview() {
    return this.page.locator('iframe.webview').last().contentFrame().locator('iframe#active-frame').contentFrame();
  }

  /** Waits for `selector` (default: a canvas) to be visible inside the webview. */
  async waitForWebview(selector = 'canvas', timeout = 30_000) {
    const locator = this.webview().locator(selector).first();
    await locator.waitFor({ state: 'visible', timeout });
    return locator;
  }

  /** Notification toasts and modal dialogs showing now: [{ kind: 'toast'|'dialog', severity, message }]. */
  async notifications() {
    const result = [];
    const severityOf = (cls) => (/codicon-(dialog-)?error/.test(cls) ? 'error' : /codicon-(dialog-)?warning/.test(cls) ? 'warning' : 'info');
    const toasts = this.page.locator('.notifications-toasts .notification-list-item');
    for (let i = 0; i < (await toasts.count()); i++) {
      const item = toasts.nth(i);
      const icon =
        (await item
          .locator('.notification-list-item-icon')
          .getAttribute('class')
          .catch(() => '')) || '';
      const message = (
        await item
          .locator('.notification-list-item-message')
          .innerText()
          .catch(() => '')
      ).trim();
      result.push({ kind: 'toast', severity: severityOf(icon), message });
    }
    // Command failures ("Command '…' resulted in an error") show as a modal dialog.
    const dialogs = this.page.locator('.monaco-dialog-box');
    for (let i = 0; i < (await dialogs.count()); i++) {
      const dialog = dialogs.nth(i);
      const icon =
        (await dialog
          .locator('.dialog-icon')
          .getAttribute('class')
          .catch(() => '')) || '';
      const message = (
        await dialog
          .locator('.dialog-message-row')
          .innerText()
          .catch(() => '')
      )
        .trim()
        .replace(/\s*\n+\s*/g, ': ');
      result.push({ kind: 'dialog', severity: severityOf(icon), message });
    }
    return result;
  }

  /** Throws if an error toast or error dialog is showing (waits `settleMs` first for late ones). */
  async expectNoErrorNotification(settleMs = 1_500) {
    await this.page.waitForTimeout(settleMs);
    const errors = (await this.notifications()).filter((n) => n.severity === 'error');
    if (errors.length) throw new Error(`error ${errors.map((e) => `${e.kind}: ${e.message}`).join(' | ')}`);
  }

  /** Saves test-results/<test>-<theme>[-suffix].png and returns its path. */
  async screenshot(suffix = '') {
    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    const file = path.join(RESULTS_DIR, `${slug(this.testName)}-${this.theme}${suffix ? `-${slug(suffix)}` : ''}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }
}

/**
 * Opens the workbench with the extension loaded. With `server` (from startCodeServer) and
 * `browser` (a Browser or BrowserContext) it uses them; without, it starts its own and
 * `close()` stops them. Options: theme ('dark' | 'light'), workspace, testName, settings (user
 * settings for the server it starts, over QUIET_SETTINGS).
 */
export async function openWorkbench(options = {}) {
  const theme = options.theme || 'dark';
  const workspace = options.workspace || options.server?.workspace || FIXTURE_WORKSPACE;
  const ownServer = !options.server;
  const server = options.server || (await startCodeServer({ workspace, theme, settings: options.settings }));
  const ownBrowser = !options.browser;
  const browser = options.browser || (await launchChromium());
  const context = 'newContext' in browser ? await browser.newContext({ viewport: VIEWPORT }) : browser;
  const page = await context.newPage();
  // Against an installed .vsix (UE_E2E_VSIX) the workbench loads the extension from its extensions folder, not this tree.
  const extensionDevelopmentPath = process.env.UE_E2E_VSIX ? undefined : ROOT;
  await page.goto(server.workbenchUrl({ folder: workspace, extensionDevelopmentPath }));
  const wb = new Workbench(page, { theme, testName: options.testName, server, workspace });
  wb.close = async () => {
    await page.close().catch(() => {});
    if ('newContext' in browser) await context.close().catch(() => {});
    if (ownBrowser) await browser.close().catch(() => {});
    if (ownServer) await server.stop();
    if (ownBrowser && ownServer) await killAll();
  };
  try {
    await wb.ready();
  } catch (error) {
    // Let the caller screenshot and close what did open.
    error.workbench = wb;
    throw error;
  }
  return wb;
}
