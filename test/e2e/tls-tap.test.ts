import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as net from 'node:net';
import { join } from 'node:path';
import * as tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CertificateMessage, CertificateRequest, CertificateVerify, ClientHello, ServerHello, ServerKeyExchange } from '../../src/tls/trace/handshake.js';
import { clearTranscript, type ClearHandshake } from '../../src/tls/trace/clear-handshake.js';
import { tapSocket, type SocketTap } from '../../src/tls/trace/tap.js';
import { parseCertificate } from '../../src/x509/certificate.js';
import { tempDir } from '../helpers/cli.js';
import { openssl, withTimeout } from '../helpers/matrix-pki.js';
import { startOpensslServerWith, stopAllPeers } from '../helpers/peers.js';

/**
 * The tap between Node's TLS client and real servers on 127.0.0.1: `openssl s_server` asking for
 * a client certificate (TLS 1.2: the request is in the clear; TLS 1.3: it is encrypted), Node's
 * own server for data flow, and a TCP server that resets the connection.
 */

const dir = tempDir('mtlskit-tls-tap-');
const file = (name: string) => join(dir.path, name);
const derOf = (pemFile: string) => new X509Certificate(readFileSync(file(pemFile))).raw;

async function run(args: string[]) {
  const result = await openssl(args, { cwd: dir.path });
  expect(result.code, result.stderr).toBe(0);
}

/** `openssl s_server` on an ephemeral port, run in the test folder; resolves with its port. */
const startServer = async (args: string[]): Promise<number> => (await startOpensslServerWith(args, dir.path)).port;

interface Outcome {
  tap: SocketTap;
  secured: boolean;
  protocol: string | null;
  error: NodeJS.ErrnoException | null;
  received: Buffer;
}

/** One client connection over a tap; resolves when the TLS socket has closed, whatever happened. */
function connectTapped(port: number, options: tls.ConnectionOptions = {}): Promise<Outcome> {
  const tcp = net.connect({ host: '127.0.0.1', port });
  const tap = tapSocket(tcp);
  const outcome: Outcome = { tap, secured: false, protocol: null, error: null, received: Buffer.alloc(0) };
  const socket = tls.connect({ socket: tap.stream, servername: 'localhost', rejectUnauthorized: false, ...options });
  const closed = new Promise<Outcome>((resolve) => {
    socket.once('secureConnect', () => {
      outcome.secured = true;
      outcome.protocol = socket.getProtocol();
      // s_server keeps a good connection open: say something and close it.
      socket.end('ping\n');
    });
    socket.on('data', (data: Buffer) => (outcome.received = Buffer.concat([outcome.received, data])));
    socket.on('error', (error: NodeJS.ErrnoException) => (outcome.error ??= error));
    socket.once('close', () => resolve(outcome));
  });
  return withTimeout(closed, 20_000, `TLS connection to 127.0.0.1:${port}`).finally(() => tcp.destroy());
}

const types = (side: ClearHandshake) => side.messages.map((m) => m.type);
function message<T>(side: ClearHandshake, type: string): T & { offset: number } {
  const found = side.messages.find((m) => m.type === type);
  expect(found, `${type} in ${types(side).join(', ')}`).toBeDefined();
  expect(found).not.toHaveProperty('error');
  return found as unknown as T & { offset: number };
}

let tls12Port: number;
let tls13Port: number;

beforeAll(async () => {
  await run(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-subj', '/O=Example/CN=Dev Root CA', '-days', '2']);
  for (const name of ['server', 'client']) {
    await run(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name === 'server' ? 'localhost' : 'client'}`]);
    await run(['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.pem`, '-days', '2']);
  }
  const common = ['-cert', 'server.pem', '-key', 'server.key', '-Verify', '1', '-CAfile', 'ca.pem'];
  [tls12Port, tls13Port] = await Promise.all([startServer([...common, '-tls1_2']), startServer([...common, '-tls1_3'])]);
});

afterAll(async () => {
  await stopAllPeers();
  dir.remove();
});

