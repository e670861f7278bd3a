/**
 * The `usage-explorer` command. Usage files are parsed in the engine's workers: when the
 * arguments name any, the workers are started before the rest of the command loads, so they
 * boot meanwhile (a worker takes about as long to start as the command's own code to load).
 */
import { defaultPool } from '../core/engine/pool';
import { namesInputs } from './inputArgs';
import type * as Main from './main';

const argv = process.argv.slice(2);
if (namesInputs(argv)) defaultPool().start();
// Loaded only now, after the workers are on their way.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { main } = require('./main') as typeof Main;
void main(argv).then((code) => {
  process.exitCode = code;
});
