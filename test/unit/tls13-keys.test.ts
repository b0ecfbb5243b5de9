import { describe, expect, it } from 'vitest';
import { readDirection, serverCertificateRequest } from '../../src/tls/trace/decrypted-handshake.js';
import { keyLogLine, parseKeyLog, sessionSecrets } from '../../src/tls/trace/keylog.js';
import { transcriptOf } from '../../src/tls/trace/transcript.js';
import type { TapSegment } from '../../src/tls/trace/tap.js';
import {
  hkdfExpandLabel,
  nextTrafficSecret,
  recordNonce,
  RecordDecryptError,
  RecordDecryptor,
  Tls13KeyError,
  TLS13_CIPHER_SUITES,
  trafficKeys,
  type OpenedRecord,
} from '../../src/tls/trace/tls13-keys.js';
import { sealRecord } from '../helpers/tls13-seal.js';

/**
 * Known answers from RFC 8448 §3 ("Simple 1-RTT Handshake", TLS_AES_128_GCM_SHA256): the traffic
 * secrets, the keys and IVs derived from them, and the protected records of the whole connection.
 */
const RFC8448 = {
  clientRandom: 'cb34ecb1e78163ba1c38c6dacb196a6dffa21a8d9912ec18a2ef6283024dece7',
  clientHandshakeSecret: 'b3eddb126e067f35a780b3abf45e2d8f3b1a950738f52e9600746a0e27a55a21',
  serverHandshakeSecret: 'b67b7d690cc16c4e75e54213cb2d37b4e9c912bcded9105d42befd59d391ad38',
  clientApplicationSecret: '9e40646ce79a7f9dc05af8889bce6552875afa0b06df0087f792ebb7c17504a5',
  serverApplicationSecret: 'a11af9f05531f856ad47116b45a950328204b4f44bfb6b3a4b4f1f3fcb631643',
  keys: {
    clientHandshake: { key: 'dbfaa693d1762c5b666af5d950258d01', iv: '5bd3c71b836e0b76bb73265f' },
    serverHandshake: { key: '3fce516009c21727d0f2e4e86ee403bc', iv: '5d313eb2671276ee13000b30' },
    clientApplication: { key: '17422dda596ed5d9acd890e3c63f5051', iv: '5b78923dee08579033e523d9' },
    serverApplication: { key: '9f02283b6c9c07efc26bb9f2ac92e356', iv: 'cf782b88dd83549aadf1e984' },
  },
  clientHelloBody:
    '0303cb34ecb1e78163ba1c38c6dacb196a6dffa21a8d9912ec18a2ef6283024dece7000006130113031302010000910000000b0009000006736572766572ff01000100000a00140012001d0017001800190100010101020103010400230000003300260024001d002099381de560e4bd43d23d8e435a7dbafeb3c06e51c13cae4d5413691e529aaf2c002b0003020304000d0020001e040305030603020308040805080604010501060102010402050206020202002d00020101001c00024001',
  serverHelloRecord:
    '160303005a020000560303a6af06a4121860dc5e6e60249cd34c95930c8ac5cb1434dac155772ed3e2692800130100002e00330024001d0020c9828876112095fe66762bdbf7c672e156d6cc253b833df1dd69b1b04e751f0f002b00020304',
  /** EncryptedExtensions, Certificate, CertificateVerify, Finished in one record (server handshake keys, sequence 0). */
  serverFlightRecord:
    '17030302a2d1ff334a56f5bff6594a07cc87b580233f500f45e489e7f33af35edf7869fcf40aa40aa2b8ea73f848a7ca07612ef9f945cb960b4068905123ea78b111b429ba9191cd05d2a389280f526134aadc7fc78c4b729df828b5ecf7b13bd9aefb0e57f271585b8ea9bb355c7c79020716cfb9b1183ef3ab20e37d57a6b9d7477609aee6e122a4cf51427325250c7d0e509289444c9b3a648f1d71035d2ed65b0e3cdd0cbae8bf2d0b227812cbb360987255cc744110c453baa4fcd610928d809810e4b7ed1a8fd991f06aa6248204797e36a6a73b70a2559c09ead686945ba246ab66e5edd8044b4c6de3fcf2a89441ac66272fd8fb330ef8190579b3684596c960bd596eea520a56a8d650f563aad27409960dca63d3e688611ea5e22f4415cf9538d51a200c27034272968a264ed6540c84838d89f72c24461aad6d26f59ecaba9acbbb317b66d902f4f292a36ac1b639c637ce343117b659622245317b49eeda0c6258f100d7d961ffb138647e92ea330faeea6dfa31c7a84dc3bd7e1b7a6c7178af36879018e3f252107f243d243dc7339d5684c8b0378bf30244da8c87c843f5e56eb4c5e8280a2b48052cf93b16499a66db7cca71e4599426f7d461e66f99882bd89fc50800becca62d6c74116dbd2972fda1fa80f85df881edbe5a37668936b335583b599186dc5c6918a396fa48a181d6b6fa4f9d62d513afbb992f2b992f67f8afe67f76913fa388cb5630c8ca01e0c65d11c66a1e2ac4c85977b7c7a6999bbf10dc35ae69f5515614636c0b9b68c19ed2e31c0b3b66763038ebba42f3b38edc0399f3a9f23faa63978c317fc9fa66a73f60f0504de93b5b845e275592c12335ee340bbc4fddd502784016e4b3be7ef04dda49f4b440a30cb5d2af939828fd4ae3794e44f94df5a631ede42c1719bfdabf0253fe5175be898e750edc53370d2b',
  /** The client's Finished (client handshake keys, sequence 0) and its plaintext. */
  clientFinishedRecord: '170303003575ec4dc238cce60b298044a71e219c56cc77b0517fe9b93c7a4bfc44d87f38f80338ac98fc46deb384bd1caeacab6867d726c40546',
  clientFinishedPlaintext: '14000020a8ec436d677634ae525ac1fcebe11a039ec17694fac6e98527b642f2edd5ce61',
  /** NewSessionTicket (server application keys, sequence 0). */
  ticketRecord:
    '17030300de3a6b8f90414a97d6959c3487680de5134a2b240e6cffac116e95d41d6af8f6b580dcf3d11d63c758db289a015940252f55713e061dc13e078891a38efbcf5753ad8ef170ad3c7353d16d9da773b9ca7f2b9fa1b6c0d4a3d03f75e09c30ba1e62972ac46f75f7b981be63439b2999ce13064615139891d5e4c5b406f16e3fc181a77ca475840025db2f0a77f81b5ab05b94c01346755f69232c86519d86cbeeac87aac347d143f9605d64f650db4d023e70e952ca49fe5137121c74bc2697687e248746d6df353005f3bce18696129c8153556b3b6c6779b37bf15985684f',
  /** 50 bytes 00..31 each way (client application sequence 0, server application sequence 1). */
  clientApplicationRecord: '1703030043a23f7054b62c94d0affafe8228ba55cbefacea42f914aa66bcab3f2b9819a8a5b46b395bd54a9a20441e2b62974e1f5a6292a2977014bd1e3deae63aeebb21694915e4',
  serverApplicationRecord: '17030300432e937e11ef4ac740e538ad36005fc4a46932fc3225d05f82aa1b36e30efaf97d90e6dffc602dcb501a59a8fcc49c4bf2e5f0a21c0047c2abf332540dd032e167c2955d',
  /** close_notify each way (server application sequence 2, client application sequence 1). */
  serverAlertRecord: '1703030013b58fd67166ebf599d24720cfbe7efa7a8864a9',
  clientAlertRecord: '1703030013c9872760655666b74d7ff1153efd6db6d0b0e3',
};

