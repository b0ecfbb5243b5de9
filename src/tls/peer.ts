/**
 * What both ends of a live handshake say about a certificate chain: who it names, whether it
 * verifies, and — for our own chain — what a peer is likely to object to. Shared by `serve`
 * (judging client certificates, and its own chain when a client hangs up) and `connect`
 * (judging the server's chain, and its own client certificate when the server rejects it).
 */
import type { KeyObject } from 'node:crypto';
import type { DetailedPeerCertificate, PeerCertificate } from 'node:tls';
import { makeCause, type Cause } from '../diagnose/knowledge/causes.js';
import { parseCertificate, subjectLabel, type Certificate } from '../x509/certificate.js';
import { isSelfIssued } from '../x509/chain.js';
import { generalNameText } from '../x509/name.js';
import { verifyCertificate, type Purpose, type VerifyReport } from '../x509/verify.js';

/** One certificate of a presented chain, as reports list it. */
export interface ChainLink {
  subject: string;
  issuer: string;
  fingerprintSha256: string;
  notAfter: string;
}

/** Who a leaf certificate names: what a service would authorise on. */
export interface Identity {
  subject: string;
  sans: string[];
  /** The `spiffe://` URI SAN, when there is exactly one. */
  spiffeId: string | null;
  fingerprintSha256: string;
  notAfter: string;
}

export const chainLinks = (chain: readonly Certificate[]): ChainLink[] =>
  chain.map((cert) => ({ subject: subjectLabel(cert), issuer: cert.issuer.display, fingerprintSha256: cert.fingerprintSha256, notAfter: cert.notAfter.toISOString() }));

export function identityOf(leaf: Certificate): Identity {
  const sans = leaf.extensions.subjectAltName ?? [];
  const spiffe = sans.filter((n) => n.type === 'uri' && n.value.toLowerCase().startsWith('spiffe://'));
  return {
    subject: subjectLabel(leaf),
    sans: sans.map(generalNameText),
    spiffeId: spiffe.length === 1 ? spiffe[0]!.value : null,
    fingerprintSha256: leaf.fingerprintSha256,
    notAfter: leaf.notAfter.toISOString(),
  };
}

/** The DER of each certificate a peer sent, leaf first, as Node reports it (getPeerCertificate(true)). */
export function presentedDer(leaf: PeerCertificate | DetailedPeerCertificate | null | undefined): Buffer[] {
  const out: Buffer[] = [];
  let current = leaf as DetailedPeerCertificate | undefined;
  while (current?.raw && !out.some((der) => der.equals(current!.raw))) {
    out.push(current.raw);
    current = current.issuerCertificate;
  }
  return out;
}

/**
 * Parses presented certificates, remembering the last few hundred: a server sees the same client
 * chains over and over, and a parse costs more than the cache lookup.
 */
const parsed = new Map<string, Certificate>();
export function parsePresented(ders: readonly Buffer[]): Certificate[] {
  return ders.map((der) => {
    const key = der.toString('base64');
    let cert = parsed.get(key);
    if (!cert) {
      if (parsed.size >= 512) parsed.clear();
      cert = parseCertificate(der);
      parsed.set(key, cert);
    }
    return cert;
  });
}

export interface ChainCheck {
  anchors: readonly Certificate[];
  purpose: Purpose;
  host?: string;
  ip?: string;
  at: Date;
}

/** Verifies a presented chain (leaf first; the rest are untrusted intermediates). */
export function verifyPresented(chain: readonly Certificate[], check: ChainCheck): VerifyReport {
  const [leaf, ...rest] = chain;
  if (!leaf) throw new Error('verifyPresented needs a certificate');
  return verifyCertificate(leaf, { anchors: check.anchors, untrusted: rest, purpose: check.purpose, host: check.host, ip: check.ip, at: check.at });
}

/**
 * What a peer is likely to object to in a chain of ours, found without the peer: expired or not
 * yet valid, the wrong extended key usage for the role, the name it was reached by, a missing
 * intermediate, a self-signed leaf. With no anchors to verify against, only what the chain
 * itself shows is judged.
 */
export function ownChainSuspects(chain: readonly Certificate[], check: ChainCheck, role: 'server' | 'client'): Cause[] {
  const [leaf] = chain;
  if (!leaf) return [];
  const causes: Cause[] = [];
  const report = verifyPresented(chain, check);
  const seen = new Set<string>();
  for (const cause of report.causes) {
    // Without anchors of ours, "untrusted" only means we do not know the peer's trust store.
    if (check.anchors.length === 0 && (cause.id === 'untrusted-ca' || cause.id === 'incomplete-chain')) continue;
    if (seen.has(cause.id)) continue;
    seen.add(cause.id);
    causes.push(cause);
  }
  if (check.anchors.length === 0 && isSelfIssued(leaf) && !leaf.extensions.basicConstraints?.ca && !seen.has('self-signed')) {
    causes.push(
      makeCause('self-signed', 0.6, [`our ${role} certificate ${quote(leaf)} signed itself`], [`Issue the ${role} certificate from a CA the peer trusts (mtlskit cert create NAME), or give the peer this certificate as its CA.`]),
    );
  }
  return causes;
}

export const quote = (cert: Certificate) => `'${subjectLabel(cert)}'`;


/** "tlsv1 alert unknown ca" out of OpenSSL's long form ("…:error:0A000418:SSL routines:ssl3_read_bytes:…"); Node's own messages as they are. */
export const tlsErrorText = (error: Error) =>
  error.message.replace(/^.*routines:(?:[a-z0-9_]*:)?/i, '').replace(/:\.\.\/deps\/openssl.*$/s, '').replace(/:SSL alert number \d+$/, '').trim();

/** A private key as Node's TLS options take it; it stays in memory and is never printed. */
export const keyPem = (key: KeyObject) => key.export({ type: 'pkcs8', format: 'pem' }) as string;
