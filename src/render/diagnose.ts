import type { DiagnoseReport } from '../diagnose/diagnose.js';
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
    report.causes.forEach((cause, i) => {
      lines.push(`${i + 1}. ${theme.strong(cause.title)} ${theme.dim(`[${cause.id}] ${Math.round(cause.confidence * 100)}%`)}`);
      for (const evidence of cause.evidence) lines.push(theme.dim(`     · ${evidence}`));
      for (const fix of cause.fix) lines.push(`     ${theme.code('→')} ${fix}`);
    });
  }
  return lines.join('\n');
}