const hex = (s: string) => Buffer.from(s, 'hex');
const AES128 = TLS13_CIPHER_SUITES[0x1301]!;

function recordOf(wire: string) {
  const bytes = hex(wire);
  return { contentType: bytes[0]!, version: bytes.readUInt16BE(1), fragment: bytes.subarray(5) };
}

function decryptor(secret: string, suite = 0x1301): RecordDecryptor {
  const made = RecordDecryptor.fromSecret(suite, hex(secret));
  if (made instanceof Tls13KeyError) throw made;
  return made;
}

function opened(result: OpenedRecord | RecordDecryptError): OpenedRecord {
  if (result instanceof RecordDecryptError) throw result;
  return result;
}

/** The key log Node would have written for the RFC 8448 connection. */
const rfcKeylog = [
  `SERVER_HANDSHAKE_TRAFFIC_SECRET ${RFC8448.clientRandom} ${RFC8448.serverHandshakeSecret}`,
  `CLIENT_HANDSHAKE_TRAFFIC_SECRET ${RFC8448.clientRandom} ${RFC8448.clientHandshakeSecret}`,
  `SERVER_TRAFFIC_SECRET_0 ${RFC8448.clientRandom} ${RFC8448.serverApplicationSecret}`,
  `CLIENT_TRAFFIC_SECRET_0 ${RFC8448.clientRandom} ${RFC8448.clientApplicationSecret}`,
];

