import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { link, mkdir, open, rename, rm, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { inputError, MtlskitError, refusedError } from '../errors.js';

/** A file an engine wants written. Private keys and anything holding one use mode 0o600. */
export interface PlannedFile {
  path: string;
  data: string | Buffer;
  mode: number;
}

export const PRIVATE = 0o600;
export const PUBLIC = 0o644;

/** Refuses before anything is written when a target exists and overwriting was not asked for. */
export function assertWritable(paths: readonly string[], force: boolean): void {
  if (force) return;
  const existing = paths.find((path) => existsSync(path));
  if (existing) throw refusedError(`${existing} already exists; nothing was written (pass --force to replace it)`, existing);
}

/**
 * Writes through a temporary file in the same folder, fsynced, then moved into place, so a crash
 * leaves either the old file or the new one, never half of either. Without `overwrite` the move is
 * a hard link, which fails if the target appeared meanwhile (no clobbering between processes).
 * Asynchronous so that many files are written (and fsynced) concurrently on the thread pool.
 */
export async function writeFileAtomic(file: PlannedFile, overwrite: boolean): Promise<void> {
  await explainWriteFailure(file.path, async () => {
    await mkdir(dirname(file.path), { recursive: true });
    await replaceFile(file, overwrite);
  });
}

const WRITE_FAILURES: Record<string, string> = {
  ENOTDIR: 'a part of the path is a file, not a folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is exhausted',
  EISDIR: 'a folder has that name',
};

/** A folder that cannot be written is bad input naming the path (exit 3), not an internal error. */
export async function explainWriteFailure<T>(path: string, work: () => Promise<T> | T): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (error instanceof MtlskitError || !code || !(code in WRITE_FAILURES)) throw error;
    throw inputError(`cannot write ${path}: ${WRITE_FAILURES[code]} (${code}); choose another folder with --out or --dir`, { subject: path, cause: error });
  }
}

async function replaceFile(file: PlannedFile, overwrite: boolean): Promise<void> {
  const temp = `${file.path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const handle = await open(temp, 'wx', file.mode);
  try {
    await handle.writeFile(file.data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    if (overwrite) {
      await rename(temp, file.path);
    } else {
      try {
        await link(temp, file.path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
          throw refusedError(`${file.path} already exists; it was left as it was (pass --force to replace it)`, file.path);
        }
        throw error;
      }
      await unlink(temp);
    }
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

export async function writeFilesAtomic(files: readonly PlannedFile[], overwrite: boolean): Promise<void> {
  assertWritable(files.map((f) => f.path), overwrite);
  await Promise.all([...new Set(files.map((f) => dirname(f.path)))].map((dir) => explainWriteFailure(dir, () => mkdir(dir, { recursive: true }))));
  await Promise.all(files.map((file) => explainWriteFailure(file.path, () => replaceFile(file, overwrite))));
}

/** Appends one line with a single write(2) on an O_APPEND descriptor, then fsyncs. Callers hold the store lock. */
export function appendLine(path: string, line: string, mode = PUBLIC): void {
  mkdirSync(dirname(path), { recursive: true });
  const fd = openSync(path, 'a', mode);
  try {
    writeSync(fd, Buffer.from(`${line}\n`));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
