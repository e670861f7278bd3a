import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../harness/build.mjs';
import { test } from './helpers.mjs';

const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const strings = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.nls.json'), 'utf8'));
/** A manifest string as VS Code shows it: `%key%` from package.nls.json. */
const text = (value) => (/^%.+%$/.test(value) ? strings[value.slice(1, -1)] : value);
const walkthrough = manifest.contributes.walkthroughs[0];

/** Opens the walkthrough as a user does from the command palette, and checks what it shows. */
async function openFromPalette(wb) {
  const { page } = wb;
  // As a user opens it from the command palette: Welcome: Open Walkthrough…, then ours.
  await wb.startCommand('Welcome: Open Walkthrough...');
  const quick = page.locator('.quick-input-widget');
  await quick
    .locator('.monaco-list-row', { hasText: text(walkthrough.title) })
    .first()
    .click({ timeout: 30_000 });
  const container = page.locator('.gettingStartedContainer');
  await container.getByText(text(walkthrough.title)).first().waitFor({ timeout: 30_000 });
  const missing = [];
  for (const step of walkthrough.steps) {
    if (!(await container.getByText(text(step.title)).first().isVisible())) missing.push(text(step.title));
  }
  if (missing.length) throw new Error(`the walkthrough shows no step ${missing.join(', ')}`);
  // The selected step's Markdown (media/walkthrough/*.md, shipped in the package) is shown beside it.
  const media = page.frameLocator('.getting-started-media iframe').frameLocator('iframe');
  await media.getByText('Choose your data').first().waitFor({ timeout: 30_000 });
  // The first step's button runs its command: Configure Data Source… asks where the data comes from.
  await container.getByRole('button', { name: 'Choose a Data Source' }).first().click();
  await quick.locator('.monaco-list-row', { hasText: 'Demo data' }).first().waitFor({ timeout: 15_000 });
  await page.keyboard.press('Escape');
}

test('walkthrough', openFromPalette, { smoke: true, themes: ['dark'] });
