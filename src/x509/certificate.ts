/**
 * X.509 certificates (RFC 5280 §4.1) read from DER into a typed model, for every key type:
 * node-forge's certificate reader only knows RSA, so this reads the structure itself.
 */
import { createHash } from 'node:crypto';
import { malformed } from './decode-error.js';
import {
  bitStringOf,
  bytesOf,
  childrenOf,
  contextTag,
  integerBytes,
  oidOf,
  readWhole,
  sequence,
  smallInteger,
  timeOf,
  TAG,
  type DerNode,
} from './der-reader.js';
import { readExtensions, type Extensions } from './extension-reader.js';
import { readName, type Name } from './name.js';
import { digestByOid } from './oids.js';

export interface PublicKeyInfo {
  /** 'rsa', 'rsa-pss', 'ec', 'ed25519', 'ed448', 'dsa', 'x25519', 'x448', or the algorithm OID. */
  type: string;
  /** Modulus size for RSA/DSA, field size for EC; absent for Edwards keys. */
  bits?: number;
  /** 'P-256', 'P-384', 'P-521', 'secp256k1', or the curve OID. */
  curve?: string;
}

export interface SignatureAlgorithm {
  oid: string;
  /** OpenSSL's name, as `openssl x509 -text` prints it ('ecdsa-with-SHA256', 'sha256WithRSAEncryption', 'ED25519'). */
  name: string;
  /** Digest ('sha256'), null for Ed25519/Ed448 or unknown algorithms. */
  hash: string | null;
  /**
   * Security bits OpenSSL 3 assigns the signature (X509_get_signature_info): half the digest
   * size, but 63 for SHA-1 and 39 for MD5 so that security level 1 (80 bits) refuses them.
   */
  securityBits: number;
}

export interface Certificate {
  der: Buffer;
  /** The signed TBSCertificate, as encoded. */
  tbs: Buffer;
  /** 1, 2 or 3. */
  version: number;
  /** The serial's INTEGER contents (two's complement, as encoded). */
  serial: Buffer;
  /** Uppercase hex like Node's serialNumber; '-' prefixed when negative. */
  serialHex: string;
  signatureAlgorithm: SignatureAlgorithm;
  /** The algorithm inside the TBSCertificate; RFC 5280 §4.1.1.2 says it must equal the outer one. */
  tbsSignatureOid: string;
  issuer: Name;
  subject: Name;
  notBefore: Date;
  notAfter: Date;
  /** SubjectPublicKeyInfo DER. */
  spki: Buffer;
  publicKey: PublicKeyInfo;
  extensions: Extensions;
  signature: Buffer;
  fingerprintSha256: string;
}

export function parseCertificate(der: Buffer): Certificate {
  const top = readWhole(der, 'certificate');
  const [tbsNode, sigAlgNode, sigNode, extra] = sequence(top, 'certificate');
  if (!tbsNode || !sigAlgNode || !sigNode || extra) throw malformed('a certificate is not { tbsCertificate, signatureAlgorithm, signature }');
  const fields = sequence(tbsNode, 'tbsCertificate');
  let index = 0;
  let version = 1;
  if (fields[0]?.tag === contextTag(0, true)) {
    version = smallInteger(childrenOf(fields[0])[0], 'version') + 1;
    if (version < 1 || version > 3) throw malformed(`certificate version ${version} is not 1, 2 or 3`);
    index = 1;
  }
  const [serialNode, innerAlgNode, issuerNode, validityNode, subjectNode, spkiNode, ...rest] = fields.slice(index);
  const serial = Buffer.from(integerBytes(serialNode, 'serialNumber'));
  const tbsSignatureOid = readAlgorithmOid(innerAlgNode, 'tbsCertificate signature');
  const [notBeforeNode, notAfterNode] = sequence(validityNode, 'validity');
  if (!subjectNode || !spkiNode) throw malformed('tbsCertificate is missing its subject or public key');
  const extensionsNode = rest.find((node) => node.tag === contextTag(3, true)) ?? null;

  return {
    der,
    tbs: bytesOf(tbsNode),
    version,
    serial,
    serialHex: serialText(serial),
    signatureAlgorithm: readSignatureAlgorithm(sigAlgNode),
    tbsSignatureOid,
    issuer: readName(issuerNode!, 'issuer'),
    subject: readName(subjectNode, 'subject'),
    notBefore: timeOf(notBeforeNode, 'notBefore'),
    notAfter: timeOf(notAfterNode, 'notAfter'),
    spki: bytesOf(spkiNode),
    publicKey: readPublicKeyInfo(spkiNode),
    extensions: readExtensions(extensionsNode),
    signature: Buffer.from(bitStringOf(sigNode, 'signature').bytes),
    fingerprintSha256: colonHex(createHash('sha256').update(der).digest()),
  };
}

