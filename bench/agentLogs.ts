/**
 * `npm run bench` (second part): this machine's Claude Code logs, loaded as the extension and the
 * CLI load them, against ccusage on the same tree. Generates 200,000 assistant messages (about
 * 160 MB of JSONL over 1,000 sessions in 40 projects), then times, alternating so both see the
 * same machine load, the whole `usage-explorer export --by day --source claude-code` process and
 * `ccusage claude daily --json --offline` (ccusage@20.0.24, installed on first use into a cache folder). Checks that both
 * count the same tokens, and prints a table.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAgentLogs } from '../src/core/sources/agentLogs/load';
import { writeClaudeTree } from './agentLogTree';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 200_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const ROOT = join(__dirname, '..');

interface Run {
  ms: number;
  stdout: string;
}

function timed(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'ignore'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve({ ms: performance.now() - t0, stdout }) : reject(new Error(`${command} exited ${code}`))));
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (x: number, digits = 2) => x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/**
 * ccusage's CLI, installed on first use into a cache folder beside the test harness's. It is not a
 * devDependency: its platform binaries are optional packages that a lock file made on one platform
 * does not list for the others, which would break `npm ci` elsewhere.
 */
function ensureCcusage(): string {
  const prefix = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'usage-explorer-bench', 'ccusage-20.0.24');
  const cli = join(prefix, 'node_modules', 'ccusage', 'src', 'cli.js');
  if (!existsSync(cli)) {
    const npm = spawnSync('npm', ['install', '--prefix', prefix, '--no-save', '--no-audit', '--no-fund', 'ccusage@20.0.24'], { stdio: 'inherit' });
    if (npm.status !== 0 || !existsSync(cli)) throw new Error(`could not install ccusage@20.0.24 into ${prefix}`);
  }
  return cli;
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'usage-bench-agent-'));
  try {
    const tree = await writeClaudeTree(dir, { messages: MESSAGES, projects: 40, sessions: 1_000 });
    const env = { CLAUDE_CONFIG_DIR: dir, HOME: join(dir, 'no-home'), TZ: 'UTC' };
    const ours = [join(ROOT, 'dist', 'cli.js'), 'export', '--by', 'day', '--source', 'claude-code', '--range', 'all', '--format', 'json', '--user', 'bench'];
    const ccusage = [ensureCcusage(), 'claude', 'daily', '--json', '--offline'];
    const oursMs: number[] = [];
    const theirsMs: number[] = [];
    let theirs = '';
    for (let round = 0; round < ROUNDS; round++) {
      // Alternate who goes first, so neither always meets a warmer or busier machine.
      const first = round % 2 === 0;
      if (first) oursMs.push((await timed(process.execPath, ours, env)).ms);
      const other = await timed(process.execPath, ccusage, env);
      theirsMs.push(other.ms);
      theirs = other.stdout;
      if (!first) oursMs.push((await timed(process.execPath, ours, env)).ms);
    }

    const t0 = performance.now();
    const load = await loadAgentLogs('claude-code', { env, home: env.HOME, user: { id: 'bench', name: 'bench' } });
    const loadMs = performance.now() - t0;
    const sums = { input: 0, cacheRead: 0, cacheWrite: 0, output: 0 };
    for (const e of load.events) {
      sums.input += e.inputTokens ?? 0;
      sums.cacheRead += e.cacheReadTokens ?? 0;
      sums.cacheWrite += e.cacheWriteTokens ?? 0;
      sums.output += e.outputTokens ?? 0;
    }
    const days = (JSON.parse(theirs) as { daily: { inputTokens: number; cacheReadTokens: number; cacheCreationTokens: number; outputTokens: number }[] }).daily;
    const theirSums = { input: 0, cacheRead: 0, cacheWrite: 0, output: 0 };
    for (const d of days) {
      theirSums.input += d.inputTokens;
      theirSums.cacheRead += d.cacheReadTokens;
      theirSums.cacheWrite += d.cacheCreationTokens;
      theirSums.output += d.outputTokens;
    }
    const agree = JSON.stringify(sums) === JSON.stringify(theirSums);
    if (!agree) console.error(`token counts differ: ours ${JSON.stringify(sums)}, ccusage ${JSON.stringify(theirSums)}`);

    const mib = tree.bytes / 1024 / 1024;
    const rows: [string, string][] = [
      [
        'log tree',
        `${tree.files.toLocaleString('en-US')} sessions, ${tree.lines.toLocaleString('en-US')} lines, ${fmt(mib, 1)} MiB; ${load.events.length.toLocaleString('en-US')} requests after de-duplication`,
      ],
      [
        '`usage-explorer export --by day --source claude-code` (whole process)',
        `${fmt(median(oursMs) / 1000)} s median (${oursMs.map((ms) => fmt(ms / 1000)).join(', ')})`,
      ],
      [
        '`ccusage claude daily --json --offline` (whole process)',
        `${fmt(median(theirsMs) / 1000)} s median (${theirsMs.map((ms) => fmt(ms / 1000)).join(', ')})`,
      ],
      ['ratio (ccusage / ours)', `${fmt(median(theirsMs) / median(oursMs))}x`],
      ['load in process (read, de-duplicate, price)', `${fmt(loadMs / 1000)} s · ${fmt(mib / (loadMs / 1000), 0)} MiB/s`],
      ['tokens equal to ccusage’s (input, cache read, cache write, output)', agree ? 'yes' : 'NO'],
    ];
    const w0 = Math.max(...rows.map((r) => r[0].length));
    console.log(`\nAgent logs vs ccusage@20.0.24 · node ${process.version} · ${ROUNDS} alternating rounds\n`);
    console.log(`| ${'measure'.padEnd(w0)} | measured |`);
    console.log(`| ${'-'.repeat(w0)} | -------- |`);
    for (const [a, b] of rows) console.log(`| ${a.padEnd(w0)} | ${b} |`);
    if (!agree) process.exitCode = 1;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
