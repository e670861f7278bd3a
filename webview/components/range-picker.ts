import { LitElement, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import { validateRangeSpec } from '../../src/core/time';
import { type RangeModel } from '../../src/protocol/dashboard';
import { t } from '../strings';
import { sharedStyles } from './shared-styles';
import { rangePickerStyles } from './range-picker.styles';

const CUSTOM = '__custom__';

export interface RangeChangeDetail {
  /** A preset id or a custom `YYYY-MM-DD..YYYY-MM-DD`, already validated. */
  spec: string;
}
/** Fired when the user picks another range. */
export type RangeChangeEvent = CustomEvent<RangeChangeDetail>;

/**
 * The time range select: the presets, the current custom range, and Custom… which opens a form
 * with the first and last day, checked with the engine's rule before `range-change` is fired.
 */
@customElement('ue-range-picker')
export class RangePicker extends LitElement {
  static override styles = [sharedStyles, rangePickerStyles];

  @property({ attribute: false }) presets: readonly { id: string; label: string }[] = [];
  @property({ attribute: false }) range: RangeModel | undefined;

  @state() private customOpen = false;
  @state() private customError = '';

  @query('#custom-from') private fromField: HTMLInputElement | null | undefined;
  @query('#custom-to') private toField: HTMLInputElement | null | undefined;

  override render() {
    const range = this.range;
    if (!range) return nothing;
    const isPreset = this.presets.some((p) => p.id === range.spec);
    return html`<vscode-single-select aria-label=${t('timeRange')} .label=${t('timeRange')} .value=${this.customOpen ? CUSTOM : range.spec} @change=${this.onSelect}>
        ${this.presets.map((p) => html`<vscode-option value=${p.id} ?selected=${!this.customOpen && p.id === range.spec}>${p.label}</vscode-option>`)}
        ${isPreset ? nothing : html`<vscode-option value=${range.spec} ?selected=${!this.customOpen}>${range.label}</vscode-option>`}
        <vscode-option value=${CUSTOM} ?selected=${this.customOpen}>${t('custom')}</vscode-option>
      </vscode-single-select>
      ${this.customOpen ? this.renderCustom(range) : nothing}`;
  }

  private renderCustom(range: RangeModel) {
    return html`<form class="custom" aria-label=${t('customRange')} @submit=${(e: Event) => (e.preventDefault(), this.applyCustom())}>
      <label for="custom-from">${t('from')}</label>
      <vscode-textfield id="custom-from" type="date" .value=${range.first} .label=${t('firstDay')}></vscode-textfield>
      <label for="custom-to">${t('to')}</label>
      <vscode-textfield id="custom-to" type="date" .value=${range.last} .label=${t('lastDay')}></vscode-textfield>
      <vscode-button @click=${this.applyCustom}>${t('apply')}</vscode-button>
      <vscode-button secondary @click=${() => (this.customOpen = false)}>${t('cancel')}</vscode-button>
      ${this.customError ? html`<span class="error" role="alert">${this.customError}</span>` : nothing}
    </form>`;
  }

  private onSelect(event: Event): void {
    const value = (event.target as HTMLSelectElement).value;
    if (value === CUSTOM) {
      this.customOpen = true;
      this.customError = '';
      return;
    }
    if (!this.range || value === this.range.spec) return;
    this.customOpen = false;
    this.fire(value);
  }

  private applyCustom(): void {
    const from = this.fromField?.value.trim() ?? '';
    const to = this.toField?.value.trim() ?? '';
    const spec = `${from}..${to}`;
    const problem = !from || !to ? t('enterBothDays') : validateRangeSpec(spec);
    if (problem) {
      this.customError = problem;
      return;
    }
    this.customError = '';
    this.customOpen = false;
    this.fire(spec);
  }

  private fire(spec: string): void {
    this.dispatchEvent(new CustomEvent<RangeChangeDetail>('range-change', { detail: { spec }, bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ue-range-picker': RangePicker;
  }
  interface HTMLElementEventMap {
    'range-change': RangeChangeEvent;
  }
}
