import type * as vscode from 'vscode';

const KEPT_LINES = 500;

/**
 * The "Usage Explorer" log as the host code writes to it. It forwards to the LogOutputChannel
 * and keeps the last lines in memory, so the extension-host tests can check what was logged
 * (for instance, that the API key never was).
 */
export class UsageLog {
  private readonly lines: string[] = [];

  constructor(readonly channel: vscode.LogOutputChannel) {}

  info(message: string): void {
    this.keep('info', message);
    this.channel.info(message);
  }

  warn(message: string): void {
    this.keep('warn', message);
    this.channel.warn(message);
  }

  error(message: string | Error): void {
    const text = message instanceof Error ? `${message.name}: ${message.message}` : message;
    this.keep('error', text);
    this.channel.error(text);
  }

  debug(message: string): void {
    this.keep('debug', message);
    this.channel.debug(message);
  }

  show(): void {
    this.channel.show(true);
  }

  /** The last lines written, oldest first, as `[level] message`. */
  recent(): readonly string[] {
    return this.lines;
  }

  private keep(level: string, message: string): void {
    this.lines.push(`[${level}] ${message}`);
    if (this.lines.length > KEPT_LINES) this.lines.splice(0, this.lines.length - KEPT_LINES);
  }
}
