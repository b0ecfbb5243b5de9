import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clearHandshake } from '../../src/tls/trace/clear-handshake.js';
import { readCapture, readDirection, serverCertificateRequest, type HandshakeCapture, type SentEntry } from '../../src/tls/trace/decrypted-handshake.js';
import { parseHandshakeMessage, type KeyExchange, type WireForm } from '../../src/tls/trace/handshake.js';
import { parseKeyLog, sessionSecrets } from '../../src/tls/trace/keylog.js';
import { HandshakeReader, MAX_RECORD_FRAGMENT, RECORD_HEADER_BYTES, RecordReader, TlsFramingError, type HandshakeMessage, type TlsRecord } from '../../src/tls/trace/records.js';
import { Tls12DecryptError, Tls12KeyError, Tls12RecordDecryptor } from '../../src/tls/trace/tls12-keys.js';
import { RecordDecryptError, RecordDecryptor, Tls13KeyError } from '../../src/tls/trace/tls13-keys.js';
import { traceMessage } from '../../src/tls/trace/transcript.js';
import type { TapSegment } from '../../src/tls/trace/tap.js';
import { sealInner } from '../helpers/tls13-seal.js';

/**
 * Issue 5, "Bad input": whatever a peer sends, the trace readers neither throw nor hang, and every
 * failure is a typed value. Over 10,000 inputs, each a mutation of real records (captured by
 * test/fixtures/make-tls-captures.mjs: TLS 1.3 with AES-128-GCM, AES-256-GCM after a
 * HelloRetryRequest, ChaCha20-Poly1305, and TLS 1.2, all with client certificates): bit flips,
 * truncations, length fields set to extremes, spans of random bytes, insertions, deletions. The
 * PRNG is seeded, so a failure names an input that can be replayed.
 */

interface StoredCapture {
  name: string;
  client: string;
  server: string;
  segments: [TapSegment['direction'], number, number][];
  keylog: string[];
}

const stored = (JSON.parse(readFileSync(new URL('../fixtures/tls-captures.json', import.meta.url), 'utf8')) as { captures: StoredCapture[] }).captures;
const CAPTURES: HandshakeCapture[] = stored.map((c) => ({
  client: Buffer.from(c.client, 'hex'),
  server: Buffer.from(c.server, 'hex'),
  segments: c.segments.map(([direction, offset, length]) => ({ direction, offset, length })),
  keylog: c.keylog,
}));

// ---------------------------------------------------------------------------
// Deterministic randomness and mutations

/** mulberry32: a small seeded PRNG, so every run sees the same inputs. */
function prng(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return {
    int,
    pick: <T>(list: readonly T[]): T => list[int(list.length)]!,
    bytes: (n: number) => Buffer.from(Array.from({ length: n }, () => int(256))),
  };
}
type Rng = ReturnType<typeof prng>;

/** Values a length field is set to: empty, one, the extremes of 1-, 2- and 3-byte lengths, and just past. */
const EXTREMES = [[0x00], [0x01], [0xff], [0x00, 0x00], [0xff, 0xff], [0x7f, 0xff], [0x40, 0x01], [0x00, 0x00, 0x00], [0xff, 0xff, 0xff], [0x01, 0x00, 0x00]];

