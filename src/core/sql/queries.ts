/**
 * The grouped queries behind a view. Every value (instants, days, zone, filter ids) is a bind
 * parameter; table and column names come in already quoted by mapping.ts. Only aggregates are
 * selected, except by eventsQuery (the events export, read through a cursor).
 */
import { DIMENSIONS, type Dimension } from '../model';
import { type Filter } from '../query';
import { formatDay, type DaySpan, type ResolvedRange } from '../time';
import { type FieldExpressions } from './mapping';

export interface SqlText {
  text: string;
  values: unknown[];
}

/** Collects bind values; add() returns the placeholder. */
export class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** Where rows live and how their time is read: the event table, or a daily rollup. */
export interface SqlSource {
  /** Quoted, schema-qualified name. */
  readonly table: string;
  readonly fields: FieldExpressions;
  /** Condition: the row falls in the span (half-open on the time). */
  span(span: DaySpan, p: Params): string;
  /** The row's day (a date) in the zone. */
  day(timeZone: string, p: Params): string;
}

/** The event table: a timestamp column, with or without time zone (without: read as UTC). */
export class EventTable implements SqlSource {
  constructor(
    readonly table: string,
    readonly fields: FieldExpressions,
    /** Quoted timestamp column. */
    readonly time: string,
    readonly withTimeZone: boolean,
  ) {}

  /** The timestamp as timestamptz. */
  get instant(): string {
    return this.withTimeZone ? this.time : `(${this.time} AT TIME ZONE 'UTC')`;
  }

  span(span: DaySpan, p: Params): string {
    // Compare the column itself (not an expression of it) so an index on it serves the range.
    const bound = (ms: number) =>
      this.withTimeZone ? `${p.add(new Date(ms).toISOString())}::timestamptz` : `(${p.add(new Date(ms).toISOString())}::timestamptz AT TIME ZONE 'UTC')`;
    return `${this.time} >= ${bound(span.from)} AND ${this.time} < ${bound(span.to)}`;
  }

  day(timeZone: string, p: Params): string {
    return `(${this.instant} AT TIME ZONE ${p.add(timeZone)})::date`;
  }
}

/** A daily rollup (day, dimensions, summed measures), valid for ranges in its own zone. */
export class DailyRollup implements SqlSource {
  constructor(
    readonly table: string,
    readonly fields: FieldExpressions,
    /** Quoted day column (a date). */
    readonly dayColumn: string,
    /** The zone its days were cut in. */
    readonly timeZone: string,
  ) {}

  span(span: DaySpan, p: Params): string {
    return `${this.dayColumn} >= ${p.add(formatDay(span.firstDay))}::date AND ${this.dayColumn} < ${p.add(formatDay(span.lastDay + 1))}::date`;
  }

  day(): string {
    return this.dayColumn;
  }
}

function filterSql(source: SqlSource, filters: readonly Filter[], p: Params): string {
  return filters.map((f) => ` AND ${source.fields.id[f.dimension]} = ${p.add(f.id)}`).join('');
}

const micros = (sum: string) => `round(${sum} * 1000000)::bigint`;

/**
 * The three tables over the current and the previous period, in one scan. The events are first
 * summed per (worker, user, model) and period (a hash aggregate of a few thousand groups, where a
 * `count(DISTINCT)` over all events would sort them); each dimension's rows, with its distinct
 * users, are then taken from those sums. Rows carry `dim`: worker, user or model.
 */
export function tablesQuery(source: SqlSource, range: ResolvedRange, filters: readonly Filter[]): SqlText {
  const p = new Params();
  const { id, name, runs, cost } = source.fields;
  const cur = `(${source.span(range.current, p)})`;
  const prev = `(${source.span(range.previous, p)})`;
  const per = (dimension: Dimension) => {
    const users = dimension === 'user' ? '1' : 'count(DISTINCT user_id) FILTER (WHERE n > 0)';
    return `SELECT '${dimension}' AS dim, ${dimension}_id AS id, max(${dimension}_name) AS name,
  sum(n) AS n, sum(runs) AS runs, ${micros('sum(spend)')} AS spend, ${users} AS users,
  sum(prev_n) AS prev_n, sum(prev_runs) AS prev_runs, ${micros('sum(prev_spend)')} AS prev_spend
FROM base GROUP BY ${dimension}_id`;
  };
  const text = `WITH base AS (
SELECT ${id.worker} AS worker_id, max(${name.worker}) AS worker_name,
  ${id.user} AS user_id, max(${name.user}) AS user_name,
  ${id.model} AS model_id, max(${name.model}) AS model_name,
  ${id.team} AS team_id, max(${name.team}) AS team_name,
  count(*) FILTER (WHERE ${cur}) AS n,
  coalesce(sum(${runs}) FILTER (WHERE ${cur}), 0) AS runs,
  coalesce(sum(${cost}) FILTER (WHERE ${cur}), 0) AS spend,
  count(*) FILTER (WHERE ${prev}) AS prev_n,
  coalesce(sum(${runs}) FILTER (WHERE ${prev}), 0) AS prev_runs,
  coalesce(sum(${cost}) FILTER (WHERE ${prev}), 0) AS prev_spend
FROM ${source.table}
WHERE (${cur} OR ${prev})${filterSql(source, filters, p)}
GROUP BY 1, 3, 5, 7)
${DIMENSIONS.map(per).join('\nUNION ALL\n')}`;
  return { text, values: p.values };
}

