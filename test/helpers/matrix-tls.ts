import { spawn, type ChildProcess } from 'node:child_process';
import * as tls from 'node:tls';
import { listenOnLoopback, openssl, withTimeout, type ProcessResult } from './matrix-pki.js';

/**
 * Real mutual-TLS handshakes on 127.0.0.1 for the issuance matrix: Node `tls` on both ends, and
 * `openssl s_server` against `openssl s_client`. Everything waits on events with deadlines.
 */

export type TlsVersion = 'TLSv1.2' | 'TLSv1.3';

export interface NodePeer {
  key: Buffer;
  /** Leaf followed by the intermediates (NAME-chain.crt). */
  cert: Buffer;
  /** Trust anchors (ca.crt). */
  ca: Buffer;
}

export interface NodeSide {
  /** `secureConnection` (server) / `secureConnect` (client) fired. */
  secured: boolean;
  authorized?: boolean;
  authorizationError?: string;
  peer?: tls.PeerCertificate;
  protocol?: string | null;
  received: Buffer;
  errors: { code?: string; message: string }[];
}

export interface NodeHandshakeResult {
  server: NodeSide;
  client: NodeSide;
}

const side = (): NodeSide => ({ secured: false, received: Buffer.alloc(0), errors: [] });
const describeError = (error: NodeJS.ErrnoException) => ({ code: error.code, message: error.message });

/** The byte the client writes and the server echoes back (TLS 1.3 needs a write and a read, see design.md). */
export const PROBE = Buffer.from([0x2a]);

/**
 * A Node server (`requestCert` + `rejectUnauthorized`, unless told otherwise) and a Node client with a certificate. The
 * client writes PROBE after `secureConnect`; the server echoes what it reads and ends. Resolves
 * once the client socket has closed, whatever happened, with what each side saw.
 */
export async function nodeHandshake(options: {
  server: NodePeer;
  client: NodePeer;
  servername: string;
  checkServerIdentity?: tls.ConnectionOptions['checkServerIdentity'];
  version: TlsVersion;
  /** The server's `rejectUnauthorized` (default true); false lets a test read why a client certificate fails. */
  rejectUnauthorized?: boolean;
  timeoutMs?: number;
}): Promise<NodeHandshakeResult> {
  const result: NodeHandshakeResult = { server: side(), client: side() };
  const sockets = new Set<tls.TLSSocket>();
  const server = tls.createServer({
    key: options.server.key,
    cert: options.server.cert,
    ca: options.server.ca,
    requestCert: true,
    rejectUnauthorized: options.rejectUnauthorized ?? true,
    minVersion: options.version,
    maxVersion: options.version,
  });
  server.on('secureConnection', (socket) => {
    sockets.add(socket);
    result.server.secured = true;
    result.server.authorized = socket.authorized;
    result.server.authorizationError = socket.authorizationError?.toString();
    result.server.peer = socket.getPeerCertificate();
    result.server.protocol = socket.getProtocol();
    socket.on('error', (error) => result.server.errors.push(describeError(error)));
    socket.once('data', (data: Buffer) => {
      result.server.received = Buffer.concat([result.server.received, data]);
      socket.end(data);
    });
  });
  server.on('tlsClientError', (error) => result.server.errors.push(describeError(error)));
  let client: tls.TLSSocket | undefined;
  try {
    const port = await listenOnLoopback(server, 'the Node TLS server');
    const closed = new Promise<void>((resolve) => {
      client = tls.connect({
        host: '127.0.0.1',
        port,
        key: options.client.key,
        cert: options.client.cert,
        ca: options.client.ca,
        servername: options.servername,
        minVersion: options.version,
        maxVersion: options.version,
        ...(options.checkServerIdentity ? { checkServerIdentity: options.checkServerIdentity } : {}),
      });
      const socket = client;
      socket.on('secureConnect', () => {
        result.client.secured = true;
        result.client.authorized = socket.authorized;
        result.client.authorizationError = socket.authorizationError?.toString();
        result.client.peer = socket.getPeerCertificate();
        result.client.protocol = socket.getProtocol();
        socket.write(PROBE);
      });
      socket.on('data', (data: Buffer) => (result.client.received = Buffer.concat([result.client.received, data])));
      socket.on('error', (error) => result.client.errors.push(describeError(error)));
      socket.on('close', () => resolve());
    });
    await withTimeout(closed, options.timeoutMs ?? 20_000, `the Node client connection to close; so far: ${JSON.stringify(summary(result))}`);
    return result;
  } finally {
    client?.destroy();
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** The handshake result without the bulky certificate objects, for failure messages. */
export function summary(result: NodeHandshakeResult) {
  const brief = (s: NodeSide) => ({ ...s, peer: s.peer?.subjectaltname ?? s.peer?.subject, received: s.received.toString('hex') });
  return { server: brief(result.server), client: brief(result.client) };
}

export interface OpensslPeer {
  cert: string;
  key: string;
  /** Extra certificates to send after the leaf (intermediate.crt), or null. */
  chain: string | null;
}

export interface OpensslHandshakeResult {
  port: number;
  server: ProcessResult;
  client: ProcessResult;
  /** The `s_server -www` status page the client received ('' when there was none). */
  page: string;
}

export const HTTP_REQUEST = 'GET / HTTP/1.0\r\n\r\n';

/** Waits until `child` prints `ACCEPT host:port` on stdout; rejects if it exits first. */
function acceptedPort(child: ChildProcess, output: { stdout: string; stderr: string }, timeoutMs: number): Promise<number> {
  return withTimeout(
    new Promise<number>((resolve, reject) => {
      const check = () => {
        const match = /^ACCEPT\s+\S*:(\d+)\s*$/m.exec(output.stdout);
        if (match) {
          child.stdout!.off('data', check);
          resolve(Number(match[1]));
        }
      };
      child.stdout!.on('data', check);
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`openssl s_server exited (${code}) before accepting:\n${output.stdout}\n${output.stderr}`)));
      check();
    }),
    timeoutMs,
    `openssl s_server to print ACCEPT; stdout so far:\n${output.stdout}\nstderr:\n${output.stderr}`,
  );
}

