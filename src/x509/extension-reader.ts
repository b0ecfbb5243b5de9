/**
 * Certificate extensions (RFC 5280 §4.2) read into typed values. Every extension is kept by OID
 * with its critical flag, known or not, so lint can see duplicates and unknown critical ones.
 * A known extension whose value does not parse is kept with `error` set rather than failing the
 * whole certificate: inspect should still show the rest, and verify treats it as OpenSSL does.
 */
import { DecodeError, malformed } from './decode-error.js';
import {
  bitStringOf,
  booleanOf,
  childrenOf,
  contentOf,
  contextTag,
  oidOf,
  octetsOf,
  readWhole,
  sequence,
  smallInteger,
  stringOf,
  TAG,
  type DerNode,
} from './der-reader.js';
import { readGeneralName, readGeneralNames, type GeneralName } from './name.js';

export const EXTENSION_NAMES: Record<string, string> = {
  '2.5.29.14': 'subjectKeyIdentifier',
  '2.5.29.15': 'keyUsage',
  '2.5.29.17': 'subjectAltName',
  '2.5.29.18': 'issuerAltName',
  '2.5.29.19': 'basicConstraints',
  '2.5.29.30': 'nameConstraints',
  '2.5.29.31': 'cRLDistributionPoints',
  '2.5.29.32': 'certificatePolicies',
  '2.5.29.33': 'policyMappings',
  '2.5.29.35': 'authorityKeyIdentifier',
  '2.5.29.36': 'policyConstraints',
  '2.5.29.37': 'extendedKeyUsage',
  '2.5.29.46': 'freshestCRL',
  '2.5.29.54': 'inhibitAnyPolicy',
  '1.3.6.1.5.5.7.1.1': 'authorityInfoAccess',
  '1.3.6.1.5.5.7.1.11': 'subjectInfoAccess',
  '1.3.6.1.5.5.7.1.24': 'tlsFeature',
  '1.3.6.1.4.1.11129.2.4.2': 'signedCertificateTimestampList',
  '1.3.6.1.4.1.11129.2.4.3': 'ctPrecertificatePoison',
  '2.16.840.1.113730.1.1': 'nsCertType',
  '2.16.840.1.113730.1.13': 'nsComment',
  '1.3.6.1.4.1.311.20.2': 'msCertificateTemplateName',
  '1.3.6.1.4.1.311.21.7': 'msCertificateTemplate',
  '1.3.6.1.4.1.311.21.10': 'msApplicationPolicies',
};

/** RFC 5280 §4.2.1.3, in bit order. */
export const KEY_USAGE_NAMES = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign',
  'encipherOnly',
  'decipherOnly',
] as const;
export type KeyUsage = (typeof KEY_USAGE_NAMES)[number];

export const EKU_NAMES: Record<string, string> = {
  '2.5.29.37.0': 'anyExtendedKeyUsage',
  '1.3.6.1.5.5.7.3.1': 'serverAuth',
  '1.3.6.1.5.5.7.3.2': 'clientAuth',
  '1.3.6.1.5.5.7.3.3': 'codeSigning',
  '1.3.6.1.5.5.7.3.4': 'emailProtection',
  '1.3.6.1.5.5.7.3.8': 'timeStamping',
  '1.3.6.1.5.5.7.3.9': 'OCSPSigning',
  '1.3.6.1.5.5.7.3.17': 'ipsecIKE',
  '1.3.6.1.4.1.311.10.3.3': 'msSGC',
  '2.16.840.1.113730.4.1': 'nsSGC',
  '1.3.6.1.4.1.311.20.2.2': 'msSmartcardLogin',
};

const POLICY_NAMES: Record<string, string> = {
  '2.5.29.32.0': 'anyPolicy',
  '2.23.140.1.1': 'CA/B EV',
  '2.23.140.1.2.1': 'CA/B domain-validated',
  '2.23.140.1.2.2': 'CA/B organization-validated',
  '2.23.140.1.2.3': 'CA/B individual-validated',
};

export interface RawExtension {
  oid: string;
  /** Known name ('keyUsage') or null. */
  name: string | null;
  critical: boolean;
  /** extnValue contents (the DER of the extension's own structure). */
  value: Buffer;
  /** Set when a known extension's value could not be read. */
  error?: string;
}