/** One to three mutations of `input` (never modified in place). */
function mutate(input: Buffer, rng: Rng): Buffer {
  let out = Buffer.from(input);
  const rounds = 1 + rng.int(3);
  for (let round = 0; round < rounds; round++) {
    const at = out.length ? rng.int(out.length) : 0;
    switch (rng.int(8)) {
      case 0: // bit flips
        for (let i = 0, n = 1 + rng.int(8); i < n && out.length; i++) out[rng.int(out.length)]! ^= 1 << rng.int(8);
        break;
      case 1: // truncation
        out = out.subarray(0, rng.int(out.length + 1));
        break;
      case 2: {
        // a length field set to an extreme
        const value = rng.pick(EXTREMES);
        for (let i = 0; i < value.length && at + i < out.length; i++) out[at + i] = value[i]!;
        break;
      }
      case 3: // a span of random bytes
        rng.bytes(1 + rng.int(16)).copy(out, at);
        break;
      case 4: // random bytes inserted
        out = Buffer.concat([out.subarray(0, at), rng.bytes(1 + rng.int(32)), out.subarray(at)]);
        break;
      case 5: // a span deleted
        out = Buffer.concat([out.subarray(0, at), out.subarray(at + 1 + rng.int(64))]);
        break;
      case 6: // a span repeated
        out = Buffer.concat([out.subarray(0, at), out.subarray(at, at + 1 + rng.int(64)), out.subarray(at)]);
        break;
      default: // nothing but random bytes, now and then
        if (rng.int(8) === 0) out = rng.bytes(rng.int(300));
        else out[at] = rng.int(256);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------
// What "typed" means for each reader

const FRAMING_REASONS = new Set(['unknown-content-type', 'bad-version', 'record-too-long', 'message-too-long']);
const DECRYPT_REASONS = new Set(['not-application-data', 'record-too-long', 'record-too-short', 'bad-record-mac', 'no-content-type', 'plaintext-too-long', 'sequence-exhausted']);
const ENTRY_KINDS = new Set(['handshake', 'alert', 'change-cipher-spec', 'application-data', 'heartbeat', 'encrypted']);

/**
 * Violations found, as sentences naming the input; asserted empty once at the end (a vitest
 * `expect` per check would cost more than the readers under test).
 */
const violations: string[] = [];
let current = '';
function check(ok: boolean, what: string): void {
  if (!ok && violations.length < 20) violations.push(`${current}: ${what}`);
}

function checkFraming(error: TlsFramingError | null): void {
  if (error === null) return;
  check(error instanceof TlsFramingError && FRAMING_REASONS.has(error.reason), `untyped framing failure ${String(error)}`);
}

/** Each entry is a known kind, a malformed message carries its reason, and the JSON form exists. */
function checkEntries(entries: readonly SentEntry[]): void {
  for (const entry of entries) {
    check(ENTRY_KINDS.has(entry.item.kind), `unknown entry kind ${entry.item.kind}`);
    const message = traceMessage(entry);
    check(typeof message.type === 'string' && (message.error === undefined || typeof message.error === 'string'), `bad message ${message.type}`);
    JSON.stringify(message);
  }
}

// ---------------------------------------------------------------------------
// Real material to mutate: records, handshake messages (clear and decrypted), protected records with their keys

interface ProtectedSample {
  /** The direction's bytes and where the record sits in them. */
  stream: Buffer;
  record: TlsRecord;
  suite: number;
  secret: Buffer;
  sequence: bigint;
  /** Decrypted TLSInnerPlaintext. */
  inner: Buffer;
  from: 'client' | 'server';
  context: Parameters<typeof readDirection>[1];
}

const records = (bytes: Buffer) => new RecordReader().push(bytes);

/** A TLS 1.2 record sent after ChangeCipherSpec, and what opens it. */
interface Tls12Sample {
  record: TlsRecord;
  sequence: bigint;
  open: () => Tls12RecordDecryptor | Tls12KeyError;
}

function material() {
  const messages: { message: HandshakeMessage; form: WireForm }[] = [];
  const samples: ProtectedSample[] = [];
  const tls12Samples: Tls12Sample[] = [];
  for (const capture of CAPTURES) {
    const read = readCapture(capture);
    const tls13 = read.version === 0x0304;
    const secrets = sessionSecrets(parseKeyLog(capture.keylog).entries);
    if (!tls13) {
      const serverRandom = Buffer.from(read.server.serverRandom!, 'hex');
      const clientRandom = Buffer.from(secrets.clientRandom!, 'hex');
      for (const from of ['client', 'server'] as const) {
        const all = records(capture[from]);
        const after = all.slice(all.findIndex((r) => r.contentType === 20) + 1);
        after.forEach((record, i) =>
          tls12Samples.push({ record, sequence: BigInt(i), open: () => Tls12RecordDecryptor.fromMasterSecret(read.cipherSuite!, secrets.masterSecret!, clientRandom, serverRandom, from) }),
        );
      }
    }
    for (const from of ['client', 'server'] as const) {
      const stream = capture[from];
      const clear = new HandshakeReader();
      const handshakeSecret = from === 'client' ? secrets.clientHandshake : secrets.serverHandshake;
      const applicationSecret = from === 'client' ? secrets.clientApplication : secrets.serverApplication;
      let secret = handshakeSecret;
      let decryptor = tls13 && secret ? (RecordDecryptor.fromSecret(read.cipherSuite!, secret) as RecordDecryptor) : null;
      let protectedReader = new HandshakeReader();
      for (const record of records(stream)) {
        if (record.contentType === 22 && !(tls13 && decryptor && decryptor.sequence > 0n)) {
          for (const message of clear.push(record.fragment)) messages.push({ message, form: tls13 ? 'tls13' : 'tls12' });
        }
        if (!tls13 || record.contentType !== 23 || !decryptor) continue;
        const sequence = decryptor.sequence;
        const opened = decryptor.open(record);
        if (opened instanceof RecordDecryptError) throw new Error(`fixture ${from} record at ${record.offset} does not decrypt: ${opened.message}`);
        const inner = Buffer.concat([opened.content, Buffer.from([opened.contentType]), Buffer.alloc(opened.paddingLength)]);
        samples.push({ stream, record, suite: read.cipherSuite!, secret: secret!, sequence, inner, from, context: { from, version: read.version, cipherSuite: read.cipherSuite, handshakeSecret, applicationSecret } });
        if (opened.contentType !== 22) continue;
        for (const message of protectedReader.push(opened.content)) {
          messages.push({ message, form: 'tls13' });
          if (message.type === 20 && secret === handshakeSecret) {
            secret = applicationSecret;
            decryptor = RecordDecryptor.fromSecret(read.cipherSuite!, secret!) as RecordDecryptor;
            protectedReader = new HandshakeReader();
          }
        }
      }
    }
  }
  return { messages, samples, tls12Samples };
}

const { messages: MESSAGES, samples: SAMPLES, tls12Samples: TLS12_SAMPLES } = material();

/** How each capture's directions are read: the server's as it comes, the client's with the version and suite the server chose. */
const CONTEXTS = CAPTURES.map((capture) => {
  const { version, cipherSuite } = readCapture(capture);
  const secrets = sessionSecrets(parseKeyLog(capture.keylog).entries);
  return {
    server: { from: 'server', handshakeSecret: secrets.serverHandshake, applicationSecret: secrets.serverApplication } as const,
    client: { from: 'client', version, cipherSuite, handshakeSecret: secrets.clientHandshake, applicationSecret: secrets.clientApplication } as const,
  };
});

// ---------------------------------------------------------------------------

describe('trace readers on mutated real records', () => {
  it('the fixtures are what the mutations start from: every capture reads completely', () => {
    for (const capture of CAPTURES) {
      const read = readCapture(capture);
      expect(read.client.error ?? read.server.error).toBeNull();
      expect(['complete', 'not-needed']).toContain(read.decryption.status);
      expect(read.entries.some((e) => e.item.kind === 'handshake' && e.item.message.type === 'CertificateRequest')).toBe(true);
    }
    expect(new Set(MESSAGES.map((m) => m.message.type))).toEqual(new Set([1, 2, 4, 8, 11, 12, 13, 14, 15, 16, 20]));
    expect(SAMPLES.length).toBeGreaterThan(20);
    expect(TLS12_SAMPLES.length).toBeGreaterThan(2);
    for (const sample of TLS12_SAMPLES) {
      const decryptor = sample.open() as Tls12RecordDecryptor;
      for (let n = 0n; n < sample.sequence; n++) decryptor.skip();
      expect(decryptor.open(sample.record)).not.toBeInstanceOf(Tls12DecryptError);
    }
  });

  it('over 10,000 inputs: no exception, no hang, every failure typed', () => {
    const rng = prng(0x5eed_2025);
    const started = performance.now();
    let inputs = 0;
    try {
      // 1. Record streams: RecordReader (whole and in random chunks), HandshakeReader, clearHandshake, readDirection.
      for (let i = 0; i < 3000; i++, inputs++) {
        const capture = CAPTURES[i % CAPTURES.length]!;
        const from = i % 2 ? 'client' : 'server';
        current = `stream ${i} (${stored[i % CAPTURES.length]!.name} ${from})`;
        const bytes = mutate(capture[from], rng);
        const whole = new RecordReader();
        const got = whole.push(bytes);
        checkFraming(whole.error);
        check(whole.buffered <= RECORD_HEADER_BYTES + MAX_RECORD_FRAGMENT, `holds ${whole.buffered} bytes`);
        const chunked = new RecordReader();
        const again: TlsRecord[] = [];
        for (let at = 0; at < bytes.length; ) {
          const size = 1 + rng.int(600);
          again.push(...chunked.push(bytes.subarray(at, at + size)));
          at += size;
        }
        check(again.length === got.length, `chunking changed the records: ${again.length} vs ${got.length}`);
        const handshakes = new HandshakeReader(rng.int(4) === 0 ? 64 : undefined);
        for (const record of got) if (record.contentType === 22) handshakes.push(record.fragment);
        checkFraming(handshakes.error);
        const clear = clearHandshake(bytes, { version: rng.pick([null, 0x0303, 0x0304, 0x0301]), keyExchange: rng.pick<KeyExchange | null>([null, 'ecdhe', 'dhe', 'rsa', 'other']) });
        checkFraming(clear.error);
        for (const message of clear.messages) check(typeof message.type === 'string', 'a clear message without a type');
        // Reading a whole direction decrypts and parses certificates: one stream in three is enough.
        if (i % 3) continue;
        const reading = readDirection(bytes, CONTEXTS[i % CAPTURES.length]![from]);
        checkFraming(reading.error);
        checkEntries(reading.entries);
      }

      // 2. Whole connections: both directions, the segments' order and the key log damaged too.
      for (let i = 0; i < 600; i++, inputs++) {
        const capture = CAPTURES[i % CAPTURES.length]!;
        current = `connection ${i} (${stored[i % CAPTURES.length]!.name})`;
        const damaged: HandshakeCapture = {
          client: rng.int(3) ? mutate(capture.client, rng) : capture.client,
          server: rng.int(3) ? mutate(capture.server, rng) : capture.server,
          segments: rng.int(4) ? capture.segments : capture.segments!.map((s) => ({ ...s, length: rng.int(5000) })),
          keylog: rng.int(4) ? capture.keylog : capture.keylog.map((line) => mutate(Buffer.from(line), rng).toString('latin1')),
        };
        const read = readCapture(damaged);
        checkFraming(read.client.error);
        checkFraming(read.server.error);
        checkEntries(read.entries);
        check(['complete', 'partial', 'failed', 'not-needed'].includes(read.decryption.status), `status ${read.decryption.status}`);
        check(typeof serverCertificateRequest(damaged).found === 'boolean', 'certificate request lookup');
      }

      // 3. Handshake messages, clear and decrypted, of every type: parsed in every layout.
      for (let i = 0; i < 5000; i++, inputs++) {
        const { message, form } = MESSAGES[i % MESSAGES.length]!;
        current = `message ${i} (type ${message.type})`;
        const body = mutate(message.body, rng);
        const type = rng.int(10) === 0 ? rng.int(256) : message.type;
        const parsed = parseHandshakeMessage({ type, length: body.length, body }, { form: rng.int(3) ? form : rng.pick<WireForm>(['tls10', 'tls12', 'tls13']), keyExchange: rng.pick<KeyExchange | null>([null, 'ecdhe', 'dhe', 'rsa', 'other']) });
        check(typeof parsed.type === 'string' && (!('error' in parsed) || typeof parsed.error === 'string'), `bad parse of type ${type}`);
        checkEntries([{ from: 'server', item: { kind: 'handshake', message: parsed }, decrypted: false, offset: 0, end: 0 }]);
      }

      // 4. Protected records, damaged on the wire: the decryptor refuses each with a reason.
      for (let i = 0; i < 1500; i++, inputs++) {
        const sample = SAMPLES[i % SAMPLES.length]!;
        current = `protected record ${i}`;
        const wire = mutate(Buffer.concat([Buffer.from([sample.record.contentType, sample.record.version >> 8, sample.record.version & 0xff, sample.record.fragment.length >> 8, sample.record.fragment.length & 0xff]), sample.record.fragment]), rng);
        const record = { contentType: wire[0] ?? 23, version: wire.length >= 3 ? wire.readUInt16BE(1) : 0x0303, fragment: wire.subarray(RECORD_HEADER_BYTES) };
        const secret = rng.int(10) === 0 ? rng.bytes(rng.pick([0, 16, 32, 48, 64])) : sample.secret;
        const decryptor = RecordDecryptor.fromSecret(rng.int(10) === 0 ? rng.int(0x10000) : sample.suite, secret);
        if (decryptor instanceof Tls13KeyError) {
          check(['unknown-cipher-suite', 'bad-secret-length'].includes(decryptor.reason), `key failure ${decryptor.reason}`);
          continue;
        }
        for (let n = 0n; n < sample.sequence; n++) decryptor.skip();
        const opened = decryptor.open(record);
        if (opened instanceof RecordDecryptError) check(DECRYPT_REASONS.has(opened.reason), `decrypt failure ${opened.reason}`);
        else check(opened.content.length <= 2 ** 14, `plaintext of ${opened.content.length} bytes`);
      }

      // 4b. TLS 1.2 protected records, damaged on the wire.
      for (let i = 0; i < 500; i++, inputs++) {
        const sample = TLS12_SAMPLES[i % TLS12_SAMPLES.length]!;
        current = `TLS 1.2 protected record ${i}`;
        const fragment = mutate(sample.record.fragment, rng);
        const decryptor = sample.open();
        if (decryptor instanceof Tls12KeyError) {
          check(false, `TLS 1.2 key failure ${decryptor.reason}`);
          continue;
        }
        for (let n = 0n; n < sample.sequence; n++) decryptor.skip();
        const opened = decryptor.open({ ...sample.record, contentType: rng.int(4) ? sample.record.contentType : 20 + rng.int(5), fragment });
        if (opened instanceof Tls12DecryptError) check(['record-too-long', 'record-too-short', 'bad-record-mac', 'sequence-exhausted'].includes(opened.reason), `TLS 1.2 decrypt failure ${opened.reason}`);
      }

      // 5. Protected records whose plaintext is damaged and sealed again: the parsers behind decryption.
      for (let i = 0; i < 600; i++, inputs++) {
        const sample = SAMPLES[i % SAMPLES.length]!;
        current = `resealed record ${i}`;
        const resealed = sealInner(sample.suite, sample.secret, sample.sequence, mutate(sample.inner, rng));
        const end = sample.record.offset + RECORD_HEADER_BYTES + sample.record.fragment.length;
        const stream = Buffer.concat([sample.stream.subarray(0, sample.record.offset), resealed, sample.stream.subarray(end)]);
        const reading = readDirection(stream, sample.context);
        checkFraming(reading.error);
        checkEntries(reading.entries);
      }

      // 6. Key log text.
      for (let i = 0; i < 500; i++, inputs++) {
        const lines = CAPTURES[i % CAPTURES.length]!.keylog as string[];
        current = `key log ${i}`;
        const log = parseKeyLog(mutate(Buffer.from(lines.join('\n')), rng).toString('latin1'));
        for (const failure of log.failures) check(['unknown-label', 'malformed'].includes(failure.reason), `key log failure ${failure.reason}`);
        for (const entry of log.entries) check(/^[0-9a-f]{64}$/.test(entry.clientRandom), `client random ${entry.clientRandom}`);
      }

    } catch (error) {
      // Name the input that broke a reader (the seed makes it replayable).
      throw new Error(`${current}: ${(error as Error).stack}`);
    }
    expect(violations).toEqual([]);
    expect(inputs).toBeGreaterThanOrEqual(10_000);
    // A budget, not a benchmark: well above the ~2 s this takes, far below a hang.
    expect(performance.now() - started).toBeLessThan(20_000);
  }, 60_000);
});
