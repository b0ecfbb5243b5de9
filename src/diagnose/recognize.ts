/**
 * One line of text → the TLS errors it reports, each decoded (alert, X509_V_ERR code, packed
 * OpenSSL/BoringSSL code, curl exit code, Node code) with the causes it points to. Also a bare
 * number or code on its own (`48`, `0x30`, `20` as X509, `268435581`, `ERR_TLS_CERT_ALTNAME_INVALID`).
 *
 * Everything it knows is data in src/diagnose/knowledge/; this module only applies it. Plain
 * functions, no I/O.
 */
import type { CauseId } from './knowledge/causes.js';
import type { Party } from './knowledge/cause-fixes.js';
import { ALERTS, OPENSSL_REASONS, alertByName, alertByNumber, alertInError, type Alert } from './knowledge/tls-alerts.js';
import { X509_ERRORS, x509ErrorByNumber, x509ErrorBySymbol, x509ErrorByText, type X509ErrorInfo } from './knowledge/x509-errors.js';
import { boringSslReasonNumber, decodePackedError, type PackedError } from './knowledge/packed-errors.js';
import {
  APPLE_CODE_NAMES, APPLE_CODES, APPLE_PEER_ALERTS, CURL_EXIT_CODES, DOTNET_ALERT_NAMES, DOTNET_FLAGS, LOCAL_REASONS, MESSAGE_PATTERNS, NODE_ERROR_CODES, NOT_TLS_FAILURES,
  RUSTLS_VARIANTS, SIDE_HINTS, STACK_HINTS, VERIFY_FAILED, kindOfCauses,
  type MessageKind, type MessagePattern, type Stack, type WeightedCauses,
} from './knowledge/stack-messages.js';
import { KEYWORD_READINGS } from './knowledge/keywords.js';

/** One TLS error recognised in the text, decoded. Serialised as is by `explain --json`. */
export interface Recognized {
  /** The words recognised, as they appear in the text. */
  text: string;
  stack: Stack;
  kind: MessageKind;
  /** First line it appears on (1-based). */
  line: number;
  /** How many times it appears. */
  count: number;
  /** One plain sentence. */
  meaning: string;
  /** The knowledge entry that recognised it, e.g. 'go-unknown-authority', 'alert', 'x509'. */
  pattern: string;
  /** The side that printed it, when known. */
  side?: Party;
  /** Whose certificate was judged, when known. */
  judged?: Party;
  alert?: { number: number; name: string; direction: 'received' | 'sent'; sentBy?: Party };
  x509?: { number: number; symbol: string; text: string };
  code?: { hex: string; decimal: number; layout: PackedError['layout']; library: string; function?: number; reason: number; reasonText: string | null };
  curl?: { exitCode: number; name: string; meaning: string };
  nodeCode?: string;
  /** The name dialled, when the message says. */
  host?: string;
  /** The names the certificate holds, when the message says. */
  names?: string;
  /** The cause ids it points to, most likely first. */
  causes: CauseId[];
}

/** A recognised error with what ranking needs; the engine keeps these and shows `Recognized`. */
export interface Finding extends Recognized {
  weighted: WeightedCauses;
  /** Names no reason of its own (a wrapper, "certificate verify failed"): counts only alone on its line. */
  generic: boolean;
  /** For fixes: the X509 error that decided it. */
  x509Info?: X509ErrorInfo;
}

/** Names a reason of its own: a recognised message that is neither a wrapper nor a generic verdict. */
export const isPrecise = (f: Finding): boolean => !f.generic && f.weighted.length > 0;

export interface LineResult {
  findings: Finding[];
  /** Failures before TLS (DNS, refused connection) that the line reports. */
  notTls: string[];
}

// ------------------------------------------------------------------------------------ patterns

const PATTERNS_BY_NEEDLE = new Map<string, MessagePattern[]>();
for (const pattern of MESSAGE_PATTERNS) {
  const list = PATTERNS_BY_NEEDLE.get(pattern.needle) ?? [];
  list.push(pattern);
  PATTERNS_BY_NEEDLE.set(pattern.needle, list);
}
const NEEDLES = [...PATTERNS_BY_NEEDLE.keys()];

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The X509 errors' symbols without X509_V_ERR_: Node's error.code ('CERT_HAS_EXPIRED'), current and legacy. */
const X509_SYMBOLS = X509_ERRORS.filter((e) => e.number > 0).flatMap((e) => [e.symbol.replace(/^X509_V_ERR_/, ''), ...(e.legacySymbol ? [e.legacySymbol.replace(/^X509_V_ERR_/, '')] : [])]);

/**
 * Words every line worth a closer look holds (case ignored): the patterns' needles and what the
 * generic decoders look for. A needle that contains a shorter one is left out: the shorter finds
 * its lines. One scan of the whole input with it skips the ordinary lines of a log cheaply.
 */
const TRIGGERS = [
  ...NEEDLES, 'ssl', 'tls', 'x509', 'certif', 'crl', 'alert', 'handshake', 'error:', 'routines', 'library:', 'verify error',
  'verification error', 'econnreset', 'eproto', 'hang up', 'cipher', 'pkix', 'reset by peer', 'key values', 'no start line',
  'bad decrypt', 'private key', 'mismatch', 'econnrefused', 'connection refused', 'enotfound', 'resolve host', 'no such host',
  'remotecertificate', 'transport stream', 'frame size', 'curl: (', 'depth lookup',
  // Node's error.code for a verification error, alone on a line ("Error: CERT_HAS_EXPIRED").
  ...X509_SYMBOLS.filter((symbol) => symbol.includes('_') && symbol.length >= 10),
  // Failures before TLS, only to say so when nothing else is found.
  'etimedout', 'ehostunreach', 'enetunreach', 'no route to host', 'network is unreachable', 'eai_again', 'name or service not known',
  'unknownhost', 'name resolution', 'nodename nor servname',
];
/** One scan of a lower-cased line finds which needles it holds (instead of a hundred `includes`). */
const NEEDLE_RE = new RegExp([...NEEDLES].sort((a, b) => b.length - a.length).map((n) => escapeRe(n)).join('|'), 'g');

