import { type Dimension } from './model';
import { type UsageRow } from './query';

/** Columns a usage table shows. */
export type TableColumn = 'name' | 'runs' | 'users' | 'spend' | 'share' | 'change';

/** The columns each dimension's table shows, in order (the seed page's tables plus share and change). */
export const TABLE_COLUMNS: Readonly<Record<Dimension, readonly TableColumn[]>> = {
  worker: ['name', 'runs', 'users', 'spend', 'share', 'change'],
  user: ['name', 'runs', 'spend', 'share', 'change'],
  model: ['name', 'runs', 'spend', 'share', 'change'],
  team: ['name', 'runs', 'users', 'spend', 'share', 'change'],
};

export type SortDirection = 'asc' | 'desc';

export interface TableSort {
  column: TableColumn;
  direction: SortDirection;
}

/** What narrows and orders a table on screen; export applies the same to write exactly what is visible. */
export interface TableViewState {
  /** Case-insensitive text matched against name and id. */
  filterText?: string;
  sort?: TableSort;
}

export const DEFAULT_SORT: TableSort = { column: 'spend', direction: 'desc' };

export function isTableColumn(value: unknown): value is TableColumn {
  return value === 'name' || value === 'runs' || value === 'users' || value === 'spend' || value === 'share' || value === 'change';
}

export function filterRows(rows: readonly UsageRow[], text: string | undefined): UsageRow[] {
  const needle = (text ?? '').trim().toLocaleLowerCase();
  if (!needle) return [...rows];
  return rows.filter((row) => row.name.toLocaleLowerCase().includes(needle) || row.id.toLocaleLowerCase().includes(needle));
}

function sortValue(row: UsageRow, column: TableColumn): number | string | null {
  switch (column) {
    case 'name':
      return row.name;
    case 'runs':
      return row.runs;
    case 'users':
      return row.users;
    case 'spend':
      return row.spendMicros;
    case 'share':
      return row.share;
    case 'change':
      return row.change;
  }
}

/** Stable sort by a column; rows with no change value go last in either direction. */
export function sortRows(rows: readonly UsageRow[], sort: TableSort = DEFAULT_SORT): UsageRow[] {
  const sign = sort.direction === 'asc' ? 1 : -1;
  return rows
    .map((row, index) => ({ row, index }))
    .sort((a, b) => {
      const x = sortValue(a.row, sort.column);
      const y = sortValue(b.row, sort.column);
      if (x === null || y === null) return x === y ? a.index - b.index : x === null ? 1 : -1;
      const order = typeof x === 'string' ? x.localeCompare(y as string) : x - (y as number);
      return order * sign || a.index - b.index;
    })
    .map(({ row }) => row);
}

/** The rows a table shows for a view state: filtered, then sorted. */
export function visibleRows(rows: readonly UsageRow[], state: TableViewState = {}): UsageRow[] {
  return sortRows(filterRows(rows, state.filterText), state.sort ?? DEFAULT_SORT);
}
