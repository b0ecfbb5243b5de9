/**
 * PKCS#10 certificate signing requests (RFC 2986) for any key type.
 *
 * node-forge's own CSR reader only understands RSA keys, so the structure is
 * read with forge.asn1 and the self-signature is checked with node:crypto.
 * Byte ranges (the signed CertificationRequestInfo, the subject Name and the
 * SubjectPublicKeyInfo) are sliced straight from the input, never re-encoded.
 */
import crypto from 'node:crypto';
import forge from 'node-forge';
import { bytesOf, childrenOf, contextTag, readNode, readWhole, TAG, type DerNode } from '../x509/der-reader.js';
import { commonNameOf, readName } from '../x509/name.js';

export interface CsrSan {
  type: 'dns' | 'ip' | 'uri' | 'email';
  /** For 'ip': dotted IPv4 ('10.0.0.1') or compressed IPv6 ('::1'). */
  value: string;
}

export interface ParsedCsr {
  /** DER of the CSR's subject Name (copied as-is into a certificate when wanted). */
  subjectDer: Buffer;
  /** RFC 4514-ish display form, most-significant first as written in the DER, e.g. 'CN=api, O=Acme'. Empty string for an empty subject. */
  subject: string;
  /** commonName value if present (the first one in DER order), else null. */
  commonName: string | null;
  /** DER of the SubjectPublicKeyInfo. */
  spkiDer: Buffer;
  /** Node KeyObject (public) made from spkiDer. */
  publicKey: crypto.KeyObject;
  /** SANs requested in the extensionRequest attribute (1.2.840.113549.1.9.14) subjectAltName extension, if any; [] otherwise. Other GeneralName kinds are ignored. */
  sans: CsrSan[];
  /** OID of the signature algorithm, and a readable name ('sha256WithRSAEncryption', 'ecdsa-with-SHA256', 'Ed25519', …). */
  signatureAlgorithm: { oid: string; name: string };
}

export class CsrError extends Error {
  /**
   * 'malformed' = not a PKCS#10 structure (or not PEM/DER at all);
   * 'bad-signature' = structure fine but the self-signature does not verify;
   * 'unsupported-algorithm' = a signature algorithm (or parameter) we do not know.
   */
  constructor(
    readonly reason: 'malformed' | 'bad-signature' | 'unsupported-algorithm',
    message: string,
  ) {
    super(message);
    this.name = 'CsrError';
  }
}

/**
 * Accepts PEM ('CERTIFICATE REQUEST' or 'NEW CERTIFICATE REQUEST' block, text
 * around it allowed, CRLF allowed) or raw DER. Verifies the signature over the
 * CertificationRequestInfo exactly as it appears in the input. Throws CsrError
 * and nothing else.
 */
export function parseCsr(data: Buffer): ParsedCsr {
  try {
    return parse(data);
  } catch (err) {
    if (err instanceof CsrError) throw err;
    // Anything else (forge decoding errors, stack overflow on hostile input…)
    // means the input could not be read as a CSR.
    const detail = err instanceof Error ? err.message : String(err);
    throw new CsrError('malformed', `not a valid PKCS#10 certificate request: ${detail}`);
  }
}

// ---------------------------------------------------------------------------
// Top level

const OID_EXTENSION_REQUEST = '1.2.840.113549.1.9.14'; // RFC 2985 §5.4.2
const OID_SUBJECT_ALT_NAME = '2.5.29.17'; // RFC 5280 §4.2.1.6