const NEEDLES_INSIDE = new Map(NEEDLES.map((n) => [n, NEEDLES.filter((other) => other !== n && n.includes(other))]));

const minimalTriggers = [...new Set(TRIGGERS.map((t) => t.toLowerCase()))].filter(
  (t, _, all) => !all.some((other) => other !== t && t.includes(other)),
);
export const PREFILTER = new RegExp(minimalTriggers.sort((a, b) => b.length - a.length).map(escapeRe).join('|'), 'gi');

// -------------------------------------------------------------------------------------- X509

// Texts of one word or two that occur in ordinary prose are left to the explicit forms ("num=N").
const X509_TEXTS = X509_ERRORS.filter((e) => e.causeId !== null || e.number >= 80)
  .flatMap((e) => [e.text, ...(e.otherTexts ?? []), ...(e.legacyText ? [e.legacyText] : [])])
  .filter((t) => t.length >= 14);
// Run on the lower-cased line: an alternation without the i flag is markedly faster.
const X509_TEXT_RE = new RegExp([...new Set(X509_TEXTS.map((t) => t.toLowerCase()))].sort((a, b) => b.length - a.length).map(escapeRe).join('|'), 'g');
const X509_SYMBOL_SET: ReadonlySet<string> = new Set(X509_SYMBOLS);
/** Upper-case symbols (Node's error.code, X509_V_ERR_*, OpenSSL and BoringSSL reasons), looked up in tables. */
const SYMBOL_TOKEN_RE = /(?<![A-Za-z0-9_])[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+(?![A-Za-z0-9_])/g;

// ------------------------------------------------------------------------------------- reasons

/** OpenSSL SSL reasons and other libraries' reasons, by text, with their causes. */
interface ReasonEntry {
  text: string;
  causes: WeightedCauses;
  meaning: string;
  /** Recognised in plain prose (libpq's "SSL error: certificate verify failed"), not only after "routines:". */
  anywhere: boolean;
}
const REASONS: ReasonEntry[] = [
  ...OPENSSL_REASONS.map((r) => ({
    text: r.reason,
    causes: r.causeId ? ([[r.causeId, 0.85]] as WeightedCauses) : r.number === 134 ? VERIFY_FAILED : [],
    meaning: r.meaning,
    anywhere: r.reason.length >= 14 && !/request/.test(r.reason),
  })),
  ...LOCAL_REASONS.map((r) => ({ ...r, anywhere: r.text.length >= 11 && r.text !== 'ssl handshake failure' })),
];
const REASON_BY_TEXT = new Map(REASONS.map((r) => [r.text, r]));
const REASON_TEXT_RE = new RegExp(
  `(?:routines:[^:\\n]*:)?(${REASONS.map((r) => escapeRe(r.text)).sort((a, b) => b.length - a.length).join('|')})(?![a-z])`, 'g');
const REASON_BY_SYMBOL = new Map(REASONS.map((r) => [r.text.toUpperCase().replace(/ /g, '_'), r.text]));

// --------------------------------------------------------------------------------- packed codes

const HEX_CODE_RE = /\berror:([0-9a-fA-F]{8}):([^:\n]*):([^:\n]*):([^:\n()\]]*(?:\(\d+\))?)/g;
const DEC_CODE_RE = /(?<![\w.])(\d{9,10}):((?:SSL|[A-Za-z.0-9]+(?:[ _][A-Za-z.0-9]+)*)[ _](?:routines|library|functions)):([^:\n]*):([A-Za-z0-9_ ]*)/g;

// ------------------------------------------------------------------------------- alert weights

/**
 * When the side that received an alert is not known, which reading comes first. The two readings
 * are the alert's causeWhenServerSent (we are the client) and causeWhenClientSent (we are the
 * server); by default the client's reading leads, as most pasted errors come from clients.
 * Exceptions, with why:
 * - 46 certificate_unknown: Java clients and browsers send it for a server certificate they do
 *   not trust (measured with OpenJDK 17), by far its commonest use; in the public reports of a
 *   server logging it (Spring Boot, Jetty, Netty, nginx: test/fixtures/explain-corpus/sourced.jsonl)
 *   the server's certificate was self-signed in five of six. A Java server sends it to a client
 *   whose certificate it refuses (client-cert-rejected) when the side is known.
 * - 40 handshake_failure from a server: no shared cipher suite, group or signature algorithm
 *   first; a missing client certificate next (servers send it for that only under TLS 1.2, TLS 1.3
 *   has 116, design.md); with SNI-only servers a third reading.
 * - 80 internal_error from a server: names no reason, but in the public reports of it the server
 *   had no certificate for the name asked (missing SNI, a CDN or load balancer without the name):
 *   three of three (test/fixtures/explain-corpus/sourced.jsonl).
 * - 42 bad_certificate from a client: Go clients send it for every verification failure, an
 *   untrusted CA first of all; OpenSSL clients for a host name mismatch.
 */
