import { homedir } from 'node:os';
import { type FileSegments } from '../core/engine/loadUsage';
import { AGENT_LOG_KINDS, AGENT_LOG_LABELS, type AgentLogKind } from '../core/sources/agentLogs/load';
import { agentLogSource, loadAgentLogSegment } from '../core/sources/agentLogs/offThread';
import { localUser } from '../core/sources/agentLogs/localUser';
import { type AgentLogReport } from '../core/sources/agentLogs/report';

/** Agent logs that could not be found or read: exit 2. */
export class AgentLogSetupError extends Error {}

export function isAgentLogKind(value: string | undefined): value is AgentLogKind {
  return AGENT_LOG_KINDS.includes(value as AgentLogKind);
}

export interface CliAgentLogOptions {
  env: NodeJS.ProcessEnv;
  /** `--user`: who the requests are counted for. */
  user?: string;
  /** `--history DIR`: keep the requests seen there, and show those the logs no longer have. */
  historyDir?: string;
  stderr: (line: string) => void;
}

/**
 * Loads this machine's Claude Code or Codex logs in the engine's worker pool, as a segment to
 * merge with the other sources of the view. Returns it with the source's label and the models
 * no price is known for (their rows are flagged in exports).
 */
export async function loadAgentLogsForCli(
  kind: AgentLogKind,
  options: CliAgentLogOptions,
): Promise<{ files: FileSegments; label: string; unpricedModels: Set<string> }> {
  const { env, stderr } = options;
  const envSubset = { CLAUDE_CONFIG_DIR: env.CLAUDE_CONFIG_DIR, XDG_CONFIG_HOME: env.XDG_CONFIG_HOME, CODEX_HOME: env.CODEX_HOME };
  const load = await loadAgentLogSegment({
    kind,
    options: { env: envSubset, home: env.HOME || env.USERPROFILE || homedir(), user: await localUser(options.user), historyDir: options.historyDir },
  });
  const label = agentLogSource(kind).label;
  if (load.report.files === 0 && load.report.failedFiles === 0 && load.report.fromHistory === 0) {
    const hint = kind === 'claude-code' ? 'set CLAUDE_CONFIG_DIR to the folder that holds projects/' : 'set CODEX_HOME to the folder that holds sessions/';
    throw new AgentLogSetupError(`No ${AGENT_LOG_LABELS[kind]} logs found in ${load.searched.join(', ')}; ${hint}.`);
  }
  warn(load.report, label, stderr);
  const { segment } = load;
  return {
    files: { source: segment.source, file: label, segments: [segment], report: segment.report },
    label,
    unpricedModels: new Set(load.report.unpricedTokens.keys()),
  };
}

function warn(report: AgentLogReport, label: string, stderr: (line: string) => void): void {
  const problems = report.unreadable + report.failedFiles;
  if (problems > 0) {
    stderr(
      `warning: ${label}: ${report.unreadable} unreadable usage line${report.unreadable === 1 ? '' : 's'}${report.failedFiles > 0 ? `, ${report.failedFiles} unreadable file${report.failedFiles === 1 ? '' : 's'}` : ''} left out (a torn last line after a crash is normal)`,
    );
    for (const sample of report.samples) stderr(`  ${sample}`);
  }
  if (report.fromHistory > 0)
    stderr(`note: ${label}: ${report.fromHistory} request${report.fromHistory === 1 ? '' : 's'} from the kept history (no longer in the logs)`);
  for (const [model, tokens] of report.unpricedTokens) {
    stderr(`warning: ${label}: no price known for model "${model}" (${tokens} tokens): its requests are counted at 0 and flagged unpriced`);
  }
  stderr(`note: ${label}: spend is estimated at API list prices (not what a subscription costs)`);
}