describe('clear-text handshake through the tap, against openssl s_server', () => {
  it('TLS 1.2 without a client certificate: the request, the chain, the key exchange and the alert', async () => {
    const outcome = await connectTapped(tls12Port, { maxVersion: 'TLSv1.2', ecdhCurve: 'P-256' });
    expect(outcome.secured).toBe(false);
    expect(outcome.error?.message).toMatch(/handshake failure/i);

    const { server, client, version } = clearTranscript({ client: outcome.tap.outbound, server: outcome.tap.inbound });
    expect(version?.name).toBe('TLSv1.2');
    expect(types(server)).toEqual(['ServerHello', 'Certificate', 'ServerKeyExchange', 'CertificateRequest', 'ServerHelloDone', 'Alert']);
    // The server has not switched on encryption yet, so its alert is readable (40 handshake_failure).
    expect(server.messages.at(-1)).toMatchObject({ type: 'Alert', level: { name: 'fatal' }, description: 40 });

    const request = message<CertificateRequest>(server, 'CertificateRequest');
    const caSubject = parseCertificate(derOf('ca.pem')).subject;
    expect(request.certificateAuthorities?.map((name) => name.text)).toEqual([caSubject.display]);
    expect(caSubject.display).toBe('O=Example, CN=Dev Root CA');
    expect(request.certificateAuthorities?.[0]?.der.equals(caSubject.der)).toBe(true);
    expect(request.signatureAlgorithms?.map((s) => s.name)).toContain('ecdsa_secp256r1_sha256');

    expect(message<ServerKeyExchange>(server, 'ServerKeyExchange').group).toEqual({ id: 23, name: 'secp256r1' });
    const chain = message<CertificateMessage>(server, 'Certificate').certificates.map((entry) => entry.der);
    // OpenSSL completes the chain from -CAfile: leaf, then the root.
    expect(chain.map((der) => der.toString('base64'))).toEqual([derOf('server.pem').toString('base64'), derOf('ca.pem').toString('base64')]);
    expect(message<ServerHello>(server, 'ServerHello').cipherSuite.name).toMatch(/^TLS_ECDHE_ECDSA_WITH_/);

    const hello = message<ClientHello>(client, 'ClientHello');
    expect(hello.serverName).toBe('localhost');
    expect(hello.supportedGroups?.map((g) => g.name)).toEqual(['secp256r1']);
    // Node sends an empty Certificate when it has none, then its key exchange, then encrypts.
    expect(types(client)).toEqual(['ClientHello', 'Certificate', 'ClientKeyExchange']);
    expect(message<CertificateMessage>(client, 'Certificate').certificates).toEqual([]);
    expect(client.stoppedBy).toBe('change-cipher-spec');
  });

  it('TLS 1.2 with a client certificate: the client side up to ChangeCipherSpec', async () => {
    const outcome = await connectTapped(tls12Port, {
      maxVersion: 'TLSv1.2',
      cert: readFileSync(file('client.pem')),
      key: readFileSync(file('client.key')),
    });
    expect(outcome.error).toBeNull();
    expect(outcome.protocol).toBe('TLSv1.2');

    const { server, client } = clearTranscript({ client: outcome.tap.outbound, server: outcome.tap.inbound });
    expect(types(client)).toEqual(['ClientHello', 'Certificate', 'ClientKeyExchange', 'CertificateVerify']);
    expect(message<CertificateMessage>(client, 'Certificate').certificates[0]?.der.equals(derOf('client.pem'))).toBe(true);
    expect(message<CertificateVerify>(client, 'CertificateVerify').algorithm?.name).toBe('ecdsa_secp256r1_sha256');
    expect(client.stoppedBy).toBe('change-cipher-spec');
    expect(client.encryptedRecords).toBeGreaterThanOrEqual(1);
    expect(server.stoppedBy).toBe('change-cipher-spec');
    expect(server.encryptedRecords).toBeGreaterThanOrEqual(1);
  });

  it('TLS 1.3: the hellos are clear, the rest is encrypted and says so', async () => {
    const outcome = await connectTapped(tls13Port, { minVersion: 'TLSv1.3' });
    // The client's handshake completes before the server judges the missing certificate (design.md).
    expect(outcome.protocol).toBe('TLSv1.3');

    const { server, client, version } = clearTranscript({ client: outcome.tap.outbound, server: outcome.tap.inbound });
    expect(version?.name).toBe('TLSv1.3');
    const serverHello = message<ServerHello>(server, 'ServerHello');
    expect(serverHello.selectedVersion?.name).toBe('TLSv1.3');
    expect(serverHello.cipherSuite.name).toMatch(/^TLS_(AES|CHACHA20)_/);
    expect(serverHello.keyShareGroup?.name).toBeTruthy();
    expect(server.stoppedBy).toBe('tls13-encrypted');
    expect(server.stoppedAt).toBe(serverHello.offset + 5 + 4 + serverHello.length);
    // EncryptedExtensions, CertificateRequest, Certificate, CertificateVerify, Finished: hidden.
    expect(server.encryptedRecords).toBeGreaterThanOrEqual(1);
    expect(types(server).filter((t) => t !== 'ChangeCipherSpec')).toEqual(['ServerHello']);

    const hello = message<ClientHello>(client, 'ClientHello');
    expect(hello.supportedVersions?.map((v) => v.name)).toContain('TLSv1.3');
    expect(hello.keyShares?.map((share) => share.group.id)).toContain(serverHello.keyShareGroup?.id);
    expect(client.stoppedBy).toBe('tls13-encrypted');
  });
});

