import { open } from 'node:fs/promises';
import * as vscode from 'vscode';
import { type ColumnMapping } from '../../../core/columns';
import { appendedInput, type FileSegments, loadSegments, mergeFileSegments, type UsageFileInput } from '../../../core/engine/loadUsage';
import { type StoreSource } from '../../../core/store';
import { undecodableWarning } from '../../../core/sources/files/decode';
import { type LoadContext, type LoadResult, throwIfAborted } from '../types';

/** At most this many files are read; more is almost certainly a glob that is too wide. */
export const MAX_FILES = 500;
/** Warnings kept per load (each file reports its first few bad rows). */
const MAX_WARNINGS = 50;
/** Bytes before a file's previous end compared to tell "only grew" from "changed". */
const TAIL_BYTES = 64;

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

/** What the last load read of one file, to read only what changed next time. */
interface FileState {
  size: number;
  mtime: number;
  /** Where the parsed bytes end, and the bytes just before (file: URIs only). */
  end: number;
  tail: Uint8Array | undefined;
  loaded: FileSegments;
}

/** How one file is read in this load. */
type FileRead = { kind: 'keep'; state: FileState } | { kind: 'append'; state: FileState; input: UsageFileInput } | { kind: 'whole'; input: UsageFileInput };

/**
 * The files of one files source, read by the engine's workers (parsing and merging never run on
 * the host's main thread). `file:` URIs are read from the path with streams; other schemes
 * (virtual workspaces) as bytes through `workspace.fs`. Between loads it remembers each file's
 * segments: an unchanged file is not read again, a file that only grew is read from its previous
 * end, a file changed otherwise is read whole, and a removed file's events go.
 */
export class FilesReader {
  private files = new Map<string, FileState>();
  /** The last result and the files it read: returned again while none of them changed. */
  private last: { names: string; result: LoadResult } | undefined;

  constructor(private readonly source: StoreSource) {}

  async load(options: FilesSourceOptions, context: LoadContext, found?: vscode.Uri[]): Promise<LoadResult> {
    const uris = found ?? (await findUsageFiles(options, context.signal));
    throwIfAborted(context.signal);
    if (uris.length === 0) throw new NoUsageFilesError(vscode.l10n.t('No usage files in the workspace match {0}.', options.include));
    if (uris.length > MAX_FILES) throw new NoUsageFilesError(vscode.l10n.t('More than {0} files match {1}; narrow the glob.', MAX_FILES, options.include));

    const names = uris.map((uri) => vscode.workspace.asRelativePath(uri, false));
    const reads = await Promise.all(uris.map((uri, i) => this.plan(uri, names[i], context.signal)));
    throwIfAborted(context.signal);
    if (this.last?.names === names.join('\n') && reads.every((r) => r.kind === 'keep')) {
      context.log.info(`${names.length === 1 ? names[0] : `${names.length} usage files`}: unchanged since the last load.`);
      return this.last.result;
    }
    const inputs = reads.flatMap((r) => (r.kind === 'keep' ? [] : [r.input]));
    context.report(
      inputs.length === 0
        ? vscode.l10n.t('Usage files unchanged…')
        : vscode.l10n.t('Reading {0}…', inputs.length === 1 ? inputs[0].name : vscode.l10n.t('{0} usage files', inputs.length)),
    );
    const { files: parsed, failures } = await loadSegments([{ source: this.source, files: inputs, mapping: options.mapping }], {
      signal: context.signal,
      onProgress: ({ done, total, file }) =>
        context.report(vscode.l10n.t('Reading {0} ({1} of {2} parts)…', file ?? vscode.l10n.t('usage files'), done, total)),
    });
    const byName = new Map(parsed.map((f) => [f.file, f]));
    const warnings: string[] = [];
    const warn = (line: string) => void (warnings.length < MAX_WARNINGS && warnings.push(line));
    for (const failure of failures) {
      context.log.error(`Could not read ${failure.file}: ${failure.message}`);
      warn(failure.message);
    }

    // Each file's segments in path order: kept, kept plus the appended bytes, or new.
    const next = new Map<string, FileState>();
    const files: FileSegments[] = [];
    const uriOf = new Map<string, vscode.Uri>();
    for (const [i, read] of reads.entries()) {
      const name = names[i];
      uriOf.set(name, uris[i]);
      if (read.kind === 'keep') {
        next.set(name, read.state);
        files.push(read.state.loaded);
        continue;
      }
      const fresh = byName.get(name);
      if (!fresh) continue;
      const loaded = read.kind === 'append' ? { ...fresh, segments: [...read.state.loaded.segments, ...fresh.segments] } : fresh;
      if (read.kind === 'append')
        context.log.info(`${name}: read the ${fresh.segments.reduce((n, s) => n + s.end - s.start, 0)} bytes appended (${fresh.report.rows} rows).`);
      files.push(loaded);
      next.set(name, await this.remember(uris[i], loaded));
    }
    if (files.length === 0) {
      throw new Error(
        failures.length === 1
          ? failures[0].message
          : vscode.l10n.t('None of the {0} usage files could be read: {1}', uris.length, failures.map((f) => f.message).join(' ')),
      );
    }
    context.report(vscode.l10n.t('Merging…'));
    // The segments move to the merging worker and back; if the merge fails they are gone, and the next load reads every file whole.
    const merged = await mergeFileSegments(files, { signal: context.signal, returnSegments: true, view: context.view }).catch((error: unknown) => {
      this.files.clear();
      this.last = undefined;
      throw error;
    });
    const { store, reports } = merged;
    for (const loaded of merged.files ?? []) {
      const state = next.get(loaded.file);
      if (state) state.loaded = loaded;
    }
    this.files = next;

    let skipped = 0;
    for (const report of reports) {
      skipped += report.skipped;
      context.log.info(
        `Read ${report.file} (${report.format}): ${report.rows} rows, ${report.added} added, ${report.duplicates} duplicates, ${report.skipped} skipped.`,
      );
      if (report.skipped > 0) {
        context.log.warn(`${report.file}: ${report.skipped} row${report.skipped === 1 ? '' : 's'} skipped; first reasons:\n  ${report.samples.join('\n  ')}`);
        for (const sample of report.samples) warn(sample);
      }
      if (report.undecodable !== undefined) {
        const line = undecodableWarning(report.file, report.undecodable);
        context.log.warn(line);
        warn(line);
      }
    }
    const read = files.map((f) => f.file);
    const label = read.length === 1 ? read[0] : vscode.l10n.t('{0} usage files', read.length);
    const result: LoadResult = { store, source: { kind: 'files', label, files: read }, skipped, warnings, view: merged.view };
    this.last = { names: names.join('\n'), result };
    return result;
  }

