import { hostname } from 'node:os';
import { mkdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { refusedError } from '../errors.js';
import { explainWriteFailure } from './atomic-file.js';

export interface LockOptions {
  /** How long to wait for another process before giving up. Default 60 s. */
  timeoutMs?: number;
  /** A lock older than this is stale even if its process seems alive (pid reuse). Default 10 min. */
  staleMs?: number;
}

interface LockOwner {
  pid: number;
  host: string;
  since: string;
}

/**
 * Runs `work` while holding an exclusive lock file (created with O_EXCL, so only one process wins).
 * A lock left by a process that died — same host, pid no longer running — or an ancient one is
 * taken over, so a crashed `cert create` never wedges the CA.
 */
export async function withLock<T>(lockPath: string, work: () => T | Promise<T>, options: LockOptions = {}): Promise<T> {
  return explainWriteFailure(lockPath, () => lockAndRun(lockPath, work, options));
}

async function lockAndRun<T>(lockPath: string, work: () => T | Promise<T>, options: LockOptions): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const staleMs = options.staleMs ?? 600_000;
  const deadline = Date.now() + timeoutMs;
  mkdirSync(dirname(lockPath), { recursive: true });
  const me: LockOwner = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  let delay = 2;
  for (;;) {
    try {
      writeFileSync(lockPath, JSON.stringify(me), { flag: 'wx', mode: 0o600 });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = readOwner(lockPath);
    if (owner === 'gone') continue;
    if (isStale(lockPath, owner, staleMs)) {
      breakLock(lockPath);
      continue;
    }
    if (Date.now() >= deadline) {
      const who = owner ? `process ${owner.pid} on ${owner.host} since ${owner.since}` : 'another process';
      throw refusedError(`the CA store is locked by ${who}; if no mtlskit is running, delete ${lockPath}`, lockPath);
    }
    // Back off with jitter; lock holders finish in milliseconds.
    await new Promise((resolve) => setTimeout(resolve, delay + Math.random() * delay));
    delay = Math.min(delay * 2, 50);
  }
  try {
    return await work();
  } finally {
    try {
      unlinkSync(lockPath);
    } catch {
      // Already removed by a stale-lock takeover after a very long hold; nothing of ours to clean.
    }
  }
}

function readOwner(lockPath: string): LockOwner | null | 'gone' {
  try {
    return JSON.parse(readFileSync(lockPath, 'utf8')) as LockOwner;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    return null; // being written right now, or garbage: judge it by age alone
  }
}

function isStale(lockPath: string, owner: LockOwner | null, staleMs: number): boolean {
  let age: number;
  try {
    age = Date.now() - statSync(lockPath).mtimeMs;
  } catch {
    return false; // vanished: the next attempt to create it will tell
  }
  if (age > staleMs) return true;
  if (!owner || owner.host !== hostname() || owner.pid === process.pid) return owner === null && age > 5_000;
  try {
    process.kill(owner.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** Renaming first makes the takeover atomic: of two processes breaking the same lock, one wins. */
function breakLock(lockPath: string): void {
  const aside = `${lockPath}.stale.${process.pid}`;
  try {
    renameSync(lockPath, aside);
    unlinkSync(aside);
  } catch {
    // Someone else broke or released it first.
  }
}
