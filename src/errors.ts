/**
 * Typed failures shared by every engine. Engines throw these; only `src/cli` turns them into
 * exit codes and text (see design.md "Exit codes").
 */

/** What kind of failure, which decides the exit code in one place (src/cli/exit-code.ts). */
export type FailureKind =
  /** The user asked for something invalid: unknown flag value, bad SAN, days out of range → exit 2. */
  | 'usage'
  /** A file or value could not be read or parsed: missing CA, corrupt key, wrong passphrase → exit 3. */
  | 'input'
  /** The command worked and refused, e.g. a target file exists and --force was not given → exit 1. */
  | 'refused';

export class MtlskitError extends Error {
  readonly kind: FailureKind;
  /** Cause id from design.md's closed list when one applies (e.g. 'key-mismatch', 'key-load-failed'). */
  readonly causeId?: string;
  /** The file or value at fault, when there is one. */
  readonly subject?: string;

  constructor(kind: FailureKind, message: string, options: { causeId?: string; subject?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'MtlskitError';
    this.kind = kind;
    this.causeId = options.causeId;
    this.subject = options.subject;
  }
}

export const usageError = (message: string, subject?: string) => new MtlskitError('usage', message, { subject });
export const inputError = (message: string, options: { causeId?: string; subject?: string; cause?: unknown } = {}) =>
  new MtlskitError('input', message, options);
export const refusedError = (message: string, subject?: string) => new MtlskitError('refused', message, { subject });
