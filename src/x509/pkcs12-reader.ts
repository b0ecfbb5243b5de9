/**
 * PKCS#12 (PFX, RFC 7292) reader: certificates and private keys out of a .p12/.pfx file.
 *
 *   PFX ::= SEQUENCE { version INTEGER (3), authSafe ContentInfo, macData MacData OPTIONAL }
 *   authSafe (data) -> AuthenticatedSafe ::= SEQUENCE OF ContentInfo (data or encryptedData)
 *     -> SafeContents ::= SEQUENCE OF SafeBag { bagId, [0] EXPLICIT bagValue, SET OF attributes }
 *
 * The work is done in three passes so that failures get the right reason: first the whole outer
 * structure is read and every outer encryption algorithm resolved (malformed / unsupported), then
 * the MAC is checked (wrong password), and only then is anything decrypted. Every input ends in the
 * returned contents or a DecodeError, nothing else: the DER reader checks every length, nesting and
 * iteration counts are capped, and exceptions from crypto are turned into DecodeErrors.
 *
 * Passwords (RFC 7292 B.1): the PKCS#12 KDF (MAC, pbeWithSHAAnd… ciphers) takes the password as a
 * BMPString with a two-zero-byte terminator; PBES2 takes its UTF-8 bytes, as OpenSSL does.
 */
import { createDecipheriv, createHmac, pbkdf2Sync, timingSafeEqual } from 'node:crypto';
import forge from 'node-forge';
import { DecodeError, malformed, unsupported } from './decode-error.js';
import {
  bytesOf,
  checkTree,
  childrenOf,
  contentOf,
  contextTag,
  expectTag,
  integerBytes,
  octetsOf,
  oidOf,
  readNode,
  readWhole,
  sequence,
  smallInteger,
  stringOf,
  TAG,
  type DerNode,
} from './der-reader.js';
import { DIGESTS } from './oids.js';
import { bmpPassword, pkcs12HashLength, pkcs12Kdf, pkcs12KdfBlocks, type Pkcs12KdfHash } from './pkcs12-kdf.js';

export interface Pkcs12Bag {
  der: Buffer;
  friendlyName: string | null;
  localKeyId: Buffer | null;
}

export interface Pkcs12Contents {
  /** Certificate DERs in bag order. */
  certificates: Pkcs12Bag[];
  /** Private keys as unencrypted PKCS#8 PrivateKeyInfo DER (from keyBag or pkcs8ShroudedKeyBag). */
  keys: Pkcs12Bag[];
  /** Human-readable descriptions of the protections met, in order, deduplicated, e.g.
   *  'PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC)', 'pbeWithSHAAnd3-KeyTripleDES-CBC', 'pbeWithSHAAnd40BitRC2-CBC'. */
  encryption: string[];
  /** 'HMAC-SHA256', 'HMAC-SHA1', … or null when the file has no MAC. */
  mac: string | null;
}

// ---------------------------------------------------------------------------
// Object identifiers and limits

const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  envelopedData: '1.2.840.113549.1.7.3',
  encryptedData: '1.2.840.113549.1.7.6',
  keyBag: '1.2.840.113549.1.12.10.1.1',
  pkcs8ShroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  certBag: '1.2.840.113549.1.12.10.1.3',
  safeContentsBag: '1.2.840.113549.1.12.10.1.6',
  x509Certificate: '1.2.840.113549.1.9.22.1',
  friendlyName: '1.2.840.113549.1.9.20',
  localKeyId: '1.2.840.113549.1.9.21',
  pbes2: '1.2.840.113549.1.5.13',
  pbkdf2: '1.2.840.113549.1.5.12',
  pbmac1: '1.2.840.113549.1.5.14',
} as const;

/** The PKCS#12 PBE schemes (RFC 7292 appendix C), all with the PKCS#12 KDF over SHA-1. */
const PKCS12_PBE: Record<string, { name: string; cipher: 'des-ede3-cbc' | 'rc2'; keyLength: number; rc2Bits?: number } | { name: string; cipher: null }> = {
  '1.2.840.113549.1.12.1.1': { name: 'pbeWithSHAAnd128BitRC4', cipher: null },
  '1.2.840.113549.1.12.1.2': { name: 'pbeWithSHAAnd40BitRC4', cipher: null },
  '1.2.840.113549.1.12.1.3': { name: 'pbeWithSHAAnd3-KeyTripleDES-CBC', cipher: 'des-ede3-cbc', keyLength: 24 },
  '1.2.840.113549.1.12.1.4': { name: 'pbeWithSHAAnd2-KeyTripleDES-CBC', cipher: 'des-ede3-cbc', keyLength: 16 },
  '1.2.840.113549.1.12.1.5': { name: 'pbeWithSHAAnd128BitRC2-CBC', cipher: 'rc2', keyLength: 16, rc2Bits: 128 },
  '1.2.840.113549.1.12.1.6': { name: 'pbeWithSHAAnd40BitRC2-CBC', cipher: 'rc2', keyLength: 5, rc2Bits: 40 },
};

