import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { BIN } from './cli.js';

/**
 * `mtlskit serve … --json` as a user runs it: a child process whose stdout is one JSON event per
 * line. Events are queued so a test can wait for the next one (with a deadline) after each client.
 */
export interface ServeProcess {
  port: number;
  child: ChildProcessWithoutNullStreams;
  listening: any;
  /** The next event not yet taken (optionally of one kind), or a rejection after timeoutMs. */
  next(kind?: string, timeoutMs?: number): Promise<any>;
  /** Events received and not yet taken. */
  pending(): any[];
  /** Every stdout line so far. */
  lines(): string[];
  /** Resolves with the first stdout line (seen or to come) matching `pattern`. */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  stderr(): string;
  /** Sends the signal and resolves with the exit code and the last event (the summary). */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; summary: any; stderr: string }>;
}

const running = new Set<ChildProcessWithoutNullStreams>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export function startServe(args: string[], options: { json?: boolean; timeoutMs?: number } = {}): Promise<ServeProcess> {
  const json = options.json ?? true;
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', ...(json ? ['--json'] : []), ...args], {
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  running.add(child);
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const queue: any[] = [];
  const waiters: { kind?: string; resolve: (e: any) => void }[] = [];
  const lines: string[] = [];
  const lineWaiters = new Set<() => void>();
  const deliver = () => {
    for (let w = 0; w < waiters.length; w++) {
      const waiter = waiters[w]!;
      const index = queue.findIndex((e) => !waiter.kind || e.event === waiter.kind);
      if (index >= 0) {
        const [event] = queue.splice(index, 1);
        waiters.splice(w--, 1);
        waiter.resolve(event);
      }
    }
  };
  createInterface({ input: child.stdout }).on('line', (line) => {
    lines.push(line);
    for (const w of lineWaiters) w();
    if (!json) return;
    try {
      queue.push(JSON.parse(line));
    } catch {
      queue.push({ event: 'unparsable', line });
    }
    deliver();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => {
    running.delete(child);
    resolve(code);
  }));

  const next = (kind?: string, timeoutMs = 15_000) =>
    new Promise<any>((resolve, reject) => {
      const timer = setTimeout(() => {
        const i = waiters.indexOf(waiter);
        if (i >= 0) waiters.splice(i, 1);
        reject(new Error(`no ${kind ?? ''} event from serve within ${timeoutMs} ms; stderr: ${stderr}; stdout: ${lines.join('\n')}`));
      }, timeoutMs);
      const waiter = {
        kind,
        resolve: (event: any) => {
          clearTimeout(timer);
          resolve(event);
        },
      };
      waiters.push(waiter);
      deliver();
    });

  const waitForLine = (pattern: RegExp, timeoutMs = 15_000) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const line = lines.find((l) => pattern.test(l));
        if (line === undefined) return;
        lineWaiters.delete(check);
        clearTimeout(timer);
        resolve(line);
      };
      const timer = setTimeout(() => {
        lineWaiters.delete(check);
        reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms; stdout: ${lines.join('\n')}; stderr: ${stderr}`));
      }, timeoutMs);
      lineWaiters.add(check);
      check();
    });

  return new Promise((resolve, reject) => {
    const fail = (why: string) => reject(new Error(`serve did not start (${why}): ${stderr}`));
    const timer = setTimeout(() => fail('timeout'), options.timeoutMs ?? 20_000);
    void exited.then((code) => {
      clearTimeout(timer);
      fail(`exit ${code}`);
    });
    const ready = (listening: any, port: number) => {
      clearTimeout(timer);
      resolve({
        port,
        child,
        listening,
        next,
        pending: () => [...queue],
        lines: () => [...lines],
        waitForLine,
        stderr: () => stderr,
        stop: async (signal = 'SIGTERM') => {
          child.kill(signal);
          const code = await exited;
          return { code, summary: json ? queue[queue.length - 1] : lines.join('\n'), stderr };
        },
      });
    };
    if (json) {
      void next('listening', options.timeoutMs ?? 20_000).then((event) => ready(event, event.port), () => {});
    } else {
      void waitForLine(/listening on \S+:\d+/, options.timeoutMs ?? 20_000).then((line) => ready(null, Number(/:(\d+)/.exec(line.split('listening on ')[1]!)![1])), () => {});
    }
  });
}

