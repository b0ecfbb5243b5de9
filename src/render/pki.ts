import { relative } from 'node:path';
import type { CreateCaResult, CaSummary } from '../pki/ca.js';
import type { BootstrapResult } from '../pki/bootstrap.js';
import type { CertificateSummary, IssuedFiles } from '../pki/issue.js';
import { isoDate, relativeTime } from './relative-time.js';
import type { Theme } from './theme.js';

export interface RenderContext {
  theme: Theme;
  now: Date;
  cwd: string;
}

const shown = (path: string, cwd: string) => {
  const rel = relative(cwd, path);
  return rel.startsWith('..') ? path : rel;
};

function validity(notAfter: string, ctx: RenderContext): string {
  const date = new Date(notAfter);
  return `${isoDate(date)} (${relativeTime(date, ctx.now)})`;
}

function caBlock(title: string, ca: CaSummary, ctx: RenderContext): string[] {
  const { theme } = ctx;
  return [
    `${theme.marks.ok} ${theme.strong(title)}  ${ca.subject}`,
    `    cert         ${shown(ca.cert, ctx.cwd)}`,
    `    key          ${shown(ca.key, ctx.cwd)} ${theme.dim('(mode 0600, keep it secret)')}`,
    `    key type     ${ca.keyAlgorithm}${ca.pathLength === null ? '' : `, path length ${ca.pathLength}`}`,
    `    valid until  ${validity(ca.notAfter, ctx)}`,
    `    SHA-256      ${theme.dim(ca.fingerprintSha256)}`,
  ];
}

export function renderCaCreated(result: CreateCaResult, ctx: RenderContext): string {
  const lines = caBlock('Root CA created', result.ca, ctx);
  if (result.intermediate) lines.push(...caBlock('Intermediate CA created (signs leaves)', result.intermediate, ctx));
  lines.push('', ctx.theme.dim('Next: issue a certificate'), `    ${ctx.theme.code('mtlskit cert create api localhost 127.0.0.1')}`);
  return lines.join('\n');
}

export function renderCertificate(name: string, certificate: CertificateSummary, files: IssuedFiles, ctx: RenderContext, warnings: readonly string[] = []): string {
  const { theme } = ctx;
  const lines = [
    `${theme.marks.ok} ${theme.strong(name)}  ${certificate.subject || theme.dim('(empty subject)')}  ${theme.dim(`${certificate.profile}, ${certificate.key.algorithm ?? certificate.key.type}`)}`,
    `    SANs         ${certificate.sans.join(', ') || theme.dim('none')}`,
    `    issuer       ${certificate.issuer}`,
    `    valid until  ${validity(certificate.notAfter, ctx)}`,
    `    serial       ${theme.dim(certificate.serial)}`,
  ];
  for (const [kind, path] of Object.entries(files)) lines.push(`    ${kind.padEnd(12)} ${shown(path, ctx.cwd)}`);
  for (const warning of warnings) lines.push(`    ${theme.marks.warn} ${theme.warn(warning)}`);
  return lines.join('\n');
}

export function renderBootstrap(result: BootstrapResult, ctx: RenderContext): string {
  const { theme } = ctx;
  const lines: string[] = [];
  if (result.caCreated) lines.push(`${theme.marks.ok} CA created in ${shown(result.dir, ctx.cwd)}`);
  for (const change of result.changes) {
    const mark = result.check ? theme.marks.warn : theme.marks.ok;
    const verb = result.check ? 'would be' : 'was';
    lines.push(`${mark} ${theme.strong(change.name)} ${verb} ${change.action}: ${change.reason}`);
  }
  for (const name of result.unchanged) lines.push(`${theme.dim('·')} ${name} ${theme.dim('unchanged')}`);
  for (const warning of result.warnings) lines.push(`${theme.marks.warn} ${theme.warn(warning)}`);
  if (result.check) {
    lines.push(result.changes.length || result.caWouldBeCreated ? theme.warn(`drift: ${result.changes.length + (result.caWouldBeCreated ? 1 : 0)} change(s) pending; run without --check to apply`) : theme.ok('up to date'));
  }
  return lines.join('\n');
}
