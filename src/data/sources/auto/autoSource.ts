import type * as vscode from 'vscode';
import { demoSource } from '../demo/demoSource';
import { type LoadContext, type LoadResult, type SourceDefinition, type SourceEnv, throwIfAborted, type UsageSource } from '../types';

/**
 * `{ "kind": "auto" }` (and the default `usageExplorer.source: auto`): workspace files if there
 * are any, else what the other kinds offer (in registry order), else demo data. Chosen anew on
 * every load; the chosen source is kept while it stays the choice, so it keeps its state.
 */
export class AutoSource implements UsageSource {
  readonly id = 'auto';
  readonly kind = 'auto';
  readonly label = 'Automatic';
  private chosen: UsageSource | undefined;

  constructor(
    private readonly definitions: () => readonly SourceDefinition[],
    private readonly env: SourceEnv,
  ) {}

  async load(context: LoadContext): Promise<LoadResult> {
    const offered = await this.choose(context);
    if (this.chosen?.id !== offered.id) {
      this.chosen?.dispose();
      this.chosen = offered;
    } else if (offered !== this.chosen) {
      offered.dispose();
    }
    return this.chosen.load(context);
  }

  private async choose(context: LoadContext): Promise<UsageSource> {
    for (const definition of this.definitions()) {
      if (!definition.offer) continue;
      const offered = await definition.offer(this.env, context.signal);
      throwIfAborted(context.signal);
      if (offered) return offered;
    }
    context.log.info(`Source auto: no workspace files match ${this.env.files.include} and no other source has data; showing demo data.`);
    return demoSource();
  }

  /** Watches the files glob: a usage file created in the workspace switches from demo to files. */
  watch(onChange: (reason: string) => void): vscode.Disposable {
    const files = this.definitions().find((d) => d.kind === 'files');
    const watcher = files?.create({ kind: 'files' }, this.env).watch?.(onChange);
    return { dispose: () => void watcher?.dispose() };
  }

  dispose(): void {
    this.chosen?.dispose();
    this.chosen = undefined;
  }
}

export function autoSourceDefinition(definitions: () => readonly SourceDefinition[]): SourceDefinition {
  return {
    kind: 'auto',
    title: 'Automatic',
    remote: false,
    reports: { runs: true, users: true, tokens: true, cost: 'billed' },
    create: (_spec, env) => new AutoSource(definitions, env),
  };
}
