import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tls from 'node:tls';
import { runCliAsync, type CliResult } from './cli.js';
import { listenOnLoopback, openssl, pemBodies, withTimeout, type ProcessResult } from './matrix-pki.js';

/**
 * Real TLS peers for the `serve`/`connect` acceptance tests: a scenario PKI issued by the built
 * CLI, three servers that demand a client certificate (`openssl s_server`, a Node `tls` server, a
 * Python `ssl` server) and four clients (curl, `openssl s_client`, Python `ssl`, Node `tls`).
 * Everything listens on and connects to 127.0.0.1, on ephemeral ports; every wait is on an event
 * with a deadline, never a sleep.
 *
 * How each peer reports a refused client certificate is summarised in the test of this harness
 * (test/e2e/peers-harness.test.ts) and in the doc comment of each client below.
 */

export type TlsVersionNumber = '1.2' | '1.3';

const OPENSSL_PROTOCOL: Record<TlsVersionNumber, string> = { '1.2': 'TLSv1.2', '1.3': 'TLSv1.3' };
const NODE_PROTOCOL: Record<TlsVersionNumber, tls.SecureVersion> = { '1.2': 'TLSv1.2', '1.3': 'TLSv1.3' };

const PYTHON_PEER = fileURLToPath(new URL('./peer-python.py', import.meta.url));
const DEFAULT_TIMEOUT_MS = 15_000;

// ---------------------------------------------------------------------------------------------
// The scenario PKI

/** A certificate and its key, as `cert create` writes them. */
export interface Identity {
  /** NAME.crt: the leaf alone. */
  cert: string;
  /** NAME.key (PKCS#8 PEM, mode 0600). */
  key: string;
  /** NAME-chain.crt: the leaf followed by the intermediate. Give this one to a peer that must send its chain. */
  chain: string;
}

export interface ScenarioPki {
  /** The CA folder (`--dir`): root + intermediate, leaves in `dir/certs`. */
  dir: string;
  /** Root ca.crt: the trust anchor of both sides. */
  ca: string;
  /** intermediate.crt, which issued every leaf below except otherCaClient's. */
  intermediate: string;
  /** Profile server; SANs localhost, 127.0.0.1, ::1. */
  server: Identity;
  /** Profile server; valid only for other.example. */
  wrongHostServer: Identity;
  /** Profile client (EKU clientAuth); SAN DNS:client. */
  client: Identity;
  /** A client certificate from an unrelated CA (root + intermediate in `dir/other-ca`); `ca` is that CA's root. */
  otherCaClient: Identity & { ca: string };
  /** Like `client` (clientAuth EKU, SAN, SKI/AKI, same intermediate) but valid only in January 2020. */
  expiredClient: Identity;
  /** Issued with profile server: EKU serverAuth only, so no good as a client certificate. */
  serverOnlyClient: Identity;
}

function checkCli(result: CliResult, args: string[]): void {
  if (result.code !== 0 || result.json?.ok !== true) {
    throw new Error(`mtlskit ${args.join(' ')} failed (exit ${result.code}):\n${result.stderr}\n${result.stdout}`);
  }
}

async function mtlskit(args: string[]): Promise<void> {
  checkCli(await withTimeout(runCliAsync([...args, '--json']), 60_000, `mtlskit ${args.join(' ')}`), args);
}

function checkOpenssl(result: ProcessResult, args: string[]): void {
  if (result.code !== 0) throw new Error(`openssl ${args.join(' ')} failed (exit ${result.code}):\n${result.stderr}\n${result.stdout}`);
}

async function issue(dir: string, name: string, sans: string[], profile: 'server' | 'client'): Promise<Identity> {
  const out = join(dir, 'certs');
  await mtlskit(['cert', 'create', name, ...sans, '--profile', profile, '--dir', dir, '--out', out]);
  return { cert: join(out, `${name}.crt`), key: join(out, `${name}.key`), chain: join(out, `${name}-chain.crt`) };
}

/**
 * A client certificate that expired in 2020. `cert create` cannot backdate, so `openssl ca` signs
 * it with the intermediate's key, with the extensions a `--profile client` certificate carries
 * (AKI included, which Python 3.13's VERIFY_X509_STRICT requires): only the dates are wrong.
 */
