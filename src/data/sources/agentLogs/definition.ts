import { homedir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { parseOverrides } from '../../../core/pricing/overrides';
import { claudeConfigDirs } from '../../../core/sources/claudeCode/discover';
import { codexHome } from '../../../core/sources/codex/discover';
import { AGENT_LOG_LABELS, type AgentLogKind } from '../../../core/sources/agentLogs/load';
import { localUser } from '../../../core/sources/agentLogs/localUser';
import { AgentLogLoader } from '../../../core/sources/agentLogs/offThread';
import { ActiveLogs } from '../../../core/sources/agentLogs/activeLogs';
import { type AgentLogReport } from '../../../core/sources/agentLogs/report';
import { type LoadContext, type LoadResult, type SourceDefinition, type SourceEnv, type UsageSource } from '../types';

/** How often the logs written lately are checked for appended requests the file watcher missed. */
const ACTIVE_LOG_POLL_MS = 2_000;

/** Folder below the extension's global storage where the agent-log history is kept. */
export const AGENT_LOG_HISTORY_FOLDER = 'agent-log-history';

/** The environment the log folders are found from, read at each load (a test or a Remote host may set it). */
function logEnv(): { CLAUDE_CONFIG_DIR?: string; XDG_CONFIG_HOME?: string; CODEX_HOME?: string } {
  return { CLAUDE_CONFIG_DIR: process.env.CLAUDE_CONFIG_DIR, XDG_CONFIG_HOME: process.env.XDG_CONFIG_HOME, CODEX_HOME: process.env.CODEX_HOME };
}

function home(): string {
  return process.env.HOME || process.env.USERPROFILE || homedir();
}

/** The folders to watch and the files in them that are logs. */
function watchedFolders(kind: AgentLogKind): { folder: string; pattern: string }[] {
  if (kind === 'codex') return [{ folder: codexHome(logEnv(), home()), pattern: '**/rollout-*.jsonl' }];
  return claudeConfigDirs(logEnv(), home()).map((dir) => ({ folder: join(dir, 'projects'), pattern: '**/*.jsonl' }));
}

/** Warnings of a load: unreadable lines, unpriced models, what the spend is. */
function warningsOf(label: string, report: AgentLogReport): string[] {
  const warnings = [...report.samples.map((sample) => `${label}: ${sample}`)];
  for (const [model, tokens] of report.unpricedTokens) {
    warnings.push(`${label}: no price known for model "${model}" (${tokens} tokens): its requests are unpriced; add it to usageExplorer.pricing.overrides.`);
  }
  return warnings;
}

/**
 * `{ "kind": "claude-code" | "codex" }`: this machine's Claude Code or Codex CLI logs (where the
 * extension host runs: in Remote, the remote machine), parsed and priced in the engine's workers.
 * Spend is an estimate at API list prices. Private logs: the kind is taken only from user settings
 * and is never offered by `auto` (the user adds it with "Show my Claude Code / Codex usage").
 */
export class AgentLogSource implements UsageSource {
  readonly id: string;
  readonly label: string;
  /** Keeps what each log gave, so a reload reads only the bytes appended since. */
  private readonly loader = new AgentLogLoader();
  /** The logs written lately, polled in case the file watcher misses a change. */
  private readonly active = new ActiveLogs();

  constructor(
    readonly kind: AgentLogKind,
    private readonly env: SourceEnv,
  ) {
    this.id = kind;
    this.label = `${AGENT_LOG_LABELS[kind]} logs`;
  }

  async load(context: LoadContext): Promise<LoadResult> {
    context.report(`Reading ${this.label}…`);
    const config = vscode.workspace.getConfiguration('usageExplorer');
    const { overrides, problems } = parseOverrides(config.get<unknown>('pricing.overrides'));
    for (const problem of problems) context.log.warn(`usageExplorer.pricing.overrides: ${problem}`);
    const keepHistory = config.get<boolean>('agentLogs.history', true) && this.env.storageDir !== undefined;
    const loaded = await this.loader.loadStore(
      {
        kind: this.kind,
        options: {
          env: logEnv(),
          home: home(),
          user: await localUser(config.get<string>('agentLogs.user')),
          overrides,
          historyDir: keepHistory ? join(this.env.storageDir!, AGENT_LOG_HISTORY_FOLDER) : undefined,
        },
      },
      { signal: context.signal },
    );
    const { report } = loaded;
    this.active.track(this.loader.listed());
    if (report.files === 0 && report.failedFiles === 0 && report.fromHistory === 0) {
      throw new Error(`No ${AGENT_LOG_LABELS[this.kind]} logs found in ${loaded.searched.join(', ')}.`);
    }
    context.log.info(
      `${this.label}: ${report.requests} requests from ${report.files} files (${report.duplicates} repeats, ${report.synthetic} synthetic left out, ${report.fromHistory} from the kept history); ${this.loader.bytesRead} bytes read.`,
    );
    return {
      store: loaded.store,
      source: { kind: this.kind, label: this.label },
      skipped: report.unreadable,
      warnings: warningsOf(this.label, report),
      unpricedModels: [...report.unpricedTokens.keys()],
    };
  }

  /**
   * New requests appear live: a log that grows or a new session reloads this source. The logs
   * written lately are also polled, as the file watcher can miss changes (see ActiveLogs).
   */
  watch(onChange: (reason: string) => void): vscode.Disposable {
    const watchers = watchedFolders(this.kind).map(({ folder, pattern }) =>
      vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(folder), pattern)),
    );
    const changed = () => onChange(`${this.label} changed`);
    for (const watcher of watchers) {
      watcher.onDidCreate(changed);
      watcher.onDidChange(changed);
      watcher.onDidDelete(changed);
    }
    const poll = setInterval(() => {
      void this.active.poll().then((files) => {
        if (files.length > 0) changed();
      });
    }, ACTIVE_LOG_POLL_MS);
    return vscode.Disposable.from(...watchers, { dispose: () => clearInterval(poll) });
  }

  dispose(): void {}
}

function agentLogDefinition(kind: AgentLogKind): SourceDefinition {
  return {
    kind,
    title: `${AGENT_LOG_LABELS[kind]} logs`,
    // Not remote, but private: like a remote kind it is taken only from user settings, so a
    // workspace can never make the extension read the user's logs.
    remote: true,
    reports: { runs: true, users: true, tokens: true, cost: 'estimated' },
    create: (_spec, env) => new AgentLogSource(kind, env),
  };
}

export const CLAUDE_CODE_SOURCE = agentLogDefinition('claude-code');
export const CODEX_SOURCE = agentLogDefinition('codex');