const NAME_NOT_SERVED: WeightedCauses = [['sni-unrecognized', 0.5], ['hostname-mismatch', 0.3]];
const ALERT_READINGS: Readonly<Record<number, { client?: WeightedCauses; server?: WeightedCauses; unknown?: WeightedCauses }>> = {
  40: { client: [['no-shared-cipher', 0.5], ['client-cert-required', 0.45], ['sni-unrecognized', 0.2]], unknown: [['no-shared-cipher', 0.5], ['client-cert-required', 0.45], ['sni-unrecognized', 0.2]] },
  42: { server: [['untrusted-ca', 0.55], ['hostname-mismatch', 0.45]], unknown: [['client-cert-rejected', 0.55], ['untrusted-ca', 0.4], ['hostname-mismatch', 0.35]] },
  46: { server: [['self-signed', 0.6], ['untrusted-ca', 0.55]], unknown: [['self-signed', 0.55], ['untrusted-ca', 0.5], ['client-cert-rejected', 0.45]] },
  80: { client: NAME_NOT_SERVED, unknown: NAME_NOT_SERVED },
};

/**
 * Causes of an alert and whose certificate it judged. `logged` is the side that printed the line;
 * `direction` whether that side received the alert or sent it.
 */
function alertCauses(alert: Alert, direction: 'received' | 'sent', logged: Party | undefined): { causes: WeightedCauses; sentBy?: Party; judged?: Party } {
  if (alert.number === 0) return { causes: [] };
  const sentBy: Party | undefined = logged === undefined ? undefined : (direction === 'received') === (logged === 'client') ? 'server' : 'client';
  const special = ALERT_READINGS[alert.number];
  const strength = (id: CauseId) => (id === 'client-cert-rejected' ? 0.7 : 0.85);
  if (sentBy === 'server') {
    const causes = special?.client ?? (alert.causeWhenServerSent ? [[alert.causeWhenServerSent, strength(alert.causeWhenServerSent)] as const] : []);
    return { causes, sentBy, judged: 'client' };
  }
  if (sentBy === 'client') {
    const causes = special?.server ?? (alert.causeWhenClientSent ? [[alert.causeWhenClientSent, strength(alert.causeWhenClientSent)] as const] : []);
    return { causes, sentBy, judged: 'server' };
  }
  if (special?.unknown) return { causes: special.unknown };
  const readings: [CauseId, number][] = [];
  if (alert.causeWhenServerSent) readings.push([alert.causeWhenServerSent, strength(alert.causeWhenServerSent)]);
  if (alert.causeWhenClientSent && alert.causeWhenClientSent !== alert.causeWhenServerSent) readings.push([alert.causeWhenClientSent, 0.45]);
  return { causes: readings };
}

// ----------------------------------------------------------------------------------- the line

type Range = readonly [number, number];
const inside = (ranges: Range[], start: number, end: number) => ranges.some(([s, e]) => start >= s && end <= e);

/** Words every pre-TLS failure of NOT_TLS_FAILURES holds (lower case), so that most lines skip them. */
const NOT_TLS_GATE = /refused|enotfound|eai_again|resolve|no such host|name or service|nodename|name resolution|unknownhost|etimedout|unreach|no route|timed out/;

const stackOf = (line: string): Stack => STACK_HINTS.find(([re]) => re.test(line))?.[1] ?? 'openssl';
const sideOf = (line: string): Party | undefined => SIDE_HINTS.find(([re]) => re.test(line))?.[1];

/**
 * X509 errors whose number names more than one cause. 20 "unable to get local issuer certificate"
 * is what OpenSSL reports whenever the next issuer up is missing: a root the verifier does not
 * have (a private or proxy CA, a Python or container without a CA bundle), or an intermediate the
 * peer did not send (measured: `openssl verify -CAfile root.crt leaf.crt` gives 20 at depth 0 for
 * both). Public reports split 12 to 8 that way (test/fixtures/explain-corpus/sourced.jsonl), so
 * the untrusted CA leads with the missing intermediate close behind; 21 "unable to verify the
 * first certificate" names the missing intermediate outright.
 */
const X509_READINGS: Readonly<Record<number, WeightedCauses>> = {
  20: [['untrusted-ca', 0.75], ['incomplete-chain', 0.65]],
};

function x509Finding(info: X509ErrorInfo, text: string, stack: Stack, pattern: string, extra: Partial<Finding> = {}): Finding {
  const causes: WeightedCauses = X509_READINGS[info.number] ?? (info.causeId ? [[info.causeId, 0.9]] : []);
  return {
    text, stack, kind: extra.kind ?? (info.causeId === 'hostname-mismatch' ? 'hostname' : 'verification'), line: 0, count: 1,
    meaning: `OpenSSL verification error ${info.number} (${info.symbol}): ${info.text}.`, pattern,
    x509: { number: info.number, symbol: info.symbol, text: info.text }, causes: causes.map(([id]) => id), weighted: causes,
    generic: false, x509Info: info, ...extra,
  };
}

function alertFinding(alert: Alert, text: string, stack: Stack, direction: 'received' | 'sent', logged: Party | undefined, pattern: string, extra: Partial<Finding> = {}): Finding {
  const { causes, sentBy, judged } = alertCauses(alert, direction, logged);
  const who = sentBy ? `the ${sentBy}` : direction === 'received' ? 'the peer' : 'this side';
  return {
    text, stack, kind: 'alert', line: 0, count: 1, pattern,
    meaning: `TLS alert ${alert.number} ${alert.name}, sent by ${who}: ${alert.meaning}`,
    alert: { number: alert.number, name: alert.name, direction, ...(sentBy ? { sentBy } : {}) },
    ...(judged ? { judged } : {}),
    causes: causes.map(([id]) => id), weighted: causes, generic: false, ...extra,
  };
}

