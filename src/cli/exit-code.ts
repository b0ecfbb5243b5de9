import { MtlskitError } from '../errors.js';

/** design.md "Exit codes". */
export const ExitCode = {
  Ok: 0,
  ProblemFound: 1,
  Usage: 2,
  BadInput: 3,
  Internal: 4,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export function exitCodeFor(error: unknown): ExitCode {
  if (error instanceof MtlskitError) {
    switch (error.kind) {
      case 'usage':
        return ExitCode.Usage;
      case 'input':
        return ExitCode.BadInput;
      case 'refused':
        return ExitCode.ProblemFound;
    }
  }
  return ExitCode.Internal;
}