/** PKCS#5 v1.5 PBES1 schemes: named in the error, not read. */
const PBES1_NAMES: Record<string, string> = {
  '1.2.840.113549.1.5.1': 'pbeWithMD2AndDES-CBC',
  '1.2.840.113549.1.5.3': 'pbeWithMD5AndDES-CBC',
  '1.2.840.113549.1.5.4': 'pbeWithMD2AndRC2-CBC',
  '1.2.840.113549.1.5.6': 'pbeWithMD5AndRC2-CBC',
  '1.2.840.113549.1.5.10': 'pbeWithSHA1AndDES-CBC',
  '1.2.840.113549.1.5.11': 'pbeWithSHA1AndRC2-CBC',
};

/** PBKDF2 PRFs (RFC 8018 appendix B.1). */
const PBKDF2_PRF: Record<string, { hash: string; name: string }> = {
  '1.2.840.113549.2.7': { hash: 'sha1', name: 'HMAC-SHA1' },
  '1.2.840.113549.2.8': { hash: 'sha224', name: 'HMAC-SHA224' },
  '1.2.840.113549.2.9': { hash: 'sha256', name: 'HMAC-SHA256' },
  '1.2.840.113549.2.10': { hash: 'sha384', name: 'HMAC-SHA384' },
  '1.2.840.113549.2.11': { hash: 'sha512', name: 'HMAC-SHA512' },
  '1.2.840.113549.2.12': { hash: 'sha512-224', name: 'HMAC-SHA512/224' },
  '1.2.840.113549.2.13': { hash: 'sha512-256', name: 'HMAC-SHA512/256' },
};

/** PBES2 encryption schemes (RFC 8018 appendix B.2, RFC 3565). */
const PBES2_CIPHER: Record<string, { cipher: string; name: string; keyLength: number; ivLength: number }> = {
  '2.16.840.1.101.3.4.1.2': { cipher: 'aes-128-cbc', name: 'AES-128-CBC', keyLength: 16, ivLength: 16 },
  '2.16.840.1.101.3.4.1.22': { cipher: 'aes-192-cbc', name: 'AES-192-CBC', keyLength: 24, ivLength: 16 },
  '2.16.840.1.101.3.4.1.42': { cipher: 'aes-256-cbc', name: 'AES-256-CBC', keyLength: 32, ivLength: 16 },
  '1.2.840.113549.3.7': { cipher: 'des-ede3-cbc', name: 'DES-EDE3-CBC', keyLength: 24, ivLength: 8 },
};

/** MAC digest algorithms used with the PKCS#12 KDF: every digest of oids.ts, as HMAC. */
const MAC_DIGEST: Record<string, { hash: Pkcs12KdfHash; name: string }> = Object.fromEntries(
  Object.entries(DIGESTS).map(([oid, hash]) => [oid, { hash, name: `HMAC-${hash.toUpperCase().replace('-', '/')}` }]),
);

/**
 * Largest iteration count accepted for the MAC, PBKDF2 and the PKCS#12 KDF. Writers use 2,048
 * (OpenSSL), 10,000 (Java, mtlskit) up to a few 100,000; a mutated or hostile count must not
 * keep inspect busy for minutes.
 */
const MAX_ITERATIONS = 1_000_000;
/** Nesting of safeContentsBags inside SafeContents. */
const MAX_BAG_DEPTH = 8;
/** Bags, ContentInfos and encrypted items a file may hold (each costs a key derivation at most). */
const MAX_ITEMS = 10_000;
/**
 * Hash iterations (all key derivations of one file summed, each PKCS#12 KDF output block counted)
 * before giving up, so a hostile file cannot keep us busy: a few seconds at worst.
 */
const MAX_TOTAL_ITERATIONS = 4_000_000;

// ---------------------------------------------------------------------------
// Public API

