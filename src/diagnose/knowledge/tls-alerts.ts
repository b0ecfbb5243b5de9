import type { CauseId } from './causes.js';
import { ALERT_REASON_OFFSET, sslReasonOf } from './packed-errors.js';

/**
 * TLS alerts and OpenSSL's `SSL routines` reasons, as data: every AlertDescription of the IANA TLS
 * Alert registry with the texts that OpenSSL, Node and Go print when they receive it and the cause
 * it most likely means, then the reasons a local OpenSSL failure reports. Tiny lookups recognise
 * both in an error from any stack.
 *
 * Sources: the IANA TLS Alert registry and RFC 8446 §6 (RFC 9146 for 52, RFC 9846 for 117,
 * RFC 9849 for 121); the reason strings of libssl 3.0.19 (`openssl errstr 0A0004NN`); Go's
 * crypto/tls alert.go; OpenSSL's ssl_x509err2alert table (which alert a failed verification
 * sends). Measured here with Node 20.20 (bundled OpenSSL 3.0) against `openssl s_server`, Node
 * servers, Python 3 and OpenJDK 17:
 * - OpenSSL packs a received alert as SSL reason 1000 + number: `error:0A000418` is alert 48, and
 *   appends "SSL alert number 48". OpenSSL 1.1 (`error:14094418`) and BoringSSL (`error:10000418`,
 *   or 268436504 in decimal) pack the same reason in other layouts.
 * - OpenSSL 3.0 has no reason string for 52, 117 and 121: it prints `reason(1117)` and the alert
 *   number. Node 20 then loses the alert completely and reports ECONNRESET "Client network socket
 *   disconnected before secure TLS connection was established"; Python says "[SSL] unknown error".
 * - OpenSSL servers send 48 for an untrusted client certificate (also for a missing intermediate or
 *   a self-signed one), 43 for one without the clientAuth EKU, 45 when expired, but 42 when not yet
 *   valid; with no client certificate 116 (TLS 1.3) or 40 (TLS 1.2). Java clients send 46 for an
 *   untrusted server certificate. Go sends 42 for every failed verification, on both sides.
 * - Node servers and clients send no alert for a certificate they reject (see design.md): the peer
 *   sees a reset, so the absence of an alert is evidence too.
 *
 * Pure data and tiny lookups: nothing here prints, parses argv or touches the process.
 */

/** One AlertDescription of the IANA registry, with what each stack prints on receiving it. */
export interface Alert {
  /** The AlertDescription byte on the wire. */
  number: number;
  /** The IANA name without RFC 8446's `_RESERVED` suffix, e.g. 'unknown_ca'. */
  name: string;
  /** RFC 8446 calls it `<name>_RESERVED`: TLS 1.3 never sends it, older versions may. */
  reserved: boolean;
  /**
   * The RFC to read about it: RFC 8446 for all that TLS 1.3 still uses, otherwise the RFC that
   * defines it; for a reserved alert, the last RFC that specified its use. Null only for alert(N).
   */
  rfc: string | null;
  /** One plain sentence: what the sender of the alert is saying. */
  meaning: string;
  /**
   * The reason OpenSSL 3 prints when it receives the alert, e.g. 'tlsv1 alert unknown ca'; null
   * where OpenSSL 3.0 has none (it prints `reason(1117)`).
   */
  opensslText: string | null;
  /** Node's `error.code` on receipt: 'ERR_SSL_' + opensslText upper-cased, spaces as '_'. */
  nodeCode: string | null;
  /** Go's text, printed as "remote error: tls: <goText>"; null where Go prints "tls: alert(N)". */
  goText: string | null;
  /** The likeliest cause when the server sent it: we are the client, it judged our certificate or hello. */
  causeWhenServerSent: CauseId | null;
  /** The likeliest cause when the client sent it: we are the server, it judged our certificate. */
  causeWhenClientSent: CauseId | null;
}

