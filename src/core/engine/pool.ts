/**
 * A small pool of engine workers (one per core by default). Jobs queue for a free worker;
 * aborting a job terminates the worker running it at once (a parse in progress cannot be
 * interrupted otherwise) and a fresh one takes its place. Idle workers do not keep a process alive.
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { UsageFileError } from '../sources/files/report';
import { type WorkerRequest, type WorkerResponse } from './worker';

export interface WorkerScript {
  /** The worker's file, or (with `eval`) its code. */
  file: string;
  eval?: boolean;
}

/**
 * The worker script next to this code: `engine.worker.js` beside a bundle in dist/ (the extension,
 * the CLI and the bench), or the TypeScript source run through tsx (the unit tests).
 */
export function defaultWorkerScript(): WorkerScript {
  if (__filename.endsWith('.ts')) return { file: `require('tsx/cjs');require(${JSON.stringify(join(__dirname, 'worker.ts'))});`, eval: true };
  return { file: join(__dirname, 'engine.worker.js') };
}

interface Task {
  request: Omit<WorkerRequest, 'id'>;
  transfer: ArrayBuffer[];
  signal?: AbortSignal;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  onAbort?: () => void;
}

interface Slot {
  worker: Worker | undefined;
  task: Task | undefined;
}

let nextId = 1;

export class EnginePool {
  private readonly slots: Slot[];
  private readonly queue: Task[] = [];
  private disposed = false;

  constructor(
    readonly size = availableParallelism(),
    private readonly script: WorkerScript = defaultWorkerScript(),
  ) {
    this.slots = Array.from({ length: Math.max(1, size) }, () => ({ worker: undefined, task: undefined }));
  }

  /** Runs a job on the next free worker; `transfer` buffers move to it (they are unusable here afterwards). */
  run<T>(request: Omit<WorkerRequest, 'id'>, transfer: ArrayBuffer[] = [], signal?: AbortSignal): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.disposed) return reject(new Error('The engine pool was disposed.'));
      signal?.throwIfAborted(); // a throw in the executor rejects with the abort's reason
      const task: Task = { request, transfer, signal, resolve: resolve as (value: unknown) => void, reject };
      if (signal) {
        task.onAbort = () => this.abort(task);
        signal.addEventListener('abort', task.onAbort, { once: true });
      }
      this.queue.push(task);
      this.pump();
    });
  }

  /** Starts every worker now (they boot while the caller does other work), rather than with the first jobs. */
  start(): void {
    if (this.disposed) return;
    for (const slot of this.slots) slot.worker ??= this.spawn(slot);
  }

  /** Terminates every worker; jobs still running or queued fail. */
  async dispose(): Promise<void> {
    this.disposed = true;
    for (const task of this.queue.splice(0)) this.settle(task, false, new Error('The engine pool was disposed.'));
    await Promise.all(
      this.slots.map(async (slot) => {
        const { worker, task } = slot;
        slot.worker = undefined;
        slot.task = undefined;
        if (task) this.settle(task, false, new Error('The engine pool was disposed.'));
        if (worker) await worker.terminate();
      }),
    );
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (slot.task !== undefined) continue;
      const task = this.queue.shift()!;
      slot.task = task;
      const worker = (slot.worker ??= this.spawn(slot));
      worker.ref();
      worker.postMessage({ ...task.request, id: nextId++ }, task.transfer);
    }
  }

  private spawn(slot: Slot): Worker {
    const worker = new Worker(this.script.file, { eval: this.script.eval });
    worker.on('message', (response: WorkerResponse) => {
      // A worker terminated by an abort may still deliver an answer it had sent: the slot's task is
      // another worker's by then (a newer load's), so the answer is dropped, never given to it.
      if (slot.worker !== worker) return;
      const task = slot.task;
      slot.task = undefined;
      worker.unref();
      if (task) {
        if (response.ok) this.settle(task, true, response.result);
        else this.settle(task, false, reviveError(response.error));
      }
      this.pump();
    });
    worker.on('error', (error) => {
      if (slot.worker !== worker) return;
      const task = slot.task;
      slot.task = undefined;
      slot.worker = undefined;
      if (task) this.settle(task, false, error);
      this.pump();
    });
    worker.on('exit', () => {
      if (slot.worker === worker) {
        slot.worker = undefined;
        const task = slot.task;
        slot.task = undefined;
        if (task) this.settle(task, false, new Error('An engine worker stopped unexpectedly.'));
        this.pump();
      }
    });
    worker.unref();
    return worker;
  }

  private abort(task: Task): void {
    const queued = this.queue.indexOf(task);
    if (queued >= 0) this.queue.splice(queued, 1);
    const slot = this.slots.find((s) => s.task === task);
    if (slot) {
      const worker = slot.worker;
      slot.worker = undefined;
      slot.task = undefined;
      void worker?.terminate();
    }
    this.settle(task, false, task.signal!.reason);
    this.pump();
  }

  private settle(task: Task, ok: boolean, value: unknown): void {
    if (task.onAbort) task.signal!.removeEventListener('abort', task.onAbort);
    if (ok) task.resolve(value);
    else task.reject(value);
  }
}

function reviveError(error: { name: string; message: string; file?: string }): Error {
  if (error.name === 'UsageFileError') return new UsageFileError(error.message, error.file ?? '');
  const revived = new Error(error.message);
  revived.name = error.name;
  return revived;
}

let shared: EnginePool | undefined;

/** The process's shared pool (created on first use). */
export function defaultPool(): EnginePool {
  return (shared ??= new EnginePool());
}
