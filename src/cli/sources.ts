/** The CLI's view assembled from its --input files and --source kinds, loaded in the engine's workers. */
import { realpath } from 'node:fs/promises';
import { MemoryBackend } from '../core/backend/memory';
import { type UsageBackend } from '../core/backend/types';
import { beginSegment, takeSegment } from '../core/engine/segment';
import { loadSegments, mergeFileSegments, type FileSegments } from '../core/engine/loadUsage';
import { type StoreSource } from '../core/store';
import { StoreBuilder } from '../core/storeBuilder';
import { loadDemo } from '../core/sources/demo';
import { undecodableWarning } from '../core/sources/files/decode';
import { overlapNote, planOverlap, type OverlapMode } from '../core/sources/providers/overlap';
import { type CliProviderOptions } from './providerSource';
import { DataError, UsageError } from './errors';

export interface Loaded {
  backend: UsageBackend;
  label: string;
  /** Agent logs: models no price is known for (spend is an estimate). */
  unpricedModels?: Set<string>;
}

const FILES_SOURCE: StoreSource = { id: 'files', label: 'usage files', runsKnown: true };
const DEMO_SOURCE: StoreSource = { id: 'demo', label: 'demo data', runsKnown: true };

/**
 * Every --source and --input together in one view: the input files form one source (ids
 * de-duplicate across them) parsed in the engine's worker pool; `--source demo` adds the demo,
 * `--source openai|anthropic` an organisation's usage, `--source claude-code|codex` this machine's
 * agent logs (priced estimates). Without any, the demo.
 */
export async function loadCliSources(
  inputs: string[],
  sources: string[],
  now: number | undefined,
  stderr: (line: string) => void,
  provider: Omit<CliProviderOptions, 'stderr'>,
  agent: { user?: string; historyDir?: string },
  overlapMode: OverlapMode = 'bill',
): Promise<Loaded> {
  // Providers and agent logs (and what they load: HTTP, pricing, child processes) only when asked for: a file's answer starts sooner.
  const asked = sources.some((s) => s !== 'demo');
  const { ProviderSetupError, isProviderKind, loadProviderForCli } = asked ? await import('./providerSource') : noProviders;
  const { AgentLogSetupError, isAgentLogKind, loadAgentLogsForCli } = asked ? await import('./agentLogSource') : noAgentLogs;
  for (const source of sources) {
    if (source !== 'demo' && !isProviderKind(source) && !isAgentLogKind(source)) {
      throw new UsageError(`Unknown --source "${source}"; use --source demo|openai|anthropic|claude-code|codex|postgres or --input FILE.`);
    }
  }
  // Agent logs on an organisation's bill are not added to it silently: --overlap says which counts (src/core/sources/providers/overlap.ts).
  const overlap = planOverlap(
    [...new Set(sources)].map((kind) => ({ id: kind, kind, label: kind })),
    overlapMode,
  );
  for (const pair of overlap.pairs) stderr(`note: ${overlapNote(pair, overlapMode)}`);
  const agentKinds = [...new Set(sources.filter(isAgentLogKind))].filter((kind) => !overlap.aside.has(kind));
  if (agent.historyDir !== undefined && !sources.some(isAgentLogKind))
    throw new UsageError('--history keeps agent logs: use it with --source claude-code or --source codex.');
  await warnRepeatedFiles(inputs, stderr);
  const files: FileSegments[] = [];
  const labels: string[] = [];
  // Provider organisations: each a source of its own, as one segment.
  for (const kind of new Set(sources.filter(isProviderKind).filter((kind) => !overlap.aside.has(kind)))) {
    const builder = new StoreBuilder();
    let label: string;
    try {
      label = await loadProviderForCli(kind, { ...provider, stderr }, builder, (source) => beginSegment(builder, source));
    } catch (error) {
      if (error instanceof ProviderSetupError) throw new DataError(error.message);
      throw error;
    }
    const report = { file: label, format: 'json' as const, rows: 0, added: 0, duplicates: 0, skipped: 0, samples: [] };
    const segment = takeSegment(builder, report, { file: label, start: 0, end: 0, lines: 0 });
    report.rows = report.added = segment.length;
    files.push({ source: segment.source, file: label, segments: [segment], report });
    labels.push(label);
  }
  if (inputs.length > 0) {
    const loaded = await loadSegments([{ source: FILES_SOURCE, files: inputs.map((path) => ({ name: path, path })) }]);
    const failure = loaded.failures[0];
    if (failure !== undefined) throw new DataError(failure.message);
    files.push(...loaded.files);
    labels.push(inputs.length === 1 ? inputs[0] : `${inputs.length} files`);
  }
  let unpricedModels: Set<string> | undefined;
  for (const kind of agentKinds) {
    try {
      const logs = await loadAgentLogsForCli(kind, { ...agent, env: provider.env, stderr });
      files.push(logs.files);
      labels.push(logs.label);
      unpricedModels = new Set([...(unpricedModels ?? []), ...logs.unpricedModels]);
    } catch (error) {
      if (error instanceof AgentLogSetupError) throw new DataError(error.message);
      throw error;
    }
  }
  if (sources.includes('demo') || (inputs.length === 0 && labels.length === 0)) {
    const builder = new StoreBuilder();
    beginSegment(builder, DEMO_SOURCE);
    const added = loadDemo(builder, { now });
    const report = { file: 'demo', format: 'json' as const, rows: added, added, duplicates: 0, skipped: 0, samples: [] };
    files.push({ source: DEMO_SOURCE, file: 'demo', segments: [takeSegment(builder, report, { file: 'demo', start: 0, end: 0, lines: 0 })], report });
    labels.push('demo data');
  }
  const { store, reports } = await mergeFileSegments(files, { keepSegments: false });
  for (const report of reports) {
    if (report.skipped > 0) {
      stderr(`warning: ${report.file}: skipped ${report.skipped} row${report.skipped === 1 ? '' : 's'} that could not be read`);
      for (const sample of report.samples) stderr(`  ${sample}`);
    }
    if (report.undecodable !== undefined) stderr(`warning: ${undecodableWarning(report.file, report.undecodable)}`);
  }
  if (store.duplicates > 0) stderr(`note: ${store.duplicates} event${store.duplicates === 1 ? '' : 's'} with a repeated id counted once`);
  return { backend: new MemoryBackend(store), label: labels.join(' + '), unpricedModels };
}

/** Stand-ins while no --source asks for providers or agent logs (never called). */
const neverCalled = (): never => {
  throw new Error('not loaded');
};
const noProviders = { ProviderSetupError: Error, isProviderKind: (_: string): _ is 'openai' => false, loadProviderForCli: neverCalled };
const noAgentLogs = { AgentLogSetupError: Error, isAgentLogKind: (_: string): _ is 'codex' => false, loadAgentLogsForCli: neverCalled };

/** Warns about a file given twice (by another path, too): without ids its events would count twice. */
async function warnRepeatedFiles(inputs: readonly string[], stderr: (line: string) => void): Promise<void> {
  const seen = new Map<string, string>();
  for (const input of inputs) {
    const real = await realpath(input).catch(() => input);
    const earlier = seen.get(real);
    if (earlier !== undefined) stderr(`warning: ${input} is the same file as ${earlier}; its events are counted again unless they have ids`);
    else seen.set(real, input);
  }
}