type Causes = readonly [whenServerSent: CauseId | null, whenClientSent: CauseId | null];

const NONE: Causes = [null, null];

const nodeCodeOf = (reason: string) => 'ERR_SSL_' + reason.toUpperCase().replace(/ /g, '_');

const row = (number: number, name: string, opensslText: string | null, goText: string | null, causes: Causes, rfc: string, meaning: string, reserved = false): Alert =>
  Object.freeze({
    number,
    name,
    reserved,
    rfc,
    meaning,
    opensslText,
    nodeCode: opensslText === null ? null : nodeCodeOf(opensslText),
    goText,
    causeWhenServerSent: causes[0],
    causeWhenClientSent: causes[1],
  });

/** The IANA TLS Alert registry, in number order. */
export const ALERTS: readonly Alert[] = Object.freeze([
  row(0, 'close_notify', null, 'close notify', NONE, 'RFC 8446',
    'The sender has finished sending and closes the connection in an orderly way.'),
  row(10, 'unexpected_message', 'sslv3 alert unexpected message', 'unexpected message', NONE, 'RFC 8446',
    'The sender received a message it did not expect at that point of the protocol.'),
  row(20, 'bad_record_mac', 'sslv3 alert bad record mac', 'bad record MAC', NONE, 'RFC 8446',
    'The sender could not authenticate a record it received, so the data was altered on the way or the two sides derived different keys.'),
  row(21, 'decryption_failed', 'tlsv1 alert decryption failed', 'decryption failed', NONE, 'RFC 2246',
    'The sender could not decrypt a record (TLS 1.0 only; later versions send bad_record_mac instead).', true),
  row(22, 'record_overflow', 'tlsv1 alert record overflow', 'record overflow', NONE, 'RFC 8446',
    'The sender received a record longer than the protocol allows.'),
  row(30, 'decompression_failure', 'sslv3 alert decompression failure', 'decompression failure', NONE, 'RFC 5246',
    'The sender could not decompress a record (TLS compression is disabled everywhere today).', true),
  // Ambiguous from a server: in TLS 1.2 OpenSSL sends it for a missing client certificate as well
  // as for no shared cipher or group; the caller decides from what it offered. A client sends it
  // when the server's choices (cipher, group, signature algorithm) are unacceptable.
  row(40, 'handshake_failure', 'sslv3 alert handshake failure', 'handshake failure', [null, 'no-shared-cipher'], 'RFC 8446',
    'The sender could not agree on acceptable security parameters with what was offered.'),
  // SSL 3.0 clients answered a certificate request with it when they had no certificate.
  row(41, 'no_certificate', 'sslv3 alert no certificate', null, [null, 'client-cert-required'], 'RFC 6101',
    'The client has no certificate to answer the server\'s certificate request (SSL 3.0 only).', true),
  // From a server it judged our client certificate: Go sends 42 for every verification failure,
  // OpenSSL for not-yet-valid or too weak ones, so the reason stays unidentified. From a client it
  // judged our server certificate: OpenSSL-based clients (curl, Python) send 42 for a host name
  // mismatch, their commonest 42 (they send 48 for an untrusted CA); Go clients send it for an
  // untrusted CA too, so the caller should weigh 'untrusted-ca' as the runner-up.
  row(42, 'bad_certificate', 'sslv3 alert bad certificate', 'bad certificate', ['client-cert-rejected', 'hostname-mismatch'], 'RFC 8446',
    'The sender rejected the certificate it received: it was corrupt, its signature did not verify, or it failed a check such as its dates or host name.'),
  // OpenSSL sends it for X509_V_ERR_INVALID_PURPOSE: a client certificate without the clientAuth
  // EKU, or a server certificate without serverAuth (measured with `openssl s_server`).
  row(43, 'unsupported_certificate', 'sslv3 alert unsupported certificate', 'unsupported certificate', ['wrong-key-usage', 'wrong-key-usage'], 'RFC 8446',
    'The sender rejected the certificate because its type, key usage or extended key usage does not allow the role it was used in.'),
  row(44, 'certificate_revoked', 'sslv3 alert certificate revoked', 'revoked certificate', ['revoked', 'revoked'], 'RFC 8446',
    'The sender found that the certificate it received was revoked by its issuer.'),
  row(45, 'certificate_expired', 'sslv3 alert certificate expired', 'expired certificate', ['expired', 'expired'], 'RFC 8446',
    'The sender found that the certificate it received has expired.'),
  // OpenSSL's fallback for verification errors it does not map; Java servers send it for any client
  // certificate they refuse. Java clients send it for an untrusted server certificate (measured:
  // OpenJDK 17 against `openssl s_server`), the commonest reason by far.
  row(46, 'certificate_unknown', 'sslv3 alert certificate unknown', 'unknown certificate', ['client-cert-rejected', 'untrusted-ca'], 'RFC 8446',
    'The sender rejected the certificate it received for a reason it does not name more precisely.'),
  row(47, 'illegal_parameter', 'sslv3 alert illegal parameter', 'illegal parameter', NONE, 'RFC 8446',
    'The sender received a handshake field that was well-formed but out of range or inconsistent with other fields.'),
  // OpenSSL also sends it for a missing intermediate and for a self-signed certificate: the chain
  // ends in no trusted root either way.
  row(48, 'unknown_ca', 'tlsv1 alert unknown ca', 'unknown certificate authority', ['untrusted-ca', 'untrusted-ca'], 'RFC 8446',
    'The sender could not chain the certificate it received to a CA it trusts.'),
  row(49, 'access_denied', 'tlsv1 alert access denied', 'access denied', ['client-cert-rejected', null], 'RFC 8446',
    'The sender accepted the certificate or key as valid, but its access control refuses to go on with this peer.'),
  row(50, 'decode_error', 'tlsv1 alert decode error', 'error decoding message', NONE, 'RFC 8446',
    'The sender could not parse a message because a field was out of range or a length was wrong.'),
  // OpenSSL sends it when a certificate's signature does not verify with its issuer's key (a CA
  // re-created under the same name); a handshake signature made with the wrong private key gives
  // it too, but OpenSSL-based programs refuse to load a key that does not match the certificate.
  row(51, 'decrypt_error', 'tlsv1 alert decrypt error', 'error decrypting message', ['signature-invalid', 'signature-invalid'], 'RFC 8446',
    'A cryptographic check failed at the sender: a signature did not verify or the Finished message was wrong.'),
  row(52, 'too_many_cids_requested', null, null, NONE, 'RFC 9146',
    'The peer asked for more DTLS connection IDs than the sender is willing to provide (DTLS only).'),
  row(60, 'export_restriction', 'tlsv1 alert export restriction', 'export restriction', NONE, 'RFC 2246',
    'The negotiation broke the long-abolished US export limits on key sizes (TLS 1.0 only).', true),
  row(70, 'protocol_version', 'tlsv1 alert protocol version', 'protocol version not supported', ['protocol-mismatch', 'protocol-mismatch'], 'RFC 8446',
    'The sender supports none of the TLS versions the peer offered or chose.'),
  row(71, 'insufficient_security', 'tlsv1 alert insufficient security', 'insufficient security level', ['no-shared-cipher', 'no-shared-cipher'], 'RFC 8446',
    'The sender requires stronger cipher suites or groups than the peer offered.'),
  row(80, 'internal_error', 'tlsv1 alert internal error', 'internal error', NONE, 'RFC 8446',
    'The sender failed for a reason of its own that has nothing to do with the peer, such as running out of memory.'),
  row(86, 'inappropriate_fallback', 'tlsv1 alert inappropriate fallback', 'inappropriate fallback', NONE, 'RFC 8446',
    'The server saw a client retry with a lower TLS version than both support, a sign of a downgrade attack or a failing middlebox.'),
  // OpenSSL spells it 'cancelled'.
  row(90, 'user_canceled', 'tlsv1 alert user cancelled', 'user canceled', NONE, 'RFC 8446',
    'The sender\'s application cancels the handshake for a reason unrelated to the protocol.'),
  row(100, 'no_renegotiation', 'tlsv1 alert no renegotiation', 'no renegotiation', NONE, 'RFC 5246',
    'The sender refuses the peer\'s request to renegotiate the session (TLS 1.2 and earlier).', true),
  row(109, 'missing_extension', 'tlsv13 alert missing extension', 'missing extension', NONE, 'RFC 8446',
    'The peer left out an extension that the negotiated TLS version makes mandatory.'),
  row(110, 'unsupported_extension', 'tlsv1 unsupported extension', 'unsupported extension', NONE, 'RFC 8446',
    'The peer sent an extension that was not requested or is not allowed in that message.'),
  row(111, 'certificate_unobtainable', 'tlsv1 certificate unobtainable', 'certificate unobtainable', NONE, 'RFC 6066',
    'The server could not fetch the client\'s certificate from the URL the client supplied.', true),
  row(112, 'unrecognized_name', 'tlsv1 unrecognized name', 'unrecognized name', ['sni-unrecognized', null], 'RFC 8446',
    'The server has no certificate or virtual host for the name the client sent in SNI.'),
  // A client sends it for a stapled OCSP response it cannot accept: revocation data that is
  // missing, stale or invalid, as the 'revoked' cause describes.
  row(113, 'bad_certificate_status_response', 'tlsv1 bad certificate status response', 'bad certificate status response', [null, 'revoked'], 'RFC 8446',
    'The client received an invalid or unacceptable OCSP response stapled to the server certificate.'),
  row(114, 'bad_certificate_hash_value', 'tlsv1 bad certificate hash value', 'bad certificate hash value', NONE, 'RFC 6066',
    'A certificate fetched from a client-supplied URL did not match the hash the client gave.', true),
  row(115, 'unknown_psk_identity', 'tlsv1 alert unknown psk identity', 'unknown PSK identity', NONE, 'RFC 8446',
    'The server knows no pre-shared key for the identity the client offered.'),
  row(116, 'certificate_required', 'tlsv13 alert certificate required', 'certificate required', ['client-cert-required', null], 'RFC 8446',
    'The server requires a client certificate and the client sent none.'),
  row(117, 'general_error', null, null, NONE, 'RFC 9846',
    'The sender aborts for a reason it prefers not to name more precisely.'),
  // ALPN mismatch (e.g. h2 only against http/1.1 only): no cause id covers it.
  row(120, 'no_application_protocol', 'tlsv1 alert no application protocol', 'no application protocol', NONE, 'RFC 8446',
    'The server supports none of the application protocols the client offered in ALPN.'),
  row(121, 'ech_required', null, 'encrypted client hello required', NONE, 'RFC 9849',
    'The client requires Encrypted Client Hello and the server did not accept it.'),
]);

