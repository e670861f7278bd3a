import { type ReactiveController, type ReactiveControllerHost } from 'lit';
import { type Dimension } from '../../src/core/model';
import { type UsageRow } from '../../src/core/query';
import { visibleRows } from '../../src/core/table';
import { messageOf } from '../../src/core/errors';
import { TABLE_MAX_LIMIT, type DashboardModel, type DayTablesModel, type TableSlice, type TrendStack } from '../../src/protocol/dashboard';
import { type DrillState } from '../components/usage-table';
import { type HostLink } from '../host';
import { type UiState } from '../state';

/** Pause after the last keystroke in a filter box before the host is asked for filtered rows. */
export const FILTER_DEBOUNCE_MS = 150;

/** What a table shows now: rows, counts, and whether more is on its way from the host. */
export interface ShownTable {
  rows: UsageRow[];
  matching: number;
  total: number;
  busy: boolean;
}

/** What the controller reads from the element it serves: the view model and the UI state. */
export interface UsageDataHost extends ReactiveControllerHost {
  readonly model: DashboardModel | undefined;
  readonly ui: UiState;
  /** The dimension Spending Trends is stacked by, or null for the plain total. */
  readonly trendStackBy: Dimension | null;
}

/** The stacked trend of one view (by its seq) and dimension, loading, loaded or failed. */
export type StackState = { status: 'loading' } | { status: 'ready'; stack: TrendStack } | { status: 'error'; message: string };

const noDrills = (): Record<Dimension, Map<string, DrillState>> => ({ worker: new Map(), user: new Map(), model: new Map(), team: new Map() });

/**
 * Fetches and caches what the dashboard asks the host for beyond the view model: table pages
 * (filtered, sorted or longer than the first page), the tables of one day, and drill-downs. After
 * each render of its host it requests what the UI state needs and is not cached; answers that
 * arrive after a {@link reset} are dropped.
 */
export class UsageDataController implements ReactiveController {
  private pages: Partial<Record<Dimension, { key: string; slice: TableSlice }>> = {};
  private requested = new Map<Dimension, string>();
  private drills = noDrills();
  private day: DayTablesModel | undefined;
  /** Stacked trends by `seq:dimension`: kept across day selections, since they cover the whole range. */
  private stacks = new Map<string, StackState>();
  private readonly filterTimers = new Map<Dimension, ReturnType<typeof setTimeout>>();
  private inFlight = 0;
  /** Bumped by reset(): answers to older requests are stale. */
  private generation = 0;

  constructor(
    private readonly host: UsageDataHost,
    private readonly link: Pick<HostLink, 'request'>,
    /** Told when the tables of a day cannot be loaded. */
    private readonly onError: (message: string) => void,
  ) {
    host.addController(this);
  }

  /** Requests and debounce timers not yet done (0 when the tables show all they will). */
  get pending(): number {
    return this.inFlight + this.filterTimers.size;
  }

  /** Forgets every page, drill-down and day table (new data, or another day), then loads the selected day's tables. */
  reset(): void {
    this.generation++;
    this.pages = {};
    this.requested.clear();
    this.drills = noDrills();
    this.day = undefined;
    this.host.requestUpdate();
    const day = this.host.ui.day;
    if (day) void this.loadDay(day);
  }

  /** The filter text of a table changed: ask the host once the user pauses typing. */
  filterChanged(dimension: Dimension): void {
    clearTimeout(this.filterTimers.get(dimension));
    this.filterTimers.set(
      dimension,
      setTimeout(() => {
        this.filterTimers.delete(dimension);
        this.host.requestUpdate();
      }, FILTER_DEBOUNCE_MS),
    );
  }

  /** The stacked trend the host asked for, for the view shown (undefined when the trend is not stacked). */
  trendStack(): StackState | undefined {
    const { model, trendStackBy } = this.host;
    return model && trendStackBy ? this.stacks.get(`${model.seq}:${trendStackBy}`) : undefined;
  }

  drillDowns(dimension: Dimension): Map<string, DrillState> {
    return this.drills[dimension];
  }

  /**
   * The rows a table shows. A table the host sent whole is filtered and sorted here with the
   * engine's visibleRows (the same function export uses); a larger one is asked of the host.
   */
  table(dimension: Dimension): ShownTable {
    const base = this.baseSlice(dimension);
    if (!base) return { rows: [], matching: 0, total: 0, busy: true };
    const { tables, limits } = this.host.ui;
    const view = tables[dimension];
    const limit = limits[dimension];
    if (base.rows.length === base.total) {
      const rows = visibleRows(base.rows, view);
      return { rows: rows.slice(0, limit), matching: rows.length, total: base.total, busy: false };
    }
    if (this.firstPageSuffices(dimension, base)) return { rows: base.rows.slice(0, limit), matching: base.matching, total: base.total, busy: false };
    const page = this.pages[dimension];
    if (page && page.key === this.requestKey(dimension)) return { rows: page.slice.rows, matching: page.slice.matching, total: page.slice.total, busy: false };
    const shown = page?.slice ?? base;
    return { rows: shown.rows.slice(0, limit), matching: shown.matching, total: shown.total, busy: true };
  }