/** The subject as reports name a certificate ('CN=api'), or '(empty subject)' (SPIFFE SVIDs). */
export const subjectLabel = (cert: Certificate): string => cert.subject.display || '(empty subject)';

/** 'AB:CD:…' as openssl and mtlskit print fingerprints and key identifiers. */
/** DER → PEM (64-column base64), as files and Node's TLS options take certificates. */
export const toPem = (certificateDer: Buffer) =>
  `-----BEGIN CERTIFICATE-----\n${certificateDer.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n?$/, '\n')}-----END CERTIFICATE-----\n`;

export const colonHex = (bytes: Buffer) => bytes.toString('hex').toUpperCase().replace(/(..)(?!$)/g, '$1:');

function serialText(serial: Buffer): string {
  if ((serial[0]! & 0x80) === 0) {
    const hex = serial.toString('hex').toUpperCase().replace(/^(00)+(?=.)/, '');
    // BN_bn2hex, behind Node's serialNumber, prints zero as '0'.
    return hex === '00' ? '0' : hex;
  }
  // Negative (RFC 5280 forbids it, but such certificates exist): print -magnitude.
  const value = BigInt(`0x${serial.toString('hex')}`);
  const magnitude = (1n << BigInt(serial.length * 8)) - value;
  const hex = magnitude.toString(16).toUpperCase();
  return `-${hex.length % 2 ? `0${hex}` : hex}`;
}

function readAlgorithmOid(node: DerNode | undefined, what: string): string {
  return oidOf(sequence(node, what)[0], `${what} algorithm`);
}

// ---------------------------------------------------------------------------
// Signature algorithms

const SIGNATURE_ALGORITHMS: Record<string, { name: string; hash: string | null }> = {
  '1.2.840.113549.1.1.2': { name: 'md2WithRSAEncryption', hash: 'md2' },
  '1.2.840.113549.1.1.4': { name: 'md5WithRSAEncryption', hash: 'md5' },
  '1.2.840.113549.1.1.5': { name: 'sha1WithRSAEncryption', hash: 'sha1' },
  '1.2.840.113549.1.1.11': { name: 'sha256WithRSAEncryption', hash: 'sha256' },
  '1.2.840.113549.1.1.12': { name: 'sha384WithRSAEncryption', hash: 'sha384' },
  '1.2.840.113549.1.1.13': { name: 'sha512WithRSAEncryption', hash: 'sha512' },
  '1.2.840.113549.1.1.14': { name: 'sha224WithRSAEncryption', hash: 'sha224' },
  '1.2.840.113549.1.1.10': { name: 'rsassaPss', hash: null },
  '1.2.840.10045.4.1': { name: 'ecdsa-with-SHA1', hash: 'sha1' },
  '1.2.840.10045.4.3.1': { name: 'ecdsa-with-SHA224', hash: 'sha224' },
  '1.2.840.10045.4.3.2': { name: 'ecdsa-with-SHA256', hash: 'sha256' },
  '1.2.840.10045.4.3.3': { name: 'ecdsa-with-SHA384', hash: 'sha384' },
  '1.2.840.10045.4.3.4': { name: 'ecdsa-with-SHA512', hash: 'sha512' },
  '1.3.101.112': { name: 'ED25519', hash: null },
  '1.3.101.113': { name: 'ED448', hash: null },
  '1.2.840.10040.4.3': { name: 'dsa_with_SHA1', hash: 'sha1' },
  '2.16.840.1.101.3.4.3.2': { name: 'dsa_with_SHA256', hash: 'sha256' },
};


const HASH_BITS: Record<string, number> = { md2: 128, md5: 128, sha1: 160, sha224: 224, sha256: 256, sha384: 384, sha512: 512 };

