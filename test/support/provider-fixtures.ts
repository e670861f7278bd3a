import { type ProviderServer, type Route } from './provider-server';

/**
 * Fixture organisations for the provider sources, answered in the shapes of the OpenAI and
 * Anthropic Admin API references: daily buckets with results, `has_more`/`next_page` paging of
 * buckets, lists paged by `after`/`after_id`, nulls for group fields that do not apply. The
 * ledgers below are the truth the tests compare the engine's figures with.
 */

export const DAY = 86_400_000;

export interface LedgerUsage {
  day: number;
  group: string | null;
  user: string | null;
  apiKey: string | null;
  model: string;
  /** Uncached input. */
  input: number;
  cacheRead: number;
  cache5m: number;
  cache1h: number;
  output: number;
  requests: number;
  /** OpenAI report it comes from. */
  report?: 'completions' | 'embeddings';
}

export interface LedgerCost {
  day: number;
  group: string | null;
  /** The model the line item / description names, or null. */
  model: string | null;
  item: string;
  micros: number;
  /** Anthropic: the amount exactly as sent (cents); default: derived from micros. */
  cents?: string;
}

export interface Ledger {
  days: number[];
  usage: LedgerUsage[];
  costs: LedgerCost[];
}

/** Bucket paging as both providers do it: `pageSize` daily buckets per page, token = next bucket index. */
export function bucketPage<T>(
  days: number[],
  from: number,
  to: number,
  page: string | null,
  pageSize: number,
  bucket: (day: number) => T,
): { data: T[]; has_more: boolean; next_page: string | null } {
  const inRange = days.filter((d) => d >= from && d < to);
  const start = page === null ? 0 : Number(page.replace('page_', ''));
  const slice = inRange.slice(start, start + pageSize);
  const more = start + pageSize < inRange.length;
  return { data: slice.map(bucket), has_more: more, next_page: more ? `page_${start + pageSize}` : null };
}

/** A list paged `pageSize` items at a time by the last id (`after` / `after_id`). */
export function listPage<T extends { id: string }>(
  items: T[],
  after: string | null,
  pageSize: number,
): { data: T[]; has_more: boolean; first_id: string | null; last_id: string | null } {
  const start = after === null ? 0 : items.findIndex((i) => i.id === after) + 1;
  const data = items.slice(start, start + pageSize);
  return { data, has_more: start + pageSize < items.length, first_id: data[0]?.id ?? null, last_id: data[data.length - 1]?.id ?? null };
}

export function daysEndingAt(lastDay: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => lastDay - (count - 1 - i) * DAY);
}

export function requireGroups(query: URLSearchParams, name: string, wanted: string[]): void {
  const got = query.getAll(name);
  for (const g of wanted) if (!got.includes(g)) throw new Error(`missing ${name}=${g}`);
}

// ---------------------------------------------------------------------------------------------
// OpenAI

export const OPENAI_PROJECTS = [
  { id: 'proj_support', name: 'Support Bot' },
  { id: 'proj_contracts', name: 'Contract Reviewer, EU' },
  { id: 'proj_old', name: 'Old Pilot' },
];
export const OPENAI_USERS = [
  { id: 'user_ana', name: 'Ana Lima', email: 'ana@example.com' },
  { id: 'user_bjorn', name: '', email: 'bjorn@example.com' },
];