/**
 * `openssl s_server -accept 127.0.0.1:0 -Verify 1 -verify_return_error -naccept 1 -www` and an
 * `openssl s_client -verify_return_error -ign_eof` that sends one HTTP request. Resolves when both
 * have exited; kills s_server if it is still running at the end.
 */
export async function opensslHandshake(options: {
  server: OpensslPeer;
  client: OpensslPeer;
  caFile: string;
  servername: string;
  /** Passed as `s_client -verify_hostname` (hostname check); omit to skip the name check (SPIFFE). */
  verifyHostname?: string;
  version: TlsVersion;
  timeoutMs?: number;
}): Promise<OpensslHandshakeResult> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const versionFlag = options.version === 'TLSv1.3' ? '-tls1_3' : '-tls1_2';
  const serverArgs = [
    's_server',
    '-accept', '127.0.0.1:0',
    '-cert', options.server.cert,
    '-key', options.server.key,
    ...(options.server.chain ? ['-cert_chain', options.server.chain] : []),
    '-CAfile', options.caFile,
    '-Verify', '1',
    '-verify_return_error',
    '-naccept', '1',
    '-www',
    versionFlag,
  ];
  const server = spawn('openssl', serverArgs, { stdio: ['ignore', 'pipe', 'pipe'] });
  const output = { stdout: '', stderr: '' };
  server.stdout.setEncoding('utf8').on('data', (d: string) => (output.stdout += d));
  server.stderr.setEncoding('utf8').on('data', (d: string) => (output.stderr += d));
  const serverDone = new Promise<ProcessResult>((resolve, reject) => {
    server.once('error', reject);
    server.once('close', (code, signal) => resolve({ code, signal, ...output }));
  });
  serverDone.catch(() => {}); // surfaced through acceptedPort or the await below
  try {
    const port = await acceptedPort(server, output, timeoutMs);
    const client = await openssl(
      [
        's_client',
        '-connect', `127.0.0.1:${port}`,
        '-cert', options.client.cert,
        '-key', options.client.key,
        ...(options.client.chain ? ['-cert_chain', options.client.chain] : []),
        '-CAfile', options.caFile,
        '-verify_return_error',
        '-servername', options.servername,
        ...(options.verifyHostname ? ['-verify_hostname', options.verifyHostname] : []),
        '-ign_eof',
        versionFlag,
      ],
      { input: HTTP_REQUEST, timeoutMs },
    );
    const serverResult = await withTimeout(serverDone, timeoutMs, `openssl s_server -naccept 1 to exit after the connection; stderr:\n${output.stderr}`);
    const at = client.stdout.indexOf('HTTP/1.0 200 ok');
    return { port, server: serverResult, client, page: at < 0 ? '' : client.stdout.slice(at) };
  } finally {
    if (server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
  }
}
