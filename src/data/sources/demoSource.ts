import { loadDemo } from '../../core/sources/demo';
import { StoreBuilder } from '../../core/store';
import { type LoadContext, type LoadResult } from './types';

export const DEMO_LABEL = 'Demo data';

/** The embedded demo workspace: deterministic, ending today. */
export function loadDemoSource(context: LoadContext): LoadResult {
  context.report('Generating demo data…');
  const builder = new StoreBuilder(64 * 1024);
  const events = loadDemo(builder);
  context.log.info(`Demo data: ${events} events generated.`);
  return { store: builder.build(), source: { kind: 'demo', label: DEMO_LABEL }, skipped: 0, warnings: [] };
}