function codeField(r: PackedError): NonNullable<Recognized['code']> {
  return { hex: r.hex, decimal: r.decimal, layout: r.layout, library: r.libraryName, ...(r.function !== undefined ? { function: r.function } : {}), reason: r.reason, reasonText: r.reasonText };
}

/** Causes of a reason text or BoringSSL symbol that is not an alert. */
function reasonCauses(reasonText: string | null): ReasonEntry | undefined {
  if (!reasonText) return undefined;
  return REASON_BY_TEXT.get(reasonText.toLowerCase().replace(/_/g, ' '));
}

const SYSTEM_ERRNO: Readonly<Record<number, { causes: WeightedCauses; meaning: string }>> = {
  2: { causes: [['key-load-failed', 0.7]], meaning: 'A file named in the configuration does not exist.' },
  13: { causes: [['key-load-failed', 0.7]], meaning: 'A file named in the configuration cannot be read (permissions).' },
  104: { causes: [['connection-reset', 0.6]], meaning: 'The peer reset the connection.' },
  32: { causes: [['connection-reset', 0.5]], meaning: 'The peer closed the connection while this side was writing.' },
};

/**
 * Reasons that mean something else when OpenSSL 1.0/1.1 names the function that read the
 * ClientHello (SSL3_GET_CLIENT_HELLO, ACCEPT_SR_CLNT_HELLO_C, tls_early_post_process_client_hello): the record was TLS,
 * so "wrong version number" there is a client offering versions the server refuses, not plain text
 * (a server that receives plain HTTP reports "http request").
 */
const CLIENT_HELLO_FUNCTION = /get_client_hello|process_client_hello|sr_clnt_hello/i;
/**
 * OpenSSL 1.0 names the function that waited for the ServerHello (SSL23_GET_SERVER_HELLO,
 * SSL3_GET_SERVER_HELLO): a handshake_failure there answered the ClientHello itself, before any
 * certificate was asked for, so it cannot be a missing client certificate. Such a client is old
 * (OpenSSL 1.0: Android 4, macOS's OpenSSL 0.9.8), and what the server refuses is mostly its TLS
 * versions, else its cipher suites (amitshekhariitbhu/Fast-Android-Networking#329).
 */
const SERVER_HELLO_FUNCTION = /get_server_hello/i;
const HELLO_REFUSED: WeightedCauses = [['protocol-mismatch', 0.55], ['no-shared-cipher', 0.5], ['sni-unrecognized', 0.25]];
/** The reading of an alert known to answer the ClientHello: for handshake_failure, HELLO_REFUSED. */
const helloRefused = (alert: Alert): Partial<Finding> => (alert.number === 40 ? { weighted: HELLO_REFUSED } : {});
const CLIENT_HELLO_READINGS: Readonly<Record<string, { causes: WeightedCauses; meaning: string }>> = {
  'wrong version number': { causes: [['protocol-mismatch', 0.85]], meaning: 'The client\'s hello asks for a TLS version the server does not allow.' },
};

function packedFinding(readings: PackedError[], text: string, stack: Stack, logged: Party | undefined): Finding | null {
  const best = readings[0];
  if (!best) return null;
  if (best.alert !== null) {
    const alert = alertByNumber(best.alert) ?? unassignedAlert(best.alert);
    return alertFinding(alert, text, stack, 'received', logged, 'packed-code', { code: codeField(best), ...(SERVER_HELLO_FUNCTION.test(text) ? helloRefused(alert) : {}) });
  }
  const system = best.errno !== undefined || best.library === 2 ? SYSTEM_ERRNO[best.reason] : undefined;
  const reason = system ?? (CLIENT_HELLO_FUNCTION.test(text) ? CLIENT_HELLO_READINGS[best.reasonText ?? ''] : undefined) ?? reasonCauses(best.reasonText);
  const causes = reason?.causes ?? [];
  const described = best.reasonText ?? (system ? system.meaning : `reason ${best.reason}`);
  return {
    text, stack, kind: 'error-code', line: 0, count: 1, pattern: 'packed-code',
    meaning: `${best.layout === 'boringssl' ? 'BoringSSL' : best.layout === 'openssl-3' ? 'OpenSSL 3' : 'OpenSSL 1.1'} error ${best.hex}: ${best.libraryName}, ${described}. ${reason?.meaning ?? ''}`.trim(),
    code: codeField(best), causes: causes.map(([id]) => id), weighted: causes,
    generic: causes === VERIFY_FAILED || causes.length === 0,
  };
}

const unassignedAlert = (n: number): Alert => alertInError({ message: `SSL alert number ${n}` }) ?? ALERTS[0]!;

/** Words of every alert text: "alert", Go's "remote error", and OpenSSL's texts without "alert" in them ("tlsv1 unrecognized name"). */
const ALERT_WORDS = new RegExp(['alert', 'remote error', ...ALERTS.flatMap((a) => (a.opensslText && !a.opensslText.includes('alert') ? [a.opensslText] : []))].map(escapeRe).join('|'));

