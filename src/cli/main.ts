import { readFile, realpath } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { messageOf } from '../core/errors';
import { isDimension, type Dimension } from '../core/model';
import { isCurrencyCode } from '../core/money';
import { type Filter } from '../core/query';
import { unpricedRowIds } from '../core/unpriced';
import { DEFAULT_MAX_EXPORT_EVENTS, exportFromBackend } from '../core/backend/export';
import { MemoryBackend } from '../core/backend/memory';
import { EventLimitError, resolveBackendRange, type UsageBackend } from '../core/backend/types';
import { WarehouseConfigError } from '../core/sql/mapping';
import { beginSegment, takeSegment } from '../core/engine/segment';
import { loadSegments, mergeFileSegments, type FileSegments } from '../core/engine/loadUsage';
import { StoreBuilder, type StoreSource } from '../core/store';
import { loadDemo } from '../core/sources/demo';
import { undecodableWarning } from '../core/sources/files/decode';
import { TimeRangeError, normalizeTimeZone, RANGE_PRESETS, validateRangeSpec } from '../core/time';
import { exportEventsChunks, type ExportBy, type ExportFormat } from '../core/exportUsage';
import { parseBudgets, type Budget } from '../core/insights/budgets';
import { insightList } from '../core/insights/insightList';
import { applyTeamMapping, parseTeamMapping, type TeamMapping } from '../core/teams/mapping';
import { openPostgres, PostgresArgError } from './postgresSource';
import { parseTimestamp } from '../core/parse';
import { ClosedOutputError, OutputError, processStdout, writeFileAtomic } from './output';
import { forecastLine } from './insightText';
import { renderReport } from './report';
import { ProviderSetupError, isProviderKind, loadProviderForCli, type CliProviderOptions } from './providerSource';
import { terminalSafe } from './terminal';
import { reportJson } from './reportJson';
import { AgentLogSetupError, isAgentLogKind, loadAgentLogsForCli } from './agentLogSource';

/** A mistake in how the command was called: exit 1 with a hint. */
class UsageError extends Error {}
/** Data that could not be read: exit 2. */
class DataError extends Error {}

const HELP = `usage-explorer: AI workspace usage and spend, from the same engine as the VS Code extension.

Usage:
  usage-explorer report [--source demo|openai|anthropic|claude-code|codex...] [--input FILE...
                        | --source postgres --table T] [--range R] [--tz ZONE] [--format text|json]
                        [--budgets FILE] [--teams FILE]
  usage-explorer export --by worker|user|model|team|day|event [--source demo|openai|anthropic|claude-code|codex...]
                        [--input FILE... | --source postgres --table T] [--range R] [--tz ZONE]
                        [--filter worker=ID|user=ID|model=ID|team=NAME] [--teams FILE]
                        [--format csv|json] [--out FILE]

Options:
  --input FILE     a usage file (.csv, .json, .ndjson); repeat for several. Default: demo data
  --source demo    the built-in demo workspace; with --input, shown together in one view
  --source openai  an OpenAI organisation's usage and bill (OPENAI_ADMIN_KEY, USAGE_EXPLORER_OPENAI_BASE_URL)
  --source anthropic  an Anthropic organisation's (ANTHROPIC_ADMIN_KEY, USAGE_EXPLORER_ANTHROPIC_BASE_URL)
  --cache DIR      keep the providers' fetched days in DIR; later runs fetch only the last two days and new ones
  --source claude-code  this machine's Claude Code logs (CLAUDE_CONFIG_DIR, else ~/.claude and ~/.config/claude)
  --source codex   this machine's Codex CLI logs (CODEX_HOME, else ~/.codex); spend is estimated at list prices
  --user NAME      who agent-log requests are counted for (default: git config user.email, else the OS user)
  --history DIR    keep the agent-log requests seen in DIR, so they outlive the logs (Claude Code deletes old ones)
  --source postgres  a PostgreSQL table or view, aggregated in the database; connects with
                   --connection URL or the PG* environment (PGHOST, PGPORT, PGUSER, PGPASSWORD,
                   PGDATABASE, PGSSLMODE)
  --table NAME     the table or view of usage events (name or schema.name)
  --map F=COLUMN   a column not named as in usage files, e.g. --map cost=amount_usd; repeatable
  --rollup NAME    a daily rollup table or materialized view, used for ranges in --rollup-tz (UTC)
  --statement-timeout S  seconds a statement may run (default 30)
  --max-events N   most events an events export reads from the database (default 100000)
  --range R        ${RANGE_PRESETS.map((p) => p.id).join(', ')}, or YYYY-MM-DD..YYYY-MM-DD (default 30d)
  --tz ZONE        UTC (default), local, or an IANA zone such as Europe/Berlin
  --currency CODE  the workspace currency for display (default USD)
  --now ISO        the instant taken as "now": presets, forecast and partial days (reproducible output)
  --teams FILE     JSON mapping of teams to user and worker patterns, as usageExplorer.teams
  --budgets FILE   JSON list of monthly budgets, as usageExplorer.budgets (report)
  --help           this text

Exit codes: 0 success, 1 usage error, 2 data error.
`;