async function issueExpiredClient(dir: string): Promise<Identity> {
  const work = join(dir, 'expired');
  const out = join(dir, 'certs');
  mkdirSync(work, { recursive: true });
  mkdirSync(out, { recursive: true });
  const index = join(work, 'index.txt');
  writeFileSync(index, '');
  const config = join(work, 'ca.cnf');
  writeFileSync(
    config,
    [
      '[ ca ]',
      'default_ca = scenario',
      '[ scenario ]',
      `database = ${index}`,
      `new_certs_dir = ${work}`,
      'rand_serial = yes',
      'default_md = sha256',
      'policy = policy_any',
      'unique_subject = no',
      'copy_extensions = none',
      '[ policy_any ]',
      'commonName = supplied',
      '[ client_ext ]',
      'basicConstraints = critical, CA:FALSE',
      'keyUsage = critical, digitalSignature',
      'extendedKeyUsage = clientAuth',
      'subjectAltName = DNS:expired-client',
      'subjectKeyIdentifier = hash',
      'authorityKeyIdentifier = keyid:always',
      '',
    ].join('\n'),
  );
  const identity = { cert: join(out, 'expired-client.crt'), key: join(out, 'expired-client.key'), chain: join(out, 'expired-client-chain.crt') };
  const csr = join(work, 'expired-client.csr');
  const reqArgs = ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', identity.key, '-subj', '/CN=expired-client', '-out', csr];
  checkOpenssl(await openssl(reqArgs), reqArgs);
  chmodSync(identity.key, 0o600);
  const caArgs = [
    'ca', '-config', config, '-batch', '-notext', '-extensions', 'client_ext',
    '-cert', join(dir, 'intermediate.crt'), '-keyfile', join(dir, 'intermediate.key'),
    '-startdate', '20200101000000Z', '-enddate', '20200201000000Z',
    '-in', csr, '-out', identity.cert,
  ];
  checkOpenssl(await openssl(caArgs), caArgs);
  writeFileSync(identity.chain, readFileSync(identity.cert, 'utf8') + readFileSync(join(dir, 'intermediate.crt'), 'utf8'));
  return identity;
}

/**
 * Every certificate the serve/connect scenarios need, in `dir` (root + intermediate, leaves in
 * `dir/certs`) and `dir/other-ca` (an unrelated CA). Returns absolute paths when `dir` is absolute.
 * Takes about a second: the CLI runs are concurrent.
 */
export async function makeScenarioPki(dir: string): Promise<ScenarioPki> {
  const otherDir = join(dir, 'other-ca');
  await Promise.all([
    mtlskit(['ca', 'create', '--dir', dir, '--intermediate']),
    mtlskit(['ca', 'create', '--dir', otherDir, '--intermediate', '--name', 'Other Root CA']),
  ]);
  const [server, wrongHostServer, client, serverOnlyClient, otherCaClient, expiredClient] = await Promise.all([
    issue(dir, 'server', ['localhost', '127.0.0.1', '::1'], 'server'),
    issue(dir, 'wrong-host-server', ['other.example'], 'server'),
    issue(dir, 'client', ['client'], 'client'),
    issue(dir, 'server-only-client', ['server-only-client'], 'server'),
    issue(otherDir, 'other-client', ['other-client'], 'client'),
    issueExpiredClient(dir),
  ]);
  return {
    dir,
    ca: join(dir, 'ca.crt'),
    intermediate: join(dir, 'intermediate.crt'),
    server,
    wrongHostServer,
    client,
    otherCaClient: { ...otherCaClient, ca: join(otherDir, 'ca.crt') },
    expiredClient,
    serverOnlyClient,
  };
}

// ---------------------------------------------------------------------------------------------
// Shared plumbing

let scratch: string | undefined;
const writtenExtras = new Set<string>();

/** A folder for derived files, removed by stopAllPeers. */
function scratchDir(): string {
  scratch ??= mkdtempSync(join(tmpdir(), 'mtlskit-peers-scratch-'));
  return scratch;
}

function removeScratch(): void {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  scratch = undefined;
  writtenExtras.clear();
}

