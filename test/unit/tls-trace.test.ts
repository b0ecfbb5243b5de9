import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  HELLO_RETRY_REQUEST_RANDOM,
  keyExchangeOf,
  parseAlert,
  parseCertificateMessage,
  parseCertificateRequest,
  parseCertificateVerify,
  parseClientHello,
  parseEncryptedExtensions,
  parseHandshakeMessage,
  parseNewSessionTicket,
  parseServerHello,
  parseServerHelloDone,
  parseServerKeyExchange,
  type CertificateRequest,
  type ClientHello,
  type ServerHello,
} from '../../src/tls/trace/handshake.js';
import { CIPHER_SUITES, cipherSuiteCode, isGrease, namedGroupCode, signatureSchemeCode } from '../../src/tls/trace/names.js';
import { HandshakeReader, looksLikeTls, MAX_RECORD_FRAGMENT, RecordReader, type TlsRecord } from '../../src/tls/trace/records.js';
import { clearHandshake, clearTranscript } from '../../src/tls/trace/clear-handshake.js';
import { oid, printableString, seq, set, toDer, utf8String } from '../../src/x509/der.js';

// ---------------------------------------------------------------------------
// Fixtures, hand-assembled: each helper writes one wire structure of RFC 8446 / RFC 5246.

const u8 = (n: number) => Buffer.from([n]);
const u16 = (n: number) => Buffer.from([n >> 8, n & 0xff]);
const u24 = (n: number) => Buffer.from([n >> 16, (n >> 8) & 0xff, n & 0xff]);
const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};
const cat = (...parts: Buffer[]) => Buffer.concat(parts);
const vec8 = (...parts: Buffer[]) => cat(u8(cat(...parts).length), ...parts);
const vec16 = (...parts: Buffer[]) => cat(u16(cat(...parts).length), ...parts);
const vec24 = (...parts: Buffer[]) => cat(u24(cat(...parts).length), ...parts);
const u16s = (...values: number[]) => cat(...values.map(u16));

const record = (contentType: number, fragment: Buffer, version = 0x0303) => cat(u8(contentType), u16(version), u16(fragment.length), fragment);
const handshake = (type: number, body: Buffer) => cat(u8(type), u24(body.length), body);
const ext = (type: number, body: Buffer) => cat(u16(type), vec16(body));

/** O=Example, CN=Dev Root CA — as `openssl req -subj '/O=Example/CN=Dev Root CA'` encodes it. */
const DEV_ROOT_NAME = toDer(seq(set(seq(oid('2.5.4.10'), printableString('Example'))), set(seq(oid('2.5.4.3'), utf8String('Dev Root CA')))));
const OTHER_NAME = toDer(seq(set(seq(oid('2.5.4.3'), utf8String('Other CA')))));
const RANDOM = Buffer.alloc(32, 0xab);

function clientHelloBody(extensions?: Buffer[]): Buffer {
  const list = extensions ?? [
    ext(0, vec16(u8(0), vec16(Buffer.from('api.internal')))),
    ext(0x0a0a, Buffer.alloc(0)), // GREASE
    ext(10, vec16(u16s(0x1a1a, 0x11ec, 29, 23, 24))),
    ext(13, vec16(u16s(0x0403, 0x0804, 0x0807, 0x0401))),
    ext(16, vec16(vec8(Buffer.from('h2')), vec8(Buffer.from('http/1.1')))),
    ext(43, vec8(u16s(0x0304, 0x0303))),
    ext(51, vec16(u16(29), vec16(Buffer.alloc(32, 1)), u16(23), vec16(Buffer.alloc(65, 4)))),
    ext(0x1234, Buffer.from('?!')),
  ];
  return cat(u16(0x0303), RANDOM, vec8(Buffer.alloc(32, 7)), vec16(u16s(0x1301, 0x1302, 0xc02b, 0xc02f, 0x00ff)), vec8(u8(0)), vec16(...list));
}

function serverHelloBody(options: { random?: Buffer; suite?: number; extensions?: Buffer[] | null } = {}): Buffer {
  const extensions = options.extensions === undefined ? [ext(43, u16(0x0304)), ext(51, cat(u16(29), vec16(Buffer.alloc(32, 2))))] : options.extensions;
  return cat(u16(0x0303), options.random ?? RANDOM, vec8(Buffer.alloc(32, 7)), u16(options.suite ?? 0x1301), u8(0), ...(extensions === null ? [] : [vec16(...extensions)]));
}

