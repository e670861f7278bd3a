// A tiny in-page test runner: tests run one after another; results go to window.__results.
export interface Result {
  name: string;
  ok: boolean;
  error?: string;
  ms: number;
}

const tests: { name: string; fn: () => Promise<void> | void }[] = [];

export function test(name: string, fn: () => Promise<void> | void): void {
  tests.push({ name, fn });
}

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

export function equal<T>(actual: T, expected: T, message: string): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${message}\n  expected: ${e}\n  actual:   ${a}`);
}

export const nextFrame = () => new Promise<void>((r) => requestAnimationFrame(() => r()));

/**
 * Waits until `probe` gives a truthy value, checking it now and again after every frame the page
 * renders (whatever changed the page shows in the next frame): no fixed pause. The deadline only
 * turns a hang into a failure naming `what`; it is long, because CI runs on a busy machine.
 */
export async function waitFor<T>(probe: () => T | undefined | null | false, what: string, timeout = HANG_MS): Promise<T> {
  const deadline = performance.now() + timeout;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (performance.now() > deadline) throw new Error(`waited ${Math.round(timeout / 1000)} s for ${what}, in vain`);
    await nextFrame();
  }
}

/** How long a wait may take before the test fails as hung. */
export const HANG_MS = 60_000;

export async function run(): Promise<Result[]> {
  const results: Result[] = [];
  for (const t of tests) {
    const start = performance.now();
    try {
      await t.fn();
      results.push({ name: t.name, ok: true, ms: performance.now() - start });
    } catch (error) {
      results.push({ name: t.name, ok: false, error: (error as Error).stack ?? String(error), ms: performance.now() - start });
    }
  }
  return results;
}