/**
 * The certificates of `chainFile` other than the leaf of `certFile`, in a file of their own, or
 * undefined when there are none. OpenSSL's `-cert` reads only the first certificate of a file and
 * `-cert_chain` sends every certificate it is given, so passing NAME-chain.crt as `-cert_chain`
 * would send the leaf twice.
 */
function extraCertsFile(certFile: string, chainFile: string): string | undefined {
  const leaf = pemBodies(readFileSync(certFile, 'utf8'))[0];
  const extras = pemBodies(readFileSync(chainFile, 'utf8')).filter((body) => body !== leaf);
  if (extras.length === 0) return undefined;
  const pem = extras.map((body) => `-----BEGIN CERTIFICATE-----\n${body.replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`).join('');
  const file = join(scratchDir(), `extra-${createHash('sha256').update(pem).digest('hex').slice(0, 16)}.pem`);
  if (!writtenExtras.has(file)) {
    // Concurrent clients share the file: it appears whole (rename) or not at all.
    writeFileSync(`${file}.tmp`, pem);
    renameSync(`${file}.tmp`, file);
    writtenExtras.add(file);
  }
  return file;
}

/** Runs COMMAND ARGS to completion without blocking the event loop; kills it at the deadline. */
function runProcess(command: string, args: string[], options: { input?: string; timeoutMs?: number } = {}): Promise<ProcessResult> {
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdin.on('error', () => {}); // EPIPE when the child exits before reading its input
  child.stdin.end(options.input ?? '');
  const done = new Promise<ProcessResult>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return withTimeout(done, options.timeoutMs ?? DEFAULT_TIMEOUT_MS, `${command} ${args.join(' ')}`).catch((error) => {
    child.kill('SIGKILL');
    throw error;
  });
}

let pythonPath: Promise<string> | undefined;

/**
 * The interpreter `python3` stands for, asked once: a pyenv shim (as on this machine) costs a shell
 * script per start, which doubles the time of every Python peer.
 */
function python(): Promise<string> {
  pythonPath ??= runProcess('python3', ['-c', 'import sys; print(sys.executable)']).then((r) => {
    const path = r.stdout.trim();
    if (r.code !== 0 || !path) throw new Error(`python3 did not name its interpreter (exit ${r.code}):\n${r.stderr}`);
    return path;
  });
  return pythonPath;
}

/** The status code of the first HTTP status line in `text` (s_client may glue it to its session dump). */
function httpStatus(text: string): number | undefined {
  const match = /HTTP\/\d(?:\.\d)? (\d{3})/.exec(text);
  return match ? Number(match[1]) : undefined;
}

// ---------------------------------------------------------------------------------------------
// Servers

export interface PeerServer {
  port: number;
  /** Stops the server and waits until it is gone. Idempotent. */
  stop(): Promise<void>;
  /** Everything the server has logged so far (for a child process: stdout and stderr, as they arrived). */
  output(): string;
  /** Resolves with output() once it matches `pattern` (servers log after the client may already be done). */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<string>;
}

export interface ServerOptions {
  /** The leaf certificate. */
  cert: string;
  key: string;
  /** Leaf + intermediates (NAME-chain.crt); the server sends these. Without it only the leaf is sent. */
  chain?: string;
  /** Trust anchors for client certificates (a client certificate is required). */
  ca: string;
  minTls?: TlsVersionNumber;
  maxTls?: TlsVersionNumber;
}

const running = new Set<PeerServer>();

/**
 * Child servers still alive when the test process exits are killed then: an idle s_server does
 * not read its stdin, so unlike the Python peer it does not stop when the pipe's writer is gone.
 */
const children = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL');
  removeScratch();
});

/** Stops every server this module started that is still running and removes its scratch files (for afterAll). */
export async function stopAllPeers(): Promise<void> {
  await Promise.all([...running].map((server) => server.stop()));
  removeScratch();
}