export function openAiLedger(lastDay: number, count: number): Ledger {
  const days = daysEndingAt(lastDay, count);
  const usage: LedgerUsage[] = [];
  const costs: LedgerCost[] = [];
  const u = (
    day: number,
    group: string | null,
    user: string | null,
    apiKey: string | null,
    model: string,
    input: number,
    cacheRead: number,
    output: number,
    requests: number,
    report: LedgerUsage['report'] = 'completions',
  ): void => {
    usage.push({ day, group, user, apiKey, model, input, cacheRead, cache5m: 0, cache1h: 0, output, requests, report });
  };
  const c = (day: number, group: string | null, model: string | null, kind: string | null, micros: number): void => {
    costs.push({ day, group, model, item: model && kind ? `${model}, ${kind}` : (kind ?? ''), micros });
  };
  days.forEach((day, i) => {
    u(day, 'proj_support', 'user_ana', 'key_ana', 'gpt-4o-2024-08-06', 800 + 10 * i, 200, 300 + i, 5 + i);
    u(day, 'proj_support', 'user_bjorn', 'key_ana', 'gpt-4o-2024-08-06', 3000 - i, 1000 + i, 100, 2);
    u(day, 'proj_support', null, 'key_ci', 'gpt-4o-mini-2024-07-18', 50_000, 0, 7000, 40);
    u(day, 'proj_contracts', 'user_bjorn', 'key_eu', 'gpt-4o-2024-08-06', 9000, 0, 2500, 12);
    u(day, 'proj_support', 'user_ana', 'key_ana', 'text-embedding-3-small', 20_000, 0, 0, 8, 'embeddings');
    if (i % 2 === 0) u(day, null, null, null, 'gpt-4o-mini-2024-07-18', 10, 0, 5, 1);
    c(day, 'proj_support', 'gpt-4o-2024-08-06', 'input', 123_457 + 1001 * i);
    c(day, 'proj_support', 'gpt-4o-2024-08-06', 'output', 500_001);
    c(day, 'proj_support', 'gpt-4o-mini-2024-07-18', 'input', 7500);
    c(day, 'proj_support', 'gpt-4o-mini-2024-07-18', 'output', 4200);
    c(day, 'proj_support', 'text-embedding-3-small', 'input', 400);
    c(day, 'proj_contracts', 'gpt-4o-2024-08-06', 'input', 22_500);
    c(day, 'proj_contracts', 'gpt-4o-2024-08-06', 'cached input', 1);
    c(day, 'proj_contracts', 'gpt-4o-2024-08-06', 'output', 25_000);
    c(day, 'proj_contracts', null, 'web search tool calls', 30_000);
    if (i % 2 === 0) c(day, null, 'gpt-4o-mini-2024-07-18', 'input', 3);
  });
  return { days, usage, costs };
}

export interface MountOptions {
  pageSize?: number;
  /** Paths (under the base) answered 403 instead. */
  forbidden?: string[];
}

