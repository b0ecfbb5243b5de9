/**
 * What `inspect` reports: every certificate of every input as plain data (design.md's inspect
 * JSON), chains ordered by issuer links, keys matched to their certificates, and lint's
 * findings attached as inline warnings.
 */
import type { Certificate, PublicKeyInfo } from './certificate.js';
import { orderChains, isSelfIssued, dedupe } from './chain.js';
import type { Decoded, DecodedCsr } from './decode.js';
import { lintChains } from './lint.js';
import { generalNameText } from './name.js';
import { colonHex } from './certificate.js';

export interface CertificateInfo {
  subject: string;
  issuer: string;
  serial: string;
  version: number;
  notBefore: string;
  notAfter: string;
  key: PublicKeyInfo;
  signatureAlgorithm: string;
  sans: string[];
  keyUsage: string[];
  extendedKeyUsage: string[];
  basicConstraints: { ca: boolean; pathLen: number | null; critical: boolean } | null;
  ski: string | null;
  aki: string | null;
  fingerprintSha256: string;
  /** 'leaf', 'intermediate', 'root' (self-signed CA) or 'self-signed' (a self-signed leaf). */
  role: string;
  policies: { oid: string; name: string | null; cps: string[] }[];
  crlDistributionPoints: string[];
  authorityInfoAccess: { ocsp: string[]; caIssuers: string[] };
  nameConstraints: { permitted: string[]; excluded: string[] } | null;
  sctCount: number | null;
  extensions: { oid: string; name: string | null; critical: boolean }[];
  /** The input whose private key belongs to this certificate, when one was given. */
  privateKey: string | null;
  warnings: string[];
}

export interface KeyReport {
  kind: 'private' | 'public';
  format: string;
  encrypted: boolean;
  key: PublicKeyInfo | null;
  /** The certificate this key belongs to ({input, subject, fingerprintSha256}), or null. */
  matches: { input: string; subject: string; fingerprintSha256: string } | null;
}

export interface SourceReport {
  input: string;
  container: string;
  certificates: CertificateInfo[];
  /** Chains as indexes into `certificates`, leaf first. */
  chains: number[][];
  keys: KeyReport[];
  csrs: Omit<DecodedCsr, 'spki'>[];
  notes: string[];
}

export interface InspectReport {
  ok: true;
  sources: SourceReport[];
}

export interface NamedInput {
  input: string;
  decoded: Decoded;
}

export function inspectInputs(inputs: readonly NamedInput[], now: Date): InspectReport {
  const everyCertificate = inputs.flatMap(({ input, decoded }) => decoded.certificates.map((cert) => ({ input, cert })));
  const keyOwner = new Map<Certificate, string>();
  const sources = inputs.map(({ input, decoded }): SourceReport => {
    const keys = decoded.keys.map((key): KeyReport => {
      const owner = key.spki && everyCertificate.find(({ cert }) => cert.spki.equals(key.spki!));
      if (owner && key.kind === 'private') keyOwner.set(owner.cert, input);
      return {
        kind: key.kind,
        format: key.format,
        encrypted: key.encrypted,
        key: key.key,
        matches: owner ? { input: owner.input, subject: owner.cert.subject.display, fingerprintSha256: owner.cert.fingerprintSha256 } : null,
      };
    });
    return { input, container: decoded.container, certificates: [], chains: [], keys, csrs: decoded.csrs.map(({ spki: _, ...csr }) => csr), notes: decoded.notes };
  });
  inputs.forEach(({ decoded }, i) => {
    const source = sources[i]!;
    const chains = orderChains(decoded.certificates);
    const ordered = dedupe(chains.flat());
    const warnings = new Map<string, string[]>();
    for (const finding of lintChains(chains, { now })) {
      if (finding.severity === 'info') continue;
      const list = warnings.get(finding.fingerprintSha256) ?? [];
      list.push(finding.message);
      warnings.set(finding.fingerprintSha256, list);
    }
    source.certificates = ordered.map((cert) => describeCertificate(cert, roleOf(cert, chains), keyOwner.get(cert) ?? null, warnings.get(cert.fingerprintSha256) ?? []));
    source.chains = chains.map((chain) => chain.map((cert) => ordered.indexOf(cert)));
  });
  return { ok: true, sources };
}

function roleOf(cert: Certificate, chains: Certificate[][]): string {
  const isCa = cert.extensions.basicConstraints?.ca === true;
  if (isSelfIssued(cert)) return isCa || cert.version === 1 ? 'root' : 'self-signed';
  if (chains.some((chain) => chain.indexOf(cert) > 0) || isCa) return 'intermediate';
  return 'leaf';
}

export function describeCertificate(cert: Certificate, role: string, privateKey: string | null, warnings: string[]): CertificateInfo {
  const ext = cert.extensions;
  return {
    subject: cert.subject.display,
    issuer: cert.issuer.display,
    serial: cert.serialHex,
    version: cert.version,
    notBefore: cert.notBefore.toISOString(),
    notAfter: cert.notAfter.toISOString(),
    key: cert.publicKey,
    signatureAlgorithm: cert.signatureAlgorithm.name,
    sans: (ext.subjectAltName ?? []).map(generalNameText),
    keyUsage: ext.keyUsage ?? [],
    extendedKeyUsage: ext.extendedKeyUsage ?? [],
    basicConstraints: ext.basicConstraints,
    ski: ext.subjectKeyIdentifier ? colonHex(ext.subjectKeyIdentifier) : null,
    aki: ext.authorityKeyIdentifier?.keyId ? colonHex(ext.authorityKeyIdentifier.keyId) : null,
    fingerprintSha256: cert.fingerprintSha256,
    role,
    policies: ext.policies,
    crlDistributionPoints: ext.crlDistributionPoints,
    authorityInfoAccess: ext.authorityInfoAccess,
    nameConstraints: ext.nameConstraints
      ? { permitted: ext.nameConstraints.permitted.map(generalNameText), excluded: ext.nameConstraints.excluded.map(generalNameText) }
      : null,
    sctCount: ext.sctCount,
    extensions: ext.all.map(({ oid, name, critical }) => ({ oid, name, critical })),
    privateKey,
    warnings,
  };
}
