import { exportEventsText, exportViewText, type ExportRequest } from '../exportUsage';
import { spendBasisByRow } from '../sources/providers/basis';
import { MemoryBackend } from './memory';
import { type QueryOptions, type UsageBackend } from './types';

/** Events an export reads from a warehouse at most, unless the user allows more. */
export const DEFAULT_MAX_EXPORT_EVENTS = 100_000;

/** exportUsage through the seam: the same bytes for the same view, whichever backend answers. */
export async function exportFromBackend(backend: UsageBackend, request: ExportRequest, options: QueryOptions & { maxEvents?: number } = {}): Promise<string> {
  const { range, filters } = request;
  if (request.by === 'event') {
    const store = await backend.events(range, filters, { maxEvents: options.maxEvents ?? DEFAULT_MAX_EXPORT_EVENTS, signal: options.signal });
    return exportEventsText(store, request);
  }
  // Events in memory say how each row's spend was made (billed, allocated, estimated).
  const spendBasis =
    request.spendBasis ?? (backend instanceof MemoryBackend && request.by !== 'day' ? spendBasisByRow(backend.store, range, filters, request.by) : undefined);
  return exportViewText(await backend.view(range, filters, options), { ...request, spendBasis }, backend.notes);
}
