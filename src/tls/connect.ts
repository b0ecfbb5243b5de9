/**
 * The `connect` engine: a real mTLS client that measures and reports everything about one
 * handshake — DNS, TCP and TLS timings; what was negotiated; the server chain, verified here
 * against the caller's anchors and the name dialled; whether the server asked for a client
 * certificate and which CAs it accepts (in the clear in TLS 1.2; in TLS 1.3 decrypted with the
 * secrets of the socket's `keylog` event); and whether ours was accepted. Under TLS 1.3 the server judges the client certificate after the client has
 * seen its handshake complete, so a rejection (an alert, or the reset a Node server sends instead)
 * can only be seen by waiting a moment or exchanging data afterwards: the probe does both.
 */
import { lookup } from 'node:dns/promises';
import { connect as netConnect, type Socket } from 'node:net';
import type { KeyObject } from 'node:crypto';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { isCauseId, makeCause, type Cause, type CauseId } from '../diagnose/knowledge/causes.js';
import { alertInError, reasonInError } from '../diagnose/knowledge/tls-alerts.js';
import { ipVersion } from '../x509/ip-address.js';
import type { VerifyError } from '../x509/verify.js';
import { PLACEHOLDER_ANCHOR } from './fetch-chain.js';
import { toPem, type Certificate } from '../x509/certificate.js';
import { chainLinks, ownChainSuspects, parsePresented, keyPem, presentedDer, tlsErrorText, verifyPresented, type ChainLink } from './peer.js';
import type { Target } from './target.js';
import { serverCertificateRequest, serverCertificates, type HandshakeCapture } from './trace/decrypted-handshake.js';
import { tapSocket, type SocketTap } from './trace/tap.js';

export interface ConnectOptions {
  target: Target;
  /** SNI and the name the server certificate is checked for; defaults to the target's host. */
  servername?: string;
  identity?: { chain: readonly Certificate[]; key: KeyObject };
  anchors: readonly Certificate[];
  alpn?: string[];
  minVersion?: 'TLSv1.2' | 'TLSv1.3';
  maxVersion?: 'TLSv1.2' | 'TLSv1.3';
  /** Send `GET path` after the handshake and read the answer. */
  http?: { path: string; userAgent: string };
  timeoutMs: number;
  now: () => Date;
}

export interface HttpAnswer {
  status: number;
  statusText: string;
  headers: Record<string, string>;
  /** The body as text when it is short and printable, else null. */
  body: string | null;
  bodyBytes: number;
}

export interface ConnectReport {
  ok: boolean;
  target: string;
  /** The address the TCP connection went to. */
  address: string | null;
  servername: string | null;
  timings: { dnsMs: number | null; tcpMs: number | null; handshakeMs: number | null; totalMs: number };
  tls: { version: string | null; cipher: string | null; alpn: string | null; group: string | null } | null;
  server: { chain: ChainLink[]; verified: boolean; hostnameMatches: boolean | null; errors: VerifyError[] } | null;
  client: {
    /** Whether the server sent a CertificateRequest (null when the handshake failed before we could tell). */
    requested: boolean | null;
    /**
     * Distinguished names from the CertificateRequest ([] = any): read in the clear under TLS 1.2,
     * decrypted with the session's keys under TLS 1.3. null when no CertificateRequest was seen or
     * it could not be decrypted.
     */
    acceptableCAs: string[] | null;
    sent: boolean;
    /** null when no certificate was asked for or sent. */
    accepted: boolean | null;
    certificate: string | null;
  };
  /** The TLS alert the server sent, when it sent one. */
  alert: { number: number; name: string } | null;
  http?: HttpAnswer;
  /** What went wrong, in a sentence (null when nothing did). */
  error: string | null;
  causes: Cause[];
}

/** A rejection of our certificate arrives within a round trip or two of the handshake; this long covers slow links. */
const SETTLE_MIN_MS = 250;
const SETTLE_MAX_MS = 1500;

class ProbeFailure extends Error {
  constructor(
    message: string,
    readonly causes: Cause[] = [],
  ) {
    super(message);
  }
}

export async function probe(options: ConnectOptions): Promise<ConnectReport> {
  return (await probeWithCapture(options)).report;
}

/** How `trace` runs the probe (connect's own runs use the defaults). */
export interface CaptureBehaviour {
  /**
   * After a TLS 1.3 handshake that did not request a client certificate, wait (as long as for a
   * rejection) for the server's first NewSessionTicket so that the transcript shows it. Default false.
   */
  awaitSessionTicket?: boolean;
}

