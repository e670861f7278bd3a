import { LitElement, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { type DashboardModel, type OverlapModel } from '../../src/protocol/dashboard';
import { type ShareRow } from '../../src/core/sources/providers/overlap';
import { count, money, share } from '../format';
import { t } from '../strings';
import { overlapNoticeStyles } from './overlap-notice.styles';
import { infoNoticeStyles } from './notice.styles';
import { sharedStyles } from './shared-styles';

/** The user asked to choose what counts when agent logs and a bill overlap. */
export type OverlapSettingOpenEvent = CustomEvent<void>;

/**
 * What the dashboard says about organisations' bills: which spend is billed and which allocated,
 * and agent logs (Claude Code, Codex) shown beside the organisation that bills them: which of them the
 * totals count, and with the bill counted, the logs' share of it by project and person (not added
 * to the totals). Its button opens `usageExplorer.providers.overlap`.
 */
@customElement('ue-overlap-notice')
export class OverlapNotice extends LitElement {
  static override styles = [sharedStyles, infoNoticeStyles, overlapNoticeStyles];

  /** The view: its overlap, the organisations whose bill it counts (their spend per user is allocated), its currency. */
  @property({ attribute: false }) model: Pick<DashboardModel, 'overlap' | 'billedBy' | 'currency'> | undefined;

  private get currency(): string {
    return this.model?.currency ?? 'USD';
  }

  override render() {
    const overlap = this.model?.overlap;
    const billedBy = this.model?.billedBy ?? [];
    const billed = billedBy.length > 0 ? html`<p class="basis muted">${t('billedAllocated', billedBy.join(', '))}</p>` : nothing;
    if (!overlap || overlap.pairs.length === 0) return billed;
    return html`<div class="notice" role="note">
      ${overlap.pairs.map((pair) => this.renderPair(overlap.mode, pair))}
      <button class="link-button" type="button" title=${t('overlapChangeTitle')} @click=${this.openSetting}>${t('overlapChange')}</button>
    </div>
    ${billed}`;
  }

  private renderPair(mode: OverlapModel['mode'], pair: OverlapModel['pairs'][number]) {
    const lead = mode === 'bill' ? 'overlapBill' : mode === 'both' ? 'overlapBoth' : 'overlapLogs';
    const s = pair.share;
    return html`<p>${t(lead, pair.logs, pair.providers)}</p>
      ${
        s
          ? html`<p class="muted">
              ${t(
                'overlapShare',
                pair.logs,
                money(s.logsSpendMicros, this.currency),
                money(s.billedSpendMicros, this.currency),
                s.billedSpendMicros > 0 ? share(s.logsSpendMicros / s.billedSpendMicros) : '—',
              )}
            </p>
            <div class="share">
              ${this.renderRows(t('overlapByProject'), s.byProject, s.moreProjects)} ${this.renderRows(t('overlapByPerson'), s.byPerson, s.morePeople)}
            </div>`
          : nothing
      }`;
  }

  private renderRows(title: string, rows: readonly ShareRow[], more: number) {
    if (rows.length === 0) return nothing;
    return html`<div>
      <span>${title}</span>
      <ul aria-label=${title}>
        ${rows.map((r) => html`<li>${r.name}: ${money(r.spendMicros, this.currency)}</li>`)}
        ${more > 0 ? html`<li class="muted">${t('overlapMore', count(more))}</li>` : nothing}
      </ul>
    </div>`;
  }

  private openSetting(): void {
    this.dispatchEvent(new CustomEvent('overlap-setting-open', { bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ue-overlap-notice': OverlapNotice;
  }
  interface HTMLElementEventMap {
    'overlap-setting-open': OverlapSettingOpenEvent;
  }
}
