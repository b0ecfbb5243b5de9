/**
 * Parsers for the bodies of TLS handshake messages (RFC 8446 §4, RFC 5246 §7.4) and alerts, into
 * plain data a transcript can show and a diagnosis can reason about.
 *
 * No parser throws on wire data: a body that does not fit its structure comes back as a
 * MalformedMessage naming the field at fault. A known extension whose body is malformed keeps
 * the rest of its message readable: its summary carries the error and its field stays null.
 * Every number is kept next to its name (see names.ts), so unknown code points are not lost.
 */
import { DecodeError } from '../../x509/decode-error.js';
import { readWhole } from '../../x509/der-reader.js';
import { readName } from '../../x509/name.js';
import {
  alertLevelCode,
  cipherSuiteCode,
  clientCertificateTypeCode,
  extensionCode,
  ExtensionType,
  HANDSHAKE_TYPES,
  HandshakeType,
  namedGroupCode,
  signatureSchemeCode,
  versionCode,
  type Code,
} from './names.js';
import type { HandshakeMessage } from './records.js';

/**
 * Which layouts to read where versions differ: TLS 1.0/1.1 ('tls10') lack the signature algorithm
 * fields TLS 1.2 added to CertificateRequest, ServerKeyExchange and CertificateVerify; TLS 1.3
 * reshaped Certificate, CertificateRequest and NewSessionTicket.
 */
export type WireForm = 'tls10' | 'tls12' | 'tls13';

/** The layouts a negotiated ProtocolVersion uses (0x0304 → 'tls13'). */
export function wireFormOf(version: number): WireForm {
  if (version === 0x0304 || version >> 8 === 0x7f) return 'tls13';
  return version === 0x0303 ? 'tls12' : 'tls10';
}

/** A message (or alert) whose body does not match its structure. */
export interface MalformedMessage {
  /** The message type it claimed to be ('ClientHello', 'Alert' …). */
  type: string;
  /** Body length in bytes. */
  length: number;
  /** What is wrong, naming the field: 'cipher_suites runs past the end of the message'. */
  error: string;
}

/** Every extension of a message, in wire order, known or not. */
export interface ExtensionInfo {
  type: number;
  /** IANA name; 'GREASE' for RFC 8701 values; null when unknown. */
  name: string | null;
  /** Length of the extension body in bytes. */
  length: number;
  /** Set when this is a known extension whose body could not be read. */
  error?: string;
}

export interface KeyShare {
  group: Code;
  /** Length of the key_exchange bytes (32 for x25519, 65 for secp256r1, 1216 for X25519MLKEM768). */
  keyLength: number;
}

/** A DistinguishedName from certificate_authorities, and its text ('O=Example, CN=Dev Root CA'). */
export interface DistinguishedName {
  der: Buffer;
  /** Rendered as mtlskit renders every Name (src/x509/name.ts); null when the DER is not a Name. */
  text: string | null;
  error?: string;
}

export interface ClientHello {
  type: 'ClientHello';
  length: number;
  legacyVersion: Code;
  /** The 32-byte random, hex. */
  random: string;
  sessionIdLength: number;
  sessionId: string;
  cipherSuites: Code[];
  compressionMethods: number[];
  extensions: ExtensionInfo[];
  /** The first host_name of server_name (SNI); null when none was sent. */
  serverName: string | null;
  /** ALPN protocol names offered, in preference order; null without the extension. */
  alpn: string[] | null;
  /** supported_versions (TLS 1.3 clients); null means the client offers legacyVersion and below. */
  supportedVersions: Code[] | null;
  supportedGroups: Code[] | null;
  signatureAlgorithms: Code[] | null;
  signatureAlgorithmsCert: Code[] | null;
  /** key_share entries offered (TLS 1.3). */
  keyShares: KeyShare[] | null;
}