/** A log that wakes up whoever waits for a pattern in it. */
function outputLog() {
  let text = '';
  const waiters = new Set<() => void>();
  return {
    append(chunk: string) {
      text += chunk;
      for (const wake of [...waiters]) wake();
    },
    text: () => text,
    waitFor(pattern: RegExp, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<string> {
      let wake: (() => void) | undefined;
      const matched = new Promise<string>((resolve) => {
        wake = () => {
          if (pattern.test(text)) {
            waiters.delete(wake!);
            resolve(text);
          }
        };
        waiters.add(wake);
        wake();
      });
      return withTimeout(matched, timeoutMs, `server output to match ${pattern}; so far:\n${text}`).finally(() => waiters.delete(wake!));
    },
  };
}

/** A server in a child process. Its stdin stays an open pipe (EOF there stops the Python peer; s_server reads it only mid-connection without -www). */
async function startChildServer(command: string, args: string[], findPort: (stdout: string) => number | undefined, what: string, cwd?: string): Promise<PeerServer> {
  const child: ChildProcess = spawn(command, args, { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
  const log = outputLog();
  let stdout = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
    log.append(d);
  });
  child.stderr!.setEncoding('utf8').on('data', (d: string) => log.append(d));
  child.stdin!.on('error', () => {});
  children.add(child);
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve())).finally(() => children.delete(child));
  const port = await withTimeout(
    new Promise<number>((resolve, reject) => {
      const check = () => {
        const port = findPort(stdout);
        if (port !== undefined) {
          child.stdout!.off('data', check);
          resolve(port);
        }
      };
      child.stdout!.on('data', check);
      child.once('error', reject);
      child.once('exit', (code, signal) => reject(new Error(`${what} exited (${code ?? signal}) before listening:\n${log.text()}`)));
      check();
    }),
    10_000,
    `${what} to listen; output so far:\n${log.text()}`,
  ).catch(async (error) => {
    child.kill('SIGKILL');
    await exited;
    throw error;
  });
  const server: PeerServer = {
    port,
    async stop() {
      running.delete(server);
      if (child.exitCode === null && child.signalCode === null) {
        child.stdin!.end();
        child.kill('SIGTERM');
        await withTimeout(exited, 5_000, `${what} to exit on SIGTERM`).catch(() => {
          child.kill('SIGKILL');
          return exited;
        });
      }
    },
    output: () => log.text(),
    waitForOutput: (pattern, timeoutMs) => log.waitFor(pattern, timeoutMs),
  };
  running.add(server);
  return server;
}

/**
 * `openssl s_server -accept 127.0.0.1:0 -Verify 2 -verify_return_error [-www]`: requires a client
 * certificate and sends alert 116 certificate_required (TLS 1.3) / 40 handshake_failure (TLS 1.2)
 * without one, 48 unknown_ca for a foreign issuer, 45 certificate_expired, 43
 * unsupported_certificate for a certificate without clientAuth. Serves connections one after the
 * other until stopped. `www` (default true) answers every request with its HTTP/1.0 200 status
 * page; `www: false` is the raw mode that prints what the client sends and never answers.
 */
export function startOpensslServer(options: ServerOptions & { www?: boolean }): Promise<PeerServer> {
  const extras = options.chain ? extraCertsFile(options.cert, options.chain) : undefined;
  return startOpensslServerWith([
    '-cert', options.cert,
    '-key', options.key,
    ...(extras ? ['-cert_chain', extras] : []),
    '-CAfile', options.ca,
    '-Verify', '2',
    '-verify_return_error',
    ...(options.minTls ? ['-min_protocol', OPENSSL_PROTOCOL[options.minTls]] : []),
    ...(options.maxTls ? ['-max_protocol', OPENSSL_PROTOCOL[options.maxTls]] : []),
    ...(options.www === false ? [] : ['-www']),
  ]);
}

/**
 * `openssl s_server -accept 127.0.0.1:0 ARGS`, run in `cwd` (relative file names in ARGS are
 * found there): for tests that need flags the scenario server above does not set.
 */
export function startOpensslServerWith(args: string[], cwd?: string): Promise<PeerServer> {
  // Prints `ACCEPT 127.0.0.1:PORT` (`ACCEPT [::]:PORT` / `0.0.0.0:PORT` for a wildcard accept).
  const findPort = (stdout: string) => {
    const match = /^ACCEPT\s+\S*:(\d+)\s*$/m.exec(stdout);
    return match ? Number(match[1]) : undefined;
  };
  return startChildServer('openssl', ['s_server', '-accept', '127.0.0.1:0', ...args], findPort, 'openssl s_server', cwd);
}

