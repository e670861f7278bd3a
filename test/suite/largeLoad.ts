// A large usage file for the extension-host load tests, written in slices (awaiting the stream)
// so writing it does not freeze the host the probe is measuring.
import * as fs from 'node:fs';
import { once } from 'node:events';

const WORKERS = 40;
const USERS = 2_000;
const MODELS = ['gpt-4o', 'gpt-4o-mini', 'claude-sonnet-4', 'claude-3-5-haiku', 'gemini-2.5-flash', 'o3', 'gpt-4.1', 'mistral-large'];
const START = Date.UTC(2026, 5, 1);
const HOUR = 3_600_000;

export interface LargeFile {
  rows: number;
  bytes: number;
  runs: number;
  costMicros: number;
}

/** Writes `rows` usage rows without token columns (about 83 bytes each, as the file) to `path`; returns what the file holds. */
export async function writeLargeUsageFile(path: string, rows: number): Promise<LargeFile> {
  const out = fs.createWriteStream(path);
  out.write('timestamp,worker,user,model,runs,cost,id\n');
  let runs = 0;
  let costMicros = 0;
  const slice = 20_000;
  for (let start = 0; start < rows; start += slice) {
    const lines: string[] = [];
    for (let i = start; i < Math.min(rows, start + slice); i++) {
      const r = 1 + (i % 3);
      const micros = 1_000 + ((i * 7919) % 900_000);
      runs += r;
      costMicros += micros;
      const t = `${new Date(START + Math.floor((i * 4 * HOUR) / 1_000)).toISOString().slice(0, 19)}Z`;
      lines.push(`${t},worker-${i % WORKERS},user-${(i * 31) % USERS}@example.com,${MODELS[i % MODELS.length]},${r},${(micros / 1e6).toFixed(6)},r${i}\n`);
    }
    const text = lines.join('');
    if (!out.write(text)) await once(out, 'drain');
    // Let the host breathe between slices.
    await new Promise((resolve) => setImmediate(resolve));
  }
  out.end();
  await once(out, 'finish');
  return { rows, bytes: fs.statSync(path).size, runs, costMicros };
}

/**
 * Ticks every 5 ms on the extension host's event loop and keeps the longest gap between ticks:
 * any synchronous work on the host's main thread shows up as a gap that long.
 */
export function startProbe(): { stop(): { longestGapMs: number; ticks: number } } {
  let last = performance.now();
  let longest = 0;
  let ticks = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
    ticks++;
  }, 5);
  return {
    stop() {
      clearInterval(timer);
      longest = Math.max(longest, performance.now() - last);
      return { longestGapMs: Math.round(longest), ticks };
    },
  };
}