/** Cheap structural sniff (no crypto): SEQUENCE { INTEGER 3, SEQUENCE { OID pkcs7-data or pkcs7-signedData, … } … }. Never throws. */
export function looksLikePkcs12(der: Buffer): boolean {
  try {
    if (!Buffer.isBuffer(der) || der.length < 8 || der[0] !== TAG.SEQUENCE) return false;
    const pfx = readNode(der, 0, der.length);
    const first = readNode(der, pfx.contentStart, pfx.contentEnd);
    if (first.tag !== TAG.INTEGER || !contentOf(first).equals(Buffer.from([3]))) return false;
    const authSafe = readNode(der, first.end, pfx.contentEnd);
    if (authSafe.tag !== TAG.SEQUENCE) return false;
    const type = readNode(der, authSafe.contentStart, authSafe.contentEnd);
    if (type.tag !== TAG.OID) return false;
    const oid = oidOf(type);
    return oid === OID.data || oid === OID.signedData;
  } catch {
    return false;
  }
}

/** password null = none given: then try the empty password (both the zero-length and the BMP-terminator-only encodings) and throw 'password-required' if the file needs a real one. */
export function readPkcs12(der: Buffer, password: string | null): Pkcs12Contents {
  try {
    return new Reader(password).read(der);
  } catch (err) {
    if (err instanceof DecodeError) throw err;
    if (err instanceof RangeError && /call stack/i.test(err.message)) throw malformed('the PKCS#12 structure is nested too deeply');
    throw malformed(`the PKCS#12 file could not be read (${err instanceof Error ? err.message : String(err)})`);
  }
}

// ---------------------------------------------------------------------------
// Passwords

interface PasswordForm {
  /** For the PKCS#12 KDF. */
  bmp: Buffer;
  /** For PBKDF2. */
  utf8: Buffer;
}

function passwordForms(password: string | null): PasswordForm[] {
  if (password === null || password === '') {
    // The empty password: OpenSSL writes the terminator-only BMPString, some writers a zero-length one.
    return [
      { bmp: Buffer.alloc(2), utf8: Buffer.alloc(0) },
      { bmp: Buffer.alloc(0), utf8: Buffer.alloc(0) },
    ];
  }
  const utf8 = Buffer.from(password, 'utf8');
  const forms = [{ bmp: bmpPassword(password), utf8 }];
  // OpenSSL before 1.1.0 widened each UTF-8 byte to 16 bits instead of converting to UTF-16.
  const widened = Buffer.alloc(utf8.length * 2 + 2);
  utf8.forEach((b, i) => (widened[i * 2 + 1] = b));
  if (!widened.equals(forms[0]!.bmp)) forms.push({ bmp: widened, utf8 });
  return forms;
}

// ---------------------------------------------------------------------------
// Encryption schemes, resolved before anything is decrypted

type Scheme =
  | { kind: 'pkcs12-pbe'; name: string; cipher: 'des-ede3-cbc' | 'rc2'; keyLength: number; rc2Bits: number; salt: Buffer; iterations: number }
  | { kind: 'pbes2'; name: string; prf: string; cipher: string; keyLength: number; iv: Buffer; salt: Buffer; iterations: number };

/** Iteration counts: positive, and at most MAX_ITERATIONS. */
function iterationsOf(node: DerNode | undefined, what: string): number {
  const bytes = integerBytes(node, what);
  if (bytes[0]! & 0x80) throw malformed(`${what} is negative`);
  let first = 0;
  while (first < bytes.length && bytes[first] === 0) first++;
  const significant = bytes.subarray(first);
  if (significant.length > 4) throw unsupported(`${what} is more than ${MAX_ITERATIONS}`);
  const n = significant.length === 0 ? 0 : significant.readUIntBE(0, significant.length);
  if (n < 1) throw malformed(`${what} is ${n}`);
  if (n > MAX_ITERATIONS) throw unsupported(`${what} ${n} is more than ${MAX_ITERATIONS}`);
  return n;
}

/** AlgorithmIdentifier ::= SEQUENCE { algorithm OID, parameters ANY OPTIONAL } */
function algorithmOf(node: DerNode | undefined, what: string): { oid: string; params: DerNode | undefined } {
  const parts = sequence(node, what);
  if (parts.length < 1 || parts.length > 2) throw malformed(`${what} has ${parts.length} parts`);
  return { oid: oidOf(parts[0], `${what} OID`), params: parts[1] };
}

