/**
 * The lint engine: orders certificates into chains, runs every rule of {@link LINT_RULES} on
 * each certificate once, and returns what they found. Pure: no printing, no process, no colour.
 */
import { subjectLabel, type Certificate } from './certificate.js';
import { orderChains } from './chain.js';
import { LINT_RULES, type LintContext } from './lint-rules.js';

export type Severity = 'error' | 'warning' | 'info';

export interface LintFinding {
  /** Rule id, kebab-case. */
  rule: string;
  severity: Severity;
  /** One sentence built from evidence: what was expected, what was found, and the fix where there is one. */
  message: string;
  /** The certificate's subject display ('CN=api'), or '(empty subject)'. */
  certificate: string;
  fingerprintSha256: string;
}

export interface LintOptions {
  now: Date;
  /** The role the certificates are meant for; undefined = infer */
  purpose?: 'server' | 'client' | 'peer';
}

/**
 * Findings for every certificate, chain by chain (each leaf first, then its issuers) and, for
 * one certificate, in rule order. A certificate shared by several chains (a common intermediate
 * or root) is linted once, where it first appears; its context is taken from the chain where it
 * sits highest, so that path-length limits are checked against the longest path below it.
 */
export function lintCertificates(certificates: readonly Certificate[], options: LintOptions): LintFinding[] {
  return lintChains(orderChains(certificates), options);
}

/** The same, for chains already ordered by `orderChains` (inspect has them at hand). */
export function lintChains(chains: readonly Certificate[][], options: LintOptions): LintFinding[] {
  const placement = new Map<string, { chain: Certificate[]; index: number }>();
  for (const chain of chains) {
    chain.forEach((cert, index) => {
      const known = placement.get(cert.fingerprintSha256);
      if (!known || index > known.index) placement.set(cert.fingerprintSha256, { chain, index });
    });
  }

  const findings: LintFinding[] = [];
  const linted = new Set<string>();
  for (const chain of chains) {
    for (const cert of chain) {
      if (linted.has(cert.fingerprintSha256)) continue;
      linted.add(cert.fingerprintSha256);
      const { chain: home, index } = placement.get(cert.fingerprintSha256)!;
      const context = contextFor(cert, home, index, options);
      for (const rule of LINT_RULES) {
        for (const message of rule.check(cert, context)) {
          findings.push({
            rule: rule.id,
            severity: rule.severity,
            message,
            certificate: subjectLabel(cert),
            fingerprintSha256: cert.fingerprintSha256,
          });
        }
      }
    }
  }
  return findings;
}

function contextFor(cert: Certificate, chain: readonly Certificate[], index: number, options: LintOptions): LintContext {
  const isCa = cert.extensions.basicConstraints?.ca === true;
  const tlsEku = (cert.extensions.extendedKeyUsage ?? []).some((u) => u === 'serverAuth' || u === 'clientAuth');
  const hasSans = (cert.extensions.subjectAltName ?? []).length > 0;
  return {
    now: options.now,
    ...(options.purpose ? { purpose: options.purpose } : {}),
    chain,
    index,
    isLeaf: index === 0 && (!isCa || tlsEku || hasSans),
    isCa,
    issuer: chain[index + 1],
  };
}
