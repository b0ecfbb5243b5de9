import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { BIN } from './cli.js';

/**
 * Runs a command on a real pseudo-terminal through test/helpers/pty-drive.py (Node has no pty of
 * its own): the child sees TTYs on stdin, stdout and stderr, exactly as in a terminal.
 */
export const PTY_DRIVER = fileURLToPath(new URL('./pty-drive.py', import.meta.url));

export type PtyStep = { expect: string; timeout?: number } | { expect_re: string; timeout?: number } | { send: string };

export interface PtyResult {
  /** Every step matched and the program exited (with any code). */
  ok: boolean;
  exitCode: number | null;
  signal: number | null;
  error: string | null;
  failedStep: number | null;
  /** What the terminal showed, ANSI escape sequences removed. */
  transcript: string;
  raw: string;
}

export const KEY = { down: '\x1b[B', up: '\x1b[A', enter: '\r' } as const;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Waits for an input prompt, types the answer (or nothing: accept the default) and presses Enter. */
export const answer = (prompt: string, text = ''): PtyStep[] => [{ expect: prompt }, { send: `${text}${KEY.enter}` }];

/** Waits for a yes/no prompt and answers it. */
export const confirmStep = (prompt: string, yes: boolean): PtyStep[] => [{ expect: prompt }, { send: `${yes ? 'y' : 'n'}${KEY.enter}` }];

/**
 * Waits for a select prompt whose highlighted choice is `from`, moves down with the arrow key one
 * choice at a time (waiting for each re-render to highlight the next one), presses Enter on
 * `to`, and waits for the answered line "PROMPT TO".
 */
export function choose(prompt: string, choices: readonly string[], from: string, to: string): PtyStep[] {
  const start = choices.indexOf(from);
  const end = choices.indexOf(to);
  if (start < 0 || end < start) throw new Error(`choose: cannot go down from ${from} to ${to} in ${choices.join(', ')}`);
  const steps: PtyStep[] = [{ expect: prompt }, { expect_re: `[❯>] ${escapeRegExp(from)}\\b` }];
  for (let i = start + 1; i <= end; i++) steps.push({ send: KEY.down }, { expect_re: `[❯>] ${escapeRegExp(choices[i]!)}\\b` });
  steps.push({ send: KEY.enter }, { expect: `${prompt} ${to}` });
  return steps;
}

/** The environment a user's terminal has, without anything that would change mtlskit's defaults. */
export function terminalEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value === undefined || /^(MTLSKIT_|NO_COLOR$|FORCE_COLOR$|CI$)/.test(name)) continue;
    env[name] = value;
  }
  return { ...env, TERM: 'xterm-256color', ...extra };
}

/** Spawns `mtlskit ARGS` on a pty in `cwd`, plays `steps`, and waits for it to exit. */
export function runOnPty(args: string[], steps: PtyStep[], options: { cwd: string; env?: Record<string, string>; stepTimeout?: number }): PtyResult {
  const spec = {
    argv: [process.execPath, BIN, ...args],
    cwd: options.cwd,
    env: options.env ?? terminalEnv(),
    rows: 50,
    cols: 200,
    stepTimeout: options.stepTimeout ?? 20,
    exitTimeout: 60,
    steps,
  };
  const child = spawnSync('python3', [PTY_DRIVER], { input: JSON.stringify(spec), encoding: 'utf8', timeout: 120_000 });
  if (child.error) throw child.error;
  try {
    return JSON.parse(child.stdout) as PtyResult;
  } catch {
    throw new Error(`pty-drive.py printed no report (exit ${child.status}):\n${child.stdout}\n${child.stderr}`);
  }
}

/** A readable failure message: what went wrong and the tail of what the terminal showed. */
export const describePty = (r: PtyResult) => `${r.error ?? `exit ${r.exitCode}`}\n--- terminal ---\n${r.transcript.slice(-4000)}`;
