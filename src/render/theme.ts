import type { ChalkInstance } from 'chalk';

export interface ColorSettings {
  /** `--no-color` was given. */
  noColorFlag: boolean;
  env: NodeJS.ProcessEnv;
  isTTY: boolean;
}

/**
 * Colour level from the conventions users expect: FORCE_COLOR wins (force-color.org), then
 * `--no-color` and NO_COLOR (no-color.org), then no colour when the output is not a terminal.
 */
export function colorLevel({ noColorFlag, env, isTTY }: ColorSettings): 0 | 1 | 2 | 3 {
  const force = env.FORCE_COLOR;
  if (force !== undefined) {
    if (force === '0' || force === 'false') return 0;
    const n = Number(force);
    return force === '' || force === 'true' || !Number.isInteger(n) ? 1 : (Math.min(3, Math.max(1, n)) as 1 | 2 | 3);
  }
  if (noColorFlag || (env.NO_COLOR !== undefined && env.NO_COLOR !== '') || !isTTY) return 0;
  return env.COLORTERM === 'truecolor' ? 3 : 1;
}

/** The only place colours are chosen; renderers ask for meanings, not colours. */
export interface Theme {
  ok: (s: string) => string;
  warn: (s: string) => string;
  bad: (s: string) => string;
  dim: (s: string) => string;
  strong: (s: string) => string;
  code: (s: string) => string;
  /** ✔ / ⚠ / ✖ marks, plain ASCII-safe fallbacks when colour is off. */
  marks: { ok: string; warn: string; bad: string };
}

const plain = (s: string) => s;

/** No colour: no escape codes, and chalk is never loaded (most runs are piped or --json). */
export const PLAIN_THEME: Theme = { ok: plain, warn: plain, bad: plain, dim: plain, strong: plain, code: plain, marks: { ok: '✔', warn: '⚠', bad: '✖' } };

export async function loadTheme(level: 0 | 1 | 2 | 3): Promise<Theme> {
  if (level === 0) return PLAIN_THEME;
  const { Chalk } = await import('chalk');
  const c: ChalkInstance = new Chalk({ level });
  return {
    ok: c.green,
    warn: c.yellow,
    bad: c.red,
    dim: c.dim,
    strong: c.bold,
    code: c.cyan,
    marks: { ok: c.green('✔'), warn: c.yellow('⚠'), bad: c.red('✖') },
  };
}
