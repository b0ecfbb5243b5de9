import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readCapture, type HandshakeCapture } from '../../src/tls/trace/decrypted-handshake.js';
import { tls12AeadSuite, Tls12DecryptError, Tls12KeyError, tls12Prf, Tls12RecordDecryptor } from '../../src/tls/trace/tls12-keys.js';
import { traceMessage } from '../../src/tls/trace/transcript.js';

/**
 * TLS 1.2 record decryption for the AEAD suites: the PRF against known answers, then a real
 * TLS 1.2 mTLS connection (test/fixtures/tls-captures.json, recorded with Node's client and
 * server) read in full with its CLIENT_RANDOM line.
 */

const hex = (s: string) => Buffer.from(s, 'hex');

describe('TLS 1.2 PRF (RFC 5246 §5)', () => {
  const secret = hex('9bbe436ba940f017b17652849a71db35');
  const seed = hex('a0ba9f936cda311827a6f796ffd5198c');

  it('P_SHA256: the test vector circulated on the IETF TLS list', () => {
    expect(tls12Prf('sha256', secret, 'test label', seed, 100).toString('hex')).toBe(
      'e3f229ba727be17b8d122620557cd453c2aab21d07c3d495329b52d4e61edb5a6b301791e90d35c9c9a46b4e14baf9af0fa022f7077def17abfd3797c0564bab4fbc91666e9def9b97fce34f796789baa48082d122ee42c5a72e5a5110fff70187347b66',
    );
  });

  it('P_SHA384: as `openssl kdf -kdfopt digest:SHA2-384 … TLS1-PRF` computes it (OpenSSL 3.0)', () => {
    expect(tls12Prf('sha384', secret, 'test label', seed, 148).toString('hex')).toBe(
      'dd88775cd827187b67a3f7652b5c13f715791cc46e0274a6d3fb16651103defc544cd8afb68369a219bb918b8b21ddb1764af0a70339e6dec085e574f655851ba692513203536bdfc3675e53768210f0a2389dd324311a440c7c30ef44b391d914c3b0c7c80f1cb5e134cf4253d859fa8a46e978360d095dd2fba0c18a1f4d7b4cf9f24667b5cb0adc5ab65df3a0dc627c9b73cc',
    );
  });
});

describe('TLS 1.2 AEAD suites', () => {
  it('reads the record layout from the suite name', () => {
    expect(tls12AeadSuite(0xc02b)).toMatchObject({ name: 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', hash: 'sha256', keyLength: 16, fixedIvLength: 4, explicitNonceLength: 8 });
    expect(tls12AeadSuite(0xc030)).toMatchObject({ hash: 'sha384', aead: 'aes-256-gcm', keyLength: 32 });
    expect(tls12AeadSuite(0xcca9)).toMatchObject({ aead: 'chacha20-poly1305', fixedIvLength: 12, explicitNonceLength: 0 });
    expect(tls12AeadSuite(0xc013)).toBeNull(); // TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA
    expect(tls12AeadSuite(0x1301)).toBeNull(); // a TLS 1.3 suite
  });

  it('refuses what it cannot key, with a reason', () => {
    const random = Buffer.alloc(32);
    expect(Tls12RecordDecryptor.fromMasterSecret(0xc013, Buffer.alloc(48), random, random, 'client')).toMatchObject({ reason: 'not-an-aead-suite' });
    expect(Tls12RecordDecryptor.fromMasterSecret(0xc02b, Buffer.alloc(47), random, random, 'client')).toBeInstanceOf(Tls12KeyError);
    const d = Tls12RecordDecryptor.fromMasterSecret(0xc02b, Buffer.alloc(48), random, random, 'server') as Tls12RecordDecryptor;
    expect((d.open({ contentType: 22, version: 0x0303, fragment: Buffer.alloc(23) }) as Tls12DecryptError).reason).toBe('record-too-short');
    expect((d.open({ contentType: 22, version: 0x0303, fragment: Buffer.alloc(40) }) as Tls12DecryptError).reason).toBe('bad-record-mac');
  });
});

describe('a recorded TLS 1.2 connection', () => {
  const stored = (JSON.parse(readFileSync(new URL('../fixtures/tls-captures.json', import.meta.url), 'utf8')) as { captures: { name: string; client: string; server: string; segments: [string, number, number][]; keylog: string[] }[] }).captures.find(
    (c) => c.name === 'tls12-ecdhe-mtls',
  )!;
  const capture: HandshakeCapture = {
    client: hex(stored.client),
    server: hex(stored.server),
    segments: stored.segments.map(([direction, offset, length]) => ({ direction: direction as 'inbound' | 'outbound', offset, length })),
    keylog: stored.keylog,
  };

  it('decrypts both Finished messages and everything after them', () => {
    const read = readCapture(capture);
    expect(read.version).toBe(0x0303);
    expect(read.decryption).toMatchObject({ status: 'complete', secrets: ['CLIENT_RANDOM'], undecryptedRecords: 0 });
    const messages = read.entries.map(traceMessage);
    const after = (from: string) => {
      const list = messages.filter((m) => m.from === from);
      return list.slice(list.findIndex((m) => m.type === 'ChangeCipherSpec') + 1);
    };
    expect(after('client')[0]).toMatchObject({ type: 'Finished', decrypted: true });
    expect((after('client')[0]!.fields.verifyData as string).length).toBe(24); // 12 bytes (RFC 5246 §7.4.9)
    expect(after('server')[0]).toMatchObject({ type: 'Finished', decrypted: true });
    // The server's "hello from the server", then its close_notify, encrypted too.
    expect(after('server').slice(1).map((m) => m.type)).toEqual(['ApplicationData', 'Alert']);
    expect(after('server')[1]!.fields).toEqual({ length: 'hello from the server'.length });
    expect(after('server')[2]).toMatchObject({ decrypted: true, fields: { level: { name: 'warning' }, description: { id: 0, name: 'close_notify' } } });
  });

  it('without the master secret, lists the records after ChangeCipherSpec and says why', () => {
    const read = readCapture({ ...capture, keylog: [] });
    expect(read.decryption.status).toBe('failed');
    const first = read.entries.map(traceMessage).find((m) => m.type === 'EncryptedRecord')!;
    expect(first.fields.reason).toMatch(/the TLS 1\.2 Finished, encrypted after ChangeCipherSpec; not decrypted: no CLIENT_RANDOM/);
  });
});
