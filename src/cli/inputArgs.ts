/** Whether command-line arguments name usage files to load (`--input`/`-i`): the engine's workers will parse them. */
export function namesInputs(argv: readonly string[]): boolean {
  return argv.some((a) => a === '--input' || a === '-i' || a.startsWith('--input='));
}
