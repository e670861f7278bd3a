import { isAbsolute, join, resolve } from 'node:path';
import { existingDistinct, listFiles } from '../agentLogs/walk';

/** Environment variables the Claude Code source honours. */
export interface ClaudeCodeEnv {
  CLAUDE_CONFIG_DIR?: string;
  XDG_CONFIG_HOME?: string;
}

/**
 * Claude Code's config folders, as Claude Code itself finds them: `CLAUDE_CONFIG_DIR` (a
 * comma-separated list) when set, otherwise both `~/.claude` and `~/.config/claude`
 * (`$XDG_CONFIG_HOME/claude` when that is set).
 */
export function claudeConfigDirs(env: ClaudeCodeEnv, home: string): string[] {
  const listed = (env.CLAUDE_CONFIG_DIR ?? '')
    .split(',')
    .map((dir) => dir.trim())
    .filter((dir) => dir !== '');
  if (listed.length > 0) return listed.map((dir) => absolute(dir, home));
  const xdg = env.XDG_CONFIG_HOME?.trim();
  return [join(home, '.claude'), join(xdg && isAbsolute(xdg) ? xdg : join(home, '.config'), 'claude')];
}

export function absolute(dir: string, home: string): string {
  if (dir === '~') return home;
  if (dir.startsWith('~/') || dir.startsWith('~\\')) return join(home, dir.slice(2));
  return resolve(dir);
}

/** The session logs: every `*.jsonl` under `projects/` of each config folder that exists. */
export async function findClaudeCodeLogs(env: ClaudeCodeEnv, home: string): Promise<{ searched: string[]; files: string[] }> {
  const searched = claudeConfigDirs(env, home).map((dir) => join(dir, 'projects'));
  const files: string[] = [];
  for (const dir of await existingDistinct(searched)) files.push(...(await listFiles(dir, (name) => name.endsWith('.jsonl'))));
  return { searched, files };
}
