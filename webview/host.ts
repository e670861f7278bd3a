import { PROTOCOL_VERSION, parseHostMessage, type HostMessage, type RequestMap, type RequestMethod, type WebviewCommand } from '../src/protocol/dashboard';

/** The part of the VS Code webview API the dashboard uses. */
export interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare global {
  // Provided by VS Code inside a webview; the tests provide a stand-in.
  function acquireVsCodeApi(): VsCodeApi;
}

let api: VsCodeApi | undefined;

/** acquireVsCodeApi may be called once per page: keep the one instance here, private to this module. */
export function vscodeApi(): VsCodeApi {
  api ??= acquireVsCodeApi();
  return api;
}

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };

/**
 * The webview's end of the protocol: commands, requests with ids answered by responses, and
 * notifications. Messages from the host are validated before anyone sees them.
 */
export class HostLink {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Set<(message: Exclude<HostMessage, { type: 'response' }>) => void>();
  private readonly onWindowMessage = (event: MessageEvent) => this.receive(event.data);

  constructor(
    private readonly vscode: VsCodeApi = vscodeApi(),
    private readonly target: Window = window,
  ) {
    target.addEventListener('message', this.onWindowMessage);
  }

  /** Says `ready`: the host posts nothing before this. */
  ready(): void {
    this.send({ type: 'ready', protocol: PROTOCOL_VERSION });
  }

  send(command: WebviewCommand): void {
    this.vscode.postMessage(command);
  }

  request<M extends RequestMethod>(method: M, params: RequestMap[M]['params']): Promise<RequestMap[M]['result']> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.vscode.postMessage({ type: 'request', id, method, params });
    });
  }

  onNotification(listener: (message: Exclude<HostMessage, { type: 'response' }>) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private receive(data: unknown): void {
    const message = parseHostMessage(data);
    if (!message) {
      console.warn('Usage Explorer: dropped a malformed message from the host.');
      return;
    }
    if (message.type === 'response') {
      const pending = this.pending.get(message.id);
      if (!pending) return;
      this.pending.delete(message.id);
      if (message.ok) pending.resolve(message.result);
      else pending.reject(new Error(message.error));
      return;
    }
    for (const listener of this.listeners) listener(message);
  }

  dispose(): void {
    this.target.removeEventListener('message', this.onWindowMessage);
    for (const p of this.pending.values()) p.reject(new Error('The dashboard closed.'));
    this.pending.clear();
    this.listeners.clear();
  }
}
