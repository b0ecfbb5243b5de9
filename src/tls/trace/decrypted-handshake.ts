/**
 * Both directions of a recorded TLS connection, read message by message: the clear-text part
 * as clear-handshake.ts reads it, and — with the session's secrets from Node's `keylog` event —
 * the protected records, decrypted and parsed like the rest: TLS 1.3's after ServerHello
 * (tls13-keys.ts), TLS 1.2's after ChangeCipherSpec (tls12-keys.ts).
 *
 * Who switches keys when (RFC 8446 §2, §4.4.4, §7.3): each direction starts with its handshake
 * traffic secret at its first protected record, and changes to its application traffic secret
 * right after the Finished it sends (the server after its Finished, the client after its own),
 * and to the next secret after each KeyUpdate. Sequence numbers start at 0 with every key.
 * TLS 1.2 records after each side's ChangeCipherSpec are decrypted with the key block derived from
 * the master secret (tls12-keys.ts) when the suite is an AEAD one; otherwise they are listed by
 * type and length.
 *
 * Reading never throws on wire data or secrets. Every record yields an item — a parsed message,
 * or one that names why it could not be read — so a transcript keeps all that came before a fault.
 */
import {
  keyExchangeOf,
  parseAlert,
  parseHandshakeMessage,
  wireFormOf,
  type Alert,
  type CertificateRequest,
  type KeyExchange,
  type MalformedMessage,
  type ParsedHandshake,
  type WireForm,
} from './handshake.js';
import { parseKeyLog, sessionSecrets, type KeyLogLabel, type SessionSecrets } from './keylog.js';
import { HandshakeType } from './names.js';
import { ContentType, HandshakeReader, RECORD_HEADER_BYTES, RecordReader, type TlsFramingError, type TlsRecord } from './records.js';
import { Tls12DecryptError, Tls12KeyError, Tls12RecordDecryptor } from './tls12-keys.js';
import { RecordDecryptError, RecordDecryptor, Tls13KeyError, nextTrafficSecret } from './tls13-keys.js';
import type { TapSegment } from './tap.js';

export type Party = 'client' | 'server';

/** One thing a party sent, as read from its records. */
export type SentItem =
  | { kind: 'handshake'; message: ParsedHandshake }
  | { kind: 'alert'; alert: Alert | MalformedMessage }
  /** TLS 1.2's switch to encryption, or TLS 1.3's middlebox-compatibility dummy (RFC 8446 §D.4). */
  | { kind: 'change-cipher-spec'; length: number; compatibility: boolean }
  | { kind: 'application-data'; length: number }
  | { kind: 'heartbeat'; length: number }
  /** A record whose content could not be read; `reason` says why. */
  | { kind: 'encrypted'; contentType: number; length: number; reason: string };

export interface SentEntry {
  from: Party;
  item: SentItem;
  /** It came in a protected record and was decrypted with the session's secrets. */
  decrypted: boolean;
  /** Stream offset of the record that carried it (the record that completed it, for a message spanning records). */
  offset: number;
  /** Stream offset just past that record: when the message could be read. */
  end: number;
}

/** What one direction's bytes held. */
export interface DirectionReading {
  entries: SentEntry[];
  /** What the hellos settled, as far as these bytes tell. */
  version: number | null;
  cipherSuite: number | null;
  keyExchange: KeyExchange | null;
  /** The ServerHello's random (hex), when these bytes held it. */
  serverRandom: string | null;
  /** Protected records opened and not opened. */
  decrypted: number;
  undecrypted: number;
  /** Why the bytes are not TLS, or a handshake message over the size limit. */
  error: TlsFramingError | null;
  /** The bytes end inside a record or a handshake message. */
  incomplete: boolean;
}