export interface ServerHello {
  /** 'HelloRetryRequest' when the random is RFC 8446 §4.1.3's special value. */
  type: 'ServerHello' | 'HelloRetryRequest';
  length: number;
  legacyVersion: Code;
  random: string;
  sessionIdLength: number;
  cipherSuite: Code;
  compressionMethod: number;
  extensions: ExtensionInfo[];
  /** supported_versions' selected_version (TLS 1.3 only). */
  selectedVersion: Code | null;
  /** The version this hello settles on: selectedVersion, else legacyVersion. */
  version: Code;
  /**
   * key_share: the group of the server's share; in a HelloRetryRequest, the group the server
   * asks the client to send a share for.
   */
  keyShareGroup: Code | null;
  /** ALPN protocol the server chose (TLS 1.2; TLS 1.3 sends it in EncryptedExtensions). */
  alpn: string | null;
  /**
   * RFC 8446 §4.1.3: a TLS 1.3-capable server that negotiates TLS 1.2 (or below) says so in the
   * last 8 bytes of its random. A client that offered 1.3 and sees this is being downgraded.
   */
  downgradeSentinel: 'TLSv1.2' | 'TLSv1.1' | null;
}

export interface CertificateEntry {
  der: Buffer;
  /** Per-certificate extensions (TLS 1.3 only: status_request, signed_certificate_timestamp). */
  extensions: ExtensionInfo[];
}

export interface CertificateMessage {
  type: 'Certificate';
  length: number;
  form: 'tls12' | 'tls13';
  /** certificate_request_context, hex (TLS 1.3; '' in the handshake, set after post-handshake auth). */
  requestContext: string | null;
  /** Leaf first, as sent. Empty when a client has no certificate to offer. */
  certificates: CertificateEntry[];
}

export interface CertificateRequest {
  type: 'CertificateRequest';
  length: number;
  form: WireForm;
  /** TLS 1.0–1.2 certificate_types (rsa_sign, ecdsa_sign …); null in TLS 1.3. */
  certificateTypes: Code[] | null;
  /** supported_signature_algorithms (TLS 1.2) or the signature_algorithms extension (TLS 1.3). */
  signatureAlgorithms: Code[] | null;
  signatureAlgorithmsCert: Code[] | null;
  /**
   * The CA names the server accepts client certificates from. TLS 1.2: always a list (empty means
   * "any"). TLS 1.3: null when the certificate_authorities extension is absent.
   */
  certificateAuthorities: DistinguishedName[] | null;
  /** TLS 1.3 certificate_request_context, hex; null before TLS 1.3. */
  requestContext: string | null;
  /** TLS 1.3 extensions; empty before TLS 1.3. */
  extensions: ExtensionInfo[];
}

/** How the TLS 1.2 suite agrees on keys, which decides ServerKeyExchange's layout. */
export type KeyExchange = 'ecdhe' | 'dhe' | 'rsa' | 'other';

export interface ServerKeyExchange {
  type: 'ServerKeyExchange';
  length: number;
  keyExchange: 'ecdhe' | 'dhe';
  /** The named curve (ECDHE with curve_type 3 named_curve); null for DHE. */
  group: Code | null;
  /** DHE: bit length of the prime p; null for ECDHE. */
  primeBits: number | null;
  /** Length of the server's ephemeral public value. */
  publicKeyLength: number;
  /** The signature's algorithm (TLS 1.2); null in TLS 1.0/1.1, which had none on the wire. */
  signatureAlgorithm: Code | null;
  signatureLength: number;
}

export interface ServerHelloDone {
  type: 'ServerHelloDone';
  length: number;
}

export interface ClientKeyExchange {
  type: 'ClientKeyExchange';
  length: number;
}

export interface CertificateVerify {
  type: 'CertificateVerify';
  length: number;
  /** null in TLS 1.0/1.1, which had no algorithm field. */
  algorithm: Code | null;
  signatureLength: number;
}

export interface Finished {
  type: 'Finished';
  length: number;
  /** verify_data, hex. */
  verifyData: string;
}