function parse(data: Buffer): ParsedCsr {
  const der = inputToDer(data);

  // RFC 2986 §4.2: CertificationRequest ::= SEQUENCE {
  //   certificationRequestInfo, signatureAlgorithm, signature BIT STRING }
  const top = readNode(der);
  if (top.tag !== TAG_SEQUENCE || top.end !== der.length) {
    throw malformed('input is not a single DER SEQUENCE');
  }
  checkStrictDer(top);
  const parts = childrenOf(top);
  if (
    parts.length !== 3 ||
    parts[0].tag !== TAG_SEQUENCE ||
    parts[1].tag !== TAG_SEQUENCE ||
    parts[2].tag !== TAG_BIT_STRING
  ) {
    throw malformed('expected SEQUENCE { certificationRequestInfo, signatureAlgorithm, signature }');
  }
  const [infoTlv, sigAlgTlv, sigTlv] = parts;

  // RFC 2986 §4.1: CertificationRequestInfo ::= SEQUENCE {
  //   version INTEGER { v1(0) }, subject Name,
  //   subjectPKInfo SubjectPublicKeyInfo, attributes [0] Attributes }
  // A missing attributes field is tolerated (some encoders drop an empty one).
  const fields = childrenOf(infoTlv);
  const [versionTlv, subjectTlv, spkiTlv, attrsTlv] = fields;
  if (
    fields.length < 3 ||
    fields.length > 4 ||
    versionTlv.tag !== TAG_INTEGER ||
    subjectTlv.tag !== TAG_SEQUENCE ||
    spkiTlv.tag !== TAG_SEQUENCE ||
    (attrsTlv !== undefined && attrsTlv.tag !== TAG_ATTRIBUTES)
  ) {
    throw malformed('certificationRequestInfo is not { version, subject, subjectPKInfo, [0] attributes }');
  }
  if (!bytesOf(versionTlv).equals(Buffer.from([TAG_INTEGER, 1, 0]))) {
    throw malformed('version must be v1 (0)');
  }

  const tbs = bytesOf(infoTlv);
  const subjectDer = Buffer.from(bytesOf(subjectTlv));
  const spkiDer = Buffer.from(bytesOf(spkiTlv));

  const name = readName(readWhole(subjectDer, 'subject'), 'subject');
  const keyAlgorithm = readSpkiAlgorithm(decodeAsn1(spkiDer));
  const sans = attrsTlv === undefined ? [] : readRequestedSans(decodeAsn1(bytesOf(attrsTlv)));
  const sigAlg = readAlgorithmIdentifier(decodeAsn1(bytesOf(sigAlgTlv)), 'signatureAlgorithm');
  const signature = readSignatureBits(decodeAsn1(bytesOf(sigTlv)));

  const plan = planVerification(sigAlg);
  const publicKey = loadPublicKey(spkiDer, keyAlgorithm);
  verifySignature(plan, publicKey, tbs, signature);

  return {
    subjectDer,
    subject: name.display,
    commonName: commonNameOf(name),
    spkiDer,
    publicKey,
    sans,
    signatureAlgorithm: { oid: sigAlg.oid, name: plan.name },
  };
}

function malformed(message: string): CsrError {
  return new CsrError('malformed', message);
}

function unsupported(message: string): CsrError {
  return new CsrError('unsupported-algorithm', message);
}

// ---------------------------------------------------------------------------
// PEM / DER input

const PEM_CSR = /-----BEGIN ((?:NEW )?CERTIFICATE REQUEST)-----([\s\S]*?)-----END \1-----/;
const PEM_ANY = /-----BEGIN ([^-\r\n]{1,64})-----/;

function inputToDer(data: Buffer): Buffer {
  // Also tolerate a plain Uint8Array from a JavaScript caller (viewed, not copied).
  if (!(data instanceof Uint8Array)) throw malformed('input must be a Buffer');
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (buf.length === 0) throw malformed('input is empty');

  // DER when the bytes are exactly one SEQUENCE; PEM text never looks like that
  // in practice, and this keeps a DER CSR that happens to contain "-----BEGIN"
  // in a field from being misread.
  if (buf[0] === TAG_SEQUENCE && looksLikeSingleTlv(buf)) return buf;

  const text = buf.toString('latin1');
  const match = PEM_CSR.exec(text);
  if (match) {
    const body = match[2].replace(/\s+/g, '');
    if (body.length === 0 || body.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(body)) {
      throw malformed(`the ${match[1]} PEM block is not valid base64`);
    }
    return Buffer.from(body, 'base64');
  }
  const other = PEM_ANY.exec(text);
  if (other) throw malformed(`found a "${other[1]}" PEM block, not a CERTIFICATE REQUEST`);
  return buf; // let the DER reader explain what is wrong
}

