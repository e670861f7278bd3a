/**
 * The SQL backend for PostgreSQL and the engines that speak its protocol: a view is a handful of
 * grouped queries; only aggregates cross the wire (the events export reads through a cursor, up
 * to a limit). Sessions are read-only with a statement timeout, at most two at a time.
 */
import pg from 'pg';
import Cursor from 'pg-cursor';
import { NO_TEAM_NAME, type Dimension, type UsageEvent } from '../model';
import { type InsightOptions, type Insights } from '../insights/insights';
import { byFirstSeen } from '../insights/newModels';
import { type Filter, type UsageView } from '../query';
import { type UsageStore } from '../store';
import { StoreBuilder } from '../storeBuilder';
import { dayOf, daySpan, parseDay, startOfDay, type DaySpan, type ResolvedRange } from '../time';
import {
  abortError,
  EventLimitError,
  throwIfAborted,
  type DrillDownResult,
  type EntityDailySeries,
  type EventQueryOptions,
  type QueryOptions,
  type UsageBackend,
} from '../backend/types';
import { drillDownThrough } from '../backend/drillDown';
import { assembleEntityDaily, assembleView, effectiveFilters, type DayRow, type DimensionRow } from './assemble';
import { DATE_TYPES, describeRelation, fieldExpressions, qualifiedName, quoteIdent, resolveColumns, type SqlColumnMapping } from './mapping';
import {
  dailyQuery,
  dayCubeQuery,
  DailyRollup,
  entityDailyQuery,
  EventTable,
  eventsQuery,
  modelFirstSeenQuery,
  countEventsQuery,
  extentQuery,
  tablesQuery,
  type SqlSource,
  type SqlText,
} from './queries';

export interface PostgresOptions {
  /** A libpq-style URL (`postgresql://…?sslmode=require`); without it the PG* environment applies. */
  connectionString?: string;
  /** Table or view of usage events: `name` (search path) or `schema.name`. */
  table: string;
  /** Column names for fields whose column is not named as in usage files. */
  mapping?: SqlColumnMapping;
  /** A daily rollup (table or materialized view) used for ranges in its zone. */
  rollup?: { table: string; dayColumn?: string; timeZone?: string };
  /** Per statement, default 30 s. */
  statementTimeoutMs?: number;
  /** Sessions at most (1 or 2, default 2). */
  maxConnections?: number;
  /** Seen in pg_stat_activity. */
  applicationName?: string;
}

export const DEFAULT_STATEMENT_TIMEOUT_MS = 30_000;

type Row = Record<string, unknown>;

/** A cancel request for the statement a session is running (a protocol message on its own short connection, not a session). */
function sendCancel(client: pg.PoolClient): void {
  const c = client as unknown as { processID: number; secretKey: number; connectionParameters: { host: string; port: number } };
  const connection = new pg.Connection() as unknown as {
    connect(port: number, host: string): void;
    cancel(processID: number, secretKey: number): void;
    on(event: string, listener: (...args: unknown[]) => void): void;
    end(): void;
  };
  connection.on('error', () => {});
  connection.on('connect', () => connection.cancel(c.processID, c.secretKey));
  connection.connect(c.connectionParameters.port, c.connectionParameters.host);
}

/** An event from a row of eventsQuery or dayCubeQuery. */
function rowEvent(r: Row, timestamp: number): UsageEvent {
  return {
    timestamp,
    workerId: String(r.worker_id),
    workerName: String(r.worker_name),
    userId: String(r.user_id),
    userName: String(r.user_name),
    model: String(r.model),
    runs: Number(r.runs),
    costMicros: Number(r.spend),
    ...(typeof r.team === 'string' && r.team !== NO_TEAM_NAME ? { team: r.team } : {}),
  };
}

function socketBytes(client: pg.PoolClient): number {
  return (client as unknown as { connection?: { stream?: { bytesRead?: number } } }).connection?.stream?.bytesRead ?? 0;
}

export class PostgresBackend implements UsageBackend {
  readonly kind = 'postgres';
  readonly notes: readonly string[] = [];
  private readonly prepared = new WeakSet<pg.PoolClient>();
  /** Bytes read by sessions already closed; open ones are read from their sockets. */
  private closedBytes = 0;
  private readonly sessions = new Set<pg.PoolClient>();

