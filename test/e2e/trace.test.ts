import { createPrivateKey, X509Certificate } from 'node:crypto';
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { connect as connectTcp, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import * as tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { traceHandshake, transcriptOf, type TraceMessage } from '../../src/tls/trace/transcript.js';
import type { HandshakeCapture } from '../../src/tls/trace/decrypted-handshake.js';
import { cipherSuiteCode } from '../../src/tls/trace/names.js';
import { tapSocket } from '../../src/tls/trace/tap.js';
import { parseKeyLog } from '../../src/tls/trace/keylog.js';
import { parseTarget } from '../../src/tls/target.js';
import { parseCertificate } from '../../src/x509/certificate.js';
import { runCliAsync, tempDir, type CliResult } from '../helpers/cli.js';
import { openssl, withTimeout } from '../helpers/matrix-pki.js';
import { startOpensslServerWith, stopAllPeers } from '../helpers/peers.js';

/**
 * Issue 5's acceptance for `trace`, against real servers on 127.0.0.1: `openssl s_server -Verify 1
 * -CAfile X` under TLS 1.3 (its CertificateRequest, with X among the certificate_authorities, is
 * encrypted and must be decrypted), the alert it sends for a client certificate from another CA
 * (encrypted too), a TLS 1.2 run (everything up to ChangeCipherSpec in the clear), the key log
 * file, and every TLS 1.3 cipher suite against Node's own server.
 */

const dir = tempDir('mtlskit-trace-');
const file = (name: string) => join(dir.path, name);
const CA_SUBJECT = 'O=Example, CN=Trace Root CA';

async function run(args: string[]) {
  const result = await openssl(args, { cwd: dir.path });
  expect(result.code, result.stderr).toBe(0);
}

/** `openssl s_server` on an ephemeral port, run in the test folder; resolves with its port. */
const startServer = async (args: string[]): Promise<number> => (await startOpensslServerWith(args, dir.path)).port;

const trace = (port: number, args: string[] = []): Promise<CliResult> =>
  runCliAsync(['trace', `127.0.0.1:${port}`, '--servername', 'localhost', '--ca', file('ca.pem'), ...args, '--json']);
const goodClient = ['--cert', file('client.pem'), '--key', file('client.key')];
const otherClient = ['--cert', file('other-client.pem'), '--key', file('other-client.key')];

const find = (messages: TraceMessage[], from: string, type: string) => {
  const found = messages.find((m) => m.from === from && m.type === type);
  expect(found, `${from} ${type} in ${messages.map((m) => `${m.from} ${m.type}`).join(', ')}`).toBeDefined();
  return found!;
};
const sequence = (messages: TraceMessage[]) => messages.map((m) => `${m.from} ${m.type}`);

let tls13Port: number;
let tls13StrictPort: number;
let tls12Port: number;

beforeAll(async () => {
  const key = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  await run(['req', '-x509', ...key, '-keyout', 'ca.key', '-out', 'ca.pem', '-subj', '/O=Example/CN=Trace Root CA', '-days', '2']);
  await run(['req', '-x509', ...key, '-keyout', 'other-ca.key', '-out', 'other-ca.pem', '-subj', '/CN=Other Root CA', '-days', '2']);
  const leaf = async (name: string, cn: string, ca: string) => {
    await run(['req', ...key, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${cn}`]);
    await run(['x509', '-req', '-in', `${name}.csr`, '-CA', `${ca}.pem`, '-CAkey', `${ca}.key`, '-CAcreateserial', '-out', `${name}.pem`, '-days', '2']);
  };
  await Promise.all([leaf('server', 'localhost', 'ca'), leaf('client', 'client', 'ca'), leaf('other-client', 'other-client', 'other-ca')]);
  const common = ['-cert', 'server.pem', '-key', 'server.key', '-CAfile', 'ca.pem', '-Verify', '1'];
  [tls13Port, tls13StrictPort, tls12Port] = await Promise.all([
    startServer([...common, '-tls1_3']),
    startServer([...common, '-verify_return_error', '-tls1_3']),
    startServer([...common, '-verify_return_error', '-tls1_2', '-groups', 'P-256']),
  ]);
}, 60_000);

afterAll(async () => {
  await stopAllPeers();
  dir.remove();
});

describe('trace against openssl s_server', () => {
  it('TLS 1.3: decrypts the CertificateRequest and lists the -CAfile subject among its certificate_authorities', async () => {
    const result = await trace(tls13Port, goodClient);
    expect(result.code, result.stderr).toBe(0);
    const report = result.json;
    expect(report).toMatchObject({ ok: true, completed: true, version: 'TLSv1.3', decryption: { status: 'complete' } });
    expect(parseCertificate(new X509Certificate(readFileSync(file('ca.pem'))).raw).subject.display).toBe(CA_SUBJECT);
    const request = find(report.messages, 'server', 'CertificateRequest');
    expect(request.decrypted).toBe(true);
    expect(request.fields.certificateAuthorities).toContain(CA_SUBJECT);
    expect(report.client.acceptableCAs).toEqual([CA_SUBJECT]);
    expect(sequence(report.messages).filter((m) => !m.endsWith('ChangeCipherSpec'))).toEqual([
      'client ClientHello',
      'server ServerHello',
      'server EncryptedExtensions',
      'server CertificateRequest',
      'server Certificate',
      'server CertificateVerify',
      'server Finished',
      'client Certificate',
      'client CertificateVerify',
      'client Finished',
      ...report.messages.filter((m: TraceMessage) => m.type === 'NewSessionTicket').map(() => 'server NewSessionTicket'),
    ]);
    // OpenSSL completes the chain it sends from -CAfile: the leaf, then the root.
    expect(find(report.messages, 'server', 'Certificate').fields.certificates).toMatchObject([{ subject: 'CN=localhost', issuer: CA_SUBJECT }, { subject: CA_SUBJECT }]);
    expect(find(report.messages, 'client', 'Certificate').fields.certificates).toMatchObject([{ subject: 'CN=client' }]);
    expect(report.messages.filter((m: TraceMessage) => m.type === 'NewSessionTicket').length).toBeGreaterThanOrEqual(1);
    expect(report.alert).toBeNull();
    expect(report.causes).toEqual([]);
  });

  it('TLS 1.3 with a PKCS#12 client identity: no --key, the password from $MTLSKIT_P12_PASSWORD', async () => {
    await run(['pkcs12', '-export', '-in', 'client.pem', '-inkey', 'client.key', '-out', 'client.p12', '-passout', 'pass:trace p12']);
    const result = await runCliAsync(['trace', `127.0.0.1:${tls13StrictPort}`, '--servername', 'localhost', '--ca', file('ca.pem'), '--cert', file('client.p12'), '--json'], { env: { MTLSKIT_P12_PASSWORD: 'trace p12' } });
    expect(result.code, result.stderr).toBe(0);
    expect(result.json).toMatchObject({ ok: true, completed: true, alert: null });
    expect(find(result.json.messages, 'client', 'Certificate').fields.certificates).toMatchObject([{ subject: 'CN=client' }]);
  });

  it('TLS 1.3: shows the alert the server sends for a client certificate from another CA (unknown_ca, 48), exit 1', async () => {
    const result = await trace(tls13StrictPort, otherClient);
    expect(result.code, result.stdout).toBe(1);
    const report = result.json;
    expect(report.ok).toBe(false);
    // The client saw its handshake complete; the server judged the certificate after it (design.md).
    expect(report.completed).toBe(true);
    const alert = find(report.messages, 'server', 'Alert');
    // The server had switched to its application keys: the alert is encrypted, and read here.
    expect(alert).toMatchObject({ decrypted: true, fields: { level: { id: 2, name: 'fatal' }, description: { id: 48, name: 'unknown_ca' } } });
    expect(report.alert).toEqual({ number: 48, name: 'unknown_ca', level: 'fatal', decrypted: true });
    expect(sequence(report.messages).slice(-4)).toEqual(['client Certificate', 'client CertificateVerify', 'client Finished', 'server Alert']);
    expect(report.causes[0].id).toBe('untrusted-ca');
  });

  it('TLS 1.2: ServerKeyExchange with its group and the CertificateRequest are in the clear, Finished decrypted', async () => {
    const result = await trace(tls12Port, goodClient);
    expect(result.code, result.stderr).toBe(0);
    const report = result.json;
    expect(report).toMatchObject({ ok: true, version: 'TLSv1.2', decryption: { status: 'complete', secrets: ['CLIENT_RANDOM'] } });
    const keyExchange = find(report.messages, 'server', 'ServerKeyExchange');
    expect(keyExchange).toMatchObject({ decrypted: false, fields: { keyExchange: 'ecdhe', group: { id: 23, name: 'secp256r1' } } });
    const request = find(report.messages, 'server', 'CertificateRequest');
    expect(request.decrypted).toBe(false);
    expect(request.fields.certificateAuthorities).toEqual([CA_SUBJECT]);
    expect(sequence(report.messages).slice(0, 10)).toEqual([
      'client ClientHello',
      'server ServerHello',
      'server Certificate',
      'server ServerKeyExchange',
      'server CertificateRequest',
      'server ServerHelloDone',
      'client Certificate',
      'client ClientKeyExchange',
      'client CertificateVerify',
      'client ChangeCipherSpec',
    ]);
    // After each side's ChangeCipherSpec: its Finished, decrypted with the key block of the master secret.
    expect(report.messages.filter((m: TraceMessage) => m.type === 'Finished').map((m: TraceMessage) => [m.from, m.decrypted])).toEqual([
      ['client', true],
      ['server', true],
    ]);
  });

  it('TLS 1.2 without a client certificate: the clear alert 40 handshake_failure, exit 1', async () => {
    const result = await trace(tls12Port);
    expect(result.code).toBe(1);
    expect(result.json.completed).toBe(false);
    expect(find(result.json.messages, 'server', 'Alert')).toMatchObject({ decrypted: false, fields: { description: { id: 40, name: 'handshake_failure' } } });
    expect(result.json.causes[0].id).toBe('client-cert-required');
  });

  it('--keylog writes an SSLKEYLOGFILE with mode 0600 that Wireshark reads', async () => {
    const path = file('keys/session.log');
    const result = await trace(tls13Port, [...goodClient, '--keylog', path]);
    expect(result.code, result.stderr).toBe(0);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    // NSS key log format: LABEL <64 hex digits of client_random> <secret in hex>.
    for (const line of lines) expect(line).toMatch(/^(CLIENT_HANDSHAKE_TRAFFIC_SECRET|SERVER_HANDSHAKE_TRAFFIC_SECRET|CLIENT_TRAFFIC_SECRET_0|SERVER_TRAFFIC_SECRET_0|EXPORTER_SECRET) [0-9a-f]{64} [0-9a-f]{64}(?:[0-9a-f]{32})?$/);
    expect(lines.map((l) => l.split(' ')[0]).sort()).toEqual(['CLIENT_HANDSHAKE_TRAFFIC_SECRET', 'CLIENT_TRAFFIC_SECRET_0', 'EXPORTER_SECRET', 'SERVER_HANDSHAKE_TRAFFIC_SECRET', 'SERVER_TRAFFIC_SECRET_0']);
    // The lines belong to this connection: the client random is the ClientHello's.
    const random = find(result.json.messages, 'client', 'ClientHello').fields.random;
    expect(new Set(lines.map((l) => l.split(' ')[1]))).toEqual(new Set([random]));
    expect(result.json.keylog).toEqual({ file: path, lines: 5 });
    // The secrets stay out of the report.
    expect(result.stdout).not.toContain(lines[0]!.split(' ')[2]);

    // A second capture appends to the same file, as SSLKEYLOGFILE writers do: the first session's secrets stay.
    const tls12 = file('keys/tls12.log');
    expect((await trace(tls12Port, [...goodClient, '--keylog', tls12])).code).toBe(0);
    expect(readFileSync(tls12, 'utf8')).toMatch(/^CLIENT_RANDOM [0-9a-f]{64} [0-9a-f]{96}\n$/);
    const again = await trace(tls13Port, [...goodClient, '--keylog', path]);
    const both = readFileSync(path, 'utf8').trimEnd().split('\n');
    expect(both).toHaveLength(10);
    expect(both.slice(0, 5)).toEqual(lines);
    expect(new Set(both.slice(5).map((l) => l.split(' ')[1]))).toEqual(new Set([find(again.json.messages, 'client', 'ClientHello').fields.random]));
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('--keylog to an existing file others can read: appended, with a warning naming it', async () => {
    const path = file('keys/shared.log');
    writeFileSync(path, '# captures\n', { mode: 0o644 });
    chmodSync(path, 0o644);
    const result = await runCliAsync(['trace', `127.0.0.1:${tls13Port}`, '--servername', 'localhost', '--ca', file('ca.pem'), ...goodClient, '--keylog', path]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/key log: .*shared\.log \(5 secrets appended, mode 0644/);
    expect(result.stderr).toMatch(/warning: .*shared\.log can be read by others \(mode 0644\).*chmod 600/);
    expect(readFileSync(path, 'utf8')).toMatch(/^# captures\n(?:[A-Z_0-9]+ [0-9a-f]{64} [0-9a-f]+\n){5}$/);
  });

  it('prints one line per message, with arrows, (decrypted) marks and the alert', async () => {
    const result = await runCliAsync(['trace', `127.0.0.1:${tls13StrictPort}`, '--servername', 'localhost', '--ca', file('ca.pem'), ...otherClient]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/→ ClientHello +sni localhost/);
    expect(result.stdout).toMatch(/← CertificateRequest +\(decrypted\) CAs: O=Example, CN=Trace Root CA/);
    expect(result.stdout).toMatch(/← Alert +\(decrypted\) fatal unknown_ca \(48\)/);
    expect(result.stdout).toContain('[untrusted-ca]');
  });

  it('exits 1 with an error and no messages when nothing listens', async () => {
    const server = tls.createServer({});
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    const result = await runCliAsync(['trace', `127.0.0.1:${port}`, '--json', '--keylog', file('none.log')]);
    expect(result.code).toBe(1);
    expect(result.json).toMatchObject({ ok: false, completed: false, messages: [], causes: [] });
    expect(result.json.error).toMatch(/refused/);
    expect(result.stderr).toMatch(/none\.log was not written/);
  });
});

describe('trace refuses bad input', () => {
  it.each([
    ['not a target', () => ['trace', 'not a target'], 2, /'not a target' is not a target; write host:port/],
    ['--key without --cert', () => ['trace', '127.0.0.1:1', '--key', file('client.key')], 2, /--key needs --cert/],
    ['an unknown TLS version', () => ['trace', '127.0.0.1:1', '--max-tls', '1.1'], 2, /invalid value '1\.1' for --max-tls/],
    ['a key of another certificate', () => ['trace', '127.0.0.1:1', '--cert', file('client.pem'), '--key', file('other-client.key')], 3, /other-client\.key is not the private key of/],
  ] as const)('%s', async (_label, args, code, message) => {
    const result = await runCliAsync(args());
    expect(result.code, result.stderr).toBe(code);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('a --keylog path that cannot be written: exit 3 naming it, after the handshake', async () => {
    const result = await runCliAsync(['trace', `127.0.0.1:${tls13Port}`, '--servername', 'localhost', '--ca', file('ca.pem'), ...goodClient, '--keylog', join(file('ca.pem'), 'keys.log')]);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/cannot write the key log .*ca\.pem\/keys\.log: a part of the path is a file, not a folder .*; give --keylog a path/);
  });
});

describe('trace engine against Node servers', () => {
  const pem = (name: string) => readFileSync(file(name));

  async function withServer(options: tls.TlsOptions, body: (port: number) => Promise<void>, onSecure?: (socket: tls.TLSSocket) => void) {
    const server = tls.createServer({ key: pem('server.key'), cert: pem('server.pem'), ...options }, (socket) => {
      socket.on('error', () => {});
      onSecure?.(socket);
    });
    server.on('tlsClientError', () => {});
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      await body((server.address() as AddressInfo).port);
    } finally {
      server.close();
    }
  }

  const engineOptions = (port: number) => ({
    target: parseTarget(`127.0.0.1:${port}`)!,
    servername: 'localhost',
    anchors: [parseCertificate(new X509Certificate(pem('ca.pem')).raw)],
    timeoutMs: 10_000,
    now: () => new Date(),
  });

  /**
   * A connection through the tap with Node's client offering exactly `suite` (Node offers no CCM
   * suite by default, and `trace` has no cipher option); the server says hello after the handshake.
   */
  async function tappedConnection(port: number, suite: string, version: tls.SecureVersion = 'TLSv1.3'): Promise<HandshakeCapture> {
    const tcp = connectTcp({ host: '127.0.0.1', port });
    const tap = tapSocket(tcp);
    const keylog: Buffer[] = [];
    const socket = tls.connect({ socket: tap.stream, servername: 'localhost', ciphers: suite, minVersion: version, maxVersion: version, rejectUnauthorized: false });
    socket.on('keylog', (line) => keylog.push(line));
    await withTimeout(
      new Promise<void>((resolve, reject) => {
        socket.once('data', () => resolve());
        socket.once('error', reject);
      }),
      10_000,
      `a ${suite} connection`,
    );
    socket.destroy();
    tcp.destroy();
    return { client: tap.outbound, server: tap.inbound, segments: tap.segments, keylog };
  }

  it.each(['TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256', 'TLS_AES_128_CCM_SHA256', 'TLS_AES_128_CCM_8_SHA256'])('decrypts %s', async (suite) => {
    await withServer(
      { ciphers: suite, minVersion: 'TLSv1.3' },
      async (port) => {
        const { messages, read } = transcriptOf(await tappedConnection(port, suite));
        expect(cipherSuiteCode(read.cipherSuite!).name).toBe(suite);
        expect(read.decryption.status).toBe('complete');
        const decrypted = messages.filter((m) => m.decrypted).map((m) => `${m.from} ${m.type}`);
        expect(decrypted.slice(0, 5)).toEqual(['server EncryptedExtensions', 'server Certificate', 'server CertificateVerify', 'server Finished', 'client Finished']);
        // Then, under the server's application keys, the tickets and our 'hello' in whatever order the server wrote them.
        expect(new Set(decrypted.slice(5))).toEqual(new Set(['server NewSessionTicket', 'server ApplicationData']));
        expect(find(messages, 'server', 'ApplicationData').fields).toEqual({ length: 'hello'.length });
      },
      (socket) => socket.write('hello'),
    );
  });

  it.each([
    ['ECDHE-ECDSA-AES128-GCM-SHA256', 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256'],
    ['ECDHE-ECDSA-AES256-GCM-SHA384', 'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384'],
    ['ECDHE-ECDSA-CHACHA20-POLY1305', 'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256'],
  ])('decrypts TLS 1.2 %s after ChangeCipherSpec', async (openssl, iana) => {
    await withServer(
      { ciphers: openssl, maxVersion: 'TLSv1.2' },
      async (port) => {
        const { messages, read } = transcriptOf(await tappedConnection(port, openssl, 'TLSv1.2'));
        expect(cipherSuiteCode(read.cipherSuite!).name).toBe(iana);
        expect(read.decryption.status).toBe('complete');
        expect(messages.filter((m) => m.decrypted).map((m) => `${m.from} ${m.type}`)).toEqual(['client Finished', 'server Finished', 'server ApplicationData']);
      },
      (socket) => socket.write('hello'),
    );
  });

  it('TLS 1.2 with a CBC suite: the records after ChangeCipherSpec are listed, and the note says why', async () => {
    await withServer({ ciphers: 'ECDHE-ECDSA-AES128-SHA', maxVersion: 'TLSv1.2' }, async (port) => {
      const { report } = await traceHandshake(engineOptions(port));
      expect(report.ok).toBe(true);
      expect(report.cipher).toBe('TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA');
      expect(report.decryption.status).toBe('failed');
      expect(find(report.messages, 'client', 'EncryptedRecord').fields.reason).toMatch(/the TLS 1\.2 Finished.*not an AES-GCM or ChaCha20-Poly1305 suite/);
      expect(report.notes.join('\n')).toMatch(/could not be read/);
    });
  });

  it('traces with the engine: TLS 1.3 by default, the session tickets awaited', async () => {
    await withServer({}, async (port) => {
      const { report, keylog } = await traceHandshake(engineOptions(port));
      expect(report).toMatchObject({ ok: true, version: 'TLSv1.3', decryption: { status: 'complete' } });
      expect(report.messages.some((m) => m.type === 'NewSessionTicket' && m.decrypted)).toBe(true);
      expect(parseKeyLog(keylog).failures).toEqual([]);
      expect(keylog).toHaveLength(5);
    });
  });

  it('follows a HelloRetryRequest: the second ClientHello is clear, the rest decrypted', async () => {
    await withServer({ ecdhCurve: 'P-384', minVersion: 'TLSv1.3' }, async (port) => {
      const { report } = await traceHandshake(engineOptions(port));
      expect(report.decryption.status).toBe('complete');
      const types = sequence(report.messages).filter((m) => !m.endsWith('ChangeCipherSpec'));
      expect(types.slice(0, 5)).toEqual(['client ClientHello', 'server HelloRetryRequest', 'client ClientHello', 'server ServerHello', 'server EncryptedExtensions']);
      expect(find(report.messages, 'server', 'HelloRetryRequest').fields.keyShareGroup).toEqual({ id: 24, name: 'secp384r1' });
    });
  });

  it('a Node server that resets after rejecting our certificate: the transcript ends with our Finished, the CA names say why', async () => {
    await withServer({ ca: pem('ca.pem'), requestCert: true, rejectUnauthorized: true }, async (port) => {
      const identity = { chain: [parseCertificate(new X509Certificate(pem('other-client.pem')).raw)], key: createPrivateKey(pem('other-client.key')) };
      const { report } = await traceHandshake({ ...engineOptions(port), identity });
      expect(report.ok).toBe(false);
      expect(report.alert).toBeNull();
      expect(find(report.messages, 'server', 'CertificateRequest').fields.certificateAuthorities).toEqual([CA_SUBJECT]);
      expect(report.messages.at(-1)).toMatchObject({ from: 'client', type: 'Finished', decrypted: true });
      expect(report.causes.map((c) => c.id)).toEqual(['untrusted-ca', 'client-cert-rejected', 'connection-reset']);
    });
  });
});
