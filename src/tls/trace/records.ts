/**
 * The TLS record layer (RFC 8446 §5.1, RFC 5246 §6.2) and handshake message framing (RFC 8446
 * §4), read from a byte stream that arrives in arbitrary chunks.
 *
 * Both readers hold at most one unfinished record or message, so memory stays bounded whatever
 * the peer sends. A reader that meets bytes which cannot be TLS stops: it records a typed error,
 * returns the records completed before the fault, and returns nothing more afterwards. The
 * readers never throw on wire data, so a transcript keeps everything read before the fault.
 */

/** RFC 5246 §6.2.1 ContentType values. */
export const ContentType = {
  changeCipherSpec: 20,
  alert: 21,
  handshake: 22,
  applicationData: 23,
  /** RFC 6520; OpenSSL 1.1.0 removed it, but it is still TLS, not garbage. */
  heartbeat: 24,
} as const;

/** The 5-byte record header: type (1), legacy_record_version (2), length (2). */
export const RECORD_HEADER_BYTES = 5;

/**
 * The longest record fragment any version allows: TLSCiphertext of TLS 1.2 may carry 2^14 bytes
 * of plaintext plus 2048 of expansion (RFC 5246 §6.2.3). TLS 1.3 caps it lower (2^14 + 256, RFC
 * 8446 §5.2); we accept the larger so one reader serves both.
 */
export const MAX_RECORD_FRAGMENT = 2 ** 14 + 2048;

/**
 * Longest handshake message reassembled. The wire allows 2^24 − 1; OpenSSL refuses a
 * Certificate message over 100 KiB by default (SSL_CTX_set_max_cert_list) and no real
 * handshake message comes close to this.
 */
export const DEFAULT_MAX_HANDSHAKE_MESSAGE = 256 * 1024;

export interface TlsRecord {
  /** 20 change_cipher_spec, 21 alert, 22 handshake, 23 application_data, 24 heartbeat. */
  contentType: number;
  /** legacy_record_version: 0x0301 in a first ClientHello, 0x0303 afterwards, even in TLS 1.3. */
  version: number;
  /** The record's payload (a view into the bytes pushed, not a copy). */
  fragment: Buffer;
  /** Offset of the record header in the stream (bytes pushed before it). */
  offset: number;
}

export type RecordFailure =
  /** The first byte is not a TLS content type: the peer speaks something else (HTTP, SSH …). */
  | 'unknown-content-type'
  /** The version's major byte is not 3 (SSL 3.0 through TLS 1.3 all use 3.x). */
  | 'bad-version'
  /** A record longer than MAX_RECORD_FRAGMENT. */
  | 'record-too-long'
  /** A handshake message longer than the reader's limit. */
  | 'message-too-long';

/** Why a reader stopped, with the evidence: where, and the bytes it could not accept. */
export class TlsFramingError extends Error {
  constructor(
    readonly reason: RecordFailure,
    /** Stream offset of the offending header. */
    readonly offset: number,
    /** The offending header bytes, for evidence ("48 54 54 50 2f" is 'HTTP/'). */
    readonly header: Buffer,
    message: string,
  ) {
    super(message);
    this.name = 'TlsFramingError';
  }
}

const isContentType = (byte: number) => byte >= ContentType.changeCipherSpec && byte <= ContentType.heartbeat;

/** Checks one record header; null when it is acceptable. */
function headerFault(header: Buffer, offset: number): TlsFramingError | null {
  const type = header[0]!;
  // Built only for a fault: this runs for every record.
  const hexOf = () => header.toString('hex').replace(/(..)(?!$)/g, '$1 ');
  if (!isContentType(type)) {
    const hex = hexOf();
    const text = header.toString('latin1').replace(/[^\x20-\x7e]/g, '.');
    return new TlsFramingError('unknown-content-type', offset, header, `byte 0x${type.toString(16).padStart(2, '0')} at offset ${offset} is not a TLS record type (the stream starts ${hex}, '${text}'): the peer is not speaking TLS`);
  }
  if (header.length >= 2 && header[1] !== 3) {
    return new TlsFramingError('bad-version', offset, header, `record at offset ${offset} has version ${hexOf().slice(3, 8)}, not 03 xx: the peer is not speaking TLS`);
  }
  if (header.length >= RECORD_HEADER_BYTES) {
    const length = header.readUInt16BE(3);
    if (length > MAX_RECORD_FRAGMENT) {
      return new TlsFramingError('record-too-long', offset, header, `record at offset ${offset} claims ${length} bytes, more than TLS allows (${MAX_RECORD_FRAGMENT})`);
    }
  }
  return null;
}

