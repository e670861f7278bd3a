import type * as vscode from 'vscode';
import { type UsageExplorerConfig } from '../config';
import { type UsageLog } from './log';
import { sourceDefinition } from './sources/registry';
import { resolveSourceSpecs } from './sources/settings';
import { type SourceEnv, type SourceKind, type SourceSpec, type UsageSource } from './sources/types';

/** One configured source: alive, or a settings entry that does not describe a source. */
export type SourceEntry =
  | { readonly source: UsageSource; readonly error?: undefined }
  | { readonly source?: undefined; readonly id: string; readonly kind: SourceKind; readonly label: string; readonly error: Error };

/**
 * The live sources of the current settings. A source whose settings entry stays keeps its
 * instance (and state) across setting changes; removed ones are disposed with their watchers.
 */
export class SourceSet implements vscode.Disposable {
  private live = new Map<string, { source: UsageSource; watcher?: vscode.Disposable }>();
  private current: SourceEntry[] = [];

  constructor(
    private readonly env: SourceEnv,
    /** Called when a source's inputs change (a saved file). */
    private readonly onInputsChanged: (source: UsageSource, reason: string) => void,
  ) {}

  get entries(): readonly SourceEntry[] {
    return this.current;
  }

  /** Makes the sources the settings (`usageExplorer.sources`, or the one `source`) describe; problems with entries go to the log. */
  applySettings(config: UsageExplorerConfig, log: UsageLog): void {
    const resolved = resolveSourceSpecs(config.sources, { source: config.source, httpBaseUrl: config.httpBaseUrl }, (kind) => sourceDefinition(kind));
    for (const problem of resolved.problems) log.warn(problem);
    this.update(resolved.specs);
  }

  /** Makes the sources of `specs`, reusing those already alive. */
  update(specs: readonly SourceSpec[]): void {
    const next = new Map<string, { source: UsageSource; watcher?: vscode.Disposable }>();
    const entries: SourceEntry[] = [];
    for (const [index, spec] of specs.entries()) {
      let made: UsageSource;
      try {
        const definition = sourceDefinition(spec.kind);
        if (!definition) throw new Error(`Unknown source kind "${spec.kind}".`);
        made = definition.create(spec, this.env);
      } catch (error) {
        entries.push({
          id: `invalid:${index}:${JSON.stringify(spec)}`,
          kind: spec.kind,
          label: `${spec.kind} source`,
          error: error instanceof Error ? error : new Error(String(error)),
        });
        continue;
      }
      if (next.has(made.id)) {
        made.dispose();
        continue;
      }
      const kept = this.live.get(made.id);
      if (kept) {
        made.dispose();
        next.set(made.id, kept);
        entries.push({ source: kept.source });
      } else {
        const source = made;
        next.set(source.id, { source, watcher: source.watch?.((reason) => this.onInputsChanged(source, reason)) });
        entries.push({ source });
      }
    }
    for (const [id, old] of this.live) {
      if (next.has(id)) continue;
      old.watcher?.dispose();
      old.source.dispose();
    }
    this.live = next;
    this.current = entries;
  }

  dispose(): void {
    for (const { source, watcher } of this.live.values()) {
      watcher?.dispose();
      source.dispose();
    }
    this.live.clear();
    this.current = [];
  }
}