function resolveScheme(node: DerNode | undefined): Scheme {
  const { oid, params } = algorithmOf(node, 'the encryption algorithm');
  const pbe = PKCS12_PBE[oid];
  if (pbe) {
    if (!pbe.cipher) throw unsupported(`unsupported PKCS#12 encryption algorithm ${pbe.name}`);
    // pkcs-12PbeParams ::= SEQUENCE { salt OCTET STRING, iterations INTEGER }
    const [salt, iterations] = sequence(params, `the ${pbe.name} parameters`);
    return {
      kind: 'pkcs12-pbe',
      name: pbe.name,
      cipher: pbe.cipher,
      keyLength: pbe.keyLength,
      rc2Bits: pbe.rc2Bits ?? 0,
      salt: octetsOf(salt, `the ${pbe.name} salt`),
      iterations: iterationsOf(iterations, `the ${pbe.name} iteration count`),
    };
  }
  if (oid === OID.pbes2) return resolvePbes2(params);
  if (PBES1_NAMES[oid]) throw unsupported(`unsupported PKCS#12 encryption algorithm ${PBES1_NAMES[oid]} (PKCS#5 v1.5)`);
  throw unsupported(`unsupported PKCS#12 encryption algorithm ${oid}`);
}

/** PBES2-params ::= SEQUENCE { keyDerivationFunc AlgorithmIdentifier, encryptionScheme AlgorithmIdentifier } (RFC 8018). */
function resolvePbes2(params: DerNode | undefined): Scheme {
  const [kdfNode, encNode] = sequence(params, 'the PBES2 parameters');
  const kdf = algorithmOf(kdfNode, 'the PBES2 key derivation function');
  if (kdf.oid !== OID.pbkdf2) throw unsupported(`unsupported PBES2 key derivation function ${kdf.oid}`);
  const enc = algorithmOf(encNode, 'the PBES2 encryption scheme');
  const cipher = PBES2_CIPHER[enc.oid];
  if (!cipher) throw unsupported(`unsupported PBES2 cipher ${enc.oid}`);
  const iv = octetsOf(enc.params, `the ${cipher.name} IV`);
  if (iv.length !== cipher.ivLength) throw malformed(`the ${cipher.name} IV is ${iv.length} bytes, expected ${cipher.ivLength}`);

  // PBKDF2-params ::= SEQUENCE { salt CHOICE { specified OCTET STRING, … }, iterationCount INTEGER,
  //                              keyLength INTEGER OPTIONAL, prf AlgorithmIdentifier DEFAULT hmacWithSHA1 }
  const parts = sequence(kdf.params, 'the PBKDF2 parameters');
  if (parts[0]?.tag !== TAG.OCTET_STRING && parts[0]?.tag !== (TAG.OCTET_STRING | 0x20)) {
    throw unsupported('PBKDF2 with a salt other than an OCTET STRING is not supported');
  }
  const salt = octetsOf(parts[0], 'the PBKDF2 salt');
  const iterations = iterationsOf(parts[1], 'the PBKDF2 iteration count');
  let next = 2;
  if (parts[next]?.tag === TAG.INTEGER) {
    const keyLength = smallInteger(parts[next], 'the PBKDF2 key length');
    if (keyLength !== cipher.keyLength) throw malformed(`the PBKDF2 key length ${keyLength} does not fit ${cipher.name}`);
    next++;
  }
  let prf = PBKDF2_PRF['1.2.840.113549.2.7']!;
  if (parts[next]) {
    const prfOid = algorithmOf(parts[next], 'the PBKDF2 PRF').oid;
    const known = PBKDF2_PRF[prfOid];
    if (!known) throw unsupported(`unsupported PBKDF2 PRF ${prfOid}`);
    prf = known;
    next++;
  }
  if (parts.length > next) throw malformed('the PBKDF2 parameters have unexpected fields');
  return {
    kind: 'pbes2',
    name: `PBES2 (PBKDF2-${prf.name}, ${cipher.name})`,
    prf: prf.hash,
    cipher: cipher.cipher,
    keyLength: cipher.keyLength,
    iv,
    salt,
    iterations,
  };
}

// ---------------------------------------------------------------------------
// Decryption

/** Hash iterations one decryption attempt costs (the PKCS#12 KDF runs once per output block of key and IV). */
function schemeCost(scheme: Scheme): number {
  if (scheme.kind === 'pbes2') return scheme.iterations;
  return (pkcs12KdfBlocks('sha1', scheme.keyLength) + pkcs12KdfBlocks('sha1', 8)) * scheme.iterations;
}

