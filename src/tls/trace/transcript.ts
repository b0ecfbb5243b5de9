/**
 * The `trace` engine: one real handshake through the tap (connect's probe, so the same DNS, TCP,
 * timeouts, post-handshake wait and classification of failures), with the client's `keylog`
 * secrets captured, turned into the transcript of both directions, message by message, in the
 * order they crossed the wire — the encrypted part decrypted (decrypted-handshake.ts): all of TLS
 * 1.3's, and TLS 1.2's Finished and what follows it for the AEAD suites.
 */
import type { Cause } from '../../diagnose/knowledge/causes.js';
import { alertByNumber } from '../../diagnose/knowledge/tls-alerts.js';
import { DecodeError } from '../../x509/decode-error.js';
import { parseCertificate, subjectLabel } from '../../x509/certificate.js';
import { probeWithCapture, type ConnectOptions, type ConnectReport } from '../connect.js';
import type { Alert, CertificateMessage, CertificateRequest, DistinguishedName, MalformedMessage } from './handshake.js';
import { readCapture, type CapturedHandshake, type DecryptionSummary, type DirectionReading, type HandshakeCapture, type Party, type SentEntry } from './decrypted-handshake.js';
import { keyLogLine, parseKeyLog } from './keylog.js';
import { CONTENT_TYPES, cipherSuiteCode, versionCode, type Code } from './names.js';

/** `trace` takes connect's options except the HTTP request. */
export type TraceOptions = Omit<ConnectOptions, 'http'>;

/** One message of the transcript (design.md: `{ from, type, fields }`). */
export interface TraceMessage {
  from: Party;
  /**
   * 'ClientHello', 'ServerHello', 'HelloRetryRequest', 'EncryptedExtensions', 'CertificateRequest',
   * 'Certificate', 'CertificateVerify', 'Finished', 'NewSessionTicket', 'KeyUpdate',
   * 'ServerKeyExchange', 'ServerHelloDone', 'ClientKeyExchange', 'Alert', 'ChangeCipherSpec',
   * 'ApplicationData', 'Heartbeat', or 'EncryptedRecord' for a record that could not be decrypted.
   */
  type: string;
  /** It travelled in an encrypted record (TLS 1.3, or TLS 1.2 after ChangeCipherSpec) and was decrypted with the session's secrets. */
  decrypted: boolean;
  /** Offset, in the sender's byte stream, of the record that carried it. */
  offset: number;
  /** The decoded fields; wire values keep their number next to their name ({ id, name }). */
  fields: Record<string, unknown>;
  /** Set when the message does not match its structure: what is wrong, naming the field. */
  error?: string;
}

export interface TraceReport {
  /** The handshake completed and the server did not reject the connection right after it. */
  ok: boolean;
  target: string;
  address: string | null;
  servername: string | null;
  /** The version the server chose ('TLSv1.3'); null when no ServerHello was read. */
  version: string | null;
  cipher: string | null;
  /** The handshake completed on our side (under TLS 1.3 the server may still reject us after it: see error). */
  completed: boolean;
  messages: TraceMessage[];
  decryption: DecryptionSummary;
  /** The first alert the server sent, as the transcript (or, failing that, the error) shows it. */
  alert: { number: number; name: string; level: string | null; decrypted: boolean } | null;
  server: ConnectReport['server'];
  client: ConnectReport['client'];
  timings: ConnectReport['timings'];
  /** What the transcript could not show, in sentences (bytes that are not TLS, undecrypted records …). */
  notes: string[];
  /** What went wrong, in a sentence; null when the handshake went through. */
  error: string | null;
  /** Ranked causes (connect's classification), also for problems that did not stop the handshake. */
  causes: Cause[];
}

export interface TraceResult {
  report: TraceReport;
  /**
   * The captured secrets as SSLKEYLOGFILE lines (for --keylog). Kept out of the report: anyone
   * holding them can decrypt the recorded session.
   */
  keylog: string[];
}

/** Runs one handshake against the target and returns its transcript. */
export async function traceHandshake(options: TraceOptions): Promise<TraceResult> {
  const { report: probe, capture, secured } = await probeWithCapture(options, { awaitSessionTicket: true });
  const read = capture ? readCapture(capture) : null;
  const messages = read ? read.entries.map(traceMessage) : [];
  const version = read?.version != null ? versionCode(read.version).name : probe.tls?.version ?? null;
  const cipher = read?.cipherSuite != null ? cipherSuiteCode(read.cipherSuite).name : probe.tls?.cipher ?? null;
  const report: TraceReport = {
    ok: secured && probe.error === null,
    target: probe.target,
    address: probe.address,
    servername: probe.servername,
    version,
    cipher,
    completed: secured,
    messages,
    decryption: read?.decryption ?? { status: 'not-needed', secrets: [], decryptedRecords: 0, undecryptedRecords: 0 },
    alert: serverAlert(messages, probe),
    server: probe.server,
    client: probe.client,
    timings: probe.timings,
    notes: read && capture ? notesOn(read, capture) : [],
    error: probe.error,
    causes: probe.causes,
  };
  const keylog = capture ? parseKeyLog(capture.keylog).entries.map(keyLogLine) : [];
  return { report, keylog };
}

/** A transcript from recorded bytes and secrets alone (no network): what `traceHandshake` builds on. */
export function transcriptOf(capture: HandshakeCapture): { messages: TraceMessage[]; read: CapturedHandshake } {
  const read = readCapture(capture);
  return { messages: read.entries.map(traceMessage), read };
}

// ---------------------------------------------------------------------------
// Messages → JSON-ready fields

export function traceMessage(entry: SentEntry): TraceMessage {
  const { from, type, decrypted, offset, fields, error } = messageOf(entry);
  // Keys in reading order: who, what, how it travelled, then the fields.
  return { from, type, decrypted, offset, fields, ...(error === undefined ? {} : { error }) };
}

