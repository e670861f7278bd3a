// The dashboard in a real VS Code workbench (code-server): open it from the palette, wait for
// both charts, switch the range and a tab, open a drill-down, export through the dashboard's
// own Export button (answering VS Code's save dialog), and leave it on screen for the
// runner's dark and light screenshots.
import fs from 'node:fs';
import path from 'node:path';
import { test } from './helpers.mjs';

test(
  'dashboard',
  async (wb) => {
    await wb.runCommand('Usage Explorer: Open Dashboard');
    const view = wb.webview();
    await wb.waitForWebview('ue-trend-chart canvas', 60_000);
    await wb.waitForWebview('ue-breakdown-chart canvas');
    await view.locator('.card .value').first().waitFor({ state: 'visible' });

    // Time range: presets are in the dropdown.
    await view.locator('vscode-single-select').click();
    await view.getByRole('option', { name: 'Last 90 days' }).click();
    await view.locator('#trend-summary', { hasText: /^90 days from/ }).waitFor({ state: 'attached', timeout: 15_000 });

    // The User tab, then a drill-down accordion.
    await view.locator('vscode-tab-header', { hasText: 'User' }).click();
    await view.getByRole('searchbox', { name: 'Filter users by name or id' }).waitFor();
    await view.locator('ue-usage-table tr.row button.caret').first().click();
    await view.locator('ue-usage-table tr.drill .drill-grid').waitFor({ timeout: 15_000 });

    // Export through the dashboard: VS Code asks where to save (its own dialog in the browser).
    const target = path.join(wb.workspace, `dashboard-users-${wb.theme}.csv`);
    await view.locator('header vscode-button', { hasText: 'Export CSV' }).click();
    const input = wb.page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    // The dialog fills in the name the Export… command would propose a moment later: wait, check it, then replace it.
    const proposed = /usage-by-user-\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.csv$/;
    const filled = Date.now() + 10_000;
    while (!proposed.test(await input.inputValue()) && Date.now() < filled) await wb.page.waitForTimeout(100);
    if (!proposed.test(await input.inputValue())) throw new Error(`the save dialog proposed "${await input.inputValue()}"`);
    await input.fill(target);
    await wb.page.waitForTimeout(300);
    await wb.page.keyboard.press('Enter');
    const deadline = Date.now() + 15_000;
    while (!fs.existsSync(target) && Date.now() < deadline) await wb.page.waitForTimeout(200);
    if (!fs.existsSync(target)) throw new Error(`the export did not write ${target}`);
    const header = fs.readFileSync(target, 'utf8').split(/\r?\n/)[0];
    if (!/^User,Runs,Spend,Share/.test(header)) throw new Error(`unexpected CSV header: ${header}`);

    await wb.expectNoErrorNotification();
    // Back to the top for the screenshot the runner takes.
    await view.locator('h1').first().scrollIntoViewIfNeeded();
  },
  { timeout: 180_000, smoke: true },
);