export interface BasicConstraints {
  ca: boolean;
  pathLen: number | null;
  critical: boolean;
}

export interface AuthorityKeyIdentifier {
  keyId: Buffer | null;
  issuer: GeneralName[];
  serial: Buffer | null;
}

export interface NameConstraints {
  permitted: GeneralName[];
  excluded: GeneralName[];
  /** Set when a subtree uses minimum/maximum (RFC 5280 says they must not). */
  usesMinMax: boolean;
}

export interface Policy {
  oid: string;
  name: string | null;
  cps: string[];
}

export interface Extensions {
  all: RawExtension[];
  basicConstraints: BasicConstraints | null;
  /** null when the extension is absent. */
  keyUsage: KeyUsage[] | null;
  /** EKU names ('serverAuth') or dotted OIDs; null when absent. */
  extendedKeyUsage: string[] | null;
  subjectAltName: GeneralName[] | null;
  subjectKeyIdentifier: Buffer | null;
  authorityKeyIdentifier: AuthorityKeyIdentifier | null;
  nameConstraints: NameConstraints | null;
  policies: Policy[];
  crlDistributionPoints: string[];
  authorityInfoAccess: { ocsp: string[]; caIssuers: string[] };
  sctCount: number | null;
}

/** Reads the `[3] Extensions` of a TBSCertificate (or null when there are none). */
export function readExtensions(wrapper: DerNode | null): Extensions {
  const out: Extensions = {
    all: [],
    basicConstraints: null,
    keyUsage: null,
    extendedKeyUsage: null,
    subjectAltName: null,
    subjectKeyIdentifier: null,
    authorityKeyIdentifier: null,
    nameConstraints: null,
    policies: [],
    crlDistributionPoints: [],
    authorityInfoAccess: { ocsp: [], caIssuers: [] },
    sctCount: null,
  };
  if (!wrapper) return out;
  const list = childrenOf(wrapper)[0];
  const seen = new Set<string>();
  for (const ext of sequence(list, 'extensions')) {
    const parts = sequence(ext, 'extension');
    const oid = oidOf(parts[0], 'extension id');
    const critical = parts.length === 3 ? booleanOf(parts[1], `critical flag of extension ${oid}`) : false;
    const valueNode = parts[parts.length - 1];
    if (parts.length < 2 || parts.length > 3 || !valueNode || valueNode.tag !== TAG.OCTET_STRING) {
      throw malformed(`extension ${oid} is not { id, critical?, value }`);
    }
    const raw: RawExtension = { oid, name: EXTENSION_NAMES[oid] ?? null, critical, value: contentOf(valueNode) };
    out.all.push(raw);
    // RFC 5280 §4.2: a certificate must not include more than one instance of an extension;
    // the first one wins here, and lint reports the duplicate.
    if (seen.has(oid)) continue;
    seen.add(oid);
    try {
      applyExtension(out, raw);
    } catch (err) {
      if (!(err instanceof DecodeError)) throw err;
      raw.error = err.message;
    }
  }
  return out;
}

