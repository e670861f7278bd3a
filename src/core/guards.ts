/** Type guards every layer shares (the sources, the protocol, the settings). */

/** A non-null object that is not an array: the shape of parsed JSON objects and of messages. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