/** TLS 1.2 CertificateRequest: ecdsa_sign + rsa_sign, three schemes, two CA names. */
const certificateRequest12Body = () => cat(vec8(u8(64), u8(1)), vec16(u16s(0x0403, 0x0804, 0x0401)), vec16(vec16(DEV_ROOT_NAME), vec16(OTHER_NAME)));

/** ECDHE ServerKeyExchange on secp256r1, signed with rsa_pss_rsae_sha256. */
const ecdheServerKeyExchangeBody = () => cat(u8(3), u16(23), vec8(Buffer.alloc(65, 4)), u16(0x0804), vec16(Buffer.alloc(256, 9)));

const FAKE_CERT = Buffer.from('3003020101', 'hex');

/** A TLS 1.2 server flight: ServerHello … ServerHelloDone, all in one record. */
const tls12ServerFlight = () =>
  record(
    22,
    cat(
      handshake(2, serverHelloBody({ suite: 0xc02f, extensions: [ext(0xff01, vec8()), ext(23, Buffer.alloc(0))] })),
      handshake(11, vec24(vec24(FAKE_CERT))),
      handshake(12, ecdheServerKeyExchangeBody()),
      handshake(13, certificateRequest12Body()),
      handshake(14, Buffer.alloc(0)),
    ),
  );

const okMessage = <T>(value: T | { error: string }): T => {
  expect(value).not.toHaveProperty('error');
  return value as T;
};

// ---------------------------------------------------------------------------

describe('RecordReader', () => {
  const stream = cat(record(22, Buffer.from('hello')), record(20, u8(1)), record(23, Buffer.alloc(300, 0x55)), record(21, Buffer.from([2, 40])));
  const summary = (records: TlsRecord[]) => records.map((r) => [r.contentType, r.version, r.fragment.toString('hex'), r.offset]);
  const expected = summary(new RecordReader().push(stream));

  it('reads several records from one chunk, with their stream offsets', () => {
    expect(expected.map(([type]) => type)).toEqual([22, 20, 23, 21]);
    expect(expected.map(([, , , offset]) => offset)).toEqual([0, 10, 16, 321]);
    expect(expected[0]![2]).toBe(Buffer.from('hello').toString('hex'));
  });

  it('gives the same records however the stream is split into two chunks', () => {
    for (let at = 0; at <= stream.length; at++) {
      const reader = new RecordReader();
      const records = [...reader.push(stream.subarray(0, at)), ...reader.push(stream.subarray(at))];
      expect(summary(records), `split at ${at}`).toEqual(expected);
      expect(reader.buffered).toBe(0);
    }
  });

  it('gives the same records when fed one byte at a time', () => {
    const reader = new RecordReader();
    const records: TlsRecord[] = [];
    for (const byte of stream) records.push(...reader.push(Buffer.from([byte])));
    expect(summary(records)).toEqual(expected);
  });

  it('holds back an unfinished record and reports it as buffered', () => {
    const reader = new RecordReader();
    expect(reader.push(stream.subarray(0, 7))).toHaveLength(0);
    expect(reader.buffered).toBe(7);
    expect(reader.error).toBeNull();
  });

  it('stops at bytes that are not TLS, keeping the records before them', () => {
    const reader = new RecordReader();
    const records = reader.push(cat(record(22, Buffer.from('x')), Buffer.from('HTTP/1.1 400 Bad Request\r\n')));
    expect(records).toHaveLength(1);
    expect(reader.error?.reason).toBe('unknown-content-type');
    expect(reader.error?.offset).toBe(6);
    expect(reader.error?.message).toContain("'HTTP/'");
    expect(reader.push(record(22, Buffer.from('later')))).toEqual([]);
  });

  it('judges the first byte without waiting for a whole header', () => {
    const reader = new RecordReader();
    expect(reader.push(Buffer.from('S'))).toEqual([]);
    expect(reader.error?.reason).toBe('unknown-content-type');
  });

  it('rejects a record version that is not 3.x', () => {
    const reader = new RecordReader();
    reader.push(Buffer.from([22, 0x04, 0x01, 0, 1, 0]));
    expect(reader.error?.reason).toBe('bad-version');
  });

  it('accepts a record of 2^14 + 2048 bytes and rejects one byte more', () => {
    const largest = new RecordReader().push(record(23, Buffer.alloc(MAX_RECORD_FRAGMENT)));
    expect(largest[0]?.fragment.length).toBe(18432);
    const reader = new RecordReader();
    expect(reader.push(cat(u8(23), u16(0x0303), u16(MAX_RECORD_FRAGMENT + 1)))).toEqual([]);
    expect(reader.error?.reason).toBe('record-too-long');
    expect(reader.buffered).toBe(0);
  });
});