function readSignatureAlgorithm(node: DerNode): SignatureAlgorithm {
  const [idNode, params] = sequence(node, 'signatureAlgorithm');
  const oid = oidOf(idNode, 'signature algorithm');
  const known = SIGNATURE_ALGORITHMS[oid];
  if (!known) return { oid, name: oid, hash: null, securityBits: 0 };
  let hash = known.hash;
  if (oid === '1.2.840.113549.1.1.10') hash = pssHash(params);
  return { oid, name: known.name, hash, securityBits: securityBitsOf(oid, hash) };
}

/** RFC 4055 §3.1: RSASSA-PSS-params, hashAlgorithm [0] defaulting to SHA-1. */
function pssHash(params: DerNode | undefined): string | null {
  if (!params || params.tag !== TAG.SEQUENCE) return 'sha1';
  const hashField = childrenOf(params).find((n) => n.tag === contextTag(0, true));
  if (!hashField) return 'sha1';
  return digestByOid(readAlgorithmOid(childrenOf(hashField)[0], 'PSS hash')) ?? null;
}

function securityBitsOf(oid: string, hash: string | null): number {
  if (oid === '1.3.101.112') return 128;
  if (oid === '1.3.101.113') return 224;
  if (hash === 'sha1') return 63;
  if (hash === 'md5' || hash === 'md2') return 39;
  return hash ? HASH_BITS[hash]! / 2 : 0;
}

// ---------------------------------------------------------------------------
// Public keys

const KEY_TYPES: Record<string, string> = {
  '1.2.840.113549.1.1.1': 'rsa',
  '1.2.840.113549.1.1.10': 'rsa-pss',
  '1.2.840.10045.2.1': 'ec',
  '1.3.101.112': 'ed25519',
  '1.3.101.113': 'ed448',
  '1.3.101.110': 'x25519',
  '1.3.101.111': 'x448',
  '1.2.840.10040.4.1': 'dsa',
};

export const CURVES: Record<string, { name: string; bits: number }> = {
  '1.2.840.10045.3.1.7': { name: 'P-256', bits: 256 },
  '1.3.132.0.34': { name: 'P-384', bits: 384 },
  '1.3.132.0.35': { name: 'P-521', bits: 521 },
  '1.3.132.0.10': { name: 'secp256k1', bits: 256 },
  '1.2.840.10045.3.1.1': { name: 'P-192', bits: 192 },
  '1.3.132.0.33': { name: 'P-224', bits: 224 },
};

/** Key type and size from a SubjectPublicKeyInfo (RFC 5280 §4.1.2.7). */
export function readPublicKeyInfo(spki: DerNode): PublicKeyInfo {
  const [algNode, keyNode] = sequence(spki, 'subjectPublicKeyInfo');
  const [idNode, params] = sequence(algNode, 'public key algorithm');
  const oid = oidOf(idNode, 'public key algorithm');
  const type = KEY_TYPES[oid] ?? oid;
  const key = bitStringOf(keyNode, 'subjectPublicKey').bytes;
  switch (type) {
    case 'rsa':
    case 'rsa-pss': {
      const [modulus] = sequence(readWhole(key, 'RSA public key'), 'RSA public key');
      return { type, bits: integerBitLength(integerBytes(modulus, 'RSA modulus')) };
    }
    case 'ec': {
      if (params?.tag !== TAG.OID) return { type, curve: 'explicit parameters' };
      const curveOid = oidOf(params, 'EC curve');
      const curve = CURVES[curveOid];
      return curve ? { type, bits: curve.bits, curve: curve.name } : { type, curve: curveOid };
    }
    case 'dsa': {
      const p = params?.tag === TAG.SEQUENCE ? childrenOf(params)[0] : undefined;
      return p ? { type, bits: integerBitLength(integerBytes(p, 'DSA p')) } : { type };
    }
    default:
      return { type };
  }
}

/** Bit length of a positive INTEGER's contents. */
export function integerBitLength(bytes: Buffer): number {
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0) i++;
  const first = bytes[i]!;
  return (bytes.length - i - 1) * 8 + (first === 0 ? 0 : Math.floor(Math.log2(first)) + 1);
}

