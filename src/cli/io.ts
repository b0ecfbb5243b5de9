import { colorLevel, loadTheme, type Theme } from '../render/theme.js';

/** Everything a command touches of the outside world, so commands can be run and tested alike. */
export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  now: () => Date;
  stdinIsTTY: boolean;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  theme: Theme;
}

/** Global options every command takes (design.md). */
export interface GlobalOptions {
  json: boolean;
  color: boolean;
  quiet: boolean;
}

export async function processIo(globals: Pick<GlobalOptions, 'color'>): Promise<Io> {
  const stdoutIsTTY = Boolean(process.stdout.isTTY);
  return {
    out: (text) => void process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    err: (text) => void process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
    env: process.env,
    cwd: process.cwd(),
    now: () => new Date(),
    stdinIsTTY: Boolean(process.stdin.isTTY),
    stdoutIsTTY,
    stderrIsTTY: Boolean(process.stderr.isTTY),
    theme: await loadTheme(colorLevel({ noColorFlag: !globals.color, env: process.env, isTTY: stdoutIsTTY })),
  };
}

export const toJson = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