export interface NewSessionTicket {
  type: 'NewSessionTicket';
  length: number;
  form: 'tls12' | 'tls13';
  /** Seconds (ticket_lifetime_hint in TLS 1.2, ticket_lifetime in TLS 1.3). */
  lifetime: number;
  ticketLength: number;
  /** TLS 1.3 only; null before. */
  ageAdd: number | null;
  nonce: string | null;
  extensions: ExtensionInfo[];
}

export interface EncryptedExtensions {
  type: 'EncryptedExtensions';
  length: number;
  extensions: ExtensionInfo[];
  alpn: string | null;
  /** The server sent an empty server_name: it used the SNI (RFC 6066 §3). */
  serverNameAcknowledged: boolean;
  /** The server's groups, in its preference (a hint for next time). */
  supportedGroups: Code[] | null;
  earlyDataAccepted: boolean;
}

/** Handshake types read only as far as their name and length. */
export interface OtherHandshake {
  type:
    | 'HelloRequest'
    | 'HelloVerifyRequest'
    | 'EndOfEarlyData'
    | 'CertificateUrl'
    | 'CertificateStatus'
    | 'SupplementalData'
    | 'KeyUpdate'
    | 'CompressedCertificate'
    | 'MessageHash'
    | 'Unknown';
  handshakeType: number;
  length: number;
}

export type ParsedHandshake =
  | ClientHello
  | ServerHello
  | EncryptedExtensions
  | CertificateMessage
  | CertificateRequest
  | ServerKeyExchange
  | ServerHelloDone
  | ClientKeyExchange
  | CertificateVerify
  | Finished
  | NewSessionTicket
  | OtherHandshake
  | MalformedMessage;

export interface Alert {
  type: 'Alert';
  length: number;
  /** 1 warning, 2 fatal. */
  level: Code;
  /** AlertDescription (RFC 8446 §6): 40 handshake_failure, 48 unknown_ca, 116 certificate_required … */
  description: number;
}

// ---------------------------------------------------------------------------
// Reading

/** Internal: a field that does not fit. Always caught in this module and turned into data. */
class FieldError extends Error {}

/** A bounds-checked reader over a message body; every read names the field for the error. */
class Cursor {
  constructor(
    private readonly buf: Buffer,
    private pos = 0,
    private readonly end = buf.length,
  ) {}

  get remaining(): number {
    return this.end - this.pos;
  }

  private take(count: number, what: string): number {
    if (this.pos + count > this.end) throw new FieldError(`${what} runs past the end (${this.remaining} bytes left, ${count} needed)`);
    const at = this.pos;
    this.pos += count;
    return at;
  }

  u8(what: string): number {
    return this.buf[this.take(1, what)]!;
  }

  u16(what: string): number {
    return this.buf.readUInt16BE(this.take(2, what));
  }

  u24(what: string): number {
    return this.buf.readUIntBE(this.take(3, what), 3);
  }

  u32(what: string): number {
    return this.buf.readUInt32BE(this.take(4, what));
  }

  bytes(count: number, what: string): Buffer {
    const at = this.take(count, what);
    return this.buf.subarray(at, at + count);
  }

  /** An opaque vector with a 1-, 2- or 3-byte length prefix, checked against `min` and `max`. */
  vector(lengthBytes: 1 | 2 | 3, what: string, min = 0, max = 2 ** (8 * lengthBytes) - 1): Buffer {
    const length = lengthBytes === 1 ? this.u8(what) : lengthBytes === 2 ? this.u16(what) : this.u24(what);
    if (length < min || length > max) throw new FieldError(`${what} has length ${length}, outside ${min}..${max}`);
    return this.bytes(length, what);
  }

  /** A cursor over a vector's contents. */
  sub(lengthBytes: 1 | 2 | 3, what: string, min = 0, max?: number): Cursor {
    const bytes = this.vector(lengthBytes, what, min, max);
    return new Cursor(bytes);
  }

  /** Reads `read` until the end of this cursor. */
  each<T>(read: (cursor: Cursor) => T): T[] {
    const out: T[] = [];
    while (this.remaining > 0) out.push(read(this));
    return out;
  }

