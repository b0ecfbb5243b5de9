import type { CertificateInfo, InspectReport, SourceReport } from '../x509/inspect.js';
import { isoDate, relativeTime } from './relative-time.js';
import type { Theme } from './theme.js';

export interface InspectRenderContext {
  theme: Theme;
  now: Date;
}

/** Each input, then each chain as a tree: leaf → intermediates → root, every field and warning inline. */
export function renderInspect(report: InspectReport, ctx: InspectRenderContext): string {
  return report.sources.map((source) => renderSource(source, ctx)).join('\n\n');
}

function renderSource(source: SourceReport, ctx: InspectRenderContext): string {
  const { theme } = ctx;
  const counts = [
    plural(source.certificates.length, 'certificate'),
    source.keys.length ? plural(source.keys.length, 'key') : '',
    source.csrs.length ? plural(source.csrs.length, 'request') : '',
  ].filter(Boolean);
  const lines = [`${theme.strong(source.input)}  ${theme.dim(`${source.container.toUpperCase()}, ${counts.join(', ')}`)}`];
  const shown = new Set<number>();
  for (const chain of source.chains) {
    chain.forEach((index, depth) => {
      const cert = source.certificates[index]!;
      const indent = '   '.repeat(depth);
      const again = shown.has(index);
      shown.add(index);
      lines.push(`${indent}└─ ${title(cert, ctx)}${again ? theme.dim('  (shown above)') : ''}`);
      if (!again) lines.push(...details(cert, ctx).map((line) => `${indent}   ${theme.dim('│')} ${line}`));
    });
  }
  for (const key of source.keys) {
    const what = key.key ? keyText(key.key) : 'key (encrypted; give --password-file to read it)';
    const match = key.matches ? theme.ok(`matches ${key.matches.subject || '(empty subject)'}${key.matches.input === source.input ? '' : ` in ${key.matches.input}`}`) : theme.dim('matches no certificate given');
    lines.push(`${theme.marks.ok} ${key.kind} ${what} ${theme.dim(`(${key.format}${key.encrypted ? ', encrypted' : ''})`)}  ${match}`);
  }
  for (const csr of source.csrs) {
    lines.push(`${theme.marks.ok} certificate request  ${csr.subject || theme.dim('(empty subject)')}`);
    lines.push(`   key ${keyText(csr.key)} · ${csr.signatureAlgorithm}${csr.sans.length ? ` · SANs ${csr.sans.join(', ')}` : ''}`);
  }
  for (const note of source.notes) lines.push(theme.dim(`note: ${note}`));
  return lines.join('\n');
}

function title(cert: CertificateInfo, ctx: InspectRenderContext): string {
  const { theme } = ctx;
  const mark = cert.warnings.length ? theme.marks.warn : theme.marks.ok;
  return `${mark} ${theme.strong(cert.subject || '(empty subject)')}  ${theme.dim(cert.role)}`;
}

function details(cert: CertificateInfo, ctx: InspectRenderContext): string[] {
  const { theme, now } = ctx;
  const notAfter = new Date(cert.notAfter);
  const notBefore = new Date(cert.notBefore);
  const days = (notAfter.getTime() - now.getTime()) / 86_400_000;
  const validity =
    notBefore > now
      ? theme.bad(`not valid until ${isoDate(notBefore)} (${relativeTime(notBefore, now)})`)
      : days < 0
        ? theme.bad(`expired ${relativeTime(notAfter, now)}`)
        : (days < 30 ? theme.warn : theme.ok)(`expires ${relativeTime(notAfter, now)}`);
  const usages = [...cert.keyUsage, ...cert.extendedKeyUsage];
  const bc = cert.basicConstraints;
  const lines = [
    `issuer     ${cert.issuer || '(empty)'}`,
    `validity   ${isoDate(notBefore)} → ${isoDate(notAfter)}  ${validity}`,
    `key        ${keyText(cert.key)} · signed ${cert.signatureAlgorithm}`,
    `SANs       ${cert.sans.join(', ') || theme.dim('none')}`,
    `usage      ${usages.join(', ') || theme.dim('any (no key usage extensions)')}`,
    `CA         ${bc ? `${bc.ca ? 'yes' : 'no'}${bc.pathLen === null ? '' : `, path length ${bc.pathLen}`}${bc.critical ? '' : ' (not critical)'}` : theme.dim('no basicConstraints')}`,
    `serial     ${cert.serial}`,
    `SKI        ${cert.ski ?? theme.dim('none')}`,
    `AKI        ${cert.aki ?? theme.dim('none')}`,
    `SHA-256    ${cert.fingerprintSha256}`,
  ];
  if (cert.nameConstraints) {
    lines.push(`constraints permitted ${cert.nameConstraints.permitted.join(', ') || '-'}; excluded ${cert.nameConstraints.excluded.join(', ') || '-'}`);
  }
  if (cert.authorityInfoAccess.ocsp.length || cert.authorityInfoAccess.caIssuers.length) {
    lines.push(`AIA        ${[...cert.authorityInfoAccess.ocsp.map((u) => `OCSP ${u}`), ...cert.authorityInfoAccess.caIssuers.map((u) => `CA ${u}`)].join(', ')}`);
  }
  if (cert.crlDistributionPoints.length) lines.push(`CRL        ${cert.crlDistributionPoints.join(', ')}`);
  if (cert.policies.length) lines.push(`policies   ${cert.policies.map((p) => p.name ?? p.oid).join(', ')}`);
  if (cert.sctCount !== null) lines.push(`SCTs       ${cert.sctCount}`);
  const unknown = cert.extensions.filter((e) => e.name === null);
  if (unknown.length) lines.push(`other ext  ${unknown.map((e) => `${e.oid}${e.critical ? ' (critical)' : ''}`).join(', ')}`);
  if (cert.privateKey) lines.push(theme.ok(`private key in ${cert.privateKey}`));
  for (const warning of cert.warnings) lines.push(`${theme.marks.warn} ${theme.warn(warning)}`);
  return lines;
}

export function keyText(key: { type: string; bits?: number; curve?: string }): string {
  if (key.type === 'ec') return `EC ${key.curve ?? ''}`.trim();
  if (key.type === 'rsa' || key.type === 'rsa-pss' || key.type === 'dsa') return `${key.type.toUpperCase()} ${key.bits ?? '?'} bits`;
  if (key.type === 'ed25519') return 'Ed25519';
  if (key.type === 'ed448') return 'Ed448';
  return key.type;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
