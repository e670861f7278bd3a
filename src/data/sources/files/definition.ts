import * as vscode from 'vscode';
import { USAGE_FIELDS, type ColumnMapping } from '../../../core/columns';
import { type SourceDefinition, type SourceEnv, type SourceSpec, SourceConfigError, stringOption, type UsageSource } from '../types';
import { FilesReader, findUsageFiles, type FilesSourceOptions } from './filesSource';

/** `{ "kind": "files", "include": "**\/*.usage.csv", "exclude"?, "columnMapping"?, "name"? }`: workspace usage files, watched. */
export class FilesSource implements UsageSource {
  readonly kind = 'files';
  readonly id: string;
  readonly label: string;
  private readonly reader: FilesReader;

  constructor(
    readonly options: FilesSourceOptions,
    name?: string,
    /** Files found when `auto` chose this source: the first load reads them without searching again. */
    private found?: vscode.Uri[],
  ) {
    this.id = `files:${options.include}|${options.exclude}|${JSON.stringify(options.mapping)}`;
    this.label = name ?? options.include;
    this.reader = new FilesReader({ id: this.id, label: this.label, runsKnown: true });
  }

  load(context: Parameters<UsageSource['load']>[0]): ReturnType<UsageSource['load']> {
    const found = this.found;
    this.found = undefined;
    return this.reader.load(this.options, context, found);
  }

  watch(onChange: (reason: string) => void): vscode.Disposable {
    // Relative to each folder, as findFiles reads the glob (a plain string would be matched against absolute paths).
    const folders = vscode.workspace.workspaceFolders ?? [];
    const watchers = folders.map((folder) => vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, this.options.include)));
    const changed = (uri: vscode.Uri) => onChange(`${vscode.workspace.asRelativePath(uri, false)} changed`);
    for (const watcher of watchers) {
      watcher.onDidCreate(changed);
      watcher.onDidChange(changed);
      watcher.onDidDelete(changed);
    }
    return vscode.Disposable.from(...watchers);
  }

  dispose(): void {
    this.found = undefined;
    this.reader.dispose();
  }
}

function mappingOption(spec: SourceSpec, fallback: ColumnMapping): ColumnMapping {
  const raw = spec.columnMapping;
  if (raw === undefined || raw === null) return fallback;
  if (typeof raw !== 'object' || Array.isArray(raw))
    throw new SourceConfigError('"columnMapping" of a files source must be an object such as { "cost": "Billed (USD)" }.');
  const mapping: ColumnMapping = {};
  for (const field of USAGE_FIELDS) {
    const header = (raw as Record<string, unknown>)[field];
    if (typeof header === 'string' && header.trim() !== '') mapping[field] = header.trim();
  }
  return mapping;
}

function filesOptions(spec: SourceSpec, env: SourceEnv): FilesSourceOptions {
  return {
    include: stringOption(spec, 'include', env.files.include) ?? env.files.include,
    exclude: stringOption(spec, 'exclude', env.files.exclude) ?? '',
    mapping: mappingOption(spec, env.files.columnMapping),
  };
}

export const FILES_SOURCE: SourceDefinition = {
  kind: 'files',
  title: 'Workspace files',
  remote: false,
  reports: { runs: true, users: true, tokens: true, cost: 'billed' },
  create: (spec, env) => new FilesSource(filesOptions(spec, env), stringOption(spec, 'name')),
  offer: async (env, signal) => {
    const options = filesOptions({ kind: 'files' }, env);
    const found = await findUsageFiles(options, signal);
    if (found.length === 0) return undefined;
    env.log.info(`Source auto: ${found.length} workspace file${found.length === 1 ? '' : 's'} match ${options.include}.`);
    return new FilesSource(options, undefined, found);
  },
};