export interface DirectionContext {
  from: Party;
  /** The negotiated version, when the other direction told (the client's bytes do not say it). */
  version?: number | null;
  cipherSuite?: number | null;
  keyExchange?: KeyExchange | null;
  /** This direction's handshake and first application traffic secrets (TLS 1.3). */
  handshakeSecret?: Buffer | null;
  applicationSecret?: Buffer | null;
  /** TLS 1.2: the master secret and the hellos' randoms (hex); the server's is read from its ServerHello when not given. */
  masterSecret?: Buffer | null;
  clientRandom?: string | null;
  serverRandom?: string | null;
  /** Stop after the first message this returns true for (a caller that wants one message). */
  until?: (item: SentItem) => boolean;
}

const isTls13 = (version: number | null) => version !== null && wireFormOf(version) === 'tls13';

/**
 * Where a direction is: in the clear; TLS 1.3 under its handshake or application traffic keys;
 * or TLS 1.2 after its ChangeCipherSpec.
 */
type Epoch = 'clear' | 'handshake' | 'application' | 'tls12-protected';

/** Reads one direction's recorded bytes into what it sent, decrypting where the secrets allow. */
export function readDirection(bytes: Buffer, context: DirectionContext): DirectionReading {
  return new DirectionReader(context).read(bytes);
}

class DirectionReader {
  private readonly from: Party;
  private readonly records = new RecordReader();
  private readonly entries: SentEntry[] = [];
  private clear = new HandshakeReader();
  /** Handshake messages inside protected records; a new one with each key (RFC 8446 §5.1: messages do not span a key change). */
  private protectedMessages = new HandshakeReader();
  private version: number | null;
  private cipherSuite: number | null;
  private keyExchange: KeyExchange | null;
  private serverRandom: string | null;
  private applicationSecret: Buffer | null;
  private epoch: Epoch = 'clear';
  private tls13: RecordDecryptor | null = null;
  private tls12: Tls12RecordDecryptor | null = null;
  /** Why the current epoch has no decryptor, for the records it leaves unread. */
  private keyProblem: string | null = null;
  private decrypted = 0;
  private undecrypted = 0;
  private stopped = false;
  private sawProtectedTls12Handshake = false;

  constructor(private readonly context: DirectionContext) {
    this.from = context.from;
    this.version = context.version ?? null;
    this.cipherSuite = context.cipherSuite ?? null;
    this.keyExchange = context.keyExchange ?? null;
    this.serverRandom = context.serverRandom ?? null;
    this.applicationSecret = context.applicationSecret ?? null;
  }

  read(bytes: Buffer): DirectionReading {
    for (const record of this.records.push(bytes)) {
      if (this.stopped) break;
      if (this.epoch === 'tls12-protected') this.readTls12Protected(record);
      else if (record.contentType === ContentType.applicationData) this.readApplicationData(record);
      else this.readClear(record);
    }
    const readers = [this.clear, this.protectedMessages];
    return {
      entries: this.entries,
      version: this.version,
      cipherSuite: this.cipherSuite,
      keyExchange: this.keyExchange,
      serverRandom: this.serverRandom,
      decrypted: this.decrypted,
      undecrypted: this.undecrypted,
      error: this.records.error ?? readers.find((r) => r.error)?.error ?? null,
      incomplete: !this.stopped && (this.records.buffered > 0 || readers.some((r) => r.buffered > 0)),
    };
  }

  private push(item: SentItem, record: TlsRecord, decrypted: boolean): void {
    this.entries.push({ from: this.from, item, decrypted, offset: record.offset, end: record.offset + RECORD_HEADER_BYTES + record.fragment.length });
    if (this.context.until?.(item)) this.stopped = true;
  }

  private unread(record: TlsRecord, reason: string): void {
    this.undecrypted++;
    this.push({ kind: 'encrypted', contentType: record.contentType, length: record.fragment.length, reason }, record, false);
  }

  private get form(): WireForm {
    return this.version === null ? 'tls12' : wireFormOf(this.version);
  }

