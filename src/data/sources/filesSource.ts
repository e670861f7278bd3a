import * as vscode from 'vscode';
import { type ColumnMapping } from '../../core/columns';
import { loadUsageBytes } from '../../core/sources/files/load';
import { StoreBuilder } from '../../core/store';
import { messageOf, throwIfCancelled } from '../../core/errors';
import { type LoadContext, type LoadResult } from './types';

/** At most this many files are read; more is almost certainly a glob that is too wide. */
export const MAX_FILES = 500;
/** Warnings kept per load (each file reports its first few bad rows). */
const MAX_WARNINGS = 50;

export interface FilesSourceOptions {
  include: string;
  exclude: string;
  mapping: ColumnMapping;
}

/** Workspace files matching the glob, sorted by path so loads are repeatable. */
export async function findUsageFiles(options: Pick<FilesSourceOptions, 'include' | 'exclude'>, signal?: AbortSignal): Promise<vscode.Uri[]> {
  const cancel = new vscode.CancellationTokenSource();
  const onAbort = () => cancel.cancel();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const uris = await vscode.workspace.findFiles(options.include, options.exclude || null, MAX_FILES + 1, cancel.token);
    return uris.sort((a, b) => a.toString().localeCompare(b.toString()));
  } finally {
    signal?.removeEventListener('abort', onAbort);
    cancel.dispose();
  }
}

export class NoUsageFilesError extends Error {
  override readonly name = 'NoUsageFilesError';
}

/**
 * Reads every matching usage file (CSV, JSON, NDJSON) through vscode.workspace.fs into one store.
 * A file that cannot be read is reported and left out; the load fails only when no file could be read.
 */
export async function loadFilesSource(options: FilesSourceOptions, context: LoadContext, found?: vscode.Uri[]): Promise<LoadResult> {
  const uris = found ?? (await findUsageFiles(options, context.signal));
  throwIfCancelled(context.signal);
  if (uris.length === 0) {
    throw new NoUsageFilesError(`No usage files in the workspace match ${options.include}.`);
  }
  if (uris.length > MAX_FILES) {
    throw new NoUsageFilesError(`More than ${MAX_FILES} files match ${options.include}; narrow the usageExplorer.files.include setting.`);
  }

  const builder = new StoreBuilder(64 * 1024);
  const read: string[] = [];
  const warnings: string[] = [];
  const failures: string[] = [];
  let skipped = 0;
  for (const [index, uri] of uris.entries()) {
    throwIfCancelled(context.signal);
    const name = vscode.workspace.asRelativePath(uri, false);
    context.report(`Reading ${name} (${index + 1} of ${uris.length})…`);
    try {
      const bytes = await vscode.workspace.fs.readFile(uri);
      throwIfCancelled(context.signal);
      const report = loadUsageBytes(bytes, name, builder, { mapping: options.mapping, signal: context.signal });
      read.push(name);
      skipped += report.skipped;
      context.log.info(
        `Read ${name} (${report.format}): ${report.rows} rows, ${report.added} added, ${report.duplicates} duplicates, ${report.skipped} skipped.`,
      );
      if (report.skipped > 0) {
        context.log.warn(`${name}: ${report.skipped} row${report.skipped === 1 ? '' : 's'} skipped; first reasons:\n  ${report.samples.join('\n  ')}`);
        for (const sample of report.samples) if (warnings.length < MAX_WARNINGS) warnings.push(sample);
      }
    } catch (error) {
      if (context.signal.aborted) throw error;
      const message = messageOf(error);
      failures.push(message);
      context.log.error(`Could not read ${name}: ${message}`);
      if (warnings.length < MAX_WARNINGS) warnings.push(message);
    }
  }
  if (read.length === 0) {
    throw new Error(failures.length === 1 ? failures[0] : `None of the ${uris.length} usage files could be read: ${failures.join(' ')}`);
  }
  const label = read.length === 1 ? read[0] : `${read.length} usage files`;
  return { store: builder.build(), source: { kind: 'files', label, files: read }, skipped, warnings };
}
