/**
 * The engine's worker thread (bundled as dist/engine.worker.js): plans, parses and merges on
 * request, and sends results back with their buffers transferred, not copied.
 */
import { parentPort } from 'node:worker_threads';
import { UsageFileError } from '../sources/files/report';
import { queryUsage, resolveStoreRange } from '../query';
import { mergeSegments } from './merge';
import { combinePlainParts, type PlainStorePart } from './combine';
import { parsePiece, planFile, type ParseJob, type PlanJob } from './pieces';
import { segmentTransfers, storeToPlain, type UsageSegment } from './segment';
import { agentLogJobResult, type AgentLogWorkerJob } from '../sources/agentLogs/offThread';
import { providerJobResult, type ProviderWorkerJob } from '../sources/providers/offThread';

export type WorkerRequest =
  | { id: number; kind: 'plan'; job: PlanJob }
  | { id: number; kind: 'parse'; job: ParseJob }
  | { id: number; kind: 'merge'; job: { segments: UsageSegment[]; returnSegments?: boolean; view?: ViewRequest } }
  | { id: number; kind: 'agentLogs'; job: AgentLogWorkerJob }
  | { id: number; kind: 'combine'; job: { parts: PlainStorePart[] } }
  | { id: number; kind: 'providerBill'; job: ProviderWorkerJob };

/** A range to query the merged store for, so the caller's first view needs no scan of its own. */
export interface ViewRequest {
  spec: string;
  timeZone: string;
}

export type WorkerResponse = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: { name: string; message: string; file?: string } };

const port = parentPort;
if (port) {
  port.on('message', (request: WorkerRequest) => {
    void handle(request).then(
      ({ result, transfer }) => port.postMessage({ id: request.id, ok: true, result } satisfies WorkerResponse, transfer),
      (error: unknown) => {
        const e = error instanceof Error ? error : new Error(String(error));
        port.postMessage({
          id: request.id,
          ok: false,
          error: { name: e.name, message: e.message, file: e instanceof UsageFileError ? e.file : undefined },
        } satisfies WorkerResponse);
      },
    );
  });
}

async function handle(request: WorkerRequest): Promise<{ result: unknown; transfer: ArrayBuffer[] }> {
  switch (request.kind) {
    case 'plan':
      return { result: await planFile(request.job), transfer: [] };
    case 'parse': {
      const segment = await parsePiece(request.job);
      return { result: segment, transfer: segmentTransfers(segment) };
    }
    case 'merge': {
      const { segments, returnSegments, view: viewRequest } = request.job;
      const { store, crossDuplicates, overModelLimit, ambiguous } = mergeSegments(segments);
      const view = viewRequest ? queryUsage(store, resolveStoreRange(store, viewRequest.spec, { timeZone: viewRequest.timeZone })) : undefined;
      const { plain, transfer } = storeToPlain(store);
      // Segments the caller keeps (for incremental reloads) go back moved, not copied.
      if (returnSegments)
        return {
          result: { store: plain, crossDuplicates, overModelLimit, ambiguous, segments, view },
          transfer: [...transfer, ...segments.flatMap(segmentTransfers)],
        };
      return { result: { store: plain, crossDuplicates, overModelLimit, ambiguous, view }, transfer };
    }
    case 'agentLogs':
      return agentLogJobResult(request.job);
    case 'combine': {
      const { plain, transfer } = storeToPlain(combinePlainParts(request.job.parts));
      return { result: plain, transfer };
    }
    case 'providerBill':
      return providerJobResult(request.job);
  }
}