const clientHelloRecord = () => {
  const body = hex(RFC8448.clientHelloBody);
  return Buffer.concat([Buffer.from([22, 3, 1, 0, body.length + 4, 1, 0, 0, body.length]), body]);
};

describe('TLS 1.3 key schedule (RFC 8448 §3)', () => {
  it.each([
    ['client handshake', RFC8448.clientHandshakeSecret, RFC8448.keys.clientHandshake],
    ['server handshake', RFC8448.serverHandshakeSecret, RFC8448.keys.serverHandshake],
    ['client application', RFC8448.clientApplicationSecret, RFC8448.keys.clientApplication],
    ['server application', RFC8448.serverApplicationSecret, RFC8448.keys.serverApplication],
  ])('derives the %s write key and IV', (_label, secret, expected) => {
    const keys = trafficKeys(AES128, hex(secret));
    expect(keys.key.toString('hex')).toBe(expected.key);
    expect(keys.iv.toString('hex')).toBe(expected.iv);
  });

  it('HKDF-Expand-Label encodes the length, the "tls13 " label and the context', () => {
    // The same expansion as the server handshake IV, written out: length 12, label "tls13 iv", empty context.
    expect(hkdfExpandLabel('sha256', hex(RFC8448.serverHandshakeSecret), 'iv', Buffer.alloc(0), 12).toString('hex')).toBe(RFC8448.keys.serverHandshake.iv);
    // A longer output than one hash block (T(1) | T(2)) starts with the shorter one only if the length matches: it is in the info.
    const long = hkdfExpandLabel('sha256', hex(RFC8448.serverHandshakeSecret), 'key', Buffer.alloc(0), 48);
    expect(long).toHaveLength(48);
    expect(long.subarray(0, 16).toString('hex')).not.toBe(RFC8448.keys.serverHandshake.key);
  });

  it('XORs the padded sequence number into the IV', () => {
    const iv = hex(RFC8448.keys.serverApplication.iv);
    expect(recordNonce(iv, 0n).equals(iv)).toBe(true);
    expect(recordNonce(iv, 1n).toString('hex')).toBe('cf782b88dd83549aadf1e985');
    expect(recordNonce(iv, 0x0102030405060708n).toString('hex')).toBe('cf782b88dc81579ea8f7ee8c');
  });
});

