/**
 * Where the CLI writes an export: a file given by --out, written atomically (to a temporary file
 * beside it, renamed over the target only when every byte is written), or standard output, with
 * backpressure. Failures become one line each (OutputError); a closed pipe (`| head -1`) is not
 * a failure.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { type Writable } from 'node:stream';

/** Writing the output failed; the message is one line for the terminal. */
export class OutputError extends Error {
  override readonly name = 'OutputError';
}

/** The reader of standard output went away (`| head -1`): stop quietly. */
export class ClosedOutputError extends Error {
  override readonly name = 'ClosedOutputError';
}

/** A short reason for a file-system error code, or the error's own message. */
export function describeWriteError(error: unknown): string {
  const code = (error as { code?: string }).code;
  switch (code) {
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EDQUOT':
      return 'disk quota exceeded';
    case 'EFBIG':
      return 'the file is larger than the system allows';
    case 'EISDIR':
      return 'it is a folder';
    case 'ENOENT':
      return 'its folder does not exist';
    case 'ENOTDIR':
      return 'a part of its path is not a folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'the file system is read-only';
    case 'EIO':
      return 'input/output error';
    default:
      return ((error as Error).message ?? String(error)).split('\n')[0];
  }
}

/** Writes the pieces to a stream, waiting for it to drain; rejects on the stream's first error. */
async function writeAll(stream: Writable, chunks: Iterable<string>): Promise<void> {
  let failure: Error | undefined;
  const onError = (error: Error): void => {
    failure ??= error;
  };
  stream.on('error', onError);
  try {
    for (const chunk of chunks) {
      if (failure) throw failure;
      if (!stream.write(chunk, 'utf8')) {
        await Promise.race([once(stream, 'drain'), once(stream, 'error')]).catch(() => undefined);
      }
    }
    if (failure) throw failure;
  } finally {
    stream.off('error', onError);
  }
}

/**
 * Writes the pieces to `path` atomically: a temporary file in the same folder, then a rename over
 * the target. On any failure the temporary file is removed and the previous file is untouched.
 */
export async function writeFileAtomic(path: string, chunks: Iterable<string>): Promise<void> {
  const target = await stat(path).catch(() => undefined);
  if (target?.isDirectory()) throw new OutputError(`Cannot write ${path}: it is a folder.`);
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  const stream = createWriteStream(temporary, { flags: 'wx' });
  try {
    await Promise.race([once(stream, 'open'), once(stream, 'error').then(([error]) => Promise.reject(error as Error))]);
    await writeAll(stream, chunks);
    stream.end();
    await once(stream, 'close');
    await rename(temporary, path);
  } catch (error) {
    stream.destroy();
    await unlink(temporary).catch(() => undefined);
    if (error instanceof OutputError) throw error;
    throw new OutputError(`Cannot write ${path}: ${describeWriteError(error)}; nothing was written.`);
  }
}

/** Writes the pieces to standard output (or another stream). A closed pipe throws ClosedOutputError; other failures OutputError. */
export async function writeToStream(stream: Writable, chunks: Iterable<string>): Promise<void> {
  try {
    await writeAll(stream, chunks);
  } catch (error) {
    throw streamError(error);
  }
}

/** The CLI's error for a failure of standard output. */
export function streamError(error: unknown): Error {
  if ((error as { code?: string }).code === 'EPIPE') return new ClosedOutputError('standard output was closed');
  return new OutputError(`Cannot write to standard output: ${describeWriteError(error)}.`);
}

/**
 * A writer for the process's standard output that waits for it to drain and turns its errors into
 * ClosedOutputError / OutputError. Errors that arrive after the last write (the pipe closed or the
 * disk filled while the rest was flushed) end the process: quietly with 0 on a closed pipe, with
 * one line and exit code 2 otherwise.
 */
export function processStdout(): (text: string) => Promise<void> {
  const stdout = process.stdout;
  let failure: Error | undefined;
  let pending = false;
  stdout.on('error', (error: Error) => {
    failure ??= error;
    if (pending) return; // the write in progress reports it
    const problem = streamError(error);
    if (problem instanceof OutputError) process.stderr.write(`usage-explorer: ${problem.message}\n`);
    process.exit(problem instanceof OutputError ? 2 : 0);
  });
  return async (text) => {
    if (failure) throw streamError(failure);
    pending = true;
    try {
      if (!stdout.write(text, 'utf8')) await Promise.race([once(stdout, 'drain'), once(stdout, 'error')]).catch(() => undefined);
      if (failure) throw streamError(failure);
    } finally {
      pending = false;
    }
  };
}
