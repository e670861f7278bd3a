// The user-facing text of the stacked trend and the spike drivers' rows, kept in one place so
// that it can move into the host's strings table with the rest of the webview's text.
import { DIMENSION_LABELS, type Dimension } from '../src/core/model';

export const STACK_TEXT = {
  stackBy: 'Stack by',
  total: 'Total',
  other: (entities: number) => `Other (${entities})`,
  legend: (dimension: Dimension) => `Spend by ${DIMENSION_LABELS[dimension].toLowerCase()}`,
  loading: 'Loading the stacked trend…',
  failed: (message: string) => `The stacked trend could not be loaded: ${message}`,
  stackedLabel: (dimension: Dimension, range: string) =>
    `Spending Trends: spend stacked by ${DIMENSION_LABELS[dimension].toLowerCase()} (top 5 and Other), ${range}. Use the arrow keys to read a day, Enter to narrow the tables to it.`,
} as const;

export const TABLE_TEXT = {
  spikeDriver: ' (drove the spike)',
} as const;