  /** A list of u16 values filling a vector (cipher suites, groups, schemes). */
  u16List(lengthBytes: 1 | 2, what: string, min = 0): number[] {
    const list = this.sub(lengthBytes, what, min);
    if (list.remaining % 2) throw new FieldError(`${what} has an odd length (${list.remaining})`);
    return list.each((c) => c.u16(what));
  }

  expectEnd(what: string): void {
    if (this.remaining !== 0) throw new FieldError(`${this.remaining} unexpected bytes after ${what}`);
  }
}

/** Runs a parser, turning a field error into a MalformedMessage. */
function guarded<T>(type: string, body: Buffer, parse: (cursor: Cursor) => T): T | MalformedMessage {
  try {
    return parse(new Cursor(body));
  } catch (error) {
    if (error instanceof FieldError) return { type, length: body.length, error: error.message };
    throw error;
  }
}

interface Extensions {
  list: ExtensionInfo[];
  /** Bodies by type; the first one when a type repeats (which RFC 8446 §4.2 forbids). */
  bodies: Map<number, Buffer>;
}

/** The extensions block; absent (nothing left) is allowed before TLS 1.3 (RFC 5246 §7.4.1.2). */
function readExtensions(cursor: Cursor, optional: boolean): Extensions {
  if (optional && cursor.remaining === 0) return { list: [], bodies: new Map() };
  const block = cursor.sub(2, 'extensions');
  cursor.expectEnd('the extensions');
  return readExtensionBlock(block);
}

/** The extensions inside an already length-delimited block. */
function readExtensionBlock(block: Cursor): Extensions {
  const list: ExtensionInfo[] = [];
  const bodies = new Map<number, Buffer>();
  while (block.remaining > 0) {
    const type = block.u16('extension type');
    const code = extensionCode(type);
    const body = block.vector(2, `extension ${code.name ?? type}`);
    const info: ExtensionInfo = { type, name: code.name, length: body.length };
    if (bodies.has(type)) info.error = 'duplicate extension';
    else bodies.set(type, body);
    list.push(info);
  }
  return { list, bodies };
}

/**
 * Reads one known extension; a malformed body sets the error on its summary and yields null,
 * so one bad extension does not hide the rest of the message.
 */
function extension<T>(extensions: Extensions, type: number, read: (cursor: Cursor) => T): T | null {
  const body = extensions.bodies.get(type);
  if (body === undefined) return null;
  try {
    const cursor = new Cursor(body);
    const value = read(cursor);
    cursor.expectEnd(`extension ${extensionCode(type).name}`);
    return value;
  } catch (error) {
    if (!(error instanceof FieldError)) throw error;
    const info = extensions.list.find((e) => e.type === type)!;
    info.error = error.message;
    return null;
  }
}

const hex = (bytes: Buffer) => bytes.toString('hex');

const readServerNames = (c: Cursor): string[] => {
  const list = c.sub(2, 'server_name_list', 1);
  const names: string[] = [];
  while (list.remaining > 0) {
    const nameType = list.u8('server name type');
    const name = list.vector(2, 'host_name', 1);
    // RFC 6066 §3: host_name (0) is the only type defined.
    if (nameType === 0) names.push(name.toString('latin1'));
  }
  return names;
};

const readProtocols = (c: Cursor): string[] => c.sub(2, 'protocol_name_list', 2).each((p) => p.vector(1, 'protocol name', 1).toString('latin1'));
const readSchemes = (c: Cursor): Code[] => c.u16List(2, 'supported_signature_algorithms', 2).map(signatureSchemeCode);
const readGroups = (c: Cursor): Code[] => c.u16List(2, 'named_group_list', 2).map(namedGroupCode);
const readKeyShare = (c: Cursor): KeyShare => {
  const group = namedGroupCode(c.u16('key share group'));
  return { group, keyLength: c.vector(2, 'key_exchange', 1).length };
};