describe('RecordDecryptor on RFC 8448 records', () => {
  it("opens the client's Finished with the client handshake key at sequence 0", () => {
    const d = decryptor(RFC8448.clientHandshakeSecret);
    const record = opened(d.open(recordOf(RFC8448.clientFinishedRecord)));
    expect(record).toMatchObject({ contentType: 22, paddingLength: 0, sequence: 0n });
    expect(record.content.toString('hex')).toBe(RFC8448.clientFinishedPlaintext);
    expect(d.sequence).toBe(1n);
  });

  it('opens consecutive server application records with increasing sequence numbers', () => {
    const d = decryptor(RFC8448.serverApplicationSecret);
    expect(opened(d.open(recordOf(RFC8448.ticketRecord))).content[0]).toBe(4); // NewSessionTicket
    const data = opened(d.open(recordOf(RFC8448.serverApplicationRecord)));
    expect(data.contentType).toBe(23);
    expect(data.content.toString('hex')).toBe(Buffer.from(Array.from({ length: 50 }, (_, i) => i)).toString('hex'));
    const alert = opened(d.open(recordOf(RFC8448.serverAlertRecord)));
    expect(alert.contentType).toBe(21);
    expect([...alert.content]).toEqual([1, 0]); // warning close_notify
  });

  it('fails with bad-record-mac at the wrong sequence number, with the wrong key, or when a byte changed', () => {
    const d = decryptor(RFC8448.serverApplicationSecret);
    const outOfOrder = d.open(recordOf(RFC8448.serverApplicationRecord));
    expect(outOfOrder).toBeInstanceOf(RecordDecryptError);
    expect((outOfOrder as RecordDecryptError).reason).toBe('bad-record-mac');
    expect(d.sequence).toBe(0n); // a failure does not advance…
    d.skip(); // …until the caller says the record was consumed
    expect(opened(d.open(recordOf(RFC8448.serverApplicationRecord))).sequence).toBe(1n);

    expect((decryptor(RFC8448.clientApplicationSecret).open(recordOf(RFC8448.clientFinishedRecord)) as RecordDecryptError).reason).toBe('bad-record-mac');
    const flipped = recordOf(RFC8448.clientFinishedRecord);
    flipped.fragment = Buffer.from(flipped.fragment);
    flipped.fragment[3]! ^= 0x40;
    expect((decryptor(RFC8448.clientHandshakeSecret).open(flipped) as RecordDecryptError).reason).toBe('bad-record-mac');
    // The header is authenticated too (additional data).
    expect((decryptor(RFC8448.clientHandshakeSecret).open({ ...recordOf(RFC8448.clientFinishedRecord), version: 0x0301 }) as RecordDecryptError).reason).toBe('bad-record-mac');
  });

  it('refuses what cannot be a protected record, and secrets that do not fit the suite', () => {
    const d = decryptor(RFC8448.clientHandshakeSecret);
    expect((d.open({ contentType: 22, version: 0x0303, fragment: Buffer.alloc(40) }) as RecordDecryptError).reason).toBe('not-application-data');
    expect((d.open({ contentType: 23, version: 0x0303, fragment: Buffer.alloc(16) }) as RecordDecryptError).reason).toBe('record-too-short');
    expect((d.open({ contentType: 23, version: 0x0303, fragment: Buffer.alloc(2 ** 14 + 257) }) as RecordDecryptError).reason).toBe('record-too-long');
    expect(RecordDecryptor.fromSecret(0x1302, hex(RFC8448.clientHandshakeSecret))).toMatchObject({ reason: 'bad-secret-length' });
    expect(RecordDecryptor.fromSecret(0xc02f, hex(RFC8448.clientHandshakeSecret))).toMatchObject({ reason: 'unknown-cipher-suite' });
  });
});

const seal = sealRecord;

