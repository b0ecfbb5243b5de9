/**
 * The rules `mtlskit lint` applies, as data: each one an id, a severity, why it matters, where the
 * requirement comes from, and a check that returns one message per finding (empty when the
 * certificate keeps the rule). Messages name the certificate, say what was expected and what was
 * found, and end with the fix when there is one.
 *
 * The rules are about what makes mutual TLS fail or misbehave in practice: the usages a client or
 * server certificate needs, names that clients can match, CA certificates that verifiers accept,
 * dates, and encodings that strict parsers (Go, OpenSSL's strict mode, rustls) refuse.
 */
import { isIPv4, isIPv6 } from './ip-address.js';
import type { Certificate } from './certificate.js';
import { isSelfIssued } from './chain.js';
import { commonNameOf, generalNameText, type GeneralName } from './name.js';
import type { LintOptions, Severity } from './lint.js';

export interface LintContext {
  now: Date;
  /** The role the certificates are meant for; undefined = infer from the certificate. */
  purpose?: LintOptions['purpose'];
  /** The chain the certificate was linted in, leaf first. */
  chain: readonly Certificate[];
  /** Position in `chain`, 0 = the bottom of the chain. */
  index: number;
  /**
   * The certificate is an end entity: at the bottom of its chain and either not a CA, or a CA
   * that still carries a TLS extended key usage or subject alternative names (a leaf wrongly
   * issued with CA:TRUE, or a self-signed development server certificate).
   */
  isLeaf: boolean;
  /** basicConstraints cA is TRUE. */
  isCa: boolean;
  /** The next certificate up the chain (the one that issued this one), if the input holds it. */
  issuer: Certificate | undefined;
}

export interface LintRule {
  /** Stable kebab-case id. */
  id: string;
  severity: Severity;
  /** Why it matters, in a sentence. */
  rationale: string;
  /** Where the requirement comes from. */
  reference: string;
  /** One message per finding; [] when the certificate keeps the rule. */
  check: (cert: Certificate, context: LintContext) => string[];
}

// ---------------------------------------------------------------------------
// Evidence helpers

/** How a message names a certificate: its subject, or its SANs when the subject is empty. */
export function certificateLabel(cert: Certificate): string {
  if (cert.subject.display) return `'${cert.subject.display}'`;
  const sans = sansOf(cert);
  return sans.length ? `the certificate with an empty subject (${sans.map(generalNameText).join(', ')})` : 'the certificate with an empty subject';
}

const sansOf = (cert: Certificate): GeneralName[] => cert.extensions.subjectAltName ?? [];
const hasRaw = (cert: Certificate, oid: string) => cert.extensions.all.some((e) => e.oid === oid);
const ekuOf = (cert: Certificate) => cert.extensions.extendedKeyUsage;
const ekuText = (eku: readonly string[]) => (eku.length ? eku.join(', ') : 'an empty list');
const keyUsageText = (cert: Certificate) => (cert.extensions.keyUsage?.length ? cert.extensions.keyUsage.join(', ') : 'nothing');
const hasKeyUsage = (cert: Certificate, usage: string) => cert.extensions.keyUsage?.includes(usage as never) ?? false;
const isEdwardsOrEc = (cert: Certificate) => ['ec', 'ed25519', 'ed448'].includes(cert.publicKey.type);
/** 'an EC P-256 key', 'an Ed25519 key'. */
const keyText = (cert: Certificate) =>
  cert.publicKey.type === 'ec' ? `an EC${cert.publicKey.curve ? ` ${cert.publicKey.curve}` : ''} key` : cert.publicKey.type === 'ed25519' ? 'an Ed25519 key' : cert.publicKey.type === 'ed448' ? 'an Ed448 key' : `a ${cert.publicKey.type} key`;
const spiffeIds = (cert: Certificate) => sansOf(cert).filter((n) => n.type === 'uri' && n.value.toLowerCase().startsWith('spiffe://'));
const hasTlsEku = (cert: Certificate) => (ekuOf(cert) ?? []).some((u) => u === 'serverAuth' || u === 'clientAuth');
const day = 86_400_000;
const isoDay = (date: Date) => date.toISOString().slice(0, 10);
const isoTime = (date: Date) => date.toISOString().replace('.000Z', 'Z');

/** The name to give `mtlskit cert create` in a fix: the CN, a DNS SAN, or a placeholder. */
function issueName(cert: Certificate): string {
  const candidates = [commonNameOf(cert.subject), ...sansOf(cert).filter((n) => n.type === 'dns').map((n) => n.value)];
  return candidates.find((c): c is string => !!c && /^[A-Za-z0-9._-]{1,64}$/.test(c)) ?? 'NAME';
}

/**
 * SAN arguments for `mtlskit cert create`, as it accepts them (bare DNS, IP, URI, e-mail); none
 * when the only one would be the name itself, which mtlskit makes the SAN by default.
 */