/** Lookup key: case, separators and RFC 8446's _RESERVED suffix ignored ('UnknownCA', 'unknown ca'). */
const nameKey = (s: string) => s.trim().toLowerCase().replace(/[ _-]?reserved$/, '').replace(/[^a-z0-9]/g, '');

const BY_NUMBER = new Map<number, Alert>(ALERTS.map((a) => [a.number, a]));
const BY_NAME = new Map<string, Alert>(ALERTS.map((a) => [nameKey(a.name), a]));
BY_NAME.set(nameKey('user_cancelled'), BY_NUMBER.get(90)!); // OpenSSL's and GnuTLS's spelling
const BY_NODE_CODE = new Map<string, Alert>(ALERTS.flatMap((a) => (a.nodeCode ? [[a.nodeCode, a] as const] : [])));

/** By the AlertDescription byte; undefined for a number the registry does not assign. */
export function alertByNumber(n: number): Alert | undefined {
  return BY_NUMBER.get(n);
}

/**
 * By name in any case and spelling: 'unknown_ca', 'UNKNOWN_CA', 'unknown ca', 'UnknownCA' (rustls),
 * 'no_renegotiation_RESERVED', 'user_cancelled'.
 */
export function alertByName(name: string): Alert | undefined {
  return BY_NAME.get(nameKey(name));
}

