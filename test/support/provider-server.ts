import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { listenOnLoopback } from './loopback';

/**
 * A real HTTP server on 127.0.0.1 that answers by path, as a provider's Admin API does, and
 * records every request. Routes return a JSON body (200) or `{ status, body, headers }`.
 * `failNext(path, status, headers)` makes the next request to a path fail once (e.g. a 429).
 */

export interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type Route = (query: URLSearchParams, path: string) => unknown;

export interface RecordedProviderRequest {
  pathname: string;
  query: URLSearchParams;
  /** Path and query exactly as sent. */
  url: string;
  headers: IncomingHttpHeaders;
}

export class ProviderServer {
  readonly requests: RecordedProviderRequest[] = [];
  private readonly routes: Array<{ pattern: RegExp; route: Route }> = [];
  private readonly failures = new Map<string, Answer[]>();
  private gate: Promise<void> | undefined;
  private readonly server: Server;
  private port = 0;

  constructor() {
    this.server = createServer((req, res) => this.handle(req, res));
  }

  async start(): Promise<void> {
    this.port = await listenOnLoopback(this.server);
  }

  url(path = ''): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  /** Answers requests whose path matches `pattern` (anchored by the caller). */
  on(pattern: RegExp, route: Route): this {
    this.routes.push({ pattern, route });
    return this;
  }

  /** The next request to `pathname` gets `answer` instead of its route's. */
  failNext(pathname: string, answer: Answer): void {
    const list = this.failures.get(pathname) ?? [];
    list.push(answer);
    this.failures.set(pathname, list);
  }

  /** Requests to a path (without query). */
  requestsTo(pathname: string): RecordedProviderRequest[] {
    return this.requests.filter((r) => r.pathname === pathname);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Holds every answer (requests are recorded) until the returned function is called. */
  hold(): () => void {
    let release!: () => void;
    this.gate = new Promise<void>((resolve) => (release = resolve));
    return () => {
      this.gate = undefined;
      release();
    };
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    this.requests.push({ pathname: url.pathname, query: url.searchParams, url: req.url ?? '', headers: req.headers });
    res.shouldKeepAlive = false;
    if (this.gate) void this.gate.then(() => this.answer(url, res));
    else this.answer(url, res);
  }

  private answer(url: URL, res: ServerResponse): void {
    const failure = this.failures.get(url.pathname)?.shift();
    if (failure) return send(res, failure);
    const match = this.routes.find((r) => r.pattern.test(url.pathname));
    if (!match) return send(res, { status: 404, body: { error: { message: `no route for ${url.pathname}` } } });
    try {
      const result = match.route(url.searchParams, url.pathname);
      send(res, isAnswer(result) ? result : { status: 200, body: result });
    } catch (error) {
      send(res, { status: 400, body: { error: { message: (error as Error).message } } });
    }
  }
}

function isAnswer(value: unknown): value is Answer {
  return (
    typeof value === 'object' &&
    value !== null &&
    'status' in value &&
    typeof (value as Answer).status === 'number' &&
    !('object' in value) &&
    !('data' in value)
  );
}

function send(res: ServerResponse, answer: Answer): void {
  res.writeHead(answer.status, { 'Content-Type': 'application/json', ...answer.headers });
  res.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
}
