import type { LintFinding } from '../x509/lint.js';
import type { Theme } from './theme.js';

/** Findings grouped by certificate, errors marked red, warnings yellow, info dim. */
export function renderLint(findings: readonly LintFinding[], certificates: number, theme: Theme): string {
  if (findings.length === 0) return `${theme.marks.ok} ${theme.ok(`no findings in ${certificates} certificate${certificates === 1 ? '' : 's'}`)}`;
  const lines: string[] = [];
  let current = '';
  for (const finding of findings) {
    if (finding.fingerprintSha256 !== current) {
      current = finding.fingerprintSha256;
      lines.push(theme.strong(finding.certificate));
    }
    const mark = finding.severity === 'error' ? theme.marks.bad : finding.severity === 'warning' ? theme.marks.warn : theme.dim('i');
    const paint = finding.severity === 'error' ? theme.bad : finding.severity === 'warning' ? theme.warn : theme.dim;
    lines.push(`  ${mark} ${paint(finding.rule)}  ${finding.message}`);
  }
  const count = (severity: string) => findings.filter((f) => f.severity === severity).length;
  lines.push('', `${count('error')} error(s), ${count('warning')} warning(s), ${count('info')} note(s)`);
  return lines.join('\n');
}
