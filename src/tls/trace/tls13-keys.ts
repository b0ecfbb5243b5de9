/**
 * TLS 1.3 record protection, read side: from a traffic secret (what Node's `keylog` event logs)
 * to the plaintext of each record the peer sent.
 *
 *   RFC 8446 §7.1  HKDF-Expand-Label(Secret, Label, Context, Length), labels prefixed "tls13 "
 *   RFC 8446 §7.2  application_traffic_secret_N+1 = HKDF-Expand-Label(secret_N, "traffic upd", "", Hash.length)
 *   RFC 8446 §7.3  write_key = HKDF-Expand-Label(secret, "key", "", key_length); write_iv likewise with "iv", 12
 *   RFC 8446 §5.3  per-record nonce = write_iv XOR the 64-bit sequence number, left-padded with zeros
 *   RFC 8446 §5.2  AEAD-Decrypt(key, nonce, additional_data = the 5-byte record header, ciphertext);
 *                  the plaintext is TLSInnerPlaintext: content, the real ContentType, then zero padding
 *
 * Each direction and each key epoch has its own sequence numbers, starting at 0 whenever its key
 * changes (handshake keys → application keys, and every KeyUpdate).
 *
 * Nothing here throws on wire data or secrets: a failure is returned as a typed value
 * (Tls13KeyError, RecordDecryptError) that says what went wrong.
 */
import { createDecipheriv, createHmac, type CipherCCMTypes, type CipherGCMTypes } from 'node:crypto';

export type HashName = 'sha256' | 'sha384';
type AeadName = CipherGCMTypes | CipherCCMTypes | 'chacha20-poly1305';

export interface Tls13CipherSuite {
  id: number;
  name: string;
  /** The suite's hash, which the key schedule's HKDF uses. */
  hash: HashName;
  /** Hash length in bytes: the length of every traffic secret of this suite. */
  hashLength: 32 | 48;
  /** Node's cipher name. */
  aead: AeadName;
  keyLength: 16 | 32;
  /** AEAD tag length: 16, except 8 for TLS_AES_128_CCM_8_SHA256. */
  tagLength: 8 | 16;
}

const suite = (id: number, name: string, hash: HashName, aead: AeadName, keyLength: 16 | 32, tagLength: 8 | 16 = 16): Tls13CipherSuite =>
  Object.freeze({ id, name, hash, hashLength: hash === 'sha384' ? 48 : 32, aead, keyLength, tagLength });

/** RFC 8446 §B.4: the five TLS 1.3 cipher suites (OpenSSL enables the first three by default). */
export const TLS13_CIPHER_SUITES: Readonly<Record<number, Tls13CipherSuite>> = Object.freeze({
  0x1301: suite(0x1301, 'TLS_AES_128_GCM_SHA256', 'sha256', 'aes-128-gcm', 16),
  0x1302: suite(0x1302, 'TLS_AES_256_GCM_SHA384', 'sha384', 'aes-256-gcm', 32),
  0x1303: suite(0x1303, 'TLS_CHACHA20_POLY1305_SHA256', 'sha256', 'chacha20-poly1305', 32),
  0x1304: suite(0x1304, 'TLS_AES_128_CCM_SHA256', 'sha256', 'aes-128-ccm', 16),
  0x1305: suite(0x1305, 'TLS_AES_128_CCM_8_SHA256', 'sha256', 'aes-128-ccm', 16, 8),
});

/** RFC 8446 §5.3: every TLS 1.3 AEAD takes a 12-byte nonce (iv_length = max(8, N_MIN) = 12). */
const IV_LENGTH = 12;

/** RFC 8446 §5.2: TLSCiphertext.length MUST NOT exceed 2^14 + 256. */
export const MAX_TLS13_CIPHERTEXT = 2 ** 14 + 256;
/** RFC 8446 §5.4: TLSInnerPlaintext (content + type + padding) MUST NOT exceed 2^14 + 1 bytes. */
const MAX_INNER_PLAINTEXT = 2 ** 14 + 1;
/** Record type of every protected TLS 1.3 record (opaque_type, RFC 8446 §5.2). */
const APPLICATION_DATA = 23;
const MAX_SEQUENCE = 2n ** 64n - 1n;

// ---------------------------------------------------------------------------
// Key schedule