interface Loaded {
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
async function load(
  inputs: string[],
  sources: string[],
  now: number | undefined,
  stderr: (line: string) => void,
  provider: Omit<CliProviderOptions, 'stderr'>,
  agent: { user?: string; historyDir?: string },
): Promise<Loaded> {
  for (const source of sources) {
    if (source !== 'demo' && !isProviderKind(source) && !isAgentLogKind(source)) {
      throw new UsageError(`Unknown --source "${source}"; use --source demo|openai|anthropic|claude-code|codex|postgres or --input FILE.`);
    }
  }
  const agentKinds = [...new Set(sources.filter(isAgentLogKind))];
  if (agent.historyDir !== undefined && agentKinds.length === 0)
    throw new UsageError('--history keeps agent logs: use it with --source claude-code or --source codex.');
  await warnRepeatedFiles(inputs, stderr);
  const files: FileSegments[] = [];
  const labels: string[] = [];
  // Provider organisations: each a source of its own, as one segment.
  for (const kind of new Set(sources.filter(isProviderKind))) {
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

function parseFilters(values: string[]): Filter[] {
  const filters = values.map((value): Filter => {
    const m = /^([a-z]+)=(.+)$/.exec(value);
    if (!m || !isDimension(m[1])) throw new UsageError(`--filter "${value}" must look like worker=ID, user=ID, model=ID or team=NAME.`);
    return { dimension: m[1], id: m[2] };
  });
  for (const [i, f] of filters.entries()) {
    if (filters.findIndex((g) => g.dimension === f.dimension) !== i) {
      throw new UsageError(`--filter ${f.dimension}= is given more than once; a view narrows each of worker, user and model to one id.`);
    }
  }
  return filters;
}

function parseNow(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  // An ISO 8601 date or date-time (no offset: UTC) in years 0001..9999; not a bare number.
  const t = /^\s*\d{4}-\d{2}-\d{2}/.test(value) ? parseTimestamp(value) : undefined;
  if (t === undefined) throw new UsageError(`--now "${value}" is not an ISO 8601 date or instant such as 2026-11-26T12:00:00Z.`);
  return t;
}

async function readJsonFile(path: string, option: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new DataError(`${option} ${path}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new DataError(`${option} ${path}: not valid JSON (${(error as Error).message}).`);
  }
}

async function readTeams(path: string): Promise<TeamMapping> {
  const { mapping, errors } = parseTeamMapping(await readJsonFile(path, '--teams'));
  if (errors.length > 0) throw new DataError(`--teams ${path}: ${errors.join(' ')}`);
  return mapping;
}

async function readBudgets(path: string): Promise<Budget[]> {
  const { budgets, errors } = parseBudgets(await readJsonFile(path, '--budgets'));
  if (errors.length > 0) throw new DataError(`--budgets ${path}: ${errors.join(' ')}`);
  return budgets;
}

function zoneArg(value: string): string {
  try {
    return normalizeTimeZone(value);
  } catch (error) {
    throw new UsageError(messageOf(error));
  }
}

const EXPORT_BY: readonly ExportBy[] = ['worker', 'user', 'model', 'team', 'day', 'event'];

/** Runs the CLI; returns the exit code. Output goes through the given writers so tests can capture it. */
export async function main(
  argv: string[],
  io: { stdout: (text: string) => unknown; stderr: (line: string) => void; env?: NodeJS.ProcessEnv } = {
    stdout: processStdout(),
    stderr: (line) => process.stderr.write(line + '\n'),
  },
): Promise<number> {
  // Everything said on standard error is one terminal-safe line (names come from other people's files).
  const stderr = (line: string): void => io.stderr(terminalSafe(line));
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        input: { type: 'string', multiple: true, short: 'i' },
        source: { type: 'string', multiple: true },
        range: { type: 'string', short: 'r', default: '30d' },
        tz: { type: 'string', default: 'UTC' },
        currency: { type: 'string', default: 'USD' },
        now: { type: 'string' },
        by: { type: 'string' },
        filter: { type: 'string', multiple: true },
        format: { type: 'string' },
        teams: { type: 'string' },
        budgets: { type: 'string' },
        out: { type: 'string', short: 'o' },
        top: { type: 'string' },
        table: { type: 'string' },
        connection: { type: 'string' },
        map: { type: 'string', multiple: true },
        rollup: { type: 'string' },
        'rollup-tz': { type: 'string' },
        'statement-timeout': { type: 'string' },
        'max-events': { type: 'string' },
        cache: { type: 'string' },
        user: { type: 'string' },
        history: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }) as { values: Record<string, string | string[] | boolean | undefined>; positionals: string[] };
    const command = positionals[0];
    if (values.help || command === 'help') {
      io.stdout(HELP);
      return 0;
    }
    if (command !== 'report' && command !== 'export') {
      throw new UsageError(command ? `Unknown command "${command}"; use report or export.` : 'Missing command; use report or export.');
    }
    if (positionals.length > 1) throw new UsageError(`Unexpected argument "${positionals[1]}".`);
    const currency = String(values.currency).toUpperCase();
    if (!isCurrencyCode(currency)) throw new UsageError(`--currency "${String(values.currency)}" is not an ISO 4217 code such as USD or EUR.`);
    const timeZone = zoneArg(values.tz as string);
    const now = parseNow(values.now as string | undefined);
    const filters = parseFilters((values.filter as string[] | undefined) ?? []);

    let by: ExportBy | undefined;
    let format: ExportFormat = 'csv';
    if (command === 'export') {
      by = values.by as ExportBy | undefined;
      if (by === undefined) throw new UsageError(`export needs --by ${EXPORT_BY.join('|')}.`);
      if (!EXPORT_BY.includes(by)) throw new UsageError(`--by "${by}" is not one of ${EXPORT_BY.join(', ')}.`);
      format = (values.format ?? 'csv') as ExportFormat;
      if (format !== 'csv' && format !== 'json') throw new UsageError(`--format "${String(values.format)}" is not csv or json.`);
    } else if (values.format !== undefined && values.format !== 'text' && values.format !== 'json') {
      throw new UsageError(`--format "${String(values.format)}" is not text or json.`);
    }
    const teams = values.teams === undefined ? undefined : await readTeams(values.teams as string);
    const budgets = values.budgets === undefined ? [] : await readBudgets(values.budgets as string);

    const rangeProblem = validateRangeSpec(values.range as string);
    if (rangeProblem) throw new UsageError(rangeProblem);
    const inputs = (values.input as string[] | undefined) ?? [];
    const top = values.top === undefined ? 5 : Number(values.top);
    if (command === 'report' && (!Number.isInteger(top) || top < 1)) throw new UsageError('--top must be a whole number of at least 1.');
    const maxEvents = values['max-events'] === undefined ? undefined : Number(values['max-events']);
    if (maxEvents !== undefined && (!Number.isInteger(maxEvents) || maxEvents < 1)) throw new UsageError('--max-events must be a whole number of at least 1.');
    const sources = (values.source as string[] | undefined) ?? [];
    let loaded: Loaded;
    if (sources.includes('postgres')) {
      if (inputs.length > 0 || sources.length > 1) throw new UsageError('Use --source postgres alone, without other sources or --input.');
      loaded = await openPostgres({
        table: values.table as string | undefined,
        connection: values.connection as string | undefined,
        map: (values.map as string[] | undefined) ?? [],
        rollup: values.rollup as string | undefined,
        rollupTz: values['rollup-tz'] === undefined ? undefined : zoneArg(values['rollup-tz'] as string),
        statementTimeout: values['statement-timeout'] as string | undefined,
      });
    } else {
      if (values.table !== undefined || values.connection !== undefined) throw new UsageError('--table and --connection go with --source postgres.');
      loaded = await load(
        inputs,
        sources,
        now,
        stderr,
        {
          range: values.range as string,
          timeZone,
          now,
          cacheDir: values.cache as string | undefined,
          env: io.env ?? process.env,
        },
        { user: values.user as string | undefined, historyDir: values.history as string | undefined },
      );
    }
    if (teams) {
      if (!(loaded.backend instanceof MemoryBackend)) {
        await loaded.backend.close();
        throw new UsageError('--teams works with usage files and demo data, not --source postgres.');
      }
      loaded = { ...loaded, backend: new MemoryBackend(applyTeamMapping(loaded.backend.store, teams)) };
    }
    try {
      let range;
      try {
        range = await resolveBackendRange(loaded.backend, values.range as string, { timeZone, now });
      } catch (error) {
        if (error instanceof TimeRangeError) throw new UsageError(error.message);
        throw error;
      }
      if (command === 'report') {
        const view = await loaded.backend.view(range, filters);
        // Insights through the backend: from the events in memory, or from a database's grouped sums.
        const insights = await loaded.backend.insights(range, { now, filters, budgets });
        if (values.format === 'json') await io.stdout(reportJson(view, insights, currency));
        else {
          const extra = insights ? { forecast: forecastLine(insights.forecast, currency), insights: insightList(insights, view.tables) } : {};
          await io.stdout(renderReport(view, { currency, sourceLabel: loaded.label, top, estimated: loaded.unpricedModels !== undefined, ...extra }));
        }
        return 0;
      }
      const unpricedRows =
        loaded.unpricedModels && loaded.backend instanceof MemoryBackend && by !== 'event' && by !== 'day'
          ? unpricedRowIds(loaded.backend.store, range, filters, by as Dimension, loaded.unpricedModels)
          : undefined;
      const request = { by: by as ExportBy | Dimension, format, range, filters, currency, unpricedRows };
      // Events are written in pieces (any number fits); tables and days are one piece.
      const chunks: Iterable<string> =
        request.by === 'event'
          ? exportEventsChunks(await loaded.backend.events(range, filters, { maxEvents: maxEvents ?? DEFAULT_MAX_EXPORT_EVENTS }), request)
          : [await exportFromBackend(loaded.backend, request, { maxEvents })];
      if (values.out) await writeFileAtomic(values.out as string, chunks);
      else for (const chunk of chunks) await io.stdout(chunk);
      return 0;
    } finally {
      await loaded.backend.close();
    }
  } catch (error) {
    // A reader that stopped early (`| head -1`) got what it wanted.
    if (error instanceof ClosedOutputError) return 0;
    if (error instanceof PostgresArgError) {
      stderr(`usage-explorer: ${error.message}`);
      stderr('Run "usage-explorer --help" for usage.');
      return 1;
    }
    if (error instanceof WarehouseConfigError || error instanceof EventLimitError) {
      stderr(`usage-explorer: ${error.message}${error instanceof EventLimitError ? ' (--max-events N)' : ''}`);
      return 2;
    }
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      stderr(`usage-explorer: ${messageOf(error)}`);
      stderr('Run "usage-explorer --help" for usage.');
      return 1;
    }
    if (error instanceof DataError || error instanceof OutputError) {
      stderr(`usage-explorer: ${error.message}`);
      return 2;
    }
    stderr(`usage-explorer: ${messageOf(error).split('\n')[0]}`);
    return 2;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
