/**
 * X.501 Names (RFC 5280 §4.1.2.4) and GeneralNames (§4.2.1.6) as read from DER.
 *
 * The display form follows what Node's X509Certificate prints (OpenSSL short names, RFC 2253
 * escaping, attributes in DER order), joined with ', ' as the rest of mtlskit does: 'C=US, O=Acme, CN=api'.
 */
import { malformed } from './decode-error.js';
import { bytesOf, childrenOf, contentOf, oidOf, readNode, sequence, stringOf, TAG, type DerNode } from './der-reader.js';

/** OpenSSL's short names (OBJ_nid2sn), which is what `openssl x509 -subject` and Node show. */
const ATTRIBUTE_SHORT_NAMES: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.4': 'SN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.9': 'street',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.12': 'title',
  '2.5.4.13': 'description',
  '2.5.4.15': 'businessCategory',
  '2.5.4.17': 'postalCode',
  '2.5.4.41': 'name',
  '2.5.4.42': 'GN',
  '2.5.4.43': 'initials',
  '2.5.4.44': 'generationQualifier',
  '2.5.4.45': 'x500UniqueIdentifier',
  '2.5.4.46': 'dnQualifier',
  '2.5.4.65': 'pseudonym',
  '2.5.4.72': 'role',
  '2.5.4.97': 'organizationIdentifier',
  '1.2.840.113549.1.9.1': 'emailAddress',
  '0.9.2342.19200300.100.1.1': 'UID',
  '0.9.2342.19200300.100.1.25': 'DC',
  '1.3.6.1.4.1.311.60.2.1.1': 'jurisdictionL',
  '1.3.6.1.4.1.311.60.2.1.2': 'jurisdictionST',
  '1.3.6.1.4.1.311.60.2.1.3': 'jurisdictionC',
};

export interface NameAttribute {
  oid: string;
  /** Short name ('CN') or the dotted OID when unknown. */
  type: string;
  value: string;
}

export interface Name {
  /** 'C=US, O=Acme, CN=api' (DER order); '' for an empty name. */
  display: string;
  /** Attributes in DER order, multi-valued RDNs flattened. */
  attributes: NameAttribute[];
  /** The Name's DER, for exact issuer/subject comparison. */
  der: Buffer;
}

const names = new Map<string, Name>();

/** Names repeat (every root's issuer is its subject; a bundle shares issuers): read each once. */
export function readName(node: DerNode, what: string): Name {
  const key = node.buf.toString('latin1', node.start, node.end);
  const known = names.get(key);
  if (known) return known;
  const name = readNameUncached(node, what);
  if (names.size < 4096) names.set(key, name);
  return name;
}

function readNameUncached(node: DerNode, what: string): Name {
  const attributes: NameAttribute[] = [];
  const rdns: string[] = [];
  for (const rdn of sequence(node, what)) {
    if (rdn.tag !== TAG.SET) throw malformed(`${what} holds something other than a SET of attributes`);
    const parts: string[] = [];
    for (const attribute of childrenOf(rdn)) {
      const [typeNode, valueNode] = sequence(attribute, `${what} attribute`);
      const oid = oidOf(typeNode, `${what} attribute type`);
      if (!valueNode) throw malformed(`${what} attribute ${oid} has no value`);
      const text = stringOf(valueNode);
      const value = text ?? `#${bytesOf(valueNode).toString('hex')}`;
      const type = ATTRIBUTE_SHORT_NAMES[oid] ?? oid;
      attributes.push({ oid, type, value });
      parts.push(`${type}=${text === null ? value : escapeValue(value)}`);
    }
    rdns.push(parts.join(' + '));
  }
  return { display: rdns.join(', '), attributes, der: bytesOf(node) };
}

