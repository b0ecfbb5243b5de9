import { isIPv4, isIPv6 } from 'node:net';
import { domainToASCII } from 'node:url';
import { usageError } from '../errors.js';

/** A subjectAltName entry (RFC 5280 §4.2.1.6). IPs are in canonical text form. */
export interface San {
  type: 'dns' | 'ip' | 'uri' | 'email';
  value: string;
}

const PREFIXES = ['dns', 'ip', 'uri', 'email'] as const;

/** `dns:host`, `ip:…`, `uri:…`, `email:…` or the bare form, recognised by shape (design.md). */
export function parseSan(input: string): San {
  const raw = input.trim();
  const prefix = /^(dns|ip|uri|email):(?!\/\/)(.*)$/i.exec(raw);
  if (prefix && (PREFIXES as readonly string[]).includes(prefix[1]!.toLowerCase())) {
    return validateSan(prefix[1]!.toLowerCase() as San['type'], prefix[2]!, input);
  }
  if (raw.includes('://')) return validateSan('uri', raw, input);
  if (raw.includes('@')) return validateSan('email', raw, input);
  if (/^[\d.]+$/.test(raw) || raw.includes(':')) return validateSan('ip', raw, input);
  return validateSan('dns', raw, input);
}

function invalid(input: string, why: string): never {
  throw usageError(`invalid SAN '${input}': ${why}`, input);
}

function validateSan(type: San['type'], value: string, input: string): San {
  if (value.length === 0) invalid(input, 'it is empty');
  if (/\s/.test(value)) invalid(input, 'it contains white space');
  switch (type) {
    case 'dns':
      return { type, value: validateDnsName(value, input, true) };
    case 'ip':
      if (isIPv4(value)) return { type, value };
      if (isIPv6(value) && !value.includes('%')) return { type, value: canonicalIPv6(value) };
      return invalid(input, /^[\d.]+$/.test(value)
        ? 'not an IPv4 address (four numbers 0-255 separated by dots)'
        : 'not an IPv4 or IPv6 address');
    case 'email': {
      const at = value.lastIndexOf('@');
      if (at <= 0 || at === value.length - 1) invalid(input, 'an email SAN looks like name@example.com');
      return { type, value: `${value.slice(0, at)}@${validateDnsName(value.slice(at + 1), input, false)}` };
    }
    case 'uri':
      return { type, value: validateUri(value, input) };
  }
}

/**
 * Hostname rules of RFC 1123 §2.1 / RFC 5280 §4.2.1.6, plus RFC 6125 §6.4.3 wildcards: only a whole
 * left-most label, and not directly on a top-level name (no client matches `*.com`-style names).
 */
function validateDnsName(name: string, input: string, allowWildcard: boolean): string {
  const ascii = domainToASCII(name.toLowerCase().replace(/\.$/, ''));
  if (!ascii) invalid(input, 'not a valid host name');
  if (ascii.length > 253) invalid(input, 'a host name is at most 253 characters');
  const labels = ascii.split('.');
  labels.forEach((label, index) => {
    if (label === '*') {
      if (!allowWildcard) invalid(input, 'a wildcard is not allowed here');
      if (index !== 0) invalid(input, 'a wildcard may only be the whole left-most label, e.g. *.svc.local (wildcards cover one level only)');
      if (labels.length < 3) invalid(input, `a wildcard needs at least two labels after it, e.g. *.${labels.slice(1).join('.') || 'svc'}.local`);
      return;
    }
    if (label.length === 0) invalid(input, 'it has an empty label (two dots in a row, or a leading dot)');
    if (label.length > 63) invalid(input, `the label '${label.slice(0, 20)}…' is ${label.length} characters; a label is at most 63`);
    if (label.includes('*')) invalid(input, 'a wildcard may only be the whole left-most label, e.g. *.svc.local');
    if (!/^[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?$/.test(label)) {
      invalid(input, `the label '${label}' may hold only letters, digits and hyphens, and may not start or end with a hyphen`);
    }
  });
  return ascii;
}

/** SPIFFE ID rules: spiffe://trust-domain/path, lower-case trust domain, no port, query or fragment. */
function validateUri(value: string, input: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return invalid(input, 'not a valid URI (scheme://authority/path)');
  }
  if (url.protocol !== 'spiffe:') return value;
  const trustDomain = /^spiffe:\/\/([^/?#]*)/i.exec(value)?.[1] ?? '';
  if (trustDomain === '') invalid(input, 'a SPIFFE ID needs a trust domain: spiffe://example.org/ns/default/sa/api');
  if (!/^[a-z0-9._-]+$/.test(trustDomain)) {
    invalid(input, 'a SPIFFE trust domain holds only lower-case letters, digits, dots, hyphens and underscores (no port or user)');
  }
  const path = value.slice(`spiffe://${trustDomain}`.length);
  if (/[?#]/.test(path)) invalid(input, 'a SPIFFE ID has no query or fragment');
  if (path !== '' && (path.endsWith('/') || path.split('/').slice(1).some((s) => s === '' || s === '.' || s === '..'))) {
    invalid(input, 'SPIFFE path segments may not be empty, "." or ".."');
  }
  if (!/^[A-Za-z0-9._\-/]*$/.test(path)) invalid(input, 'SPIFFE path segments hold only letters, digits, dots, hyphens and underscores');
  return value;
}

function canonicalIPv6(value: string): string {
  return new URL(`http://[${value}]/`).hostname.slice(1, -1);
}

/** The 4 or 16 bytes of an iPAddress GeneralName. */
export function ipBytes(ip: string): Buffer {
  if (isIPv4(ip)) return Buffer.from(ip.split('.').map(Number));
  const [head, tail] = ip.includes('::') ? ip.split('::') : [ip, undefined];
  const group = (part: string | undefined) => (part ? part.split(':') : []);
  const expandV4 = (groups: string[]) =>
    groups.flatMap((g) => (g.includes('.') ? ((b) => [(b[0]! << 8) | b[1]!, (b[2]! << 8) | b[3]!].map((n) => n.toString(16)))(g.split('.').map(Number)) : [g]));
  const left = expandV4(group(head));
  const right = expandV4(group(tail));
  const groups = tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  const out = Buffer.alloc(16);
  groups.forEach((g, i) => out.writeUInt16BE(parseInt(g, 16), i * 2));
  return out;
}

export const sanToString = (san: San) => `${san.type === 'dns' ? 'DNS' : san.type === 'ip' ? 'IP' : san.type === 'uri' ? 'URI' : 'email'}:${san.value}`;
