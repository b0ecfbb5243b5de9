/**
 * The `serve` engine: a real Node TLS server that judges every handshake and says what it saw.
 * It returns events as data; the CLI prints them.
 *
 * Connections arrive on a plain TCP listener that looks at the first bytes before TLS starts, so
 * plain HTTP sent to the TLS port gets an answer (nginx's "400 The plain HTTP request was sent to
 * HTTPS port") and random bytes are named for what they are. TLS connections are handed to a
 * `tls.Server` that never listens itself, so each one is handled exactly as a production Node
 * server would handle it: in `strict` mode with `requestCert` + `rejectUnauthorized`, which
 * rejects a bad client certificate by resetting the connection after the handshake (no alert).
 * In `diagnose` mode every handshake completes and the client chain is verified here instead.
 */
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import type { KeyObject } from 'node:crypto';
import { createServer as createTlsServer, TLSSocket } from 'node:tls';
import { makeCause, type Cause } from '../diagnose/knowledge/causes.js';
import { alertInError, reasonInError } from '../diagnose/knowledge/tls-alerts.js';
import { x509ErrorBySymbol } from '../diagnose/knowledge/x509-errors.js';
import { ipVersion } from '../x509/ip-address.js';
import { toPem, type Certificate } from '../x509/certificate.js';
import { chainLinks, identityOf, ownChainSuspects, parsePresented, keyPem, presentedDer, tlsErrorText, verifyPresented, type ChainLink, type Identity } from './peer.js';

export type ServeMode = 'strict' | 'diagnose';
export type ServeProtocol = 'http' | 'echo';
export type TlsVersionName = 'TLSv1.2' | 'TLSv1.3';

export interface ServeConfig {
  /** Our certificate followed by the intermediates we present. */
  chain: readonly Certificate[];
  key: KeyObject;
  /** Trust anchors for client certificates (--ca); their names go into the CertificateRequest. */
  anchors: readonly Certificate[];
  host: string;
  port: number;
  mode: ServeMode;
  protocol: ServeProtocol;
  minVersion?: TlsVersionName;
  maxVersion?: TlsVersionName;
  /** A client that has not finished its handshake by then is dropped. */
  handshakeTimeoutMs: number;
  /**
   * How long after a completed handshake the verdict waits for the client's first bytes: a client
   * that hangs up instead of sending anything usually rejected our certificate.
   */
  settleMs: number;
  now: () => Date;
}

/** How a connection ended up; `ok` is the only good one. */
export type Outcome =
  | 'ok'
  | 'client-cert-missing'
  | 'client-cert-invalid'
  | 'client-hung-up'
  | 'handshake-failed'
  | 'timeout'
  | 'plain-http'
  | 'not-tls'
  | 'no-hello';

export interface ClientReport {
  /** Whether the client presented a certificate at all. */
  sent: boolean;
  chain: ChainLink[];
  identity: Identity | null;
  verified: boolean;
  /** The first verification error (X509_V_ERR_…), when there is one. */
  error?: string;
  /** Node's own verdict in strict mode (its authorizationError), when it differs from none. */
  nodeError?: string;
}

export interface HandshakeEvent {
  event: 'handshake';
  ok: boolean;
  outcome: Outcome;
  time: string;
  remote: string;
  sni: string | null;
  tls: { version: string | null; cipher: string | null; alpn: string | null } | null;
  client: ClientReport;
  /** What the client experienced, in words ("alert 116 certificate_required", "connection reset after the handshake"). */
  clientSees: string | null;
  /** The TLS error text, when the handshake failed. */
  error?: string;
  causes: Cause[];
}

export interface ListeningEvent {
  event: 'listening';
  host: string;
  port: number;
  mode: ServeMode;
  protocol: ServeProtocol;
  /** Problems with our own chain found at start-up (they become causes when clients give up). */
  warnings: string[];
}

export interface SummaryEvent {
  event: 'summary';
  handshakes: number;
  ok: number;
  failed: number;
  byOutcome: Partial<Record<Outcome, number>>;
  byCause: Record<string, number>;
}

export type ServeEvent = ListeningEvent | HandshakeEvent | SummaryEvent;

export interface RunningServer {
  host: string;
  port: number;
  listening: ListeningEvent;
  /** Stops accepting, lets open connections finish (up to `graceMs`), and returns the summary. */
  close(graceMs?: number): Promise<SummaryEvent>;
}

