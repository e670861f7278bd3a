import assert from 'node:assert/strict';
import { type UsageRow } from '../../src/core/query';
import { resolveRange } from '../../src/core/time';
import {
  summaryMessage,
  describeRow,
  escapeMarkdown,
  formatChange,
  pathId,
  remainingDimensions,
  rowTooltip,
  shortRange,
  statusBarText,
  statusBarTooltip,
  topRows,
  viewDescription,
} from '../../src/tree/format';

const NOW = Date.UTC(2026, 10, 26, 12);
const range30 = resolveRange('30d', { now: NOW });

function row(overrides: Partial<UsageRow> = {}): UsageRow {
  return {
    id: 'w1',
    name: 'triage-bot',
    runs: 4210,
    users: 7,
    spendMicros: 1_234_560_000,
    share: 0.25,
    previousSpendMicros: 1_000_000_000,
    change: 0.23456,
    ...overrides,
  };
}

describe('tree format', () => {
  it('describes a row as spend and runs', () => {
    assert.equal(describeRow(row(), 'USD'), '$1,234.56 · 4,210 runs');
    assert.equal(describeRow(row({ runs: 1, spendMicros: 500_000 }), 'USD'), '$0.50 · 1 run');
    assert.equal(describeRow(row({ spendMicros: 2_000_000 }), 'EUR'), '€2.00 · 4,210 runs');
  });

  it('formats change with a sign, and "new" without a previous period', () => {
    assert.equal(formatChange(0.23456), '+23.5%');
    assert.equal(formatChange(-0.5), '−50%');
    assert.equal(formatChange(0), '0%');
    assert.equal(formatChange(null), 'new');
  });

  it('tooltips carry share, previous spend and change, and escape names', () => {
    const tip = rowTooltip(row({ name: '[evil](command:x) *bold*' }), { dimension: 'worker', currency: 'USD', range: range30, within: [], demo: true });
    assert.match(tip, /Share \| 25%/);
    assert.match(tip, /Previous period \| \$1,000\.00/);
    assert.match(tip, /Change \| \+23\.5%/);
    assert.match(tip, /Users \| 7/);
    assert.match(tip, /Demo data/);
    assert.ok(!tip.includes('[evil](command:x)'), 'a name must not become a link');
    const userTip = rowTooltip(row(), { dimension: 'user', currency: 'USD', range: range30, within: ['triage-bot', 'Jürgen'], demo: false });
    assert.doesNotMatch(userTip, /\| Users \|/);
    assert.doesNotMatch(userTip, /Demo data/);
    assert.match(userTip, /Share of triage-bot › Jürgen/);
  });

  it('escapes every Markdown character that could build a link or markup', () => {
    assert.equal(escapeMarkdown('a*b_[c](d)'), 'a\\*b\\_\\[c\\]\\(d\\)');
    assert.equal(escapeMarkdown('plain name'), 'plain name');
  });

  it('keeps the top rows and counts the rest', () => {
    const rows = Array.from({ length: 250 }, (_, i) => i);
    assert.deepEqual(topRows(rows, 100).more, 150);
    assert.equal(topRows(rows, 100).shown.length, 100);
    assert.equal(topRows(rows, 100).shown[99], 99);
    assert.deepEqual(topRows([1, 2], 100), { shown: [1, 2], more: 0 });
  });

  it('drills into the dimensions not yet on the path', () => {
    assert.deepEqual(remainingDimensions([]), ['worker', 'user', 'model', 'team']);
    assert.deepEqual(remainingDimensions([{ dimension: 'worker', id: 'a' }]), ['user', 'model']);
    assert.deepEqual(
      remainingDimensions([
        { dimension: 'user', id: 'a' },
        { dimension: 'model', id: 'b' },
      ]),
      ['worker'],
    );
    assert.deepEqual(remainingDimensions([{ dimension: 'team', id: 'a' }]), ['worker', 'user', 'model']);
    assert.deepEqual(
      remainingDimensions([
        { dimension: 'team', id: 'a' },
        { dimension: 'worker', id: 'b' },
      ]),
      ['user', 'model'],
    );
  });

  it('gives unique ids per path, even for ids with separators', () => {
    const a = pathId([{ dimension: 'worker', id: 'a/b' }], 'entity');
    const b = pathId(
      [
        { dimension: 'worker', id: 'a' },
        { dimension: 'user', id: 'b' },
      ],
      'entity',
    );
    assert.notEqual(a, b);
    assert.equal(pathId([], 'list:worker'), 'list:worker');
  });

  it('describes the view and status bar', () => {
    assert.equal(viewDescription(range30, false), 'Last 30 days · UTC');
    assert.equal(viewDescription(range30, true), 'Last 30 days · UTC · Demo data');
    assert.equal(summaryMessage(range30, { runs: 4210, spendMicros: 1_234_560_000 }, 'USD', false), 'Last 30 days · UTC: $1,234.56 · 4,210 runs');
    assert.equal(summaryMessage(range30, { runs: 1, spendMicros: 500_000 }, 'EUR', true), 'Last 30 days · UTC · Demo data: €0.50 · 1 run');
    const totals = { runs: 4210, spendMicros: 1_234_490_000, users: 12, avgCostPerRunMicros: 0 };
    assert.equal(statusBarText(totals, range30, 'USD', false), '$(graph) $1,234 · 30d');
    assert.equal(statusBarText(totals, range30, 'USD', true), '$(graph) $1,234 · 30d (demo)');
    const custom = resolveRange('2026-10-01..2026-10-31', { now: NOW });
    assert.equal(shortRange(custom), '2026-10-01–2026-10-31');
    const tip = statusBarTooltip(totals, { ...totals, spendMicros: 617_245_000 }, range30, 'USD', 'team.usage.csv');
    assert.match(tip, /Runs: 4,210 · Users: 12/);
    assert.match(tip, /\+100% vs previous period/);
    assert.match(tip, /Source: team\.usage\.csv/);
  });
});