/** Every TLS error one line reports. */
export function recognizeLine(line: string): LineResult {
  const lower = line.toLowerCase();
  const findings: Finding[] = [];
  const claimed: Range[] = [];
  const notTls = NOT_TLS_GATE.test(lower) ? NOT_TLS_FAILURES.filter(([re]) => re.test(line)).map(([, sentence]) => sentence) : [];
  let logged = sideOf(line);
  let judged: Party | undefined;

  // 1. The stacks' own phrasings, where their needle occurs.
  const present = new Set<string>();
  for (const m of lower.matchAll(NEEDLE_RE)) {
    present.add(m[0]);
    // A needle inside the longer one that matched ("tls: " in "tls: failed to verify") is there too.
    for (const inner of NEEDLES_INSIDE.get(m[0]) ?? []) present.add(inner);
  }
  for (const needle of NEEDLES) {
    if (!present.has(needle)) continue;
    // Patterns sharing a needle are siblings, the most precise first: one match per place.
    const siblings: Range[] = [];
    for (const pattern of PATTERNS_BY_NEEDLE.get(needle)!) {
      const m = pattern.re.exec(line);
      if (!m) continue;
      const start = m.index;
      const end = m.index + m[0].length;
      if (siblings.some(([s, e]) => start < e && end > s)) continue;
      siblings.push([start, end]);
      claimed.push([start, end]);
      if (pattern.logged) logged = pattern.logged;
      if (pattern.judged) judged = pattern.judged;
      findings.push(...fromPattern(pattern, m, logged));
    }
  }
  // The stack of what the generic decoders find: the one a pattern named, else guessed from the line (only when needed).
  let guessed: Stack | undefined;
  const stack = () => (guessed ??= findings.find((f) => f.kind !== 'wrapper' && f.kind !== 'exit-code')?.stack ?? stackOf(line));

  // 2. Packed OpenSSL / BoringSSL codes.
  // A code inside a pattern's match is that pattern's (s_server's harmless DH-parameter probe).
  if (lower.includes('error:')) for (const m of line.matchAll(HEX_CODE_RE)) {
    if (inside(claimed, m.index!, m.index! + m[0].length)) continue;
    const readings = decodePackedError(parseInt(m[1]!, 16), { library: m[2], boring: m[3] === 'OPENSSL_internal' });
    const f = packedFinding(readings, m[0], m[3] === 'OPENSSL_internal' ? 'boringssl' : stack(), logged);
    if (f) findings.push(f);
    claimed.push([m.index!, m.index! + m[0].length]);
  }
  if (/routines|library|functions/.test(lower)) for (const m of line.matchAll(DEC_CODE_RE)) {
    const readings = decodePackedError(Number(m[1]), { library: m[2]!.replace(/_/g, ' '), decimal: true });
    const f = packedFinding(readings, m[0], readings[0]?.layout === 'boringssl' ? 'boringssl' : stack(), logged);
    if (f) findings.push(f);
    claimed.push([m.index!, m.index! + m[0].length]);
  }

  // 3. An alert stated any other way (texts, symbols, "SSL alert number", Go, Java, rustls).
  if (!findings.some((f) => f.alert) && ALERT_WORDS.test(lower)) {
    const alert = alertInError({ message: line });
    if (alert && alert.number !== 0) findings.push(alertFinding(alert, alertExcerpt(line, lower, alert), stack(), 'received', logged, 'alert'));
  }

  // 4. X509_V_ERR codes by symbol (Node's error.code) and by OpenSSL's text.
  const x509Seen = new Set(findings.flatMap((f) => (f.x509 ? [f.x509.number] : [])));
  const symbols = /[A-Z0-9]_[A-Z]/.test(line) ? [...line.matchAll(SYMBOL_TOKEN_RE)] : [];
  for (const m of symbols) {
    const symbol = m[0].replace(/^X509_V_ERR_/, '');
    if (!X509_SYMBOL_SET.has(symbol)) continue;
    const info = x509ErrorBySymbol(symbol);
    if (!info || x509Seen.has(info.number)) continue;
    x509Seen.add(info.number);
    findings.push(x509Finding(info, m[0], stack() === 'openssl' && !m[0].startsWith('X509_V_ERR') ? 'node' : stack(), 'x509-symbol'));
  }
  // OpenSSL's texts in prose (Python, curl, Node, libpq, MySQL), unless the line already said it precisely.
  const precise = () => findings.some(isPrecise);
  if (!precise()) for (const m of lower.matchAll(X509_TEXT_RE)) {
    if (inside(claimed, m.index!, m.index! + m[0].length)) continue;
    const info = x509ErrorByText(m[0]);
    if (!info || x509Seen.has(info.number)) continue;
    x509Seen.add(info.number);
    findings.push(x509Finding(info, line.slice(m.index!, m.index! + m[0].length), stack(), 'x509-text'));
  }

  // 5. OpenSSL reasons named in words or as symbols, outside the codes already decoded.
  const reasonsSeen = new Set<string>(findings.flatMap((f) => (f.code?.reasonText ? [f.code.reasonText.toLowerCase().replace(/_/g, ' ')] : [])));
  const addReason = (text: string, excerpt: string) => {
    const entry = REASON_BY_TEXT.get(text);
    if (!entry || reasonsSeen.has(text)) return;
    reasonsSeen.add(text);
    findings.push({
      text: excerpt, stack: stack(), kind: kindOfCauses(entry.causes), line: 0, count: 1, pattern: 'openssl-reason', meaning: entry.meaning,
      causes: entry.causes.map(([id]) => id), weighted: entry.causes, generic: entry.causes === VERIFY_FAILED || entry.causes.length === 0,
    });
  };
  if (!precise()) for (const m of lower.matchAll(REASON_TEXT_RE)) {
    if (inside(claimed, m.index!, m.index! + m[0].length)) continue;
    const text = m[1]!;
    const entry = REASON_BY_TEXT.get(text);
    if (entry && (entry.anywhere || m[0].length > m[1]!.length)) addReason(text, line.slice(m.index!, m.index! + m[0].length));
  }
  for (const m of symbols) {
    const text = REASON_BY_SYMBOL.get(m[0]);
    if (!text || inside(claimed, m.index!, m.index! + m[0].length)) continue;
    addReason(text, m[0]);
  }

  // 6. Node's error codes.
  if (/ERR_|ECONNRESET|EPROTO/.test(line)) for (const m of line.matchAll(/\b(ERR_(?:TLS|SSL|OSSL)_[A-Z0-9_]+|ECONNRESET|EPROTO)\b/g)) {
    const f = nodeCodeFinding(m[1]!);
    if (f && !findings.some((g) => g.nodeCode === f.nodeCode || (f.alert && g.alert?.number === f.alert.number))) findings.push(f);
  }

  // Two phrasings of one verdict on one line (Java's "PKIX path building failed: …: unable to find
  // valid certification path") are one finding.
  for (let i = findings.length - 1; i > 0; i--) {
    const f = findings[i]!;
    if (findings.slice(0, i).some((g) => g.stack === f.stack && g.kind === f.kind && g.pattern !== 'packed-code' && sameCauses(g.weighted, f.weighted))) findings.splice(i, 1);
  }
  // The side and certificate the line speaks of, for the findings that did not say.
  for (const f of findings) {
    if (!f.side && logged) f.side = logged;
    if (!f.judged && f.kind !== 'alert' && judged) f.judged = judged;
    if (!f.judged && f.side && (f.kind === 'verification' || f.kind === 'hostname')) f.judged = f.side === 'client' ? 'server' : 'client';
  }
  // A wrapper or a reason-less verdict gives way to a precise one on the same line.
  if (precise()) {
    for (const f of findings) if (f.generic) f.weighted = [];
  } else if (notTls.length === 0) {
    // Nothing precise: the plain words of the line, as a last resort (knowledge/keywords.ts).
    findings.push(...keywordFindings(line, lower, stack, logged));
  }
  for (const f of findings) f.causes = f.weighted.map(([id]) => id);
  return { findings, notTls };
}

