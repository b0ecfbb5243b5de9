import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { inputError, usageError } from '../errors.js';
import type { Io } from './io.js';

/** `--dir`, else $MTLSKIT_DIR, else ./.mtlskit (design.md). */
export const resolveStoreDir = (dir: unknown, io: Io): string =>
  resolve(io.cwd, typeof dir === 'string' ? dir : io.env.MTLSKIT_DIR || '.mtlskit');

/** A secret kept in a file: its first line, without the line break (as openssl's `file:` does). */
export function readSecretFile(path: string, flag: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw inputError(`cannot read ${path} (given to ${flag}): ${(error as NodeJS.ErrnoException).code}; check the path`, { subject: path, cause: error });
  }
  const secret = text.split(/\r?\n/)[0] ?? '';
  if (secret === '') throw inputError(`${path} (given to ${flag}) is empty; put the secret on its first line`, { subject: path });
  return secret;
}

/** CA key passphrase: --passphrase-file, else $MTLSKIT_CA_PASSPHRASE, else none. */
export function caPassphrase(file: unknown, io: Io): string | undefined {
  if (typeof file === 'string') return readSecretFile(file, '--passphrase-file');
  return io.env.MTLSKIT_CA_PASSPHRASE || undefined;
}

/**
 * PKCS#12 password: --p12-password-file, else $MTLSKIT_P12_PASSWORD, else a prompt on a terminal.
 * Without a terminal it fails and names the flag that would have answered (never waits on stdin).
 */
export async function p12Password(file: unknown, io: Io): Promise<string> {
  if (typeof file === 'string') return readSecretFile(file, '--p12-password-file');
  if (io.env.MTLSKIT_P12_PASSWORD) return io.env.MTLSKIT_P12_PASSWORD;
  if (!io.stdinIsTTY || !io.stderrIsTTY) {
    throw usageError('a PKCS#12 file needs a password: pass --p12-password-file FILE or set MTLSKIT_P12_PASSWORD');
  }
  const { password } = await import('@inquirer/prompts');
  const first = await password({ message: 'Password for the PKCS#12 file', mask: '*', validate: (v) => v.length > 0 || 'enter a password' }, { output: process.stderr });
  const again = await password({ message: 'Repeat it', mask: '*' }, { output: process.stderr });
  if (first !== again) throw usageError('the two passwords differ; run the command again');
  return first;
}

export function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A value from a closed list, or a usage error that lists the choices. */
export function parseChoice<T extends string>(value: unknown, flag: string, choices: readonly T[]): T {
  if (typeof value === 'string' && (choices as readonly string[]).includes(value)) return value as T;
  throw usageError(`invalid value '${String(value)}' for ${flag}; expected ${choices.join(', ')}`, String(value));
}

/** --at: an ISO 8601 time ('2027-01-01' or '2027-01-01T12:00:00Z'). */
export function parseAt(value: unknown): Date {
  const text = String(value);
  const date = /^\d{4}-\d\d-\d\d([T ][\d:.]+(Z|[+-]\d\d:?\d\d)?)?$/.test(text) ? new Date(text) : new Date(NaN);
  if (Number.isNaN(date.getTime())) {
    throw usageError(`invalid value '${text}' for --at; expected an ISO 8601 time such as 2027-01-01 or 2027-01-01T12:00:00Z`, text);
  }
  return date;
}

/** A positive number of seconds (a flag's value) → milliseconds. */
export function parseSeconds(value: unknown, flag: string, fallbackSeconds: number): number {
  if (value === undefined) return fallbackSeconds * 1000;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 3600) throw usageError(`invalid value '${String(value)}' for ${flag}; expected seconds, e.g. 5`, String(value));
  return seconds * 1000;
}
