/** Ids in code-unit order: the tie-break every ranked list uses, so each backend lists ties alike. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