  private constructor(
    private readonly pool: pg.Pool,
    private readonly timeoutMs: number,
    readonly eventTable: EventTable,
    private readonly extra: { input?: string; output?: string; id?: string; team?: string },
    readonly rollup: DailyRollup | undefined,
    /** `schema.name` of the event table, for messages. */
    readonly tableName: string,
  ) {}

  /** Connects, finds the table (and rollup) and checks the column mapping against their real columns. */
  static async open(options: PostgresOptions): Promise<PostgresBackend> {
    const timeoutMs = options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS;
    if (!Number.isInteger(timeoutMs) || timeoutMs < 0) throw new RangeError('The statement timeout must be a whole number of milliseconds.');
    const pool = new pg.Pool({
      connectionString: options.connectionString,
      max: Math.min(2, Math.max(1, options.maxConnections ?? 2)),
      idleTimeoutMillis: 30_000,
      application_name: options.applicationName ?? 'usage-explorer',
    });
    pool.on('error', () => {}); // an idle session dropped by the server; the next query reconnects
    const placeholder = new PostgresBackend(pool, timeoutMs, undefined as never, {}, undefined, '');
    try {
      const query = (text: string, values: unknown[]) => placeholder.rows({ text, values });
      const relation = await describeRelation(query, options.table);
      const columns = resolveColumns(relation, options.mapping ?? {}, ['timestamp', 'cost']);
      const eventTable = new EventTable(
        qualifiedName(relation),
        fieldExpressions(columns),
        quoteIdent(columns.timestamp!),
        relation.columns.get(columns.timestamp!) === 'timestamp with time zone',
      );
      const tokens = {
        input: columns.inputTokens ? quoteIdent(columns.inputTokens) : undefined,
        output: columns.outputTokens ? quoteIdent(columns.outputTokens) : undefined,
        id: columns.id ? quoteIdent(columns.id) : undefined,
        team: columns.team ? quoteIdent(columns.team) : undefined,
      };
      let rollup: DailyRollup | undefined;
      if (options.rollup?.table) {
        const rel = await describeRelation(query, options.rollup.table);
        const dayColumn = options.rollup.dayColumn ?? 'day';
        const rollupColumns = resolveColumns(rel, { ...options.mapping, timestamp: dayColumn }, ['timestamp', 'cost'], DATE_TYPES);
        rollup = new DailyRollup(qualifiedName(rel), fieldExpressions(rollupColumns), quoteIdent(dayColumn), options.rollup.timeZone ?? 'UTC');
      }
      return new PostgresBackend(pool, timeoutMs, eventTable, tokens, rollup, `${relation.schema}.${relation.name}`);
    } catch (error) {
      await pool.end().catch(() => {});
      throw error;
    }
  }

  /** A session from the pool, made read-only with the statement timeout on first use. */
  private async acquire(): Promise<pg.PoolClient> {
    const client = await this.pool.connect();
    if (!this.prepared.has(client)) {
      this.sessions.add(client);
      client.once('end', () => {
        this.closedBytes += socketBytes(client);
        this.sessions.delete(client);
      });
      try {
        await client.query(`SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY; SET statement_timeout = ${this.timeoutMs}`);
        this.prepared.add(client);
      } catch (error) {
        client.release(error as Error);
        throw error;
      }
    }
    return client;
  }