/** RFC 5869 §2.3 HKDF-Expand: T(i) = HMAC(PRK, T(i-1) | info | i), the first `length` bytes of T(1) | T(2) | … */
function hkdfExpand(hash: HashName, prk: Buffer, info: Buffer, length: number): Buffer {
  const blocks: Buffer[] = [];
  let previous = Buffer.alloc(0);
  let produced = 0;
  for (let counter = 1; produced < length; counter++) {
    previous = createHmac(hash, prk).update(previous).update(info).update(Buffer.from([counter])).digest();
    blocks.push(previous);
    produced += previous.length;
  }
  return Buffer.concat(blocks).subarray(0, length);
}

/**
 * RFC 8446 §7.1 HKDF-Expand-Label: HKDF-Expand(Secret, HkdfLabel, Length) with
 * HkdfLabel = uint16 length || opaque label<7..255> = "tls13 " + Label || opaque context<0..255>.
 */
export function hkdfExpandLabel(hash: HashName, secret: Buffer, label: string, context: Buffer, length: number): Buffer {
  const fullLabel = Buffer.from(`tls13 ${label}`, 'latin1');
  const info = Buffer.concat([Buffer.from([length >> 8, length & 0xff, fullLabel.length]), fullLabel, Buffer.from([context.length]), context]);
  return hkdfExpand(hash, secret, info, length);
}

export interface TrafficKeys {
  key: Buffer;
  iv: Buffer;
}

/** RFC 8446 §7.3: the write key and IV of one direction and epoch. */
export function trafficKeys(cipherSuite: Tls13CipherSuite, secret: Buffer): TrafficKeys {
  const empty = Buffer.alloc(0);
  return {
    key: hkdfExpandLabel(cipherSuite.hash, secret, 'key', empty, cipherSuite.keyLength),
    iv: hkdfExpandLabel(cipherSuite.hash, secret, 'iv', empty, IV_LENGTH),
  };
}

/** RFC 8446 §7.2: the next application traffic secret, after a KeyUpdate. */
export function nextTrafficSecret(cipherSuite: Tls13CipherSuite, secret: Buffer): Buffer {
  return hkdfExpandLabel(cipherSuite.hash, secret, 'traffic upd', Buffer.alloc(0), cipherSuite.hashLength);
}

/** RFC 8446 §5.3: the nonce of record number `sequence`. */
export function recordNonce(iv: Buffer, sequence: bigint): Buffer {
  const nonce = Buffer.from(iv);
  let seq = sequence;
  for (let i = nonce.length - 1; i >= nonce.length - 8; i--) {
    nonce[i]! ^= Number(seq & 0xffn);
    seq >>= 8n;
  }
  return nonce;
}

// ---------------------------------------------------------------------------
// Failures

export type Tls13KeyFailure =
  /** The ServerHello chose a suite that is not a TLS 1.3 suite of RFC 8446 §B.4. */
  | 'unknown-cipher-suite'
  /** The secret's length is not the suite's hash length (a secret of another connection or suite). */
  | 'bad-secret-length';

/** Why no decryptor could be made for a secret. */
export class Tls13KeyError extends Error {
  constructor(
    readonly reason: Tls13KeyFailure,
    message: string,
  ) {
    super(message);
    this.name = 'Tls13KeyError';
  }
}

export type RecordDecryptFailure =
  /** The record's outer type is not application_data: TLS 1.3 never protects anything else. */
  | 'not-application-data'
  /** Longer than RFC 8446 §5.2 allows. */
  | 'record-too-long'
  /** Shorter than the AEAD tag plus the one byte of content type. */
  | 'record-too-short'
  /** The AEAD tag did not verify: another key or sequence number, or altered bytes (RFC 8446 §6.2 bad_record_mac). */
  | 'bad-record-mac'
  /** The plaintext is all padding: no content type (RFC 8446 §5.4 unexpected_message). */
  | 'no-content-type'
  /** The inner plaintext is longer than 2^14 + 1 (RFC 8446 §5.4 record_overflow). */
  | 'plaintext-too-long'
  /** 2^64 records were read with this key; RFC 8446 §5.3 forbids wrapping. */
  | 'sequence-exhausted';

/** Why one record could not be opened, with the sequence number it was tried at. */
export class RecordDecryptError extends Error {
  constructor(
    readonly reason: RecordDecryptFailure,
    readonly sequence: bigint,
    message: string,
  ) {
    super(message);
    this.name = 'RecordDecryptError';
  }
}

// ---------------------------------------------------------------------------
// Records

/** What a decryptor reads: a record as RecordReader returns it. */
export interface ProtectedRecord {
  contentType: number;
  version: number;
  fragment: Buffer;
}

export interface OpenedRecord {
  /** The real ContentType from TLSInnerPlaintext: 21 alert, 22 handshake, 23 application_data. */
  contentType: number;
  content: Buffer;
  /** Zero bytes of padding the sender added after the content type. */
  paddingLength: number;
  /** The sequence number the record was opened with. */
  sequence: bigint;
}

