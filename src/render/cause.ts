import type { Cause } from '../diagnose/knowledge/causes.js';
import type { Theme } from './theme.js';

export interface CauseLineOptions {
  /** Its place in a ranked list (1-based): printed before the title, with the confidence after the id. */
  rank?: number;
  /** Print the evidence lines (default true). */
  evidence?: boolean;
  /** Print the fix lines (default true). */
  fix?: boolean;
  /** Spaces before each evidence and fix line (default 4). */
  indent?: number;
}

/** A cause as the human reports show it: title and id, then its evidence (dim) and its fixes (→). */
export function causeLines(cause: Cause, theme: Theme, options: CauseLineOptions = {}): string[] {
  const { rank, evidence = true, fix = true, indent = 4 } = options;
  const pad = ' '.repeat(indent);
  const id = rank === undefined ? `[${cause.id}]` : `[${cause.id}] ${Math.round(cause.confidence * 100)}%`;
  const lines = [`${rank === undefined ? '' : `${rank}. `}${theme.strong(cause.title)} ${theme.dim(id)}`];
  if (evidence) for (const line of cause.evidence) lines.push(theme.dim(`${pad}· ${line}`));
  if (fix) for (const line of cause.fix) lines.push(`${pad}${theme.code('→')} ${line}`);
  return lines;
}
