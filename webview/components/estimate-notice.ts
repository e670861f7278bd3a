import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { type EstimateModel } from '../../src/protocol/dashboard';
import { count, money } from '../format';
import { t } from '../strings';
import { sharedStyles } from './shared-styles';
import { infoNoticeStyles } from './notice.styles';

export interface PriceOverrideAddDetail {
  model: string;
}
/** The user asked to add a price for a model no price is known for. */
export type PriceOverrideAddEvent = CustomEvent<PriceOverrideAddDetail>;

/**
 * Says that spend is an estimate at API list prices (agent logs), with the subscription fee the user
 * set beside it, and how many tokens of which models have no price, offering to add one (the host
 * runs **Add Price Override…** with the model prefilled).
 */
@customElement('ue-estimate-notice')
export class EstimateNotice extends LitElement {
  static override styles = [
    sharedStyles,
    infoNoticeStyles,
    css`
      .notice.unpriced {
        border-left-color: var(--vscode-editorWarning-foreground, #cca700);
      }
    `,
  ];

  @property({ attribute: false }) estimate: EstimateModel | undefined;
  @property() currency = 'USD';

  override render() {
    const estimate = this.estimate;
    if (!estimate) return nothing;
    const micros = (amount: number) => Math.round(amount * 1_000_000);
    const unpriced = estimate.unpriced;
    const tokens = unpriced.reduce((sum, u) => sum + u.tokens, 0);
    return html`<div class="notice" role="note">
        ${estimate.sources.map((s) =>
          s.subscription
            ? html`<p>
                ${t('estimateSubscription', s.label, s.subscription.label, money(micros(s.subscription.amount), s.subscription.currency), money(micros(s.spend), this.currency))}
              </p>`
            : html`<p>${t('estimateNote', s.label, money(micros(s.spend), this.currency))}</p>`,
        )}
      </div>
      ${
        unpriced.length > 0
          ? html`<div class="notice unpriced" role="note">
            <p>${t('unpricedNote', count(tokens), unpriced.map((u) => u.model).join(', '))}</p>
            ${unpriced.map(
              (u) =>
                html`<button class="link-button" type="button" aria-label=${t('addPriceOverrideLabel', u.model)} @click=${() => this.add(u.model)}>
                  ${unpriced.length === 1 ? t('addPriceOverride') : `${t('addPriceOverride')} (${u.model})`}
                </button>`,
            )}
          </div>`
          : nothing
      }`;
  }

  private add(model: string): void {
    this.dispatchEvent(new CustomEvent('price-override-add', { detail: { model }, bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ue-estimate-notice': EstimateNotice;
  }
  interface HTMLElementEventMap {
    'price-override-add': PriceOverrideAddEvent;
  }
}
