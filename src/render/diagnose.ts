import type { DiagnoseReport } from '../diagnose/diagnose.js';
import { causeLines } from './cause.js';
import type { Theme } from './theme.js';

/** The checks in order, then the causes ranked with evidence and fixes. */
export function renderDiagnose(report: DiagnoseReport, theme: Theme): string {
  const lines: string[] = [];
  if (report.target) lines.push(theme.strong(`diagnose ${report.target}`));
  const width = Math.max(...report.checks.map((c) => c.id.length));
  for (const check of report.checks) {
    const mark = check.status === 'pass' ? theme.marks.ok : check.status === 'fail' ? theme.marks.bad : check.status === 'warn' ? theme.marks.warn : theme.dim('-');
    lines.push(`${mark} ${check.id.padEnd(width)}  ${check.status === 'skip' ? theme.dim(check.detail) : check.detail}`);
  }
  lines.push('');
  if (report.causes.length === 0) {
    lines.push(report.ok ? `${theme.marks.ok} ${theme.ok('nothing wrong found')}` : `${theme.marks.warn} some checks failed, but no cause could be named`);
  } else {
    report.causes.forEach((cause, i) => lines.push(...causeLines(cause, theme, { rank: i + 1, indent: 5 })));
  }
  return lines.join('\n');
}