  /** Handshake, ChangeCipherSpec, alert and heartbeat records before encryption (and TLS 1.3's dummy ChangeCipherSpec). */
  private readClear(record: TlsRecord): void {
    switch (record.contentType) {
      case ContentType.handshake:
        for (const message of this.clear.push(record.fragment)) {
          const parsed = parseHandshakeMessage(message, { form: this.form, keyExchange: this.keyExchange });
          this.push({ kind: 'handshake', message: parsed }, record, false);
          if (this.stopped) return;
          if ('error' in parsed || (parsed.type !== 'ServerHello' && parsed.type !== 'HelloRetryRequest')) continue;
          this.version = parsed.version.id;
          this.cipherSuite = parsed.cipherSuite.id;
          this.keyExchange = keyExchangeOf(parsed.cipherSuite.id);
          if (parsed.type === 'ServerHello') this.serverRandom = parsed.random;
        }
        return;
      case ContentType.changeCipherSpec:
        // RFC 8446 §D.4: in TLS 1.3 a dummy for middleboxes; before, the switch to the new keys.
        this.push({ kind: 'change-cipher-spec', length: record.fragment.length, compatibility: isTls13(this.version) }, record, false);
        if (!isTls13(this.version)) {
          this.epoch = 'tls12-protected';
          this.clear = new HandshakeReader();
          this.tls12 = this.tls12Decryptor();
        }
        return;
      case ContentType.alert:
        this.push({ kind: 'alert', alert: parseAlert(record.fragment) }, record, false);
        return;
      default:
        this.push({ kind: 'heartbeat', length: record.fragment.length }, record, false);
    }
  }

  /** application_data before any ChangeCipherSpec: TLS 1.3's protected records. */
  private readApplicationData(record: TlsRecord): void {
    if (!isTls13(this.version)) {
      this.unread(record, this.version === null ? 'the protocol version is unknown (no ServerHello was read)' : 'application data before ChangeCipherSpec');
      return;
    }
    if (this.epoch === 'clear') {
      this.epoch = 'handshake';
      this.tls13 = this.tls13Decryptor(this.context.handshakeSecret ?? null, 'handshake traffic');
    }
    let opened = this.tls13 ? this.tls13.open(record) : null;
    if ((opened === null || opened instanceof RecordDecryptError) && this.epoch === 'handshake') {
      // A Finished we could not read (no handshake secret, a lost record) leaves us on the old
      // key: try the next epoch's from its start.
      const problem = this.keyProblem;
      const next = this.tls13Decryptor(this.applicationSecret, 'application traffic');
      const retry = next?.open(record);
      if (retry && !(retry instanceof RecordDecryptError)) {
        this.epoch = 'application';
        this.tls13 = next;
        this.protectedMessages = new HandshakeReader();
        opened = retry;
      } else {
        this.keyProblem = problem;
      }
    }
    if (!opened || opened instanceof RecordDecryptError) {
      this.tls13?.skip();
      this.unread(record, opened ? `${opened.message} (${opened.reason})` : (this.keyProblem ?? 'no key'));
      return;
    }
    this.decrypted++;
    if (opened.contentType === ContentType.handshake) this.readTls13Handshake(opened.content, record);
    else if (opened.contentType === ContentType.changeCipherSpec || opened.contentType === ContentType.heartbeat) {
      this.push({ kind: 'encrypted', contentType: opened.contentType, length: opened.content.length, reason: `the decrypted record has content type ${opened.contentType}, which TLS 1.3 does not protect` }, record, true);
    } else this.pushContent(opened.contentType, opened.content, record);
  }

  /** Decrypted TLS 1.3 handshake messages; Finished and KeyUpdate change this direction's key. */
  private readTls13Handshake(content: Buffer, record: TlsRecord): void {
    for (const message of this.protectedMessages.push(content)) {
      this.push({ kind: 'handshake', message: parseHandshakeMessage(message, { form: 'tls13' }) }, record, true);
      if (this.stopped) return;
      if (message.type === HandshakeType.Finished && this.epoch === 'handshake') {
        this.epoch = 'application';
        this.tls13 = this.tls13Decryptor(this.applicationSecret, 'application traffic');
        this.protectedMessages = new HandshakeReader();
      } else if (message.type === HandshakeType.KeyUpdate && this.epoch === 'application' && this.applicationSecret && this.tls13) {
        this.applicationSecret = nextTrafficSecret(this.tls13.cipherSuite, this.applicationSecret);
        this.tls13 = this.tls13Decryptor(this.applicationSecret, 'updated application traffic');
        this.protectedMessages = new HandshakeReader();
      }
    }
  }

