/**
 * The clear-text part of a recorded TLS connection: records → handshake messages → parsed
 * fields, one direction at a time, up to where encryption starts.
 */
import {
  keyExchangeOf,
  parseAlert,
  parseHandshakeMessage,
  wireFormOf,
  type Alert,
  type KeyExchange,
  type MalformedMessage,
  type ParsedHandshake,
} from './handshake.js';
import { versionCode, type Code } from './names.js';
import { ContentType, HandshakeReader, RECORD_HEADER_BYTES, RecordReader, type TlsFramingError } from './records.js';

/** A parsed handshake message or alert, with where its record began in the recorded stream. */
export type ClearMessage = (ParsedHandshake | Alert | MalformedMessage | ChangeCipherSpec) & { offset: number };

/** A ChangeCipherSpec that does not end the clear text: TLS 1.3's middlebox-compatibility one. */
export interface ChangeCipherSpec {
  type: 'ChangeCipherSpec';
  length: number;
  /** RFC 8446 §D.4: a dummy record sent for middleboxes; it changes nothing. */
  compatibility: boolean;
}

/** Why reading the clear text stopped before the end of the bytes. */
export type ClearStop =
  /** TLS 1.2 and below: everything after ChangeCipherSpec is encrypted. */
  | 'change-cipher-spec'
  /** TLS 1.3: everything after ServerHello is encrypted (application_data records). */
  | 'tls13-encrypted'
  /** The bytes are not TLS (see `error`). */
  | 'not-tls';

export interface ClearHandshake {
  /** Messages in the order they were sent, up to the point where encryption starts. */
  messages: ClearMessage[];
  /** The protocol version the ServerHello in these bytes chose, else the one given; null if neither. */
  version: Code | null;
  /** null when every byte was read as clear text. */
  stoppedBy: ClearStop | null;
  /** Offset of the first record not read (encrypted or not TLS); null when none. */
  stoppedAt: number | null;
  /** Encrypted records after the stop point (handshake, alerts and application data alike). */
  encryptedRecords: number;
  /** Why the bytes are not TLS, or a handshake message over the size limit. */
  error: TlsFramingError | null;
  /** The bytes end inside a record or message (connection closed, or the recording was cut short). */
  incomplete: boolean;
}

export interface ClearHandshakeOptions {
  /**
   * The negotiated version (0x0303, 0x0304). A server's bytes say it in ServerHello; a client's
   * do not, and matter: in TLS 1.3 the client's ChangeCipherSpec is a dummy that may be followed
   * by a second ClientHello (after a HelloRetryRequest). When unknown, any ChangeCipherSpec ends
   * the clear text, which is right for TLS 1.2 and loses nothing in TLS 1.3 without a retry.
   */
  version?: number | null;
  /** TLS 1.2 key exchange, to read a ServerKeyExchange; a server's bytes name it in ServerHello. */
  keyExchange?: KeyExchange | null;
}

const isTls13 = (version: number | null) => version !== null && wireFormOf(version) === 'tls13';

/**
 * Reads the clear-text handshake from one direction's recorded bytes: records → handshake
 * messages → parsed fields, until encryption starts: ChangeCipherSpec in TLS 1.2, right after
 * ServerHello in TLS 1.3, and at any application_data record.
 */
export function clearHandshake(bytes: Buffer, options: ClearHandshakeOptions = {}): ClearHandshake {
  const records = new RecordReader();
  const handshakes = new HandshakeReader();
  const messages: ClearMessage[] = [];
  let version = options.version ?? null;
  let keyExchange = options.keyExchange ?? null;
  let stoppedBy: ClearStop | null = null;
  let stoppedAt: number | null = null;
  let encryptedRecords = 0;

  for (const record of records.push(bytes)) {
    const end = record.offset + RECORD_HEADER_BYTES + record.fragment.length;
    if (stoppedBy) {
      // TLS 1.3's dummy ChangeCipherSpec comes after ServerHello but is not encrypted.
      if (!(record.contentType === ContentType.changeCipherSpec && isTls13(version))) encryptedRecords++;
      continue;
    }
    switch (record.contentType) {
      case ContentType.handshake:
        for (const message of handshakes.push(record.fragment)) {
          const parsed = parseHandshakeMessage(message, { form: version === null ? 'tls12' : wireFormOf(version), keyExchange });
          messages.push({ ...parsed, offset: record.offset });
          if ('error' in parsed || (parsed.type !== 'ServerHello' && parsed.type !== 'HelloRetryRequest')) continue;
          version = parsed.version.id;
          keyExchange = keyExchangeOf(parsed.cipherSuite.id);
          if (parsed.type === 'ServerHello' && isTls13(version)) {
            stoppedBy = 'tls13-encrypted';
            stoppedAt = end;
          }
        }
        break;
      case ContentType.changeCipherSpec:
        if (isTls13(version)) {
          messages.push({ type: 'ChangeCipherSpec', length: record.fragment.length, compatibility: true, offset: record.offset });
        } else {
          stoppedBy = 'change-cipher-spec';
          stoppedAt = record.offset;
        }
        break;
      case ContentType.alert:
        messages.push({ ...parseAlert(record.fragment), offset: record.offset });
        break;
      default:
        // application_data before any boundary: a TLS 1.3 peer's encrypted records.
        stoppedBy = 'tls13-encrypted';
        stoppedAt = record.offset;
        encryptedRecords++;
    }
  }
  if (records.error && !stoppedBy) {
    stoppedBy = 'not-tls';
    stoppedAt = records.error.offset;
  }
  return {
    messages,
    version: version === null ? null : versionCode(version),
    stoppedBy,
    stoppedAt,
    encryptedRecords,
    error: records.error ?? handshakes.error,
    incomplete: records.buffered > 0 || (stoppedBy === null && handshakes.buffered > 0),
  };
}

export interface ClearTranscript {
  /** The version the server chose; null when its ServerHello is missing or unreadable. */
  version: Code | null;
  client: ClearHandshake;
  server: ClearHandshake;
}

/**
 * Both directions of a tapped connection. The server's bytes are read first: its ServerHello
 * names the version the client's bytes are read with.
 */
export function clearTranscript(bytes: { client: Buffer; server: Buffer }): ClearTranscript {
  const server = clearHandshake(bytes.server);
  const client = clearHandshake(bytes.client, { version: server.version?.id ?? null });
  return { version: server.version, client, server };
}