describe('RecordDecryptor with every TLS 1.3 suite', () => {
  it.each(Object.values(TLS13_CIPHER_SUITES).map((s) => [s.name, s] as const))('%s: opens, strips padding, finds the content type', (_name, suite) => {
    const secret = Buffer.alloc(suite.hashLength, 0x5a);
    const made = RecordDecryptor.fromSecret(suite.id, secret) as RecordDecryptor;
    const first = made.open(recordOf(seal(suite.id, secret, 0n, 22, Buffer.from('hello'), 7).toString('hex'))) as OpenedRecord;
    expect(first).toMatchObject({ contentType: 22, paddingLength: 7, sequence: 0n });
    expect(first.content.toString()).toBe('hello');
    // Only padding: no content type (RFC 8446 §5.4).
    const empty = seal(suite.id, secret, 1n, 0, Buffer.alloc(0), 3);
    expect((made.open(recordOf(empty.toString('hex'))) as RecordDecryptError).reason).toBe('no-content-type');
  });

  it('follows a KeyUpdate to the next application secret (RFC 8446 §7.2)', () => {
    const secret = Buffer.alloc(32, 7);
    const next = nextTrafficSecret(AES128, secret);
    expect(next).toHaveLength(32);
    expect(next.equals(hkdfExpandLabel('sha256', secret, 'traffic upd', Buffer.alloc(0), 32))).toBe(true);
    // A server stream: Finished under the handshake key, a KeyUpdate, then data under the updated key.
    const handshakeSecret = Buffer.alloc(32, 1);
    const bytes = Buffer.concat([
      seal(0x1301, handshakeSecret, 0n, 22, Buffer.from('14000020' + '00'.repeat(32), 'hex')),
      seal(0x1301, secret, 0n, 22, Buffer.from('1800000100', 'hex')),
      seal(0x1301, next, 0n, 23, Buffer.from('after the update')),
    ]);
    const reading = readDirection(bytes, { from: 'server', version: 0x0304, cipherSuite: 0x1301, handshakeSecret, applicationSecret: secret });
    expect(reading.entries.map((e) => (e.item.kind === 'handshake' ? e.item.message.type : e.item.kind))).toEqual(['Finished', 'KeyUpdate', 'application-data']);
    expect(reading.undecrypted).toBe(0);
  });
});

describe('key log lines', () => {
  it('reads Node keylog lines and SSLKEYLOGFILE text, skipping comments, naming bad lines', () => {
    const log = parseKeyLog([...rfcKeylog.map((l) => Buffer.from(`${l}\n`)), '# a comment', 'CLIENT_RANDOM 00 11', 'SOMETHING_ELSE a b']);
    expect(log.entries).toHaveLength(4);
    expect(log.failures.map((f) => [f.line, f.reason])).toEqual([
      [6, 'malformed'],
      [7, 'unknown-label'],
    ]);
    expect(log.entries.map(keyLogLine)).toEqual(rfcKeylog);
    const secrets = sessionSecrets(log.entries, RFC8448.clientRandom.toUpperCase());
    expect(secrets.serverHandshake?.toString('hex')).toBe(RFC8448.serverHandshakeSecret);
    expect(secrets.labels).toEqual(['SERVER_HANDSHAKE_TRAFFIC_SECRET', 'CLIENT_HANDSHAKE_TRAFFIC_SECRET', 'SERVER_TRAFFIC_SECRET_0', 'CLIENT_TRAFFIC_SECRET_0']);
    expect(sessionSecrets(log.entries, 'ff'.repeat(32)).serverHandshake).toBeNull();
  });
});