describe('looksLikeTls', () => {
  it.each([
    ['a ClientHello record', '160301020000', true],
    ['an alert record', '15030300020228', true],
    ['one handshake byte', '16', true],
    ['HTTP', Buffer.from('HTTP/1.1 200 OK').toString('hex'), false],
    ['SSH', Buffer.from('SSH-2.0-OpenSSH').toString('hex'), false],
    ['an SSLv2 hello', '8031010001', false],
    ['a 3.9 version', '160309000100', false],
    ['an oversized record', '1603034801', false],
    ['nothing', '', false],
  ])('%s', (_what, hex, expected) => {
    expect(looksLikeTls(Buffer.from(hex, 'hex'))).toBe(expected);
  });
});

describe('HandshakeReader', () => {
  const first = handshake(1, Buffer.alloc(700, 1));
  const second = handshake(2, Buffer.alloc(40, 2));
  const third = handshake(14, Buffer.alloc(0));
  const all = cat(first, second, third);

  it('reassembles a message spread over several records', () => {
    const reader = new HandshakeReader();
    expect(reader.push(first.subarray(0, 2))).toEqual([]);
    expect(reader.push(first.subarray(2, 300))).toEqual([]);
    const [message] = reader.push(first.subarray(300));
    expect(message).toMatchObject({ type: 1, length: 700 });
    expect(message!.body.equals(Buffer.alloc(700, 1))).toBe(true);
  });

  it('splits several messages out of one record, at every record boundary', () => {
    for (let at = 0; at <= all.length; at += 7) {
      const reader = new HandshakeReader();
      const messages = [...reader.push(all.subarray(0, at)), ...reader.push(all.subarray(at))];
      expect(messages.map((m) => [m.type, m.length]), `split at ${at}`).toEqual([
        [1, 700],
        [2, 40],
        [14, 0],
      ]);
      expect(reader.buffered).toBe(0);
    }
  });

  it('refuses a message longer than its limit instead of buffering it', () => {
    const reader = new HandshakeReader(1024);
    expect(reader.push(cat(u8(11), u24(5_000_000)))).toEqual([]);
    expect(reader.error?.reason).toBe('message-too-long');
    expect(reader.buffered).toBe(0);
  });
});