/** What alertInError and reasonInError read: a Node error, or any object with the same fields. */
export interface ErrorLike {
  code?: string;
  message?: string;
  /** Node sets it on OpenSSL errors, e.g. 'tlsv1 alert unknown ca'. */
  reason?: string;
}

/** An alert number outside the registry keeps its wire value, as Go's "tls: alert(N)" does. */
const unassigned = (n: number): Alert =>
  Object.freeze({
    number: n,
    name: `alert(${n})`,
    reserved: false,
    rfc: null,
    meaning: `The sender used alert ${n}, which the IANA registry does not assign.`,
    opensslText: null,
    nodeCode: null,
    goText: null,
    causeWhenServerSent: null,
    causeWhenClientSent: null,
  });

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Words separated by a space or '_', so that 'unknown ca' also finds UNKNOWN_CA. */
const words = (s: string) => s.split(' ').map(escape).join('[ _]');
const byLongest = <T>(pairs: [string, T][]) => pairs.sort((a, b) => b[0].length - a[0].length);

// OpenSSL's text ('tlsv1 alert unknown ca'), its symbol (Python's '[SSL: TLSV1_ALERT_UNKNOWN_CA]',
// Node's code) and BoringSSL's symbol, which differs in its prefix for some alerts
// ('TLSV1_ALERT_CERTIFICATE_REQUIRED', 'TLSV1_ALERT_UNRECOGNIZED_NAME'). Longest names first, so
// that 'bad certificate' does not claim 'bad certificate status response'.
const OPENSSL_PATTERNS: readonly (readonly [RegExp, Alert])[] = byLongest(
  ALERTS.filter((a) => a.number !== 0).map((a): [string, Alert] => [
    a.opensslText?.replace(/^(sslv3|tlsv1|tlsv13) (alert )?/, '') ?? a.name.replace(/_/g, ' '),
    a,
  ]),
).map(([name, a]) => [new RegExp(`(?<![a-z0-9])(?:sslv3|tlsv1|tlsv13)[ _](?:alert[ _])?${words(name)}(?![a-z0-9_])`, 'i'), a] as const);

