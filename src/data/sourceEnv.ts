import type * as vscode from 'vscode';
import { type ConfigWatcher } from '../config';
import { type UsageLog } from './log';
import { type SourceEnv } from './sources/types';

/** The sources' environment; the `files.*` and `postgres.*` defaults are read from the settings each time asked. */
export function liveSourceEnv(config: ConfigWatcher, secrets: vscode.SecretStorage, log: UsageLog, storageDir: string | undefined): SourceEnv {
  return {
    secrets,
    log,
    storageDir,
    get files() {
      const c = config.config;
      return { include: c.filesInclude, exclude: c.filesExclude, columnMapping: c.columnMapping };
    },
    get postgres() {
      const c = config.config;
      return {
        table: c.postgresTable,
        columnMapping: c.postgresColumnMapping,
        rollup: c.postgresRollup,
        rollupTimeZone: c.postgresRollupTimeZone,
        statementTimeoutSeconds: c.postgresStatementTimeoutSeconds,
      };
    },
  };
}
