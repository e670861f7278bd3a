/**
 * Writes a Claude Code log tree for the agent-log benchmark: `projects/<encoded-cwd>/<session>.jsonl`
 * files shaped like real sessions (a summary line, prompts, assistant messages with usage, some
 * written twice as streamed, tool results of varied size, sidechain requests, `<synthetic>`
 * errors). Deterministic for a seed.
 */
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { once } from 'node:events';
import { join } from 'node:path';
import { prng } from '../src/core/sources/demo';

export interface TreeSpec {
  /** Distinct assistant messages (model requests) across the tree. */
  messages: number;
  projects: number;
  sessions: number;
  seed?: number;
}

const MODELS: [string, number][] = [
  ['claude-sonnet-4-5-20250929', 0.6],
  ['claude-haiku-4-5-20251001', 0.25],
  ['claude-opus-4-1-20250805', 0.14],
  ['<synthetic>', 0.01],
];

const WORDS =
  'the a function returns value file test error build type module import export config request response parse token cache model session project user worker run spend cost daily report view table chart tree status'.split(
    ' ',
  );

/** Writes the tree under `root` (its `projects/` folder); returns bytes and lines written. */
export async function writeClaudeTree(root: string, spec: TreeSpec): Promise<{ bytes: number; files: number; lines: number }> {
  const random = prng(spec.seed ?? 11);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
  const text = (words: number) => Array.from({ length: words }, () => pick(WORDS)).join(' ');
  const pool = Array.from({ length: 4096 }, () => Math.floor(random() * 16).toString(16)).join('');
  const hex = (n: number) => {
    const at = Math.floor(random() * (pool.length - n));
    return pool.slice(at, at + n);
  };
  const perSession = Math.ceil(spec.messages / spec.sessions);
  const start = Date.parse('2026-06-01T00:00:00Z');
  const span = 180 * 86_400_000;
  let bytes = 0;
  let lines = 0;
  let written = 0;
  for (let s = 0; s < spec.sessions && written < spec.messages; s++) {
    const project = s % spec.projects;
    const cwd = `/home/dev/code/project-${project}`;
    const session = `${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`;
    const dir = join(root, 'projects', cwd.replace(/[/.]/g, '-'));
    await mkdir(dir, { recursive: true });
    const out = createWriteStream(join(dir, `${session}.jsonl`));
    let buffer = `${JSON.stringify({ type: 'summary', summary: text(6), leafUuid: hex(32) })}\n`;
    let t = start + Math.floor(random() * span);
    const base = { isSidechain: false, userType: 'external', cwd, sessionId: session, version: '2.0.14', gitBranch: 'main' };
    for (let m = 0; m < perSession && written < spec.messages; m++, written++) {
      t += 2_000 + Math.floor(random() * 60_000);
      if (m % 40 === 0)
        buffer += `${JSON.stringify({ parentUuid: hex(36), ...base, type: 'user', message: { role: 'user', content: text(8 + Math.floor(random() * 30)) }, uuid: hex(36), timestamp: new Date(t).toISOString() })}\n`;
      let r = random();
      let model = MODELS[0][0];
      for (const [name, weight] of MODELS) {
        if (r < weight) {
          model = name;
          break;
        }
        r -= weight;
      }
      const synthetic = model === '<synthetic>';
      const write1h = random() < 0.2 ? Math.floor(random() * 3_000) : 0;
      const write5m = Math.floor(random() * 4_000);
      const usage = synthetic
        ? { input_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 0 }
        : {
            input_tokens: 1 + Math.floor(random() * 40),
            cache_creation_input_tokens: write5m + write1h,
            cache_read_input_tokens: Math.floor(random() * 120_000),
            cache_creation: { ephemeral_5m_input_tokens: write5m, ephemeral_1h_input_tokens: write1h },
            output_tokens: 1 + Math.floor(random() * 1_500),
            service_tier: 'standard',
          };
      const id = `msg_01${written.toString(36).padStart(6, '0')}${hex(16)}`;
      const requestId = `req_01${written.toString(36).padStart(6, '0')}${hex(16)}`;
      const sidechain = random() < 0.1;
      const copies = random() < 0.05 ? 2 : 1; // streamed: the same message once per content block
      for (let c = 0; c < copies; c++) {
        const content =
          c === 0 && copies === 2
            ? [{ type: 'text', text: text(3 + Math.floor(random() * 10)) }]
            : random() < 0.6
              ? [{ type: 'tool_use', id: `toolu_${hex(12)}`, name: pick(['Read', 'Edit', 'Bash', 'Grep']), input: { file_path: `src/${pick(WORDS)}.ts` } }]
              : [{ type: 'text', text: text(2 + Math.floor(random() * 6)) }];
        buffer += `${JSON.stringify({
          parentUuid: hex(36),
          ...base,
          isSidechain: sidechain,
          message: { id, type: 'message', role: 'assistant', model, content, stop_reason: c === copies - 1 ? 'tool_use' : null, stop_sequence: null, usage },
          requestId,
          type: 'assistant',
          uuid: hex(36),
          timestamp: new Date(t + c * 300).toISOString(),
        })}\n`;
      }
      if (random() < 0.08) {
        const size = random() < 0.05 ? 300 + Math.floor(random() * 600) : 3 + Math.floor(random() * 20);
        buffer += `${JSON.stringify({ parentUuid: hex(36), ...base, type: 'user', message: { role: 'user', content: [{ tool_use_id: `toolu_${hex(24)}`, type: 'tool_result', content: text(size) }] }, uuid: hex(36), timestamp: new Date(t + 900).toISOString() })}\n`;
      }
      if (buffer.length > 1 << 20) {
        bytes += Buffer.byteLength(buffer);
        lines += buffer.split('\n').length - 1;
        if (!out.write(buffer)) await once(out, 'drain');
        buffer = '';
      }
    }
    bytes += Buffer.byteLength(buffer);
    lines += buffer.split('\n').length - 1;
    out.end(buffer);
    await once(out, 'finish');
  }
  return { bytes, files: Math.min(spec.sessions, Math.ceil(spec.messages / perSession)), lines };
}