/** The first byte of a TLS record carrying a handshake message (ClientHello). */
const TLS_HANDSHAKE_RECORD = 0x16;
const HTTP_METHOD = /^(GET|POST|PUT|HEAD|DELETE|OPTIONS|PATCH|CONNECT|TRACE|PRI) /;

interface ConnectionState {
  remote: string;
  localAddress: string;
  sni: string | null;
  tls: HandshakeEvent['tls'];
  client: ClientReport | null;
  causes: Cause[];
  reported: boolean;
  registered?: boolean;
  timer?: NodeJS.Timeout;
}

export async function startServer(config: ServeConfig, onEvent: (event: ServeEvent) => void): Promise<RunningServer> {
  const tally: SummaryEvent = { event: 'summary', handshakes: 0, ok: 0, failed: 0, byOutcome: {}, byCause: {} };
  const emit = (event: HandshakeEvent) => {
    tally.handshakes++;
    if (event.ok) tally.ok++;
    else tally.failed++;
    tally.byOutcome[event.outcome] = (tally.byOutcome[event.outcome] ?? 0) + 1;
    const first = event.causes[0]?.id;
    if (first) tally.byCause[first] = (tally.byCause[first] ?? 0) + 1;
    onEvent(event);
  };

  const states = new WeakMap<TLSSocket, ConnectionState>();
  const raws = new Set<Socket>();
  const judge = clientJudge(config);
  const ownSuspects = ownChainJudge(config);

  const tlsServer = createTlsServer({
    cert: config.chain.map((c) => toPem(c.der)).join(''),
    key: keyPem(config.key),
    ...(config.anchors.length > 0 ? { ca: config.anchors.map((c) => toPem(c.der)) } : {}),
    requestCert: true,
    rejectUnauthorized: config.mode === 'strict',
    handshakeTimeout: config.handshakeTimeoutMs,
    ...(config.minVersion ? { minVersion: config.minVersion } : {}),
    ...(config.maxVersion ? { maxVersion: config.maxVersion } : {}),
    ...(config.protocol === 'http' ? { ALPNProtocols: ['http/1.1'] } : {}),
    // Called as a method of the socket, at ClientHello: the name is known even if the handshake fails.
    SNICallback(this: unknown, servername: string, done: (error: Error | null) => void) {
      if (this instanceof TLSSocket) stateOf(this).sni = servername || null;
      done(null);
    },
  });

  const stateOf = (socket: TLSSocket): ConnectionState => {
    let state = states.get(socket);
    if (!state) {
      state = { remote: remoteOf(socket), localAddress: tcpOf(socket).localAddress ?? '', sni: null, tls: null, client: null, causes: [], reported: false };
      states.set(socket, state);
    }
    return state;
  };

  /** Reads what the handshake settled while the socket is still whole. */
  const capture = (socket: TLSSocket) => {
    const state = stateOf(socket);
    const servername = (socket as TLSSocket & { servername?: string | false }).servername;
    if (typeof servername === 'string' && servername) state.sni = servername;
    const cipher = socket.getCipher();
    state.tls = { version: socket.getProtocol() ?? null, cipher: cipher?.standardName ?? cipher?.name ?? null, alpn: socket.alpnProtocol || null };
    const verdict = judge(socket);
    state.client = verdict.client;
    state.causes = verdict.causes;
  };

  if (config.mode === 'strict') {
    // The tls.Server destroys a rejected socket before anything outside sees it; its first keylog
    // line hands us the socket in mid-handshake, early enough to read the client chain first.
    // (Only here: a keylog listener costs every handshake about 4% more CPU.)
    tlsServer.on('keylog', (_line: Buffer, socket: TLSSocket) => {
      const state = stateOf(socket);
      if (state.registered) return;
      state.registered = true;
      socket.prependListener('secure', () => capture(socket));
    });
  }

  const report = (socket: TLSSocket, outcome: Outcome | null, extra: { causes?: Cause[]; clientSees?: string | null; error?: string } = {}) => {
    const state = stateOf(socket);
    if (state.reported) return;
    state.reported = true;
    clearTimeout(state.timer);
    const client = state.client ?? { sent: false, chain: [], identity: null, verified: false };
    const causes = [...state.causes, ...(extra.causes ?? [])];
    const finalOutcome = outcome ?? (state.causes.length > 0 ? (client.sent ? 'client-cert-invalid' : 'client-cert-missing') : 'ok');
    emit({
      event: 'handshake',
      ok: finalOutcome === 'ok' && causes.length === 0,
      outcome: finalOutcome,
      time: config.now().toISOString(),
      remote: state.remote,
      sni: state.sni,
      tls: state.tls,
      client,
      clientSees: extra.clientSees ?? null,
      ...(extra.error ? { error: extra.error } : {}),
      causes,
    });
  };

  const httpServer = config.protocol === 'http' ? createHttpServer((req, res) => answerHttp(req, res)) : null;
  if (httpServer) {
    httpServer.keepAliveTimeout = 5000;
    httpServer.headersTimeout = config.handshakeTimeoutMs + 5000;
    httpServer.requestTimeout = config.handshakeTimeoutMs + 10000;
  }

  const answerHttp = (req: IncomingMessage, res: ServerResponse) => {
    const socket = req.socket as TLSSocket;
    report(socket, null);
    const state = stateOf(socket);
    const body = identityReport(state);
    const status = body.ok ? 200 : state.client?.sent ? 495 : 496;
    const text = `${JSON.stringify(body, null, 2)}\n`;
    res.writeHead(status, status === 200 ? 'OK' : status === 495 ? 'SSL Certificate Error' : 'SSL Certificate Required', {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
    });
    res.end(req.method === 'HEAD' ? undefined : text);
  };

  const serveEcho = (socket: TLSSocket) => {
    socket.once('data', (chunk: Buffer) => {
      report(socket, null);
      socket.write(`${JSON.stringify(identityReport(stateOf(socket)))}\n`);
      socket.write(chunk);
      socket.pipe(socket);
    });
  };

  tlsServer.on('secureConnection', (socket: TLSSocket) => {
    if (!states.get(socket)?.client) capture(socket);
    const state = stateOf(socket);
    socket.on('error', () => {});
    socket.once('close', () => {
      if (state.reported) return;
      // Handshake done, nothing sent, gone: how Node and Go clients reject a server certificate.
      const suspects = ownSuspects(state.sni, state.localAddress);
      if (suspects.length > 0) {
        report(socket, 'client-hung-up', {
          causes: suspects.map((cause) => withEvidence(cause, 'the client hung up right after the handshake without sending a request, which is how Node and Go clients reject a server certificate')),
          clientSees: 'a certificate it rejected',
        });
      } else {
        report(socket, null);
      }
    });
    state.timer = setTimeout(() => report(socket, null), config.settleMs);
    state.timer.unref();
    if (httpServer) httpServer.emit('connection', socket);
    else serveEcho(socket);
  });

  tlsServer.on('tlsClientError', (error: NodeJS.ErrnoException, socket: TLSSocket) => {
    // Node leaves a socket whose handshake timed out open: close it.
    socket.destroy();
    const state = stateOf(socket);
    const failure = classifyServerError(error, state, config, ownSuspects);
    report(socket, failure.outcome, failure);
  });

  const netServer: NetServer = createNetServer((raw) => {
    raws.add(raw);
    raw.once('close', () => raws.delete(raw));
    raw.on('error', () => {});
    // Read (and so cached by net.Socket) now, while the connection is whole.
    const remote = `${bracket(raw.remoteAddress ?? '?')}:${raw.remotePort ?? 0}`;
    void raw.localAddress;
    const fail = (outcome: Outcome, causes: Cause[], error: string) =>
      emit({ event: 'handshake', ok: false, outcome, time: config.now().toISOString(), remote, sni: null, tls: null, client: { sent: false, chain: [], identity: null, verified: false }, clientSees: null, error, causes });
    const timer = setTimeout(() => {
      raw.off('close', noBytes);
      raw.destroy();
      fail('timeout', [notTls(`the client sent nothing within ${config.handshakeTimeoutMs / 1000} s of connecting; a plain-TCP client waiting for the server to speak first does this`, 0.4)], 'no ClientHello before the handshake timeout');
    }, config.handshakeTimeoutMs);
    // A close (or a reset) before any byte: a TCP health check or a port scan.
    const noBytes = () => {
      clearTimeout(timer);
      fail('no-hello', [], 'the client closed the connection without sending anything (a TCP health check or port scan)');
    };
    raw.once('close', noBytes);
    raw.once('data', (chunk: Buffer) => {
      clearTimeout(timer);
      raw.off('close', noBytes);
      raw.pause();
      if (chunk[0] === TLS_HANDSHAKE_RECORD) {
        raw.unshift(chunk);
        tlsServer.emit('connection', raw);
        return;
      }
      const head = chunk.subarray(0, 16).toString('latin1');
      if (HTTP_METHOD.test(head)) {
        const port = (netServer.address() as { port: number } | null)?.port ?? config.port;
        const hint = `This port speaks TLS and wants a client certificate: use https://${hostForUrl(config.host)}:${port}/ (e.g. curl --cacert ca.crt --cert client.crt --key client.key https://…).\n`;
        raw.end(`HTTP/1.1 400 Bad Request\r\ncontent-type: text/plain\r\ncontent-length: ${Buffer.byteLength(hint)}\r\nconnection: close\r\n\r\n${hint}`);
        fail('plain-http', [notTls(`the client sent plain HTTP (${JSON.stringify(head.split('\r\n')[0])}) to the TLS port`, 0.95, ['Use https:// (not http://) in the client URL.'])], 'plain HTTP request on the TLS port');
        return;
      }
      raw.destroy();
      fail('not-tls', [notTls(`the first bytes were ${chunk.subarray(0, 8).toString('hex')}, not a TLS record (16 03 0x …)`, 0.9)], 'the client does not speak TLS');
    });
  });

  await new Promise<void>((resolve, reject) => {
    netServer.once('error', reject);
    netServer.listen({ host: config.host, port: config.port }, () => {
      netServer.off('error', reject);
      resolve();
    });
  });
  const address = netServer.address() as { address: string; port: number };
  const listening: ListeningEvent = {
    event: 'listening',
    host: config.host,
    port: address.port,
    mode: config.mode,
    protocol: config.protocol,
    warnings: ownSuspects(null, null).map((cause) => cause.evidence[0] ?? cause.title),
  };
  onEvent(listening);

  return {
    host: config.host,
    port: address.port,
    listening,
    close: (graceMs = 2000) =>
      new Promise<SummaryEvent>((resolve) => {
        netServer.close();
        httpServer?.closeIdleConnections();
        for (const raw of raws) raw.end();
        const done = () => {
          clearTimeout(force);
          resolve(tally);
        };
        const force = setTimeout(() => {
          for (const raw of raws) raw.destroy();
          done();
        }, graceMs);
        force.unref();
        if (raws.size === 0) return done();
        let open = raws.size;
        for (const raw of raws) raw.once('close', () => --open === 0 && done());
      }),
  };
}

