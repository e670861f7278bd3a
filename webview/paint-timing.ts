import { type ReactiveControllerHost } from 'lit';
import { type PerfMark } from '../src/protocol/dashboard';

export interface ViewPaintedDetail {
  seq: number;
  ms: number;
  first: boolean;
}
/** Fired on the dashboard after each paint that followed a view (tests and the benchmark listen). */
export type ViewPaintedEvent = CustomEvent<ViewPaintedDetail>;

/**
 * Measures how long a view takes from arriving to being painted: the first paint and range
 * changes are reported to the host (`perf`), every paint is announced as `view-painted`.
 */
export class PaintTiming {
  private paintedSeq = 0;
  private rangeRequested = false;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly report: (mark: PerfMark, ms: number, seq: number) => void,
  ) {}

  /** A range change was asked for: the next view is reported as a range render. */
  rangeAsked(): void {
    this.rangeRequested = true;
  }

  /** A view arrived; `rangeChanged` when it shows another range than the one before. */
  viewArrived(seq: number, first: boolean, rangeChanged: boolean): void {
    const arrived = performance.now();
    performance.mark(`ue-view-${seq}`);
    const reportRange = rangeChanged || this.rangeRequested;
    this.rangeRequested = false;
    const isFirst = first && this.paintedSeq === 0;
    void this.host.updateComplete.then(() =>
      requestAnimationFrame(() => {
        const ms = performance.now() - arrived;
        performance.measure(isFirst ? 'ue-first-chart-paint' : `ue-render-${seq}`, `ue-view-${seq}`);
        this.paintedSeq = seq;
        if (isFirst) this.report('firstChartPaint', ms, seq);
        else if (reportRange) this.report('rangeRender', ms, seq);
        this.host.dispatchEvent(new CustomEvent<ViewPaintedDetail>('view-painted', { detail: { seq, ms, first: isFirst } }));
      }),
    );
  }
}

declare global {
  interface HTMLElementEventMap {
    'view-painted': ViewPaintedEvent;
  }
}