/** Serves `ledger` under `/v1` as OpenAI's organisation Admin API. */
export function mountOpenAi(server: ProviderServer, ledger: Ledger, options: MountOptions = {}): void {
  const pageSize = options.pageSize ?? 2;
  const forbidden = new Set(options.forbidden ?? []);
  const guard =
    (path: string, route: Route): Route =>
    (q, p) =>
      forbidden.has(path) ? { status: 403, body: { error: { message: 'forbidden' } } } : route(q, p);
  /** A page of daily buckets of [start_time, end_time), each with `results(day)`. */
  const buckets = (q: URLSearchParams, results: (day: number) => unknown[]): unknown => ({
    object: 'page',
    ...bucketPage(ledger.days, Number(q.get('start_time')) * 1000, Number(q.get('end_time')) * 1000, q.get('page'), pageSize, (day) => ({
      object: 'bucket',
      start_time: day / 1000,
      end_time: (day + DAY) / 1000,
      results: results(day),
    })),
  });
  const usageRoute =
    (report: LedgerUsage['report']) =>
    (q: URLSearchParams): unknown => {
      requireGroups(q, 'group_by', ['project_id', 'user_id', 'api_key_id', 'model']);
      if (q.get('bucket_width') !== '1d') throw new Error('bucket_width must be 1d');
      return buckets(q, (day) =>
        ledger.usage
          .filter((r) => r.day === day && r.report === report)
          .map((r) => ({
            object: `organization.usage.${report}.result`,
            input_tokens: r.input + r.cacheRead,
            ...(report === 'completions'
              ? { input_cached_tokens: r.cacheRead, output_tokens: r.output, input_audio_tokens: 0, output_audio_tokens: 0, batch: null }
              : {}),
            num_model_requests: r.requests,
            project_id: r.group,
            user_id: r.user,
            api_key_id: r.apiKey,
            model: r.model,
          })),
      );
    };
  server.on(/^\/v1\/organization\/usage\/completions$/, usageRoute('completions'));
  server.on(/^\/v1\/organization\/usage\/embeddings$/, usageRoute('embeddings'));
  server.on(/^\/v1\/organization\/usage\/moderations$/, () => ({ status: 403, body: { error: { message: 'not allowed for this key' } } }));
  server.on(/^\/v1\/organization\/usage\/(audio_speeches|audio_transcriptions)$/, (q) => buckets(q, () => []));
  // organization/usage/images is left unrouted: a 404, as for an organisation without it.
  server.on(/^\/v1\/organization\/costs$/, (q) => {
    requireGroups(q, 'group_by', ['project_id', 'line_item']);
    return buckets(q, (day) =>
      ledger.costs
        .filter((r) => r.day === day)
        .map((r) => ({
          object: 'organization.costs.result',
          amount: { value: r.micros / 1_000_000, currency: 'usd' },
          line_item: r.item,
          project_id: r.group,
        })),
    );
  });
  server.on(
    /^\/v1\/organization\/projects$/,
    guard('organization/projects', (q) => ({
      object: 'list',
      ...listPage(
        OPENAI_PROJECTS.map((p) => ({
          id: p.id,
          object: 'organization.project',
          name: p.name,
          created_at: 1711471533,
          archived_at: p.id === 'proj_old' ? 1720000000 : null,
          status: p.id === 'proj_old' ? 'archived' : 'active',
        })),
        q.get('after'),
        1,
      ),
    })),
  );
  server.on(
    /^\/v1\/organization\/users$/,
    guard('organization/users', (q) => ({
      object: 'list',
      ...listPage(
        OPENAI_USERS.map((u) => ({ object: 'organization.user', id: u.id, name: u.name, email: u.email, role: 'owner', added_at: 1711471533 })),
        q.get('after'),
        1,
      ),
    })),
  );
  const keys: Record<string, Array<{ id: string; name: string; owner: unknown }>> = {
    proj_support: [
      {
        id: 'key_ana',
        name: 'ana-laptop',
        owner: {
          type: 'user',
          user: { object: 'organization.project.user', id: 'user_ana', name: 'Ana Lima', email: 'ana@example.com', role: 'owner', added_at: 1711471533 },
        },
      },
      {
        id: 'key_ci',
        name: 'ci',
        owner: {
          type: 'service_account',
          service_account: { object: 'organization.project.service_account', id: 'svc_ci', name: 'ci-runner', role: 'member', created_at: 1711471533 },
        },
      },
    ],
    proj_contracts: [
      {
        id: 'key_eu',
        name: 'eu-reviewer',
        owner: {
          type: 'user',
          user: { object: 'organization.project.user', id: 'user_bjorn', name: '', email: 'bjorn@example.com', role: 'member', added_at: 1711471533 },
        },
      },
    ],
    proj_old: [],
  };
  server.on(/^\/v1\/organization\/projects\/[^/]+\/api_keys$/, (q, path) => {
    const project = decodeURIComponent(path.split('/')[4]);
    if (forbidden.has('api_keys')) return { status: 403, body: { error: { message: 'forbidden' } } };
    const list = (keys[project] ?? []).map((k) => ({
      object: 'organization.project.api_key',
      redacted_value: 'sk-abc...def',
      name: k.name,
      created_at: 1711471533,
      id: k.id,
      owner: k.owner,
    }));
    return { object: 'list', ...listPage(list, q.get('after'), 1) };
  });
}