describe('the RFC 8448 connection as a transcript', () => {
  const client = [clientHelloRecord(), hex(RFC8448.clientFinishedRecord), hex(RFC8448.clientApplicationRecord), hex(RFC8448.clientAlertRecord)];
  const server = [hex(RFC8448.serverHelloRecord), hex(RFC8448.serverFlightRecord), hex(RFC8448.ticketRecord), hex(RFC8448.serverApplicationRecord), hex(RFC8448.serverAlertRecord)];
  // The order the records crossed the wire in the RFC's trace.
  const order: [TapSegment['direction'], number][] = [['outbound', 0], ['inbound', 0], ['inbound', 1], ['outbound', 1], ['inbound', 2], ['outbound', 2], ['inbound', 3], ['inbound', 4], ['outbound', 3]];
  const offsets = (chunks: Buffer[]) => chunks.map((_, i) => chunks.slice(0, i).reduce((n, c) => n + c.length, 0));
  const segments: TapSegment[] = order.map(([direction, i]) => {
    const chunks = direction === 'outbound' ? client : server;
    return { direction, offset: offsets(chunks)[i]!, length: chunks[i]!.length };
  });
  const capture = { client: Buffer.concat(client), server: Buffer.concat(server), segments, keylog: rfcKeylog };

  it('lists every message of both sides in wire order, decrypted', () => {
    const { messages, read } = transcriptOf(capture);
    expect(messages.map((m) => `${m.from} ${m.type}${m.decrypted ? ' (decrypted)' : ''}`)).toEqual([
      'client ClientHello',
      'server ServerHello',
      'server EncryptedExtensions (decrypted)',
      'server Certificate (decrypted)',
      'server CertificateVerify (decrypted)',
      'server Finished (decrypted)',
      'client Finished (decrypted)',
      'server NewSessionTicket (decrypted)',
      'client ApplicationData (decrypted)',
      'server ApplicationData (decrypted)',
      'server Alert (decrypted)',
      'client Alert (decrypted)',
    ]);
    expect(read.decryption).toMatchObject({ status: 'complete', decryptedRecords: 7, undecryptedRecords: 0 });
    expect(messages.every((m) => m.error === undefined)).toBe(true);
    const fields = (type: string, from = 'server') => messages.find((m) => m.type === type && m.from === from)!.fields;
    expect(fields('ClientHello', 'client')).toMatchObject({ serverName: 'server', random: RFC8448.clientRandom });
    expect(fields('ServerHello')).toMatchObject({ cipherSuite: { id: 0x1301, name: 'TLS_AES_128_GCM_SHA256' }, version: { name: 'TLSv1.3' } });
    expect(fields('Certificate')).toMatchObject({ certificates: [{ subject: 'CN=rsa' }] });
    expect(fields('CertificateVerify')).toMatchObject({ algorithm: { id: 0x0804, name: 'rsa_pss_rsae_sha256' } });
    expect(fields('Finished', 'client')).toMatchObject({ verifyData: RFC8448.clientFinishedPlaintext.slice(8) });
    expect(fields('NewSessionTicket')).toMatchObject({ form: 'tls13', lifetime: 30 });
    expect(fields('Alert')).toMatchObject({ level: { id: 1, name: 'warning' }, description: { id: 0, name: 'close_notify' } });
    expect(JSON.parse(JSON.stringify(messages))).toEqual(messages); // plain data
  });

  it('without secrets, lists the protected records as not decrypted and says why', () => {
    const { messages, read } = transcriptOf({ ...capture, keylog: rfcKeylog.slice(0, 1) });
    expect(read.decryption.status).toBe('partial');
    const clientRecords = messages.filter((m) => m.from === 'client' && m.type === 'EncryptedRecord');
    expect(clientRecords).toHaveLength(3);
    expect(clientRecords[0]!.fields.reason).toMatch(/no client handshake traffic secret/);
    // The server's flight opens with its handshake secret; what follows its Finished needs the missing application secret.
    expect(messages.filter((m) => m.from === 'server' && m.decrypted).map((m) => m.type)).toEqual(['EncryptedExtensions', 'Certificate', 'CertificateVerify', 'Finished']);
    expect(messages.filter((m) => m.from === 'server' && m.type === 'EncryptedRecord')).toHaveLength(3);
  });

  it('with only the application secrets, still reads what follows the handshake', () => {
    const { messages } = transcriptOf({ ...capture, keylog: rfcKeylog.slice(2) });
    expect(messages.filter((m) => m.decrypted).map((m) => `${m.from} ${m.type}`)).toEqual([
      'server NewSessionTicket',
      'client ApplicationData',
      'server ApplicationData',
      'server Alert',
      'client Alert',
    ]);
    expect(messages.find((m) => m.type === 'EncryptedRecord')!.fields.reason).toMatch(/no server handshake traffic secret/);
  });

  it('answers connect: no CertificateRequest in this connection', () => {
    expect(serverCertificateRequest(capture)).toEqual({ found: false, decryptionFailed: false });
    expect(serverCertificateRequest({ ...capture, keylog: [] })).toEqual({ found: false, decryptionFailed: true });
  });
});
