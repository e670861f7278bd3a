import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { CONFIG_SECTION, readSettings, settingDefaults, SETTINGS, SETTING_GROUPS } from '../../src/settings';

interface Property {
  default?: unknown;
  enum?: unknown[];
}

const ROOT = path.resolve(__dirname, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, Property> } };
};
const declared = pkg.contributes.configuration.properties;

describe('settings table (src/settings.ts)', () => {
  it('has exactly the settings package.json declares, with the same defaults', () => {
    const defaults = settingDefaults();
    assert.deepEqual(Object.keys(defaults).sort(), Object.keys(declared).sort());
    for (const [key, value] of Object.entries(defaults)) assert.deepEqual(value, declared[key].default, key);
  });

  it('reads the defaults when nothing is set, and each default reads back as itself', () => {
    const unset = readSettings(() => undefined);
    for (const [name, s] of Object.entries(SETTINGS)) {
      assert.deepEqual(unset[name as keyof typeof unset], s.default, name);
      assert.deepEqual(s.read(s.default), s.default, name);
    }
  });

  it('accepts exactly the enum values package.json allows', () => {
    const values = declared[`${CONFIG_SECTION}.${SETTINGS.source.key}`].enum!;
    for (const v of values) assert.equal(SETTINGS.source.read(v), v);
    assert.equal(SETTINGS.source.read('ftp'), 'auto');
  });

  it('types raw values: trims text, upper-cases the currency, drops bad numbers and unknown mapping fields', () => {
    const raw: Record<string, unknown> = {
      source: 'files',
      'files.include': '  ',
      'files.exclude': '',
      'files.columnMapping': { cost: ' Billed (USD) ', nonsense: 'x', model: '' },
      'http.baseUrl': ' https://usage.example.com/api ',
      defaultTimeRange: ' 7d ',
      timeZone: '',
      currency: 'eur',
      workerUrlTemplate: 42,
      autoRefreshMinutes: -5,
      'statusBar.enabled': false,
      'postgres.table': ' analytics.usage_events ',
      'postgres.columnMapping': { cost: 'amount_usd', runs: '', bad: 7 },
      'postgres.statementTimeoutSeconds': -1,
      budgets: { scope: 'workspace' },
      budgetThresholds: [100, 'x', 80, -1, 80],
      teams: ['not', 'an', 'object'],
      'agentLogs.user': ' ana@example.com ',
      'agentLogs.history': 'yes',
      'agentLogs.subscriptions': 200,
      'pricing.overrides': ['not', 'an', 'object'],
    };
    assert.deepEqual(
      readSettings((key) => raw[key]),
      {
        sources: [],
        source: 'files',
        filesInclude: SETTINGS.filesInclude.default,
        filesExclude: '',
        columnMapping: { cost: 'Billed (USD)' },
        httpBaseUrl: 'https://usage.example.com/api',
        defaultTimeRange: '7d',
        timeZone: 'UTC',
        currency: 'EUR',
        workerUrlTemplate: '',
        autoRefreshMinutes: 0,
        statusBarEnabled: false,
        postgresTable: 'analytics.usage_events',
        postgresColumnMapping: { cost: 'amount_usd' },
        postgresRollup: '',
        postgresRollupTimeZone: 'UTC',
        postgresStatementTimeoutSeconds: 30,
        budgets: [],
        budgetThresholds: [80, 100],
        teams: {},
        agentLogsUser: 'ana@example.com',
        agentLogsHistory: true,
        agentLogsSubscriptions: {},
        pricingOverrides: {},
        providersOverlap: 'bill',
      },
    );
    assert.equal(SETTINGS.postgresStatementTimeoutSeconds.read(5), 5);
    assert.deepEqual(SETTINGS.budgetThresholds.read([]), [50, 80, 100]);
    assert.equal(SETTINGS.autoRefreshMinutes.read(Number.NaN), 0);
    assert.equal(SETTINGS.autoRefreshMinutes.read(2.5), 2.5);
  });

  it('groups only declared keys', () => {
    for (const key of Object.values(SETTING_GROUPS).flat()) assert.ok(`${CONFIG_SECTION}.${key}` in declared, key);
  });
});
