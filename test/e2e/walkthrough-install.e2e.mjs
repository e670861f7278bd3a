import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FIXTURE_WORKSPACE, ROOT } from '../harness/build.mjs';
import { openWorkbench, test } from './helpers.mjs';

const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const strings = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.nls.json'), 'utf8'));
/** A manifest string as VS Code shows it: `%key%` from package.nls.json. */
const text = (value) => (/^%.+%$/.test(value) ? strings[value.slice(1, -1)] : value);
const walkthrough = manifest.contributes.walkthroughs[0];

/** A workbench on its own code-server with a new user's defaults, no extension and a throw-away workspace (removed on close). */
async function newUsersWorkbench(ctx) {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'ue-e2e-first-install-'));
  const removeWorkspace = () => fs.rmSync(workspace, { recursive: true, force: true });
  const removingOnClose = (wb) => {
    const close = wb.close;
    wb.close = () => close().finally(removeWorkspace);
    return wb;
  };
  fs.cpSync(FIXTURE_WORKSPACE, workspace, { recursive: true });
  try {
    return removingOnClose(
      await openWorkbench({
        browser: ctx.browser,
        theme: ctx.theme,
        workspace,
        testName: ctx.testName,
        // VS Code's defaults, which the harness's quiet settings turn off.
        settings: { 'workbench.startupEditor': 'welcomePage', 'workbench.welcomePage.walkthroughs.openOnInstall': true },
      }),
    );
  } catch (error) {
    if (error.workbench) removingOnClose(error.workbench);
    else removeWorkspace();
    throw error;
  }
}

/**
 * VS Code opens a walkthrough by itself only for an extension installed in that window (not one
 * installed before it started, e.g. with `--install-extension`), whose walkthrough that profile has
 * never registered, with `workbench.welcomePage.walkthroughs.openOnInstall` on, and only once its
 * walkthroughs service is running (the Welcome page starts it). So this installs the .vsix into a
 * new user's window as the user does: Extensions: Install from VSIX…, the path typed into the file dialog.
 */
async function opensOnFirstInstall(ctx) {
  const wb = (ctx.workbench = await newUsersWorkbench(ctx));
  const { page } = wb;
  // A new user's first window: the Welcome page, and no Usage Explorer yet.
  await page.locator('.gettingStartedContainer').first().waitFor({ timeout: 30_000 });
  if (await wb.hasCommand('Usage Explorer: Open Dashboard', 2_000)) throw new Error('Usage Explorer is installed before the test installs it');
  // Closed, as a user does before getting to work (it has started the walkthroughs service).
  await wb.runCommand('View: Close All Editors');
  await page.locator('.gettingStartedContainer').first().waitFor({ state: 'detached', timeout: 15_000 });

  await wb.startCommand('Extensions: Install from VSIX...');
  // code-server's file dialog is a quick input taking a path. It sets its start folder and lists
  // it after it shows, and takes Enter only once it has caught up with the typed path (listed that
  // folder): (re)type and press Enter until it closes.
  const widget = page.locator('.quick-input-widget');
  const input = widget.locator('.quick-input-box input');
  await widget.locator('.monaco-list-row').first().waitFor({ timeout: 15_000 });
  for (const deadline = Date.now() + 30_000; await widget.isVisible();) {
    if (Date.now() > deadline) throw new Error(`the Install from VSIX dialog did not take ${ctx.vsix}`);
    if ((await input.inputValue().catch(() => '')) !== ctx.vsix) await input.fill(ctx.vsix).catch(() => {});
    await input.press('Enter').catch(() => {});
    await widget.waitFor({ state: 'hidden', timeout: 2_000 }).catch(() => {});
  }

  // The walkthrough itself (its steps), not the Welcome page's list of walkthroughs.
  const details = page.locator('.gettingStartedContainer .gettingStarted.showDetails .gettingStartedSlideDetails');
  await details.getByText(text(walkthrough.title)).first().waitFor({ state: 'visible', timeout: 90_000 });
  await details.getByText(text(walkthrough.steps[0].title)).first().waitFor({ state: 'visible', timeout: 15_000 });
  await wb.expectNoErrorNotification();
}

test('walkthrough opens on first install', opensOnFirstInstall, {
  installedOnly: true,
  ownServer: true,
  themes: ['dark'],
  timeout: 180_000,
});
