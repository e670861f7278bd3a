/**
 * The agent logs being written now, checked by their size and change time. The editor's file
 * watcher tells about appended requests, but it can miss them: the system's watch limit reached
 * (inotify instances or watches on Linux), a network or WSL mount, or a folder outside the
 * workspace whose watcher is still starting. Polling the few logs changed lately keeps the live
 * view live anyway, at the cost of a few `stat` calls every couple of seconds.
 */
import { stat } from 'node:fs/promises';

/** A log's size and change time as last seen. */
export interface LogStamp {
  size: number;
  mtimeMs: number;
}

/** Logs changed within this time before the last load are polled. */
export const ACTIVE_LOG_AGE_MS = 24 * 60 * 60 * 1000;
/** At most this many logs are polled (the most recently changed). */
export const MAX_ACTIVE_LOGS = 64;

export class ActiveLogs {
  private stamps = new Map<string, LogStamp>();
  private polling = false;

  /** The logs of the last load and their stamps then: those changed lately are polled from now on. */
  track(files: Iterable<[string, LogStamp]>, now = Date.now()): void {
    const recent = [...files].filter(([, stamp]) => now - stamp.mtimeMs <= ACTIVE_LOG_AGE_MS);
    recent.sort((a, b) => b[1].mtimeMs - a[1].mtimeMs);
    this.stamps = new Map(recent.slice(0, MAX_ACTIVE_LOGS).map(([file, stamp]) => [file, { ...stamp }]));
  }

  /** The logs polled. */
  get files(): string[] {
    return [...this.stamps.keys()];
  }

  /**
   * Checks the polled logs once: those whose size or change time differs from what was seen
   * (each change is reported once; a log gone counts as changed). Empty while a check runs.
   */
  async poll(): Promise<string[]> {
    if (this.polling) return [];
    this.polling = true;
    try {
      const entries = [...this.stamps];
      const now = await Promise.all(
        entries.map(([file]) =>
          stat(file).then(
            (s) => ({ size: s.size, mtimeMs: s.mtimeMs }),
            () => undefined,
          ),
        ),
      );
      const changed: string[] = [];
      entries.forEach(([file, before], i) => {
        const after = now[i];
        // Tracked anew while this check ran: the new stamps stand.
        if (this.stamps.get(file) !== before) return;
        if (after === undefined) {
          this.stamps.delete(file);
          changed.push(file);
        } else if (after.size !== before.size || after.mtimeMs !== before.mtimeMs) {
          this.stamps.set(file, after);
          changed.push(file);
        }
      });
      return changed;
    } finally {
      this.polling = false;
    }
  }
}
