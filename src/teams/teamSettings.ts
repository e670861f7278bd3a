import { applyTeamMapping, parseTeamMapping } from '../core/teams/mapping';
import { type UsageStore } from '../core/store';
import { type UsageExplorerConfig } from '../config';
import { type UsageLog } from '../data/log';

/** The store with `usageExplorer.teams` applied (unchanged when no mapping is set); bad entries are logged and left out. */
export function withTeamSettings(store: UsageStore, config: UsageExplorerConfig, log: UsageLog): UsageStore {
  const { mapping, errors } = parseTeamMapping(config.teams);
  for (const error of errors) log.warn(`usageExplorer.teams: ${error}`);
  return applyTeamMapping(store, mapping);
}