/** Findings of the word groups a line holds, weaker than any recognised message. */
function keywordFindings(line: string, lower: string, stack: () => Stack, logged: Party | undefined): Finding[] {
  const found: Finding[] = [];
  for (const reading of KEYWORD_READINGS) {
    const m = reading.re.exec(lower);
    if (!m) continue;
    found.push({
      text: line.slice(m.index, m.index + m[0].length), stack: stack(), kind: kindOfCauses(reading.causes), line: 0, count: 1,
      meaning: reading.meaning, pattern: KEYWORDS_PATTERN, causes: [], weighted: reading.causes, generic: true, ...(logged ? { side: logged } : {}),
    });
  }
  return found;
}

/** The `pattern` of findings read from plain words: explain counts them only when nothing precise was found. */
export const KEYWORDS_PATTERN = 'keywords';

const sameCauses = (a: WeightedCauses, b: WeightedCauses) => a.length === b.length && a.every(([id], i) => b[i]![0] === id);


/** The words that named the alert, for the `text` of its finding. */
function alertExcerpt(line: string, lower: string, alert: Alert): string {
  const candidates = [
    alert.opensslText, alert.opensslText?.toUpperCase().replace(/ /g, '_'), alert.goText ? `remote error: tls: ${alert.goText}` : null, alert.goText,
    `received fatal alert: ${alert.name}`, `ssl alert number ${alert.number}`, alert.name,
  ].filter((s): s is string => Boolean(s));
  for (const c of candidates) {
    const i = lower.indexOf(c.toLowerCase());
    if (i >= 0) return line.slice(i, i + c.length);
  }
  return `alert ${alert.number} ${alert.name}`;
}

