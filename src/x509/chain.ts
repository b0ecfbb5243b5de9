/**
 * Issuer links between certificates, and chains ordered leaf → intermediates → root whatever
 * order the input had them in.
 */
import type { Certificate } from './certificate.js';
import type { Name } from './name.js';

/**
 * Could `parent` have issued `child`? By name (RFC 5280 §6.1: the child's issuer equals the
 * parent's subject; compared as encoded, then case- and space-insensitively as OpenSSL's
 * canonical form does) and, when both carry them, by key identifier (AKI = SKI).
 * The signature is not checked here; verify does that.
 */
export function mayHaveIssued(parent: Certificate, child: Certificate): boolean {
  if (nameKey(child.issuer) !== nameKey(parent.subject)) return false;
  const keyId = child.extensions.authorityKeyIdentifier?.keyId;
  const ski = parent.extensions.subjectKeyIdentifier;
  return !keyId || !ski || keyId.equals(ski);
}

const nameKeys = new WeakMap<Name, string>();
/** A name's comparison key, computed once per name: chains of hundreds compare names n² times. */
function nameKey(name: Name): string {
  let key = nameKeys.get(name);
  if (key === undefined) {
    key = name.display.toLowerCase().replace(/\s+/g, ' ').trim();
    nameKeys.set(name, key);
  }
  return key;
}

const selfIssued = new WeakMap<Certificate, boolean>();
/** Issued by itself, by name and key identifiers (a root, or a self-signed leaf). */
export function isSelfIssued(cert: Certificate): boolean {
  let value = selfIssued.get(cert);
  if (value === undefined) {
    value = mayHaveIssued(cert, cert);
    selfIssued.set(cert, value);
  }
  return value;
}

/**
 * Groups certificates into chains, each leaf first and then its issuers as far as the input
 * holds them. Duplicates (same fingerprint) are dropped. Every certificate lands in at least one
 * chain; an issuer shared by two leaves appears in both.
 */
export function orderChains(certificates: readonly Certificate[]): Certificate[][] {
  const unique = dedupe(certificates);
  const bySubject = new Map<string, Certificate[]>();
  for (const cert of unique) {
    const list = bySubject.get(nameKey(cert.subject)) ?? [];
    list.push(cert);
    bySubject.set(nameKey(cert.subject), list);
  }
  const candidatesFor = (cert: Certificate) => (bySubject.get(nameKey(cert.issuer)) ?? []).filter((candidate) => candidate !== cert && mayHaveIssued(candidate, cert));
  const issuerOf = (cert: Certificate, path: readonly Certificate[]) =>
    isSelfIssued(cert) ? undefined : candidatesFor(cert).find((candidate) => !path.includes(candidate));
  const issuers = new Set(unique.filter((cert) => !isSelfIssued(cert)).flatMap(candidatesFor));

  const leaves = unique.filter((cert) => !issuers.has(cert));
  const chains: Certificate[][] = [];
  const placed = new Set<Certificate>();
  const addChainFrom = (start: Certificate) => {
    const path = [start];
    for (let next = issuerOf(start, path); next; next = issuerOf(next, path)) path.push(next);
    path.forEach((cert) => placed.add(cert));
    chains.push(path);
  };
  leaves.forEach(addChainFrom);
  // Certificates that issued one another in a loop have no leaf; start from them in input order.
  for (const cert of unique) if (!placed.has(cert)) addChainFrom(cert);
  return chains;
}

export function dedupe(certificates: readonly Certificate[]): Certificate[] {
  const seen = new Set<string>();
  return certificates.filter((cert) => !seen.has(cert.fingerprintSha256) && Boolean(seen.add(cert.fingerprintSha256)));
}