  hostUpdated(): void {
    const { model, ui } = this.host;
    if (!model) return;
    const tab = ui.tab;
    if (this.host.trendStackBy && !this.trendStack()) void this.loadStack(model.seq, this.host.trendStackBy);
    if (this.needsPage(tab) && !this.filterTimers.has(tab)) void this.fetchPage(tab);
    if (!ui.day || this.day?.day === ui.day) {
      for (const id of ui.open[tab]) if (!this.drills[tab].has(id)) void this.loadDrill(tab, id);
    }
  }

  hostDisconnected(): void {
    for (const timer of this.filterTimers.values()) clearTimeout(timer);
    this.filterTimers.clear();
  }

  // ---- internals --------------------------------------------------------------------------

  private baseSlice(dimension: Dimension): TableSlice | undefined {
    const { model, ui } = this.host;
    if (ui.day) return this.day?.day === ui.day ? this.day.tables[dimension] : undefined;
    return model?.tables[dimension];
  }

  /** The default order and no more rows than the first page holds: the view model has them. */
  private firstPageSuffices(dimension: Dimension, base: TableSlice): boolean {
    const view = this.host.ui.tables[dimension];
    return !view.filterText && !view.sort && this.host.ui.limits[dimension] <= base.rows.length;
  }

  private requestKey(dimension: Dimension): string {
    const ui = this.host.ui;
    return JSON.stringify([ui.tables[dimension], ui.limits[dimension], ui.day]);
  }

  private needsPage(dimension: Dimension): boolean {
    const base = this.baseSlice(dimension);
    if (!base || base.rows.length === base.total || this.firstPageSuffices(dimension, base)) return false;
    return this.pages[dimension]?.key !== this.requestKey(dimension);
  }

  /**
   * Runs one request to the host, counted in {@link pending}, and hands its answer to `apply`
   * (dropped when a reset made it stale); the host renders again once the answer is applied.
   */
  private async ask<T>(request: () => Promise<T>, apply: (answer: { ok: true; value: T } | { ok: false; message: string }) => void): Promise<void> {
    const generation = this.generation;
    this.inFlight++;
    let answer: { ok: true; value: T } | { ok: false; message: string };
    try {
      answer = { ok: true, value: await request() };
    } catch (error) {
      answer = { ok: false, message: messageOf(error) };
    }
    this.inFlight--;
    if (generation === this.generation) apply(answer);
    this.host.requestUpdate();
  }

  private async fetchPage(dimension: Dimension): Promise<void> {
    const key = this.requestKey(dimension);
    if (this.requested.get(dimension) === key) return;
    this.requested.set(dimension, key);
    const { tables, limits, day } = this.host.ui;
    const params = { dimension, state: tables[dimension], limit: Math.min(TABLE_MAX_LIMIT, limits[dimension]), ...(day ? { day } : {}) };
    await this.ask(
      () => this.link.request('table', params),
      (answer) => {
        if (!answer.ok) {
          this.requested.delete(dimension);
          console.warn('Usage Explorer: table request failed', answer.message);
        } else if (this.requestKey(dimension) === key) {
          this.pages = { ...this.pages, [dimension]: { key, slice: answer.value } };
        }
      },
    );
  }

  private async loadDay(day: string): Promise<void> {
    await this.ask(
      () => this.link.request('dayTables', { day }),
      (answer) => {
        if (!answer.ok) this.onError(answer.message);
        else if (this.host.ui.day === day) this.day = answer.value;
      },
    );
  }

  private async loadStack(seq: number, dimension: Dimension): Promise<void> {
    const key = `${seq}:${dimension}`;
    // Only the current view's stacks are worth keeping.
    for (const k of this.stacks.keys()) if (!k.startsWith(`${seq}:`)) this.stacks.delete(k);
    this.stacks.set(key, { status: 'loading' });
    this.inFlight++;
    try {
      this.stacks.set(key, { status: 'ready', stack: await this.link.request('trendStack', { dimension }) });
    } catch (error) {
      this.stacks.set(key, { status: 'error', message: messageOf(error) });
    }
    this.inFlight--;
    this.host.requestUpdate();
  }

  private async loadDrill(dimension: Dimension, id: string): Promise<void> {
    this.setDrill(dimension, id, { status: 'loading' });
    const day = this.host.ui.day;
    await this.ask(
      () => this.link.request('drillDown', { dimension, id, ...(day ? { day } : {}) }),
      (answer) => this.setDrill(dimension, id, answer.ok ? { status: 'ready', model: answer.value } : { status: 'error', message: answer.message }),
    );
  }

  private setDrill(dimension: Dimension, id: string, state: DrillState): void {
    const map = new Map(this.drills[dimension]);
    map.set(id, state);
    this.drills = { ...this.drills, [dimension]: map };
  }
}
