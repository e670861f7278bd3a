import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type Socket } from 'node:net';
import { listenOnLoopback } from './loopback';

/**
 * A real HTTP server on 127.0.0.1 (ephemeral port) that plays a scripted list of responses,
 * one per request, and records every request. Used by the HTTP source's tests instead of
 * any fetch double: the client's real networking, timeouts and aborts are exercised.
 */

/** What the server does for one request. */
export type Step =
  | {
      status?: number;
      headers?: Record<string, string>;
      /** A string is sent as is; anything else is sent as JSON. */
      body?: unknown;
      /** Wait this long before answering. */
      delayMs?: number;
    }
  /** Never answer (the client must time out or cancel). */
  | 'hang'
  /** Drop the connection without a response (a network error for the client). */
  | 'drop'
  /** Send the status line and half a body, then drop the connection. */
  | 'truncate'
  | ((req: IncomingMessage, res: ServerResponse) => void);

export interface RecordedRequest {
  method: string;
  /** Path and query as sent. */
  url: string;
  pathname: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** performance.now() when the request arrived. */
  at: number;
}

export class UsageServer {
  readonly requests: RecordedRequest[] = [];
  private script: Step[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly server: Server;
  private port = 0;

  constructor() {
    this.server = createServer((req, res) => this.handle(req, res));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  /** Starts listening on 127.0.0.1 and an ephemeral port. */
  async start(): Promise<void> {
    this.port = await listenOnLoopback(this.server);
  }

  /** `http://127.0.0.1:<port>` plus an optional path, e.g. `/api/v1/`. */
  url(path = ''): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  /** Sets the responses for the next requests, in order, and forgets recorded requests. */
  play(...steps: Step[]): void {
    this.script = [...steps];
    this.requests.length = 0;
  }

  /** Drops every open connection (e.g. requests left hanging by a test). */
  dropConnections(): void {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }

  async close(): Promise<void> {
    this.dropConnections();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    this.requests.push({
      method: req.method ?? '',
      url: req.url ?? '',
      pathname: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      at: performance.now(),
    });
    // No keep-alive: every request gets a fresh connection, so no test inherits another's socket.
    res.shouldKeepAlive = false;
    const step = this.script.shift();
    if (step === undefined) {
      // 418 is not retried, so an unexpected extra request shows up at once as a failure.
      send(res, { status: 418, body: { message: 'no scripted response for this request' } });
      return;
    }
    if (step === 'hang') return;
    if (step === 'drop') {
      req.socket.destroy();
      return;
    }
    if (step === 'truncate') {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '1000' });
      res.write('{"events": [');
      setTimeout(() => req.socket.destroy(), 20);
      return;
    }
    if (typeof step === 'function') {
      step(req, res);
      return;
    }
    if (step.delayMs) setTimeout(() => send(res, step), step.delayMs);
    else send(res, step);
  }
}

function send(res: ServerResponse, step: { status?: number; headers?: Record<string, string>; body?: unknown }): void {
  if (res.destroyed) return;
  const text = step.body === undefined ? '' : typeof step.body === 'string' ? step.body : JSON.stringify(step.body);
  const headers: Record<string, string> = {
    'Content-Type': typeof step.body === 'string' ? 'text/plain; charset=utf-8' : 'application/json',
    ...step.headers,
  };
  res.writeHead(step.status ?? 200, headers);
  res.end(text);
}

/** A contract page: `{ events, nextCursor }`. */
export function page(events: unknown[], nextCursor: string | null = null): { status: number; body: unknown } {
  return { status: 200, body: { events, nextCursor } };
}
