import fs from 'node:fs';
import path from 'node:path';
import { test } from './helpers.mjs';

const RANGE = '2026-10-28..2026-11-26';

/** Spend and runs per worker in the fixture CSV, summed by hand (it has no quoted fields). */
function fixtureSums(workspace) {
  const [header, ...lines] = fs.readFileSync(path.join(workspace, 'team.usage.csv'), 'utf8').trim().split(/\r?\n/);
  const cols = header.split(',');
  const sums = new Map();
  for (const line of lines) {
    const cells = line.split(',');
    const worker = cells[cols.indexOf('worker')];
    const entry = sums.get(worker) ?? { runs: 0, cents: 0 };
    entry.runs += Number(cells[cols.indexOf('runs')]);
    entry.cents += Number(cells[cols.indexOf('cost')]) * 100;
    sums.set(worker, entry);
  }
  return sums;
}

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const money = (cents) => new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(Math.round(cents) / 100);

test(
  'usage tree',
  async (wb) => {
    const { page } = wb;
    await wb.clickActivityBar('Usage Explorer');
    const rows = page.locator('.part.sidebar .monaco-list-row');
    await rows.filter({ hasText: 'Workers' }).first().waitFor({ timeout: 30_000 });

    // A fixed range, chosen through the quick pick and its Custom… input.
    const quickInput = page.locator('.quick-input-widget');
    await wb.startCommand('Usage Explorer: Select Time Range…');
    await quickInput.locator('.monaco-list-row', { hasText: 'Custom…' }).click();
    const input = quickInput.locator('.quick-input-box input');
    await input.fill(RANGE);
    await input.press('Enter');
    // The view's description (in its header, which is collapsed away while it is the only view shown).
    await page.locator('.part.sidebar .pane-header[aria-label*="2026-10-28 – 2026-11-26 · UTC"]').first().waitFor({ state: 'attached', timeout: 10_000 });

    // The workspace's usage file, not demo data: each worker shows the file's spend and runs.
    for (const [worker, { runs, cents }] of fixtureSums(wb.workspace)) {
      const row = rows.filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${worker}$`) }) }).first();
      await row.waitFor({ timeout: 10_000 });
      // The header may say the new range a moment before the rows are drawn again: wait for the row to show it.
      const expected = `${money(cents)} · ${runs} runs`;
      const shown = row.locator('.label-description', { hasText: new RegExp(`^\\s*${escapeRegExp(expected)}\\s*$`) });
      await shown.waitFor({ timeout: 10_000 }).catch(async () => {
        const description = (await row.locator('.label-description').innerText()).trim();
        throw new Error(`${worker}: shows "${description}", the file says "${expected}"`);
      });
    }
    if ((await page.locator('.part.sidebar', { hasText: 'Demo data' }).count()) > 0) throw new Error('workspace data is labelled as demo data');

    // Drill down: a worker opens into its users and models.
    await rows
      .filter({ has: page.locator('.label-name', { hasText: /^triage-bot$/ }) })
      .first()
      .click();
    await rows
      .filter({ has: page.locator('.label-name', { hasText: /^Users$/ }) })
      .first()
      .waitFor({ timeout: 10_000 });
    await rows
      .filter({ has: page.locator('.label-name', { hasText: /^Models$/ }) })
      .first()
      .waitFor({ timeout: 10_000 });

    // The status bar shows the range's spend ($9.44 in whole dollars).
    await page.locator('.part.statusbar', { hasText: '$9 · 2026-10-28–2026-11-26' }).first().waitFor({ timeout: 10_000 });
    // The range is said above the tree too (the view's header is hidden while it is alone).
    await page
      .locator('.part.sidebar', {
        hasText: `2026-10-28 – 2026-11-26 · UTC: ${money([...fixtureSums(wb.workspace).values()].reduce((s, w) => s + w.cents, 0))}`,
      })
      .first()
      .waitFor({ timeout: 10_000 });
    await wb.expectNoErrorNotification();
    // Move the pointer off the tree so the screenshot shows it without a hover.
    await page.mouse.move(900, 600);
    await page.waitForTimeout(500);
  },
  { timeout: 120_000, smoke: true },
);
