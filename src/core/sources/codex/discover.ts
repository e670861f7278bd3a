import { basename, join } from 'node:path';
import { absolute } from '../claudeCode/discover';
import { listFiles } from '../agentLogs/walk';

export interface CodexEnv {
  CODEX_HOME?: string;
}

/** Codex's home folder: `CODEX_HOME` when set, otherwise `~/.codex`. */
export function codexHome(env: CodexEnv, home: string): string {
  const set = env.CODEX_HOME?.trim();
  return set ? absolute(set, home) : join(home, '.codex');
}

const isRollout = (name: string) => name.startsWith('rollout-') && name.endsWith('.jsonl');

/**
 * The session logs: `sessions/**\/rollout-*.jsonl` and `archived_sessions/**\/rollout-*.jsonl`. A
 * session found in both (archived while still open, or copied back) is read from `sessions/` only.
 */
export async function findCodexLogs(env: CodexEnv, home: string): Promise<{ searched: string[]; files: string[] }> {
  const root = codexHome(env, home);
  const searched = [join(root, 'sessions'), join(root, 'archived_sessions')];
  const active = await listFiles(searched[0], isRollout);
  const names = new Set(active.map((file) => basename(file)));
  const archived = (await listFiles(searched[1], isRollout)).filter((file) => !names.has(basename(file)));
  return { searched, files: [...active, ...archived] };
}