/** Removes PKCS#7 padding; null when it is not valid (the usual sign of a wrong key). */
function unpad(plain: Buffer, blockSize: number): Buffer | null {
  if (plain.length === 0 || plain.length % blockSize !== 0) return null;
  const n = plain[plain.length - 1]!;
  if (n < 1 || n > blockSize) return null;
  for (let i = plain.length - n; i < plain.length; i++) if (plain[i] !== n) return null;
  return plain.subarray(0, plain.length - n);
}

function rc2Decrypt(key: Buffer, iv: Buffer, bits: number, ciphertext: Buffer): Buffer {
  const cipher = forge.rc2.createDecryptionCipher(forge.util.createBuffer(key.toString('binary')), bits);
  cipher.start(forge.util.createBuffer(iv.toString('binary')));
  cipher.update(forge.util.createBuffer(ciphertext.toString('binary')));
  // Our own padding check below: forge's only looks at the last byte.
  cipher.finish(() => true);
  return Buffer.from(cipher.output.getBytes(), 'binary');
}

/** Raw (unpadded) decryption with Node's crypto; `key` already expanded to the cipher's length. */
function nodeDecrypt(cipher: string, key: Buffer, iv: Buffer, ciphertext: Buffer): Buffer {
  const decipher = createDecipheriv(cipher, key, iv);
  decipher.setAutoPadding(false);
  return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
}

/** The plaintext of one encrypted item with one password form, or null when the padding says the key is wrong. */
function decryptOnce(scheme: Scheme, password: PasswordForm, ciphertext: Buffer): Buffer | null {
  const blockSize = scheme.kind === 'pbes2' ? scheme.iv.length : 8;
  if (ciphertext.length === 0 || ciphertext.length % blockSize !== 0) {
    throw malformed(`the encrypted content is ${ciphertext.length} bytes, not a multiple of the ${blockSize}-byte cipher block`);
  }
  let plain: Buffer;
  if (scheme.kind === 'pbes2') {
    const key = pbkdf2Sync(password.utf8, scheme.salt, scheme.iterations, scheme.keyLength, scheme.prf);
    plain = nodeDecrypt(scheme.cipher, key, scheme.iv, ciphertext);
  } else {
    let key = pkcs12Kdf('sha1', password.bmp, scheme.salt, 1, scheme.iterations, scheme.keyLength);
    const iv = pkcs12Kdf('sha1', password.bmp, scheme.salt, 2, scheme.iterations, 8);
    if (scheme.cipher === 'rc2') {
      plain = rc2Decrypt(key, iv, scheme.rc2Bits, ciphertext);
    } else {
      // Two-key 3DES is K1 K2 K1.
      if (key.length === 16) key = Buffer.concat([key, key.subarray(0, 8)]);
      plain = nodeDecrypt('des-ede3-cbc', key, iv, ciphertext);
    }
  }
  return unpad(plain, blockSize);
}

/** True when `plain` is exactly one well-formed DER SEQUENCE (how a right key shows when there is no MAC). */
function isDerSequence(plain: Buffer): boolean {
  try {
    const node = readWhole(plain, 'decrypted content');
    if (node.tag !== TAG.SEQUENCE) return false;
    checkTree(node);
    return true;
  } catch (err) {
    if (err instanceof DecodeError) return false;
    throw err;
  }
}

// ---------------------------------------------------------------------------
// The reader

type AuthSafeItem = { kind: 'data'; safeContents: Buffer } | { kind: 'encrypted'; scheme: Scheme; ciphertext: Buffer };

class Reader {
  private readonly passwordGiven: boolean;
  private forms: PasswordForm[];
  private macVerified = false;
  private items = 0;
  private iterationBudget = MAX_TOTAL_ITERATIONS;
  private readonly out: Pkcs12Contents = { certificates: [], keys: [], encryption: [], mac: null };

  constructor(password: string | null) {
    if (password !== null && typeof password !== 'string') throw malformed('the PKCS#12 password must be a string');
    this.passwordGiven = password !== null;
    this.forms = passwordForms(password);
  }

