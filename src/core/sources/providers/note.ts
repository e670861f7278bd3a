import { type BilledEvents } from './bill';
import { type ProviderKind } from './spec';

/** What is billed and what is allocated, in one line, for stderr and the export's notes. */
export function providerNote(kind: ProviderKind, result: Pick<BilledEvents, 'currency' | 'allocatedMicros' | 'allocatedByTokens'>): string {
  const group = kind === 'openai' ? 'project' : 'workspace';
  const currency = result.currency ? ` (${result.currency})` : '';
  let note = `spend per ${group}, day and model is the bill${currency}, in UTC days`;
  if (result.allocatedMicros !== 0) {
    note += `; spend per user is allocated from it in proportion to priced tokens`;
    if (result.allocatedByTokens.length > 0) note += ` (by tokens for ${result.allocatedByTokens.join(', ')}, not in the price table)`;
  }
  return `${note}.`;
}