function applyExtension(out: Extensions, ext: RawExtension): void {
  const what = ext.name ?? ext.oid;
  const read = () => readWhole(ext.value, what);
  switch (ext.oid) {
    case '2.5.29.19': {
      const parts = sequence(read(), what);
      let ca = false;
      let pathLen: number | null = null;
      for (const part of parts) {
        if (part.tag === TAG.BOOLEAN) ca = booleanOf(part, 'cA');
        else if (part.tag === TAG.INTEGER) pathLen = smallInteger(part, 'pathLenConstraint');
        else throw malformed('basicConstraints holds an unexpected field');
      }
      out.basicConstraints = { ca, pathLen, critical: ext.critical };
      return;
    }
    case '2.5.29.15': {
      const { bytes } = bitStringOf(read(), what);
      out.keyUsage = KEY_USAGE_NAMES.filter((_, bit) => ((bytes[bit >> 3] ?? 0) & (0x80 >> (bit & 7))) !== 0);
      return;
    }
    case '2.5.29.37':
      out.extendedKeyUsage = sequence(read(), what).map((node) => {
        const oid = oidOf(node, 'extended key usage');
        return EKU_NAMES[oid] ?? oid;
      });
      return;
    case '2.5.29.17':
      out.subjectAltName = readGeneralNames(read(), what);
      return;
    case '2.5.29.14':
      out.subjectKeyIdentifier = Buffer.from(octetsOf(read(), what));
      return;
    case '2.5.29.35': {
      const aki: AuthorityKeyIdentifier = { keyId: null, issuer: [], serial: null };
      for (const part of sequence(read(), what)) {
        if (part.tag === contextTag(0, false)) aki.keyId = Buffer.from(contentOf(part));
        else if (part.tag === contextTag(1, true)) aki.issuer = childrenOf(part).map((n) => readGeneralName(n, 'authorityCertIssuer'));
        else if (part.tag === contextTag(2, false)) aki.serial = Buffer.from(contentOf(part));
        else throw malformed('authorityKeyIdentifier holds an unexpected field');
      }
      out.authorityKeyIdentifier = aki;
      return;
    }
    case '2.5.29.30': {
      const constraints: NameConstraints = { permitted: [], excluded: [], usesMinMax: false };
      for (const part of sequence(read(), what)) {
        const target = part.tag === contextTag(0, true) ? constraints.permitted : part.tag === contextTag(1, true) ? constraints.excluded : null;
        if (!target) throw malformed('nameConstraints holds an unexpected field');
        for (const subtree of childrenOf(part)) {
          const [base, ...minMax] = sequence(subtree, 'GeneralSubtree');
          if (!base) throw malformed('a GeneralSubtree has no base');
          target.push(readGeneralName(base, 'name constraint'));
          // RFC 5280 §4.2.1.10: minimum MUST be zero and maximum MUST be absent.
          if (minMax.some((n) => n.tag !== contextTag(0, false) || !contentOf(n).equals(Buffer.from([0])))) constraints.usesMinMax = true;
        }
      }
      out.nameConstraints = constraints;
      return;
    }
    case '2.5.29.32':
      out.policies = sequence(read(), what).map((info) => {
        const [idNode, qualifiers] = sequence(info, 'PolicyInformation');
        const oid = oidOf(idNode, 'policy id');
        const cps: string[] = [];
        if (qualifiers) {
          for (const qualifier of sequence(qualifiers, 'policyQualifiers')) {
            const [qid, value] = sequence(qualifier, 'PolicyQualifierInfo');
            if (oidOf(qid, 'policy qualifier id') === '1.3.6.1.5.5.7.2.1' && value) cps.push(stringOf(value) ?? '');
          }
        }
        return { oid, name: POLICY_NAMES[oid] ?? null, cps };
      });
      return;
    case '2.5.29.31':
      for (const point of sequence(read(), what)) {
        const name = sequence(point, 'DistributionPoint').find((n) => n.tag === contextTag(0, true));
        const fullName = name && childrenOf(name).find((n) => n.tag === contextTag(0, true));
        if (!fullName) continue;
        for (const general of childrenOf(fullName)) {
          const value = readGeneralName(general, 'distribution point');
          out.crlDistributionPoints.push(value.value);
        }
      }
      return;
    case '1.3.6.1.5.5.7.1.1':
      for (const description of sequence(read(), what)) {
        const [method, location] = sequence(description, 'AccessDescription');
        const id = oidOf(method, 'access method');
        if (!location) throw malformed('an AccessDescription has no location');
        const value = readGeneralName(location, 'access location').value;
        if (id === '1.3.6.1.5.5.7.48.1') out.authorityInfoAccess.ocsp.push(value);
        else if (id === '1.3.6.1.5.5.7.48.2') out.authorityInfoAccess.caIssuers.push(value);
      }
      return;
    case '1.3.6.1.4.1.11129.2.4.2':
      out.sctCount = countScts(octetsOf(read(), what));
      return;
    default:
      return;
  }
}

/** RFC 6962 §3.3: a TLS-encoded SignedCertificateTimestampList, each SCT with a 2-byte length. */
function countScts(list: Buffer): number {
  if (list.length < 2 || list.readUInt16BE(0) !== list.length - 2) throw malformed('the SCT list length does not match');
  let count = 0;
  for (let pos = 2; pos < list.length; count++) {
    if (pos + 2 > list.length) throw malformed('an SCT is truncated');
    pos += 2 + list.readUInt16BE(pos);
    if (pos > list.length) throw malformed('an SCT is truncated');
  }
  return count;
}

