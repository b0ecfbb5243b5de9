/**
 * Name constraints (RFC 5280 §4.2.1.10), matched the way OpenSSL 3 does it (crypto/x509/v3_ncons.c)
 * so that verify's verdicts agree with `openssl verify`.
 */
import type { Certificate } from './certificate.js';
import type { NameConstraints } from './extension-reader.js';
import type { GeneralName, Name } from './name.js';

export type ConstraintViolation = 'X509_V_ERR_PERMITTED_VIOLATION' | 'X509_V_ERR_EXCLUDED_VIOLATION' | 'X509_V_ERR_SUBTREE_MINMAX' | 'X509_V_ERR_UNSUPPORTED_NAME_SYNTAX';

export interface ConstraintFailure {
  code: ConstraintViolation;
  /** The name that broke the constraint, e.g. 'DNS:evil.test'. */
  name: string;
}

/** Checks a certificate's subject, subject e-mail attributes and SANs (and, for a leaf without DNS SANs, a host-like CN). */
export function checkNameConstraints(cert: Certificate, constraints: NameConstraints, isLeaf: boolean): ConstraintFailure | null {
  if (constraints.usesMinMax) return { code: 'X509_V_ERR_SUBTREE_MINMAX', name: cert.subject.display };
  const names: GeneralName[] = [];
  if (cert.subject.attributes.length > 0) names.push({ type: 'dirName', value: cert.subject.display, name: cert.subject });
  for (const attribute of cert.subject.attributes) {
    if (attribute.oid === '1.2.840.113549.1.9.1') names.push({ type: 'email', value: attribute.value });
  }
  const sans = cert.extensions.subjectAltName ?? [];
  names.push(...sans);
  for (const name of names) {
    const failure = checkName(name, constraints);
    if (failure) return { code: failure, name: `${name.type}:${name.value}` };
  }
  // OpenSSL checks a host-like CN against DNS constraints when the leaf has no DNS SAN.
  if (isLeaf && !sans.some((san) => san.type === 'dns')) {
    for (const attribute of cert.subject.attributes) {
      if (attribute.oid !== '2.5.4.3' || !looksLikeHostName(attribute.value)) continue;
      const failure = checkName({ type: 'dns', value: attribute.value }, constraints);
      if (failure) return { code: failure, name: `CN:${attribute.value}` };
    }
  }
  return null;
}

function checkName(name: GeneralName, constraints: NameConstraints): ConstraintViolation | null {
  const permitted = constraints.permitted.filter((base) => base.type === name.type);
  if (permitted.length > 0) {
    let matched = false;
    for (const base of permitted) {
      const result = matches(name, base);
      if (result === 'syntax') return 'X509_V_ERR_UNSUPPORTED_NAME_SYNTAX';
      if (result) matched = true;
    }
    if (!matched) return 'X509_V_ERR_PERMITTED_VIOLATION';
  }
  for (const base of constraints.excluded.filter((b) => b.type === name.type)) {
    const result = matches(name, base);
    if (result === 'syntax') return 'X509_V_ERR_UNSUPPORTED_NAME_SYNTAX';
    if (result) return 'X509_V_ERR_EXCLUDED_VIOLATION';
  }
  return null;
}

function matches(name: GeneralName, base: GeneralName): boolean | 'syntax' {
  switch (name.type) {
    case 'dns':
      return dnsMatches(name.value, base.value);
    case 'email':
      return emailMatches(name.value, base.value);
    case 'uri':
      return uriMatches(name.value, base.value);
    case 'ip':
      return base.type === 'ip' && ipMatches(name.bytes, base.bytes);
    case 'dirName':
      return base.type === 'dirName' && dnMatches(name.name, base.name);
    default:
      return false;
  }
}

/** An empty base matches all; otherwise the name ends with the base on a label boundary. */
function dnsMatches(dns: string, base: string): boolean {
  if (base.length === 0) return true;
  const name = dns.toLowerCase();
  const suffix = base.toLowerCase();
  if (name.length < suffix.length) return false;
  if (name.length > suffix.length && !suffix.startsWith('.') && name[name.length - suffix.length - 1] !== '.') return false;
  return name.endsWith(suffix);
}

/** 'a@b.c' matches that mailbox; '.b.c' any domain below b.c; 'b.c' exactly that domain. */
function emailMatches(email: string, base: string): boolean {
  const at = email.lastIndexOf('@');
  if (at < 0) return false;
  const domain = email.slice(at + 1).toLowerCase();
  if (base.includes('@')) {
    const baseAt = base.lastIndexOf('@');
    return email.slice(0, at) === base.slice(0, baseAt) && domain === base.slice(baseAt + 1).toLowerCase();
  }
  if (base.startsWith('.')) return domain.endsWith(base.toLowerCase());
  return domain === base.toLowerCase();
}

/** Only the URI's host is constrained: '.b.c' any host below b.c, 'b.c' exactly that host. */
function uriMatches(uri: string, base: string): boolean | 'syntax' {
  const start = uri.indexOf('://');
  if (start < 0) return 'syntax';
  const host = uri.slice(start + 3).split(/[:/]/)[0]!.toLowerCase();
  if (host.length === 0) return 'syntax';
  if (base.startsWith('.')) return host.endsWith(base.toLowerCase());
  return host === base.toLowerCase();
}

function ipMatches(address: Buffer, base: Buffer): boolean {
  if (base.length !== address.length * 2) return false;
  for (let i = 0; i < address.length; i++) {
    const mask = base[address.length + i]!;
    if ((address[i]! & mask) !== (base[i]! & mask)) return false;
  }
  return true;
}

/** The base's RDNs are a prefix of the name's (compared case- and space-insensitively). */
function dnMatches(name: Name, base: Name): boolean {
  if (base.attributes.length > name.attributes.length) return false;
  return base.attributes.every((attribute, i) => {
    const other = name.attributes[i]!;
    return other.oid === attribute.oid && canonical(other.value) === canonical(attribute.value);
  });
}

const canonical = (value: string) => value.toLowerCase().replace(/\s+/g, ' ').trim();

/** OpenSSL's cn2dnsid: at least one dot, letters, digits, '-' and '.', no empty labels. */
function looksLikeHostName(cn: string): boolean {
  return cn.includes('.') && /^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+\.?$/.test(cn);
}
