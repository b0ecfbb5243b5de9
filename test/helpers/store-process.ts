import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, type CliResult } from './cli.js';

/**
 * Process plumbing for the CA store tests: a CLI run whose stderr can be watched while it runs,
 * a probe that reports when the CLI reads the store's lock file, and event waits with deadlines
 * (never sleeps).
 */

/** Rejects with `what` if `promise` has not settled within `ms`. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Resolves with the exit code (or signal) once `child` has exited. */
export function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
}

/** Spawns a command and waits for it to exit; gives its pid, which then belongs to no live process. */
export async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
  const pid = child.pid;
  if (pid === undefined) throw new Error('could not spawn node -e 0');
  await withTimeout(exited(child), 30_000, 'node -e 0 to exit');
  return pid;
}

/** A long-lived process (it never exits on its own); kill it when done. */
export async function liveProcess(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  await withTimeout(
    new Promise<void>((resolve, reject) => {
      child.once('spawn', () => resolve());
      child.once('error', reject);
    }),
    30_000,
    'long-lived child to start',
  );
  return child;
}

export interface RunningCli {
  child: ChildProcess;
  /** Settles with the whole run once the process has closed its output. */
  done: Promise<CliResult>;
  /** Everything written to stderr so far. */
  stderr: () => string;
  /**
   * Resolves once `count` stderr lines match `pattern`; rejects if the process exits first or
   * the deadline passes.
   */
  stderrLines: (pattern: RegExp, count: number, timeoutMs: number) => Promise<void>;
}

/** Runs `mtlskit ARGS` in the background, like the helper in cli.ts but observable while it runs. */
export function startCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): RunningCli {
  const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, MTLSKIT_DIR: undefined, MTLSKIT_CA_PASSPHRASE: undefined, MTLSKIT_P12_PASSWORD: undefined, ...options.env };
  const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const listeners = new Set<() => void>();
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
    for (const listener of listeners) listener();
  });
  child.stdin!.end('');
  const done = new Promise<CliResult>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      let json: unknown;
      try {
        json = JSON.parse(stdout);
      } catch {
        json = undefined;
      }
      resolve({ code: code ?? -1, stdout, stderr, json });
      for (const listener of listeners) listener();
    });
  });
  const stderrLines = (pattern: RegExp, count: number, timeoutMs: number) =>
    withTimeout(
      new Promise<void>((resolve, reject) => {
        const check = () => {
          const seen = stderr.split('\n').filter((line) => pattern.test(line)).length;
          if (seen >= count) {
            listeners.delete(check);
            resolve();
          } else if (child.exitCode !== null || child.signalCode !== null) {
            listeners.delete(check);
            reject(new Error(`mtlskit exited (code ${child.exitCode}) after ${seen} of ${count} lines matching ${pattern}; stderr:\n${stderr}`));
          }
        };
        listeners.add(check);
        check();
      }),
      timeoutMs,
      `${count} stderr lines matching ${pattern}; stderr so far:\n${stderr}`,
    );
  return { child, done, stderr: () => stderr, stderrLines };
}

export const LOCK_PROBE_LINE = 'mtlskit-test-probe: read .lock';

/**
 * Writes a CommonJS preload (for NODE_OPTIONS=--require) that prints LOCK_PROBE_LINE to stderr each
 * time the CLI reads a file named `.lock`. The store's lock reads its owner on every attempt, so
 * the lines show a waiting process going round its retry loop. Returns the NODE_OPTIONS value.
 */
export function writeLockProbe(dir: string): string {
  const file = join(dir, 'store-lock-probe.cjs');
  writeFileSync(
    file,
    `'use strict';
const fs = require('node:fs');
const { syncBuiltinESMExports } = require('node:module');
const original = fs.readFileSync;
fs.readFileSync = function readFileSync(path, ...rest) {
  if (typeof path === 'string' && /[\\\\/]\\.lock$/.test(path)) fs.writeSync(2, ${JSON.stringify(`${LOCK_PROBE_LINE}\n`)});
  return original.call(this, path, ...rest);
};
// ES modules imported { readFileSync } from 'node:fs': make their binding see the wrapper too.
syncBuiltinESMExports();
`,
  );
  return `--require ${file}`;
}

/** Every file under `dir` (relative paths), recursively. */
export function listFiles(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
    .filter((entry) => !entry.isDirectory())
    .map((entry) => join(entry.parentPath ?? (entry as unknown as { path: string }).path, entry.name).slice(dir.length + 1));
}