function sanArguments(cert: Certificate, extra: readonly string[] = []): string {
  const values = [...extra, ...sansOf(cert).filter((n) => ['dns', 'ip', 'uri', 'email'].includes(n.type)).map((n) => n.value)];
  const unique = [...new Set(values)].filter((v) => /^[^\s'"`;&|$<>]+$/.test(v));
  if (unique.length === 1 && unique[0] === issueName(cert)) return '';
  return unique.map((v) => ` ${v}`).join('');
}

/** The mtlskit profile that gives a leaf the usages it needs for `purpose`. */
function profileFor(cert: Certificate, needs: 'client' | 'server'): string {
  if (spiffeIds(cert).length) return 'spiffe';
  const eku = ekuOf(cert) ?? [];
  if (needs === 'client') return eku.includes('serverAuth') || sansOf(cert).some((n) => n.type === 'dns' || n.type === 'ip') ? 'peer' : 'client';
  return eku.includes('clientAuth') ? 'peer' : 'server';
}

/** The mtlskit profile with the usages a leaf already has. */
function profileMatching(cert: Certificate): string {
  if (spiffeIds(cert).length) return 'spiffe';
  const eku = ekuOf(cert) ?? [];
  if (eku.includes('clientAuth')) return eku.includes('serverAuth') ? 'peer' : 'client';
  return 'server';
}

const reissue = (cert: Certificate, profile: string) => `\`mtlskit cert create ${issueName(cert)}${sanArguments(cert)} --profile ${profile}\``;

/**
 * Whether a leaf is used (or, when no purpose is given, evidently meant) as a TLS server: DNS or
 * IP names, and an EKU that does not rule serverAuth out.
 */
function actsAsServer(cert: Certificate, context: LintContext): boolean {
  if (context.purpose === 'server' || context.purpose === 'peer') return true;
  if (context.purpose === 'client') return false;
  const eku = ekuOf(cert);
  const ekuAllows = eku === null || eku.includes('serverAuth') || eku.includes('anyExtendedKeyUsage');
  return ekuAllows && sansOf(cert).some((n) => n.type === 'dns' || n.type === 'ip');
}

/** A CN that reads like a host name: dotted, 'localhost', or an IP address. */
const looksLikeHost = (cn: string) => /^[A-Za-z0-9*_-]+(\.[A-Za-z0-9_-]+)+\.?$/.test(cn) || cn.toLowerCase() === 'localhost' || isIPv6(cn);

/**
 * OpenSSL 3's X509_supported_extension(): the extensions it understands when they are marked
 * critical. Any other critical extension fails verification with
 * X509_V_ERR_UNHANDLED_CRITICAL_EXTENSION (checked with `openssl verify` 3.0).
 */
const OPENSSL_HANDLED_CRITICAL = new Set([
  '2.16.840.1.113730.1.1', // nsCertType
  '2.5.29.15', // keyUsage
  '2.5.29.17', // subjectAltName
  '2.5.29.19', // basicConstraints
  '2.5.29.32', // certificatePolicies
  '2.5.29.31', // cRLDistributionPoints
  '2.5.29.37', // extendedKeyUsage
  '1.3.6.1.5.5.7.1.7', // sbgp-ipAddrBlock (RFC 3779)
  '1.3.6.1.5.5.7.1.8', // sbgp-autonomousSysNum (RFC 3779)
  '1.3.6.1.5.5.7.48.1.5', // id-pkix-ocsp-nocheck
  '2.5.29.36', // policyConstraints
  '1.3.6.1.5.5.7.1.14', // proxyCertInfo (RFC 3820)
  '2.5.29.30', // nameConstraints
  '2.5.29.33', // policyMappings
  '2.5.29.54', // inhibitAnyPolicy
]);

const WEAK_HASHES = new Set(['md2', 'md5', 'sha1']);

/** Why a DNS SAN is not a name a client can match, and what to write instead; null when it is fine. */
export function dnsNameProblem(name: string): { problem: string; fix: string } | null {
  const hostName = 'a valid host name';
  const wildcard = 'a wildcard as the whole left-most label, as in *.example.com';
  if (name.length === 0) return { problem: 'is empty', fix: hostName };
  if (/\s/.test(name)) return { problem: 'contains white space', fix: hostName };
  if (isIPv4(name) || isIPv6(name)) return { problem: 'is an IP address, and clients compare IP addresses only with IP SANs', fix: `the address as IP:${name}` };
  if (/[^\x21-\x7e]/.test(name)) return { problem: 'contains non-ASCII characters', fix: 'the name in punycode (xn--…)' };
  const bad = /[^A-Za-z0-9._*-]/.exec(name);
  if (bad) return { problem: `contains '${bad[0]}', which no host name holds`, fix: hostName };
  if (name.length > 253) return { problem: `is ${name.length} characters long, more than the 253 a host name may have`, fix: hostName };
  const labels = name.split('.');
  for (const [index, label] of labels.entries()) {
    if (label.length === 0) return { problem: 'has an empty label (a leading, trailing or doubled dot)', fix: hostName };
    if (label.length > 63) return { problem: `has a label of ${label.length} characters, more than the 63 allowed`, fix: hostName };
    if (label.includes('*')) {
      if (label !== '*') return { problem: `has the partial wildcard '${label}', a form Go and Node reject`, fix: wildcard };
      if (index !== 0) return { problem: 'has a wildcard that is not the left-most label (a wildcard covers exactly one level)', fix: `${wildcard}, or one SAN per level` };
      if (labels.length < 3) return { problem: 'is a wildcard with a single label after it, too broad for OpenSSL and Node to match', fix: 'at least two labels after the wildcard, as in *.example.com' };
      continue;
    }
    if (label.startsWith('-') || label.endsWith('-')) return { problem: `has the label '${label}', which starts or ends with a hyphen`, fix: hostName };
  }
  if (labels.length > 1 && /^\d+$/.test(labels[labels.length - 1]!)) return { problem: 'ends in an all-numeric label, which no host name has', fix: hostName };
  return null;
}

// ---------------------------------------------------------------------------
// The rules, in the order findings are reported for a certificate

export const LINT_RULES: readonly LintRule[] = [
  // --- The usages mutual TLS needs -------------------------------------------------------------
  {
    id: 'client-auth-eku-missing',
    severity: 'error',
    rationale: 'A server that verifies client certificates (OpenSSL, Go, Java, Envoy) refuses a client certificate whose extended key usage lists purposes but not clientAuth.',
    reference: 'RFC 5280 §4.2.1.12; OpenSSL X509_PURPOSE_SSL_CLIENT; Go x509.ExtKeyUsageClientAuth',
    check: (cert, ctx) => {
      const eku = ekuOf(cert);
      if (!ctx.isLeaf || (ctx.purpose !== 'client' && ctx.purpose !== 'peer') || !eku || eku.includes('clientAuth')) return [];
      return [
        `${certificateLabel(cert)} is meant as a ${ctx.purpose} certificate but its extended key usage lists ${ekuText(eku)} and not clientAuth, so servers that verify client certificates refuse it; re-issue it with ${reissue(cert, profileFor(cert, 'client'))}`,
      ];
    },
  },
  {
    id: 'client-auth-eku-missing-workload',
    severity: 'warning',
    rationale: 'A leaf named only by URI or e-mail SANs is a workload or user identity, which is presented as a client certificate; without clientAuth servers refuse it.',
    reference: 'RFC 5280 §4.2.1.12; SPIFFE X509-SVID §4.4',
    check: (cert, ctx) => {
      const eku = ekuOf(cert);
      const sans = sansOf(cert);
      if (!ctx.isLeaf || ctx.purpose !== undefined || !eku || eku.includes('clientAuth')) return [];
      if (sans.length === 0 || !sans.every((n) => n.type === 'uri' || n.type === 'email')) return [];
      return [
        `${certificateLabel(cert)} is named only by ${sans.map(generalNameText).join(', ')}, a workload or user identity, but its extended key usage lists ${ekuText(eku)} and not clientAuth, so servers that verify client certificates refuse it; re-issue it with ${reissue(cert, profileFor(cert, 'client'))}`,
      ];
    },
  },
  {
    id: 'server-auth-eku-missing',
    severity: 'error',
    rationale: 'TLS clients (browsers, Go, OpenSSL, Java) refuse a server certificate whose extended key usage lists purposes but not serverAuth.',
    reference: 'RFC 5280 §4.2.1.12; OpenSSL X509_PURPOSE_SSL_SERVER',
    check: (cert, ctx) => {
      const eku = ekuOf(cert);
      if (!ctx.isLeaf || (ctx.purpose !== 'server' && ctx.purpose !== 'peer') || !eku || eku.includes('serverAuth')) return [];
      return [
        `${certificateLabel(cert)} is meant as a ${ctx.purpose} certificate but its extended key usage lists ${ekuText(eku)} and not serverAuth, so TLS clients refuse it with "unsupported certificate purpose"; re-issue it with ${reissue(cert, profileFor(cert, 'server'))}`,
      ];
    },
  },
  {
    id: 'server-auth-eku-missing-inferred',
    severity: 'info',
    rationale: 'A leaf with DNS or IP names looks like a server certificate, but an extended key usage without serverAuth means it can only be a client certificate; worth knowing before it is installed on a server.',
    reference: 'RFC 5280 §4.2.1.12',
    check: (cert, ctx) => {
      const eku = ekuOf(cert);
      const hostNames = sansOf(cert).filter((n) => n.type === 'dns' || n.type === 'ip');
      if (!ctx.isLeaf || ctx.purpose !== undefined || !eku || eku.includes('serverAuth') || hostNames.length === 0) return [];
      return [
        `${certificateLabel(cert)} has host names (${hostNames.map(generalNameText).join(', ')}) but its extended key usage lists ${ekuText(eku)} and not serverAuth, so it works only as a client certificate; if a server presents it, re-issue it with ${reissue(cert, profileFor(cert, 'server'))}`,
      ];
    },
  },
  {
    id: 'any-extended-key-usage',
    severity: 'info',
    rationale: 'anyExtendedKeyUsage is accepted for every purpose by Go, but OpenSSL (and so Node, Python, curl, nginx) does not count it as serverAuth or clientAuth.',
    reference: 'RFC 5280 §4.2.1.12; OpenSSL X509_check_purpose (XKU_ANYEKU)',
    check: (cert, ctx) => {
      const eku = ekuOf(cert);
      if (!ctx.isLeaf || !eku?.includes('anyExtendedKeyUsage')) return [];
      return [
        `${certificateLabel(cert)} has the extended key usage ${ekuText(eku)}; Go counts anyExtendedKeyUsage for any purpose, but OpenSSL-based peers (Node, Python, curl, nginx) do not count it as serverAuth or clientAuth; list the usages themselves, e.g. with ${reissue(cert, 'peer')}`,
      ];
    },
  },

  // --- Names ---------------------------------------------------------------------------------
  {
    id: 'san-missing',
    severity: 'error',
    rationale: 'Go ≥ 1.15, Chrome ≥ 58 and rustls match host names only against subjectAltName; a server certificate that names its host only in the CN fails with "certificate relies on legacy Common Name field".',
    reference: 'RFC 9525 (host names are matched against SANs only); RFC 5280 §4.2.1.6; Go 1.15 release notes',
    check: (cert, ctx) => {
      const cn = commonNameOf(cert.subject);
      if (!ctx.isLeaf || sansOf(cert).length > 0 || cn === null) return [];
      const eku = ekuOf(cert);
      const server =
        ctx.purpose === 'server' || ctx.purpose === 'peer' || (ctx.purpose === undefined && (eku ? eku.includes('serverAuth') : looksLikeHost(cn)));
      if (!server) return [];
      return [
        `${certificateLabel(cert)} has no subjectAltName and names its host only as CN=${cn}, which Go, Chrome and rustls ignore, so they refuse it for every host name; re-issue it with the name as a SAN: \`mtlskit cert create ${issueName(cert)}${sanArguments(cert, looksLikeHost(cn) ? [cn] : [])} --profile ${profileFor(cert, 'server')}\``,
      ];
    },
  },
  {
    id: 'cn-not-in-san',
    severity: 'warning',
    rationale: 'When a server certificate has a CN written as a host name or address, it should repeat one of its SANs: clients ignore the CN, so a CN naming another host misleads whoever reads the certificate, and public CAs may not issue it.',
    reference: 'CA/B Forum Baseline Requirements, subscriber subject commonName (must repeat a SAN); RFC 9525',
    check: (cert, ctx) => {
      const cn = commonNameOf(cert.subject);
      const hostNames = sansOf(cert).filter((n) => n.type === 'dns' || n.type === 'ip');
      // A CN that is a bare label ('api', as `cert create api …` writes) names the service, not a
      // host anyone connects to; only a CN written as a host name or address can mislead.
      if (!ctx.isLeaf || cn === null || hostNames.length === 0 || !actsAsServer(cert, ctx) || !/[.:]/.test(cn)) return [];
      if (sansOf(cert).some((n) => n.value.toLowerCase() === cn.toLowerCase())) return [];
      return [
        `${certificateLabel(cert)} has CN '${cn}', which is not among its SANs (${hostNames.map(generalNameText).join(', ')}); clients never match the CN, so add it as a SAN if it is a host name: \`mtlskit cert create ${issueName(cert)}${sanArguments(cert, looksLikeHost(cn) || /^[A-Za-z0-9-]+$/.test(cn) ? [cn] : [])} --profile ${profileFor(cert, 'server')}\``,
      ];
    },
  },
  {
    id: 'san-not-critical-with-empty-subject',
    severity: 'error',
    rationale: 'With an empty subject the identity is only in the subjectAltName, which must then be present and critical; OpenSSL\'s strict mode (Python 3.13\'s default) refuses it otherwise.',
    reference: 'RFC 5280 §4.1.2.6 and §4.2.1.6; OpenSSL X509_V_ERR_EMPTY_SUBJECT_SAN_NOT_CRITICAL',
    check: (cert) => {
      if (cert.subject.attributes.length > 0) return [];
      const san = cert.extensions.all.find((e) => e.oid === '2.5.29.17');
      if (san?.critical) return [];
      return [
        san
          ? `${certificateLabel(cert)} has a non-critical subjectAltName, where an empty subject requires it to be critical, so strict verifiers (Python 3.13) refuse it; re-issue it with the SAN marked critical${spiffeIds(cert).length === 1 ? `, as \`mtlskit cert create ${issueName(cert)} ${spiffeIds(cert)[0]!.value} --profile spiffe\` does` : ' or with a subject'}`
          : `${certificateLabel(cert)} has no subjectAltName either, where an empty subject requires a critical one, so it names nobody; re-issue it with a subject or a critical subjectAltName`,
      ];
    },
  },
  {
    id: 'dns-san-invalid',
    severity: 'warning',
    rationale: 'A DNS SAN that is not a valid host name or a left-most-label wildcard never matches: clients skip it, so the certificate does not cover the name it was meant for.',
    reference: 'RFC 5280 §4.2.1.6 (preferred name syntax, RFC 1034 §3.5); RFC 6125 §6.4.3; RFC 1035 §2.3.4',
    check: (cert) =>
      sansOf(cert)
        .filter((n) => n.type === 'dns')
        .flatMap((n) => {
          const found = dnsNameProblem(n.value);
          return found ? [`${certificateLabel(cert)} has the DNS SAN '${n.value}', which ${found.problem}, so clients never match it; re-issue the certificate with ${found.fix}`] : [];
        }),
  },

  // --- Key usage ------------------------------------------------------------------------------
  {
    id: 'key-encipherment-non-rsa',
    severity: 'warning',
    rationale: 'keyEncipherment means the key encrypts a TLS premaster secret, which only RSA keys do; EC and EdDSA keys must not assert it, and strict verifiers refuse it.',
    reference: 'RFC 8813 §3 (EC keys); RFC 8410 §5 (Ed25519/Ed448); RFC 5280 §4.2.1.3',
    check: (cert) => {
      if (!isEdwardsOrEc(cert) || !hasKeyUsage(cert, 'keyEncipherment')) return [];
      return [
        `${certificateLabel(cert)} has ${keyText(cert)} but its key usage asserts keyEncipherment (${keyUsageText(cert)}), which only RSA keys can do; drop it and keep digitalSignature, as mtlskit does for non-RSA keys`,
      ];
    },
  },
  {
    id: 'digital-signature-missing',
    severity: 'error',
    rationale: 'An EC or EdDSA leaf authenticates by signing the handshake, so a key usage without digitalSignature forbids its only use; OpenSSL will not serve it over TLS 1.2 ("no shared cipher") and strict TLS 1.3 peers refuse it.',
    reference: 'RFC 5280 §4.2.1.3; RFC 8446 §4.4.2.2; RFC 5480 §3',
    check: (cert, ctx) => {
      if (!ctx.isLeaf || !isEdwardsOrEc(cert) || cert.extensions.keyUsage === null || hasKeyUsage(cert, 'digitalSignature')) return [];
      return [
        `${certificateLabel(cert)} has ${keyText(cert)}, which can only sign the TLS handshake, but its key usage is ${keyUsageText(cert)} without digitalSignature, so OpenSSL will not use it for TLS 1.2 and strict peers refuse it; re-issue it with ${reissue(cert, profileMatching(cert))}`,
      ];
    },
  },

  // --- CA certificates ------------------------------------------------------------------------
  {
    id: 'issuer-not-ca',
    severity: 'error',
    rationale: 'A certificate that issued another must be a CA (basicConstraints cA TRUE); verifiers refuse the chain with "invalid CA certificate" otherwise.',
    reference: 'RFC 5280 §4.2.1.9 and §6.1.4 (k); OpenSSL X509_V_ERR_INVALID_CA',
    check: (cert, ctx) => {
      if (ctx.index === 0 || ctx.isCa) return [];
      if (cert.version < 3 && isSelfIssued(cert)) return []; // v1 roots: OpenSSL still treats them as CAs
      const below = ctx.chain[ctx.index - 1]!;
      return [
        `${certificateLabel(cert)} issued ${certificateLabel(below)} but is not a CA (basicConstraints ${cert.extensions.basicConstraints ? 'cA FALSE' : 'absent'}), so every verifier refuses the chain; sign leaves with a CA, e.g. one made by \`mtlskit ca create\``,
      ];
    },
  },
  {
    id: 'ca-basic-constraints-not-critical',
    severity: 'error',
    rationale: 'RFC 5280 requires a CA\'s basicConstraints to be critical; OpenSSL\'s strict mode (Python 3.13\'s default VERIFY_X509_STRICT) refuses the chain otherwise.',
    reference: 'RFC 5280 §4.2.1.9; OpenSSL X509_V_ERR_CA_BCONS_NOT_CRITICAL',
    check: (cert, ctx) => {
      if (!ctx.isCa || cert.extensions.basicConstraints?.critical) return [];
      return [
        `${certificateLabel(cert)} is a CA whose basicConstraints is not marked critical, so Python 3.13 and other strict verifiers refuse chains through it with "Basic Constraints of CA cert not marked critical"; re-create the CA with basicConstraints critical, as \`mtlskit ca create\` does`,
      ];
    },
  },
  {
    id: 'ca-key-usage-missing',
    severity: 'warning',
    rationale: 'RFC 5280 requires key usage on a CA certificate; OpenSSL\'s strict mode (Python 3.13\'s default VERIFY_X509_STRICT) refuses a CA without it.',
    reference: 'RFC 5280 §4.2.1.3; OpenSSL X509_V_ERR_CA_CERT_MISSING_KEY_USAGE',
    check: (cert, ctx) => {
      if (!ctx.isCa || cert.extensions.keyUsage !== null || hasRaw(cert, '2.5.29.15')) return [];
      return [
        `${certificateLabel(cert)} is a CA without a key usage extension, where keyCertSign and cRLSign are expected, so Python 3.13 and other strict verifiers refuse it with "CA cert does not include key usage extension"; re-create the CA with keyUsage keyCertSign, cRLSign, as \`mtlskit ca create\` does`,
      ];
    },
  },
  {
    id: 'ca-key-cert-sign-missing',
    severity: 'error',
    rationale: 'A CA whose key usage does not include keyCertSign may not sign certificates; every verifier refuses the certificates it issued.',
    reference: 'RFC 5280 §4.2.1.3 and §6.1.4 (n); OpenSSL X509_V_ERR_KEYUSAGE_NO_CERTSIGN',
    check: (cert, ctx) => {
      if (!ctx.isCa || ctx.isLeaf || cert.extensions.keyUsage === null || hasKeyUsage(cert, 'keyCertSign')) return [];
      return [
        `${certificateLabel(cert)} is a CA but its key usage is ${keyUsageText(cert)} without keyCertSign, so certificates it signs are refused ("key usage does not include certificate signing"); re-create the CA with keyUsage keyCertSign, cRLSign, as \`mtlskit ca create\` does`,
      ];
    },
  },
  {
    id: 'leaf-is-ca',
    severity: 'error',
    rationale: 'A leaf certificate with CA:TRUE lets whoever holds its key issue certificates that chain to the same root, for any name; public CAs may not issue one and it is a common copy-paste mistake from CA configurations.',
    reference: 'RFC 5280 §4.2.1.9 (cA asserts the key may verify certificate signatures)',
    check: (cert, ctx) => {
      if (!ctx.isLeaf || !ctx.isCa || isSelfIssued(cert)) return [];
      const evidence = [hasTlsEku(cert) ? `extended key usage ${ekuText(ekuOf(cert)!)}` : '', sansOf(cert).length ? `SANs ${sansOf(cert).map(generalNameText).join(', ')}` : '']
        .filter(Boolean)
        .join(' and ');
      return [
        `${certificateLabel(cert)} is a leaf (${evidence}) issued with basicConstraints CA:TRUE, so whoever holds its key can issue certificates the same CA vouches for; re-issue it as an end entity with ${reissue(cert, profileMatching(cert))}`,
      ];
    },
  },
  {
    id: 'path-len-exceeded',
    severity: 'error',
    rationale: 'A CA\'s pathLenConstraint caps how many intermediates may follow it; a longer chain is refused by every verifier ("path length constraint exceeded").',
    reference: 'RFC 5280 §4.2.1.9 and §6.1.4 (l, m); OpenSSL X509_V_ERR_PATH_LENGTH_EXCEEDED',
    check: (cert, ctx) => {
      const pathLen = cert.extensions.basicConstraints?.pathLen;
      if (!ctx.isCa || pathLen === null || pathLen === undefined || ctx.index < 1) return [];
      const intermediates = ctx.chain.slice(1, ctx.index).filter((c) => !isSelfIssued(c));
      if (intermediates.length <= pathLen) return [];
      return [
        `${certificateLabel(cert)} allows ${pathLen} intermediate CA${pathLen === 1 ? '' : 's'} below it (pathlen:${pathLen}) but ${intermediates.length} follow it in this chain (${intermediates.map(certificateLabel).join(', ')}), so verifiers refuse the chain; sign from a CA higher up, or re-create this CA with a larger pathLenConstraint (\`mtlskit ca create --path-len ${intermediates.length}\`)`,
      ];
    },
  },
  {
    id: 'path-len-without-ca',
    severity: 'error',
    rationale: 'pathLenConstraint only means something on a CA that may sign certificates; on a non-CA, or with a key usage lacking keyCertSign, it is malformed and strict verifiers refuse it.',
    reference: 'RFC 5280 §4.2.1.9; OpenSSL X509_V_ERR_PATHLEN_INVALID_FOR_NON_CA, X509_V_ERR_PATHLEN_WITHOUT_KU_KEY_CERT_SIGN',
    check: (cert) => {
      const bc = cert.extensions.basicConstraints;
      if (!bc || bc.pathLen === null) return [];
      if (!bc.ca) {
        return [`${certificateLabel(cert)} has pathlen:${bc.pathLen} in its basicConstraints but is not a CA (cA FALSE), so strict verifiers refuse it; re-issue it without a path length`];
      }
      if (cert.extensions.keyUsage !== null && !hasKeyUsage(cert, 'keyCertSign')) {
        return [`${certificateLabel(cert)} has pathlen:${bc.pathLen} but its key usage (${keyUsageText(cert)}) lacks keyCertSign, so strict verifiers refuse it; add keyCertSign or drop the path length`];
      }
      return [];
    },
  },

  // --- Dates ----------------------------------------------------------------------------------
  {
    id: 'expired',
    severity: 'error',
    rationale: 'An expired certificate is refused by every peer.',
    reference: 'RFC 5280 §4.1.2.5 and §6.1.3 (a)(2)',
    check: (cert, ctx) => {
      if (ctx.now.getTime() <= cert.notAfter.getTime()) return [];
      const days = Math.floor((ctx.now.getTime() - cert.notAfter.getTime()) / day);
      return [
        `${certificateLabel(cert)} expired on ${isoTime(cert.notAfter)}${days > 0 ? `, ${days} day${days === 1 ? '' : 's'} ago` : ''}, so every peer refuses it; ${ctx.isCa ? 're-create the CA and re-issue what it signed' : `renew it, e.g. \`mtlskit cert create ${issueName(cert)}${sanArguments(cert)} --force\` or \`mtlskit bootstrap\``}`,
      ];
    },
  },
  {
    id: 'not-yet-valid',
    severity: 'error',
    rationale: 'A certificate whose notBefore is in the future is refused until then; usually a clock that is wrong on the issuing or the checking machine.',
    reference: 'RFC 5280 §4.1.2.5 and §6.1.3 (a)(2)',
    check: (cert, ctx) => {
      if (ctx.now.getTime() >= cert.notBefore.getTime()) return [];
      return [
        `${certificateLabel(cert)} is not valid until ${isoTime(cert.notBefore)} (now is ${isoTime(ctx.now)}), so peers refuse it until then; check the clocks of the issuing and the checking machine`,
      ];
    },
  },
  {
    id: 'expiring-soon',
    severity: 'warning',
    rationale: 'A certificate that expires within 30 days should be renewed now, before peers start refusing it.',
    reference: 'RFC 5280 §4.1.2.5',
    check: (cert, ctx) => {
      const left = cert.notAfter.getTime() - ctx.now.getTime();
      if (left < 0 || left >= 30 * day || ctx.now.getTime() < cert.notBefore.getTime()) return [];
      const days = Math.floor(left / day);
      return [
        `${certificateLabel(cert)} expires on ${isoTime(cert.notAfter)}, in ${days === 0 ? 'less than a day' : `${days} day${days === 1 ? '' : 's'}`}, within the 30 days expected to renew; ${ctx.isCa ? 're-create the CA and re-issue what it signed' : `renew it, e.g. \`mtlskit cert create ${issueName(cert)}${sanArguments(cert)} --force\` or \`mtlskit bootstrap\``}`,
      ];
    },
  },
  {
    id: 'validity-too-long',
    severity: 'warning',
    rationale: 'TLS server certificates may be valid for at most 398 days; Apple platforms and Chrome refuse longer ones from public CAs, and short lifetimes limit the damage of a leaked key.',
    reference: 'CA/B Forum BR §6.3.2; Apple "About upcoming limits on trusted certificates" (2020); Chrome Root Program Policy',
    check: (cert, ctx) => {
      if (!ctx.isLeaf || !(ekuOf(cert)?.includes('serverAuth') ?? false)) return [];
      // BR §6.3.2 counts the validity period inclusively: notAfter - notBefore + 1 second.
      const seconds = (cert.notAfter.getTime() - cert.notBefore.getTime()) / 1000 + 1;
      if (seconds <= 398 * 86_400) return [];
      const days = Math.floor(seconds / 86_400);
      return [
        `${certificateLabel(cert)} is a serverAuth certificate valid for ${days} days (${isoDay(cert.notBefore)} to ${isoDay(cert.notAfter)}), more than the 398 allowed for TLS servers, which Apple platforms and Chrome enforce for public CAs; re-issue it with \`--days 397\` or less`,
      ];
    },
  },

  // --- Serial number --------------------------------------------------------------------------
  {
    id: 'serial-not-positive',
    severity: 'error',
    rationale: 'A serial number must be a positive integer; Go ≥ 1.23 refuses negative serials when parsing, and a zero serial is as non-conforming.',
    reference: 'RFC 5280 §4.1.2.2',
    check: (cert) => {
      const negative = (cert.serial[0]! & 0x80) !== 0;
      const zero = cert.serial.every((b) => b === 0);
      if (!negative && !zero) return [];
      return [
        `${certificateLabel(cert)} has serial number ${negative ? cert.serialHex : '0'}, where a positive number is required, so strict parsers refuse it (Go ≥ 1.23 does for negative serials); re-issue it with a random positive serial, as mtlskit does`,
      ];
    },
  },
  {
    id: 'serial-too-long',
    severity: 'error',
    rationale: 'CAs must not use serial numbers longer than 20 octets and verifiers only have to handle 20, so a longer one may be refused or mishandled (revocation lookups, logging).',
    reference: 'RFC 5280 §4.1.2.2',
    check: (cert) => {
      const magnitude = cert.serial[0] === 0 && cert.serial.length > 1 ? cert.serial.subarray(1) : cert.serial;
      if (magnitude.length <= 20) return [];
      return [`${certificateLabel(cert)} has a serial number of ${magnitude.length} octets, more than the 20 allowed, so verifiers may refuse it; re-issue it with a serial of at most 20 octets (mtlskit uses 16 random octets)`];
    },
  },

  // --- Algorithms -----------------------------------------------------------------------------
  {
    id: 'rsa-key-too-small',
    severity: 'error',
    rationale: 'RSA keys under 2048 bits are within reach of factoring and are refused at OpenSSL security level 2 (the default on Debian, Ubuntu and RHEL-family systems) and by browsers.',
    reference: 'NIST SP 800-131A Rev. 2 §2; CA/B Forum BR §6.1.5; OpenSSL SSL_CTX_set_security_level',
    check: (cert, ctx) => {
      if ((cert.publicKey.type !== 'rsa' && cert.publicKey.type !== 'rsa-pss') || cert.publicKey.bits === undefined || cert.publicKey.bits >= 2048) return [];
      return [
        `${certificateLabel(cert)} has a ${cert.publicKey.bits}-bit RSA key, under the 2048 bits required, so most TLS stacks refuse it ("${ctx.isCa ? 'ca' : 'ee'} key too small"); re-issue it with \`--key ec-p256\` or \`--key rsa-2048\``,
      ];
    },
  },
  {
    id: 'signature-hash-weak',
    severity: 'error',
    rationale: 'SHA-1 and MD5 signatures can be forged; OpenSSL 3 (security level ≥ 1), Go, Java and browsers refuse certificates signed with them.',
    reference: 'CA/B Forum BR §7.1.3.2; OpenSSL X509_V_ERR_CA_MD_TOO_WEAK; Go 1.18 release notes (SHA-1 signatures rejected)',
    check: (cert) => {
      const hash = cert.signatureAlgorithm.hash;
      if (!hash || !WEAK_HASHES.has(hash) || isSelfIssued(cert)) return [];
      return [
        `${certificateLabel(cert)} is signed with ${cert.signatureAlgorithm.name}, where SHA-256 or stronger is expected, so OpenSSL 3, Go and browsers refuse it ("ca md too weak"); re-issue it with a SHA-256 signature, as mtlskit does`,
      ];
    },
  },
  {
    id: 'root-signature-hash-weak',
    severity: 'info',
    rationale: 'A self-signed root\'s own signature is not checked by verifiers, so SHA-1 there is harmless today, but it signals an old CA whose issued certificates deserve a look.',
    reference: 'RFC 5280 §6.1 (trust anchors are not verified); CA/B Forum BR §7.1.3.2',
    check: (cert) => {
      const hash = cert.signatureAlgorithm.hash;
      if (!hash || !WEAK_HASHES.has(hash) || !isSelfIssued(cert)) return [];
      return [
        `${certificateLabel(cert)} is self-signed with ${cert.signatureAlgorithm.name}; verifiers do not check a trust anchor's own signature, so this is harmless, but re-create it with SHA-256 when convenient (\`mtlskit ca create\`)`,
      ];
    },
  },
  {
    id: 'signature-algorithm-mismatch',
    severity: 'error',
    rationale: 'The signature algorithm inside the signed TBSCertificate must equal the outer one; Go and OpenSSL\'s strict mode refuse a certificate where they differ, a sign of tampering.',
    reference: 'RFC 5280 §4.1.1.2; OpenSSL X509_V_ERR_SIGNATURE_ALGORITHM_INCONSISTENCY',
    check: (cert) => {
      if (cert.tbsSignatureOid === cert.signatureAlgorithm.oid) return [];
      return [
        `${certificateLabel(cert)} names signature algorithm ${cert.tbsSignatureOid} inside its signed part but ${cert.signatureAlgorithm.name} (${cert.signatureAlgorithm.oid}) outside, where the two must be equal, so Go refuses it; re-issue it`,
      ];
    },
  },

  // --- Key identifiers ------------------------------------------------------------------------
  {
    id: 'ca-ski-missing',
    severity: 'warning',
    rationale: 'A CA certificate must carry a subjectKeyIdentifier, which verifiers use to find the issuer when several CAs share a name (after a renewal, say); OpenSSL\'s strict mode checks it.',
    reference: 'RFC 5280 §4.2.1.2 (MUST for CA certificates); OpenSSL X509_V_ERR_MISSING_SUBJECT_KEY_IDENTIFIER (strict mode)',
    check: (cert, ctx) => {
      if (!ctx.isCa || ctx.isLeaf || hasRaw(cert, '2.5.29.14')) return [];
      return [
        `${certificateLabel(cert)} is a CA without a subjectKeyIdentifier, so the certificates it issues cannot name its key in their authorityKeyIdentifier, which chain building relies on when CAs share a name; re-create the CA with one, as \`mtlskit ca create\` does`,
      ];
    },
  },
  {
    id: 'leaf-ski-missing',
    severity: 'info',
    rationale: 'RFC 5280 recommends a subjectKeyIdentifier on end-entity certificates too; some tools use it to match a certificate to its key.',
    reference: 'RFC 5280 §4.2.1.2 (SHOULD for end entities)',
    check: (cert, ctx) => {
      if ((ctx.isCa && !ctx.isLeaf) || hasRaw(cert, '2.5.29.14')) return [];
      return [`${certificateLabel(cert)} has no subjectKeyIdentifier, which RFC 5280 recommends; re-issuing with mtlskit adds one`];
    },
  },
  {
    id: 'aki-missing',
    severity: 'warning',
    rationale: 'Every certificate but a self-signed root must carry an authorityKeyIdentifier; Python 3.13\'s default VERIFY_X509_STRICT fails with "Missing Authority Key Identifier" on OpenSSL builds that check it, and chain building needs it when CAs share a name.',
    reference: 'RFC 5280 §4.2.1.1; OpenSSL X509_V_ERR_MISSING_AUTHORITY_KEY_IDENTIFIER (strict mode)',
    check: (cert) => {
      if (isSelfIssued(cert) || hasRaw(cert, '2.5.29.35')) return [];
      return [
        `${certificateLabel(cert)} is issued by '${cert.issuer.display}' but has no authorityKeyIdentifier, so Python 3.13 clients (VERIFY_X509_STRICT) may refuse it with "Missing Authority Key Identifier"; re-issue it with one, as mtlskit does`,
      ];
    },
  },

  // --- Extensions -----------------------------------------------------------------------------
  {
    id: 'duplicate-extension',
    severity: 'error',
    rationale: 'A certificate may hold each extension only once, since two copies could say different things; OpenSSL marks such a certificate invalid and Go and Java refuse to parse it.',
    reference: 'RFC 5280 §4.2',
    check: (cert) => {
      const counts = new Map<string, number>();
      for (const ext of cert.extensions.all) counts.set(ext.oid, (counts.get(ext.oid) ?? 0) + 1);
      return [...counts]
        .filter(([, n]) => n > 1)
        .map(([oid, n]) => {
          const name = cert.extensions.all.find((e) => e.oid === oid)!.name;
          return `${certificateLabel(cert)} holds the ${name ? `${name} (${oid})` : oid} extension ${n} times, where each extension may appear once, so OpenSSL marks it invalid and Go and Java refuse to parse it; re-issue it`;
        });
    },
  },
  {
    id: 'unknown-critical-extension',
    severity: 'error',
    rationale: 'A verifier must refuse a certificate with a critical extension it does not understand; OpenSSL (so Node, Python, curl, nginx) fails with "unhandled critical extension".',
    reference: 'RFC 5280 §4.2; OpenSSL X509_V_ERR_UNHANDLED_CRITICAL_EXTENSION',
    check: (cert) =>
      cert.extensions.all
        .filter((e) => e.critical && !OPENSSL_HANDLED_CRITICAL.has(e.oid))
        .map(
          (e) =>
            `${certificateLabel(cert)} marks the ${e.name ? `${e.name} (${e.oid})` : `unknown ${e.oid}`} extension critical, which OpenSSL does not handle, so OpenSSL-based peers refuse it with "unhandled critical extension"; re-issue it with that extension non-critical${e.name ? '' : ' or left out'}`,
        ),
  },
  {
    id: 'extension-unparseable',
    severity: 'error',
    rationale: 'An extension whose value does not decode is refused by verifiers that read it, and means something else than the issuer intended.',
    reference: 'RFC 5280 §4.2 and the extension\'s own ASN.1 module',
    check: (cert) =>
      cert.extensions.all
        .filter((e) => e.error !== undefined)
        .map((e) => `${certificateLabel(cert)} has a ${e.name ?? e.oid} extension that does not decode (${e.error}), so verifiers refuse it; re-issue it`),
  },
  {
    id: 'extensions-on-non-v3',
    severity: 'error',
    rationale: 'Only version 3 certificates may carry extensions; OpenSSL\'s strict mode and Go refuse a v1 or v2 certificate that has them.',
    reference: 'RFC 5280 §4.1.2.1 and §4.1.2.9; OpenSSL X509_V_ERR_EXTENSIONS_REQUIRE_VERSION_3',
    check: (cert) => {
      if (cert.version >= 3 || cert.extensions.all.length === 0) return [];
      return [`${certificateLabel(cert)} is a version ${cert.version} certificate with ${cert.extensions.all.length} extension${cert.extensions.all.length === 1 ? '' : 's'}, where only version 3 may have extensions, so strict verifiers refuse it; re-issue it as version 3`];
    },
  },

  // --- SPIFFE X509-SVID -----------------------------------------------------------------------
  {
    id: 'spiffe-uri-san-count',
    severity: 'error',
    rationale: 'An X509-SVID carries exactly one URI SAN, its SPIFFE ID; SPIFFE verifiers (Envoy, go-spiffe, SPIRE) refuse a certificate with several.',
    reference: 'SPIFFE X509-SVID §2',
    check: (cert) => {
      if (spiffeIds(cert).length === 0) return [];
      const uris = sansOf(cert).filter((n) => n.type === 'uri');
      if (uris.length === 1) return [];
      return [
        `${certificateLabel(cert)} is a SPIFFE X509-SVID with ${uris.length} URI SANs (${uris.map((u) => u.value).join(', ')}), where exactly one is allowed, so SPIFFE verifiers refuse it; re-issue it with one SPIFFE ID: \`mtlskit cert create ${issueName(cert)} ${spiffeIds(cert)[0]!.value} --profile spiffe\``,
      ];
    },
  },
  {
    id: 'spiffe-svid-is-ca',
    severity: 'error',
    rationale: 'A leaf X509-SVID must have cA FALSE; SPIFFE verifiers refuse a leaf SVID that is a CA.',
    reference: 'SPIFFE X509-SVID §4.1',
    check: (cert, ctx) => {
      if (spiffeIds(cert).length === 0 || !ctx.isLeaf || !ctx.isCa || isSelfIssued(cert)) return [];
      return [
        `${certificateLabel(cert)} is a leaf SPIFFE X509-SVID with basicConstraints CA:TRUE, where cA FALSE is required, so SPIFFE verifiers refuse it; re-issue it with \`mtlskit cert create ${issueName(cert)} ${spiffeIds(cert)[0]!.value} --profile spiffe\``,
      ];
    },
  },
  {
    id: 'spiffe-digital-signature-missing',
    severity: 'error',
    rationale: 'A leaf X509-SVID must carry a key usage with digitalSignature; SPIFFE verifiers refuse it otherwise.',
    reference: 'SPIFFE X509-SVID §4.3',
    check: (cert, ctx) => {
      if (spiffeIds(cert).length === 0 || !ctx.isLeaf || ctx.isCa || hasKeyUsage(cert, 'digitalSignature')) return [];
      return [
        `${certificateLabel(cert)} is a leaf SPIFFE X509-SVID whose key usage is ${cert.extensions.keyUsage === null ? 'absent' : keyUsageText(cert)}, where digitalSignature is required, so SPIFFE verifiers refuse it; re-issue it with \`mtlskit cert create ${issueName(cert)} ${spiffeIds(cert)[0]!.value} --profile spiffe\``,
      ];
    },
  },
];
