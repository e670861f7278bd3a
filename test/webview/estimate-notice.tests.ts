// The estimate notice of agent-log sources: spend labelled an estimate beside the subscription fee,
// the unpriced tokens named, and the button that asks the host to add a price.
import { formatMoney } from '../../src/core/money';
import { type EstimateNotice } from '../../webview/components/estimate-notice';
import { type DashboardApp } from '../../webview/components/dashboard-app';
import { assert, equal, test, waitFor } from './harness';
import { MockHost } from './mockHost';
import { NOW, mount, root, settle, store } from './tests';

const noticeRoot = (app: DashboardApp) => (root(app).querySelector('ue-estimate-notice') as EstimateNotice).shadowRoot!;

export function registerEstimateNoticeTests(): void {
  test('says spend from logs is an estimate, beside the subscription fee, and offers a price for unpriced tokens', async () => {
    const host = new MockHost(store(), NOW);
    host.estimate = {
      sources: [
        { kind: 'claude-code', label: 'Claude Code logs', spend: 1234.5, subscription: { amount: 200, currency: 'USD', label: 'Claude Max' } },
        { kind: 'codex', label: 'Codex logs', spend: 12.25 },
      ],
      unpriced: [{ model: 'acme-llm-1', tokens: 1_500_000 }],
    };
    const app = await mount(host);
    const text = () => noticeRoot(app).textContent?.replace(/\s+/g, ' ') ?? '';
    await waitFor(() => text().includes('Claude Max'), 'the estimate notice');
    assert(text().includes(`Claude Max ${formatMoney(200_000_000, 'USD')}/month`), `the subscription fee per month: ${text()}`);
    assert(text().includes(`${formatMoney(1_234_500_000, 'USD')} (est.)`), 'the estimate beside it, labelled est.');
    assert(text().includes(`est.: spend from Codex logs is estimated at API list prices (${formatMoney(12_250_000, 'USD')}`), 'a source without a fee');
    assert(text().includes('1,500,000 tokens of acme-llm-1 have no known price'), `the unpriced tokens and model: ${text()}`);
    const labels = [...root(app).querySelector('ue-summary-cards')!.shadowRoot!.querySelectorAll('.card .label')].map((e) => e.textContent?.trim());
    equal(labels, ['Total spend (est.)', 'Runs', 'Active users', 'Avg cost per run (est.)'], 'the money cards say est.');

    const button = noticeRoot(app).querySelector('button') as HTMLButtonElement;
    equal(button.getAttribute('aria-label'), 'Add a price for acme-llm-1', 'the button names the model');
    button.click();
    await waitFor(() => host.received.some((m) => m.type === 'addPriceOverride'), 'the addPriceOverride message');
    equal(
      host.received.filter((m) => m.type === 'addPriceOverride'),
      [{ type: 'addPriceOverride', model: 'acme-llm-1' }],
      'one validated message with the model',
    );
    await settle(app);
  });

  test('shows no estimate notice for billed or demo data', async () => {
    const app = await mount(new MockHost(store(), NOW));
    await settle(app);
    equal(noticeRoot(app).textContent?.trim(), '', 'nothing to say');
    const total = root(app).querySelector('ue-summary-cards')!.shadowRoot!.querySelector('.card .label')?.textContent?.trim();
    equal(total, 'Total spend', 'billed spend is not labelled est.');
  });
}
