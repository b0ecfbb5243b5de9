/**
 * TLS 1.2 record protection for the AEAD suites, read side: from the master secret (the
 * CLIENT_RANDOM line of the key log) to the plaintext of each record sent after ChangeCipherSpec.
 *
 *   RFC 5246 §5    PRF(secret, label, seed) = P_<hash>(secret, label + seed); P_hash chains
 *                  A(i) = HMAC(secret, A(i-1)) and outputs HMAC(secret, A(i) + seed) …; SHA-256,
 *                  or the suite's hash when it names SHA-384 (RFC 5288 §3, RFC 5289 §3.2)
 *   RFC 5246 §6.3  key_block = PRF(master_secret, "key expansion", server_random + client_random):
 *                  client MAC key, server MAC key (none for AEAD), client key, server key, client IV, server IV
 *   RFC 5288 §3    AES-GCM: a 4-byte implicit salt from the key block, an 8-byte explicit nonce at the
 *                  start of each record; nonce = salt + explicit
 *   RFC 7905 §2    ChaCha20-Poly1305: a 12-byte IV, nonce = IV XOR the padded sequence number
 *   RFC 5246 §6.2.3.3  additional data = seq_num (8) + type (1) + version (2) + plaintext length (2)
 *
 * CBC suites (MAC-then-encrypt, or encrypt-then-MAC by extension) are not read: they are named
 * as such. Nothing here throws on wire data or secrets: failures are typed values.
 */
import { createDecipheriv, createHmac } from 'node:crypto';
import { cipherSuiteCode } from './names.js';
import { recordNonce } from './tls13-keys.js';

type Aead = 'aes-128-gcm' | 'aes-256-gcm' | 'chacha20-poly1305';

export interface Tls12AeadSuite {
  id: number;
  name: string;
  /** The PRF's hash. */
  hash: 'sha256' | 'sha384';
  aead: Aead;
  keyLength: 16 | 32;
  /** Implicit part of the nonce from the key block: 4 (GCM salt) or 12 (ChaCha20-Poly1305 IV). */
  fixedIvLength: 4 | 12;
  /** Explicit nonce carried at the start of each record: 8 (GCM) or 0. */
  explicitNonceLength: 8 | 0;
}

const TAG_LENGTH = 16;
const MASTER_SECRET_LENGTH = 48;
/** RFC 5246 §6.2.3: TLSCiphertext.length MUST NOT exceed 2^14 + 2048. */
const MAX_CIPHERTEXT = 2 ** 14 + 2048;
const MAX_SEQUENCE = 2n ** 64n - 1n;

/** The AEAD suite a TLS 1.2 cipher suite number names, read from its IANA name; null for any other. */
export function tls12AeadSuite(id: number): Tls12AeadSuite | null {
  const name = cipherSuiteCode(id).name;
  const match = name ? /_WITH_(AES_128_GCM|AES_256_GCM|CHACHA20_POLY1305)_(SHA256|SHA384)$/.exec(name) : null;
  if (!name || !match) return null;
  const hash = match[2] === 'SHA384' ? 'sha384' : 'sha256';
  switch (match[1]) {
    case 'AES_128_GCM':
      return { id, name, hash, aead: 'aes-128-gcm', keyLength: 16, fixedIvLength: 4, explicitNonceLength: 8 };
    case 'AES_256_GCM':
      return { id, name, hash, aead: 'aes-256-gcm', keyLength: 32, fixedIvLength: 4, explicitNonceLength: 8 };
    default:
      return { id, name, hash, aead: 'chacha20-poly1305', keyLength: 32, fixedIvLength: 12, explicitNonceLength: 0 };
  }
}

/** RFC 5246 §5: the TLS 1.2 PRF. */
export function tls12Prf(hash: 'sha256' | 'sha384', secret: Buffer, label: string, seed: Buffer, length: number): Buffer {
  const labelSeed = Buffer.concat([Buffer.from(label, 'latin1'), seed]);
  const out: Buffer[] = [];
  let produced = 0;
  let a = labelSeed;
  while (produced < length) {
    a = createHmac(hash, secret).update(a).digest();
    const block = createHmac(hash, secret).update(a).update(labelSeed).digest();
    out.push(block);
    produced += block.length;
  }
  return Buffer.concat(out).subarray(0, length);
}

export interface Tls12WriteKeys {
  key: Buffer;
  iv: Buffer;
}

/** RFC 5246 §6.3: the write key and implicit IV of each side. */
export function tls12KeyBlock(suite: Tls12AeadSuite, masterSecret: Buffer, clientRandom: Buffer, serverRandom: Buffer): { client: Tls12WriteKeys; server: Tls12WriteKeys } {
  const { keyLength: k, fixedIvLength: v } = suite;
  const block = tls12Prf(suite.hash, masterSecret, 'key expansion', Buffer.concat([serverRandom, clientRandom]), 2 * k + 2 * v);
  return {
    client: { key: block.subarray(0, k), iv: block.subarray(2 * k, 2 * k + v) },
    server: { key: block.subarray(k, 2 * k), iv: block.subarray(2 * k + v, 2 * k + 2 * v) },
  };
}

