/** The CLI's two kinds of failure, told apart by their exit codes. */

/** A mistake in how the command was called: exit 1 with a hint. */
export class UsageError extends Error {}
/** Data that could not be read: exit 2. */
export class DataError extends Error {}