/** Opens one direction's records of one key epoch, in order. */
export class RecordDecryptor {
  private seq = 0n;

  private constructor(
    readonly cipherSuite: Tls13CipherSuite,
    private readonly keys: TrafficKeys,
  ) {}

  /** A decryptor for the traffic secret `secret` of the suite numbered `cipherSuite` (0x1301 …). */
  static fromSecret(cipherSuite: number, secret: Buffer): RecordDecryptor | Tls13KeyError {
    const found = TLS13_CIPHER_SUITES[cipherSuite];
    if (!found) return new Tls13KeyError('unknown-cipher-suite', `cipher suite 0x${cipherSuite.toString(16).padStart(4, '0')} is not a TLS 1.3 suite`);
    if (secret.length !== found.hashLength) {
      return new Tls13KeyError('bad-secret-length', `a ${found.name} traffic secret is ${found.hashLength} bytes, this one is ${secret.length}`);
    }
    return new RecordDecryptor(found, trafficKeys(found, secret));
  }

  /** The sequence number the next record will be opened with. */
  get sequence(): bigint {
    return this.seq;
  }

  /** Counts a record as read without opening it (one that failed to open still used its number). */
  skip(): void {
    if (this.seq < MAX_SEQUENCE) this.seq++;
  }

  /** Opens the next record; the sequence number advances only when it opens. */
  open(record: ProtectedRecord): OpenedRecord | RecordDecryptError {
    const fail = (reason: RecordDecryptFailure, message: string) => new RecordDecryptError(reason, this.seq, message);
    const { fragment } = record;
    const { tagLength } = this.cipherSuite;
    if (record.contentType !== APPLICATION_DATA) return fail('not-application-data', `a record of type ${record.contentType} is not protected in TLS 1.3`);
    if (fragment.length > MAX_TLS13_CIPHERTEXT) return fail('record-too-long', `a protected record of ${fragment.length} bytes is longer than ${MAX_TLS13_CIPHERTEXT}`);
    if (fragment.length < tagLength + 1) return fail('record-too-short', `a protected record of ${fragment.length} bytes cannot hold a ${tagLength}-byte tag and a content type`);
    if (this.seq >= MAX_SEQUENCE) return fail('sequence-exhausted', 'the sequence number would wrap');

    const header = Buffer.from([record.contentType, record.version >> 8, record.version & 0xff, fragment.length >> 8, fragment.length & 0xff]);
    const ciphertext = fragment.subarray(0, fragment.length - tagLength);
    const tag = fragment.subarray(fragment.length - tagLength);
    const plaintext = aeadOpen(this.cipherSuite, this.keys.key, recordNonce(this.keys.iv, this.seq), header, ciphertext, tag);
    if (!plaintext) return fail('bad-record-mac', `record ${this.seq} did not authenticate with this key (another key epoch, or altered bytes)`);
    if (plaintext.length > MAX_INNER_PLAINTEXT) return fail('plaintext-too-long', `the plaintext of record ${this.seq} is ${plaintext.length} bytes, more than ${MAX_INNER_PLAINTEXT}`);

    let end = plaintext.length;
    while (end > 0 && plaintext[end - 1] === 0) end--;
    if (end === 0) return fail('no-content-type', `record ${this.seq} holds only padding`);
    const opened: OpenedRecord = { contentType: plaintext[end - 1]!, content: plaintext.subarray(0, end - 1), paddingLength: plaintext.length - end, sequence: this.seq };
    this.seq++;
    return opened;
  }
}

/** AEAD-Decrypt via Node's OpenSSL; null when the tag does not verify. */
function aeadOpen(cipherSuite: Tls13CipherSuite, key: Buffer, nonce: Buffer, aad: Buffer, ciphertext: Buffer, tag: Buffer): Buffer | null {
  try {
    if (cipherSuite.aead === 'aes-128-ccm') {
      const decipher = createDecipheriv(cipherSuite.aead, key, nonce, { authTagLength: cipherSuite.tagLength });
      decipher.setAuthTag(tag);
      decipher.setAAD(aad, { plaintextLength: ciphertext.length });
      const out = decipher.update(ciphertext);
      decipher.final();
      return out;
    }
    const decipher = createDecipheriv(cipherSuite.aead as CipherGCMTypes, key, nonce, { authTagLength: cipherSuite.tagLength });
    decipher.setAAD(aad);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  } catch {
    // OpenSSL reports a tag that does not verify as "Unsupported state or unable to authenticate data".
    return null;
  }
}