  read(der: Buffer): Pkcs12Contents {
    if (!Buffer.isBuffer(der)) throw malformed('the PKCS#12 data is not a buffer');
    // Pass 1: structure, and every outer algorithm resolved.
    const pfx = sequence(readWhole(der, 'PKCS#12 file'), 'the PFX');
    if (pfx.length < 2 || pfx.length > 3) throw malformed(`the PFX has ${pfx.length} fields, expected 2 or 3`);
    const version = smallInteger(pfx[0], 'the PFX version');
    if (version !== 3) throw unsupported(`PKCS#12 version ${version} (only version 3 is read)`);
    const authSafeContent = this.authSafeContent(pfx[1]);
    const items = sequence(readWhole(authSafeContent, 'AuthenticatedSafe'), 'the AuthenticatedSafe').map((ci) => this.authSafeItem(ci));
    const mac = pfx[2] ? this.resolveMac(pfx[2]) : null;
    // Refuse at once a file whose visible key derivations alone would exceed the budget.
    const visibleCost =
      (mac?.iterations ?? 0) + items.reduce((sum, item) => sum + (item.kind === 'encrypted' ? schemeCost(item.scheme) : 0), 0);
    if (visibleCost > MAX_TOTAL_ITERATIONS) throw this.overBudget();

    // Pass 2: integrity.
    if (mac) {
      this.out.mac = mac.name;
      this.verifyMac(mac, authSafeContent);
    }

    // Pass 3: contents.
    for (const item of items) {
      if (item.kind === 'data') this.readSafeContents(item.safeContents, 0);
      else this.readSafeContents(this.decrypt(item.scheme, item.ciphertext, 'the encrypted contents'), 0);
    }
    return this.out;
  }

  private countItem(): void {
    if (++this.items > MAX_ITEMS) throw unsupported(`the PKCS#12 file holds more than ${MAX_ITEMS} items`);
  }

  /** authSafe ContentInfo: data → the OCTET STRING contents (the bytes the MAC covers). */
  private authSafeContent(node: DerNode | undefined): Buffer {
    const [typeNode, content, ...rest] = sequence(node, 'the PFX authSafe');
    const type = oidOf(typeNode, 'the authSafe content type');
    if (type === OID.signedData) throw unsupported('PKCS#12 files in public-key integrity mode (signedData) are not supported');
    if (type !== OID.data) throw malformed(`the authSafe content type is ${type}, expected pkcs7-data`);
    if (rest.length) throw malformed('the authSafe ContentInfo has unexpected fields');
    const [octets, ...more] = childrenOf(expectTag(content, contextTag(0, true), 'the authSafe content'));
    if (more.length) throw malformed('the authSafe content has unexpected elements');
    return octetsOf(octets, 'the authSafe content');
  }

  /** One ContentInfo of the AuthenticatedSafe. */
  private authSafeItem(node: DerNode): AuthSafeItem {
    this.countItem();
    const [typeNode, content, ...rest] = sequence(node, 'an AuthenticatedSafe ContentInfo');
    if (rest.length) throw malformed('an AuthenticatedSafe ContentInfo has unexpected fields');
    const type = oidOf(typeNode, 'the ContentInfo content type');
    if (type === OID.envelopedData) throw unsupported('PKCS#12 contents encrypted to a public key (envelopedData) are not supported');
    if (type !== OID.data && type !== OID.encryptedData) throw unsupported(`unsupported PKCS#12 content type ${type}`);
    if (!content) {
      if (type === OID.data) return { kind: 'data', safeContents: Buffer.from([TAG.SEQUENCE, 0]) };
      throw malformed('an encryptedData ContentInfo has no content');
    }
    const inner = childrenOf(expectTag(content, contextTag(0, true), 'the ContentInfo content'));
    if (inner.length !== 1) throw malformed('the ContentInfo content must hold one element');
    if (type === OID.data) return { kind: 'data', safeContents: octetsOf(inner[0], 'the data content') };

    // EncryptedData ::= SEQUENCE { version INTEGER, encryptedContentInfo EncryptedContentInfo, unprotectedAttrs [1] IMPLICIT OPTIONAL }
    // EncryptedContentInfo ::= SEQUENCE { contentType OID, contentEncryptionAlgorithm, encryptedContent [0] IMPLICIT OCTET STRING OPTIONAL }
    const [versionNode, eci] = sequence(inner[0], 'the EncryptedData');
    smallInteger(versionNode, 'the EncryptedData version');
    const [contentType, algorithm, encrypted] = sequence(eci, 'the EncryptedContentInfo');
    const innerType = oidOf(contentType, 'the encrypted content type');
    if (innerType !== OID.data) throw malformed(`the encrypted content type is ${innerType}, expected pkcs7-data`);
    const scheme = resolveScheme(algorithm);
    if (!encrypted) throw unsupported('detached PKCS#12 encrypted content is not supported');
    return { kind: 'encrypted', scheme, ciphertext: implicitOctets(encrypted, 'the encrypted content') };
  }

