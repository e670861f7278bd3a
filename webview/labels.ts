import { type Dimension } from '../src/core/model';
import { t } from './strings';

/** `Worker`, `User`, `Model`, `Team` in the host's words. */
export function dimensionLabel(dimension: Dimension): string {
  return t(dimension);
}

/** `workers`, `users`, `models`, `teams` in the host's words. */
export function dimensionPlural(dimension: Dimension): string {
  switch (dimension) {
    case 'worker':
      return t('workers');
    case 'user':
      return t('users');
    case 'model':
      return t('models');
    case 'team':
      return t('teams');
  }
}

/** `Workers`, `Users`, `Models`, `Teams`: a list's title in the host's words. */
export function dimensionList(dimension: Dimension): string {
  switch (dimension) {
    case 'worker':
      return t('listWorker');
    case 'user':
      return t('listUser');
    case 'model':
      return t('listModel');
    case 'team':
      return t('listTeam');
  }
}
