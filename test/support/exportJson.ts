import { type ExportedEvent } from '../../src/core/exportEvents';

/** The JSON exports as the docs describe them, for tests that read one back (`JSON.parse(text) as TableJson`). */
export interface JsonRange {
  from: string;
  to: string;
  timeZone: string;
}

export interface JsonTotal {
  runs: number;
  spend: number;
  users: number;
  inputTokens?: number;
  outputTokens?: number;
}

/** `export --by worker|user|model|team`: one row per entity. */
export interface TableJson {
  range: JsonRange;
  dimension: string;
  currency: string;
  total: JsonTotal;
  rows: {
    id: string;
    name: string;
    runs: number;
    users: number;
    spend: number;
    share: number;
    previousSpend: number;
    change: number | null;
    inputTokens?: number;
    outputTokens?: number;
  }[];
}

/** `export --by day`: one row per day of the range. */
export interface DailyJson {
  range: JsonRange;
  dimension: 'day';
  currency: string;
  total: JsonTotal;
  rows: { date: string; runs: number; spend: number }[];
}

/** `export --by event`: the normalised events. */
export interface EventsJson {
  range: JsonRange;
  currency: string;
  events: ExportedEvent[];
}
