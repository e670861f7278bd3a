import { type UsageEvent } from '../model';
import { type StoreBuilder } from '../storeBuilder';
import { DAY_MS, dayOf } from '../time';

/**
 * A deterministic, realistic demo workspace, so the product works on first open:
 * a dozen workers, a few dozen users, eight models priced per token, 180 days ending
 * today with a weekday rhythm, growth, and one obvious spike. Same seed, same day -> same data.
 */

interface ModelSpec {
  id: string;
  /** USD per million input / output tokens; 1 USD per million tokens = 1 micro per token. */
  input: number;
  output: number;
}

const MODELS: readonly ModelSpec[] = [
  { id: 'gpt-4o', input: 2.5, output: 10 },
  { id: 'gpt-4o-mini', input: 0.15, output: 0.6 },
  { id: 'claude-3-5-sonnet', input: 3, output: 15 },
  { id: 'claude-3-5-haiku', input: 0.8, output: 4 },
  { id: 'gemini-1.5-pro', input: 1.25, output: 5 },
  { id: 'gemini-1.5-flash', input: 0.075, output: 0.3 },
  { id: 'llama-3.1-70b', input: 0.88, output: 0.88 },
  { id: 'mistral-large', input: 2, output: 6 },
];

interface WorkerSpec {
  name: string;
  /** Relative share of runs. */
  weight: number;
  /** Model indexes and their weights. */
  models: readonly [number, number][];
  /** Typical tokens per run. */
  inputTokens: number;
  outputTokens: number;
  /** How many users invoke it. */
  audience: number;
}

const WORKERS: readonly WorkerSpec[] = [
  {
    name: 'Support Triage Bot',
    weight: 22,
    models: [
      [1, 6],
      [3, 2],
    ],
    inputTokens: 1800,
    outputTokens: 350,
    audience: 14,
  },
  {
    name: 'Sales Email Drafter',
    weight: 14,
    models: [
      [0, 3],
      [1, 2],
    ],
    inputTokens: 1200,
    outputTokens: 600,
    audience: 10,
  },
  {
    name: 'Contract Reviewer',
    weight: 5,
    models: [
      [2, 5],
      [0, 1],
    ],
    inputTokens: 14000,
    outputTokens: 1800,
    audience: 5,
  },
  {
    name: 'Meeting Summarizer',
    weight: 12,
    models: [
      [4, 3],
      [5, 2],
    ],
    inputTokens: 9000,
    outputTokens: 700,
    audience: 24,
  },
  {
    name: 'SEO Blog Writer',
    weight: 6,
    models: [
      [0, 2],
      [7, 1],
    ],
    inputTokens: 2500,
    outputTokens: 2600,
    audience: 4,
  },
  {
    name: 'Code Review Assistant',
    weight: 11,
    models: [
      [2, 4],
      [3, 1],
    ],
    inputTokens: 7000,
    outputTokens: 900,
    audience: 12,
  },
  {
    name: 'Lead Enrichment Agent',
    weight: 9,
    models: [
      [1, 3],
      [6, 2],
    ],
    inputTokens: 3000,
    outputTokens: 400,
    audience: 6,
  },
  {
    name: 'Invoice Extractor',
    weight: 8,
    models: [
      [5, 4],
      [4, 1],
    ],
    inputTokens: 5000,
    outputTokens: 500,
    audience: 5,
  },
  {
    name: 'Research Analyst',
    weight: 4,
    models: [
      [2, 3],
      [0, 2],
      [4, 1],
    ],
    inputTokens: 20000,
    outputTokens: 3000,
    audience: 8,
  },
  {
    name: 'HR Policy Q&A',
    weight: 5,
    models: [
      [3, 3],
      [1, 2],
    ],
    inputTokens: 2200,
    outputTokens: 300,
    audience: 30,
  },
  {
    name: 'Social Post Generator',
    weight: 3,
    models: [
      [7, 2],
      [1, 1],
    ],
    inputTokens: 900,
    outputTokens: 400,
    audience: 4,
  },
  {
    name: 'Data Cleanup Agent',
    weight: 4,
    models: [
      [6, 3],
      [5, 2],
    ],
    inputTokens: 6000,
    outputTokens: 1500,
    audience: 3,
  },
];

const USERS: readonly string[] = [
  'Maya Patel',
  'Liam Chen',
  'Sofia Rossi',
  'Noah Williams',
  'Aiko Tanaka',
  'José García',
  'Chloé Dubois',
  'Łukasz Nowak',
  'Nguyễn Thị Lan',
  'Jürgen Weiß',
  'Amara Okafor',
  'Ethan Brooks',
  'Priya Sharma',
  'Oliver Smith',
  'Zoë Lindqvist',
  'Mateo Fernández',
  'Hannah Kim',
  'Lucas Martin',
  'Fatima Al-Sayed',
  'Björn Ångström',
  'Grace Murphy',
  'Daniel Cohen',
  'Isabella Costa',
  'Ravi Iyer',
  'Emily Johnson',
  '李娜',
  'Kwame Mensah',
  'Ana Sofía Ríos',
  'Tomás O’Brien',
  'Elif Yılmaz',
  'Sven Larsen',
  'Chiara Bianchi',
  'Yusuf Demir',
  'Olivia Taylor',
  'Mei Lin Wong',
  'Pavel Dvořák',
];

export interface DemoOptions {
  /** PRNG seed; the same seed and end day give the same events. */
  seed?: number;
  /** Days of history, ending with the day of `now` (UTC). */
  days?: number;
  now?: number;
  /** Mean events on a weekday at the start; it grows about 60% over the period. */
  eventsPerDay?: number;
  /** More workers, users and models than the curated lists get generated names (for benchmarks). */
  workers?: number;
  users?: number;
  models?: number;
}

