import * as l10n from '@vscode/l10n';
import { loadDemo } from '../../../core/sources/demo';
import { StoreBuilder } from '../../../core/storeBuilder';
import { type LoadContext, type LoadResult, type SourceDefinition, type UsageSource } from '../types';

export const DEMO_LABEL = 'Demo data';

/** The embedded demo workspace: deterministic, ending today. */
export function loadDemoSource(context: LoadContext): LoadResult {
  context.report(l10n.t('Generating demo data…'));
  const builder = new StoreBuilder(64 * 1024);
  const events = loadDemo(builder);
  context.log.info(`Demo data: ${events} events generated.`);
  return { store: builder.build(), source: { kind: 'demo', label: DEMO_LABEL }, skipped: 0, warnings: [] };
}

/** `{ "kind": "demo" }`: generated sample data, always labelled as such. */
export function demoSource(): UsageSource {
  return {
    id: 'demo',
    kind: 'demo',
    label: DEMO_LABEL,
    load: (context) => Promise.resolve(loadDemoSource(context)),
    dispose: () => undefined,
  };
}

export const DEMO_SOURCE: SourceDefinition = {
  kind: 'demo',
  title: 'Demo data',
  remote: false,
  reports: { runs: true, users: true, tokens: true, cost: 'estimated' },
  create: () => demoSource(),
};