/** The finding(s) a stack pattern's match stands for, its captured codes decoded. */
function fromPattern(pattern: MessagePattern, m: RegExpExecArray, logged: Party | undefined): Finding[] {
  const g = m.groups ?? {};
  const host = g.host ?? g.ip;
  const names = g.names ?? g.iplist;
  const base: Finding = {
    text: m[0].trim(), stack: pattern.stack, kind: pattern.kind, line: 0, count: 1, meaning: pattern.meaning, pattern: pattern.id,
    ...(pattern.logged ? { side: pattern.logged } : {}), ...(pattern.judged ? { judged: pattern.judged } : {}),
    ...(host ? { host } : {}), ...(names ? { names } : {}),
    causes: [], weighted: pattern.causes, generic: Boolean(pattern.generic),
  };
  const extra = { side: pattern.logged, judged: pattern.judged, ...(host ? { host } : {}) };

  if (pattern.x509 !== undefined || g.x509num !== undefined || g.x509text !== undefined) {
    const num = pattern.x509 ?? (g.x509num !== undefined ? Number(g.x509num) : undefined);
    const info = (num !== undefined ? x509ErrorByNumber(num) : undefined) ?? (g.x509text ? x509TextIn(g.x509text) : undefined);
    if (info) return [x509Finding(info, m[0].trim(), pattern.stack, pattern.id, { ...extra, meaning: `${pattern.meaning} ${info.number} (${info.symbol}): ${info.text}.` })];
    // curl's "SSL certificate problem: …" with a text OpenSSL does not have keeps its generic causes.
  }
  if (g.now !== undefined && g.then !== undefined) {
    // Two dates the message states: this machine's time, and the one it had to be at (Android).
    const now = Date.parse(g.now);
    const then = Date.parse(g.then);
    if (Number.isFinite(now) && Number.isFinite(then) && now !== then) {
      const weighted: WeightedCauses = now < then ? [['not-yet-valid', 0.85]] : [['expired', 0.85]];
      return [{ ...base, weighted }];
    }
  }
  if (g.alertnum !== undefined) {
    const n = Number(g.alertnum);
    return [alertFinding(alertByNumber(n) ?? unassignedAlert(n), m[0].trim(), pattern.stack, 'received', logged, pattern.id)];
  }
  if (g.alert !== undefined) {
    const alert = alertByName(g.alert) ?? (DOTNET_ALERT_NAMES[g.alert] !== undefined ? alertByNumber(DOTNET_ALERT_NAMES[g.alert]!) : undefined);
    // Erlang names the sender ("CLIENT ALERT"): as if that side had logged sending it.
    if (alert && g.sender) return [alertFinding(alert, m[0].trim(), pattern.stack, 'sent', g.sender.toLowerCase() as Party, pattern.id)];
    if (alert) return [alertFinding(alert, m[0].trim(), pattern.stack, g.detail === 'write' || g.detail === 'SEND' ? 'sent' : 'received', logged, pattern.id)];
    return [];
  }
  // The name dialled is the one the certificate names, and the check failed all the same: the
  // certificate holds it in its common name only (Chrome's "could not prove that it is x; its
  // security certificate is from x", Python's "hostname 'x' doesn't match 'x'").
  if (pattern.kind === 'hostname' && host && names && host.toLowerCase() === bareName(names)) {
    return [{ ...base, weighted: [['cn-only-no-san', 0.9], ['hostname-mismatch', 0.5]], meaning: `${pattern.meaning} It names ${host} all the same, so only in its common name, which clients no longer read.` }];
  }
  if (g.apple !== undefined || g.appleSwift !== undefined) return appleFindings(g.apple ?? g.appleSwift!, base, logged);
  if (g.curl !== undefined) {
    const code = Number(g.curl);
    const info = CURL_EXIT_CODES[code];
    if (!info || !info.tls) return [];
    return [{ ...base, curl: { exitCode: code, name: info.name, meaning: info.meaning }, meaning: `curl exit code ${code} (${info.name}): ${info.meaning}`, weighted: info.causes }];
  }
  if (g.flags !== undefined) {
    const flags = g.flags.split(/[,\s]+/).filter((f) => DOTNET_FLAGS[f]);
    if (flags.length > 0) {
      const weighted = flags.flatMap((f) => DOTNET_FLAGS[f]!);
      return [{ ...base, weighted, generic: false, meaning: `${pattern.meaning} Flags: ${flags.join(', ')}.` }];
    }
  }
  if (pattern.stack === 'rustls' && g.detail !== undefined) {
    const variant = g.detail.replace(/\s+/g, '');
    const weighted = RUSTLS_VARIANTS[variant] ?? RUSTLS_VARIANTS[g.detail.split(/\s/)[0]!] ?? legacyRustlsText(g.detail);
    return [{ ...base, weighted, meaning: `${pattern.meaning} (${g.detail}).` }];
  }
  return [base];
}

/** An Apple code, by number (-9813, -1202) or by name (errSSLPeerUnknownCA, NSURLErrorServerCertificateUntrusted, .serverCertificateUntrusted). */
function appleFindings(code: string, base: Finding, logged: Party | undefined): Finding[] {
  const number = /^-\d+$/.test(code) ? Number(code) : APPLE_CODE_NAMES.get(code.toLowerCase());
  if (number === undefined) return [];
  const peer = APPLE_PEER_ALERTS[number];
  if (peer) {
    const alert = alertByNumber(peer[0]) ?? unassignedAlert(peer[0]);
    // Apple clients send no certificate unless the app supplies one, and App Transport Security
    // asks for TLS 1.2 and forward secrecy: a handshake_failure is the server refusing the hello.
    return [alertFinding(alert, base.text, 'apple', 'received', logged, base.pattern, {
      meaning: `Secure Transport ${number} (errSSL${peer[1]}): the peer sent alert ${alert.number} ${alert.name}. ${alert.meaning}`, ...helloRefused(alert),
    })];
  }
  const known = APPLE_CODES[number];
  if (!known) return [];
  return [{ ...base, kind: kindOfCauses(known.causes), weighted: known.causes, meaning: `Apple error ${number} (${known.name}): ${known.meaning}` }];
}

/** rustls 0.20 printed some variants in words ("no ciphersuites in common"). */
function legacyRustlsText(detail: string): WeightedCauses {
  if (/cipher/i.test(detail)) return [['no-shared-cipher', 0.9]];
  if (/version|protocol/i.test(detail)) return [['protocol-mismatch', 0.85]];
  if (/kx|group|curve|signature/i.test(detail)) return [['no-shared-cipher', 0.85]];
  return [];
}

