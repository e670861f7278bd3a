// Entry of the extension-host suite, loaded by both runners (code-server through
// test/harness/run-vscode.mjs and desktop VS Code through @vscode/test-electron). It
// runs every test/suite/**/*.test.ts (listed at build time by test/harness/build.mjs)
// with mocha's TDD interface and prints "vscode: N passed, N failed" at the end.
// mocha stays external in the bundle: it is loaded from the project's node_modules at run time.
import Mocha from 'mocha';
import * as vscode from 'vscode';
import { testFiles } from 'suite-tests:all';

export const SUMMARY_LABEL = 'vscode';

export function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'tdd',
    color: false,
    timeout: Number(process.env.UE_SUITE_TEST_TIMEOUT_MS || 20_000),
    reporter: 'spec',
  });
  const grep = process.env.UE_SUITE_GREP;
  if (grep) mocha.grep(grep);

  // Register each file's tests with the TDD globals in place, the way mocha's own loader does.
  for (const { file, load } of testFiles) {
    mocha.suite.emit('pre-require', globalThis, file, mocha);
    mocha.suite.emit('require', load(), file, mocha);
    mocha.suite.emit('post-require', globalThis, file, mocha);
  }

  // test/harness/run-vscode.mjs echoes the extension host's output from this line on.
  console.log(`vscode: running ${testFiles.length} test file(s) in VS Code ${vscode.version}, Node ${process.version}`);
  return new Promise((resolve, reject) => {
    let passed = 0;
    let failed = 0;
    const runner = mocha.run(() => {
      console.log(`${SUMMARY_LABEL}: ${passed} passed, ${failed} failed`);
      if (failed > 0) reject(new Error(`${failed} test${failed === 1 ? '' : 's'} failed`));
      else if (passed === 0) reject(new Error('no tests ran'));
      else resolve();
    });
    runner.on('pass', () => passed++);
    runner.on('fail', (test, error: Error) => {
      failed++;
      // The spec reporter lists failures at the end too; this line is greppable as it happens.
      console.log(`FAILED: ${test.fullTitle()}: ${error?.stack || error}`);
    });
  });
}