  private resolveMac(node: DerNode): { hash: Pkcs12KdfHash; name: string; digest: Buffer; salt: Buffer; iterations: number } {
    // MacData ::= SEQUENCE { mac DigestInfo, macSalt OCTET STRING, iterations INTEGER DEFAULT 1 }
    const [digestInfo, saltNode, iterationsNode, ...rest] = sequence(node, 'the MacData');
    if (rest.length) throw malformed('the MacData has unexpected fields');
    const [algorithm, digestNode, ...more] = sequence(digestInfo, 'the MAC DigestInfo');
    if (more.length) throw malformed('the MAC DigestInfo has unexpected fields');
    const { oid } = algorithmOf(algorithm, 'the MAC algorithm');
    if (oid === OID.pbmac1) throw unsupported('PBMAC1 MACs (RFC 9579) are not supported');
    const digest = MAC_DIGEST[oid];
    if (!digest) throw unsupported(`unsupported PKCS#12 MAC digest algorithm ${oid}`);
    const mac = octetsOf(digestNode, 'the MAC');
    if (mac.length !== pkcs12HashLength(digest.hash)) {
      throw malformed(`the ${digest.name} MAC is ${mac.length} bytes, expected ${pkcs12HashLength(digest.hash)}`);
    }
    return {
      ...digest,
      digest: mac,
      salt: octetsOf(saltNode, 'the MAC salt'),
      iterations: iterationsNode ? iterationsOf(iterationsNode, 'the MAC iteration count') : 1,
    };
  }

  private spend(iterations: number): void {
    this.iterationBudget -= iterations;
    if (this.iterationBudget < 0) throw this.overBudget();
  }

  private overBudget(): DecodeError {
    return unsupported(`the PKCS#12 file asks for more than ${MAX_TOTAL_ITERATIONS} key-derivation iterations in all`);
  }

  private verifyMac(mac: { hash: Pkcs12KdfHash; digest: Buffer; salt: Buffer; iterations: number }, content: Buffer): void {
    const length = pkcs12HashLength(mac.hash);
    for (const form of this.forms) {
      this.spend(mac.iterations);
      const key = pkcs12Kdf(mac.hash, form.bmp, mac.salt, 3, mac.iterations, length);
      const computed = createHmac(mac.hash, key).update(content).digest();
      if (timingSafeEqual(computed, mac.digest)) {
        this.macVerified = true;
        // The form that opened the MAC is the one to try first for decryption.
        this.forms = [form, ...this.forms.filter((f) => f !== form)];
        return;
      }
    }
    if (!this.passwordGiven) throw new DecodeError('password-required', 'the PKCS#12 file needs a password (the MAC does not verify with an empty one)');
    throw new DecodeError('wrong-password', 'the PKCS#12 password is wrong (the MAC does not verify)');
  }

  /** Decrypts with each password form; the plaintext must unpad and be one DER SEQUENCE. */
  private decrypt(scheme: Scheme, ciphertext: Buffer, what: string): Buffer {
    this.countItem();
    if (!this.out.encryption.includes(scheme.name)) this.out.encryption.push(scheme.name);
    const tried = new Set<string>();
    for (const form of this.forms) {
      // PBES2 uses only the UTF-8 form: no need to try it twice.
      const id = scheme.kind === 'pbes2' ? form.utf8.toString('hex') : form.bmp.toString('hex');
      if (tried.has(id)) continue;
      tried.add(id);
      this.spend(schemeCost(scheme));
      let plain: Buffer | null;
      try {
        plain = decryptOnce(scheme, form, ciphertext);
      } catch (err) {
        if (err instanceof DecodeError) throw err;
        throw malformed(`${what} could not be decrypted (${err instanceof Error ? err.message : String(err)})`);
      }
      if (plain && isDerSequence(plain)) return plain;
    }
    const why = this.macVerified ? ', although it verifies the MAC' : '';
    if (!this.passwordGiven) {
      throw new DecodeError('password-required', `the PKCS#12 file needs a password (the empty one does not decrypt ${what}${why})`);
    }
    throw new DecodeError('wrong-password', `the PKCS#12 password is wrong (it does not decrypt ${what}${why})`);
  }

  /** SafeContents ::= SEQUENCE OF SafeBag */
  private readSafeContents(der: Buffer, depth: number): void {
    for (const bag of sequence(readWhole(der, 'SafeContents'), 'the SafeContents')) this.readBag(bag, depth);
  }

