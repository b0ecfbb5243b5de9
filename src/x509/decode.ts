/**
 * One decoder for whatever users paste: PEM (many blocks, text around them, CRLF, a BOM,
 * TRUSTED CERTIFICATE), DER, PKCS#7 (PEM or DER), PKCS#12, PKCS#10 CSRs, private keys (PKCS#1,
 * PKCS#8, SEC1, encrypted PKCS#8, legacy PEM encryption) and public keys — detected by content,
 * never by file name. Throws DecodeError and nothing else.
 */
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { parseCertificate, readPublicKeyInfo, type Certificate, type PublicKeyInfo } from './certificate.js';
import { DecodeError, malformed, unsupported } from './decode-error.js';
import { bytesOf, childrenOf, contentOf, contextTag, oidOf, readNode, readWhole, sequence, TAG, type DerNode } from './der-reader.js';

/** Inputs larger than this are refused before decoding: certificate files are kilobytes, bundles rarely 1 MB. */
export const MAX_INPUT_BYTES = 16 * 1024 * 1024;

export interface DecodedKey {
  kind: 'private' | 'public';
  /** 'pkcs8', 'pkcs1', 'sec1', 'encrypted-pkcs8', 'pem-encrypted' (legacy Proc-Type), 'spki', 'pkcs1-public', 'pkcs12'. */
  format: string;
  encrypted: boolean;
  /** null when the key is encrypted and no password opened it. */
  key: PublicKeyInfo | null;
  /** The public key's SubjectPublicKeyInfo DER, for matching against certificates; null when unknown. */
  spki: Buffer | null;
}

export interface DecodedCsr {
  subject: string;
  sans: string[];
  key: PublicKeyInfo;
  signatureAlgorithm: string;
  spki: Buffer;
}

export interface Decoded {
  /** 'pem', 'der', 'pkcs7', 'pkcs12' or 'base64' (DER in bare base64). */
  container: string;
  certificates: Certificate[];
  keys: DecodedKey[];
  csrs: DecodedCsr[];
  /** Things read and skipped, said in a sentence ('skipped an X509 CRL block'). */
  notes: string[];
}

export interface DecodeOptions {
  /** Password for PKCS#12 and encrypted private keys; null = none given. */
  password?: string | null;
}

export async function decode(data: Buffer, options: DecodeOptions = {}): Promise<Decoded> {
  try {
    return await decodeAny(data, options.password ?? null);
  } catch (err) {
    if (err instanceof DecodeError) throw printable(err);
    // Hostile input can still reach an engine limit (a RangeError deep in a crypto call…):
    // it is bad input all the same. The original stays reachable as `cause` for debugging.
    const detail = err instanceof Error ? err.message : String(err);
    const wrapped = malformed(`the data is damaged and could not be read (${detail})`);
    Object.defineProperty(wrapped, 'cause', { value: err, writable: true, configurable: true, enumerable: false });
    throw printable(wrapped);
  }
}

/** Longest message a DecodeError carries: callers print it on one line after the input's name. */
const MAX_MESSAGE_LENGTH = 300;

/**
 * Messages quote bytes of the input (a broken base64 character, a bad time string): control
 * characters there would break the one-line message or drive the terminal (escape sequences),
 * so they are shown as \xNN; and no message grows past a line.
 */