/** The body of the HTTP answer and of echo's first line. */
function identityReport(state: ConnectionState) {
  const client = state.client;
  return {
    ok: state.causes.length === 0 && Boolean(client?.verified),
    client: client?.identity ? { ...client.identity, verified: client.verified, ...(client.error ? { error: client.error } : {}) } : null,
    tls: state.tls,
    sni: state.sni,
    causes: state.causes,
  };
}

/**
 * Judges the client chain a socket presented, against --ca. Results are remembered per chain for
 * a minute: load generators and retrying clients present the same chain again and again.
 */
function clientJudge(config: ServeConfig) {
  const cache = new Map<string, { client: ClientReport; causes: Cause[]; until: number }>();
  const none = {
    client: { sent: false, chain: [], identity: null, verified: false },
    causes: [
      makeCause('client-cert-required', 0.95, ['the server asked for a client certificate and the client sent none'], [
        'Configure the client with a certificate and key issued by a CA the server trusts (curl: --cert client.crt --key client.key).',
        "If the client has one, check that its issuer is among the server's acceptable CAs: clients such as Java send nothing otherwise.",
      ]),
    ],
  };
  return (socket: TLSSocket): { client: ClientReport; causes: Cause[] } => {
    // The leaf's summary is the cheapest way to know it (getPeerX509Certificate costs three times
    // as much); the whole chain (getPeerCertificate(true)) costs five times as much, so it is read
    // only when this leaf, with Node's own verdict on its chain, is new.
    const leaf = socket.getPeerCertificate(false);
    if (!leaf?.raw) return none;
    const nodeError = socket.authorizationError ? String(socket.authorizationError) : undefined;
    const now = config.now().getTime();
    const key = `${leaf.fingerprint256}|${nodeError ?? ''}`;
    const cached = cache.get(key);
    if (cached && cached.until > now) return cached;
    let client: ClientReport;
    let causes: Cause[];
    try {
      const chain = parsePresented(presentedDer(socket.getPeerCertificate(true)));
      if (config.anchors.length === 0) {
        client = { sent: true, chain: chainLinks(chain), identity: identityOf(chain[0]!), verified: false, ...(nodeError ? { nodeError } : {}) };
        causes = [];
      } else {
        const verdict = verifyPresented(chain, { anchors: config.anchors, purpose: 'client', at: config.now() });
        client = { sent: true, chain: chainLinks(chain), identity: identityOf(chain[0]!), verified: verdict.ok, ...(verdict.errors[0] ? { error: verdict.errors[0].code } : {}), ...(nodeError ? { nodeError } : {}) };
        causes = verdict.causes;
        if (verdict.ok && nodeError) causes = [nodeVerdictCause(nodeError)];
      }
    } catch {
      client = { sent: true, chain: [], identity: null, verified: false, ...(nodeError ? { nodeError } : {}) };
      causes = [makeCause('client-cert-rejected', 0.6, ['the client certificate could not be parsed'], ['Re-issue the client certificate (mtlskit cert create NAME --profile client).'])];
    }
    if (cache.size >= 1024) cache.clear();
    // Verdicts depend on the time (expiry): a minute is close enough for a test server.
    const entry = { client, causes, until: now + 60_000 };
    cache.set(key, entry);
    return entry;
  };
}