export type Tls12KeyFailure = 'not-an-aead-suite' | 'bad-master-secret' | 'bad-random';

export class Tls12KeyError extends Error {
  constructor(
    readonly reason: Tls12KeyFailure,
    message: string,
  ) {
    super(message);
    this.name = 'Tls12KeyError';
  }
}

export type Tls12DecryptFailure = 'record-too-long' | 'record-too-short' | 'bad-record-mac' | 'sequence-exhausted';

export class Tls12DecryptError extends Error {
  constructor(
    readonly reason: Tls12DecryptFailure,
    readonly sequence: bigint,
    message: string,
  ) {
    super(message);
    this.name = 'Tls12DecryptError';
  }
}

export interface Tls12OpenedRecord {
  /** The record's own type: TLS 1.2 does not hide it. */
  contentType: number;
  content: Buffer;
  sequence: bigint;
}

/** Opens one side's records after its ChangeCipherSpec, in order (sequence numbers from 0). */
export class Tls12RecordDecryptor {
  private seq = 0n;

  private constructor(
    readonly suite: Tls12AeadSuite,
    private readonly keys: Tls12WriteKeys,
  ) {}

  /** A decryptor for the records `sender` sends, from the master secret and both hellos' randoms. */
  static fromMasterSecret(cipherSuite: number, masterSecret: Buffer, clientRandom: Buffer, serverRandom: Buffer, sender: 'client' | 'server'): Tls12RecordDecryptor | Tls12KeyError {
    const suite = tls12AeadSuite(cipherSuite);
    if (!suite) return new Tls12KeyError('not-an-aead-suite', `${cipherSuiteCode(cipherSuite).name ?? `suite 0x${cipherSuite.toString(16)}`} is not an AES-GCM or ChaCha20-Poly1305 suite; only those are decrypted`);
    if (masterSecret.length !== MASTER_SECRET_LENGTH) return new Tls12KeyError('bad-master-secret', `a master secret is ${MASTER_SECRET_LENGTH} bytes, this one is ${masterSecret.length}`);
    if (clientRandom.length !== 32 || serverRandom.length !== 32) return new Tls12KeyError('bad-random', 'a hello random is 32 bytes');
    return new Tls12RecordDecryptor(suite, tls12KeyBlock(suite, masterSecret, clientRandom, serverRandom)[sender]);
  }

  get sequence(): bigint {
    return this.seq;
  }

  /** Counts a record as read without opening it. */
  skip(): void {
    if (this.seq < MAX_SEQUENCE) this.seq++;
  }

  /** Opens the next record; the sequence number advances only when it opens. */
  open(record: { contentType: number; version: number; fragment: Buffer }): Tls12OpenedRecord | Tls12DecryptError {
    const fail = (reason: Tls12DecryptFailure, message: string) => new Tls12DecryptError(reason, this.seq, message);
    const { fragment } = record;
    const { explicitNonceLength } = this.suite;
    if (fragment.length > MAX_CIPHERTEXT) return fail('record-too-long', `a protected record of ${fragment.length} bytes is longer than ${MAX_CIPHERTEXT}`);
    if (fragment.length < explicitNonceLength + TAG_LENGTH) return fail('record-too-short', `a protected record of ${fragment.length} bytes cannot hold its nonce and tag`);
    if (this.seq >= MAX_SEQUENCE) return fail('sequence-exhausted', 'the sequence number would wrap');

    const nonce = explicitNonceLength ? Buffer.concat([this.keys.iv, fragment.subarray(0, explicitNonceLength)]) : recordNonce(this.keys.iv, this.seq);
    const ciphertext = fragment.subarray(explicitNonceLength, fragment.length - TAG_LENGTH);
    const aad = Buffer.alloc(13);
    aad.writeBigUInt64BE(this.seq, 0);
    aad[8] = record.contentType;
    aad.writeUInt16BE(record.version, 9);
    aad.writeUInt16BE(ciphertext.length, 11);
    let content: Buffer;
    try {
      const decipher = createDecipheriv(this.suite.aead as 'aes-128-gcm', this.keys.key, nonce, { authTagLength: TAG_LENGTH });
      decipher.setAAD(aad);
      decipher.setAuthTag(fragment.subarray(fragment.length - TAG_LENGTH));
      content = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
    } catch {
      // OpenSSL: "Unsupported state or unable to authenticate data".
      return fail('bad-record-mac', `record ${this.seq} did not authenticate (another key or sequence number, or altered bytes)`);
    }
    const opened = { contentType: record.contentType, content, sequence: this.seq };
    this.seq++;
    return opened;
  }
}