/** RFC 4514 §2.4 escaping, as OpenSSL's ASN1_STRFLGS_ESC_2253 does it. */
function escapeValue(value: string): string {
  if (!/[,+"\\<>;\x00-\x1f\x7f#]|^ | $/.test(value)) return value;
  let out = value.replace(/[,+"\\<>;]/g, '\\$&').replace(/[\x00-\x1f\x7f]/g, (c) => `\\${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  // For a one-character value OpenSSL applies only its last-character rule: a lone space is
  // escaped once, a lone '#' not at all.
  if (value.length > 1 && (value.startsWith('#') || value.startsWith(' '))) out = `\\${out}`;
  if (value.endsWith(' ')) out = `${out.slice(0, -1)}\\ `;
  return out;
}

/** The first commonName, if any. */
export const commonNameOf = (name: Name): string | null => name.attributes.find((a) => a.oid === '2.5.4.3')?.value ?? null;

// ---------------------------------------------------------------------------
// GeneralName (RFC 5280 §4.2.1.6)

export type GeneralName =
  | { type: 'dns' | 'email' | 'uri'; value: string }
  /** `value` is the canonical text ('10.0.0.1', '::1'); `bytes` the 4 or 16 octets (8 or 32 in name constraints: address + mask). */
  | { type: 'ip'; value: string; bytes: Buffer }
  | { type: 'dirName'; value: string; name: Name }
  | { type: 'otherName' | 'registeredID' | 'x400Address' | 'ediPartyName'; value: string };

export function readGeneralName(node: DerNode, what: string): GeneralName {
  if ((node.tag & 0xc0) !== 0x80) throw malformed(`${what} is not a GeneralName`);
  const content = contentOf(node);
  switch (node.number) {
    case 0: {
      const typeId = childrenOf(node)[0];
      return { type: 'otherName', value: typeId ? oidOf(typeId, `${what} otherName type`) : '' };
    }
    case 1:
      return { type: 'email', value: content.toString('latin1') };
    case 2:
      return { type: 'dns', value: content.toString('latin1') };
    case 3:
      return { type: 'x400Address', value: content.toString('hex') };
    case 4: {
      const inner = childrenOf(node)[0];
      if (!inner) throw malformed(`${what} directoryName is empty`);
      const name = readName(inner, `${what} directoryName`);
      return { type: 'dirName', value: name.display, name };
    }
    case 5:
      return { type: 'ediPartyName', value: content.toString('hex') };
    case 6:
      return { type: 'uri', value: content.toString('latin1') };
    case 7:
      return { type: 'ip', value: ipText(content), bytes: Buffer.from(content) };
    case 8: {
      // registeredID is an IMPLICIT OID: re-tag its contents to read them.
      const der = Buffer.concat([Buffer.from([TAG.OID, content.length]), content]);
      return { type: 'registeredID', value: content.length < 128 ? oidOf(readNode(der), what) : content.toString('hex') };
    }
    default:
      throw malformed(`${what} has an unknown GeneralName tag [${node.number}]`);
  }
}

export function readGeneralNames(node: DerNode, what: string): GeneralName[] {
  return sequence(node, what).map((child) => readGeneralName(child, what));
}

/** IPv4 dotted, IPv6 in RFC 5952 form; 8/32 octets (address + mask in name constraints) as 'addr/prefix'. */
export function ipText(bytes: Buffer): string {
  if (bytes.length === 4) return [...bytes].join('.');
  if (bytes.length === 16) return ipv6Text(bytes);
  if (bytes.length === 8 || bytes.length === 32) {
    const half = bytes.length / 2;
    return `${ipText(bytes.subarray(0, half))}/${prefixLength(bytes.subarray(half))}`;
  }
  return bytes.toString('hex');
}

function ipv6Text(bytes: Buffer): string {
  const groups = Array.from({ length: 8 }, (_, i) => bytes.readUInt16BE(i * 2));
  // RFC 5952 §4.2: compress the longest run (≥2) of zero groups, the first one on a tie.
  let best = { at: -1, length: 0 };
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.length && j - i >= 2) best = { at: i, length: j - i };
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best.at < 0) return hex.join(':');
  return `${hex.slice(0, best.at).join(':')}::${hex.slice(best.at + best.length).join(':')}`;
}

function prefixLength(mask: Buffer): string {
  let bits = 0;
  for (const [i, byte] of mask.entries()) {
    if (byte === 0xff) bits += 8;
    else {
      bits += 8 - Math.log2(256 - byte);
      // A prefix mask is zero after its first partial byte: 255.0.255.0 is no '/8'.
      if (mask.subarray(i + 1).some((b) => b !== 0)) return `mask ${mask.toString('hex')}`;
      break;
    }
  }
  return Number.isInteger(bits) ? String(bits) : `mask ${mask.toString('hex')}`;
}

/** 'DNS:api', 'IP:10.0.0.1', 'URI:spiffe://td/x', 'email:a@b.c' — the form `cert create` prints. */
export function generalNameText(name: GeneralName): string {
  switch (name.type) {
    case 'dns':
      return `DNS:${name.value}`;
    case 'ip':
      return `IP:${name.value}`;
    case 'uri':
      return `URI:${name.value}`;
    case 'email':
      return `email:${name.value}`;
    case 'dirName':
      return `DirName:${name.value}`;
    case 'registeredID':
      return `RID:${name.value}`;
    default:
      return `${name.type}:${name.value}`;
  }
}

