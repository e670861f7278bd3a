// `npm run test:electron`: the same extension-host suite in desktop VS Code, downloaded by
// @vscode/test-electron (needs a machine that can download VS Code; not used in CI).
// UE_VSCODE_VERSION picks the version (default "stable").
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { FIXTURE_WORKSPACE, ROOT, SUITE_BUNDLE, buildExtension, buildSuite } from './build.mjs';

await buildExtension();
await buildSuite();
const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'ue-electron-workspace-'));
const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ue-electron-user-'));
fs.cpSync(FIXTURE_WORKSPACE, workspace, { recursive: true });
let code = 0;
try {
  code = await runTests({
    version: process.env.UE_VSCODE_VERSION || 'stable',
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: SUITE_BUNDLE,
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', `--user-data-dir=${userDataDir}`],
  });
} catch (error) {
  console.error(`test:electron failed: ${error?.stack || error}`);
  code = 1;
} finally {
  fs.rmSync(workspace, { recursive: true, force: true });
  fs.rmSync(userDataDir, { recursive: true, force: true });
}
process.exit(code);
