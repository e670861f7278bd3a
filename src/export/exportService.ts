import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { defaultExportName, type ExportDimension, type ExportFormat } from '../commands/exportName';
import { isAbortError, streamsEvents, type UsageBackend } from '../core/backend/types';
import { MemoryBackend } from '../core/backend/memory';
import { exportUsage, exportViewText } from '../core/exportUsage';
import { DIMENSIONS, type Dimension } from '../core/model';
import { spendBasisByRow } from '../core/sources/providers/basis';
import { unpricedRowIds } from '../core/unpriced';
import { estimatedSources, unpricedModels } from '../data/sources/estimates';
import { countedSources } from '../data/sources/providers/overlapLines';
import { type DataSnapshot } from '../data/usageData';
import { type Filter, resolveStoreRange, type UsageView } from '../core/query';
import { confirmEventsModal, exportWarehouseEvents, type ConfirmEventsExport } from './warehouseEvents';
import { type UsageStore } from '../core/store';
import { type TableColumn, type TableViewState } from '../core/table';
import { type ResolvedRange } from '../core/time';

/** What to export: checked and typed by whoever builds it (the command checks its arguments, the tree and the dashboard build it themselves). */
export interface ExportRequest {
  dimension: ExportDimension;
  format: ExportFormat;
  /** Narrow the rows to these entities (a focus, a tree path). */
  filters?: readonly Filter[];
  /** A range spec for this export only (e.g. one day); the selected range otherwise. */
  range?: string;
  /** The table's filter text and sort, as shown. */
  table?: TableViewState;
  /** The columns, as shown. */
  columns?: readonly TableColumn[];
  /** Where to write. Without it the user picks the file, and the export is announced. */
  target?: vscode.Uri;
}

/** The part of the data service an export reads. */
export interface ExportData {
  readonly range: ResolvedRange;
  readonly timeZone: string;
  readonly currency: string;
  readonly lastError: Error | undefined;
  ensureLoaded(): Promise<{ readonly store: UsageStore; readonly source?: { readonly kind: string } } | undefined>;
  /** The backend the views query (the in-memory store, or a database). */
  readonly backend: UsageBackend;
  /** A view through the backend (see UsageData.query). */
  query(filters: readonly Filter[], options: { range: ResolvedRange }): Promise<UsageView>;
}

export type ExportLog = { info(message: string): void };

/** Asks where to write an export: VS Code's save dialog, or a stand-in in tests. */
export type PickExportTarget = (defaultUri: vscode.Uri, format: ExportFormat) => Promise<vscode.Uri | undefined>;

export const saveDialog: PickExportTarget = (defaultUri, format) =>
  Promise.resolve(
    vscode.window.showSaveDialog({
      title: vscode.l10n.t('Export Usage'),
      defaultUri,
      filters: format === 'csv' ? { CSV: ['csv'] } : { JSON: ['json'] },
      saveLabel: vscode.l10n.t('Export'),
    }),
  );

/** Where an export is proposed: the first workspace folder, else the home folder. */
export function defaultExportUri(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  return folder ? vscode.Uri.joinPath(folder, name) : vscode.Uri.file(path.join(os.homedir(), name));
}

/**
 * The one path of every export (the Export… command, the tree and the dashboard): pick the target,
 * write the engine's export (the same bytes `usage-explorer export` writes), announce it.
 */
export class ExportService {
  constructor(
    private readonly data: ExportData,
    private readonly log: ExportLog,
    private readonly pickTarget: PickExportTarget = saveDialog,
    /** Confirms the events export from a database (its row count); tests answer it. */
    private readonly confirmEvents: ConfirmEventsExport = confirmEventsModal,
  ) {}

