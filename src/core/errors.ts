/** The errors every layer shares: one cancellation error and one way to read a message from anything thrown. */

/**
 * Work was cancelled (a load, a request, a backoff wait). Its `name` is `'AbortError'`, like the
 * errors fetch, timers/promises and `AbortSignal.throwIfAborted` throw, so both checks work.
 */
export class CancelledError extends Error {
  override readonly name = 'AbortError';
  constructor(message = 'The work was cancelled.') {
    super(message);
  }
}

/** Whether an error means "cancelled" (ours, or a platform AbortError), not "failed". */
export function isCancellation(error: unknown): boolean {
  return error instanceof CancelledError || (error instanceof Error && error.name === 'AbortError');
}

/** Throws a CancelledError once the signal is aborted. */
export function throwIfCancelled(signal: AbortSignal | undefined, message?: string): void {
  if (signal?.aborted) throw new CancelledError(message);
}

/** The message of anything thrown: an Error's message, a string as is, anything else as text. */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  try {
    return JSON.stringify(error) ?? String(error);
  } catch {
    return String(error);
  }
}