  /** TLS 1.2 after ChangeCipherSpec: the record's own type is in the clear, its content is not. */
  private readTls12Protected(record: TlsRecord): void {
    if (!this.tls12) {
      // RFC 5246 §7.4.9: the first handshake message after ChangeCipherSpec is Finished.
      const finished = record.contentType === ContentType.handshake && !this.sawProtectedTls12Handshake;
      if (record.contentType === ContentType.handshake) this.sawProtectedTls12Handshake = true;
      this.unread(record, `${finished ? 'the TLS 1.2 Finished, encrypted after ChangeCipherSpec' : 'encrypted after ChangeCipherSpec'}; not decrypted: ${this.keyProblem ?? 'no key'}`);
      return;
    }
    const opened = this.tls12.open(record);
    if (opened instanceof Tls12DecryptError) {
      this.tls12.skip();
      this.unread(record, `${opened.message} (${opened.reason})`);
      return;
    }
    this.decrypted++;
    if (opened.contentType === ContentType.handshake) {
      for (const message of this.protectedMessages.push(opened.content)) {
        this.push({ kind: 'handshake', message: parseHandshakeMessage(message, { form: this.form, keyExchange: this.keyExchange }) }, record, true);
        if (this.stopped) return;
      }
    } else if (opened.contentType === ContentType.changeCipherSpec) {
      this.push({ kind: 'change-cipher-spec', length: opened.content.length, compatibility: false }, record, true);
    } else if (opened.contentType === ContentType.heartbeat) {
      this.push({ kind: 'heartbeat', length: opened.content.length }, record, true);
    } else this.pushContent(opened.contentType, opened.content, record);
  }

  /** A decrypted alert or application data record. */
  private pushContent(contentType: number, content: Buffer, record: TlsRecord): void {
    if (contentType === ContentType.alert) this.push({ kind: 'alert', alert: parseAlert(content) }, record, true);
    else if (contentType === ContentType.applicationData) this.push({ kind: 'application-data', length: content.length }, record, true);
    else this.push({ kind: 'encrypted', contentType, length: content.length, reason: `the decrypted record has content type ${contentType}, which TLS does not define` }, record, true);
  }

  /** A TLS 1.3 decryptor for one of this direction's secrets, or null with the reason in keyProblem. */
  private tls13Decryptor(secret: Buffer | null, what: string): RecordDecryptor | null {
    this.keyProblem = null;
    if (!secret) this.keyProblem = `no ${this.from} ${what} secret was logged for this connection`;
    else if (this.cipherSuite === null) this.keyProblem = 'the cipher suite is unknown (no ServerHello was read)';
    else {
      const made = RecordDecryptor.fromSecret(this.cipherSuite, secret);
      if (!(made instanceof Tls13KeyError)) return made;
      this.keyProblem = made.message;
    }
    return null;
  }

  /** TLS 1.2, at this side's ChangeCipherSpec: its key from the master secret, or null with the reason in keyProblem. */
  private tls12Decryptor(): Tls12RecordDecryptor | null {
    const { masterSecret, clientRandom } = this.context;
    this.keyProblem = null;
    if (!masterSecret) this.keyProblem = 'no CLIENT_RANDOM (TLS 1.2 master secret) was logged for this connection';
    else if (this.cipherSuite === null || !clientRandom || !this.serverRandom) this.keyProblem = 'the hellos (their randoms and the suite) were not read';
    else {
      const made = Tls12RecordDecryptor.fromMasterSecret(this.cipherSuite, masterSecret, Buffer.from(clientRandom, 'hex'), Buffer.from(this.serverRandom, 'hex'), this.from);
      if (!(made instanceof Tls12KeyError)) return made;
      this.keyProblem = made.message;
    }
    return null;
  }
}

