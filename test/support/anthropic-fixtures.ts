import { DAY, bucketPage, daysEndingAt, listPage, requireGroups, type Ledger, type LedgerCost, type LedgerUsage, type MountOptions } from './provider-fixtures';
import { type ProviderServer, type Route } from './provider-server';

/** An Anthropic organisation answered in the Admin API reference's shapes (amounts in cents, as decimal strings). */

export const ANTHROPIC_WORKSPACES = [
  { id: 'wrkspc_research', name: 'Research' },
  { id: 'wrkspc_support', name: 'Support' },
  { id: 'wrkspc_cc', name: 'Claude Code' },
];
export const ANTHROPIC_API_KEYS = [
  { id: 'apikey_research', name: 'research-bot', workspace_id: 'wrkspc_research' },
  { id: 'apikey_support', name: 'support-prod', workspace_id: 'wrkspc_support' },
  { id: 'apikey_team', name: 'claude-code-team', workspace_id: null },
  { id: 'apikey_cc_ana', name: 'claude_code_key_ana_x1', workspace_id: 'wrkspc_cc' },
  { id: 'apikey_cc_bo', name: 'claude_code_key_bo_y2', workspace_id: 'wrkspc_cc' },
];

/** What the Claude Code report says each person used (tokens by model), per day of the ledger. */
export interface ClaudeCodeRecord {
  day: number;
  email: string;
  customerType: 'api' | 'subscription';
  model: string;
  input: number;
  output: number;
  cacheRead: number;
  cacheCreation: number;
}

const SONNET = 'claude-sonnet-4-20250514';
const HAIKU = 'claude-3-5-haiku-20241022';

/** Micros as the cost report writes them: cents with four decimals. */
function cents(micros: number): string {
  return `${Math.floor(micros / 10_000)}.${String(micros % 10_000).padStart(4, '0')}`;
}

export function anthropicLedger(lastDay: number, count: number): Ledger & { claudeCode: ClaudeCodeRecord[] } {
  const days = daysEndingAt(lastDay, count);
  const claudeCode: ClaudeCodeRecord[] = [];
  const usage: LedgerUsage[] = [];
  const costs: LedgerCost[] = [];
  const u = (day: number, group: string | null, apiKey: string | null, model: string, t: Partial<LedgerUsage>): void => {
    usage.push({ day, group, user: null, apiKey, model, input: 0, cacheRead: 0, cache5m: 0, cache1h: 0, output: 0, requests: 0, ...t });
  };
  const c = (day: number, group: string | null, model: string | null, item: string, micros: number, exact?: string): void => {
    costs.push({ day, group, model, item, micros, cents: exact ?? cents(micros) });
  };
  days.forEach((day, i) => {
    u(day, 'wrkspc_research', 'apikey_research', SONNET, { input: 12_000 + i, cache5m: 3000, cache1h: 1000, cacheRead: 40_000, output: 4000 });
    u(day, 'wrkspc_research', null, SONNET, { input: 300, output: 200 });
    u(day, 'wrkspc_support', 'apikey_support', HAIKU, { input: 90_000, output: 20_000 });
    u(day, null, 'apikey_team', SONNET, { input: 5000, cacheRead: 100_000, cache5m: 2000, output: 6000 });
    c(day, 'wrkspc_research', SONNET, 'Claude Sonnet 4 Usage - Input Tokens', 36_003 + 7 * i);
    // "123.45" cents is $1.2345: the unit the tests hold the parser to.
    c(day, 'wrkspc_research', SONNET, 'Claude Sonnet 4 Usage - Output Tokens', 1_234_500, '123.45');
    c(day, 'wrkspc_research', SONNET, 'Claude Sonnet 4 Usage - Cache Write', 15_000);
    c(day, 'wrkspc_research', null, 'Web Search', 20_000);
    c(day, 'wrkspc_support', HAIKU, 'Claude Haiku 3.5 Usage - Input Tokens', 72_000);
    c(day, 'wrkspc_support', HAIKU, 'Claude Haiku 3.5 Usage - Output Tokens', 80_000);
    c(day, null, SONNET, 'Claude Sonnet 4 Usage - Input Tokens', 15_001);
    c(day, null, SONNET, 'Claude Sonnet 4 Usage - Output Tokens', 90_000);
    // Claude Code on Console keys: the usage report knows the keys, the Claude Code report the people.
    u(day, 'wrkspc_cc', 'apikey_cc_ana', SONNET, { input: 7000 + i, cacheRead: 50_000, cache5m: 900, output: 3001 });
    u(day, 'wrkspc_cc', 'apikey_cc_bo', SONNET, { input: 2000, cacheRead: 10_000, cache5m: 100, output: 1000 });
    c(day, 'wrkspc_cc', SONNET, 'Claude Sonnet 4 Usage - Input Tokens', 27_003);
    c(day, 'wrkspc_cc', SONNET, 'Claude Sonnet 4 Usage - Output Tokens', 60_015);
    claudeCode.push({ day, email: 'ana@example.com', customerType: 'api', model: SONNET, input: 6900, output: 2900, cacheRead: 49_000, cacheCreation: 880 });
    claudeCode.push({ day, email: 'bo@example.com', customerType: 'api', model: SONNET, input: 2100, output: 1100, cacheRead: 11_000, cacheCreation: 120 });
    claudeCode.push({ day, email: 'max@example.com', customerType: 'subscription', model: SONNET, input: 100, output: 100, cacheRead: 0, cacheCreation: 0 });
  });
  return { days, usage, costs, claudeCode };
}