  /** Keep, append or read whole, from the file's size, time and the bytes before its previous end. */
  private async plan(uri: vscode.Uri, name: string, signal: AbortSignal): Promise<FileRead> {
    const before = this.files.get(name);
    const stat = await vscode.workspace.fs.stat(uri).then(
      (s) => s,
      () => undefined,
    );
    throwIfAborted(signal);
    const onDisk = uri.scheme === 'file';
    const whole = async (): Promise<FileRead> => ({
      kind: 'whole',
      input: onDisk ? { name, path: uri.fsPath } : { name, bytes: await vscode.workspace.fs.readFile(uri) },
    });
    if (!before || !stat) return whole();
    if (stat.size === before.size && stat.mtime === before.mtime) return { kind: 'keep', state: before };
    const appendable = before.loaded.report.format !== 'json' && onDisk && before.tail !== undefined && stat.size > before.end;
    // Only a file whose bytes up to the previous end are as they were, ending at a line end, grew.
    if (appendable && before.tail![before.tail!.length - 1] === 10 && equalBytes(await readTail(uri.fsPath, before.end), before.tail!)) {
      return { kind: 'append', state: before, input: appendedInput(before.loaded, { name, path: uri.fsPath }) };
    }
    return whole();
  }

  private async remember(uri: vscode.Uri, loaded: FileSegments): Promise<FileState> {
    const stat = await vscode.workspace.fs.stat(uri).then(
      (s) => s,
      () => undefined,
    );
    const end = loaded.segments.reduce((max, s) => Math.max(max, s.end), 0);
    const tail = uri.scheme === 'file' ? await readTail(uri.fsPath, end).catch(() => undefined) : undefined;
    // A file that changed again while it was read gets a size that makes the next load read it whole.
    return { size: stat?.size ?? -1, mtime: stat?.mtime ?? -1, end, tail, loaded };
  }

  dispose(): void {
    this.files.clear();
    this.last = undefined;
  }
}

/** The bytes just before `end` of a file on disk. */
async function readTail(path: string, end: number): Promise<Uint8Array> {
  const length = Math.min(TAIL_BYTES, end);
  const handle = await open(path, 'r');
  try {
    const buffer = new Uint8Array(length);
    const { bytesRead } = await handle.read(buffer, 0, length, end - length);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