/** DistinguishedName authorities<3..2^16-1>, each DistinguishedName<1..2^16-1> (RFC 8446 §4.2.4). */
function readAuthorities(c: Cursor, min: number): DistinguishedName[] {
  return c.sub(2, 'certificate_authorities', min).each((list) => distinguishedName(list.vector(2, 'DistinguishedName', 1)));
}

function distinguishedName(bytes: Buffer): DistinguishedName {
  const der = Buffer.from(bytes);
  try {
    return { der, text: readName(readWhole(der, 'DistinguishedName'), 'DistinguishedName').display };
  } catch (error) {
    if (error instanceof DecodeError) return { der, text: null, error: error.message };
    throw error;
  }
}

// ---------------------------------------------------------------------------
// Hellos

/** RFC 8446 §4.1.3: a HelloRetryRequest is a ServerHello whose random is SHA-256("HelloRetryRequest"). */
export const HELLO_RETRY_REQUEST_RANDOM = Buffer.from('cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c', 'hex');

/** RFC 8446 §4.1.3: "DOWNGRD" followed by 01 (TLS 1.2) or 00 (TLS 1.1 and below). */
const DOWNGRADE_PREFIX = Buffer.from('444f574e475244', 'hex');

export function parseClientHello(body: Buffer): ClientHello | MalformedMessage {
  return guarded('ClientHello', body, (c) => {
    const legacyVersion = versionCode(c.u16('legacy_version'));
    const random = hex(c.bytes(32, 'random'));
    const sessionId = c.vector(1, 'legacy_session_id', 0, 32);
    const suites = c.u16List(2, 'cipher_suites', 2);
    const compressionMethods = [...c.vector(1, 'legacy_compression_methods', 1)];
    const extensions = readExtensions(c, true);
    return {
      type: 'ClientHello',
      length: body.length,
      legacyVersion,
      random,
      sessionIdLength: sessionId.length,
      sessionId: hex(sessionId),
      cipherSuites: suites.map(cipherSuiteCode),
      compressionMethods,
      extensions: extensions.list,
      serverName: extension(extensions, ExtensionType.serverName, readServerNames)?.[0] ?? null,
      alpn: extension(extensions, ExtensionType.alpn, readProtocols),
      supportedVersions: extension(extensions, ExtensionType.supportedVersions, (e) => e.u16List(1, 'supported_versions', 2).map(versionCode)),
      supportedGroups: extension(extensions, ExtensionType.supportedGroups, readGroups),
      signatureAlgorithms: extension(extensions, ExtensionType.signatureAlgorithms, readSchemes),
      signatureAlgorithmsCert: extension(extensions, ExtensionType.signatureAlgorithmsCert, readSchemes),
      keyShares: extension(extensions, ExtensionType.keyShare, (e) => e.sub(2, 'client_shares').each(readKeyShare)),
    };
  });
}

export function parseServerHello(body: Buffer): ServerHello | MalformedMessage {
  return guarded('ServerHello', body, (c) => {
    const legacyVersion = versionCode(c.u16('legacy_version'));
    const randomBytes = c.bytes(32, 'random');
    const sessionId = c.vector(1, 'legacy_session_id_echo', 0, 32);
    const cipherSuite = cipherSuiteCode(c.u16('cipher_suite'));
    const compressionMethod = c.u8('legacy_compression_method');
    const extensions = readExtensions(c, true);
    const retry = randomBytes.equals(HELLO_RETRY_REQUEST_RANDOM);
    const selectedVersion = extension(extensions, ExtensionType.supportedVersions, (e) => versionCode(e.u16('selected_version')));
    // A HelloRetryRequest's key_share is only the selected_group; a ServerHello's is a KeyShareEntry.
    const keyShareGroup = extension(extensions, ExtensionType.keyShare, (e) => (retry ? namedGroupCode(e.u16('selected_group')) : readKeyShare(e).group));
    const alpn = extension(extensions, ExtensionType.alpn, (e) => {
      const protocols = readProtocols(e);
      if (protocols.length !== 1) throw new FieldError(`the server must select exactly one ALPN protocol, it sent ${protocols.length}`);
      return protocols[0]!;
    });
    const sentinel = randomBytes.subarray(24, 31).equals(DOWNGRADE_PREFIX) ? randomBytes[31] : undefined;
    const downgradeSentinel = sentinel === 1 ? 'TLSv1.2' : sentinel === 0 ? 'TLSv1.1' : null;
    return {
      type: retry ? 'HelloRetryRequest' : 'ServerHello',
      length: body.length,
      legacyVersion,
      random: hex(randomBytes),
      sessionIdLength: sessionId.length,
      cipherSuite,
      compressionMethod,
      extensions: extensions.list,
      selectedVersion,
      version: selectedVersion ?? legacyVersion,
      keyShareGroup,
      alpn,
      downgradeSentinel,
    };
  });
}

