import { html, nothing, type TemplateResult } from 'lit';
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import { type DashboardModel, type ExportFormat, type StatusKind } from '../../src/protocol/dashboard';
import { longDay } from '../format';
import { t } from '../strings';
import './range-picker';

/** What the header's controls do (the dashboard sends them to the host). */
export interface HeaderActions {
  rangeChange(event: HTMLElementEventMap['range-change']): void;
  refresh(): void;
  exportTable(format: ExportFormat): void;
}

/** The dashboard's header: title, the data source (or the demo badge), range picker, refresh and export, and the range subtitle. */
export function dashboardHeader(model: DashboardModel, refreshing: boolean, actions: HeaderActions): TemplateResult {
  const range = model.range;
  return html`<header>
      <div class="title">
        <h1>${t('appTitle')}</h1>
        ${
          model.source.kind === 'demo'
            ? html`<vscode-badge variant="default" title=${t('demoDataTitle')}>${t('demoData')}</vscode-badge>`
            : html`<span class="muted" title=${t('dataSource')}>${model.source.label}</span>`
        }
        ${refreshing ? html`<vscode-progress-ring aria-label=${t('refreshing')}></vscode-progress-ring>` : nothing}
      </div>
      <div class="actions">
        <ue-range-picker .presets=${model.presets} .range=${range} @range-change=${(e: HTMLElementEventMap['range-change']) => actions.rangeChange(e)}></ue-range-picker>
        <vscode-button secondary @click=${() => actions.refresh()} title=${t('refreshTitle')}>${t('refresh')}</vscode-button>
        <vscode-button @click=${() => actions.exportTable('csv')} title=${t('exportCsvTitle')}>${t('exportCsv')}</vscode-button>
        <vscode-button secondary @click=${() => actions.exportTable('json')} title=${t('exportJsonTitle')}>${t('exportJson')}</vscode-button>
      </div>
    </header>
    <p class="subtitle muted">
      ${t('subtitle', longDay(range.first), longDay(range.last), range.timeZone, longDay(range.previousFirst), longDay(range.previousLast))}
    </p>`;
}

/** The page without a view: loading (with the host's message), or the error or empty status with Refresh. */
export function dashboardStatusPage(status: { status: StatusKind; message: string } | undefined, refresh: () => void): TemplateResult {
  if (!status || status.status === 'loading') {
    return html`<div class="state" role="status">
      <vscode-progress-ring aria-label=${t('loadingUsageLabel')}></vscode-progress-ring>
      <p>${status?.message ?? t('loadingUsage')}</p>
    </div>`;
  }
  return html`<div class="state" role=${status.status === 'error' ? 'alert' : 'status'}>
    <h1>${t('appTitle')}</h1>
    <p class=${status.status === 'error' ? 'error' : ''}>${status.message}</p>
    <vscode-button @click=${() => refresh()}>${t('refresh')}</vscode-button>
  </div>`;
}
