// `npm run test:package`: packages the extension the way `npm run package` does, checks the
// .vsix (test/package/vsix.test.ts: budget, ignore rules, files the manifest needs), then installs
// it into code-server and runs the UI smoke (tree, dashboard, export) against the installed copy.
// Prints "vsix: N passed, N failed" and "e2e-installed: N passed, N failed".
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ue-vsix-'));
const vsix = path.join(tmp, 'usage-explorer.vsix');

function run(command, args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } });
    child.on('error', (error) => {
      console.error(`${command}: ${error.message}`);
      resolve(1);
    });
    child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

let status = 1;
try {
  // vsce runs `vscode:prepublish` (the production build) first.
  const packaged = await run('npx', ['vsce', 'package', '--no-dependencies', '--out', vsix]);
  if (packaged !== 0 || !fs.existsSync(vsix)) {
    console.log('vsix: 0 passed, 1 failed');
  } else {
    const checked = await run(
      'npx',
      [
        'mocha',
        '--no-config',
        '--import=tsx',
        '--timeout',
        '60000',
        '--reporter',
        'test/support/summary-reporter.cjs',
        '--reporter-option',
        'label=vsix',
        'test/package/vsix.test.ts',
      ],
      { UE_VSIX: vsix },
    );
    const installed = await run('node', ['test/e2e/run.mjs', '--theme', 'dark'], { UE_E2E_VSIX: vsix });
    status = checked === 0 && installed === 0 ? 0 : 1;
  }
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
process.exit(status);