export function parseEncryptedExtensions(body: Buffer): EncryptedExtensions | MalformedMessage {
  return guarded('EncryptedExtensions', body, (c) => {
    const extensions = readExtensions(c, false);
    const alpn = extension(extensions, ExtensionType.alpn, readProtocols);
    return {
      type: 'EncryptedExtensions',
      length: body.length,
      extensions: extensions.list,
      alpn: alpn?.[0] ?? null,
      serverNameAcknowledged: extensions.bodies.get(ExtensionType.serverName)?.length === 0,
      supportedGroups: extension(extensions, ExtensionType.supportedGroups, readGroups),
      earlyDataAccepted: extensions.bodies.has(ExtensionType.earlyData),
    };
  });
}

// ---------------------------------------------------------------------------
// Certificates

/** Certificate (RFC 5246 §7.4.2 for 'tls12', which TLS 1.0/1.1 share; RFC 8446 §4.4.2 for 'tls13'). */
export function parseCertificateMessage(body: Buffer, form: WireForm): CertificateMessage | MalformedMessage {
  return guarded('Certificate', body, (c) => {
    const tls13 = form === 'tls13';
    const requestContext = tls13 ? hex(c.vector(1, 'certificate_request_context')) : null;
    const list = c.sub(3, 'certificate_list');
    c.expectEnd('certificate_list');
    const certificates = list.each((entry): CertificateEntry => {
      const der = Buffer.from(entry.vector(3, 'certificate', 1));
      const extensions = tls13 ? readExtensionBlock(entry.sub(2, 'certificate entry extensions')).list : [];
      return { der, extensions };
    });
    return { type: 'Certificate', length: body.length, form: tls13 ? 'tls13' : 'tls12', requestContext, certificates };
  });
}

/** CertificateRequest (RFC 5246 §7.4.4, RFC 4346 §7.4.4 for 'tls10', RFC 8446 §4.3.2). */
export function parseCertificateRequest(body: Buffer, form: WireForm): CertificateRequest | MalformedMessage {
  return guarded('CertificateRequest', body, (c): CertificateRequest => {
    if (form === 'tls13') {
      const requestContext = hex(c.vector(1, 'certificate_request_context'));
      const extensions = readExtensions(c, false);
      return {
        type: 'CertificateRequest',
        length: body.length,
        form,
        certificateTypes: null,
        signatureAlgorithms: extension(extensions, ExtensionType.signatureAlgorithms, readSchemes),
        signatureAlgorithmsCert: extension(extensions, ExtensionType.signatureAlgorithmsCert, readSchemes),
        certificateAuthorities: extension(extensions, ExtensionType.certificateAuthorities, (e) => readAuthorities(e, 3)),
        requestContext,
        extensions: extensions.list,
      };
    }
    const certificateTypes = [...c.vector(1, 'certificate_types', 1)].map(clientCertificateTypeCode);
    const signatureAlgorithms = form === 'tls12' ? c.u16List(2, 'supported_signature_algorithms', 2).map(signatureSchemeCode) : null;
    const certificateAuthorities = readAuthorities(c, 0);
    c.expectEnd('certificate_authorities');
    return {
      type: 'CertificateRequest',
      length: body.length,
      form,
      certificateTypes,
      signatureAlgorithms,
      signatureAlgorithmsCert: null,
      certificateAuthorities,
      requestContext: null,
      extensions: [],
    };
  });
}

