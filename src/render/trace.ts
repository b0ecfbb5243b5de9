import type { Code } from '../tls/trace/names.js';
import type { TraceMessage, TraceReport } from '../tls/trace/transcript.js';
import { causeLines } from './cause.js';
import type { Theme } from './theme.js';

const ARROW = { client: '→', server: '←' } as const;
const TYPE_WIDTH = 20;

const codeName = (code: Code | null | undefined) => (code ? (code.name ?? `0x${code.id.toString(16).padStart(4, '0')}`) : '?');
const names = (codes: unknown, max = 4) => {
  const list = (codes as Code[] | null) ?? [];
  const shown = list.filter((c) => c.name !== 'GREASE').map(codeName);
  return shown.length > max ? `${shown.slice(0, max).join(', ')} +${shown.length - max}` : shown.join(', ');
};
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The key fields of one message, in a line. */
function summary(message: TraceMessage): string {
  const f = message.fields;
  const parts: (string | false | null | undefined)[] = [];
  switch (message.type) {
    case 'ClientHello':
      parts.push(
        f.serverName ? `sni ${f.serverName}` : 'no sni',
        f.supportedVersions ? `versions ${names(f.supportedVersions)}` : `version ${codeName(f.legacyVersion as Code)}`,
        plural((f.cipherSuites as Code[]).filter((c) => c.name !== 'GREASE').length, 'suite'),
        f.supportedGroups ? `groups ${names(f.supportedGroups)}` : null,
        f.keyShares ? `key shares ${names((f.keyShares as { group: Code }[]).map((k) => k.group))}` : null,
        f.alpn ? `alpn ${(f.alpn as string[]).join(', ')}` : null,
      );
      break;
    case 'ServerHello':
      parts.push(codeName(f.version as Code), codeName(f.cipherSuite as Code), f.keyShareGroup ? `key share ${codeName(f.keyShareGroup as Code)}` : null, f.alpn ? `alpn ${f.alpn}` : null);
      if (f.downgradeSentinel) parts.push(`downgrade sentinel ${f.downgradeSentinel}`);
      break;
    case 'HelloRetryRequest':
      parts.push(`asks for a key share on ${codeName(f.keyShareGroup as Code)}`, codeName(f.cipherSuite as Code));
      break;
    case 'EncryptedExtensions':
      parts.push(f.alpn ? `alpn ${f.alpn}` : null, f.serverNameAcknowledged ? 'sni acknowledged' : null, `${plural((f.extensions as unknown[]).length, 'extension')}`);
      break;
    case 'CertificateRequest': {
      const cas = f.certificateAuthorities as string[] | null;
      parts.push(cas === null || cas.length === 0 ? 'no CA names (any CA the server trusts)' : `CAs: ${cas.join('; ')}`);
      if (f.certificateTypes) parts.push(`types ${names(f.certificateTypes)}`);
      if (f.signatureAlgorithms) parts.push(plural((f.signatureAlgorithms as unknown[]).length, 'signature algorithm'));
      break;
    }
    case 'Certificate': {
      const certs = f.certificates as { subject: string | null; error?: string }[];
      parts.push(certs.length === 0 ? 'empty (no certificate sent)' : certs.map((c) => c.subject ?? '(unreadable)').join(' ← '));
      break;
    }
    case 'CertificateVerify':
      parts.push(f.algorithm ? codeName(f.algorithm as Code) : `${f.signatureLength}-byte signature`);
      break;
    case 'ServerKeyExchange':
      parts.push(f.keyExchange === 'ecdhe' ? `ECDHE ${codeName(f.group as Code)}` : `DHE ${f.primeBits}-bit`, f.signatureAlgorithm ? `signed ${codeName(f.signatureAlgorithm as Code)}` : null);
      break;
    case 'Finished':
      parts.push(`${String(f.verifyData).length / 2}-byte verify_data`);
      break;
    case 'NewSessionTicket':
      parts.push(`lifetime ${f.lifetime} s`, `${f.ticketLength}-byte ticket`);
      break;
    case 'Alert': {
      const level = f.level as Code;
      const description = f.description as Code;
      parts.push(`${codeName(level)} ${description.name ?? 'alert'} (${description.id})`);
      break;
    }
    case 'ChangeCipherSpec':
      parts.push(f.compatibility ? 'middlebox compatibility (changes nothing in TLS 1.3)' : 'encryption starts');
      break;
    case 'ApplicationData':
    case 'Heartbeat':
    case 'ClientKeyExchange':
      parts.push(`${f.length} bytes`);
      break;
    case 'EncryptedRecord':
      parts.push(`${codeName(f.contentType as Code)}, ${f.length} bytes: ${f.reason}`);
      break;
  }
  return parts.filter(Boolean).join(' · ');
}

function messageLine(message: TraceMessage, theme: Theme): string {
  const type = message.type.padEnd(TYPE_WIDTH);
  const mark = message.decrypted ? theme.dim('(decrypted) ') : '';
  if (message.error) return `  ${ARROW[message.from]} ${theme.bad(type)} ${mark}${theme.bad(`malformed: ${message.error}`)}`;
  const text = summary(message);
  if (message.type === 'Alert') {
    const fatal = (message.fields.level as Code).id === 2;
    const paint = fatal ? theme.bad : (message.fields.description as Code).id === 0 ? theme.dim : theme.warn;
    return `  ${ARROW[message.from]} ${paint(type)} ${mark}${paint(text)}`;
  }
  if (message.type === 'EncryptedRecord') return `  ${ARROW[message.from]} ${theme.dim(type)} ${theme.dim(text)}`;
  return `  ${ARROW[message.from]} ${theme.strong(type)} ${mark}${text}`;
}

/** Header, one line per message (→ client to server, ← server to client), notes, then the verdict and causes. */
export function renderTrace(report: TraceReport, options: { theme: Theme; trust: string; quiet: boolean; keylog: { file: string; lines: number; mode: number } | null }): string {
  const { theme } = options;
  const lines: string[] = [];
  if (!options.quiet) {
    const negotiated = [report.version, report.cipher].filter(Boolean).join('  ');
    lines.push(`${theme.strong(report.target)}${report.address ? theme.dim(` (${report.address})`) : ''}${negotiated ? `  ${negotiated}` : ''}${report.servername ? theme.dim(`  sni ${report.servername}`) : ''}`);
    if (report.messages.length) lines.push(theme.dim('  → client to server   ← server to client'));
  }
  for (const message of report.messages) lines.push(messageLine(message, theme));
  if (!options.quiet) {
    for (const note of report.notes) lines.push(theme.dim(`  note: ${note}`));
    if (report.server && !report.server.verified) lines.push(theme.warn(`  server chain not verified against ${options.trust}: ${report.server.errors.map((e) => e.message).join('; ')}`));
    if (options.keylog) lines.push(theme.dim(`  key log: ${options.keylog.file} (${plural(options.keylog.lines, 'secret')} appended, mode 0${options.keylog.mode.toString(8)}; Wireshark: tls.keylog_file)`));
  }
  lines.push('');
  if (report.ok) {
    lines.push(`${theme.marks.ok} ${theme.ok('handshake completed')}${report.client.accepted ? ' (mutual TLS)' : ''}`);
  } else {
    lines.push(`${theme.marks.bad} ${theme.bad(report.error ?? 'the handshake did not complete')}`);
  }
  for (const cause of report.causes) lines.push('', ...causeLines(cause, theme, { evidence: !options.quiet, fix: !options.quiet }));
  return lines.join('\n');
}