/** Serves `ledger` as Anthropic's organisation Admin API (paths under `/v1/organizations`). */
export function mountAnthropic(server: ProviderServer, ledger: Ledger & { claudeCode?: ClaudeCodeRecord[] }, options: MountOptions = {}): void {
  const pageSize = options.pageSize ?? 2;
  const forbidden = new Set(options.forbidden ?? []);
  const range = (q: URLSearchParams): [number, number] => [Date.parse(q.get('starting_at') ?? ''), Date.parse(q.get('ending_at') ?? '')];
  const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');
  const guard =
    (path: string, route: Route): Route =>
    (q, p) =>
      forbidden.has(path) ? { status: 403, body: { type: 'error', error: { type: 'permission_error', message: 'forbidden' } } } : route(q, p);

  server.on(/^\/v1\/organizations\/usage_report\/messages$/, (q) => {
    requireGroups(q, 'group_by[]', ['workspace_id', 'api_key_id', 'model']);
    const [from, to] = range(q);
    return bucketPage(ledger.days, from, to, q.get('page'), pageSize, (day) => ({
      starting_at: iso(day),
      ending_at: iso(day + DAY),
      results: ledger.usage
        .filter((r) => r.day === day)
        .map((r) => ({
          uncached_input_tokens: r.input,
          cache_creation: { ephemeral_1h_input_tokens: r.cache1h, ephemeral_5m_input_tokens: r.cache5m },
          cache_read_input_tokens: r.cacheRead,
          output_tokens: r.output,
          server_tool_use: { web_search_requests: 0 },
          api_key_id: r.apiKey,
          workspace_id: r.group,
          model: r.model,
          service_tier: 'standard',
          context_window: '0-200k',
        })),
    }));
  });
  server.on(/^\/v1\/organizations\/cost_report$/, (q) => {
    requireGroups(q, 'group_by[]', ['workspace_id', 'description']);
    const [from, to] = range(q);
    return bucketPage(ledger.days, from, to, q.get('page'), pageSize, (day) => ({
      starting_at: iso(day),
      ending_at: iso(day + DAY),
      results: ledger.costs
        .filter((r) => r.day === day)
        .map((r) => ({
          currency: 'USD',
          amount: r.cents,
          workspace_id: r.group,
          description: r.item,
          cost_type: r.model ? 'tokens' : 'web_search',
          context_window: r.model ? '0-200k' : null,
          model: r.model,
          service_tier: r.model ? 'standard' : null,
          token_type: r.model ? 'uncached_input_tokens' : null,
        })),
    }));
  });
  server.on(
    /^\/v1\/organizations\/usage_report\/claude_code$/,
    guard('claude_code', (q) => {
      const day = Date.parse(`${q.get('starting_at') ?? ''}T00:00:00Z`);
      if (Number.isNaN(day)) throw new Error('starting_at must be a UTC date');
      const records = (ledger.claudeCode ?? []).filter((r) => r.day === day);
      const start = Number((q.get('page') ?? 'page_0').replace('page_', ''));
      const data = records.slice(start, start + 1).map((r) => ({
        actor: { type: 'user_actor', email_address: r.email },
        core_metrics: { commits_by_claude_code: 1, lines_of_code: { added: 10, removed: 2 }, num_sessions: 3, pull_requests_by_claude_code: 0 },
        customer_type: r.customerType,
        date: iso(day),
        model_breakdown: [
          {
            estimated_cost: { amount: 186, currency: 'USD' },
            model: r.model,
            tokens: { cache_creation: r.cacheCreation, cache_read: r.cacheRead, input: r.input, output: r.output },
          },
        ],
        organization_id: '12345678-1234-5678-1234-567812345678',
        terminal_type: 'vscode',
        tool_actions: { edit_tool: { accepted: 1, rejected: 0 } },
        subscription_type: r.customerType === 'subscription' ? 'enterprise' : null,
      }));
      const more = start + 1 < records.length;
      return { data, has_more: more, next_page: more ? `page_${start + 1}` : null };
    }),
  );
  server.on(
    /^\/v1\/organizations\/workspaces$/,
    guard('workspaces', (q) =>
      listPage(
        ANTHROPIC_WORKSPACES.map((w) => ({
          id: w.id,
          type: 'workspace',
          name: w.name,
          created_at: '2025-01-01T00:00:00Z',
          archived_at: null,
          display_color: '#6C5BB9',
        })),
        q.get('after_id'),
        1,
      ),
    ),
  );
  server.on(
    /^\/v1\/organizations\/api_keys$/,
    guard('api_keys', (q) =>
      listPage(
        ANTHROPIC_API_KEYS.map((k) => ({
          id: k.id,
          type: 'api_key',
          name: k.name,
          workspace_id: k.workspace_id,
          created_at: '2025-01-01T00:00:00Z',
          created_by: { id: 'user_01', type: 'user' },
          partial_key_hint: 'sk-ant-api03-R2D...igAA',
          status: 'active',
        })),
        q.get('after_id'),
        1,
      ),
    ),
  );
}