describe('names', () => {
  it('names every TLS 1.3 cipher suite and the common TLS 1.2 ones', () => {
    expect([0x1301, 0x1302, 0x1303, 0x1304, 0x1305].map((id) => CIPHER_SUITES[id])).toEqual([
      'TLS_AES_128_GCM_SHA256',
      'TLS_AES_256_GCM_SHA384',
      'TLS_CHACHA20_POLY1305_SHA256',
      'TLS_AES_128_CCM_SHA256',
      'TLS_AES_128_CCM_8_SHA256',
    ]);
    expect(cipherSuiteCode(0xc02b)).toEqual({ id: 0xc02b, name: 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256' });
    expect(cipherSuiteCode(0xcca8).name).toBe('TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256');
  });

  it('keeps unknown values as numbers and marks GREASE', () => {
    expect(cipherSuiteCode(0xbeef)).toEqual({ id: 0xbeef, name: null });
    expect(namedGroupCode(0x2a2a).name).toBe('GREASE');
    expect(isGrease(0xfafa)).toBe(true);
    expect(isGrease(0x0a1a)).toBe(false);
  });

  it('names groups and signature schemes as IANA does', () => {
    expect([29, 23, 24, 25, 30, 0x100, 0x11ec].map((id) => namedGroupCode(id).name)).toEqual([
      'x25519',
      'secp256r1',
      'secp384r1',
      'secp521r1',
      'x448',
      'ffdhe2048',
      'X25519MLKEM768',
    ]);
    expect([0x0403, 0x0804, 0x0807, 0x0401, 0x0809].map((id) => signatureSchemeCode(id).name)).toEqual([
      'ecdsa_secp256r1_sha256',
      'rsa_pss_rsae_sha256',
      'ed25519',
      'rsa_pkcs1_sha256',
      'rsa_pss_pss_sha256',
    ]);
  });
});

describe('ClientHello', () => {
  it('reads the fields and extensions a diagnosis needs', () => {
    const hello = okMessage<ClientHello>(parseClientHello(clientHelloBody()));
    expect(hello.legacyVersion).toEqual({ id: 0x0303, name: 'TLSv1.2' });
    expect(hello.random).toBe('ab'.repeat(32));
    expect(hello.sessionIdLength).toBe(32);
    expect(hello.cipherSuites.map((s) => s.name)).toEqual([
      'TLS_AES_128_GCM_SHA256',
      'TLS_AES_256_GCM_SHA384',
      'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
      'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
      'TLS_EMPTY_RENEGOTIATION_INFO_SCSV',
    ]);
    expect(hello.compressionMethods).toEqual([0]);
    expect(hello.serverName).toBe('api.internal');
    expect(hello.alpn).toEqual(['h2', 'http/1.1']);
    expect(hello.supportedVersions?.map((v) => v.name)).toEqual(['TLSv1.3', 'TLSv1.2']);
    expect(hello.supportedGroups?.map((g) => g.name)).toEqual(['GREASE', 'X25519MLKEM768', 'x25519', 'secp256r1', 'secp384r1']);
    expect(hello.signatureAlgorithms?.map((s) => s.name)).toEqual(['ecdsa_secp256r1_sha256', 'rsa_pss_rsae_sha256', 'ed25519', 'rsa_pkcs1_sha256']);
    expect(hello.keyShares).toEqual([
      { group: { id: 29, name: 'x25519' }, keyLength: 32 },
      { group: { id: 23, name: 'secp256r1' }, keyLength: 65 },
    ]);
    expect(hello.signatureAlgorithmsCert).toBeNull();
    expect(hello.extensions).toEqual([
      { type: 0, name: 'server_name', length: 17 },
      { type: 0x0a0a, name: 'GREASE', length: 0 },
      { type: 10, name: 'supported_groups', length: 12 },
      { type: 13, name: 'signature_algorithms', length: 10 },
      { type: 16, name: 'application_layer_protocol_negotiation', length: 14 },
      { type: 43, name: 'supported_versions', length: 5 },
      { type: 51, name: 'key_share', length: 107 },
      { type: 0x1234, name: null, length: 2 },
    ]);
  });

  it('keeps the rest of the hello when one extension is malformed', () => {
    const badAlpn = ext(16, vec16(vec8(Buffer.from('h2')), u8(9)));
    const hello = okMessage<ClientHello>(parseClientHello(clientHelloBody([ext(0, vec16(u8(0), vec16(Buffer.from('a')))), badAlpn])));
    expect(hello.serverName).toBe('a');
    expect(hello.alpn).toBeNull();
    expect(hello.extensions[1]?.error).toMatch(/protocol name runs past the end/);
  });

  it('flags a repeated extension', () => {
    const hello = okMessage<ClientHello>(parseClientHello(clientHelloBody([ext(23, Buffer.alloc(0)), ext(23, Buffer.alloc(0))])));
    expect(hello.extensions.map((e) => e.error)).toEqual([undefined, 'duplicate extension']);
  });

  it('reads a hello without an extensions block (TLS 1.0 clients)', () => {
    const body = cat(u16(0x0301), RANDOM, vec8(), vec16(u16s(0x002f)), vec8(u8(0)));
    const hello = okMessage<ClientHello>(parseClientHello(body));
    expect(hello.extensions).toEqual([]);
    expect(hello.serverName).toBeNull();
    expect(hello.supportedVersions).toBeNull();
  });

  it('never throws on a truncated or padded body, and names the field at fault', () => {
    const body = clientHelloBody();
    // Cut right after compression_methods it is a valid hello without extensions (TLS 1.0).
    const withoutExtensions = 2 + 32 + 1 + 32 + 2 + 10 + 1 + 1;
    for (let length = 0; length < body.length; length++) {
      const result = parseClientHello(body.subarray(0, length));
      if (length === withoutExtensions) expect(result).toMatchObject({ extensions: [] });
      else expect(result, `prefix of ${length} bytes`).toHaveProperty('error');
    }
    expect(parseClientHello(body.subarray(0, 10))).toEqual({ type: 'ClientHello', length: 10, error: 'random runs past the end (8 bytes left, 32 needed)' });
    expect(parseClientHello(cat(body, u8(0)))).toMatchObject({ error: '1 unexpected bytes after the extensions' });
  });
});

describe('ServerHello', () => {
  it('reads the TLS 1.3 version and key share from its extensions', () => {
    const hello = okMessage<ServerHello>(parseServerHello(serverHelloBody()));
    expect(hello.type).toBe('ServerHello');
    expect(hello.legacyVersion.name).toBe('TLSv1.2');
    expect(hello.selectedVersion?.name).toBe('TLSv1.3');
    expect(hello.version.name).toBe('TLSv1.3');
    expect(hello.cipherSuite).toEqual({ id: 0x1301, name: 'TLS_AES_128_GCM_SHA256' });
    expect(hello.keyShareGroup?.name).toBe('x25519');
    expect(hello.downgradeSentinel).toBeNull();
  });

  it('recognises a HelloRetryRequest by its random, and reads the group it asks for', () => {
    expect(HELLO_RETRY_REQUEST_RANDOM.equals(createHash('sha256').update('HelloRetryRequest').digest())).toBe(true);
    const body = serverHelloBody({ random: HELLO_RETRY_REQUEST_RANDOM, extensions: [ext(43, u16(0x0304)), ext(51, u16(0x11ec))] });
    const retry = okMessage<ServerHello>(parseServerHello(body));
    expect(retry.type).toBe('HelloRetryRequest');
    expect(retry.keyShareGroup?.name).toBe('X25519MLKEM768');
  });

  it('reads a TLS 1.2 hello without extensions, and the downgrade sentinel', () => {
    const random = cat(Buffer.alloc(24, 1), Buffer.from('DOWNGRD'), u8(1));
    const hello = okMessage<ServerHello>(parseServerHello(serverHelloBody({ random, suite: 0xc02b, extensions: null })));
    expect(hello.version.name).toBe('TLSv1.2');
    expect(hello.selectedVersion).toBeNull();
    expect(hello.keyShareGroup).toBeNull();
    expect(hello.downgradeSentinel).toBe('TLSv1.2');
    expect(keyExchangeOf(hello.cipherSuite.id)).toBe('ecdhe');
  });

  it('reads the ALPN protocol a TLS 1.2 server chose', () => {
    const hello = okMessage<ServerHello>(parseServerHello(serverHelloBody({ extensions: [ext(16, vec16(vec8(Buffer.from('h2'))))] })));
    expect(hello.alpn).toBe('h2');
  });
});

describe('Certificate', () => {
  it('reads the TLS 1.2 form: a list of DER certificates', () => {
    const message = parseCertificateMessage(vec24(vec24(FAKE_CERT), vec24(Buffer.from('3000', 'hex'))), 'tls12');
    expect(message).toMatchObject({ type: 'Certificate', form: 'tls12', requestContext: null });
    expect(okMessage<{ certificates: { der: Buffer }[] }>(message).certificates.map((c) => c.der.toString('hex'))).toEqual(['3003020101', '3000']);
  });

  it('reads the TLS 1.3 form: request context and per-entry extensions', () => {
    const entry = (der: Buffer, ...extensions: Buffer[]) => cat(vec24(der), vec16(...extensions));
    const body = cat(vec8(Buffer.from('0102', 'hex')), vec24(entry(FAKE_CERT, ext(5, Buffer.from('0100', 'hex'))), entry(FAKE_CERT)));
    const message = parseCertificateMessage(body, 'tls13');
    expect(message).toMatchObject({
      type: 'Certificate',
      form: 'tls13',
      requestContext: '0102',
      certificates: [{ extensions: [{ type: 5, name: 'status_request', length: 2 }] }, { extensions: [] }],
    });
  });

  it('reads an empty list (a client without a certificate)', () => {
    expect(parseCertificateMessage(vec24(), 'tls12')).toMatchObject({ certificates: [] });
    expect(parseCertificateMessage(cat(vec8(), vec24()), 'tls13')).toMatchObject({ certificates: [] });
  });

  it('reports a certificate that overruns its list', () => {
    expect(parseCertificateMessage(vec24(u24(50), FAKE_CERT), 'tls12')).toMatchObject({ type: 'Certificate', error: expect.stringMatching(/^certificate runs past the end/) });
  });
});

describe('CertificateRequest', () => {
  it('reads the TLS 1.2 form and renders the acceptable CA names', () => {
    const request = okMessage<CertificateRequest>(parseCertificateRequest(certificateRequest12Body(), 'tls12'));
    expect(request.certificateTypes?.map((t) => t.name)).toEqual(['ecdsa_sign', 'rsa_sign']);
    expect(request.signatureAlgorithms?.map((s) => s.name)).toEqual(['ecdsa_secp256r1_sha256', 'rsa_pss_rsae_sha256', 'rsa_pkcs1_sha256']);
    expect(request.certificateAuthorities?.map((n) => n.text)).toEqual(['O=Example, CN=Dev Root CA', 'CN=Other CA']);
    expect(request.certificateAuthorities?.[0]?.der.equals(DEV_ROOT_NAME)).toBe(true);
    expect(request.requestContext).toBeNull();
  });

  it('reads the TLS 1.0 form, which has no signature algorithms', () => {
    const request = okMessage<CertificateRequest>(parseCertificateRequest(cat(vec8(u8(1)), vec16()), 'tls10'));
    expect(request.signatureAlgorithms).toBeNull();
    expect(request.certificateAuthorities).toEqual([]);
  });

  it('keeps a CA name that is not DER as bytes, with the reason', () => {
    const body = cat(vec8(u8(64)), vec16(u16s(0x0403)), vec16(vec16(Buffer.from('not der'))));
    const [name] = okMessage<CertificateRequest>(parseCertificateRequest(body, 'tls12')).certificateAuthorities!;
    expect(name).toMatchObject({ text: null, error: expect.any(String) });
    expect(name?.der.toString()).toBe('not der');
  });

  it('reads the TLS 1.3 form: context, signature_algorithms and certificate_authorities extensions', () => {
    const body = cat(vec8(), vec16(ext(13, vec16(u16s(0x0807, 0x0403))), ext(47, vec16(vec16(DEV_ROOT_NAME)))));
    const request = okMessage<CertificateRequest>(parseCertificateRequest(body, 'tls13'));
    expect(request.requestContext).toBe('');
    expect(request.certificateTypes).toBeNull();
    expect(request.signatureAlgorithms?.map((s) => s.name)).toEqual(['ed25519', 'ecdsa_secp256r1_sha256']);
    expect(request.certificateAuthorities?.map((n) => n.text)).toEqual(['O=Example, CN=Dev Root CA']);
    expect(request.extensions.map((e) => e.name)).toEqual(['signature_algorithms', 'certificate_authorities']);
  });

  it('says null, not empty, when a TLS 1.3 request names no CAs', () => {
    const request = okMessage<CertificateRequest>(parseCertificateRequest(cat(vec8(), vec16(ext(13, vec16(u16s(0x0403))))), 'tls13'));
    expect(request.certificateAuthorities).toBeNull();
  });
});

describe('the other handshake messages', () => {
  it('ServerKeyExchange: ECDHE named curve and signature algorithm', () => {
    expect(parseServerKeyExchange(ecdheServerKeyExchangeBody(), 'tls12', 'ecdhe')).toEqual({
      type: 'ServerKeyExchange',
      length: 329,
      keyExchange: 'ecdhe',
      group: { id: 23, name: 'secp256r1' },
      primeBits: null,
      publicKeyLength: 65,
      signatureAlgorithm: { id: 0x0804, name: 'rsa_pss_rsae_sha256' },
      signatureLength: 256,
    });
  });

  it('ServerKeyExchange: refuses explicit curves and reads DHE prime sizes', () => {
    expect(parseServerKeyExchange(cat(u8(1), Buffer.alloc(10)), 'tls12', 'ecdhe')).toMatchObject({ error: expect.stringContaining('explicit curve') });
    const prime = cat(u8(0x80), Buffer.alloc(255, 0xff));
    const dhe = parseServerKeyExchange(cat(vec16(prime), vec16(u8(2)), vec16(Buffer.alloc(256, 3)), u16(0x0401), vec16(Buffer.alloc(256))), 'tls12', 'dhe');
    expect(dhe).toMatchObject({ keyExchange: 'dhe', primeBits: 2048, group: null, publicKeyLength: 256 });
  });

  it('CertificateVerify, Finished, ServerHelloDone, ClientKeyExchange', () => {
    expect(parseCertificateVerify(cat(u16(0x0403), vec16(Buffer.alloc(71))), 'tls13')).toEqual({
      type: 'CertificateVerify',
      length: 75,
      algorithm: { id: 0x0403, name: 'ecdsa_secp256r1_sha256' },
      signatureLength: 71,
    });
    const finished = parseHandshakeMessage({ type: 20, length: 12, body: Buffer.alloc(12, 0xee) }, { form: 'tls12' });
    expect(finished).toEqual({ type: 'Finished', length: 12, verifyData: 'ee'.repeat(12) });
    expect(parseServerHelloDone(Buffer.alloc(0))).toEqual({ type: 'ServerHelloDone', length: 0 });
    expect(parseServerHelloDone(Buffer.alloc(1))).toHaveProperty('error');
    expect(parseHandshakeMessage({ type: 16, length: 66, body: Buffer.alloc(66) }, { form: 'tls12' })).toEqual({ type: 'ClientKeyExchange', length: 66 });
  });

  it('NewSessionTicket in both forms', () => {
    expect(parseNewSessionTicket(cat(u32(7200), vec16(Buffer.alloc(160))), 'tls12')).toMatchObject({ form: 'tls12', lifetime: 7200, ticketLength: 160, ageAdd: null });
    const body13 = cat(u32(300), u32(0xdeadbeef), vec8(u8(0)), vec16(Buffer.alloc(200)), vec16(ext(42, u32(16384))));
    expect(parseNewSessionTicket(body13, 'tls13')).toMatchObject({
      form: 'tls13',
      lifetime: 300,
      ageAdd: 0xdeadbeef,
      nonce: '00',
      ticketLength: 200,
      extensions: [{ type: 42, name: 'early_data', length: 4 }],
    });
  });

  it('EncryptedExtensions: ALPN and the SNI acknowledgement', () => {
    const body = vec16(ext(0, Buffer.alloc(0)), ext(16, vec16(vec8(Buffer.from('h2')))), ext(10, vec16(u16s(29))));
    expect(parseEncryptedExtensions(body)).toMatchObject({ alpn: 'h2', serverNameAcknowledged: true, supportedGroups: [{ id: 29, name: 'x25519' }], earlyDataAccepted: false });
  });

  it('names message types it does not parse, and keeps unknown ones as numbers', () => {
    expect(parseHandshakeMessage({ type: 24, length: 1, body: u8(0) }, { form: 'tls13' })).toEqual({ type: 'KeyUpdate', handshakeType: 24, length: 1 });
    expect(parseHandshakeMessage({ type: 99, length: 0, body: Buffer.alloc(0) }, { form: 'tls13' })).toEqual({ type: 'Unknown', handshakeType: 99, length: 0 });
  });

  it('Alert: level and description', () => {
    expect(parseAlert(Buffer.from([2, 48]))).toEqual({ type: 'Alert', length: 2, level: { id: 2, name: 'fatal' }, description: 48 });
    expect(parseAlert(Buffer.from([2]))).toMatchObject({ type: 'Alert', error: 'an alert is 2 bytes, this one is 1' });
  });
});

describe('clearHandshake', () => {
  it('reads a TLS 1.2 server flight in one record, its clear alert, and stops at ChangeCipherSpec', () => {
    const ticket = record(22, handshake(4, cat(u32(300), vec16(Buffer.alloc(16)))));
    const bytes = cat(tls12ServerFlight(), ticket, record(20, u8(1)), record(22, Buffer.alloc(40)), record(21, Buffer.alloc(26)));
    const result = clearHandshake(bytes);
    expect(result.messages.map((m) => m.type)).toEqual(['ServerHello', 'Certificate', 'ServerKeyExchange', 'CertificateRequest', 'ServerHelloDone', 'NewSessionTicket']);
    expect(result.version?.name).toBe('TLSv1.2');
    expect(result.stoppedBy).toBe('change-cipher-spec');
    expect(result.stoppedAt).toBe(tls12ServerFlight().length + ticket.length);
    expect(result.encryptedRecords).toBe(2);
    expect(result.incomplete).toBe(false);
    const request = result.messages[3] as CertificateRequest;
    expect(request.certificateAuthorities?.[0]?.text).toBe('O=Example, CN=Dev Root CA');
    expect(result.messages[2]).toMatchObject({ group: { name: 'secp256r1' } });
  });

  it('shows an alert sent in the clear', () => {
    const result = clearHandshake(cat(tls12ServerFlight(), record(21, Buffer.from([2, 40]))));
    expect(result.messages.at(-1)).toMatchObject({ type: 'Alert', level: { name: 'fatal' }, description: 40 });
    expect(result.stoppedBy).toBeNull();
  });

  it('reads a message split over records, dated by the record that completes it', () => {
    const message = handshake(13, certificateRequest12Body());
    const bytes = cat(record(22, message.subarray(0, 10)), record(22, message.subarray(10, 30)), record(22, message.subarray(30)));
    const result = clearHandshake(bytes, { version: 0x0303 });
    expect(result.messages).toHaveLength(1);
    expect(result.messages[0]).toMatchObject({ type: 'CertificateRequest', offset: 40 });
  });

  it('stops right after a TLS 1.3 ServerHello and counts the encrypted records', () => {
    const hello = record(22, handshake(2, serverHelloBody()));
    const bytes = cat(hello, record(20, u8(1)), record(23, Buffer.alloc(30)), record(23, Buffer.alloc(900)), record(23, Buffer.alloc(80)));
    const result = clearHandshake(bytes);
    expect(result.messages.map((m) => m.type)).toEqual(['ServerHello']);
    expect(result.version?.name).toBe('TLSv1.3');
    expect(result.stoppedBy).toBe('tls13-encrypted');
    expect(result.stoppedAt).toBe(hello.length);
    expect(result.encryptedRecords).toBe(3);
  });

  it('reads through a HelloRetryRequest and its dummy ChangeCipherSpec to the real ServerHello', () => {
    const retry = serverHelloBody({ random: HELLO_RETRY_REQUEST_RANDOM, extensions: [ext(43, u16(0x0304)), ext(51, u16(23))] });
    const bytes = cat(record(22, handshake(2, retry)), record(20, u8(1)), record(22, handshake(2, serverHelloBody())), record(23, Buffer.alloc(50)));
    const result = clearHandshake(bytes);
    expect(result.messages.map((m) => m.type)).toEqual(['HelloRetryRequest', 'ChangeCipherSpec', 'ServerHello']);
    expect(result.messages[1]).toMatchObject({ compatibility: true });
    expect(result.encryptedRecords).toBe(1);
  });

  it("reads a TLS 1.3 client's retry, given the version", () => {
    const hello = record(22, handshake(1, clientHelloBody()), 0x0301);
    const bytes = cat(hello, record(20, u8(1)), hello, record(23, Buffer.alloc(100)));
    expect(clearHandshake(bytes, { version: 0x0304 }).messages.map((m) => m.type)).toEqual(['ClientHello', 'ChangeCipherSpec', 'ClientHello']);
    expect(clearHandshake(bytes).messages.map((m) => m.type)).toEqual(['ClientHello']);
  });

  it('says when the bytes are not TLS', () => {
    const result = clearHandshake(Buffer.from('HTTP/1.1 400 Bad Request\r\n\r\n'));
    expect(result.stoppedBy).toBe('not-tls');
    expect(result.error?.reason).toBe('unknown-content-type');
    expect(result.messages).toEqual([]);
  });

  it('says when the bytes end inside a record', () => {
    const bytes = tls12ServerFlight();
    const result = clearHandshake(bytes.subarray(0, bytes.length - 3));
    expect(result.incomplete).toBe(true);
    expect(result.messages).toEqual([]);
  });

  it('clearTranscript reads the client with the version the server chose', () => {
    const client = cat(record(22, handshake(1, clientHelloBody())), record(20, u8(1)), record(23, Buffer.alloc(60)));
    const server = cat(record(22, handshake(2, serverHelloBody())), record(20, u8(1)), record(23, Buffer.alloc(60)));
    const transcript = clearTranscript({ client, server });
    expect(transcript.version?.name).toBe('TLSv1.3');
    expect(transcript.client.messages.map((m) => m.type)).toEqual(['ClientHello', 'ChangeCipherSpec']);
    expect(transcript.client.stoppedBy).toBe('tls13-encrypted');
  });
});

describe('hostile input', () => {
  it('no parser throws on corrupted messages', () => {
    // A fixed linear congruential sequence: the same corruptions on every run.
    let seed = 0x2545f491;
    const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
    const certificate13 = cat(vec8(), vec24(vec24(FAKE_CERT), vec16(ext(5, u8(1)))));
    const samples: [number, Buffer][] = [
      [1, clientHelloBody()],
      [2, serverHelloBody()],
      [11, certificate13],
      [12, ecdheServerKeyExchangeBody()],
      [13, certificateRequest12Body()],
      [4, cat(u32(300), u32(1), vec8(u8(0)), vec16(Buffer.alloc(20)), vec16(ext(42, u32(1))))],
      [8, vec16(ext(16, vec16(vec8(Buffer.from('h2')))))],
      [15, cat(u16(0x0403), vec16(Buffer.alloc(8)))],
    ];
    for (let round = 0; round < 3000; round++) {
      const [type, sample] = samples[round % samples.length]!;
      const body = Buffer.from(sample);
      for (let flips = 1 + (next() % 4); flips > 0; flips--) body[next() % body.length] = next() & 0xff;
      const cut = body.subarray(0, next() % (body.length + 1));
      for (const form of ['tls10', 'tls12', 'tls13'] as const) {
        expect(() => parseHandshakeMessage({ type, length: cut.length, body: cut }, { form })).not.toThrow();
      }
      expect(() => clearHandshake(record(22, handshake(type, cut)))).not.toThrow();
    }
  });
});