// ---------------------------------------------------------------------------
// Both directions

/** What the tap recorded of one connection, and the secrets the client logged. */
export interface HandshakeCapture {
  /** Bytes the client sent (the tap's outbound). */
  client: Buffer;
  /** Bytes the server sent (the tap's inbound). */
  server: Buffer;
  /** The order the bytes crossed the tap; without it the client's messages come first. */
  segments?: readonly TapSegment[];
  /** Node's `keylog` lines (or SSLKEYLOGFILE text lines). */
  keylog: readonly (string | Buffer)[];
}

export interface DecryptionSummary {
  /**
   * 'complete': every protected record was read; 'partial': some were not; 'failed': none were
   * (no secrets, or a TLS 1.2 CBC suite); 'not-needed': nothing was protected.
   */
  status: 'complete' | 'partial' | 'failed' | 'not-needed';
  /** The key log labels captured for this connection. */
  secrets: KeyLogLabel[];
  decryptedRecords: number;
  undecryptedRecords: number;
}

export interface CapturedHandshake {
  /** The ProtocolVersion the server chose (0x0304); null when no ServerHello was read. */
  version: number | null;
  cipherSuite: number | null;
  /** Every message of both parties, in the order they were sent. */
  entries: SentEntry[];
  client: DirectionReading;
  server: DirectionReading;
  decryption: DecryptionSummary;
}

/** The ClientHello's random (hex), which names the connection in the key log. */
function clientRandomOf(clientBytes: Buffer): string | null {
  const first = readDirection(clientBytes, { from: 'client', until: (item) => item.kind === 'handshake' });
  const hello = first.entries[0]?.item;
  return hello?.kind === 'handshake' && hello.message.type === 'ClientHello' && !('error' in hello.message) ? hello.message.random : null;
}

function secretsOf(capture: Pick<HandshakeCapture, 'client' | 'keylog'>): SessionSecrets {
  return sessionSecrets(parseKeyLog(capture.keylog).entries, clientRandomOf(capture.client));
}

/** What a direction needs to read TLS 1.2's protected records. */
const tls12Context = (secrets: SessionSecrets) => ({ masterSecret: secrets.masterSecret, clientRandom: secrets.clientRandom });

/**
 * Reads both directions (the server's first: its ServerHello names the version and suite the
 * client's bytes are read with) and interleaves them in the order they crossed the wire.
 */
export function readCapture(capture: HandshakeCapture): CapturedHandshake {
  const secrets = secretsOf(capture);
  const server = readDirection(capture.server, { from: 'server', handshakeSecret: secrets.serverHandshake, applicationSecret: secrets.serverApplication, ...tls12Context(secrets) });
  const client = readDirection(capture.client, {
    from: 'client',
    version: server.version,
    cipherSuite: server.cipherSuite,
    keyExchange: server.keyExchange,
    handshakeSecret: secrets.clientHandshake,
    applicationSecret: secrets.clientApplication,
    ...tls12Context(secrets),
    serverRandom: server.serverRandom,
  });
  const decryptedRecords = client.decrypted + server.decrypted;
  const undecryptedRecords = client.undecrypted + server.undecrypted;
  const status = decryptedRecords + undecryptedRecords === 0 ? 'not-needed' : undecryptedRecords === 0 ? 'complete' : decryptedRecords === 0 ? 'failed' : 'partial';
  return {
    version: server.version,
    cipherSuite: server.cipherSuite,
    entries: interleave(client.entries, server.entries, capture.segments),
    client,
    server,
    decryption: { status, secrets: secrets.labels, decryptedRecords, undecryptedRecords },
  };
}