function looksLikeSingleTlv(buf: Buffer): boolean {
  try {
    return readNode(buf).end === buf.length;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------
// Byte ranges come from src/x509's DER reader (forge.asn1 does not expose offsets); a CSR must be
// strict DER, so the BER liberties that reader allows for old PKCS#7/#12 files are refused here,
// as are shapes forge would silently misread (multi-byte tags, partial BMP/Universal characters).

const TAG_INTEGER = TAG.INTEGER;
const TAG_BIT_STRING = TAG.BIT_STRING;
const TAG_SEQUENCE = TAG.SEQUENCE;
const TAG_ATTRIBUTES = contextTag(0, true); // [0] IMPLICIT SET OF Attribute

function checkStrictDer(node: DerNode): void {
  if (node.end !== node.contentEnd) throw malformed('indefinite-length encoding is not DER');
  if ((node.tag & 0x1f) === 0x1f) throw malformed('multi-byte ASN.1 tags do not occur in a CSR');
  const length = node.contentEnd - node.contentStart;
  if (node.constructed) {
    for (const child of childrenOf(node)) checkStrictDer(child);
  } else if ((node.tag === TAG.BMP_STRING && length % 2 !== 0) || (node.tag === TAG.UNIVERSAL_STRING && length % 4 !== 0)) {
    throw malformed('BMPString/UniversalString with a partial character');
  }
}

// ---------------------------------------------------------------------------
// forge.asn1 helpers

type Asn1 = forge.asn1.Asn1;

interface FromDerOptions {
  strict: boolean;
  parseAllBytes: boolean;
  decodeBitStrings: boolean;
}
// @types/node-forge only declares the boolean form of the second argument.
const fromDer = forge.asn1.fromDer as unknown as (bytes: string, options: FromDerOptions) => Asn1;

const UNIVERSAL = forge.asn1.Class.UNIVERSAL as number;
const CONTEXT = forge.asn1.Class.CONTEXT_SPECIFIC as number;
const T = {
  BOOLEAN: 1,
  INTEGER: 2,
  BIT_STRING: 3,
  OCTET_STRING: 4,
  NULL: 5,
  OID: 6,
  UTF8: 12,
  SEQUENCE: 16,
  SET: 17,
  NUMERIC: 18,
  PRINTABLE: 19,
  TELETEX: 20,
  IA5: 22,
  VISIBLE: 26,
  UNIVERSAL_STRING: 28,
  BMP: 30,
} as const;

/** Checks the bytes with the TLV walker, then parses them with forge. */
function decodeAsn1(bytes: Buffer): Asn1 {
  const node = readNode(bytes);
  if (node.end !== bytes.length) throw malformed('trailing bytes after ASN.1 value');
  checkStrictDer(node);
  return fromDer(bytes.toString('latin1'), { strict: true, parseAllBytes: true, decodeBitStrings: false });
}

function isUniversal(node: Asn1 | undefined, type: number): node is Asn1 {
  return node !== undefined && (node.tagClass as number) === UNIVERSAL && (node.type as number) === type;
}

/** Children of a universal constructed value (SEQUENCE / SET). */
function children(node: Asn1 | undefined, type: number, what: string): Asn1[] {
  if (!isUniversal(node, type) || !node.constructed || !Array.isArray(node.value)) {
    throw malformed(`${what}: expected a ${type === T.SET ? 'SET' : 'SEQUENCE'}`);
  }
  return node.value;
}

/** Content octets (as a latin1 "binary" string) of a universal primitive value. */
function primitive(node: Asn1 | undefined, type: number, what: string): string {
  if (!isUniversal(node, type) || node.constructed || typeof node.value !== 'string') {
    throw malformed(`${what}: unexpected ASN.1 type`);
  }
  return node.value;
}

function readOid(node: Asn1 | undefined, what: string): string {
  const bytes = primitive(node, T.OID, what);
  if (bytes.length === 0 || bytes.charCodeAt(bytes.length - 1) & 0x80) {
    throw malformed(`${what}: bad OBJECT IDENTIFIER`);
  }
  return forge.asn1.derToOid(bytes);
}

/** A small non-negative INTEGER (salt lengths, trailer fields). */
function readSmallInt(node: Asn1 | undefined, what: string): number {
  const bytes = primitive(node, T.INTEGER, what);
  if (bytes.length === 0 || bytes.length > 4 || bytes.charCodeAt(0) & 0x80) {
    throw malformed(`${what}: expected a small non-negative INTEGER`);
  }
  let value = 0;
  for (let i = 0; i < bytes.length; i++) value = value * 256 + bytes.charCodeAt(i);
  return value;
}

interface AlgorithmIdentifier {
  oid: string;
  params: Asn1 | undefined;
}

/** RFC 5280 §4.1.1.2: AlgorithmIdentifier ::= SEQUENCE { algorithm OID, parameters ANY OPTIONAL } */
function readAlgorithmIdentifier(node: Asn1 | undefined, what: string): AlgorithmIdentifier {
  const parts = children(node, T.SEQUENCE, what);
  if (parts.length < 1 || parts.length > 2) throw malformed(`${what}: bad AlgorithmIdentifier`);
  return { oid: readOid(parts[0], what), params: parts[1] };
}


// ---------------------------------------------------------------------------
// SubjectPublicKeyInfo (RFC 5280 §4.1.2.7)

function readSpkiAlgorithm(node: Asn1): string {
  const parts = children(node, T.SEQUENCE, 'subjectPKInfo');
  if (parts.length !== 2) throw malformed('subjectPKInfo: expected { algorithm, subjectPublicKey }');
  primitive(parts[1], T.BIT_STRING, 'subjectPublicKey');
  return readAlgorithmIdentifier(parts[0], 'subjectPKInfo algorithm').oid;
}

const KNOWN_KEY_ALGORITHMS = new Set([
  '1.2.840.113549.1.1.1', // rsaEncryption
  '1.2.840.113549.1.1.10', // id-RSASSA-PSS
  '1.2.840.10045.2.1', // id-ecPublicKey
  '1.2.840.10040.4.1', // id-dsa
  '1.3.101.110', // X25519
  '1.3.101.111', // X448
  '1.3.101.112', // Ed25519
  '1.3.101.113', // Ed448
]);

function loadPublicKey(spkiDer: Buffer, keyAlgorithm: string): crypto.KeyObject {
  try {
    return crypto.createPublicKey({ key: spkiDer, format: 'der', type: 'spki' });
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    if (KNOWN_KEY_ALGORITHMS.has(keyAlgorithm)) throw malformed(`the public key cannot be loaded: ${detail}`);
    throw unsupported(`public key algorithm ${keyAlgorithm} is not supported`);
  }
}

// ---------------------------------------------------------------------------
// Attributes → extensionRequest → subjectAltName

/** attributes [0] IMPLICIT SET OF Attribute; Attribute ::= SEQUENCE { type OID, values SET OF ANY } (RFC 2986 §4.1) */
function readRequestedSans(node: Asn1): CsrSan[] {
  if ((node.tagClass as number) !== CONTEXT || (node.type as number) !== 0 || !Array.isArray(node.value)) {
    throw malformed('attributes: expected [0] SET OF Attribute');
  }
  let sans: CsrSan[] | null = null;
  let sawExtensionRequest = false;
  for (const attribute of node.value) {
    const pair = children(attribute, T.SEQUENCE, 'attribute');
    if (pair.length !== 2) throw malformed('attribute: expected { type, values }');
    const type = readOid(pair[0], 'attribute type');
    const values = children(pair[1], T.SET, 'attribute values');
    if (type !== OID_EXTENSION_REQUEST) continue;
    // RFC 2985 §5.4.2: extensionRequest is single-valued.
    if (sawExtensionRequest || values.length !== 1) throw malformed('extensionRequest must appear once with one value');
    sawExtensionRequest = true;

    // RFC 5280 §4.1: Extensions ::= SEQUENCE OF Extension;
    // Extension ::= SEQUENCE { extnID OID, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING }
    for (const extension of children(values[0], T.SEQUENCE, 'extensionRequest')) {
      const fields = children(extension, T.SEQUENCE, 'extension');
      if (fields.length < 2 || fields.length > 3) throw malformed('extension: expected { extnID, [critical,] extnValue }');
      const extnId = readOid(fields[0], 'extnID');
      if (fields.length === 3) primitive(fields[1], T.BOOLEAN, 'extension critical flag');
      const extnValue = primitive(fields[fields.length - 1], T.OCTET_STRING, 'extnValue');
      if (extnId !== OID_SUBJECT_ALT_NAME) continue;
      // RFC 5280 §4.2: an extension appears at most once.
      if (sans !== null) throw malformed('subjectAltName requested twice');
      sans = readGeneralNames(decodeAsn1(Buffer.from(extnValue, 'latin1')));
    }
  }
  return sans ?? [];
}

/** RFC 5280 §4.2.1.6: GeneralNames ::= SEQUENCE OF GeneralName (IMPLICIT context tags). */
function readGeneralNames(node: Asn1): CsrSan[] {
  const out: CsrSan[] = [];
  for (const name of children(node, T.SEQUENCE, 'subjectAltName')) {
    if ((name.tagClass as number) !== CONTEXT) throw malformed('subjectAltName: GeneralName must be context-tagged');
    const tag = name.type as number;
    const kind = tag === 1 ? 'email' : tag === 2 ? 'dns' : tag === 6 ? 'uri' : tag === 7 ? 'ip' : null;
    if (kind === null) continue; // otherName, directoryName, registeredID, …: not ours to handle
    if (name.constructed || typeof name.value !== 'string') throw malformed(`subjectAltName: bad ${kind} entry`);
    if (kind === 'ip') {
      out.push({ type: 'ip', value: formatIp(Buffer.from(name.value, 'latin1')) });
    } else {
      // rfc822Name, dNSName and uniformResourceIdentifier are IA5String (7-bit ASCII).
      if (/[^\x00-\x7f]/.test(name.value)) throw malformed(`subjectAltName: ${kind} entry is not ASCII`);
      out.push({ type: kind, value: name.value });
    }
  }
  return out;
}

/** iPAddress is 4 octets (IPv4) or 16 octets (IPv6) in network order. */
function formatIp(bytes: Buffer): string {
  if (bytes.length === 4) return Array.from(bytes).join('.');
  if (bytes.length !== 16) throw malformed(`subjectAltName: iPAddress of ${bytes.length} octets`);
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(bytes.readUInt16BE(i));
  // RFC 5952 §5: IPv4-mapped addresses keep the dotted tail.
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return `::ffff:${Array.from(bytes.subarray(12)).join('.')}`;
  }
  // RFC 5952 §4.2: the longest run (first if tied) of two or more zero groups becomes '::'.
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

// ---------------------------------------------------------------------------
// Signature

function readSignatureBits(node: Asn1): Buffer {
  const bits = Buffer.from(primitive(node, T.BIT_STRING, 'signature'), 'latin1');
  // X.690 §8.6.2: the first octet counts unused bits in the last octet.
  if (bits.length < 2 || bits[0] !== 0) throw malformed('signature: BIT STRING must be whole octets');
  return bits.subarray(1);
}

type SchemeKind = 'rsa-pkcs1' | 'rsa-pss' | 'ecdsa' | 'ed25519' | 'ed448';

const SIGNATURE_ALGORITHMS: Record<string, { name: string; kind: SchemeKind; hash: string | null }> = {
  // RFC 8017 / RFC 4055
  '1.2.840.113549.1.1.5': { name: 'sha1WithRSAEncryption', kind: 'rsa-pkcs1', hash: 'sha1' },
  '1.2.840.113549.1.1.14': { name: 'sha224WithRSAEncryption', kind: 'rsa-pkcs1', hash: 'sha224' },
  '1.2.840.113549.1.1.11': { name: 'sha256WithRSAEncryption', kind: 'rsa-pkcs1', hash: 'sha256' },
  '1.2.840.113549.1.1.12': { name: 'sha384WithRSAEncryption', kind: 'rsa-pkcs1', hash: 'sha384' },
  '1.2.840.113549.1.1.13': { name: 'sha512WithRSAEncryption', kind: 'rsa-pkcs1', hash: 'sha512' },
  '1.2.840.113549.1.1.10': { name: 'RSASSA-PSS', kind: 'rsa-pss', hash: null }, // hash from parameters
  // RFC 5758 §3.2
  '1.2.840.10045.4.1': { name: 'ecdsa-with-SHA1', kind: 'ecdsa', hash: 'sha1' },
  '1.2.840.10045.4.3.1': { name: 'ecdsa-with-SHA224', kind: 'ecdsa', hash: 'sha224' },
  '1.2.840.10045.4.3.2': { name: 'ecdsa-with-SHA256', kind: 'ecdsa', hash: 'sha256' },
  '1.2.840.10045.4.3.3': { name: 'ecdsa-with-SHA384', kind: 'ecdsa', hash: 'sha384' },
  '1.2.840.10045.4.3.4': { name: 'ecdsa-with-SHA512', kind: 'ecdsa', hash: 'sha512' },
  // RFC 8410 §3
  '1.3.101.112': { name: 'Ed25519', kind: 'ed25519', hash: null },
  '1.3.101.113': { name: 'Ed448', kind: 'ed448', hash: null },
};

const HASH_ALGORITHMS: Record<string, string> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.4': 'sha224',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};
const OID_MGF1 = '1.2.840.113549.1.1.8';

const KEY_TYPES: Record<SchemeKind, readonly string[]> = {
  'rsa-pkcs1': ['rsa'],
  'rsa-pss': ['rsa', 'rsa-pss'],
  ecdsa: ['ec'],
  ed25519: ['ed25519'],
  ed448: ['ed448'],
};

interface VerificationPlan {
  name: string;
  hash: string | null;
  keyTypes: readonly string[];
  options: { padding?: number; saltLength?: number; dsaEncoding?: 'der' };
}

function planVerification(alg: AlgorithmIdentifier): VerificationPlan {
  const known = SIGNATURE_ALGORITHMS[alg.oid];
  if (!known) throw unsupported(`signature algorithm ${alg.oid} is not supported`);
  const keyTypes = KEY_TYPES[known.kind];
  if (known.kind !== 'rsa-pss') requireNullOrAbsent(alg.params, known.name);
  switch (known.kind) {
    case 'rsa-pkcs1':
      return { name: known.name, hash: known.hash, keyTypes, options: { padding: crypto.constants.RSA_PKCS1_PADDING } };
    case 'rsa-pss': {
      const pss = readPssParams(alg.params);
      return {
        name: known.name,
        hash: pss.hash,
        keyTypes,
        options: { padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: pss.saltLength },
      };
    }
    case 'ecdsa':
      // ECDSA-Sig-Value is DER (RFC 5480 §2.2 / RFC 5758 §3.2).
      return { name: known.name, hash: known.hash, keyTypes, options: { dsaEncoding: 'der' } };
    case 'ed25519':
    case 'ed448':
      return { name: known.name, hash: null, keyTypes, options: {} };
  }
}

/**
 * RFC 4055 §2.1 / §5 and RFC 5758 §3.2 / RFC 8410 §3: parameters are NULL or
 * absent (accepting NULL everywhere, as some encoders emit it). Anything else
 * is rejected, as the outer AlgorithmIdentifier is not covered by the signature.
 */
function requireNullOrAbsent(params: Asn1 | undefined, what: string): void {
  if (params !== undefined && primitive(params, T.NULL, `${what} parameters`).length !== 0) {
    throw malformed(`${what} parameters: NULL must be empty`);
  }
}

function hashName(hashAlgorithm: AlgorithmIdentifier): string {
  const oid = hashAlgorithm.oid;
  requireNullOrAbsent(hashAlgorithm.params, `hash algorithm ${oid}`);
  const name = HASH_ALGORITHMS[oid];
  if (!name) throw unsupported(`RSASSA-PSS hash algorithm ${oid} is not supported`);
  return name;
}

/**
 * RFC 4055 §3.1: RSASSA-PSS-params ::= SEQUENCE {
 *   hashAlgorithm [0] DEFAULT sha1, maskGenAlgorithm [1] DEFAULT mgf1SHA1,
 *   saltLength [2] INTEGER DEFAULT 20, trailerField [3] INTEGER DEFAULT 1 }
 */
function readPssParams(params: Asn1 | undefined): { hash: string; saltLength: number } {
  if (params === undefined) throw malformed('RSASSA-PSS signature algorithm without parameters');
  let hash = 'sha1';
  let mgfHash = 'sha1';
  let saltLength = 20;
  let previousTag = -1;
  for (const field of children(params, T.SEQUENCE, 'RSASSA-PSS-params')) {
    const tag = field.type as number;
    if (
      (field.tagClass as number) !== CONTEXT ||
      tag > 3 ||
      tag <= previousTag ||
      !Array.isArray(field.value) ||
      field.value.length !== 1
    ) {
      throw malformed('RSASSA-PSS-params: unexpected field');
    }
    previousTag = tag;
    const inner = field.value[0];
    if (tag === 0) {
      hash = hashName(readAlgorithmIdentifier(inner, 'RSASSA-PSS hashAlgorithm'));
    } else if (tag === 1) {
      const mgf = readAlgorithmIdentifier(inner, 'RSASSA-PSS maskGenAlgorithm');
      if (mgf.oid !== OID_MGF1) throw unsupported(`RSASSA-PSS mask generation function ${mgf.oid} is not supported`);
      mgfHash = hashName(readAlgorithmIdentifier(mgf.params, 'MGF1 hash'));
    } else if (tag === 2) {
      saltLength = readSmallInt(inner, 'RSASSA-PSS saltLength');
    } else if (readSmallInt(inner, 'RSASSA-PSS trailerField') !== 1) {
      throw unsupported('RSASSA-PSS trailerField other than 1 is not supported');
    }
  }
  // node:crypto uses the message hash for MGF1 too.
  if (mgfHash !== hash) throw unsupported(`RSASSA-PSS with ${hash} but MGF1-${mgfHash} is not supported`);
  return { hash, saltLength };
}

function verifySignature(plan: VerificationPlan, key: crypto.KeyObject, tbs: Buffer, signature: Buffer): void {
  const keyType = key.asymmetricKeyType ?? 'unknown';
  if (!plan.keyTypes.includes(keyType)) {
    throw new CsrError('bad-signature', `a ${plan.name} signature cannot come from a ${keyType} key`);
  }
  let ok: boolean;
  try {
    ok = crypto.verify(plan.hash, tbs, { key, ...plan.options }, signature);
  } catch {
    ok = false; // e.g. a signature that is not a valid ECDSA-Sig-Value
  }
  if (!ok) throw new CsrError('bad-signature', `the CSR's ${plan.name} self-signature does not verify`);
}