// "remote error: tls: bad certificate" (received); "local error: tls: …" is one Go sent itself.
const GO_PATTERNS: readonly (readonly [RegExp, Alert])[] = byLongest(
  ALERTS.flatMap((a): [string, Alert][] => (a.goText ? [[a.goText, a]] : [])),
).map(([text, a]) => [new RegExp(`(?<!local error: )\\btls: ${escape(text)}(?![a-z0-9])`, 'i'), a] as const);

/** The alert number a message states outright, in any of the forms the stacks print. */
function statedAlertNumber(text: string): number | null {
  const explicit =
    /SSL alert number (\d{1,3})\b/.exec(text) ?? // OpenSSL, BoringSSL
    /\btls: alert\((\d{1,3})\)/.exec(text) ?? // Go, for an alert it has no text for
    /SSL routines:[^:\n]*:reason\((1\d{3})\)/.exec(text); // OpenSSL, for a reason it has no text for
  if (explicit) {
    const n = Number(explicit[1]);
    const alert = n >= ALERT_REASON_OFFSET ? n - ALERT_REASON_OFFSET : n;
    if (alert <= 255) return alert;
  }
  const packed = [...text.matchAll(/\berror:([0-9a-f]{8})\b/gi)].map((m) => parseInt(m[1]!, 16));
  packed.push(...[...text.matchAll(/(?<![0-9])(\d{9,10}):SSL routines/g)].map((m) => Number(m[1])));
  for (const p of packed) {
    const reason = sslReasonOf(p);
    if (reason !== null && reason >= ALERT_REASON_OFFSET && reason <= ALERT_REASON_OFFSET + 255) return reason - ALERT_REASON_OFFSET;
  }
  return null;
}