function messageOf(entry: SentEntry): TraceMessage {
  const base = { from: entry.from, decrypted: entry.decrypted, offset: entry.offset };
  const { item } = entry;
  switch (item.kind) {
    case 'handshake': {
      const message = item.message;
      if ('error' in message) return malformed(base, message);
      const { type, ...rest } = message;
      if (message.type === 'Certificate') return { ...base, type, fields: certificateFields(message) };
      if (message.type === 'CertificateRequest') return { ...base, type, fields: certificateRequestFields(message) };
      return { ...base, type, fields: jsonFields(rest) };
    }
    case 'alert':
      return 'error' in item.alert ? malformed(base, item.alert) : { ...base, type: 'Alert', fields: alertFields(item.alert) };
    case 'change-cipher-spec':
      return { ...base, type: 'ChangeCipherSpec', fields: { length: item.length, compatibility: item.compatibility } };
    case 'application-data':
      return { ...base, type: 'ApplicationData', fields: { length: item.length } };
    case 'heartbeat':
      return { ...base, type: 'Heartbeat', fields: { length: item.length } };
    case 'encrypted':
      return { ...base, type: 'EncryptedRecord', fields: { contentType: contentTypeCode(item.contentType), length: item.length, reason: item.reason } };
  }
}

const contentTypeCode = (id: number): Code => ({ id, name: CONTENT_TYPES[id] ?? null });

function malformed(base: Pick<TraceMessage, 'from' | 'decrypted' | 'offset'>, message: MalformedMessage): TraceMessage {
  return { ...base, type: message.type, fields: { length: message.length }, error: message.error };
}

/** Plain data, with Buffers as hex so that JSON stays readable. */
function jsonFields(value: object): Record<string, unknown> {
  return jsonValue(value) as Record<string, unknown>;
}

function jsonValue(value: unknown): unknown {
  if (Buffer.isBuffer(value)) return value.toString('hex');
  if (Array.isArray(value)) return value.map(jsonValue);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonValue(v)]));
  return value;
}

/** A CA name as `connect` reports acceptable CAs: the Name's text, or its DER in hex when it is not a Name. */
export const distinguishedNameText = (name: DistinguishedName): string => name.text ?? `DER:${name.der.toString('hex')}`;

function certificateRequestFields(message: CertificateRequest): Record<string, unknown> {
  return {
    length: message.length,
    requestContext: message.requestContext,
    certificateTypes: message.certificateTypes,
    signatureAlgorithms: message.signatureAlgorithms,
    signatureAlgorithmsCert: message.signatureAlgorithmsCert,
    /** null: TLS 1.3 without the certificate_authorities extension; []: TLS 1.2 naming none (any CA). */
    certificateAuthorities: message.certificateAuthorities?.map(distinguishedNameText) ?? null,
    extensions: message.extensions,
  };
}

/** Each certificate summarised (subject, issuer, validity, fingerprint); one that does not parse says why. */
function certificateFields(message: CertificateMessage): Record<string, unknown> {
  const certificates = message.certificates.map((entry) => {
    try {
      const cert = parseCertificate(entry.der);
      return {
        subject: subjectLabel(cert),
        issuer: cert.issuer.display,
        notBefore: cert.notBefore.toISOString(),
        notAfter: cert.notAfter.toISOString(),
        fingerprintSha256: cert.fingerprintSha256,
        bytes: entry.der.length,
        extensions: entry.extensions,
      };
    } catch (error) {
      if (!(error instanceof DecodeError)) throw error;
      return { subject: null, bytes: entry.der.length, error: `not a readable certificate: ${error.message}`, extensions: entry.extensions };
    }
  });
  return { length: message.length, requestContext: message.requestContext, certificates };
}

function alertFields(alert: Alert): Record<string, unknown> {
  const known = alertByNumber(alert.description);
  return {
    level: alert.level,
    description: { id: alert.description, name: known?.name ?? null },
    meaning: known?.meaning ?? `alert ${alert.description} is not in the IANA registry`,
  };
}

// ---------------------------------------------------------------------------
// Summary

function serverAlert(messages: readonly TraceMessage[], probe: ConnectReport): TraceReport['alert'] {
  const seen = messages.find((m) => m.from === 'server' && m.type === 'Alert' && !m.error);
  if (seen) {
    const level = seen.fields.level as Code;
    const description = seen.fields.description as Code;
    return { number: description.id, name: description.name ?? `alert(${description.id})`, level: level.name, decrypted: seen.decrypted };
  }
  return probe.alert ? { ...probe.alert, level: null, decrypted: false } : null;
}

function notesOn(read: CapturedHandshake, capture: HandshakeCapture): string[] {
  const notes: string[] = [];
  const side = (party: Party, reading: DirectionReading) => {
    if (reading.error) notes.push(`the ${party}'s bytes stop being TLS at offset ${reading.error.offset}: ${reading.error.message}`);
    else if (reading.incomplete) notes.push(`the ${party}'s bytes end inside a record or message (the connection closed, or the recording was cut short)`);
  };
  side('server', read.server);
  side('client', read.client);
  const { decryption } = read;
  const first = read.entries.find((e) => e.item.kind === 'encrypted')?.item;
  if (decryption.undecryptedRecords > 0 && first?.kind === 'encrypted') {
    notes.push(`${decryption.undecryptedRecords} encrypted record(s) could not be read, the first because: ${first.reason} (secrets logged: ${decryption.secrets.join(', ') || 'none'})`);
  }
  if (capture.client.length === 0 && capture.server.length === 0) notes.push('nothing was exchanged on the TCP connection');
  return notes;
}
