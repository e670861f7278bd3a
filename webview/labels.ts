import { type Dimension } from '../src/core/model';
import { type DashboardStringKey } from '../src/protocol/strings';
import { t } from './strings';

/** The strings-table keys of each dimension's plural (`workers`) and list title (`Workers`). */
const PLURAL_KEYS = { worker: 'workers', user: 'users', model: 'models', team: 'teams' } as const satisfies Record<Dimension, DashboardStringKey>;
const LIST_KEYS = { worker: 'listWorker', user: 'listUser', model: 'listModel', team: 'listTeam' } as const satisfies Record<Dimension, DashboardStringKey>;

/** `Worker`, `User`, `Model`, `Team` in the host's words. */
export function dimensionLabel(dimension: Dimension): string {
  return t(dimension);
}

/** `workers`, `users`, `models`, `teams` in the host's words. */
export function dimensionPlural(dimension: Dimension): string {
  return t(PLURAL_KEYS[dimension]);
}

/** `Workers`, `Users`, `Models`, `Teams`: a list's title in the host's words. */
export function dimensionList(dimension: Dimension): string {
  return t(LIST_KEYS[dimension]);
}