/**
 * A plain Node `tls.createServer({ requestCert: true, rejectUnauthorized: true })` that answers
 * whatever it receives with `HTTP/1.0 200 OK` + "ok" and ends the connection. Without a client
 * certificate OpenSSL fails the handshake (alert 116 / 40); a client certificate that does not
 * verify makes Node destroy the socket after the handshake, without an alert (design.md): TLS 1.2
 * clients see an EOF/reset during the handshake (curl 35 SSL_ERROR_SYSCALL, s_client "unexpected
 * eof while reading", Python SSLEOFError, Node ECONNRESET "Client network socket disconnected
 * before secure TLS connection was established"); TLS 1.3 clients complete their handshake and
 * then get no response (curl 52 "Empty reply from server" or 56 "Connection reset by peer").
 * output() logs one line per event: `secure … authorized=true client=CN` for an accepted client,
 * `tlsClientError … ERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE …` for a missing certificate,
 * `tlsClientError 127.0.0.1:?: ECONNRESET socket hang up authorizationError=CERT_HAS_EXPIRED`
 * (UNABLE_TO_GET_ISSUER_CERT_LOCALLY, INVALID_PURPOSE, …) for a silent drop, and
 * `closed before secureConnection 127.0.0.1:PORT` for every connection that never got through.
 */
