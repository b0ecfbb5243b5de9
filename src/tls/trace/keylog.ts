/**
 * Session secrets in the NSS key log format (SSLKEYLOGFILE), which Node's `keylog` event emits
 * one line at a time and Wireshark reads: `<LABEL> <client_random, 64 hex> <secret, hex>`.
 * Format: https://firefox-source-docs.mozilla.org/security/nss/legacy/key_log_format/ and
 * draft-ietf-tls-keylogfile. Lines starting with '#' are comments.
 *
 * Parsing never throws: a line that is not a key log entry comes back as a failure naming the
 * line and why, next to the entries that were read.
 */

/**
 * The labels a TLS client can log: CLIENT_RANDOM carries the TLS 1.2 master secret, the rest are
 * the TLS 1.3 secrets of RFC 8446 §7.1 (Node's client logs all but the early ones).
 */
export const KEYLOG_LABELS = [
  'CLIENT_RANDOM',
  'CLIENT_EARLY_TRAFFIC_SECRET',
  'EARLY_EXPORTER_SECRET',
  'CLIENT_HANDSHAKE_TRAFFIC_SECRET',
  'SERVER_HANDSHAKE_TRAFFIC_SECRET',
  'CLIENT_TRAFFIC_SECRET_0',
  'SERVER_TRAFFIC_SECRET_0',
  'EXPORTER_SECRET',
] as const;
export type KeyLogLabel = (typeof KEYLOG_LABELS)[number];

export interface KeyLogEntry {
  label: KeyLogLabel;
  /** The ClientHello's random, lower-case hex (64 digits): which connection the secret belongs to. */
  clientRandom: string;
  /** 48 bytes for CLIENT_RANDOM; the hash length (32 or 48) for the TLS 1.3 secrets. */
  secret: Buffer;
}

export interface KeyLogFailure {
  /** 1-based line number among the lines given. */
  line: number;
  reason: 'unknown-label' | 'malformed';
  /** What is wrong, without the secret itself. */
  message: string;
}

export interface KeyLog {
  entries: KeyLogEntry[];
  failures: KeyLogFailure[];
}

const LABELS = new Set<string>(KEYLOG_LABELS);
const HEX = /^(?:[0-9a-fA-F]{2})+$/;

/** Reads key log lines: Node's `keylog` event payloads, or the text of an SSLKEYLOGFILE. */
export function parseKeyLog(input: string | readonly (string | Buffer)[]): KeyLog {
  // Node's keylog lines each end in a newline: one element, one line.
  const text = typeof input === 'string' ? input : input.map((l) => (typeof l === 'string' ? l : l.toString('latin1')).replace(/\r?\n$/, '')).join('\n');
  const lines = text.split(/\r?\n/);
  const entries: KeyLogEntry[] = [];
  const failures: KeyLogFailure[] = [];
  lines.forEach((raw, index) => {
    const text = raw.trim();
    if (text === '' || text.startsWith('#')) return;
    const line = index + 1;
    const parts = text.split(/\s+/);
    const [label, random, secret] = parts;
    if (!label || !LABELS.has(label)) {
      failures.push({ line, reason: 'unknown-label', message: `line ${line} starts with '${(label ?? '').slice(0, 40)}', not a key log label (${KEYLOG_LABELS.join(', ')})` });
      return;
    }
    if (parts.length !== 3 || !random || !secret || random.length !== 64 || !HEX.test(random) || !HEX.test(secret) || secret.length > 256) {
      failures.push({ line, reason: 'malformed', message: `line ${line} (${label}) is not '<label> <64 hex digits> <hex secret>'` });
      return;
    }
    entries.push({ label: label as KeyLogLabel, clientRandom: random.toLowerCase(), secret: Buffer.from(secret, 'hex') });
  });
  return { entries, failures };
}

/** One SSLKEYLOGFILE line (no newline), as Wireshark reads it. */
export const keyLogLine = (entry: KeyLogEntry): string => `${entry.label} ${entry.clientRandom} ${entry.secret.toString('hex')}`;

/** The secrets of one connection, by what they protect. */
export interface SessionSecrets {
  clientRandom: string | null;
  /** TLS 1.2: the 48-byte master secret (CLIENT_RANDOM). */
  masterSecret: Buffer | null;
  clientHandshake: Buffer | null;
  serverHandshake: Buffer | null;
  /** client_application_traffic_secret_0. */
  clientApplication: Buffer | null;
  serverApplication: Buffer | null;
  /** The labels present, in the order logged. */
  labels: KeyLogLabel[];
}

/**
 * The secrets of the connection whose ClientHello carried `clientRandom` (hex), or of the first
 * connection in the log when it is not given. A label logged twice keeps its first value.
 */
export function sessionSecrets(entries: readonly KeyLogEntry[], clientRandom?: string | null): SessionSecrets {
  const random = clientRandom?.toLowerCase() ?? entries[0]?.clientRandom ?? null;
  const mine = entries.filter((e) => e.clientRandom === random);
  const get = (label: KeyLogLabel) => mine.find((e) => e.label === label)?.secret ?? null;
  return {
    clientRandom: random,
    masterSecret: get('CLIENT_RANDOM'),
    clientHandshake: get('CLIENT_HANDSHAKE_TRAFFIC_SECRET'),
    serverHandshake: get('SERVER_HANDSHAKE_TRAFFIC_SECRET'),
    clientApplication: get('CLIENT_TRAFFIC_SECRET_0'),
    serverApplication: get('SERVER_TRAFFIC_SECRET_0'),
    labels: [...new Set(mine.map((e) => e.label))],
  };
}
