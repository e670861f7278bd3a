import { OVERLAP_MODES, type OverlapMode } from '../core/sources/providers/overlap';
import { parseArgs } from 'node:util';
import { defaultPool } from '../core/engine/pool';
import { messageOf } from '../core/errors';
import { type Dimension } from '../core/model';
import { isCurrencyCode } from '../core/money';
import { unpricedRowIds } from '../core/unpriced';
import { DEFAULT_MAX_EXPORT_EVENTS, exportFromBackend } from '../core/backend/export';
import { MemoryBackend } from '../core/backend/memory';
import { EventLimitError, resolveBackendRange } from '../core/backend/types';
import { WarehouseConfigError } from '../core/sql/mapping';
import { TimeRangeError, validateRangeSpec } from '../core/time';
import { exportEventsChunks, type ExportBy, type ExportFormat } from '../core/exportUsage';
import { applyTeamMapping } from '../core/teams/mapping';
import { ClosedOutputError, OutputError, processStdout, writeFileAtomic } from './output';
import { renderReport } from './report';
import { terminalSafe } from './terminal';
import { reportJson } from './reportJson';
import { EXPORT_BY, parseFilters, parseNow, readBudgets, readTeams, zoneArg } from './args';
import { DataError, UsageError } from './errors';
import { HELP } from './help';
import { loadCliSources, type Loaded } from './sources';
import { namesInputs } from './inputArgs';

/** Runs the CLI; returns the exit code. Output goes through the given writers so tests can capture it. */
export async function main(
  argv: string[],
  io: { stdout: (text: string) => unknown; stderr: (line: string) => void; env?: NodeJS.ProcessEnv } = {
    stdout: processStdout(),
    stderr: (line) => process.stderr.write(line + '\n'),
  },
): Promise<number> {
  // Usage files are parsed in the engine's workers: start them now, so they boot while the arguments are read.
  if (namesInputs(argv)) defaultPool().start();
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
        overlap: { type: 'string' },
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
    const overlap = (values.overlap ?? 'bill') as OverlapMode;
    if (!OVERLAP_MODES.includes(overlap)) throw new UsageError(`--overlap "${String(values.overlap)}" is not one of ${OVERLAP_MODES.join(', ')}.`);
    let loaded: Loaded;
    if (sources.includes('postgres')) {
      if (inputs.length > 0 || sources.length > 1) throw new UsageError('Use --source postgres alone, without other sources or --input.');
      const { openPostgres, PostgresArgError } = await import('./postgresSource'); // pg only when asked for
      loaded = await openPostgres({
        table: values.table as string | undefined,
        connection: values.connection as string | undefined,
        map: (values.map as string[] | undefined) ?? [],
        rollup: values.rollup as string | undefined,
        rollupTz: values['rollup-tz'] === undefined ? undefined : zoneArg(values['rollup-tz'] as string),
        statementTimeout: values['statement-timeout'] as string | undefined,
      }).catch((error: unknown) => {
        throw error instanceof PostgresArgError ? new UsageError(error.message) : error;
      });
    } else {
      if (values.table !== undefined || values.connection !== undefined) throw new UsageError('--table and --connection go with --source postgres.');
      loaded = await loadCliSources(
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
        overlap,
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
        // Insights are loaded only by this command; through the backend: from the events in memory, or a database's grouped sums.
        const [{ forecastLine }, { insightList }] = await Promise.all([import('./insightText'), import('../core/insights/insightList')]);
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