  /** SafeBag ::= SEQUENCE { bagId OID, bagValue [0] EXPLICIT ANY, bagAttributes SET OF PKCS12Attribute OPTIONAL } */
  private readBag(node: DerNode, depth: number): void {
    this.countItem();
    const [idNode, valueNode, attributesNode, ...rest] = sequence(node, 'a SafeBag');
    if (rest.length) throw malformed('a SafeBag has unexpected fields');
    const bagId = oidOf(idNode, 'the SafeBag type');
    const values = childrenOf(expectTag(valueNode, contextTag(0, true), 'the SafeBag value'));
    if (values.length !== 1) throw malformed('the SafeBag value must hold one element');
    const value = values[0]!;
    switch (bagId) {
      case OID.keyBag: {
        expectTag(value, TAG.SEQUENCE, 'the keyBag PrivateKeyInfo');
        checkTree(value);
        this.out.keys.push({ der: Buffer.from(bytesOf(value)), ...attributesOf(attributesNode) });
        return;
      }
      case OID.pkcs8ShroudedKeyBag: {
        // EncryptedPrivateKeyInfo ::= SEQUENCE { encryptionAlgorithm AlgorithmIdentifier, encryptedData OCTET STRING }
        const attributes = attributesOf(attributesNode);
        const [algorithm, data, ...more] = sequence(value, 'the EncryptedPrivateKeyInfo');
        if (more.length) throw malformed('the EncryptedPrivateKeyInfo has unexpected fields');
        const scheme = resolveScheme(algorithm);
        const plain = this.decrypt(scheme, octetsOf(data, 'the encrypted private key'), 'the private key');
        this.out.keys.push({ der: Buffer.from(plain), ...attributes });
        return;
      }
      case OID.certBag: {
        // CertBag ::= SEQUENCE { certId OID, certValue [0] EXPLICIT ANY }
        const [certId, certValue, ...more] = sequence(value, 'the CertBag');
        if (more.length) throw malformed('the CertBag has unexpected fields');
        if (oidOf(certId, 'the CertBag type') !== OID.x509Certificate) return; // SDSI and other certificate types
        const inner = childrenOf(expectTag(certValue, contextTag(0, true), 'the CertBag value'));
        if (inner.length !== 1) throw malformed('the CertBag value must hold one element');
        const certDer = octetsOf(inner[0], 'the x509Certificate');
        const cert = readWhole(certDer, 'certificate');
        expectTag(cert, TAG.SEQUENCE, 'the certificate');
        checkTree(cert);
        this.out.certificates.push({ der: Buffer.from(certDer), ...attributesOf(attributesNode) });
        return;
      }
      case OID.safeContentsBag:
        if (depth + 1 > MAX_BAG_DEPTH) throw malformed(`safeContentsBags nested deeper than ${MAX_BAG_DEPTH} levels`);
        for (const bag of sequence(value, 'the nested SafeContents')) this.readBag(bag, depth + 1);
        return;
      default:
        return; // crlBag, secretBag and anything newer: not ours to read
    }
  }
}

/** [0] IMPLICIT OCTET STRING: primitive, or BER constructed from OCTET STRING pieces. */
function implicitOctets(node: DerNode, what: string): Buffer {
  if (node.tag === contextTag(0, false)) return contentOf(node);
  if (node.tag === contextTag(0, true)) return Buffer.concat(childrenOf(node).map((piece) => octetsOf(piece, what)));
  throw malformed(`${what} has tag 0x${node.tag.toString(16)}, expected [0]`);
}

/** friendlyName and localKeyId from the bag attributes (other attributes are ignored). */
function attributesOf(node: DerNode | undefined): { friendlyName: string | null; localKeyId: Buffer | null } {
  const out: { friendlyName: string | null; localKeyId: Buffer | null } = { friendlyName: null, localKeyId: null };
  if (!node) return out;
  for (const attribute of childrenOf(expectTag(node, TAG.SET, 'the SafeBag attributes'))) {
    // PKCS12Attribute ::= SEQUENCE { attrId OID, attrValues SET OF ANY }
    const [idNode, valuesNode] = sequence(attribute, 'a SafeBag attribute');
    const id = oidOf(idNode, 'the attribute type');
    const values = childrenOf(expectTag(valuesNode, TAG.SET, 'the attribute values'));
    if (id === OID.friendlyName && out.friendlyName === null && values[0]) {
      const text = stringOf(values[0]);
      if (text === null) throw malformed('the friendlyName attribute is not a string');
      out.friendlyName = text;
    } else if (id === OID.localKeyId && out.localKeyId === null && values[0]) {
      out.localKeyId = Buffer.from(octetsOf(values[0], 'the localKeyId attribute'));
    }
  }
  return out;
}
