import { DIMENSIONS, type Dimension } from '../model';
import { type Filter, type UsageView } from '../query';
import { type DrillDownResult } from './types';

/**
 * A drill-down as every backend answers it: the view narrowed to the entity (its filter replaces
 * any other on its dimension), then the entity's own row and the other dimensions' tables.
 * `narrowedView` computes that view (in memory, or from grouped SQL rows).
 */
export async function drillDownThrough(
  dimension: Dimension,
  id: string,
  filters: readonly Filter[],
  narrowedView: (filters: Filter[]) => UsageView | Promise<UsageView>,
): Promise<DrillDownResult> {
  const view = await narrowedView([...filters.filter((f) => f.dimension !== dimension), { dimension, id }]);
  const children: DrillDownResult['children'] = {};
  for (const other of DIMENSIONS) if (other !== dimension) children[other] = view.tables[other];
  return { parent: view.tables[dimension].find((row) => row.id === id), children };
}
