import { type ConfigWatcher } from '../config';
import { messageOf } from '../core/errors';
import { isCurrencyCode } from '../core/money';
import { normalizeTimeZone } from '../core/time';
import { type UsageLog } from './log';

/** The views' time zone and currency as the settings give them: a bad zone is UTC (warned once per value), a bad currency USD. */
export class ViewSettings {
  private warnedTimeZone: string | undefined;

  constructor(
    private readonly config: ConfigWatcher,
    private readonly log: UsageLog,
  ) {}

  get timeZone(): string {
    const setting = this.config.config.timeZone;
    try {
      return normalizeTimeZone(setting);
    } catch (error) {
      if (this.warnedTimeZone !== setting) {
        this.warnedTimeZone = setting;
        this.log.warn(`usageExplorer.timeZone: ${messageOf(error)} Using UTC.`);
      }
      return 'UTC';
    }
  }

  get currency(): string {
    const code = this.config.config.currency;
    return isCurrencyCode(code) ? code : 'USD';
  }
}