/** CertificateVerify (RFC 8446 §4.4.3; RFC 5246 §7.4.8, whose digitally-signed has the same layout). */
export function parseCertificateVerify(body: Buffer, form: WireForm): CertificateVerify | MalformedMessage {
  return guarded('CertificateVerify', body, (c) => {
    const algorithm = form === 'tls10' ? null : signatureSchemeCode(c.u16('algorithm'));
    const signature = c.vector(2, 'signature');
    c.expectEnd('the signature');
    return { type: 'CertificateVerify', length: body.length, algorithm, signatureLength: signature.length };
  });
}

// ---------------------------------------------------------------------------
// TLS 1.2 key exchange

/** The key exchange a TLS 1.2 cipher suite uses, from its IANA name; null when the suite is unknown. */
export function keyExchangeOf(cipherSuite: number): KeyExchange | null {
  const name = cipherSuiteCode(cipherSuite).name;
  if (!name || name === 'GREASE') return null;
  if (name.startsWith('TLS_ECDHE_')) return 'ecdhe';
  if (name.startsWith('TLS_DHE_')) return 'dhe';
  if (name.startsWith('TLS_RSA_')) return 'rsa';
  return 'other';
}

/** RFC 8422 §5.4 ECCurveType: only named_curve is still allowed. */
const NAMED_CURVE = 3;

/**
 * ServerKeyExchange for ECDHE (RFC 8422 §5.4) or DHE (RFC 5246 §7.4.3). Without `keyExchange`
 * (unknown suite) a body starting with curve_type named_curve is read as ECDHE.
 */
export function parseServerKeyExchange(body: Buffer, form: WireForm, keyExchange?: KeyExchange | null): ServerKeyExchange | MalformedMessage {
  return guarded('ServerKeyExchange', body, (c): ServerKeyExchange => {
    const kind = keyExchange ?? (body[0] === NAMED_CURVE ? 'ecdhe' : null);
    if (kind !== 'ecdhe' && kind !== 'dhe') throw new FieldError(`a ServerKeyExchange for key exchange '${kind ?? 'unknown'}' is not read`);
    let group: Code | null = null;
    let primeBits: number | null = null;
    let publicKey: Buffer;
    if (kind === 'ecdhe') {
      const curveType = c.u8('curve_type');
      if (curveType !== NAMED_CURVE) throw new FieldError(`curve_type ${curveType} is an explicit curve, which RFC 8422 §5.4 removed; only named_curve (3) is read`);
      group = namedGroupCode(c.u16('namedcurve'));
      publicKey = c.vector(1, 'ECPoint public', 1);
    } else {
      primeBits = bitLength(c.vector(2, 'dh_p', 1));
      c.vector(2, 'dh_g', 1);
      publicKey = c.vector(2, 'dh_Ys', 1);
    }
    const signatureAlgorithm = form === 'tls10' ? null : signatureSchemeCode(c.u16('signature algorithm'));
    const signature = c.vector(2, 'signature');
    c.expectEnd('the signature');
    return { type: 'ServerKeyExchange', length: body.length, keyExchange: kind, group, primeBits, publicKeyLength: publicKey.length, signatureAlgorithm, signatureLength: signature.length };
  });
}

function bitLength(bytes: Buffer): number {
  let i = 0;
  while (i < bytes.length && bytes[i] === 0) i++;
  if (i === bytes.length) return 0;
  return (bytes.length - i - 1) * 8 + (32 - Math.clz32(bytes[i]!));
}

// ---------------------------------------------------------------------------
// The rest

export function parseFinished(body: Buffer): Finished {
  return { type: 'Finished', length: body.length, verifyData: hex(body) };
}

