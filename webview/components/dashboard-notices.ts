import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { type DashboardModel } from '../../src/protocol/dashboard';
import { count, longDay } from '../format';
import { dimensionLabel } from '../labels';
import { t } from '../strings';
import { sharedStyles } from './shared-styles';
import { dashboardNoticesStyles } from './dashboard-notices.styles';

export interface WorkerPageOpenDetail {
  id: string;
}
/** The user asked for the focused worker's web page. */
export type WorkerPageOpenEvent = CustomEvent<WorkerPageOpenDetail>;
/** The user cleared the focus (show all usage again). */
export type FocusClearEvent = CustomEvent<void>;
/** The user cleared the day the tables are narrowed to. */
export type DayClearEvent = CustomEvent<void>;

/**
 * What narrows the dashboard, as chips the user can clear (the focused entity, the day of the
 * tables), the worker page link, and the notice about rows skipped while loading.
 */
@customElement('ue-dashboard-notices')
export class DashboardNotices extends LitElement {
  static override styles = [sharedStyles, dashboardNoticesStyles];

  /** The entity the dashboard is narrowed to. */
  @property({ attribute: false }) focused: DashboardModel['focus'] = null;
  /** A worker page URL template is set. */
  @property({ type: Boolean }) workerPages = false;
  /** The day the tables are narrowed to, `YYYY-MM-DD`. */
  @property({ attribute: false }) day: string | null = null;
  @property({ type: Number }) skipped = 0;
  @property({ attribute: false }) warnings: readonly string[] = [];

  override render() {
    const chips: TemplateResult[] = [];
    const focus = this.focused;
    if (focus) {
      chips.push(html`<span class="chip">
        <span>${dimensionLabel(focus.dimension)}: ${focus.name}</span>
        <button type="button" aria-label=${t('showAllLabel', focus.name)} title=${t('showAll')} @click=${() => this.fire('focus-clear', undefined)}>✕</button>
      </span>`);
      if (focus.dimension === 'worker' && this.workerPages) {
        chips.push(
          html`<button class="link-button" type="button" @click=${() => this.fire('worker-page-open', { id: focus.id })}>${t('openWorkerPage')}</button>`,
        );
      }
    }
    if (this.day) {
      chips.push(html`<span class="chip">
        <span>${t('tablesShowDay', longDay(this.day))}</span>
        <button type="button" aria-label=${t('showWholeRangeLabel')} title=${t('showWholeRange')} @click=${() => this.fire('day-clear', undefined)}>✕</button>
      </span>`);
    }
    const skipped = this.skipped;
    return html`${chips.length ? html`<div class="chips">${chips}</div>` : nothing}
    ${
      skipped > 0
        ? html`<div class="notice" role="note">
          ${skipped === 1 ? t('skippedOne') : t('skippedMany', count(skipped))} ${this.warnings.length ? t('skippedExample', this.warnings[0]) : nothing}
          ${t('skippedLog')}
        </div>`
        : nothing
    }`;
  }

  private fire<K extends 'focus-clear' | 'day-clear' | 'worker-page-open'>(type: K, detail: HTMLElementEventMap[K]['detail']): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ue-dashboard-notices': DashboardNotices;
  }
  interface HTMLElementEventMap {
    'worker-page-open': WorkerPageOpenEvent;
    'focus-clear': FocusClearEvent;
    'day-clear': DayClearEvent;
  }
}