function printable(err: DecodeError): DecodeError {
  // eslint-disable-next-line no-control-regex
  let message = err.message.replace(/[\x00-\x1f\x7f-\x9f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  if (message.length > MAX_MESSAGE_LENGTH) message = `${message.slice(0, MAX_MESSAGE_LENGTH - 1)}…`;
  if (!message.trim()) message = 'the data could not be read';
  if (message !== err.message) err.message = message;
  return err;
}

async function decodeAny(data: Buffer, password: string | null): Promise<Decoded> {
  if (data.length === 0) throw malformed('the input is empty');
  if (data.length > MAX_INPUT_BYTES) {
    throw malformed(`the input is ${(data.length / 1048576).toFixed(1)} MB, larger than the ${MAX_INPUT_BYTES / 1048576} MB mtlskit reads`);
  }
  const out: Decoded = { container: 'der', certificates: [], keys: [], csrs: [], notes: [] };
  // DER first: a binary structure may contain "-----BEGIN" by accident, PEM text never starts with 0x30.
  const top = data[0] === TAG.SEQUENCE ? tryReadNode(data) : null;
  if (top && top.end === data.length) {
    await decodeDer(data, out, password);
    return out;
  }
  const text = data.toString('latin1').replace(/^\xef\xbb\xbf/, '');
  if (text.includes('-----BEGIN')) {
    out.container = 'pem';
    await decodePem(text, out, password);
    return out;
  }
  if (top) return decodeConcatenatedDer(data, out, password);
  const bare = text.replace(/\s+/g, '');
  if (bare.length >= 64 && /^[A-Za-z0-9+/]+={0,2}$/.test(bare) && bare.length % 4 === 0) {
    out.container = 'base64';
    const der = Buffer.from(bare, 'base64');
    const node = readNode(der);
    if (node.end === der.length) await decodeDer(der, out, password);
    else await decodeConcatenatedDer(der, out, password);
    return out;
  }
  if (data[0] === TAG.SEQUENCE) {
    readNode(data); // throws the precise DER error (truncated, bad length …)
  }
  throw malformed(`not a certificate, key, CSR, PKCS#7 or PKCS#12 file: no PEM '-----BEGIN' line, and the data is not DER (it starts with byte 0x${data[0]!.toString(16).padStart(2, '0')})`);
}

function tryReadNode(data: Buffer): DerNode | null {
  try {
    return readNode(data);
  } catch {
    return null;
  }
}

/** Several DER certificates written back to back (`cat a.der b.der`). */
async function decodeConcatenatedDer(data: Buffer, out: Decoded, password: string | null): Promise<Decoded> {
  for (let pos = 0; pos < data.length; ) {
    // A trailing newline after DER (an editor's doing) is not worth an error. Checked byte by
    // byte: converting the rest to text for each of thousands of certificates is quadratic.
    if (onlyWhitespaceFrom(data, pos)) break;
    const node = readNode(data, pos);
    await decodeDer(bytesOf(node), out, password);
    pos = node.end;
  }
  return out;
}

/** True when every byte from `pos` on is ASCII white space (stops at the first other byte). */
function onlyWhitespaceFrom(data: Buffer, pos: number): boolean {
  for (let i = pos; i < data.length; i++) {
    const b = data[i]!;
    if (b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09 && b !== 0x0b && b !== 0x0c) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------
// PEM (RFC 7468)

const BEGIN = '-----BEGIN ';
const LABEL = /^([A-Z0-9 #]{1,64})-----/;
const SKIPPED_LABELS = new Set(['EC PARAMETERS', 'DH PARAMETERS', 'X9.42 DH PARAMETERS', 'DSA PARAMETERS']);

async function decodePem(text: string, out: Decoded, password: string | null): Promise<void> {
  let count = 0;
  // Found with indexOf rather than one big regular expression: bundles run to hundreds of KB.
  for (let at = text.indexOf(BEGIN); at >= 0; at = text.indexOf(BEGIN, at + 1)) {
    const label = LABEL.exec(text.slice(at + BEGIN.length, at + BEGIN.length + 70))?.[1];
    if (label === undefined) continue;
    count++;
    const where = `PEM block #${count} (${label})`;
    const bodyStart = at + BEGIN.length + label.length + 5;
    const end = text.indexOf('-----END ', bodyStart);
    if (end < 0) throw malformed(`${where} has no '-----END ${label}-----' line: the file is cut short`);
    const nextBegin = text.indexOf(BEGIN, bodyStart);
    if (nextBegin >= 0 && nextBegin < end) throw malformed(`${where} has no '-----END ${label}-----' line before the next block begins`);
    const endLabel = LABEL.exec(text.slice(end + 9, end + 9 + 70))?.[1];
    if (endLabel !== label) throw malformed(`${where} ends with '-----END ${endLabel ?? '?'}-----'`);
    const blockStart = at;
    const blockEnd = end + 9 + label.length + 5;
    at = blockEnd - 1;
    if (SKIPPED_LABELS.has(label)) continue;
    const { headers, bytes } = pemBody(text.slice(bodyStart, end), where);
    try {
      await decodePemBlock(label, bytes, headers, text.slice(blockStart, blockEnd), out, password);
    } catch (err) {
      if (err instanceof DecodeError) throw new DecodeError(err.reason, `${where}: ${err.message}`);
      throw err;
    }
  }
  if (count === 0) throw malformed("a '-----BEGIN' line was found but no complete PEM block");
}

function pemBody(body: string, where: string): { headers: boolean; bytes: Buffer } {
  // RFC 1421 headers (Proc-Type, DEK-Info) precede a blank line in legacy encrypted keys.
  const headers = /^\s*Proc-Type:/.test(body);
  const base64 = (headers ? body.replace(/^[\s\S]*?\r?\n\r?\n/, '') : body).replace(/\s+/g, '');
  if (base64.length === 0) throw malformed(`${where} is empty`);
  // Node's decoder skips characters outside the alphabet, so a short result means broken base64;
  // the slower pattern test only runs to say what is wrong.
  const bytes = Buffer.from(base64, 'base64');
  const padding = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0;
  if (base64.length % 4 !== 0 || bytes.length !== (base64.length / 4) * 3 - padding || !/^[^=]*={0,2}$/.test(base64)) {
    const bad = /[^A-Za-z0-9+/=]/.exec(base64);
    throw malformed(`${where} is not valid base64${bad ? ` (unexpected '${bad[0]}')` : ' (its length is not a multiple of 4)'}`);
  }
  return { headers, bytes };
}

async function decodePemBlock(label: string, bytes: Buffer, headers: boolean, block: string, out: Decoded, password: string | null) {
  switch (label) {
    case 'CERTIFICATE':
    case 'X509 CERTIFICATE':
      out.certificates.push(parseCertificate(bytes));
      return;
    case 'TRUSTED CERTIFICATE': {
      // OpenSSL's X509_AUX form: the certificate followed by trust settings.
      const node = readNode(bytes);
      out.certificates.push(parseCertificate(Buffer.from(bytesOf(node))));
      return;
    }
    case 'PKCS7':
    case 'CMS':
      readPkcs7(bytes, out);
      return;
    case 'CERTIFICATE REQUEST':
    case 'NEW CERTIFICATE REQUEST':
      await readCsr(bytes, out);
      return;
    case 'PRIVATE KEY':
      out.keys.push(privateKey(bytes, 'pkcs8', null, 'pkcs8'));
      return;
    case 'RSA PRIVATE KEY':
    case 'EC PRIVATE KEY':
      if (headers) {
        out.keys.push(legacyEncryptedKey(block, password));
        return;
      }
      out.keys.push(privateKey(bytes, label === 'RSA PRIVATE KEY' ? 'pkcs1' : 'sec1', null, label === 'RSA PRIVATE KEY' ? 'pkcs1' : 'sec1'));
      return;
    case 'ENCRYPTED PRIVATE KEY':
      out.keys.push(encryptedKey(bytes, password));
      return;
    case 'PUBLIC KEY':
      out.keys.push(publicKey(bytes, 'spki', 'spki'));
      return;
    case 'RSA PUBLIC KEY':
      out.keys.push(publicKey(bytes, 'pkcs1', 'pkcs1-public'));
      return;
    case 'PKCS12':
      await readPkcs12Container(bytes, out, password);
      return;
    case 'X509 CRL':
      out.notes.push('skipped an X509 CRL block (CRLs are not read)');
      return;
    default:
      out.notes.push(`skipped a '${label}' PEM block`);
  }
}

// ---------------------------------------------------------------------------
// DER, classified by shape

const OID_SIGNED_DATA = '1.2.840.113549.1.7.2';

async function decodeDer(der: Buffer, out: Decoded, password: string | null): Promise<void> {
  const top = readNode(der);
  if (top.tag !== TAG.SEQUENCE) throw malformed(`the DER data starts with tag 0x${top.tag.toString(16)}, not a SEQUENCE`);
  const parts = childrenOf(top);
  const [a, b, c] = parts;
  if (a?.tag === TAG.OID && oidOf(a) === OID_SIGNED_DATA) {
    if (out.container === 'der') out.container = 'pkcs7';
    readPkcs7(der, out);
    return;
  }
  if (a?.tag === TAG.INTEGER && b?.tag === TAG.SEQUENCE && contentOf(a).equals(Buffer.from([3]))) {
    const first = childrenOf(b)[0];
    if (first?.tag === TAG.OID) {
      await readPkcs12Container(der, out, password);
      return;
    }
  }
  if (parts.length === 3 && a?.tag === TAG.SEQUENCE && b?.tag === TAG.SEQUENCE && c?.tag === TAG.BIT_STRING) {
    const inner = childrenOf(a);
    if (inner.length >= 6) {
      out.certificates.push(parseCertificate(der));
      return;
    }
    await readCsr(der, out);
    return;
  }
  if (parts.length === 2 && a?.tag === TAG.SEQUENCE && b?.tag === TAG.BIT_STRING) {
    out.keys.push(publicKey(der, 'spki', 'spki'));
    return;
  }
  if (parts.length === 2 && a?.tag === TAG.SEQUENCE && b?.tag === TAG.OCTET_STRING) {
    out.keys.push(encryptedKey(der, password));
    return;
  }
  if (parts.length >= 3 && a?.tag === TAG.INTEGER && b?.tag === TAG.SEQUENCE && c?.tag === TAG.OCTET_STRING) {
    out.keys.push(privateKey(der, 'pkcs8', null, 'pkcs8'));
    return;
  }
  if (parts.length >= 9 && parts.every((p) => p.tag === TAG.INTEGER)) {
    out.keys.push(privateKey(der, 'pkcs1', null, 'pkcs1'));
    return;
  }
  if (parts.length >= 2 && a?.tag === TAG.INTEGER && b?.tag === TAG.OCTET_STRING) {
    out.keys.push(privateKey(der, 'sec1', null, 'sec1'));
    return;
  }
  if (parts.length === 2 && a?.tag === TAG.INTEGER && b?.tag === TAG.INTEGER) {
    out.keys.push(publicKey(der, 'pkcs1', 'pkcs1-public'));
    return;
  }
  throw unsupported('a DER structure that is not a certificate, PKCS#7, PKCS#12, CSR or key');
}

/** RFC 5652 §5.1: SignedData certificates [0] IMPLICIT CertificateSet. */
function readPkcs7(der: Buffer, out: Decoded): void {
  const [typeNode, contentNode] = sequence(readNode(der), 'PKCS#7 ContentInfo');
  const type = oidOf(typeNode, 'PKCS#7 content type');
  if (type !== OID_SIGNED_DATA) throw unsupported(`PKCS#7 content type ${type} holds no certificates (expected signedData)`);
  if (contentNode?.tag !== contextTag(0, true)) throw malformed('PKCS#7 ContentInfo has no [0] content');
  const signedData = sequence(childrenOf(contentNode)[0], 'PKCS#7 SignedData');
  const certificates = signedData.find((node) => node.tag === contextTag(0, true));
  let index = 0;
  for (const node of certificates ? childrenOf(certificates) : []) {
    index++;
    if (node.tag !== TAG.SEQUENCE) {
      out.notes.push(`skipped PKCS#7 certificate #${index}: not an X.509 certificate`);
      continue;
    }
    try {
      out.certificates.push(parseCertificate(Buffer.from(bytesOf(node))));
    } catch (err) {
      if (err instanceof DecodeError) throw new DecodeError(err.reason, `PKCS#7 certificate #${index}: ${err.message}`);
      throw err;
    }
  }
  if (index === 0) out.notes.push('the PKCS#7 structure holds no certificates');
}

async function readPkcs12Container(der: Buffer, out: Decoded, password: string | null): Promise<void> {
  const { readPkcs12 } = await import('./pkcs12-reader.js');
  const contents = readPkcs12(der, password);
  out.container = 'pkcs12';
  for (const bag of contents.certificates) out.certificates.push(parseCertificate(bag.der));
  for (const bag of contents.keys) out.keys.push({ ...privateKey(bag.der, 'pkcs8', null, 'pkcs12'), encrypted: contents.encryption.length > 0 });
}

async function readCsr(der: Buffer, out: Decoded): Promise<void> {
  const [{ parseCsr, CsrError }, { sanToString }] = await Promise.all([import('../pki/csr.js'), import('../pki/san.js')]);
  try {
    const csr = parseCsr(der);
    out.csrs.push({
      subject: csr.subject,
      sans: csr.sans.map(sanToString),
      key: keyInfoOf(csr.spkiDer),
      signatureAlgorithm: csr.signatureAlgorithm.name,
      spki: csr.spkiDer,
    });
  } catch (err) {
    if (err instanceof CsrError) throw new DecodeError(err.reason === 'malformed' ? 'malformed' : 'unsupported', `certificate request: ${err.message}`);
    throw err;
  }
}

// ---------------------------------------------------------------------------
// Keys, through Node's crypto (OpenSSL), which reads every format and key type

type KeyDerType = 'pkcs8' | 'pkcs1' | 'sec1';

function privateKey(der: Buffer, type: KeyDerType, passphrase: string | null, format: string): DecodedKey {
  let loaded: { info: PublicKeyInfo; spki: Buffer };
  try {
    loaded = describePrivateKey(createPrivateKey({ key: der, format: 'der', type, ...(passphrase === null ? {} : { passphrase }) }));
  } catch (err) {
    throw malformed(`not a readable ${format.toUpperCase()} private key (${cryptoReason(err)})`);
  }
  return { kind: 'private', format, encrypted: passphrase !== null, key: loaded.info, spki: loaded.spki };
}

/**
 * A loaded private key's type and size, read from its public half. OpenSSL loads some damaged keys
 * it cannot write back out (a SEC1 private scalar longer than the curve's order, for one), and
 * Node's asymmetricKeyDetails on such a key does not throw: it aborts the process (a CHECK in
 * node::crypto::GetEcKeyDetail). So the key must export (else it is refused as bad input), and its
 * details are read from its SubjectPublicKeyInfo, never from asymmetricKeyDetails.
 */
function describePrivateKey(key: KeyObject): { info: PublicKeyInfo; spki: Buffer } {
  key.export({ type: 'pkcs8', format: 'der' });
  const spki = publicSpki(key);
  return { info: keyInfoOf(spki), spki };
}

function encryptedKey(der: Buffer, password: string | null): DecodedKey {
  if (password === null) return { kind: 'private', format: 'encrypted-pkcs8', encrypted: true, key: null, spki: null };
  try {
    return { ...privateKey(der, 'pkcs8', password, 'encrypted-pkcs8'), format: 'encrypted-pkcs8' };
  } catch {
    throw new DecodeError('wrong-password', 'the password does not open the encrypted private key');
  }
}

function legacyEncryptedKey(pem: string, password: string | null): DecodedKey {
  if (password === null) return { kind: 'private', format: 'pem-encrypted', encrypted: true, key: null, spki: null };
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: 'pem', passphrase: password });
  } catch {
    throw new DecodeError('wrong-password', 'the password does not open the encrypted private key');
  }
  try {
    const { info, spki } = describePrivateKey(key);
    return { kind: 'private', format: 'pem-encrypted', encrypted: true, key: info, spki };
  } catch (err) {
    throw malformed(`the encrypted private key opens but is not a readable key (${cryptoReason(err)})`);
  }
}

function publicKey(der: Buffer, type: 'spki' | 'pkcs1', format: string): DecodedKey {
  try {
    const key = createPublicKey({ key: der, format: 'der', type });
    const spki = publicSpki(key);
    return { kind: 'public', format, encrypted: false, key: keyInfoOf(spki), spki };
  } catch (err) {
    throw malformed(`not a readable public key (${cryptoReason(err)})`);
  }
}

/** Type, size and curve read from the SubjectPublicKeyInfo, by the same code as certificates' keys. */
const keyInfoOf = (spki: Buffer): PublicKeyInfo => readPublicKeyInfo(readWhole(spki, 'public key'));

function publicSpki(key: KeyObject): Buffer {
  return (key.type === 'private' ? createPublicKey(key) : key).export({ type: 'spki', format: 'der' });
}

function cryptoReason(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.replace(/^error:[0-9A-F]+:[^:]*:[^:]*:/i, '').slice(0, 120);
}
