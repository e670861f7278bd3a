import { type Dimension } from '../core/model';

/**
 * `contextValue`s of the tree items, matched by `viewItem` in package.json menus:
 * `viewItem == usageExplorer.entity.worker`, `viewItem =~ /^usageExplorer\.entity\./`,
 * `viewItem =~ /^usageExplorer\.list\./`.
 */
export const ContextValue = {
  /** An entity (worker, user or model) row. */
  entity: (dimension: Dimension) => `usageExplorer.entity.${dimension}` as const,
  /** A list of entities: a root (Workers, Users, Models) or a drill-down group. */
  list: (dimension: Dimension) => `usageExplorer.list.${dimension}` as const,
  /** The "N more…" item. */
  more: 'usageExplorer.more',
  /** A source that failed while others are shown. */
  sourceError: 'usageExplorer.sourceError',
} as const;
