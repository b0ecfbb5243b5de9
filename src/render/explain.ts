import type { Explanation, Recognized } from '../diagnose/explain.js';
import { STACK_LABELS } from '../diagnose/knowledge/stack-messages.js';
import { causeLines } from './cause.js';
import type { Theme } from './theme.js';

/** What was decoded from one recognised error: the alert, the X509 code, the packed code, the exit code. */
function decoded(r: Recognized): string[] {
  const out: string[] = [];
  if (r.alert) {
    const by = r.alert.sentBy ? `sent by the ${r.alert.sentBy}` : r.alert.direction === 'sent' ? 'sent by this side' : 'received from the peer';
    out.push(`alert ${r.alert.number} ${r.alert.name} (${by})`);
  }
  if (r.x509) out.push(`${r.x509.symbol} (${r.x509.number}): ${r.x509.text}`);
  if (r.code) {
    const layout = r.code.layout === 'boringssl' ? 'BoringSSL' : r.code.layout === 'openssl-3' ? 'OpenSSL 3' : 'OpenSSL 1.1';
    const fn = r.code.function !== undefined ? `, function ${r.code.function}` : '';
    out.push(`${layout} code ${r.code.hex} = ${r.code.decimal}: ${r.code.library}${fn}, reason ${r.code.reason}${r.code.reasonText ? ` (${r.code.reasonText})` : ''}`);
  }
  if (r.curl) out.push(`curl exit ${r.curl.exitCode} ${r.curl.name}`);
  if (r.nodeCode && !r.alert) out.push(`Node.js error code ${r.nodeCode}`);
  if (r.host) out.push(`name dialled: ${r.host}${r.names ? `; certificate holds: ${r.names}` : ''}`);
  return out;
}

/** Each recognised error decoded, then the causes with their evidence and fixes (or why there are none). */
export function renderExplain(explanation: Explanation, theme: Theme, quiet = false): string {
  const lines: string[] = [];
  if (!quiet && explanation.recognized.length > 0) {
    lines.push(theme.strong(`recognised ${explanation.recognized.length === 1 ? '1 TLS error' : `${explanation.recognized.length} TLS errors`}`));
    for (const r of explanation.recognized) {
      const where = explanation.scanned.lines > 1 ? theme.dim(` line ${r.line}${r.count > 1 ? `, ${r.count}×` : ''}`) : '';
      const who = r.side ? theme.dim(` · printed by the ${r.side}`) : '';
      lines.push(`  ${theme.code(STACK_LABELS[r.stack])} ${theme.dim(r.kind)}${where}${who}`);
      lines.push(`    "${r.text.length > 200 ? `${r.text.slice(0, 197)}…` : r.text}"`);
      for (const d of decoded(r)) lines.push(`    ${theme.dim('=')} ${d}`);
      lines.push(theme.dim(`    ${r.meaning}`));
    }
    lines.push('');
  }
  if (explanation.causes.length === 0) {
    lines.push(`${theme.marks.warn} ${explanation.note ?? 'No TLS error found.'}`);
    return lines.join('\n');
  }
  lines.push(theme.strong(explanation.causes.length === 1 ? 'likely cause' : 'likely causes, most likely first'));
  explanation.causes.forEach((cause, index) => lines.push('', ...causeLines(cause, theme, { rank: index + 1, evidence: !quiet })));
  return lines.join('\n');
}