/** NewSessionTicket (RFC 5077 §3.3 for 'tls12'/'tls10', RFC 8446 §4.6.1 for 'tls13'). */
export function parseNewSessionTicket(body: Buffer, form: WireForm): NewSessionTicket | MalformedMessage {
  return guarded('NewSessionTicket', body, (c): NewSessionTicket => {
    const lifetime = c.u32(form === 'tls13' ? 'ticket_lifetime' : 'ticket_lifetime_hint');
    if (form !== 'tls13') {
      const ticket = c.vector(2, 'ticket');
      c.expectEnd('the ticket');
      return { type: 'NewSessionTicket', length: body.length, form: 'tls12', lifetime, ticketLength: ticket.length, ageAdd: null, nonce: null, extensions: [] };
    }
    const ageAdd = c.u32('ticket_age_add');
    const nonce = hex(c.vector(1, 'ticket_nonce'));
    const ticket = c.vector(2, 'ticket', 1);
    const extensions = readExtensions(c, false);
    return { type: 'NewSessionTicket', length: body.length, form, lifetime, ticketLength: ticket.length, ageAdd, nonce, extensions: extensions.list };
  });
}

export function parseServerHelloDone(body: Buffer): ServerHelloDone | MalformedMessage {
  if (body.length !== 0) return { type: 'ServerHelloDone', length: body.length, error: `ServerHelloDone must be empty, it has ${body.length} bytes` };
  return { type: 'ServerHelloDone', length: 0 };
}

export function parseClientKeyExchange(body: Buffer): ClientKeyExchange {
  return { type: 'ClientKeyExchange', length: body.length };
}

/** An alert record's body: level and description (RFC 8446 §6). */
export function parseAlert(fragment: Buffer): Alert | MalformedMessage {
  if (fragment.length !== 2) return { type: 'Alert', length: fragment.length, error: `an alert is 2 bytes, this one is ${fragment.length}` };
  return { type: 'Alert', length: 2, level: alertLevelCode(fragment[0]!), description: fragment[1]! };
}

/** What the dispatcher needs to know about the connection to pick a layout. */
export interface ParseContext {
  form: WireForm;
  /** TLS 1.2 key exchange (from the ServerHello's suite, see keyExchangeOf); guessed when absent. */
  keyExchange?: KeyExchange | null;
}

const OTHER_TYPES = new Set<string>([
  'HelloRequest',
  'HelloVerifyRequest',
  'EndOfEarlyData',
  'CertificateUrl',
  'CertificateStatus',
  'SupplementalData',
  'KeyUpdate',
  'CompressedCertificate',
  'MessageHash',
]);

/** Parses any handshake message by its type. */
export function parseHandshakeMessage(message: HandshakeMessage, context: ParseContext): ParsedHandshake {
  const { body } = message;
  switch (message.type) {
    case HandshakeType.ClientHello:
      return parseClientHello(body);
    case HandshakeType.ServerHello:
      return parseServerHello(body);
    case HandshakeType.EncryptedExtensions:
      return parseEncryptedExtensions(body);
    case HandshakeType.Certificate:
      return parseCertificateMessage(body, context.form);
    case HandshakeType.CertificateRequest:
      return parseCertificateRequest(body, context.form);
    case HandshakeType.ServerKeyExchange:
      return parseServerKeyExchange(body, context.form, context.keyExchange);
    case HandshakeType.ServerHelloDone:
      return parseServerHelloDone(body);
    case HandshakeType.ClientKeyExchange:
      return parseClientKeyExchange(body);
    case HandshakeType.CertificateVerify:
      return parseCertificateVerify(body, context.form);
    case HandshakeType.Finished:
      return parseFinished(body);
    case HandshakeType.NewSessionTicket:
      return parseNewSessionTicket(body, context.form);
    default: {
      const name = HANDSHAKE_TYPES[message.type];
      const type = name && OTHER_TYPES.has(name) ? (name as OtherHandshake['type']) : 'Unknown';
      return { type, handshakeType: message.type, length: body.length };
    }
  }
}
