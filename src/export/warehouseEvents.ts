import { open, rename, rm } from 'node:fs/promises';
import * as vscode from 'vscode';
import { type StreamsEvents } from '../core/backend/types';
import { EventsExportWriter } from '../core/export';
import { type Filter } from '../core/query';
import { type ResolvedRange } from '../core/time';
import { formatInteger } from '../l10n/display';

/**
 * Asks the user to confirm an events export of `count` events from a database; resolves to the
 * most events to write (the confirmed count), or undefined when the user declines.
 */
export type ConfirmEventsExport = (count: number, table: string) => Promise<number | undefined>;

export const confirmEventsModal: ConfirmEventsExport = async (count, table) => {
  const exportAll = vscode.l10n.t('Export {0} Events', formatInteger(count));
  const choice = await vscode.window.showWarningMessage(
    vscode.l10n.t('Export {0} events from {1}?', formatInteger(count), table),
    {
      modal: true,
      detail: vscode.l10n.t(
        'The events are read from the database through a cursor and written to the file in pieces. At most {0} events are written: events added to the table after this count are left out.',
        formatInteger(count),
      ),
    },
    exportAll,
  );
  return choice === exportAll ? count : undefined;
};

export interface WarehouseEventsRequest {
  range: ResolvedRange;
  filters: readonly Filter[];
  format: 'csv' | 'json';
  currency: string;
  target: vscode.Uri;
}

/**
 * An events export from a database: counts the events, asks the user to confirm that count (the
 * row limit), then reads them through a server-side cursor and writes them to a temporary file
 * beside the target a batch at a time, renamed over the target only when complete. Progress shows
 * in a notification whose Cancel stops the reading (and the statement on the server).
 * Resolves to the events written, or undefined when the user declined or cancelled.
 */
export async function exportWarehouseEvents(
  backend: StreamsEvents,
  request: WarehouseEventsRequest,
  confirm: ConfirmEventsExport,
): Promise<number | undefined> {
  if (request.target.scheme !== 'file') throw new Error(vscode.l10n.t('Events from a database can be exported only to a file on this machine.'));
  const count = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Counting events in {0}…', backend.tableName), cancellable: true },
    (_progress, token) => backend.countEvents(request.range, request.filters, { signal: abortSignalOf(token) }),
  );
  const limit = await confirm(count, backend.tableName);
  if (limit === undefined) return undefined;

  const path = request.target.fsPath;
  const partial = `${path}.part`;
  const file = await open(partial, 'w');
  let done = false;
  try {
    const written = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Exporting events from {0}', backend.tableName), cancellable: true },
      async (progress, token) => {
        const writer = new EventsExportWriter(request.format, request.range, { currency: request.currency });
        await file.write(writer.head());
        let n = 0;
        const total = await backend.streamEvents(request.range, request.filters, {
          signal: abortSignalOf(token),
          limit,
          onEvents: async (events) => {
            await file.write(writer.batch(events));
            n += events.length;
            progress.report({
              message: vscode.l10n.t('{0} of {1} events', formatInteger(n), formatInteger(limit)),
              increment: limit === 0 ? 0 : (events.length / limit) * 100,
            });
          },
        });
        await file.write(writer.end());
        return total;
      },
    );
    await file.close();
    await rename(partial, path);
    done = true;
    return written;
  } finally {
    if (!done) {
      await file.close().catch(() => undefined);
      await rm(partial, { force: true });
    }
  }
}

function abortSignalOf(token: vscode.CancellationToken): AbortSignal {
  const abort = new AbortController();
  if (token.isCancellationRequested) abort.abort();
  else token.onCancellationRequested(() => abort.abort());
  return abort.signal;
}