/**
 * True when `firstBytes` (the first bytes a peer sent, at least one) could start a TLS record.
 * Reads up to one record header; fewer bytes are judged on what is there.
 */
export function looksLikeTls(firstBytes: Buffer): boolean {
  if (firstBytes.length === 0) return false;
  const header = firstBytes.subarray(0, RECORD_HEADER_BYTES);
  if (headerFault(header, 0)) return false;
  // SSL 3.0 to TLS 1.2 put 3.0 to 3.3 in the record header; TLS 1.3 keeps 3.1 or 3.3.
  return header.length < 3 || header[2]! <= 4;
}

/** Splits a byte stream into TLS records, however the stream was chunked. */
export class RecordReader {
  private pending: Buffer = Buffer.alloc(0);
  private consumed = 0;
  private failure: TlsFramingError | null = null;

  /** Why the reader stopped, or null while the stream is TLS. */
  get error(): TlsFramingError | null {
    return this.failure;
  }

  /** Bytes held back as the start of an unfinished record (at most one record's worth). */
  get buffered(): number {
    return this.pending.length;
  }

  /** Stream offset of the next unread byte. */
  get offset(): number {
    return this.consumed;
  }

  /** Feeds the next chunk; returns the records it completes (none after an error). */
  push(chunk: Buffer): TlsRecord[] {
    if (this.failure || chunk.length === 0) return [];
    let buf = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const records: TlsRecord[] = [];
    for (;;) {
      // Judge a header as soon as its first byte arrives: "not TLS" should not wait for five.
      const fault = buf.length > 0 ? headerFault(buf.subarray(0, RECORD_HEADER_BYTES), this.consumed) : null;
      if (fault) {
        this.failure = fault;
        this.pending = Buffer.alloc(0);
        return records;
      }
      if (buf.length < RECORD_HEADER_BYTES) break;
      const length = buf.readUInt16BE(3);
      const end = RECORD_HEADER_BYTES + length;
      if (buf.length < end) break;
      records.push({ contentType: buf[0]!, version: buf.readUInt16BE(1), fragment: buf.subarray(RECORD_HEADER_BYTES, end), offset: this.consumed });
      this.consumed += end;
      buf = buf.subarray(end);
    }
    // Copy the remainder so a held-back partial record does not pin a large chunk in memory.
    this.pending = buf.length === 0 ? Buffer.alloc(0) : Buffer.from(buf);
    return records;
  }
}

export interface HandshakeMessage {
  /** HandshakeType (see HANDSHAKE_TYPES in names.ts). */
  type: number;
  /** The u24 length field, equal to `body.length`. */
  length: number;
  body: Buffer;
}

/** Reassembles handshake messages from the fragments of consecutive handshake records. */
export class HandshakeReader {
  private pending: Buffer = Buffer.alloc(0);
  private consumed = 0;
  private failure: TlsFramingError | null = null;

  constructor(private readonly maxMessageBytes = DEFAULT_MAX_HANDSHAKE_MESSAGE) {}

  get error(): TlsFramingError | null {
    return this.failure;
  }

  /** Bytes of an unfinished message; non-zero at the end of a stream means it was cut short. */
  get buffered(): number {
    return this.pending.length;
  }

  /** Feeds the fragment of the next handshake record; returns the messages it completes. */
  push(fragment: Buffer): HandshakeMessage[] {
    if (this.failure || fragment.length === 0) return [];
    let buf = this.pending.length === 0 ? fragment : Buffer.concat([this.pending, fragment]);
    const messages: HandshakeMessage[] = [];
    while (buf.length >= 4) {
      const length = buf.readUIntBE(1, 3);
      if (length > this.maxMessageBytes) {
        this.failure = new TlsFramingError('message-too-long', this.consumed, Buffer.from(buf.subarray(0, 4)), `handshake message of type ${buf[0]} at offset ${this.consumed} claims ${length} bytes, more than ${this.maxMessageBytes}`);
        this.pending = Buffer.alloc(0);
        return messages;
      }
      if (buf.length < 4 + length) break;
      messages.push({ type: buf[0]!, length, body: buf.subarray(4, 4 + length) });
      this.consumed += 4 + length;
      buf = buf.subarray(4 + length);
    }
    this.pending = buf.length === 0 ? Buffer.alloc(0) : Buffer.from(buf);
    return messages;
  }
}