  /** The loaded data, loading it if needed; throws saying why when there is none (check before asking the user anything). */
  async loaded(): Promise<{ readonly store: UsageStore }> {
    const snapshot = await this.data.ensureLoaded();
    if (!snapshot)
      throw new Error(
        this.data.lastError ? vscode.l10n.t('No usage data to export: {0}', this.data.lastError.message) : vscode.l10n.t('No usage data to export.'),
      );
    return snapshot;
  }

  /** Writes the export; resolves to the Uri written, or undefined when the user cancelled the dialog. */
  async export(request: ExportRequest): Promise<vscode.Uri | undefined> {
    const snapshot = await this.loaded();
    const range = request.range === undefined ? this.data.range : resolveStoreRange(snapshot.store, request.range, { timeZone: this.data.timeZone });
    const filters = request.filters ?? [];
    const { dimension, format } = request;
    const backend = this.data.backend;
    const target = request.target ?? (await this.pickTarget(defaultExportUri(defaultExportName(dimension, format, range, filters)), format));
    if (!target) return undefined;
    const scope = filters.length ? `, ${filters.map((f) => `${f.dimension}=${f.id}`).join(', ')}` : '';

    if (dimension === 'event' && streamsEvents(backend)) {
      // The events stay in the database: counted, confirmed, then streamed to the file through a cursor.
      let written: number | undefined;
      try {
        written = await exportWarehouseEvents(backend, { range, filters, format, currency: this.data.currency, target }, this.confirmEvents);
      } catch (error) {
        if (!isAbortError(error)) throw error;
      }
      if (written === undefined) {
        this.log.info(`Events export from ${backend.tableName} cancelled.`);
        return undefined;
      }
      this.log.info(`Exported ${written} events (${format}, ${range.label}${scope}) from ${backend.tableName} to ${target.fsPath}.`);
      if (!request.target) this.announce(target);
      return target;
    }

    const exportRequest = {
      by: dimension,
      format,
      range,
      filters,
      currency: this.data.currency,
      table: request.table,
      columns: request.columns,
      unpricedRows: unpricedRowsOf(snapshot, dimension, range, filters),
    };
    // Tables and the daily series through the backend (a database sums them); events from the loaded store.
    // Events in memory also say how each row's spend was made (billed, allocated, estimated).
    const spendBasis =
      backend instanceof MemoryBackend && dimension !== 'day' && dimension !== 'event' ? spendBasisByRow(backend.store, range, filters, dimension) : undefined;
    const text =
      dimension === 'event'
        ? exportUsage(snapshot.store, exportRequest)
        : exportViewText(await this.data.query(filters, { range }), { ...exportRequest, spendBasis }, backend.notes);
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
    this.log.info(`Exported ${dimension} (${format}, ${range.label}${scope}) to ${target.fsPath || target.toString()}.`);
    if (!request.target) this.announce(target);
    return target;
  }

  private announce(target: vscode.Uri): void {
    const open = vscode.l10n.t('Open');
    void vscode.window.showInformationMessage(vscode.l10n.t('Exported usage to {0}.', path.posix.basename(target.path)), open).then((choice) => {
      if (choice === open) void vscode.commands.executeCommand('vscode.open', target);
    });
  }
}

/**
 * For spend estimated from tokens (agent logs): the rows with requests of a model no price is known
 * for, so the export flags them (`Unpriced` column, `"unpriced"` and `"estimated": true` in JSON).
 */
function unpricedRowsOf(
  snapshot: { store: UsageStore; sources?: DataSnapshot['sources']; overlap?: DataSnapshot['overlap'] },
  by: string,
  range: ResolvedRange,
  filters: readonly Filter[],
) {
  // Only the sources the totals count (agent logs beside the bill that covers them are not).
  const sources = snapshot.sources ? countedSources({ sources: snapshot.sources, overlap: snapshot.overlap }) : [];
  if (estimatedSources(sources).length === 0 || !(DIMENSIONS as readonly string[]).includes(by)) return undefined;
  return unpricedRowIds(snapshot.store, range, filters, by as Dimension, new Set(unpricedModels(sources)));
}