/** Runs and spend per day of the current period, in the range's zone (days without events absent). */
export function dailyQuery(source: SqlSource, range: ResolvedRange, filters: readonly Filter[]): SqlText {
  const p = new Params();
  const { runs, cost } = source.fields;
  const text = `SELECT to_char(${source.day(range.timeZone, p)}, 'YYYY-MM-DD') AS day,
  sum(${runs}) AS runs, ${micros(`sum(${cost})`)} AS spend
FROM ${source.table}
WHERE ${source.span(range.current, p)}${filterSql(source, filters, p)}
GROUP BY 1`;
  return { text, values: p.values };
}

/** Runs and spend per day and entity of a dimension over the current period. */
export function entityDailyQuery(source: SqlSource, dimension: Dimension, range: ResolvedRange, filters: readonly Filter[]): SqlText {
  const p = new Params();
  const { id, name, runs, cost } = source.fields;
  const text = `SELECT to_char(${source.day(range.timeZone, p)}, 'YYYY-MM-DD') AS day, ${id[dimension]} AS id, max(${name[dimension]}) AS name,
  sum(${runs}) AS runs, ${micros(`sum(${cost})`)} AS spend
FROM ${source.table}
WHERE ${source.span(range.current, p)}${filterSql(source, filters, p)}
GROUP BY 1, 2`;
  return { text, values: p.values };
}

/** Each model's first event (epoch ms) and name: which models are new in a period. */
export function modelFirstSeenQuery(source: EventTable): SqlText {
  const { id, name } = source.fields;
  return {
    text: `SELECT ${id.model} AS id, max(${name.model}) AS name, floor(extract(epoch FROM min(${source.instant})) * 1000)::float8 AS first
FROM ${source.table} GROUP BY 1`,
    values: [],
  };
}

/**
 * Runs and spend per day (in the zone), worker, user, model and team over a span: the compact form the
 * extension host's in-memory views are computed from (every whole-day range inside the span, in
 * that zone, gets the same figures as from the events).
 */
export function dayCubeQuery(source: SqlSource, span: DaySpan, timeZone: string): SqlText {
  const p = new Params();
  const { id, name, runs, cost } = source.fields;
  const text = `SELECT to_char(${source.day(timeZone, p)}, 'YYYY-MM-DD') AS day,
  ${id.worker} AS worker_id, max(${name.worker}) AS worker_name, ${id.user} AS user_id, max(${name.user}) AS user_name, ${id.model} AS model,
  ${id.team} AS team, sum(${runs})::float8 AS runs, ${micros(`sum(${cost})`)}::float8 AS spend
FROM ${source.table}
WHERE ${source.span(span, p)}
GROUP BY 1, 2, 4, 6, 7`;
  return { text, values: p.values };
}

/** First and last instant (epoch ms) of the event table, or of a rollup's first and last day. */
export function extentQuery(source: SqlSource): SqlText {
  if (source instanceof EventTable) {
    return {
      text: `SELECT (extract(epoch FROM min(${source.time})) * 1000)::float8 AS first, (extract(epoch FROM max(${source.time})) * 1000)::float8 AS last FROM ${source.table}`,
      values: [],
    };
  }
  const rollup = source as DailyRollup;
  return {
    text: `SELECT to_char(min(${rollup.dayColumn}), 'YYYY-MM-DD') AS first, to_char(max(${rollup.dayColumn}), 'YYYY-MM-DD') AS last FROM ${rollup.table}`,
    values: [],
  };
}

/** The events of the current period, oldest first (then by event id), for the events export (read through a cursor). */
export function eventsQuery(
  source: EventTable,
  extra: { input?: string; output?: string; id?: string; team?: string },
  range: ResolvedRange,
  filters: readonly Filter[],
): SqlText {
  const p = new Params();
  const { id, name, runs, cost } = source.fields;
  const text = `SELECT floor(extract(epoch FROM ${source.instant}) * 1000)::float8 AS t,
  ${id.worker} AS worker_id, ${name.worker} AS worker_name, ${id.user} AS user_id, ${name.user} AS user_name, ${id.model} AS model,
  ${runs} AS runs, ${micros(cost)}::float8 AS spend,
  ${extra.input ?? 'NULL'}::float8 AS input_tokens, ${extra.output ?? 'NULL'}::float8 AS output_tokens,
  ${extra.team ? `NULLIF(${extra.team}::text, '')` : 'NULL::text'} AS team
FROM ${source.table}
WHERE ${source.span(range.current, p)}${filterSql(source, filters, p)}
ORDER BY ${source.time}${extra.id ? `, ${extra.id}` : ''}`;
  return { text, values: p.values };
}

/** How many events of the current period pass the filters (the events export's confirmation). */
export function countEventsQuery(source: EventTable, range: ResolvedRange, filters: readonly Filter[]): SqlText {
  const p = new Params();
  const text = `SELECT count(*) AS n FROM ${source.table} WHERE ${source.span(range.current, p)}${filterSql(source, filters, p)}`;
  return { text, values: p.values };
}
