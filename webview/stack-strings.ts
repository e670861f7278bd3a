// The user-facing text of the stacked trend and the spike drivers' rows, from the host's strings
// table (webview/strings.ts): getters, so they read the table the host sent in `init`.
import { type Dimension } from '../src/core/model';
import { currentLocale } from './format';
import { dimensionLabel } from './labels';
import { t } from './strings';

const lower = (dimension: Dimension) => dimensionLabel(dimension).toLocaleLowerCase(currentLocale());

export const STACK_TEXT = {
  get stackBy() {
    return t('stackBy');
  },
  get total() {
    return t('stackTotal');
  },
  other: (entities: number) => t('stackOther', entities),
  legend: (dimension: Dimension) => t('stackLegend', lower(dimension)),
  get loading() {
    return t('stackLoading');
  },
  failed: (message: string) => t('stackFailed', message),
  stackedLabel: (dimension: Dimension, range: string) => t('stackedLabel', lower(dimension), range),
};

export const TABLE_TEXT = {
  get spikeDriver() {
    return ` ${t('droveSpike')}`;
  },
};
