// Export from the command palette as a person does it: "Usage Explorer: Export…", pick what and
// which format, answer VS Code's save dialog, then check the file holds exactly what the
// engine's CLI exports for the same data and range.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../harness/build.mjs';
import { test } from './helpers.mjs';

test(
  'export from the palette',
  async (wb) => {
    const { page } = wb;
    const quickInput = page.locator('.quick-input-widget');
    const input = quickInput.locator('.quick-input-box input');
    const target = path.join(wb.workspace, `palette-models-${wb.theme}.csv`);

    await wb.startCommand('Usage Explorer: Export…');
    await quickInput.locator('.monaco-list-row', { hasText: 'By model' }).first().click();
    await quickInput.locator('.monaco-list-row', { hasText: 'CSV' }).first().click();

    // The save dialog proposes a name like usage-by-model-2026-10-28_2026-11-26.csv; replace it with our path.
    const proposed = Date.now() + 15_000;
    let name = '';
    while (Date.now() < proposed) {
      name = await input.inputValue().catch(() => '');
      if (/usage-by-model-\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.csv$/.test(name)) break;
      await page.waitForTimeout(100);
    }
    if (!/usage-by-model-\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.csv$/.test(name)) throw new Error(`save dialog proposed "${name}"`);
    await input.fill(target);
    await page.waitForTimeout(300);
    await page.keyboard.press('Enter');
    const deadline = Date.now() + 15_000;
    while (!fs.existsSync(target) && Date.now() < deadline) await page.waitForTimeout(200);
    if (!fs.existsSync(target)) throw new Error(`the export did not write ${target}`);

    const written = fs.readFileSync(target, 'utf8');
    const engine = execFileSync(
      process.execPath,
      [path.join(ROOT, 'dist', 'cli.js'), 'export', '--by', 'model', '--range', '30d', '--input', path.join(wb.workspace, 'team.usage.csv')],
      { encoding: 'utf8' },
    );
    // The fixture has token counts, so the table carries them after the spend columns.
    if (!written.startsWith('Model,Runs,Spend,Share %,Change %,Input Tokens,Output Tokens\r\n')) throw new Error(`unexpected header in ${target}`);
    if (written !== engine) throw new Error(`the palette export differs from the engine's:\n${written}\n---\n${engine}`);
    await wb.expectNoErrorNotification();
  },
  { timeout: 120_000, smoke: true },
);
