export interface PostgresServer {
  host: string;
  port: number;
  user: string;
  database: string;
  config: { host: string; port: number; user: string; database: string };
  connectionString: string;
  dataDir: string;
  logFile: string;
  pid: number;
  logTail(lines?: number): string;
  stop(): Promise<void>;
}

export function postgresBinDir(): string | undefined;
export function startPostgres(options?: { timeoutMs?: number; settings?: Record<string, string | number> }): Promise<PostgresServer>;
