import { performance } from 'node:perf_hooks';
import { type DashboardLog } from './panelOptions';

/** What one posted view cost: when its building started and ended, the message size and the events behind it. */
export interface PostedView {
  rangeSpec: string;
  seq: number;
  started: number;
  built: number;
  bytes: number;
  events: number;
}

/**
 * The panel's performance log lines: how long a view took to build (and a range change from the
 * request), and the marks the webview reports (its first chart paint, each re-render).
 */
export class PanelPerf {
  /** When the webview's first message arrived (performance.now()). */
  private firstMessageAt: number | undefined;
  private firstPaintLogged = false;
  /** When a range change was asked for, until its view is posted. */
  private rangeChangeAt: number | undefined;

  constructor(private readonly log: DashboardLog) {}

  messageArrived(): void {
    if (this.firstMessageAt === undefined) this.firstMessageAt = performance.now();
  }

  rangeChangeAsked(): void {
    this.rangeChangeAt = performance.now();
  }

  viewPosted(posted: PostedView): void {
    const what = this.rangeChangeAt !== undefined ? `range change to ${posted.rangeSpec}` : 'view';
    this.log.info(
      `Dashboard perf: ${what} #${posted.seq} built in ${(posted.built - posted.started).toFixed(1)} ms` +
        (this.rangeChangeAt !== undefined ? ` (${(posted.built - this.rangeChangeAt).toFixed(1)} ms after the request)` : '') +
        `, message ${(posted.bytes / 1024).toFixed(1)} KB, ${posted.events} events.`,
    );
    this.rangeChangeAt = undefined;
  }

  /** A mark the webview measured. */
  webviewMark(message: { mark: string; ms: number; seq: number }): void {
    if (message.mark === 'firstChartPaint') {
      if (this.firstPaintLogged) return;
      this.firstPaintLogged = true;
      const sinceFirst = this.firstMessageAt === undefined ? NaN : performance.now() - this.firstMessageAt;
      this.log.info(
        `Dashboard perf: first chart painted ${message.ms.toFixed(1)} ms after the first view message arrived (webview), ` +
          `${sinceFirst.toFixed(0)} ms after the webview's first message including data load (host).`,
      );
    } else {
      this.log.info(`Dashboard perf: view #${message.seq} re-rendered ${message.ms.toFixed(1)} ms after its data arrived (webview).`);
    }
  }
}