/** A name as a message quotes it, bare and in lower case: 'x', u'x' (Python 2) or "x" → x. */
const bareName = (quoted: string): string => quoted.trim().replace(/^u?(['"])(.*)\1$/, '$2').toLowerCase();

/** An X509 text inside a longer one ("certificate verify failed: unable to get local issuer certificate"). */
function x509TextIn(text: string): X509ErrorInfo | undefined {
  const exact = x509ErrorByText(text);
  if (exact) return exact;
  for (const m of text.matchAll(X509_TEXT_RE)) {
    const info = x509ErrorByText(m[0]);
    if (info) return info;
  }
  return undefined;
}

function nodeCodeFinding(code: string): Finding | null {
  const known = NODE_ERROR_CODES[code];
  const base = { text: code, stack: 'node' as const, line: 0, count: 1, pattern: 'node-code', nodeCode: code };
  if (known) {
    return { ...base, kind: kindOfCauses(known.causes), meaning: known.meaning, causes: [], weighted: known.causes, generic: code === 'ECONNRESET' || code === 'EPROTO' };
  }
  const alert = ALERTS.find((a) => a.nodeCode === code);
  if (alert) return alertFinding(alert, code, 'node', 'received', undefined, 'node-code', { nodeCode: code });
  // ERR_SSL_<REASON> and ERR_OSSL_[<LIB>_]<REASON>: the reason in words.
  const words = code.replace(/^ERR_(?:SSL|OSSL)_(?:(?:PEM|X509|EVP|ASN1|PKCS12|DECODER|PROV)_)?/, '').toLowerCase().replace(/_/g, ' ');
  const entry = REASON_BY_TEXT.get(words);
  if (!entry) return null;
  return { ...base, kind: kindOfCauses(entry.causes), meaning: entry.meaning, causes: [], weighted: entry.causes, generic: entry.causes === VERIFY_FAILED || entry.causes.length === 0 };
}

// ------------------------------------------------------------------------------- a bare token

/**
 * A number or code given alone: `48`, `0x30` (alerts), `20` with `x509` (X509_V_ERR), `1048`
 * (SSL reason 1000 + alert), `268435581` or `0A000418` (packed codes), `X509_V_ERR_…`, Node codes,
 * alert names in any spelling (`unknown_ca`, `UnknownCA`), OpenSSL/BoringSSL reason symbols,
 * rustls variants and .NET flags. Null when the token is none of these.
 */
export function recognizeToken(token: string, options: { x509?: boolean } = {}): Finding[] | null {
  const t = token.trim();
  if (!/^[A-Za-z0-9_:.x-]{1,64}$/.test(t)) return null;
  const wrap = (f: Finding | null) => (f ? [{ ...f, causes: f.weighted.map(([id]) => id) }] : null);
  if (/^\d+$/.test(t)) {
    const n = Number(t);
    if (options.x509) {
      const info = x509ErrorByNumber(n);
      return info ? wrap(x509Finding(info, t, 'openssl', 'x509-number')) : null;
    }
    if (n <= 255) return wrap(alertFinding(alertByNumber(n) ?? unassignedAlert(n), t, 'openssl', 'received', undefined, 'alert-number'));
    if (n >= 1000 && n <= 1255) return wrap(alertFinding(alertByNumber(n - 1000) ?? unassignedAlert(n - 1000), t, 'openssl', 'received', undefined, 'ssl-reason'));
    if (n >= 0x1000000 && n <= 0xffffffff) return wrap(packedFinding(decodePackedError(n, { decimal: true }), t, 'boringssl', undefined));
    return null;
  }
  const hex = /^0x([0-9a-f]{1,8})$/i.exec(t) ?? /^(?:error:)?([0-9a-f]{8})$/i.exec(t);
  if (hex) {
    const n = parseInt(hex[1]!, 16);
    if (t.toLowerCase().startsWith('0x') && n <= 255) return wrap(alertFinding(alertByNumber(n) ?? unassignedAlert(n), t, 'openssl', 'received', undefined, 'alert-number'));
    if (hex[1]!.length === 8) return wrap(packedFinding(decodePackedError(n), t, 'openssl', undefined));
    return null;
  }
  const x509 = /^X509_V_/i.test(t) ? x509ErrorBySymbol(t) : /^[A-Z0-9_]+$/.test(t) ? x509ErrorBySymbol(t) : undefined;
  if (x509 && x509.number !== 0) return wrap(x509Finding(x509, t, /^X509_V_/i.test(t) ? 'openssl' : 'node', 'x509-symbol'));
  if (/^(?:ERR_[A-Z0-9_]+|ECONNRESET|EPROTO)$/.test(t)) return wrap(nodeCodeFinding(t));
  if (DOTNET_FLAGS[t]) {
    const weighted = DOTNET_FLAGS[t]!;
    return wrap({ text: t, stack: 'dotnet', kind: 'verification', line: 0, count: 1, pattern: 'dotnet-flag', meaning: `.NET SslPolicyErrors / X509ChainStatusFlags: ${t}.`, causes: [], weighted, generic: false });
  }
  if (RUSTLS_VARIANTS[t]) {
    const weighted = RUSTLS_VARIANTS[t]!;
    return wrap({ text: t, stack: 'rustls', kind: kindOfCauses(weighted), line: 0, count: 1, pattern: 'rustls-variant', meaning: `rustls error variant ${t}.`, causes: [], weighted, generic: false });
  }
  const boring = boringSslReasonNumber(t.toUpperCase());
  const reason = REASON_BY_TEXT.get(t.toLowerCase().replace(/_/g, ' '));
  if (reason) {
    return wrap({ text: t, stack: boring !== undefined ? 'boringssl' : 'openssl', kind: kindOfCauses(reason.causes), line: 0, count: 1, pattern: 'openssl-reason', meaning: reason.meaning, causes: [], weighted: reason.causes, generic: false });
  }
  const symbolAlert = ALERTS.find((a) => a.opensslText && a.opensslText.toUpperCase().replace(/ /g, '_') === t.toUpperCase());
  const alert = symbolAlert ?? alertByName(t) ?? (DOTNET_ALERT_NAMES[t] !== undefined ? alertByNumber(DOTNET_ALERT_NAMES[t]!) : undefined);
  if (alert) return wrap(alertFinding(alert, t, 'openssl', 'received', undefined, 'alert-name'));
  return null;
}