export interface CapturedProbe {
  report: ConnectReport;
  /** What crossed the wire and the secrets the client logged; null when no TCP connection was made. */
  capture: HandshakeCapture | null;
  /** The handshake completed on our side (TLS 1.3: the server may still have rejected us after it). */
  secured: boolean;
}

/** The probe, also returning the recorded bytes and key log (which hold secrets: never print them). */
export async function probeWithCapture(options: ConnectOptions, behaviour: CaptureBehaviour = {}): Promise<CapturedProbe> {
  const { target } = options;
  const started = performance.now();
  const deadline = started + options.timeoutMs;
  const servername = options.servername ?? target.servername ?? null;
  const report: ConnectReport = {
    ok: false,
    target: target.text,
    address: null,
    servername,
    timings: { dnsMs: null, tcpMs: null, handshakeMs: null, totalMs: 0 },
    tls: null,
    server: null,
    client: { requested: null, acceptableCAs: null, sent: false, accepted: null, certificate: options.identity ? options.identity.chain[0]!.subject.display : null },
    alert: null,
    error: null,
    causes: [],
  };
  let capture: HandshakeCapture | null = null;
  let secured = false;
  const finish = (): CapturedProbe => {
    report.timings.totalMs = round(performance.now() - started);
    return { report, capture, secured };
  };

  // DNS
  let addresses: string[];
  if (ipVersion(target.host)) {
    addresses = [target.host];
  } else {
    const t = performance.now();
    try {
      addresses = (await withDeadline(lookup(target.host, { all: true }), deadline, 'DNS lookup')).map((a) => a.address);
    } catch (error) {
      report.error = `the host name '${target.host}' does not resolve (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
      return finish();
    }
    report.timings.dnsMs = round(performance.now() - t);
  }

  // TCP: each address in turn, as a browser would when the first refuses.
  let raw: Socket | null = null;
  let tcpError: NodeJS.ErrnoException | null = null;
  const tcpStart = performance.now();
  for (const address of addresses) {
    try {
      raw = await tcpOpen(address, target.port, deadline);
      report.address = address;
      break;
    } catch (error) {
      tcpError = error as NodeJS.ErrnoException;
    }
  }
  if (!raw) {
    report.error = tcpErrorText(tcpError, target);
    return finish();
  }
  report.timings.tcpMs = round(performance.now() - tcpStart);

  // TLS
  const tap = tapSocket(raw);
  const identity = options.identity;
  const socket = tlsConnect({
    socket: tap.stream,
    ...(servername && !ipVersion(servername) ? { servername } : {}),
    // We verify the chain ourselves; a trust store that issued nothing keeps Node from completing it.
    ca: [PLACEHOLDER_ANCHOR],
    rejectUnauthorized: false,
    ...(identity ? { cert: identity.chain.map((c) => toPem(c.der)).join(''), key: keyPem(identity.key) } : {}),
    ...(options.alpn?.length ? { ALPNProtocols: options.alpn } : {}),
    ...(options.minVersion ? { minVersion: options.minVersion } : {}),
    ...(options.maxVersion ? { maxVersion: options.maxVersion } : {}),
  });
  // The session's secrets, to read the handshake messages TLS 1.3 encrypts (see trace/decrypted-handshake.ts).
  const keylog: Buffer[] = [];
  socket.on('keylog', (line: Buffer) => keylog.push(line));
  const watch = watchSocket(socket, behaviour.awaitSessionTicket === true);
  const tlsStart = performance.now();
  try {
    await watch.secured(deadline);
    secured = true;
    report.timings.handshakeMs = round(performance.now() - tlsStart);
    describeSession(socket, report, options, servername, serverCertificates({ client: tap.outbound, server: tap.inbound, keylog }));
    noteCertificateRequest(tap, keylog, report);
    const rtt = report.timings.tcpMs ?? 0;
    if (options.http) {
      report.http = await httpExchange(socket, watch, options.http, target, servername, deadline);
      if (report.http && (report.http.status === 495 || report.http.status === 496)) throw certificateStatus(report.http, report);
    } else if (report.client.requested) {
      await watch.settled(Math.min(deadline, performance.now() + Math.min(SETTLE_MAX_MS, Math.max(SETTLE_MIN_MS, 4 * rtt))));
    } else if (behaviour.awaitSessionTicket && report.tls?.version === 'TLSv1.3') {
      await watch.ticketed(Math.min(deadline, performance.now() + Math.min(SETTLE_MAX_MS, Math.max(SETTLE_MIN_MS, 4 * rtt))));
    }
    if (watch.failure) throw watch.failure;
    if (report.client.sent) report.client.accepted = true;
  } catch (error) {
    // Read the CertificateRequest even when the handshake failed (or the server rejected us after it).
    noteCertificateRequest(tap, keylog, report);
    if (report.client.sent || (identity && report.client.requested)) report.client.accepted = false;
    const failure = error instanceof ProbeFailure ? error : classify(error as NodeJS.ErrnoException, report, options, watch.secureAt !== null);
    report.error = failure.message;
    report.causes.push(...failure.causes);
  } finally {
    socket.destroy();
    raw.destroy();
    capture = { client: tap.outbound, server: tap.inbound, segments: tap.segments, keylog };
  }
  if (report.server && !report.server.verified) report.causes.push(...serverCauses(report, options, servername));
  report.ok = report.error === null && report.causes.length === 0;
  return finish();
}

function describeSession(socket: TLSSocket, report: ConnectReport, options: ConnectOptions, servername: string | null, onTheWire: Buffer[] | null): void {
  const cipher = socket.getCipher();
  const group = socket.getEphemeralKeyInfo() as { name?: string; type?: string } | null;
  report.tls = {
    version: socket.getProtocol() ?? null,
    cipher: cipher?.standardName ?? cipher?.name ?? null,
    alpn: socket.alpnProtocol || null,
    group: group?.name ?? group?.type ?? null,
  };
  // The client keeps the signature algorithms it shares with the server only when a CertificateRequest listed some.
  report.client.requested = socket.getSharedSigalgs().length > 0;
  report.client.sent = report.client.requested && Boolean(options.identity);

  const ders = onTheWire?.length ? onTheWire : presentedDer(socket.getPeerCertificate(true));
  if (ders.length > 0) {
    const chain = parsePresented(ders);
    const ip = servername && ipVersion(servername) ? servername : !servername && ipVersion(report.address ?? '') ? report.address! : undefined;
    const host = servername && !ipVersion(servername) ? servername : undefined;
    const verdict = verifyPresented(chain, { anchors: options.anchors, purpose: 'server', host, ip, at: options.now() });
    const nameErrors = verdict.errors.filter((e) => e.code === 'X509_V_ERR_HOSTNAME_MISMATCH' || e.code === 'X509_V_ERR_IP_ADDRESS_MISMATCH');
    report.server = { chain: chainLinks(chain), verified: verdict.ok, hostnameMatches: host || ip ? nameErrors.length === 0 : null, errors: verdict.errors };
    serverVerdicts.set(report, verdict.causes);
  }
}

const serverVerdicts = new WeakMap<ConnectReport, Cause[]>();
const serverCauses = (report: ConnectReport, _options: ConnectOptions, _servername: string | null): Cause[] => serverVerdicts.get(report) ?? [];

/**
 * The CertificateRequest, with the CA names the server accepts: in the clear under TLS 1.2,
 * decrypted with the session's keylog secrets under TLS 1.3. When it cannot be read,
 * acceptableCAs stays null.
 */
function noteCertificateRequest(tap: SocketTap, keylog: readonly Buffer[], report: ConnectReport): void {
  const lookup = serverCertificateRequest({ client: tap.outbound, server: tap.inbound, keylog });
  if (!lookup.found) return;
  report.client.requested = true;
  report.client.acceptableCAs = (lookup.request.certificateAuthorities ?? []).map((name) => name.text ?? name.der.toString('hex'));
}

/**
 * A failed handshake or a rejection after it → a sentence and causes, from the alert the server
 * sent, OpenSSL's reason, or the silence of a reset; our own certificate is checked for what a
 * server most often refuses.
 */
function classify(error: NodeJS.ErrnoException, report: ConnectReport, options: ConnectOptions, afterHandshake: boolean): ProbeFailure {
  const text = tlsErrorText(error);
  const own = () => ownClientSuspects(report, options);
  const alert = alertInError(error);
  if (alert) {
    report.alert = { number: alert.number, name: alert.name };
    const evidence = `the server sent alert ${alert.number} ${alert.name}${afterHandshake ? ' after the handshake (TLS 1.3 servers judge the client certificate then)' : ''}`;
    let causes: Cause[];
    if (alert.number === 116 || (alert.number === 40 && !report.client.sent && report.client.requested !== false && !options.identity)) {
      causes = [
        makeCause('client-cert-required', alert.number === 116 ? 0.95 : 0.75, [evidence, options.identity ? 'a client certificate was configured but not sent' : 'no client certificate was given (--cert/--key)'], [
          'Give a client certificate and key issued by a CA the server trusts: --cert client.crt --key client.key.',
        ]),
      ];
      if (alert.number === 40) causes.push(makeCause('no-shared-cipher', 0.3, [evidence, 'handshake_failure also means no common cipher suite or group'], ['Compare the client and server cipher configuration.']));
    } else {
      const id = alert.causeWhenServerSent;
      const local = own().filter((c) => c.id !== id);
      const main = id ? [makeCause(id, 0.85, [evidence, alert.meaning, ...caEvidence(report, options)], fixFor(id, report))] : [];
      // An alert that only says "rejected" gives way to what we can see wrong with our certificate.
      causes = id === 'client-cert-rejected' || id === null ? [...local, ...main] : [...main, ...local];
    }
    return new ProbeFailure(`${afterHandshake ? 'the server rejected the connection after the handshake' : 'the handshake failed'}: ${text}`, causes);
  }
  const reason = reasonInError(error);
  if (reason?.causeId) {
    return new ProbeFailure(`the handshake failed: ${text}`, [makeCause(reason.causeId, 0.85, [`OpenSSL: ${reason.reason}`, reason.meaning], fixFor(reason.causeId, report, options))]);
  }
  if (error.code === 'ECONNRESET' || error.code === 'EPIPE' || /socket hang up|disconnected before secure|closed by the server/i.test(error.message)) {
    const reset = makeCause('connection-reset', 0.6, [
      `the server closed the connection ${afterHandshake ? 'right after the handshake' : 'during the handshake'} without a TLS alert`,
      'a Node server with requestCert + rejectUnauthorized does this when it rejects a client certificate; proxies, load balancers and servers that want SNI do it too',
    ], ['Read the server\'s log for the reason, or run `mtlskit serve --mode diagnose` with the same certificates to see it.']);
    if (report.client.sent || (options.identity && report.client.requested)) {
      const local = own();
      const rejected = makeCause('client-cert-rejected', local.length ? 0.5 : 0.8, [
        'the server asked for a client certificate, ours was sent, and the server then reset the connection without saying why',
      ], ['Check that the server trusts the CA that issued our client certificate (mtlskit verify client.crt --ca SERVER-CA --purpose client).']);
      return new ProbeFailure(`the server reset the connection ${afterHandshake ? 'after the handshake' : 'during the handshake'} without an alert`, [...local, rejected, reset]);
    }
    return new ProbeFailure(`the server reset the connection ${afterHandshake ? 'after the handshake' : 'during the handshake'} without an alert`, [reset]);
  }
  if (error.code === 'ETIMEDOUT') return new ProbeFailure(text);
  return new ProbeFailure(`the handshake failed: ${text}`);
}

/**
 * nginx's 495 (certificate error) and 496 (no certificate): the handshake went through and the
 * server refused the client certificate in HTTP. A body with `causes` (mtlskit serve's) says why.
 */
function certificateStatus(http: HttpAnswer, report: ConnectReport): ProbeFailure {
  const evidence = `the server answered HTTP ${http.status} ${http.statusText || (http.status === 495 ? 'SSL Certificate Error' : 'SSL Certificate Required')}`;
  let told: Cause[] = [];
  try {
    const body = JSON.parse(http.body ?? '') as { causes?: unknown };
    if (Array.isArray(body.causes)) told = body.causes.filter((c): c is Cause => typeof c === 'object' && c !== null && isCauseId((c as Cause).id));
  } catch {
    // Not JSON: the status alone speaks.
  }
  const causes = told.length
    ? told.map((c) => ({ ...c, evidence: [evidence, ...(c.evidence ?? [])] }))
    : [http.status === 496
        ? makeCause('client-cert-required', 0.9, [evidence], ['Give a client certificate and key issued by a CA the server trusts: --cert client.crt --key client.key.'])
        : makeCause('client-cert-rejected', 0.8, [evidence], ['Check the client certificate against the server\'s CA: mtlskit verify client.crt --ca SERVER-CA --purpose client.'])];
  if (report.client.sent) report.client.accepted = false;
  return new ProbeFailure(`${evidence}: it refused the client certificate`, causes);
}

/** What a server is likely to refuse in our client certificate, found without the server. */
function ownClientSuspects(report: ConnectReport, options: ConnectOptions): Cause[] {
  const chain = options.identity?.chain;
  if (!chain?.length) return [];
  const causes = ownChainSuspects(chain, { anchors: [], purpose: 'client', at: options.now() }, 'client');
  const accepted = report.client.acceptableCAs;
  if (accepted && accepted.length > 0) {
    const issuers = chain.map((c) => c.issuer.display);
    if (!issuers.some((name) => accepted.includes(name))) {
      causes.unshift(
        makeCause('untrusted-ca', 0.9, [`the server accepts client certificates issued by ${accepted.map((n) => `'${n}'`).join(', ')}; ours is issued by '${chain[0]!.issuer.display}'`], [
          'Use a client certificate issued by one of the CAs the server accepts, or add our CA to the server\'s client CA bundle.',
        ]),
      );
    }
  }
  return causes;
}

function caEvidence(report: ConnectReport, options: ConnectOptions): string[] {
  const accepted = report.client.acceptableCAs;
  const leaf = options.identity?.chain[0];
  if (!accepted || !leaf) return [];
  return [`the server accepts client certificates issued by ${accepted.length ? accepted.map((n) => `'${n}'`).join(', ') : 'any CA it trusts (no names sent)'}; ours is issued by '${leaf.issuer.display}'`];
}

function fixFor(id: CauseId, report: ConnectReport, options?: ConnectOptions): string[] {
  switch (id) {
    case 'untrusted-ca':
      return ['Use a client certificate issued by a CA the server trusts, or add our CA to the server\'s client CA bundle (nginx ssl_client_certificate, Node `ca`, Go ClientCAs).'];
    case 'expired':
      return ['Re-issue the client certificate (mtlskit cert create NAME --profile client).'];
    case 'wrong-key-usage':
      return ['Re-issue the client certificate with the clientAuth extended key usage (mtlskit cert create NAME --profile client).'];
    case 'protocol-mismatch':
      return [`Offer a TLS version the server accepts: this client allowed ${options?.minVersion ?? 'TLSv1.2'} to ${options?.maxVersion ?? 'TLSv1.3'} (--min-tls/--max-tls).`];
    case 'sni-unrecognized':
      return [`Send the name the server expects with --servername (sent: ${report.servername ?? 'none'}).`];
    case 'client-cert-rejected':
      return ['Check the client certificate against the server\'s CA: mtlskit verify client.crt --ca SERVER-CA --purpose client.'];
    default:
      return [];
  }
}

/** Watches a TLS socket from the start so no event is missed between phases; counts session tickets when asked. */
function watchSocket(socket: TLSSocket, countTickets = false) {
  let failure: Error | null = null;
  let closed = false;
  let secureAt: number | null = null;
  let tickets = 0;
  const waiters = new Set<() => void>();
  const wake = () => {
    for (const w of waiters) w();
  };
  socket.on('secureConnect', () => {
    secureAt = performance.now();
    wake();
  });
  socket.on('error', (error) => {
    failure ??= error;
    wake();
  });
  socket.on('close', () => {
    closed = true;
    if (!failure && secureAt === null) failure = Object.assign(new Error('the server closed the connection during the handshake'), { code: 'ECONNRESET' });
    wake();
  });
  // Node emits 'session' for each TLS 1.3 NewSessionTicket; listening only when asked keeps connect's runs as they were.
  if (countTickets) {
    socket.on('session', () => {
      tickets++;
      wake();
    });
  }
  socket.on('end', () => {
    // A server that hangs up on a fresh connection before any answer is rejecting it.
    if (!failure && !gotData) failure = Object.assign(new Error('the connection was closed by the server after the handshake'), { code: 'ECONNRESET' });
    wake();
  });
  let gotData = false;
  const until = (done: () => boolean, deadline: number, what: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (done()) {
          cleanup();
          resolve();
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(Object.assign(new Error(`no ${what} within the timeout`), { code: 'ETIMEDOUT' }));
      }, Math.max(0, deadline - performance.now()));
      const cleanup = () => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      waiters.add(check);
      check();
    });
  return {
    get failure() {
      return failure;
    },
    get secureAt() {
      return secureAt;
    },
    markData() {
      gotData = true;
    },
    async secured(deadline: number) {
      await until(() => secureAt !== null || failure !== null, deadline, 'TLS handshake');
      if (secureAt === null && failure) throw failure;
    },
    /** Waits until the deadline for the server's first session ticket; resolves early on a ticket, a failure or a close. */
    async ticketed(deadline: number) {
      try {
        await until(() => tickets > 0 || failure !== null || closed, deadline, 'session ticket');
      } catch {
        // No ticket: servers may send none (tickets disabled); the transcript simply has none.
      }
    },
    /** Waits until the deadline for a rejection; resolves early when one arrives. */
    async settled(deadline: number) {
      socket.on('data', () => (gotData = true));
      try {
        await until(() => failure !== null || closed, deadline, 'rejection');
      } catch {
        // Nothing arrived: the server kept the connection, so it accepted us.
      }
    },
  };
}

async function httpExchange(
  socket: TLSSocket,
  watch: ReturnType<typeof watchSocket>,
  http: NonNullable<ConnectOptions['http']>,
  target: Target,
  servername: string | null,
  deadline: number,
): Promise<HttpAnswer | undefined> {
  const hostHeader = `${servername ?? (target.host.includes(':') ? `[${target.host}]` : target.host)}${target.port === 443 ? '' : `:${target.port}`}`;
  const chunks: Buffer[] = [];
  let total = 0;
  socket.on('data', (chunk: Buffer) => {
    watch.markData();
    total += chunk.length;
    if (total <= 1 << 20) chunks.push(chunk);
  });
  const ended = new Promise<void>((resolve) => {
    socket.once('end', resolve);
    socket.once('close', resolve);
  });
  socket.write(`GET ${http.path} HTTP/1.1\r\nHost: ${hostHeader}\r\nUser-Agent: ${http.userAgent}\r\nAccept: */*\r\nConnection: close\r\n\r\n`);
  const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), Math.max(0, deadline - performance.now())).unref());
  const outcome = await Promise.race([ended, timer]);
  if (total === 0) {
    if (watch.failure) throw watch.failure;
    if (outcome === 'timeout') throw new ProbeFailure('the server sent no HTTP answer within the timeout');
    return undefined;
  }
  return parseHttp(Buffer.concat(chunks), total);
}

function parseHttp(bytes: Buffer, total: number): HttpAnswer | undefined {
  const end = bytes.indexOf('\r\n\r\n');
  const head = bytes.subarray(0, end < 0 ? bytes.length : end).toString('latin1');
  const [statusLine = '', ...lines] = head.split('\r\n');
  const match = /^HTTP\/\d(?:\.\d)? (\d{3}) ?(.*)$/.exec(statusLine);
  if (!match) return undefined;
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const body = end < 0 ? Buffer.alloc(0) : bytes.subarray(end + 4);
  const chunked = /chunked/i.test(headers['transfer-encoding'] ?? '');
  const text = chunked ? dechunk(body) : body;
  const printable = text.length <= 64 * 1024 && !/[\x00-\x08\x0e-\x1f]/.test(text.toString('utf8'));
  return { status: Number(match[1]), statusText: match[2] ?? '', headers, body: printable ? text.toString('utf8') : null, bodyBytes: total - (end < 0 ? total : end + 4) };
}

function dechunk(body: Buffer): Buffer {
  const out: Buffer[] = [];
  let at = 0;
  while (at < body.length) {
    const lineEnd = body.indexOf('\r\n', at);
    if (lineEnd < 0) break;
    const size = parseInt(body.subarray(at, lineEnd).toString('latin1'), 16);
    if (!Number.isFinite(size) || size === 0) break;
    out.push(body.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(out);
}

function tcpOpen(host: string, port: number, deadline: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = netConnect({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' }));
    }, Math.max(0, deadline - performance.now()));
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      resolve(socket);
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

function tcpErrorText(error: NodeJS.ErrnoException | null, target: Target): string {
  switch (error?.code) {
    case 'ECONNREFUSED':
      return `${target.text} refused the connection: nothing listens on port ${target.port}`;
    case 'ETIMEDOUT':
      return `no TCP connection to ${target.text} within the timeout (a firewall dropping packets, or the wrong address)`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `${target.text} is unreachable (${error.code})`;
    default:
      return `cannot connect to ${target.text}: ${error?.message ?? 'unknown error'}`;
  }
}

function withDeadline<T>(promise: Promise<T>, deadline: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(Object.assign(new Error(`${what} timed out`), { code: 'ETIMEDOUT' })), Math.max(0, deadline - performance.now()));
    }),
  ]).finally(() => clearTimeout(timer));
}

const round = (ms: number) => Math.round(ms * 10) / 10;