/** When Node refused a chain that our verifier accepts, Node's code decides. */
function nodeVerdictCause(nodeError: string): Cause {
  const info = x509ErrorBySymbol(`X509_V_ERR_${nodeError}`);
  return makeCause(info?.causeId ?? 'client-cert-rejected', 0.7, [`Node's verifier refused the client certificate: ${nodeError}`], [info?.fix ?? 'Check the client certificate with mtlskit verify CERT --ca CA --purpose client.']);
}

/** What a client may object to in our own chain, per SNI (or per local address without one). */
function ownChainJudge(config: ServeConfig) {
  const cache = new Map<string, Cause[]>();
  return (sni: string | null, localAddress: string | null): Cause[] => {
    const ip = sni === null && localAddress ? localAddress.replace(/^::ffff:/, '') : undefined;
    const key = `${sni ?? ''}|${ip ?? ''}`;
    let causes = cache.get(key);
    if (!causes) {
      const name = sni ?? undefined;
      causes = ownChainSuspects(config.chain, { anchors: config.anchors, purpose: 'server', ...(name && !ipVersion(name) ? { host: name } : {}), ...(ip && ipVersion(ip) ? { ip } : {}), at: config.now() }, 'server');
      if (ip) {
        // Without SNI we cannot know which name the client checks; the address it dialled is only a guess.
        causes = causes.map((c) => (c.id === 'hostname-mismatch' ? { ...c, confidence: Math.min(c.confidence, 0.5) } : c));
      }
      if (cache.size > 256) cache.clear();
      cache.set(key, causes);
    }
    return causes;
  };
}

