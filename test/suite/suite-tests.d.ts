// Generated at build time by test/harness/build.mjs: every test/suite/**/*.test.ts.
declare module 'suite-tests:all' {
  export const testFiles: ReadonlyArray<{ file: string; load: () => unknown }>;
}