/**
 * The alert an error says this side RECEIVED, or null: by Node's code, by the alert number stated
 * ("SSL alert number 48", `error:0A000418`, BoringSSL's packed code, `reason(1117)`, Go's
 * "tls: alert(117)"), by OpenSSL's or BoringSSL's text or symbol, by Go's text ("remote error: tls:
 * bad certificate") or by Java's and rustls's "Received fatal alert: unknown_ca". A number outside
 * the registry gives an entry named alert(N) with no causes, so the wire value is never lost.
 */
export function alertInError(error: ErrorLike): Alert | null {
  const byCode = error.code ? BY_NODE_CODE.get(error.code) : undefined;
  if (byCode) return byCode;
  const text = [error.reason, error.message].filter((s): s is string => typeof s === 'string' && s !== '').join('\n');
  if (text === '') return null;
  const n = statedAlertNumber(text);
  if (n !== null) return BY_NUMBER.get(n) ?? unassigned(n);
  for (const [re, alert] of OPENSSL_PATTERNS) if (re.test(text)) return alert;
  for (const [re, alert] of GO_PATTERNS) if (re.test(text)) return alert;
  const named = /received fatal alert: ?([A-Za-z_]+)/i.exec(text);
  return (named && alertByName(named[1]!)) || null;
}

/** One `SSL routines` reason that OpenSSL reports for a failure on its own side. */
export interface OpenSslReason {
  /** OpenSSL's reason string, e.g. 'no shared cipher'. */
  reason: string;
  /**
   * The SSL_R_* number, the same in OpenSSL 1.1 and 3: the low bits of the packed code, e.g.
   * `error:0A0000C1` → 193.
   */
  number: number;
  /** Node's `error.code`: 'ERR_SSL_' + reason upper-cased, spaces as '_'. */
  nodeCode: string;
  /** The likeliest cause, or null where another code decides (the X509_V_ERR of a failed verify). */
  causeId: CauseId | null;
  /** One plain sentence: what went wrong on this side. */
  meaning: string;
  /** The first OpenSSL release that reports it, when later than 3.0. */
  since?: string;
}

const reason = (reasonText: string, number: number, causeId: CauseId | null, meaning: string, since?: string): OpenSslReason =>
  Object.freeze({ reason: reasonText, number, nodeCode: nodeCodeOf(reasonText), causeId, meaning, ...(since ? { since } : {}) });

/**
 * OpenSSL 3 `SSL routines` reasons of a LOCAL failure (received alerts are in ALERTS), with the
 * cause they usually mean. Earlier entries are more specific: reasonInError returns the first that
 * an error mentions. Numbers and texts checked with libssl 3.0.19 (`openssl errstr 0A0000NN`).
 */