interface Failure {
  outcome: Outcome;
  causes: Cause[];
  clientSees: string | null;
  error: string;
}

/** A failed handshake (tlsClientError) → outcome, causes and what the client saw. */
function classifyServerError(error: NodeJS.ErrnoException, state: ConnectionState, config: ServeConfig, ownSuspects: (sni: string | null, local: string | null) => Cause[]): Failure {
  const text = tlsErrorText(error);
  if (error.code === 'ERR_TLS_HANDSHAKE_TIMEOUT') {
    return { outcome: 'timeout', causes: [], clientSees: 'the connection closed', error: `the client did not finish its handshake within ${config.handshakeTimeoutMs / 1000} s` };
  }
  if (error.code === 'ERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE') {
    return {
      outcome: 'client-cert-missing',
      causes: [
        makeCause('client-cert-required', 0.95, ['the client sent no certificate and this server requires one (requestCert + rejectUnauthorized)'], [
          'Configure the client with a certificate and key issued by a CA the server trusts (curl: --cert client.crt --key client.key).',
        ]),
      ],
      clientSees: 'alert 116 certificate_required (TLS 1.3) or 40 handshake_failure (TLS 1.2)',
      error: text,
    };
  }
  // Strict mode: we read the chain before Node reset the connection for it.
  if (state.client && state.causes.length > 0) {
    return {
      outcome: state.client.sent ? 'client-cert-invalid' : 'client-cert-missing',
      causes: [],
      clientSees: 'a connection reset right after the handshake, with no TLS alert (ECONNRESET / "socket hang up")',
      error: `Node rejected the client certificate (${state.client.nodeError ?? state.client.error ?? 'verification failed'}) and reset the connection`,
    };
  }
  const alert = alertInError(error);
  if (alert) {
    // The client judged our certificate (or our hello) and said why.
    const own = ownSuspects(state.sni, state.localAddress);
    const fromAlert = alert.causeWhenClientSent;
    const evidence = `the client sent alert ${alert.number} ${alert.name}`;
    const causes = own.length > 0 && ['untrusted-ca', 'hostname-mismatch', 'incomplete-chain', 'self-signed', 'expired', 'client-cert-rejected', null].includes(fromAlert)
      ? own.map((c) => withEvidence(c, evidence))
      : fromAlert
        ? [makeCause(fromAlert, 0.7, [evidence, alert.meaning], fixForClientAlert(fromAlert))]
        : [];
    return { outcome: 'handshake-failed', causes, clientSees: `its own verdict; it sent alert ${alert.number} ${alert.name}`, error: text };
  }
  const reason = reasonInError(error);
  if (reason?.causeId) {
    const fix = reason.causeId === 'protocol-mismatch'
      ? [`Let the client and server share a TLS version: this server accepts ${config.minVersion ?? 'TLSv1.2'} to ${config.maxVersion ?? 'TLSv1.3'} (--min-tls/--max-tls).`]
      : reason.causeId === 'no-shared-cipher'
        ? ['Let the client offer a cipher suite, signature algorithm and group that this server\'s key supports (ECDSA keys need ECDHE-ECDSA suites).']
        : [];
    return { outcome: 'handshake-failed', causes: [makeCause(reason.causeId, 0.85, [`the handshake failed: ${reason.reason}`, reason.meaning], fix)], clientSees: 'a handshake failure alert', error: text };
  }
  if (error.code === 'ECONNRESET' || /socket hang up/i.test(error.message)) {
    // The client vanished mid-handshake without an alert: a Node client does this in TLS 1.3 when it rejects our certificate.
    const own = ownSuspects(state.sni, state.localAddress);
    const evidence = 'the client closed the connection during the handshake without a TLS alert, as Node clients do when they reject the server certificate';
    return {
      outcome: own.length > 0 ? 'client-hung-up' : 'handshake-failed',
      causes: own.length > 0 ? own.map((c) => withEvidence(c, evidence)) : [makeCause('connection-reset', 0.5, [evidence], ['Look at the client\'s own error: it says why it gave up (run it against `mtlskit connect` output for comparison).'])],
      clientSees: 'its own error',
      error: text,
    };
  }
  return { outcome: 'handshake-failed', causes: [], clientSees: null, error: text };
}