/** mulberry32: small, fast, deterministic. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pickWeighted<T>(items: readonly T[], weights: readonly number[], r: number): T {
  const total = weights.reduce((s, w) => s + w, 0);
  let x = r * total;
  for (let i = 0; i < items.length; i++) {
    x -= weights[i];
    if (x < 0) return items[i];
  }
  return items[items.length - 1];
}

function slug(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

interface Plan {
  workers: { id: string; spec: WorkerSpec; users: number[]; userWeights: number[] }[];
  workerWeights: number[];
  models: ModelSpec[];
  users: { id: string; name: string }[];
}

function plan(options: Required<Pick<DemoOptions, 'workers' | 'users' | 'models'>>, random: () => number): Plan {
  const models: ModelSpec[] = [];
  for (let i = 0; i < options.models; i++) {
    const base = MODELS[i % MODELS.length];
    models.push(i < MODELS.length ? base : { ...base, id: `${base.id}-v${Math.floor(i / MODELS.length) + 1}` });
  }
  const users: { id: string; name: string }[] = [];
  for (let i = 0; i < options.users; i++) {
    const base = USERS[i % USERS.length];
    const name = i < USERS.length ? base : `${base} ${Math.floor(i / USERS.length) + 1}`;
    const local = slug(name) || `user-${i + 1}`;
    users.push({ id: `${local}@example.com`, name });
  }
  const workers: Plan['workers'] = [];
  for (let i = 0; i < options.workers; i++) {
    const base = WORKERS[i % WORKERS.length];
    const round = Math.floor(i / WORKERS.length);
    const spec: WorkerSpec = {
      ...base,
      name: round === 0 ? base.name : `${base.name} ${round + 1}`,
      models: base.models.map(([m, w]) => [(m + round * 3) % models.length, w] as [number, number]),
      audience: Math.max(1, Math.round((base.audience * options.users) / USERS.length)),
    };
    // Each worker has its own audience; within it a few people do most of the work.
    const chosen = new Set<number>();
    while (chosen.size < Math.min(spec.audience, users.length)) chosen.add(Math.floor(random() * users.length));
    const audience = [...chosen];
    workers.push({ id: slug(spec.name), spec, users: audience, userWeights: audience.map((_, k) => 1 / (k + 1)) });
  }
  return { workers, workerWeights: workers.map((w) => w.spec.weight), models, users };
}

/** Yields the demo events in time order. */
export function* generateDemoEvents(options: DemoOptions = {}): Generator<UsageEvent> {
  const random = prng(options.seed ?? 20241206);
  const days = options.days ?? 180;
  const now = options.now ?? Date.now();
  const lastDay = dayOf(now, 'UTC');
  const firstDay = lastDay - days + 1;
  const perDay = options.eventsPerDay ?? 230;
  const p = plan({ workers: options.workers ?? WORKERS.length, users: options.users ?? USERS.length, models: options.models ?? MODELS.length }, random);
  const spikeDay = lastDay - 23;
  const spikeWorker = p.workers.find((w) => w.spec.name === 'Research Analyst') ?? p.workers[0];

  for (let day = firstDay; day <= lastDay; day++) {
    const progress = (day - firstDay) / Math.max(1, days - 1);
    const weekday = new Date(day * DAY_MS).getUTCDay();
    const rhythm = weekday === 0 || weekday === 6 ? 0.3 : 1;
    const count = Math.round(perDay * (1 + 0.6 * progress) * rhythm * (0.85 + 0.3 * random()));
    const slots: { time: number; spike: boolean }[] = [];
    for (let k = 0; k < count; k++) {
      // Mostly working hours (UTC 07-19), some around the clock.
      const hour = random() < 0.85 ? 7 + random() * 12 : random() * 24;
      slots.push({ time: day * DAY_MS + Math.floor(hour * 3_600_000), spike: false });
    }
    if (day === spikeDay) {
      // A batch research job on a pricey model: the spike a user should spot at once.
      for (let k = 0; k < 140; k++) slots.push({ time: day * DAY_MS + 13 * 3_600_000 + k * 20_000, spike: true });
    }
    slots.sort((a, b) => a.time - b.time);
    for (const { time, spike: inSpike } of slots) {
      // Nothing after "now": today is a partial day, as it would be in real data.
      if (time > now) break;
      const worker = inSpike ? spikeWorker : pickWeighted(p.workers, p.workerWeights, random());
      const user = p.users[pickWeighted(worker.users, worker.userWeights, random())];
      const modelIndex = inSpike
        ? 2 % p.models.length
        : pickWeighted(
            worker.spec.models.map(([m]) => m),
            worker.spec.models.map(([, w]) => w),
            random(),
          );
      const model = p.models[modelIndex];
      // An agent run makes several model calls: about ten times the tokens of one prompt.
      const scale = inSpike ? 12 : 4 + random() * 12;
      const inputTokens = Math.round(worker.spec.inputTokens * scale);
      const outputTokens = Math.round(worker.spec.outputTokens * scale * (0.6 + random() * 0.8));
      const runs = random() < 0.08 ? 2 + Math.floor(random() * 4) : 1;
      yield {
        timestamp: time,
        workerId: worker.id,
        workerName: worker.spec.name,
        userId: user.id,
        userName: user.name,
        model: model.id,
        runs,
        costMicros: Math.round(runs * (inputTokens * model.input + outputTokens * model.output)),
        inputTokens: inputTokens * runs,
        outputTokens: outputTokens * runs,
      };
    }
  }
}

/** Adds the demo workspace to a builder; returns the number of events. */
export function loadDemo(builder: StoreBuilder, options: DemoOptions = {}): number {
  let n = 0;
  for (const event of generateDemoEvents(options)) {
    builder.add(event);
    n++;
  }
  return n;
}
