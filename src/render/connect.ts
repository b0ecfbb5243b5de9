import type { ConnectReport } from '../tls/connect.js';
import { causeLines } from './cause.js';
import type { Theme } from './theme.js';

const ms = (value: number | null) => (value === null ? '-' : `${value} ms`);

/** Connection, negotiated parameters, server chain, client certificate, HTTP, then the verdict and causes. */
export function renderConnect(report: ConnectReport, options: { theme: Theme; trust: string; quiet: boolean }): string {
  const { theme } = options;
  const lines: string[] = [];
  const mark = (good: boolean | null) => (good === null ? theme.marks.warn : good ? theme.marks.ok : theme.marks.bad);
  if (!options.quiet) {
    lines.push(`${theme.strong(report.target)}${report.address ? theme.dim(` (${report.address})`) : ''}  dns ${ms(report.timings.dnsMs)} · tcp ${ms(report.timings.tcpMs)} · tls ${ms(report.timings.handshakeMs)}`);
    if (report.tls) {
      lines.push(`  ${report.tls.version ?? '?'}  ${report.tls.cipher ?? '?'}${report.tls.group ? `  group ${report.tls.group}` : ''}${report.tls.alpn ? `  alpn ${report.tls.alpn}` : ''}${report.servername ? theme.dim(`  sni ${report.servername}`) : ''}`);
    }
    if (report.server) {
      lines.push('', `${theme.strong('server chain')} ${theme.dim(`(checked against ${options.trust})`)}`);
      report.server.chain.forEach((link, depth) => lines.push(`  ${'   '.repeat(depth)}${depth ? '└─ ' : ''}${link.subject}${theme.dim(`  expires ${link.notAfter.slice(0, 10)}`)}`));
      lines.push(`  ${mark(report.server.verified)} ${report.server.verified ? 'verified' : theme.bad(`not verified: ${report.server.errors.map((e) => e.message).join('; ')}`)}`);
      if (report.server.hostnameMatches !== null) lines.push(`  ${mark(report.server.hostnameMatches)} name ${report.servername ?? report.address} ${report.server.hostnameMatches ? 'matches' : theme.bad('does not match')}`);
    }
    const c = report.client;
    lines.push('', theme.strong('client certificate'));
    lines.push(`  ${c.requested === null ? theme.dim('requested: unknown (the handshake failed first)') : c.requested ? 'requested by the server' : 'not requested'}`);
    if (c.acceptableCAs) lines.push(`  acceptable CAs: ${c.acceptableCAs.length ? c.acceptableCAs.join('; ') : theme.dim('any (the server named none)')}`);
    else if (c.requested && report.tls?.version === 'TLSv1.3') lines.push(theme.dim('  acceptable CAs: not visible (the TLS 1.3 CertificateRequest could not be decrypted)'));
    if (c.certificate) lines.push(`  ${mark(c.accepted)} ours (${c.certificate}): ${c.sent ? (c.accepted ? 'sent and accepted' : c.accepted === false ? theme.bad('sent and rejected') : 'sent') : 'not sent'}`);
    if (report.http) {
      lines.push('', `${theme.strong('http')} ${report.http.status} ${report.http.statusText}`);
      for (const [name, value] of Object.entries(report.http.headers)) lines.push(theme.dim(`  ${name}: ${value}`));
      if (report.http.body) lines.push('', report.http.body.replace(/\n$/, ''));
    }
    lines.push('');
  }
  if (report.ok) {
    lines.push(`${theme.marks.ok} ${theme.ok('handshake good')}${report.client.accepted ? ' (mutual TLS)' : ''}`);
  } else {
    lines.push(`${theme.marks.bad} ${theme.bad(report.error ?? 'the server chain did not verify')}`);
    for (const cause of report.causes) lines.push('', ...causeLines(cause, theme));
  }
  return lines.join('\n');
}
