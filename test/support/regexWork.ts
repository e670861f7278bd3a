/**
 * Counts the characters every regular expression is run on while `fn` runs, by wrapping
 * RegExp.prototype.exec and .test. A pattern that backtracks can only do super-linear work on
 * what it is given, so a bound on these sizes is a bound on the work, measured as a size and not
 * as wall time.
 */
export function regexChars<T>(fn: () => T): { result: T; chars: number; longest: number } {
  const proto = RegExp.prototype;
  // Taken off the prototype to be put back afterwards, and only ever called with `.call(this, …)`.
  // eslint-disable-next-line @typescript-eslint/unbound-method -- see above
  const exec = proto.exec;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- see above
  const test = proto.test;
  let chars = 0;
  let longest = 0;
  const note = (input: unknown): void => {
    const n = String(input).length;
    chars += n;
    if (n > longest) longest = n;
  };
  proto.exec = function (this: RegExp, input: string) {
    note(input);
    return exec.call(this, input);
  };
  proto.test = function (this: RegExp, input: string) {
    note(input);
    return test.call(this, input);
  };
  try {
    return { result: fn(), chars, longest };
  } finally {
    proto.exec = exec;
    proto.test = test;
  }
}