  /** Runs one statement; an abort sends the server a cancel request and rejects with an AbortError. */
  private async rows<T = Row>(sql: SqlText, signal?: AbortSignal): Promise<T[]> {
    throwIfAborted(signal);
    const client = await this.acquire();
    const onAbort = () => sendCancel(client);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      throwIfAborted(signal);
      const result = await client.query(sql.text, sql.values);
      return result.rows as T[];
    } catch (error) {
      if (signal?.aborted) throw abortError();
      throw error;
    } finally {
      signal?.removeEventListener('abort', onAbort);
      // After a cancel request the session is dropped: a late cancel must not hit its next statement.
      client.release(signal?.aborted === true);
    }
  }

  /** Day-granular queries read the rollup when it was cut in the range's zone. */
  private source(range: ResolvedRange): SqlSource {
    return this.rollup && this.rollup.timeZone === range.timeZone ? this.rollup : this.eventTable;
  }

  /** Whether a range is answered from the rollup. */
  usesRollup(range: ResolvedRange): boolean {
    return this.source(range) === this.rollup;
  }

  async extent(options: QueryOptions = {}): Promise<{ first: number; last: number } | undefined> {
    const source = this.rollup ?? this.eventTable;
    const [row] = await this.rows<{ first: string | number | null; last: string | number | null }>(extentQuery(source), options.signal);
    if (row.first === null || row.last === null) return undefined;
    if (source === this.rollup) {
      const first = startOfDay(parseDay(String(row.first))!, this.rollup.timeZone);
      const last = startOfDay(parseDay(String(row.last))! + 1, this.rollup.timeZone) - 1;
      return { first, last };
    }
    return { first: Number(row.first), last: Number(row.last) };
  }

  private dimensions(range: ResolvedRange, filters: readonly Filter[], signal?: AbortSignal): Promise<DimensionRow[]> {
    return this.rows<DimensionRow>(tablesQuery(this.source(range), range, filters), signal);
  }

  async view(range: ResolvedRange, filters: readonly Filter[] = [], options: QueryOptions = {}): Promise<UsageView> {
    const effective = effectiveFilters(filters);
    const [dims, days] = await Promise.all([
      this.dimensions(range, effective, options.signal),
      this.rows<DayRow>(dailyQuery(this.source(range), range, effective), options.signal),
    ]);
    return assembleView(range, filters, dims, days);
  }

  async drillDown(
    range: ResolvedRange,
    dimension: Dimension,
    id: string,
    filters: readonly Filter[] = [],
    options: QueryOptions = {},
  ): Promise<DrillDownResult> {
    return drillDownThrough(dimension, id, filters, async (narrowed) =>
      assembleView(range, narrowed, await this.dimensions(range, effectiveFilters(narrowed), options.signal), []),
    );
  }

  async entityDaily(range: ResolvedRange, dimension: Dimension, filters: readonly Filter[] = [], options: QueryOptions = {}): Promise<EntityDailySeries> {
    const rows = await this.rows<DayRow>(entityDailyQuery(this.source(range), dimension, range, effectiveFilters(filters)), options.signal);
    return assembleEntityDaily(range, dimension, rows);
  }

  async events(range: ResolvedRange, filters: readonly Filter[], options: EventQueryOptions): Promise<UsageStore> {
    const builder = new StoreBuilder();
    await this.streamEvents(range, filters, {
      signal: options.signal,
      onEvents: (events) => {
        if (builder.count + events.length > options.maxEvents) throw new EventLimitError(options.maxEvents);
        builder.addAll(events);
      },
    });
    return builder.build();
  }

  /**
   * The engine's insights from grouped queries: the table's usage summed per day (in the range's
   * zone; from the rollup when cut in that zone), worker, user, model and team over all its days,
   * and each model's first event. Equal to the in-memory engine's on the same events.
   */
  async insights(range: ResolvedRange, options: InsightOptions & QueryOptions = {}): Promise<Insights> {
    const zone = range.timeZone;
    // Loaded on first use (the CLI loads insights only for report).
    const { computeInsights } = await import('../insights/insights');
    const extent = await this.extent({ signal: options.signal });
    if (!extent) return computeInsights(new StoreBuilder().build(), range, options);
    const today = dayOf(options.now ?? Date.now(), zone);
    const span = daySpan(Math.min(dayOf(extent.first, zone), range.previous.firstDay), Math.max(dayOf(extent.last, zone), range.current.lastDay, today), zone);
    const [cube, models] = await Promise.all([
      this.dayCube(span, zone, { signal: options.signal }),
      this.rows<{ id: string; name: string; first: number }>(modelFirstSeenQuery(this.eventTable), options.signal),
    ]);
    const insights = computeInsights(cube, range, options);
    // The day sums put every event at its day's start: a model's first use comes from the events.
    const newModels = models
      .map((m) => ({ id: String(m.id), name: String(m.name), firstSeen: Number(m.first) }))
      .filter((m) => m.firstSeen >= range.current.from && m.firstSeen < range.current.to)
      .sort(byFirstSeen);
    return { ...insights, newModels };
  }

  /** How many events the range and filters hold (what an events export would read). */
  async countEvents(range: ResolvedRange, filters: readonly Filter[], options: QueryOptions = {}): Promise<number> {
    const [row] = await this.rows<{ n: string }>(countEventsQuery(this.eventTable, range, effectiveFilters(filters)), options.signal);
    return Number(row.n);
  }

  /**
   * The events of the range and filters, oldest first, through a server-side cursor: `onEvents`
   * gets them a batch at a time and the next batch is read only after it returns (or its promise
   * settles), so a slow writer holds back the reading. `limit` stops after that many events.
   */
  async streamEvents(
    range: ResolvedRange,
    filters: readonly Filter[],
    options: QueryOptions & { limit?: number; onEvents: (events: UsageEvent[]) => void | Promise<void> },
  ): Promise<number> {
    const sql = eventsQuery(this.eventTable, this.extra, range, effectiveFilters(filters));
    let count = 0;
    const limit = options.limit ?? Infinity;
    await this.stream(sql, options.signal, async (batch) => {
      const events = batch.slice(0, Math.max(0, limit - count)).map((r) => ({
        ...rowEvent(r, Number(r.t)),
        inputTokens: r.input_tokens === null ? undefined : Number(r.input_tokens),
        outputTokens: r.output_tokens === null ? undefined : Number(r.output_tokens),
        team: typeof r.team === 'string' ? r.team : undefined,
      }));
      count += events.length;
      if (events.length > 0) await options.onEvents(events);
      return count < limit;
    });
    return count;
  }

  /**
   * The span's usage summed per day (in the zone), worker, user and model, as a store with one
   * event per group at the day's start: views of whole-day ranges inside the span, in that zone,
   * computed from it in memory equal the SQL backend's (for hosts that read a store).
   */
  async dayCube(span: DaySpan, timeZone: string, options: QueryOptions & { onRows?: (rows: number) => void } = {}): Promise<UsageStore> {
    const source = this.rollup && this.rollup.timeZone === timeZone ? this.rollup : this.eventTable;
    const builder = new StoreBuilder(64 * 1024);
    await this.stream(dayCubeQuery(source, span, timeZone), options.signal, (batch) => {
      for (const r of batch) builder.add(rowEvent(r, startOfDay(parseDay(String(r.day))!, timeZone)));
      options.onRows?.(builder.count);
    });
    return builder.build();
  }

  /** Reads a statement's rows through a cursor, a batch at a time. */
  private async stream(sql: SqlText, signal: AbortSignal | undefined, onBatch: (rows: Row[]) => void | boolean | Promise<void | boolean>): Promise<void> {
    throwIfAborted(signal);
    const client = await this.acquire();
    const cursor = client.query(new Cursor(sql.text, sql.values));
    const onAbort = () => sendCancel(client);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      for (;;) {
        throwIfAborted(signal);
        const batch = (await cursor.read(2000)) as Row[];
        if (batch.length === 0) break;
        if ((await onBatch(batch)) === false) break;
      }
    } catch (error) {
      if (signal?.aborted) throw abortError();
      throw error;
    } finally {
      signal?.removeEventListener('abort', onAbort);
      await cursor.close().catch(() => {});
      client.release(signal?.aborted === true);
    }
  }

  /** What the sessions run with, and the server's version (for the log). */
  async diagnostics(): Promise<{ readOnly: boolean; statementTimeout: string; serverVersion: string; sessions: number }> {
    const [row] = await this.rows<{ ro: string; timeout: string; version: string }>({
      text: "SELECT current_setting('transaction_read_only') AS ro, current_setting('statement_timeout') AS timeout, current_setting('server_version') AS version",
      values: [],
    });
    return { readOnly: row.ro === 'on', statementTimeout: row.timeout, serverVersion: row.version, sessions: this.pool.totalCount };
  }

  /** Bytes received from the server so far, over all sessions (protocol overhead included). */
  bytesReceived(): number {
    let total = this.closedBytes;
    for (const client of this.sessions) total += socketBytes(client);
    return total;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