export async function startNodeServer(options: ServerOptions): Promise<PeerServer> {
  const log = outputLog();
  const sockets = new Set<{ destroy(): void }>();
  const secured = new Set<number>();
  const server = tls.createServer({
    key: readFileSync(options.key),
    cert: readFileSync(options.chain ?? options.cert),
    ca: readFileSync(options.ca),
    requestCert: true,
    rejectUnauthorized: true,
    ...(options.minTls ? { minVersion: NODE_PROTOCOL[options.minTls] } : {}),
    ...(options.maxTls ? { maxVersion: NODE_PROTOCOL[options.maxTls] } : {}),
  });
  server.on('connection', (raw) => {
    sockets.add(raw);
    const remotePort = raw.remotePort;
    raw.once('close', () => {
      sockets.delete(raw);
      if (remotePort !== undefined && !secured.delete(remotePort)) log.append(`closed before secureConnection 127.0.0.1:${remotePort}\n`);
    });
  });
  server.on('secureConnection', (socket) => {
    sockets.add(socket);
    if (socket.remotePort !== undefined) secured.add(socket.remotePort);
    const peer = socket.getPeerCertificate();
    log.append(`secure 127.0.0.1:${socket.remotePort} ${socket.getProtocol()} authorized=${socket.authorized} client=${peer?.subject?.CN ?? '-'}\n`);
    socket.on('error', (error: NodeJS.ErrnoException) => log.append(`socket error 127.0.0.1:${socket.remotePort}: ${error.code ?? ''} ${error.message.trim()}\n`));
    socket.once('data', () => {
      socket.end('HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\nConnection: close\r\n\r\nok\n');
    });
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('tlsClientError', (error: NodeJS.ErrnoException, socket) => {
    // A client certificate that does not verify: Node records why, destroys the socket (no
    // alert) and reports only ECONNRESET "socket hang up" here; the port is gone by then.
    const why = socket.authorizationError ? ` authorizationError=${String(socket.authorizationError)}` : '';
    log.append(`tlsClientError 127.0.0.1:${socket.remotePort ?? '?'}: ${error.code ?? ''} ${error.message.trim()}${why}\n`);
  });
  const port = await listenOnLoopback(server, 'the Node TLS server');
  let stopped: Promise<void> | undefined;
  const peer: PeerServer = {
    port,
    stop() {
      running.delete(peer);
      stopped ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      return stopped;
    },
    output: () => log.text(),
    waitForOutput: (pattern, timeoutMs) => log.waitFor(pattern, timeoutMs),
  };
  running.add(peer);
  return peer;
}

/**
 * test/helpers/peer-python.py's server: `ssl.SSLContext(PROTOCOL_TLS_SERVER)` with CERT_REQUIRED,
 * a thread per connection, an HTTP/1.0 200 answer to each request. Logs `handshake ok …`,
 * `handshake failed …: SSLError: [SSL: …] …` (e.g. PEER_DID_NOT_RETURN_A_CERTIFICATE,
 * CERTIFICATE_VERIFY_FAILED) and `answered …` on stderr; a failed handshake never stops it.
 */
export async function startPythonServer(options: ServerOptions): Promise<PeerServer> {
  const args = [
    '-u', PYTHON_PEER, 'server',
    '--cert', options.cert,
    '--key', options.key,
    ...(options.chain ? ['--chain', options.chain] : []),
    '--ca', options.ca,
    ...(options.minTls ? ['--min-tls', options.minTls] : []),
    ...(options.maxTls ? ['--max-tls', options.maxTls] : []),
  ];
  const findPort = (stdout: string) => {
    const match = /^(\d+)\s*$/m.exec(stdout);
    return match ? Number(match[1]) : undefined;
  };
  return startChildServer(await python(), args, findPort, 'the Python TLS server');
}

// ---------------------------------------------------------------------------------------------
// Clients

export interface ClientResult {
  /** The handshake completed and an HTTP response arrived (see each client for the exact rule). */
  ok: boolean;
  /** The exit code (in-process clients: 0 when ok, else 1). */
  code: number | null;
  stdout: string;
  stderr: string;
  /** The HTTP status the server answered with, when there was one. */
  status?: number;
}

export interface ClientOptions {
  port: number;
  /**
   * The name the server certificate must match (default 'localhost'), sent as SNI unless it is an
   * IP address (RFC 6066 allows only host names there); the client still connects to 127.0.0.1.
   */
  servername?: string;
  /** Trust anchors for the server certificate. */
  ca: string;
  /** The client certificate; give NAME-chain.crt so the intermediate is sent too. */
  cert?: string;
  key?: string;
  timeoutMs?: number;
}

/**
 * `curl -sS --cacert CA [--cert --key] --resolve NAME:PORT:127.0.0.1 https://NAME:PORT/PATH`
 * (`--connect-to ::127.0.0.1:` when NAME is an IP address).
 * stdout is the body; status comes from `-w %{http_code}` (undefined when no response came).
 * A refused client certificate: exit 35 (TLS 1.2, the alert arrives during the handshake, e.g.
 * "tlsv1 alert unknown ca") or 56 ("OpenSSL SSL_read: … tlsv13 alert certificate required",
 * TLS 1.3). Beware: curl maps alert 45 certificate_expired in TLS 1.2 to exit 60 "SSL certificate
 * verification failed", the same exit as for a server certificate curl itself rejects. A server
 * that closes without lingering can also yield 55 "Send failure" or 56 "Connection reset by peer".
 */
export async function curlClient(options: ClientOptions & { tlsMin?: TlsVersionNumber; tlsMax?: TlsVersionNumber; path?: string }): Promise<ClientResult> {
  const name = options.servername ?? 'localhost';
  const urlHost = isIP(name) === 6 ? `[${name}]` : name;
  const marker = '\n--mtlskit-http-status:';
  const args = [
    '-sS',
    '--cacert', options.ca,
    ...(options.cert ? ['--cert', options.cert] : []),
    ...(options.key ? ['--key', options.key] : []),
    ...(options.tlsMin ? [`--tlsv${options.tlsMin}`] : []),
    ...(options.tlsMax ? ['--tls-max', options.tlsMax] : []),
    '--max-time', String(Math.ceil((options.timeoutMs ?? DEFAULT_TIMEOUT_MS) / 1000)),
    // curl 7.88 cannot parse an IPv6 literal in --resolve; --connect-to (any host, same port) can stand in.
    ...(isIP(name) ? ['--connect-to', '::127.0.0.1:'] : ['--resolve', `${name}:${options.port}:127.0.0.1`]),
    '-o', '-',
    '-w', `${marker}%{http_code}`,
    `https://${urlHost}:${options.port}${options.path ?? '/'}`,
  ];
  const run = await runProcess('curl', args, { timeoutMs: (options.timeoutMs ?? DEFAULT_TIMEOUT_MS) + 5_000 });
  const at = run.stdout.lastIndexOf(marker);
  const body = at < 0 ? run.stdout : run.stdout.slice(0, at);
  const code = at < 0 ? 0 : Number(run.stdout.slice(at + marker.length));
  return { ok: run.code === 0, code: run.code, stdout: body, stderr: run.stderr, ...(code > 0 ? { status: code } : {}) };
}

/**
 * `openssl s_client -connect 127.0.0.1:PORT -servername S -verify_hostname S -verify_return_error
 * -CAfile CA [-cert -key [-cert_chain]] -ign_eof [-tls1_2|-tls1_3]`, with `request` on stdin.
 * (An IP address as servername becomes `-verify_ip` and no SNI.) `-ign_eof` keeps it reading
 * after stdin's EOF until the server closes, so a server that never answers nor closes (s_server
 * with `www: false`) runs into the timeout, which rejects. When `cert` holds a chain
 * (NAME-chain.crt) or `certChain` is given, the certificates after the leaf go out as
 * `-cert_chain`. ok = exit 0 and no `verify error`. A refused client certificate: exit 1 with
 * e.g. `…:tlsv13 alert certificate required:…:SSL alert number 116` on stderr (TLS 1.3, after
 * `Verify return code: 0 (ok)` on stdout) or `sslv3 alert handshake failure … 40` (TLS 1.2).
 */
export async function opensslClient(options: ClientOptions & { certChain?: string; tls?: TlsVersionNumber; maxTls?: TlsVersionNumber; request?: string }): Promise<ClientResult> {
  const name = options.servername ?? 'localhost';
  const extras = options.cert ? extraCertsFile(options.cert, options.certChain ?? options.cert) : undefined;
  const args = [
    's_client',
    '-connect', `127.0.0.1:${options.port}`,
    ...(isIP(name) ? ['-verify_ip', name] : ['-servername', name, '-verify_hostname', name]),
    '-verify_return_error',
    '-CAfile', options.ca,
    ...(options.cert ? ['-cert', options.cert] : []),
    ...(options.key ? ['-key', options.key] : []),
    ...(extras ? ['-cert_chain', extras] : []),
    ...(options.tls ? [options.tls === '1.3' ? '-tls1_3' : '-tls1_2'] : []),
    ...(options.maxTls ? ['-max_protocol', OPENSSL_PROTOCOL[options.maxTls]] : []),
    '-ign_eof',
  ];
  const run = await openssl(args, { input: options.request ?? 'GET / HTTP/1.0\r\n\r\n', timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS });
  const verifyError = /verify error/i.test(run.stdout + run.stderr);
  const status = httpStatus(run.stdout);
  return { ok: run.code === 0 && !verifyError, code: run.code, stdout: run.stdout, stderr: run.stderr, ...(status ? { status } : {}) };
}

/**
 * test/helpers/peer-python.py's client: `ssl.create_default_context(cafile=CA)` plus Python 3.13's
 * default VERIFY_X509_STRICT and VERIFY_X509_PARTIAL_CHAIN (unless `strict: false`), so a local
 * 3.11 judges certificates as CI's 3.13 does. stdout is the whole response; a failure prints
 * `SSLError: [SSL: TLSV13_ALERT_CERTIFICATE_REQUIRED] …` (TLS 1.3, raised on read),
 * `SSLError: [SSL: SSLV3_ALERT_HANDSHAKE_FAILURE] …` (TLS 1.2), `SSLCertVerificationError: …`
 * (the server certificate), or for a Node server's silent drop `SSLEOFError: … UNEXPECTED_EOF…`
 * (TLS 1.2) / `ConnectionClosed: the server closed the connection without a response` (TLS 1.3)
 * on stderr, and exits 1.
 */
export async function pythonClient(options: ClientOptions & { minTls?: TlsVersionNumber; maxTls?: TlsVersionNumber; path?: string; strict?: boolean }): Promise<ClientResult> {
  const args = [
    PYTHON_PEER, 'client',
    '--port', String(options.port),
    '--servername', options.servername ?? 'localhost',
    '--ca', options.ca,
    ...(options.cert ? ['--cert', options.cert] : []),
    ...(options.key ? ['--key', options.key] : []),
    ...(options.minTls ? ['--min-tls', options.minTls] : []),
    ...(options.maxTls ? ['--max-tls', options.maxTls] : []),
    ...(options.path ? ['--path', options.path] : []),
    ...(options.strict === false ? ['--no-strict'] : []),
  ];
  const run = await runProcess(await python(), args, { timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS });
  const status = httpStatus(run.stdout.split('\n', 1)[0]!);
  return { ok: run.code === 0, code: run.code, stdout: run.stdout, stderr: run.stderr, ...(status ? { status } : {}) };
}

/**
 * An in-process `tls.connect` (rejectUnauthorized) that writes `GET PATH HTTP/1.0` after
 * `secureConnect` and reads until the connection ends. ok = secureConnect happened and a
 * response arrived. Otherwise stderr holds `CODE: message` lines, e.g.
 * `ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED: …` (TLS 1.3: after secureConnect, on read),
 * `ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE`, `ERR_TLS_CERT_ALTNAME_INVALID`, or, from a Node server
 * dropping a client whose certificate does not verify, `ECONNRESET: Client network socket
 * disconnected before secure TLS connection was established` (TLS 1.2) / `closed without a
 * response` (TLS 1.3). stderr always starts with `secureConnect: true|false`.
 */
export async function nodeClient(options: ClientOptions & { minTls?: TlsVersionNumber; maxTls?: TlsVersionNumber; path?: string }): Promise<ClientResult> {
  const name = options.servername ?? 'localhost';
  const errors: string[] = [];
  let secured = false;
  let response = '';
  let socket: tls.TLSSocket | undefined;
  const closed = new Promise<void>((resolve) => {
    socket = tls.connect({
      host: '127.0.0.1',
      port: options.port,
      ...(isIP(name) ? { checkServerIdentity: (_host: string, cert: tls.PeerCertificate) => tls.checkServerIdentity(name, cert) } : { servername: name }),
      ca: readFileSync(options.ca),
      ...(options.cert ? { cert: readFileSync(options.cert) } : {}),
      ...(options.key ? { key: readFileSync(options.key) } : {}),
      ...(options.minTls ? { minVersion: NODE_PROTOCOL[options.minTls] } : {}),
      ...(options.maxTls ? { maxVersion: NODE_PROTOCOL[options.maxTls] } : {}),
      rejectUnauthorized: true,
    });
    const s = socket;
    s.setEncoding('utf8');
    s.on('secureConnect', () => {
      secured = true;
      s.write(`GET ${options.path ?? '/'} HTTP/1.0\r\nHost: ${name}\r\n\r\n`);
    });
    s.on('data', (d: string) => (response += d));
    s.on('error', (error: NodeJS.ErrnoException) => errors.push(`${error.code ?? 'ERROR'}: ${error.message.trim()}`));
    s.on('close', () => resolve());
  });
  try {
    await withTimeout(closed, options.timeoutMs ?? DEFAULT_TIMEOUT_MS, `the Node client connection to 127.0.0.1:${options.port} to close`);
  } catch (error) {
    errors.push(`TIMEOUT: ${(error as Error).message}`);
  } finally {
    socket?.destroy();
  }
  const ok = secured && response.length > 0;
  if (!ok && errors.length === 0) errors.push(secured ? 'closed without a response' : 'closed before secureConnect');
  const status = httpStatus(response.split('\n', 1)[0]!);
  const stderr = [`secureConnect: ${secured}`, ...errors].join('\n') + '\n';
  return { ok, code: ok ? 0 : 1, stdout: response, stderr, ...(status ? { status } : {}) };
}

/** The server side of the scenarios: the good server, one for the wrong host, one without its intermediate, one for TLS 1.2 only. */
export type ScenarioServer = 'main' | 'wrongHost' | 'leafOnly' | 'tls12Only';

export function scenarioServerOptions(pki: ScenarioPki, config: ScenarioServer): ServerOptions {
  switch (config) {
    case 'main':
      return { cert: pki.server.cert, key: pki.server.key, chain: pki.server.chain, ca: pki.ca };
    case 'wrongHost':
      return { cert: pki.wrongHostServer.cert, key: pki.wrongHostServer.key, chain: pki.wrongHostServer.chain, ca: pki.ca };
    case 'leafOnly':
      return { cert: pki.server.cert, key: pki.server.key, ca: pki.ca };
    case 'tls12Only':
      return { cert: pki.server.cert, key: pki.server.key, chain: pki.server.chain, ca: pki.ca, maxTls: '1.2' };
  }
}
