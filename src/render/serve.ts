import type { HandshakeEvent, ListeningEvent, SummaryEvent } from '../tls/serve.js';
import type { Theme } from './theme.js';

const url = (event: ListeningEvent) => `${event.protocol === 'http' ? 'https' : 'tls'}://${event.host.includes(':') ? `[${event.host}]` : event.host}:${event.port}`;

export function renderListening(event: ListeningEvent, theme: Theme, trust: string): string {
  const lines = [
    `${theme.strong('mtlskit serve')} listening on ${theme.code(url(event))}  ${theme.dim(`(${event.mode} mode, ${event.protocol}; client certificates checked against ${trust})`)}`,
    theme.dim(
      event.mode === 'strict'
        ? 'strict: behaves as a production Node server (requestCert + rejectUnauthorized); a rejected client sees a reset, not an alert'
        : 'diagnose: every handshake completes; bad or missing client certificates get HTTP 495/496 with the diagnosis',
    ),
  ];
  for (const warning of event.warnings) lines.push(`${theme.marks.warn} ${theme.warn(`our own chain: ${warning}`)}`);
  lines.push(theme.dim('Ctrl-C stops and prints a summary.'));
  return lines.join('\n');
}

/** One line per connection: time, remote, SNI, version, client, verdict, first cause. */
export function renderHandshake(event: HandshakeEvent, theme: Theme): string {
  const time = event.time.slice(11, 19);
  const mark = event.ok ? theme.marks.ok : theme.marks.bad;
  const client = event.client.identity
    ? `${event.client.identity.spiffeId ?? event.client.identity.subject}${event.client.verified ? theme.dim(' (verified)') : event.client.error ? theme.dim(` (${event.client.error.replace('X509_V_ERR_', '')})`) : ''}`
    : event.client.sent
      ? 'client certificate'
      : event.tls
        ? theme.dim('no client certificate')
        : theme.dim('-');
  const verdict = event.ok ? theme.ok(event.outcome) : theme.bad(event.outcome);
  const cause = event.causes[0] ? ` ${theme.code(`[${event.causes[0].id}]`)}` : '';
  let line = `${theme.dim(time)} ${mark} ${event.remote}  ${event.sni ?? theme.dim('no-sni')}  ${event.tls?.version ?? '-'}  ${client}  ${verdict}${cause}`;
  if (!event.ok && event.error) line += theme.dim(` — ${event.error}`);
  if (!event.ok && event.clientSees) line += theme.dim(`; the client sees ${event.clientSees}`);
  return line;
}

export function renderSummary(event: SummaryEvent, theme: Theme): string {
  const causes = Object.entries(event.byCause).sort((a, b) => b[1] - a[1]).map(([id, n]) => `${id} ${n}`);
  const outcomes = Object.entries(event.byOutcome).sort((a, b) => b[1] - a[1]).map(([id, n]) => `${id} ${n}`);
  return [
    `${theme.strong('summary')}: ${event.handshakes} connection${event.handshakes === 1 ? '' : 's'}, ${theme.ok(`${event.ok} ok`)}, ${event.failed ? theme.bad(`${event.failed} failed`) : '0 failed'}`,
    ...(outcomes.length ? [`  by outcome: ${outcomes.join(', ')}`] : []),
    ...(causes.length ? [`  by cause:   ${causes.join(', ')}`] : []),
  ].join('\n');
}