export const OPENSSL_REASONS: readonly OpenSslReason[] = Object.freeze([
  // Measured on the server side: the client then receives alert 40 handshake_failure.
  reason('no shared cipher', 193, 'no-shared-cipher',
    'The server found no cipher suite that both its configuration and the client\'s offer allow.'),
  // A server reading the client's suites (tls_early_post_process_client_hello): one it cannot use,
  // e.g. an ECDHE suite with a group it was told not to use.
  reason('bad cipher', 186, 'no-shared-cipher',
    'The cipher suite or group offered cannot be used with this side\'s configuration.'),
  reason('no shared signature algorithms', 376, 'no-shared-cipher',
    'The two sides have no signature algorithm in common that fits the certificate key.'),
  reason('no suitable signature algorithm', 118, 'no-shared-cipher',
    'None of the signature algorithms the peer accepts can be used with this side\'s certificate key.'),
  reason('no suitable key share', 101, 'no-shared-cipher',
    'The TLS 1.3 server shares no key-exchange group with the client, e.g. X25519 only against P-384 only.'),
  reason('no shared groups', 410, 'no-shared-cipher',
    'The two sides have no key-exchange group (elliptic curve or finite-field group) in common.'),
  reason('no suitable groups', 295, 'no-shared-cipher',
    'None of the key-exchange groups configured on this side can be used with the TLS versions it enables.'),
  reason('no ciphers available', 181, 'no-shared-cipher',
    'This side has no cipher suite usable with the TLS versions it enables, so it has nothing to offer.'),
  // Measured on the server side: the client then receives alert 70 protocol_version.
  reason('unsupported protocol', 258, 'protocol-mismatch',
    'The peer offered or chose only TLS versions that this side has disabled.'),
  reason('no protocols available', 191, 'protocol-mismatch',
    'This side enables no TLS version at all, e.g. a minimum version above its maximum.'),
  reason('version too low', 396, 'protocol-mismatch',
    'The peer chose a TLS version below this side\'s minimum.'),
  reason('version too high', 166, 'protocol-mismatch',
    'The peer chose a TLS version above this side\'s maximum.'),
  // OpenSSL 3 requires RFC 5746 secure renegotiation of TLS 1.2 and older peers by default.
  reason('unsafe legacy renegotiation disabled', 338, 'protocol-mismatch',
    'The peer does not support secure renegotiation (RFC 5746), which OpenSSL 3 requires by default.'),
  // Measured: a TLS client against an HTTP or SSH server; an HTTP client against a TLS server.
  reason('wrong version number', 267, 'not-tls',
    'The bytes received do not start with a TLS record, so the peer speaks plain text (HTTP, SMTP, SSH) or something else than TLS.'),
  reason('http request', 156, 'not-tls',
    'The server received a plain HTTP request on its TLS port.'),
  // OpenSSL 1.0 and 1.1's SSLv23 method: a server whose first bytes from the client were not a
  // ClientHello (SSL23_GET_CLIENT_HELLO), or a client whose answer was not a ServerHello.
  reason('unknown protocol', 252, 'not-tls',
    'The bytes received are not TLS: the peer speaks plain text (HTTP, MQTT without TLS) or another protocol on this port.'),
  reason('https proxy request', 155, 'not-tls',
    'The server received an HTTP CONNECT request on its TLS port, from a client that takes it for an HTTPS proxy.'),
  reason('packet length too long', 198, 'not-tls',
    'A record header announced a length beyond the TLS maximum, which usually means that the peer does not speak TLS.'),
  // Measured server side: Node's tlsClientError and `openssl s_server` with -verify_return_error.
  reason('peer did not return a certificate', 199, 'client-cert-required',
    'The server requires a client certificate and the client sent none.'),
  reason('certificate verify failed', 134, null,
    'Verifying the peer\'s certificate chain failed; the X509_V_ERR code reported with it says why.'),
  // OpenSSL-based programs refuse to load a key that does not match the certificate, so a peer
  // whose handshake signature fails runs another stack or signs through an HSM or key store.
  reason('bad signature', 123, 'key-mismatch',
    'The peer\'s handshake signature does not verify with the key of the certificate it sent, so it signed with another private key.'),
  // Measured: `openssl s_client` and Python against a server that closes after the ClientHello;
  // Node reports ECONNRESET instead.
  reason('unexpected eof while reading', 294, 'connection-reset',
    'The peer closed the connection without a close_notify alert, during the handshake without any alert at all.'),
  // Reports (openssl/openssl#18264, check_ssl_cert#436): a server that signs its key exchange with
  // SHA-1 meets a client at security level 2 (Ubuntu 20.04 and later); SECLEVEL=1 lets it through.
  reason('wrong signature type', 370, 'weak-crypto',
    'The peer signed the handshake with a signature algorithm this side did not offer, most often SHA-1, which security level 2 and above forbid.'),
  reason('legacy sigalg disallowed or unsupported', 333, 'weak-crypto',
    'The peer offers only the legacy SHA-1 signature algorithms of TLS 1.1 and older, which this side\'s security level forbids.'),
  reason('dh key too small', 394, 'weak-crypto',
    'The finite-field Diffie-Hellman parameters are smaller than the security level allows.'),
  // Measured: Node's createSecureContext with an RSA 1024 certificate at @SECLEVEL=2.
  reason('ee key too small', 399, 'weak-crypto',
    'A certificate key is smaller than the security level allows, e.g. RSA 1024 at level 2.'),
  reason('ca key too small', 397, 'weak-crypto',
    'A CA certificate in the chain has a key smaller than the security level allows.'),
  reason('ca md too weak', 398, 'weak-crypto',
    'A CA certificate in the chain is signed with a digest too weak for the security level, such as SHA-1 or MD5.'),
  // A wrapper that OpenSSL 3.2 and later queue after the record-layer error that caused it, most
  // often 'packet length too long' or 'wrong version number' from a peer that is not speaking TLS;
  // last, so that the error it wraps wins.
  reason('record layer failure', 313, 'not-tls',
    'The record layer failed, most often because the peer is not speaking TLS; the error reported before it names the reason.', '3.2'),
]);