describe('the tap as a transport', () => {
  const pki = () => ({ key: readFileSync(file('server.key')), cert: readFileSync(file('server.pem')) });

  it('carries data both ways, honours end, and records no more than maxBytes', async () => {
    const payload = Buffer.alloc(1024 * 1024, 0x61);
    const server = tls.createServer(pki(), (socket) => {
      socket.once('data', () => socket.end(payload));
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as net.AddressInfo;
      const tcp = net.connect({ host: '127.0.0.1', port });
      const tap = tapSocket(tcp, { maxBytes: 64 * 1024 });
      const socket = tls.connect({ socket: tap.stream, rejectUnauthorized: false });
      let received = 0;
      const ended = new Promise<void>((resolve, reject) => {
        socket.once('secureConnect', () => socket.write('go'));
        socket.on('data', (data: Buffer) => (received += data.length));
        socket.once('end', () => resolve());
        socket.once('error', reject);
      });
      await withTimeout(ended, 20_000, 'the server to send 1 MiB and end');
      socket.end();
      await withTimeout(new Promise((resolve) => tcp.once('close', resolve)), 10_000, 'the TCP socket to close');
      expect(received).toBe(payload.length);
      expect(tap.inbound.length).toBe(64 * 1024);
      expect(tap.truncated).toEqual({ inbound: true, outbound: false });
      expect(tap.segments[0]).toMatchObject({ direction: 'outbound', offset: 0 });
      expect(tap.segments.filter((s) => s.direction === 'outbound').reduce((n, s) => n + s.length, 0)).toBe(tap.outbound.length);
      expect(clearTranscript({ client: tap.outbound, server: tap.inbound }).version?.name).toBe('TLSv1.3');
    } finally {
      server.close();
    }
  });

  /** A TCP server that misbehaves on accept; returns what a TLS client sees with and without the tap. */
  async function misbehave(onConnection: (socket: net.Socket) => void) {
    const server = net.createServer(onConnection);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    const failure = (socket: tls.TLSSocket) =>
      withTimeout(
        new Promise<NodeJS.ErrnoException | null>((resolve) => {
          let error: NodeJS.ErrnoException | null = null;
          socket.on('error', (e: NodeJS.ErrnoException) => (error ??= e));
          socket.once('close', () => resolve(error));
        }),
        10_000,
        'the TLS socket to close',
      );
    try {
      const direct = await failure(tls.connect({ host: '127.0.0.1', port, rejectUnauthorized: false }));
      const tap = tapSocket(net.connect({ host: '127.0.0.1', port }));
      const tapped = await failure(tls.connect({ socket: tap.stream, rejectUnauthorized: false }));
      return { direct, tapped };
    } finally {
      server.close();
    }
  }

  it('surfaces a TCP reset as ECONNRESET on the TLS socket, as without the tap', async () => {
    const { direct, tapped } = await misbehave((socket) => socket.resetAndDestroy());
    expect(direct?.code).toBe('ECONNRESET');
    expect(tapped?.code).toBe('ECONNRESET');
  });

  it('surfaces a reset after the ClientHello the same way', async () => {
    const { direct, tapped } = await misbehave((socket) => socket.once('data', () => socket.resetAndDestroy()));
    expect(tapped?.code).toBe('ECONNRESET');
    expect(tapped?.message).toBe(direct?.message);
  });

  it('surfaces a close before the handshake as the same ECONNRESET', async () => {
    const { direct, tapped } = await misbehave((socket) => socket.end());
    expect(tapped?.code).toBe('ECONNRESET');
    expect(tapped?.message).toBe(direct?.message);
    expect(tapped?.message).toMatch(/disconnected before secure TLS connection was established/);
  });

  it('closes the TCP socket when the TLS socket is destroyed', async () => {
    const accepted: net.Socket[] = [];
    const server = net.createServer((socket) => accepted.push(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as net.AddressInfo;
      const tcp = net.connect({ host: '127.0.0.1', port });
      await withTimeout(new Promise((resolve) => tcp.once('connect', resolve)), 10_000, 'TCP connect');
      const socket = tls.connect({ socket: tapSocket(tcp).stream, rejectUnauthorized: false });
      socket.on('error', () => undefined);
      socket.destroy();
      await withTimeout(new Promise((resolve) => tcp.once('close', resolve)), 10_000, 'the TCP socket to close');
      expect(tcp.destroyed).toBe(true);
    } finally {
      for (const socket of accepted) socket.destroy();
      server.close();
    }
  });
});