/**
 * Orders entries by the tap segment in which their record was complete; a segment holds one
 * direction only, so the order within a direction is kept and the two merge without ties.
 */
function interleave(client: SentEntry[], server: SentEntry[], segments: readonly TapSegment[] | undefined): SentEntry[] {
  if (!segments?.length) return [...client, ...server];
  const locate = segmentLocator(segments);
  const keyed = (entries: SentEntry[], direction: TapSegment['direction']) => entries.map((entry) => ({ entry, at: locate(direction, entry.end) }));
  const a = keyed(client, 'outbound');
  const b = keyed(server, 'inbound');
  const out: SentEntry[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i]!.at <= b[j]!.at)) out.push(a[i++]!.entry);
    else out.push(b[j++]!.entry);
  }
  return out;
}

/** direction + stream offset just past a record → index of the segment that carried its last byte. */
function segmentLocator(segments: readonly TapSegment[]) {
  const byDirection = { inbound: [] as { end: number; index: number }[], outbound: [] as { end: number; index: number }[] };
  segments.forEach((segment, index) => byDirection[segment.direction].push({ end: segment.offset + segment.length, index }));
  return (direction: TapSegment['direction'], end: number): number => {
    const list = byDirection[direction];
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid]!.end < end) lo = mid + 1;
      else hi = mid;
    }
    return lo < list.length ? list[lo]!.index : Number.MAX_SAFE_INTEGER;
  };
}

// ---------------------------------------------------------------------------
// What `connect` asks

export type CertificateRequestLookup =
  /** The server sent it: in the clear (TLS 1.2) or encrypted and read here (TLS 1.3). */
  | { found: true; request: CertificateRequest; decrypted: boolean }
  /** Not in the server's bytes: none was sent, or (TLS 1.3) the records holding it could not be decrypted. */
  | { found: false; decryptionFailed: boolean };

/**
 * The server's CertificateRequest, with the CA names it accepts client certificates from: read in
 * the clear under TLS 1.2, decrypted under TLS 1.3 with the client's key log. Reads the server's
 * bytes only as far as the request.
 */
export function serverCertificateRequest(capture: Pick<HandshakeCapture, 'client' | 'server' | 'keylog'>): CertificateRequestLookup {
  const secrets = secretsOf(capture);
  const isRequest = (item: SentItem) => item.kind === 'handshake' && item.message.type === 'CertificateRequest' && !('error' in item.message);
  const server = readDirection(capture.server, {
    from: 'server',
    handshakeSecret: secrets.serverHandshake,
    applicationSecret: secrets.serverApplication,
    until: isRequest,
  });
  const last = server.entries.at(-1);
  if (last && isRequest(last.item) && last.item.kind === 'handshake') {
    return { found: true, request: last.item.message as CertificateRequest, decrypted: last.decrypted };
  }
  return { found: false, decryptionFailed: isTls13(server.version) && server.undecrypted > 0 };
}


/**
 * The certificates the server sent, exactly as sent (TLS 1.2 in the clear, TLS 1.3 decrypted),
 * or null when its Certificate message could not be read. Node's own view of the peer chain
 * (getPeerCertificate(true)) keeps only the certificates it could link by issuer, which drops an
 * issuer that is not a CA: a diagnosis needs what was on the wire.
 */
export function serverCertificates(capture: Pick<HandshakeCapture, 'client' | 'server' | 'keylog'>): Buffer[] | null {
  const secrets = secretsOf(capture);
  const isCertificate = (item: SentItem) => item.kind === 'handshake' && item.message.type === 'Certificate' && !('error' in item.message);
  const server = readDirection(capture.server, { from: 'server', handshakeSecret: secrets.serverHandshake, applicationSecret: secrets.serverApplication, until: isCertificate });
  const last = server.entries.at(-1)?.item;
  if (last?.kind === 'handshake' && last.message.type === 'Certificate' && !('error' in last.message)) return last.message.certificates.map((entry) => entry.der);
  return null;
}
