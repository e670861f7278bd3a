import * as vscode from 'vscode';
import { type UsageStore } from '../core/store';
import { type ResolvedRange } from '../core/time';
import { trendStack } from '../core/trendStack';
import { type EntityRef, type RequestHandlers } from '../protocol/dashboard';
import { type DashboardData } from './panelOptions';
import { dayRange, dayTablesModel, drillDownModel, focusFilters, tableSlice } from './viewModel';

/** The webview's requests, answered through the backend (the trend stack from the loaded store) for the range and focus shown. */
export function panelRequests(data: DashboardData, focus: () => EntityRef | null): RequestHandlers {
  /** The range shown, or one of its days (an error when the day is outside it). */
  const rangeOf = (day: string | undefined): ResolvedRange => (day ? dayRange(loadedStore(data), data.range, day) : data.range);
  return {
    table: async (params) => {
      const view = await data.query(focusFilters(focus()), { range: rangeOf(params.day) });
      return tableSlice(view.tables[params.dimension], params.dimension, params.state, params.limit);
    },
    drillDown: async (params) =>
      drillDownModel(params, await data.drillDown(params.dimension, params.id, focusFilters(focus()), { range: rangeOf(params.day) })),
    dayTables: async (params) => dayTablesModel(params.day, await data.query(focusFilters(focus()), { range: rangeOf(params.day) })),
    trendStack: (params) => trendStack(loadedStore(data), data.range, params.dimension, focusFilters(focus())),
  };
}

function loadedStore(data: DashboardData): UsageStore {
  const snapshot = data.snapshot;
  if (!snapshot) throw new Error(vscode.l10n.t('No usage data is loaded.'));
  return snapshot.store;
}