function fixForClientAlert(id: string): string[] {
  switch (id) {
    case 'untrusted-ca':
      return ['Give the client the CA that issued this server\'s certificate (curl --cacert ca.crt, NODE_EXTRA_CA_CERTS, Python cafile=).'];
    case 'hostname-mismatch':
      return ['Connect by a name the server certificate holds, or re-issue it with that name as a SAN.'];
    default:
      return [];
  }
}

const withEvidence = (cause: Cause, evidence: string): Cause => ({ ...cause, evidence: [evidence, ...cause.evidence] });

const notTls = (evidence: string, confidence: number, fix: string[] = ['Point a TLS client at this port (https://, or openssl s_client).']) => makeCause('not-tls', confidence, [evidence], fix);


/**
 * A TLS socket whose handshake failed has already lost its addresses; the TCP socket under it
 * (`_parent`, which Node has kept since 0.x) still knows them, as we read them when it connected.
 */
const tcpOf = (socket: TLSSocket): { remoteAddress?: string; remotePort?: number; localAddress?: string } =>
  socket.remoteAddress ? socket : ((socket as TLSSocket & { _parent?: Socket })._parent ?? socket);
const remoteOf = (socket: TLSSocket) => {
  const tcp = tcpOf(socket);
  return `${bracket(tcp.remoteAddress ?? '?')}:${tcp.remotePort ?? 0}`;
};
const bracket = (address: string) => (address.includes(':') ? `[${address}]` : address);
const hostForUrl = (host: string) => (host === '0.0.0.0' || host === '::' ? 'localhost' : bracket(host));
