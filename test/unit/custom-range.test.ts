import assert from 'node:assert/strict';
import { customRangePrefill } from '../../src/commands/customRange';
import { resolveRange } from '../../src/core/time';

describe('Custom… range prefill', () => {
  // Noon UTC on 2026-11-15: the same calendar day in Berlin (UTC+1) and Los Angeles (UTC-8).
  const now = Date.UTC(2026, 10, 15, 12);

  for (const timeZone of ['UTC', 'Europe/Berlin', 'America/Los_Angeles', 'Pacific/Kiritimati', 'Pacific/Pago_Pago']) {
    it(`gives the first and last day of the range shown, in ${timeZone}`, () => {
      const mtd = resolveRange('mtd', { timeZone, now });
      const expected = timeZone === 'Pacific/Kiritimati' ? '2026-11-01..2026-11-16' : '2026-11-01..2026-11-15';
      assert.equal(customRangePrefill('mtd', mtd), expected);
      // The prefill selects exactly the days shown.
      const custom = resolveRange(customRangePrefill('mtd', mtd), { timeZone, now });
      assert.equal(custom.current.from, mtd.current.from);
      assert.equal(custom.current.to, mtd.current.to);
    });
  }

  it('keeps a custom range as it is', () => {
    const range = resolveRange('2026-10-01..2026-10-31', { timeZone: 'Europe/Berlin', now });
    assert.equal(customRangePrefill('2026-10-01..2026-10-31', range), '2026-10-01..2026-10-31');
  });
});