const REASON_BY_NUMBER = new Map<number, OpenSslReason>(OPENSSL_REASONS.map((r) => [r.number, r]));

// The text only right after "SSL routines:<function>:", where OpenSSL prints it (plain phrases
// like 'http request' occur in ordinary prose); the symbol (Python's '[SSL: NO_SHARED_CIPHER]',
// BoringSSL's 'OPENSSL_internal:NO_SHARED_CIPHER') anywhere, upper case only.
const REASON_PATTERNS: readonly (readonly [RegExp, RegExp, OpenSslReason])[] = OPENSSL_REASONS.map((r) => [
  new RegExp(`SSL routines:[^:\\n]*:${escape(r.reason)}(?![a-z0-9])`, 'i'),
  new RegExp(`(?<![A-Za-z0-9])${r.reason.toUpperCase().replace(/ /g, '_')}(?![A-Za-z0-9_])`),
  r,
] as const);

/**
 * The local OpenSSL failure an error reports, or null: by Node's code or reason, by the packed
 * OpenSSL 3 or 1.1 code (`error:0A0000C1`), by the text after "SSL routines:" or by the upper-case
 * symbol. When an error names several, the most specific (the earliest in OPENSSL_REASONS) wins.
 */
export function reasonInError(error: ErrorLike): OpenSslReason | null {
  const text = [error.reason, error.message].filter((s): s is string => typeof s === 'string' && s !== '').join('\n');
  const found = new Set<OpenSslReason>();
  for (const r of OPENSSL_REASONS) if (error.code === r.nodeCode || error.reason?.toLowerCase() === r.reason) found.add(r);
  for (const m of text.matchAll(/\berror:([0-9a-f]{8})\b/gi)) {
    const packed = parseInt(m[1]!, 16);
    // BoringSSL numbers its own reasons differently, so only OpenSSL's layouts count here.
    const n = packed >>> 24 === 16 ? null : sslReasonOf(packed);
    const r = n === null ? undefined : REASON_BY_NUMBER.get(n);
    if (r) found.add(r);
  }
  for (const [textRe, symbolRe, r] of REASON_PATTERNS) if (textRe.test(text) || symbolRe.test(text)) found.add(r);
  return OPENSSL_REASONS.find((r) => found.has(r)) ?? null;
}
