// Mocha's spec reporter, plus one closing line CI can read: "<label>: N passed, N failed".
const Mocha = require('mocha');

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const label = (options && options.reporterOptions && options.reporterOptions.label) || 'tests';
    let passed = 0;
    let failed = 0;
    runner.on(Mocha.Runner.constants.EVENT_TEST_PASS, () => passed++);
    runner.on(Mocha.Runner.constants.EVENT_TEST_FAIL, () => failed++);
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      // Printed after the spec reporter's own epilogue.
      process.nextTick(() => console.log(`${label}: ${passed} passed, ${failed} failed`));
    });
  }
}

module.exports = SummaryReporter;
