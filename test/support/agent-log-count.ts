import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Token sums of one model. */
export interface ModelTokens {
  input: number;
  cacheRead: number;
  cacheWrite: number;
  output: number;
}

export const FIXTURES = join(__dirname, '..', 'fixtures', 'agent-logs');
export const CLAUDE_DIRS = [join(FIXTURES, 'claude-a'), join(FIXTURES, 'claude-b')];
export const CLAUDE_ENV = { CLAUDE_CONFIG_DIR: CLAUDE_DIRS.join(', ') };
export const CODEX_ENV = { CODEX_HOME: join(FIXTURES, 'codex') };
/** A home with no agent folders: the machine's own logs must never leak into a test. */
export const EMPTY_HOME = join(FIXTURES, 'no-home');

function jsonlFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.jsonl'))
    .map((entry) => join(entry.parentPath, entry.name));
}

/**
 * An independent count of Claude Code tokens per model: every line through JSON.parse (no byte
 * pre-filter), assistant records with usage, `<synthetic>` left out, one copy per message id and
 * request id (the one with the most output).
 */
export function naiveClaudeCount(dirs: readonly string[]): Map<string, ModelTokens> {
  const kept = new Map<string, { model: string; usage: Record<string, number> }>();
  for (const dir of dirs) {
    for (const file of jsonlFiles(join(dir, 'projects'))) {
      for (const line of readFileSync(file, 'utf8').split(/\r?\n/)) {
        // A Claude Code log line, as far as this count reads it.
        let record: { type?: string; requestId?: string; message?: { id?: string; model: string; usage?: Record<string, number> } } | null;
        try {
          record = JSON.parse(line) as typeof record;
        } catch {
          continue;
        }
        const usage = record?.message?.usage;
        if (record?.type !== 'assistant' || !usage || record.message!.model === '<synthetic>') continue;
        const key = `${record.message!.id}:${record.requestId}`;
        const previous = kept.get(key);
        if (!previous || usage.output_tokens >= previous.usage.output_tokens) kept.set(key, { model: record.message!.model, usage });
      }
    }
  }
  const byModel = new Map<string, ModelTokens>();
  for (const { model, usage } of kept.values()) {
    const tokens = byModel.get(model) ?? { input: 0, cacheRead: 0, cacheWrite: 0, output: 0 };
    tokens.input += usage.input_tokens;
    tokens.cacheRead += usage.cache_read_input_tokens ?? 0;
    tokens.cacheWrite += usage.cache_creation_input_tokens ?? 0;
    tokens.output += usage.output_tokens;
    byModel.set(model, tokens);
  }
  return byModel;
}
