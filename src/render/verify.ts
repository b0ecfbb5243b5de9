import type { VerifyReport } from '../x509/verify.js';
import { causeLines } from './cause.js';
import type { Theme } from './theme.js';

/** The chain as built, then each error with its OpenSSL code, then the causes with their fixes. */
export function renderVerify(report: VerifyReport, theme: Theme, notes: readonly string[] = []): string {
  const lines: string[] = [];
  report.chain.forEach((entry, depth) => {
    const failed = report.errors.some((e) => e.depth === depth);
    const mark = failed ? theme.marks.bad : theme.marks.ok;
    lines.push(`${'   '.repeat(depth)}${depth ? '└─ ' : ''}${mark} ${entry.subject}${entry.trusted ? theme.dim('  (trusted)') : ''}`);
  });
  if (report.ok) {
    lines.push('', `${theme.marks.ok} ${theme.ok('verified')}`);
  } else {
    lines.push('');
    for (const error of report.errors) {
      lines.push(`${theme.marks.bad} ${theme.bad(`${error.code} (${error.number})`)} at depth ${error.depth}: ${error.message}`);
      lines.push(`    ${error.detail}`);
    }
    for (const cause of report.causes) lines.push('', ...causeLines(cause, theme, { evidence: false }));
  }
  for (const note of notes) lines.push(theme.dim(`note: ${note}`));
  return lines.join('\n');
}
