import type { CauseId } from './causes.js';
import type { Party } from './cause-fixes.js';

/**
 * What each TLS stack prints when a handshake fails, as data: one pattern per phrasing, with the
 * causes it points to (most likely first, with a confidence), which side prints it and whose
 * certificate it judged, when the phrasing says so, and where the phrasing comes from.
 *
 * What is NOT here because it is decoded generically for every stack (src/diagnose/explain.ts):
 * alerts (tls-alerts.ts: OpenSSL, BoringSSL, Go, Java, rustls, Node codes), X509_V_ERR numbers,
 * symbols and texts (x509-errors.ts), packed OpenSSL/BoringSSL codes (packed-errors.ts) and
 * OpenSSL's reasons (tls-alerts.ts OPENSSL_REASONS and LOCAL_REASONS below).
 *
 * Named groups a pattern may capture, which the engine decodes: `host` (the name dialled),
 * `names` (the names the certificate holds), `x509num` / `x509text` (an X509_V_ERR number or
 * text), `alert` (an alert name), `curl` (a curl exit code), `flags` (.NET policy or chain flags),
 * `detail` (rustls's error variant, or anything worth showing).
 *
 * Sources, by stack (a pattern names its own when more precise):
 * - go: golang/go src/crypto/x509/verify.go and src/crypto/tls/*.go (Go 1.19.8 on this machine,
 *   Debian's golang-go), plus "tls: failed to verify certificate:" of Go 1.20+.
 * - java: OpenJDK 17 (17.0.15 here), messages reproduced with a single-file client and server.
 * - python: CPython Modules/_ssl.c, reproduced with Python 3.11 here.
 * - curl: curl 7.88.1 here and https://curl.se/libcurl/c/libcurl-errors.html.
 * - nginx: nginx 1.22.1 here (Debian's nginx-light) and src/event/ngx_event_openssl.c,
 *   src/http/ngx_http_request.c.
 * - envoy: github.com/envoyproxy/envoy issues (cited per pattern).
 * - rustls: rustls src/error.rs, the Display of Error ("invalid peer certificate: {err}", "received
 *   fatal alert: {alert:?}", "peer sent no certificates"); as printed in astral-sh/uv#1819 and
 *   tealdeer-rs/tealdeer#330 ("invalid peer certificate contents: invalid peer certificate: …").
 * - dotnet: learn.microsoft.com SslPolicyErrors and X509ChainStatusFlags; the texts as printed in
 *   win-acme/win-acme#2450, abpframework/abp#22046, dotnet/wcf#5161.
 * - postgres: postgres src/interfaces/libpq/fe-secure-openssl.c, src/backend/libpq/auth.c;
 *   psycopg/psycopg2#1543.
 * - windows: the Win32 texts of SEC_E_* / CERT_E_* / TRUST_E_* (learn.microsoft.com "COM Error
 *   Codes (Security and Setup)"), as SqlClient, PowerShell and Schannel's event log print them.
 * - browser: Mozilla NSS / mozilla::pkix error names (SEC_ERROR_*, SSL_ERROR_*,
 *   MOZILLA_PKIX_ERROR_*; nss lib/util/secerr.h, lib/ssl/sslerr.h) and Chromium's
 *   net/base/net_error_list.h (ERR_CERT_*, ERR_SSL_*), which users paste from the error page.
 * - qt: qtbase src/network/ssl/qsslerror.cpp (QSslError::errorString), each text standing for the
 *   X509_V_ERR number Qt's OpenSSL backend maps to it.
 *
 * Pure data: nothing here prints, parses argv or touches the process.
 */

export type Stack =
  | 'openssl' | 'boringssl' | 'node' | 'go' | 'java' | 'python' | 'curl' | 'nginx' | 'envoy'
  | 'rustls' | 'dotnet' | 'windows' | 'browser' | 'apple' | 'erlang' | 'qt' | 'ruby' | 'grpc' | 'postgres' | 'mysql' | 'kafka';

export type MessageKind =
  /** A certificate verification verdict (trust, dates, chain, usage). */
  | 'verification'
  /** The certificate does not hold the name dialled. */
  | 'hostname'
  /** An alert, received or sent. */
  | 'alert'
  /** About the client certificate: missing or refused. */
  | 'client-certificate'
  /** No common version, cipher suite, group or signature algorithm. */
  | 'negotiation'
  /** A certificate, key or CA file that could not be loaded or does not fit. */
  | 'credentials'
  /** The peer closed the connection without an alert. */
  | 'reset'
  /** One side does not speak TLS. */
  | 'not-tls'
  /** A packed OpenSSL or BoringSSL error code. */
  | 'error-code'
  /** A program's exit code (curl). */
  | 'exit-code'
  /** A wrapper that says a handshake failed, and why only elsewhere. */
  | 'wrapper';

export type WeightedCauses = readonly (readonly [CauseId, number])[];

export interface MessagePattern {
  id: string;
  stack: Stack;
  kind: MessageKind;
  /** A lower-case piece of every match: the pattern runs only on lines holding it. */
  needle: string;
  re: RegExp;
  /** Most likely first; empty when what the pattern captures (an X509 code, an alert) decides. */
  causes: WeightedCauses;
  /** Names no reason of its own: its causes count only when nothing more specific is on the line. */
  generic?: boolean;
  /** The X509_V_ERR number the phrasing stands for (Qt's QSslError texts): read as that error. */
  x509?: number;
  /** The side that prints it, when the phrasing says so. */
  logged?: Party;
  /** Whose certificate was judged, when the phrasing says so. */
  judged?: Party;
  /** One plain sentence. */
  meaning: string;
  /** Where the phrasing comes from. */
  source: string;
}

const GO_X509 = 'golang/go src/crypto/x509/verify.go';
const GO_TLS = 'golang/go src/crypto/tls';
const JDK = 'OpenJDK 17 sun.security.ssl / sun.security.validator (reproduced here)';
const PY = 'cpython Modules/_ssl.c (reproduced here with Python 3.11)';
const CURL = 'curl 7.88.1 (reproduced here); https://curl.se/libcurl/c/libcurl-errors.html';
const NGINX = 'nginx src/event/ngx_event_openssl.c, src/http/ngx_http_request.c (nginx 1.22 here)';
const NODE = 'nodejs/node lib/_tls_wrap.js, lib/tls.js; https://nodejs.org/api/errors.html (reproduced here with Node 20)';
const RUSTLS = 'rustls src/error.rs (Display of Error and CertificateError); astral-sh/uv#1819';
const DOTNET = 'https://learn.microsoft.com/dotnet/api/system.net.security.sslpolicyerrors; win-acme/win-acme#2450, dotnet/wcf#5161';
const PG = 'postgres src/interfaces/libpq/fe-secure-openssl.c, src/backend/libpq/be-secure-openssl.c and auth.c';
const WIN = 'https://learn.microsoft.com/windows/win32/com/com-error-codes-4 (SEC_E_*, CERT_E_*, TRUST_E_*)';
const WININET = 'https://learn.microsoft.com/windows/win32/wininet/wininet-errors (ERROR_INTERNET_*)';
const NSS = 'nss lib/util/secerr.h, lib/ssl/sslerr.h, security/nss/lib/mozpkix (mozilla::pkix)';
const CHROMIUM = 'chromium net/base/net_error_list.h';
const GNUTLS = 'gnutls lib/errors.c and lib/x509/verify.c (gnutls_certificate_verification_status_print); curl lib/vtls/gtls.c';
const APPLE = 'Apple Security framework SecureTransport.h (errSSL* OSStatus codes); developer.apple.com/documentation/foundation/urlerror (NSURLError* codes)';
const APPLE_CSSM = 'Apple Security framework cssmerr.h (CSSMERR_TP_*, CSSMERR_APPLETP_*), as MongoDB\'s shell prints them (mongodb-js/vscode#107)';
const QT = 'qtbase src/network/ssl/qsslerror.cpp (QSslError::errorString)';
const BC = 'bcgit/bc-java tls/src/main/java/org/bouncycastle/tls (TlsFatalAlertReceived, AlertDescription.getText)';

type Extra = Pick<MessagePattern, 'generic' | 'logged' | 'judged' | 'x509'>;

/** The kind of message that names these causes, from the likeliest. */
export function kindOfCauses(causes: WeightedCauses): MessageKind {
  const id = causes[0]?.[0];
  switch (id) {
    case 'key-mismatch':
    case 'key-load-failed':
      return 'credentials';
    case 'no-shared-cipher':
    case 'protocol-mismatch':
      return 'negotiation';
    case 'not-tls':
      return 'not-tls';
    case 'connection-reset':
      return 'reset';
    case 'client-cert-required':
    case 'client-cert-rejected':
      return 'client-certificate';
    case 'hostname-mismatch':
    case 'cn-only-no-san':
      return 'hostname';
    default:
      return 'verification';
  }
}
const p = (
  id: string, stack: Stack, kind: MessageKind, needle: string, re: RegExp, causes: WeightedCauses,
  meaning: string, source: string, extra: Extra = {},
): MessagePattern => Object.freeze({ id, stack, kind, needle, re, causes, meaning, source, ...extra });

// Go and Java cannot tell a missing intermediate or a self-signed certificate from an unknown CA:
// all three read "unknown authority" / "unable to find valid certification path".
const UNKNOWN_ISSUER: WeightedCauses = [['untrusted-ca', 0.85], ['incomplete-chain', 0.4], ['self-signed', 0.35]];
const SQL_SERVER = 'https://learn.microsoft.com/sql/database-engine/configure-windows/configure-sql-server-encryption (a self-signed certificate when none is provisioned); dotnet/SqlClient#1394, microsoft/mssql-jdbc#1775';
const SQL_SERVER_UNTRUSTED: WeightedCauses = [['self-signed', 0.92], ['untrusted-ca', 0.8]];
/** "certificate verify failed" with no reason attached: the usual reasons, commonest first. */
export const VERIFY_FAILED: WeightedCauses = [['untrusted-ca', 0.45], ['incomplete-chain', 0.3], ['self-signed', 0.25], ['expired', 0.2], ['hostname-mismatch', 0.15]];

/**
 * Error names users paste as they are, with the cause each names: the codes browsers show on their
 * error pages (Firefox's NSS and mozilla::pkix codes, Chromium's net errors) and Windows' SEC_E_* /
 * CERT_E_* names. Codes that name no cause of ours (ERR_SSL_PROTOCOL_ERROR,
 * SSL_ERROR_RX_MALFORMED_*, SEC_E_ILLEGAL_MESSAGE) are left out.
 */
const ERROR_NAMES: readonly (readonly [code: string, stack: Stack, source: string, causes: WeightedCauses, meaning: string])[] = [
  ['SEC_ERROR_UNKNOWN_ISSUER', 'browser', NSS, [['untrusted-ca', 0.8], ['incomplete-chain', 0.45], ['self-signed', 0.35]], 'Firefox could not chain the certificate to a trusted root (an unknown CA, or an intermediate the server did not send).'],
  ['SEC_ERROR_UNTRUSTED_ISSUER', 'browser', NSS, [['untrusted-ca', 0.85]], 'The issuer is marked as not trusted.'],
  ['SEC_ERROR_UNTRUSTED_CERT', 'browser', NSS, [['untrusted-ca', 0.8]], 'The certificate is marked as not trusted.'],
  ['MOZILLA_PKIX_ERROR_SELF_SIGNED_CERT', 'browser', NSS, [['self-signed', 0.95]], 'The server certificate is self-signed.'],
  ['SEC_ERROR_EXPIRED_CERTIFICATE', 'browser', NSS, [['expired', 0.95]], 'The server certificate has expired (or this machine\'s clock is wrong).'],
  ['SEC_ERROR_EXPIRED_ISSUER_CERTIFICATE', 'browser', NSS, [['expired', 0.95]], 'A CA certificate of the chain has expired.'],
  ['MOZILLA_PKIX_ERROR_NOT_YET_VALID_CERTIFICATE', 'browser', NSS, [['not-yet-valid', 0.95]], 'The server certificate is not valid yet (or this machine\'s clock is behind).'],
  ['MOZILLA_PKIX_ERROR_NOT_YET_VALID_ISSUER_CERTIFICATE', 'browser', NSS, [['not-yet-valid', 0.95]], 'A CA certificate of the chain is not valid yet.'],
  ['SSL_ERROR_BAD_CERT_DOMAIN', 'browser', NSS, [['hostname-mismatch', 0.95]], 'The certificate does not hold the site\'s name.'],
  ['SEC_ERROR_INADEQUATE_KEY_USAGE', 'browser', NSS, [['wrong-key-usage', 0.95]], 'The certificate\'s key usage does not allow TLS server use.'],
  ['SEC_ERROR_INADEQUATE_CERT_TYPE', 'browser', NSS, [['wrong-key-usage', 0.9]], 'The certificate\'s extended key usage does not allow this use.'],
  ['SEC_ERROR_REVOKED_CERTIFICATE', 'browser', NSS, [['revoked', 0.95]], 'The certificate was revoked.'],
  ['SEC_ERROR_CA_CERT_INVALID', 'browser', NSS, [['invalid-ca-cert', 0.9]], 'An issuer of the chain is not a valid CA.'],
  ['MOZILLA_PKIX_ERROR_CA_CERT_USED_AS_END_ENTITY', 'browser', NSS, [['invalid-ca-cert', 0.85]], 'The server presents a CA certificate as its own.'],
  ['SEC_ERROR_BAD_SIGNATURE', 'browser', NSS, [['signature-invalid', 0.9]], 'A certificate\'s signature does not verify.'],
  ['SEC_ERROR_CERT_SIGNATURE_ALGORITHM_DISABLED', 'browser', NSS, [['weak-crypto', 0.9]], 'A certificate is signed with a disabled algorithm (SHA-1, MD5).'],
  ['MOZILLA_PKIX_ERROR_INADEQUATE_KEY_SIZE', 'browser', NSS, [['weak-crypto', 0.9]], 'A key of the chain is too small.'],
  ['SSL_ERROR_WEAK_SERVER_EPHEMERAL_DH_KEY', 'browser', NSS, [['weak-crypto', 0.9]], 'The server\'s Diffie-Hellman key is too small.'],
  ['SSL_ERROR_RX_RECORD_TOO_LONG', 'browser', NSS, [['not-tls', 0.85]], 'The server\'s answer is not a TLS record: the port speaks plain HTTP (or another protocol).'],
  ['SSL_ERROR_NO_CYPHER_OVERLAP', 'browser', NSS, [['no-shared-cipher', 0.8], ['protocol-mismatch', 0.4]], 'Browser and server share no cipher suite (or TLS version).'],
  ['SSL_ERROR_UNSUPPORTED_VERSION', 'browser', NSS, [['protocol-mismatch', 0.9]], 'The server only speaks a TLS version the browser refuses.'],
  ['SSL_ERROR_PROTOCOL_VERSION_ALERT', 'browser', NSS, [['protocol-mismatch', 0.9]], 'The server refused the TLS version the browser offered.'],
  ['SSL_ERROR_HANDSHAKE_FAILURE_ALERT', 'browser', NSS, [['no-shared-cipher', 0.5], ['client-cert-required', 0.45], ['sni-unrecognized', 0.2]], 'The server ended the handshake with handshake_failure.'],
  ['SSL_ERROR_BAD_CERT_ALERT', 'browser', NSS, [['client-cert-rejected', 0.8]], 'The server refused the browser\'s client certificate (bad_certificate).'],
  ['SSL_ERROR_UNKNOWN_CA_ALERT', 'browser', NSS, [['untrusted-ca', 0.85]], 'The server does not trust the issuer of the browser\'s client certificate.'],
  ['SSL_ERROR_EXPIRED_CERT_ALERT', 'browser', NSS, [['expired', 0.9]], 'The server found the browser\'s client certificate expired.'],
  ['SSL_ERROR_CERTIFICATE_UNKNOWN_ALERT', 'browser', NSS, [['client-cert-rejected', 0.8]], 'The server refused the browser\'s client certificate (certificate_unknown).'],
  ['SSL_ERROR_ACCESS_DENIED_ALERT', 'browser', NSS, [['client-cert-rejected', 0.8]], 'The server refused access to this client certificate.'],
  ['SSL_ERROR_RX_CERTIFICATE_REQUIRED_ALERT', 'browser', NSS, [['client-cert-required', 0.95]], 'The server requires a client certificate and the browser sent none.'],
  ['SSL_ERROR_UNRECOGNIZED_NAME_ALERT', 'browser', NSS, [['sni-unrecognized', 0.9]], 'The server does not serve the name the browser asked for (SNI).'],
  ['ERR_CERT_AUTHORITY_INVALID', 'browser', CHROMIUM, [['untrusted-ca', 0.8], ['self-signed', 0.4], ['incomplete-chain', 0.35]], 'Chrome could not chain the certificate to a trusted root.'],
  // Reports split 3 to 0 for a certificate with the name in its CN only (self-made localhost
  // certificates; dotjs#137, karoshi-server#15, caman#16): Chrome 58 stopped reading the CN.
  ['ERR_CERT_COMMON_NAME_INVALID', 'browser', CHROMIUM, [['cn-only-no-san', 0.7], ['hostname-mismatch', 0.65]], 'The certificate does not hold the site\'s name among its subject alternative names (Chrome ignores the common name since version 58).'],
  ['ERR_CERT_DATE_INVALID', 'browser', CHROMIUM, [['expired', 0.85], ['not-yet-valid', 0.35]], 'The certificate is expired or not valid yet (or the clock is wrong).'],
  ['ERR_CERT_REVOKED', 'browser', CHROMIUM, [['revoked', 0.95]], 'The certificate was revoked.'],
  ['ERR_CERT_WEAK_SIGNATURE_ALGORITHM', 'browser', CHROMIUM, [['weak-crypto', 0.95]], 'The certificate is signed with SHA-1 or MD5.'],
  ['ERR_CERT_WEAK_KEY', 'browser', CHROMIUM, [['weak-crypto', 0.95]], 'A key of the chain is too small.'],
  ['ERR_CERT_NAME_CONSTRAINT_VIOLATION', 'browser', CHROMIUM, [['invalid-ca-cert', 0.85]], 'A CA\'s name constraints exclude the certificate\'s names.'],
  ['ERR_SSL_KEY_USAGE_INCOMPATIBLE', 'browser', CHROMIUM, [['wrong-key-usage', 0.95]], 'The certificate\'s key usage does not allow its use in this handshake.'],
  ['ERR_SSL_VERSION_OR_CIPHER_MISMATCH', 'browser', CHROMIUM, [['protocol-mismatch', 0.6], ['no-shared-cipher', 0.55]], 'Browser and server share no TLS version or cipher suite (or the server has no certificate for the name).'],
  ['ERR_SSL_OBSOLETE_VERSION', 'browser', CHROMIUM, [['protocol-mismatch', 0.9]], 'The server only speaks TLS 1.0 or 1.1.'],
  ['ERR_SSL_OBSOLETE_CIPHER', 'browser', CHROMIUM, [['no-shared-cipher', 0.9]], 'The server only offers a cipher suite Chrome has removed (RC4, DHE, 3DES).'],
  ['ERR_SSL_WEAK_SERVER_EPHEMERAL_DH_KEY', 'browser', CHROMIUM, [['weak-crypto', 0.9]], 'The server\'s Diffie-Hellman key is too small.'],
  ['ERR_SSL_CLIENT_AUTH_CERT_NEEDED', 'browser', CHROMIUM, [['client-cert-required', 0.95]], 'The server requires a client certificate.'],
  ['ERR_BAD_SSL_CLIENT_AUTH_CERT', 'browser', CHROMIUM, [['client-cert-rejected', 0.85]], 'The server refused the client certificate.'],
  ['ERR_SSL_UNRECOGNIZED_NAME_ALERT', 'browser', CHROMIUM, [['sni-unrecognized', 0.9]], 'The server does not serve the name the browser asked for (SNI).'],
  ['SEC_E_UNTRUSTED_ROOT', 'windows', WIN, [['untrusted-ca', 0.85], ['self-signed', 0.4]], 'Windows does not trust the root of the peer\'s chain.'],
  ['CERT_E_UNTRUSTEDROOT', 'windows', WIN, [['untrusted-ca', 0.85], ['self-signed', 0.4]], 'The chain ends at a root Windows does not trust.'],
  ['CERT_E_CHAINING', 'windows', WIN, [['untrusted-ca', 0.7], ['incomplete-chain', 0.5]], 'No chain to a trusted root could be built.'],
  ['SEC_E_CERT_EXPIRED', 'windows', WIN, [['expired', 0.95]], 'The peer\'s certificate has expired.'],
  ['CERT_E_EXPIRED', 'windows', WIN, [['expired', 0.85], ['not-yet-valid', 0.35]], 'A certificate is outside its validity period.'],
  ['SEC_E_WRONG_PRINCIPAL', 'windows', WIN, [['hostname-mismatch', 0.85]], 'The certificate does not hold the name connected to.'],
  ['CERT_E_CN_NO_MATCH', 'windows', WIN, [['hostname-mismatch', 0.9]], 'The certificate\'s name does not match the host.'],
  ['CERT_E_WRONG_USAGE', 'windows', WIN, [['wrong-key-usage', 0.9]], 'The certificate is not valid for the requested usage.'],
  ['CRYPT_E_REVOKED', 'windows', WIN, [['revoked', 0.95]], 'A certificate of the chain is revoked.'],
  ['ERROR_INTERNET_INVALID_CA', 'windows', WININET, [['untrusted-ca', 0.85], ['self-signed', 0.4]], 'WinINet: the certificate\'s issuer is not trusted.'],
  ['ERROR_INTERNET_SEC_CERT_DATE_INVALID', 'windows', WININET, [['expired', 0.85], ['not-yet-valid', 0.35]], 'WinINet: the certificate is outside its validity period.'],
  ['ERROR_INTERNET_SEC_CERT_CN_INVALID', 'windows', WININET, [['hostname-mismatch', 0.95]], 'WinINet: the certificate does not hold the host name.'],
  ['ERROR_INTERNET_SEC_CERT_REVOKED', 'windows', WININET, [['revoked', 0.95]], 'WinINet: the certificate was revoked.'],
  ['SEC_E_ALGORITHM_MISMATCH', 'windows', WIN, [['protocol-mismatch', 0.6], ['no-shared-cipher', 0.55]], 'Client and server share no TLS version or cipher suite.'],
  ['CRYPT_E_NO_REVOCATION_CHECK', 'windows', WIN, [['revoked', 0.85]], 'Windows could not check whether the certificate is revoked (its CRL or OCSP responder is unreachable, often behind a proxy).'],
  ['CRYPT_E_REVOCATION_OFFLINE', 'windows', WIN, [['revoked', 0.85]], 'The revocation server of the chain was offline.'],
  ['CERT_E_REVOKED', 'windows', WIN, [['revoked', 0.95]], 'A certificate of the chain was revoked.'],
  ['SEC_E_CERT_UNKNOWN', 'windows', WIN, [['untrusted-ca', 0.45], ['incomplete-chain', 0.3], ['self-signed', 0.25]], 'Schannel could not process the peer\'s certificate.'],
  ['SEC_E_UNSUPPORTED_FUNCTION', 'windows', WIN, [['protocol-mismatch', 0.6], ['no-shared-cipher', 0.4]], 'Schannel was asked for something it does not support here, most often a TLS version that is disabled on this side or the peer.'],
  ['SEC_E_INVALID_TOKEN', 'windows', WIN, [['protocol-mismatch', 0.45], ['no-shared-cipher', 0.4], ['not-tls', 0.35]], 'Schannel could not read the peer\'s handshake message: most often no common TLS version or cipher suite, or a peer that does not speak TLS.'],
  ['CSSMERR_TP_NOT_TRUSTED', 'apple', APPLE_CSSM, [['untrusted-ca', 0.85], ['self-signed', 0.4]], 'macOS does not trust the root of the peer\'s chain.'],
  ['CSSMERR_TP_INVALID_ANCHOR_CERT', 'apple', APPLE_CSSM, [['untrusted-ca', 0.7], ['self-signed', 0.6]], 'The chain ends at a root macOS does not accept as an anchor.'],
  ['CSSMERR_TP_CERT_EXPIRED', 'apple', APPLE_CSSM, [['expired', 0.95]], 'A certificate of the chain has expired.'],
  ['CSSMERR_TP_CERT_NOT_VALID_YET', 'apple', APPLE_CSSM, [['not-yet-valid', 0.95]], 'A certificate of the chain is not valid yet.'],
  ['CSSMERR_TP_CERT_REVOKED', 'apple', APPLE_CSSM, [['revoked', 0.95]], 'A certificate of the chain was revoked.'],
  ['CSSMERR_APPLETP_HOSTNAME_MISMATCH', 'apple', APPLE_CSSM, [['hostname-mismatch', 0.95]], 'The certificate does not hold the host name.'],
];

/** The HRESULTs Windows prints for the codes above ("Unknown error (0x80092012)"), as winerror.h defines them. */
const WINDOWS_HRESULTS: readonly (readonly [hex: string, code: string])[] = [
  ['0x80090302', 'SEC_E_UNSUPPORTED_FUNCTION'], ['0x80090308', 'SEC_E_INVALID_TOKEN'], ['0x80090322', 'SEC_E_WRONG_PRINCIPAL'],
  ['0x80090325', 'SEC_E_UNTRUSTED_ROOT'], ['0x80090327', 'SEC_E_CERT_UNKNOWN'], ['0x80090328', 'SEC_E_CERT_EXPIRED'],
  ['0x80090331', 'SEC_E_ALGORITHM_MISMATCH'], ['0x80092010', 'CRYPT_E_REVOKED'], ['0x80092012', 'CRYPT_E_NO_REVOCATION_CHECK'],
  ['0x80092013', 'CRYPT_E_REVOCATION_OFFLINE'], ['0x800B0101', 'CERT_E_EXPIRED'], ['0x800B0109', 'CERT_E_UNTRUSTEDROOT'],
  ['0x800B010A', 'CERT_E_CHAINING'], ['0x800B010C', 'CERT_E_REVOKED'], ['0x800B010F', 'CERT_E_CN_NO_MATCH'], ['0x800B0110', 'CERT_E_WRONG_USAGE'],
];

/**
 * Apple's codes for a failed TLS connection, as iOS and macOS apps print them: URLSession's
 * NSURLErrorDomain codes (`Error Domain=NSURLErrorDomain Code=-1202 "The certificate for this
 * server is invalid…"`) and Secure Transport's OSStatus codes, often in the same message
 * (`_kCFStreamErrorCodeKey=-9813`). Codes that name no cause of ours (-1200, -9800 errSSLProtocol)
 * are left out; the errSSLPeer* codes are alerts the peer sent (APPLE_PEER_ALERTS).
 */
export const APPLE_CODES: Readonly<Record<number, { name: string; causes: WeightedCauses; meaning: string }>> = {
  [-1201]: { name: 'ServerCertificateHasBadDate', causes: [['expired', 0.85], ['not-yet-valid', 0.35]], meaning: 'The server certificate is expired or not valid yet.' },
  [-1202]: { name: 'ServerCertificateUntrusted', causes: [['untrusted-ca', 0.8], ['self-signed', 0.45], ['incomplete-chain', 0.35]], meaning: 'The server certificate does not chain to a root this device trusts.' },
  [-1203]: { name: 'ServerCertificateHasUnknownRoot', causes: [['untrusted-ca', 0.8], ['self-signed', 0.45]], meaning: 'The server certificate was not signed by any root this device knows.' },
  [-1204]: { name: 'ServerCertificateNotYetValid', causes: [['not-yet-valid', 0.95]], meaning: 'The server certificate is not valid yet.' },
  [-1205]: { name: 'ClientCertificateRejected', causes: [['client-cert-rejected', 0.85]], meaning: 'The server refused the client certificate.' },
  [-1206]: { name: 'ClientCertificateRequired', causes: [['client-cert-required', 0.95]], meaning: 'The server requires a client certificate.' },
  [-9801]: { name: 'Negotiation', causes: [['no-shared-cipher', 0.6], ['protocol-mismatch', 0.5]], meaning: 'Secure Transport: cipher suite negotiation failed.' },
  [-9806]: { name: 'ClosedAbort', causes: [['connection-reset', 0.5]], meaning: 'Secure Transport: the connection was closed with an error.' },
  [-9807]: { name: 'XCertChainInvalid', causes: [['untrusted-ca', 0.7], ['incomplete-chain', 0.5], ['self-signed', 0.4]], meaning: 'Secure Transport: the certificate chain is not valid.' },
  [-9812]: { name: 'UnknownRootCert', causes: [['untrusted-ca', 0.85], ['self-signed', 0.4]], meaning: 'Secure Transport: the chain is valid but its root is not trusted.' },
  [-9813]: { name: 'NoRootCert', causes: [['untrusted-ca', 0.75], ['self-signed', 0.6], ['incomplete-chain', 0.4]], meaning: 'Secure Transport: the chain could not be verified up to a root.' },
  [-9814]: { name: 'CertExpired', causes: [['expired', 0.95]], meaning: 'Secure Transport: the chain holds an expired certificate.' },
  [-9815]: { name: 'CertNotYetValid', causes: [['not-yet-valid', 0.95]], meaning: 'Secure Transport: the chain holds a certificate not valid yet.' },
  [-9816]: { name: 'ClosedNoNotify', causes: [['connection-reset', 0.5]], meaning: 'Secure Transport: the server closed the connection without notice.' },
  [-9843]: { name: 'HostNameMismatch', causes: [['hostname-mismatch', 0.95]], meaning: 'Secure Transport: the certificate does not hold the host name.' },
  [-9844]: { name: 'ConnectionRefused', causes: [['connection-reset', 0.6]], meaning: 'Secure Transport: the peer dropped the connection before responding.' },
};
/** Secure Transport's errSSLPeer* codes (-9819 to -9840): the alert the peer sent, by number, and the code's name. */
export const APPLE_PEER_ALERTS: Readonly<Record<number, readonly [alert: number, name: string]>> = {
  [-9819]: [10, 'PeerUnexpectedMsg'], [-9820]: [20, 'PeerBadRecordMac'], [-9821]: [21, 'PeerDecryptionFail'], [-9822]: [22, 'PeerRecordOverflow'],
  [-9823]: [30, 'PeerDecompressFail'], [-9824]: [40, 'PeerHandshakeFail'], [-9825]: [42, 'PeerBadCert'], [-9826]: [43, 'PeerUnsupportedCert'],
  [-9827]: [44, 'PeerCertRevoked'], [-9828]: [45, 'PeerCertExpired'], [-9829]: [46, 'PeerCertUnknown'], [-9830]: [47, 'IllegalParam'],
  [-9831]: [48, 'PeerUnknownCA'], [-9832]: [49, 'PeerAccessDenied'], [-9833]: [50, 'PeerDecodeError'], [-9834]: [51, 'PeerDecryptError'],
  [-9835]: [60, 'PeerExportRestriction'], [-9836]: [70, 'PeerProtocolVersion'], [-9837]: [71, 'PeerInsufficientSecurity'],
  [-9838]: [80, 'PeerInternalError'], [-9839]: [90, 'PeerUserCancelled'], [-9840]: [100, 'PeerNoRenegotiation'],
};
/** Apple's code names without their prefix (errSSL…, NSURLError…, kCFURLError…, Swift's URLError.…), lower-cased → number. */
export const APPLE_CODE_NAMES: ReadonlyMap<string, number> = new Map([
  ...Object.entries(APPLE_CODES).map(([n, c]) => [c.name.toLowerCase(), Number(n)] as const),
  ...Object.entries(APPLE_PEER_ALERTS).map(([n, [, name]]) => [name.toLowerCase(), Number(n)] as const),
]);

/** The reasons gnutls_certificate_verification_status_print gives (gnutls-cli, and curl's verbose output). */
const GNUTLS_STATUS: readonly (readonly [text: string, causes: WeightedCauses])[] = [
  ['The certificate issuer is unknown', [['untrusted-ca', 0.85], ['incomplete-chain', 0.4], ['self-signed', 0.35]]],
  ['The certificate chain uses expired certificate', [['expired', 0.95]]],
  ['The certificate chain uses not yet valid certificate', [['not-yet-valid', 0.95]]],
  ['The name in the certificate does not match the expected', [['hostname-mismatch', 0.95]]],
  ['The certificate issuer is not a CA', [['invalid-ca-cert', 0.9]]],
  ['The certificate chain uses insecure algorithm', [['weak-crypto', 0.9]]],
  ['The certificate chain is revoked', [['revoked', 0.95]]],
];

/**
 * Qt's QSslError texts (Nextcloud, KDE, QGIS, Mumble and other Qt programs show them as they are),
 * each with the X509_V_ERR number its OpenSSL backend reads as that error: the number then decides,
 * as for OpenSSL's own texts. Source: qtbase src/network/ssl/qsslerror.cpp.
 */
const QT_SSL_ERRORS: readonly (readonly [text: string, x509: number])[] = [
  ['The issuer certificate could not be found', 2],
  ['The certificate signature could not be decrypted', 4],
  ['The signature of the certificate is invalid', 7],
  ['The certificate is not yet valid', 9],
  ['The certificate has expired', 10],
  ['The certificate is self-signed, and untrusted', 18],
  ['The root certificate of the certificate chain is self-signed, and untrusted', 19],
  ['The issuer certificate of a locally looked up certificate could not be found', 20],
  ['No certificates could be verified', 21],
  ['One of the CA certificates is invalid', 24],
  ['The basicConstraints path length parameter has been exceeded', 25],
  ['The supplied certificate is unsuitable for this purpose', 26],
  ['The root CA certificate is not trusted for this purpose', 27],
  ['The root CA certificate is marked to reject the specified purpose', 28],
  ['The certificate has been revoked', 23],
];

export const MESSAGE_PATTERNS: readonly MessagePattern[] = Object.freeze([
  ...QT_SSL_ERRORS.map(([text, x509]) =>
    p(`qt-x509-${x509}`, 'qt', 'verification', text.toLowerCase(), new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')), [],
      'Qt\'s verdict on the peer certificate (QSslError), which stands for an OpenSSL verification error.', QT, { x509 })),
  ...ERROR_NAMES.map(([code, stack, source, causes, meaning]) =>
    p(`${stack}-${code.toLowerCase().replace(/_/g, '-')}`, stack, kindOfCauses(causes), code.toLowerCase(), new RegExp(`(?<![A-Za-z_])(?:NET::)?${code}(?![A-Za-z_])`, 'i'), causes, meaning, source)),

  // ------------------------------------------------------------------------------------- Apple
  p('apple-code', 'apple', 'verification', 'code=-', /\bCode=(?<apple>-(?:98[0-4]\d|120\d))\b/, [],
    'An Apple (URLSession / Secure Transport) error code.', APPLE),
  p('apple-stream-code', 'apple', 'verification', 'errorcodekey=-', /ErrorCodeKey=(?<apple>-98[0-4]\d)\b/, [],
    'A Secure Transport error code (OSStatus).', APPLE),
  p('apple-osstatus', 'apple', 'verification', 'osstatus', /OSStatus(?: error)?[ :=(]*(?<apple>-98[0-4]\d)\b/, [],
    'A Secure Transport error code (OSStatus).', APPLE),
  p('apple-stream-domain', 'apple', 'verification', 'kcfstreamerrordomainssl', /kCFStreamErrorDomainSSL, (?<apple>-98[0-4]\d)\b/, [],
    'A Secure Transport error code (OSStatus).', APPLE),
  p('apple-load-failed', 'apple', 'verification', ':-98', /\[\d+:(?<apple>-98[0-4]\d)\]/, [],
    'A Secure Transport error code (OSStatus), as URLSession\'s "load failed" line prints it.', APPLE),
  p('apple-errssl', 'apple', 'verification', 'errssl', /\berrSSL(?<apple>[A-Z]\w+)/, [],
    'A Secure Transport error code (OSStatus).', APPLE),
  p('apple-urlerror', 'apple', 'verification', 'urlerror', /\b(?:NS|kCF)URLError(?<apple>[A-Z]\w+)|URLError\.(?:Code\.)?(?<appleSwift>[a-z]\w+)/, [],
    'A URLSession error code.', APPLE),

  // ---------------------------------------------------------------------------------------- Go
  p('go-unknown-authority-cannot-sign', 'go', 'verification', 'certificate signed by unknown authority',
    /certificate signed by unknown authority \(possibly because of "[^"]*parent certificate cannot sign[^"]*"/,
    [['invalid-ca-cert', 0.9], ['untrusted-ca', 0.3]],
    'The candidate issuer has the right name but may not sign certificates (it is no CA, or lacks keyCertSign).', GO_X509),
  p('go-unknown-authority-insecure', 'go', 'verification', 'certificate signed by unknown authority',
    /certificate signed by unknown authority \(possibly because of "x509: cannot verify signature: insecure algorithm (?<detail>[^"( ]+)[^"]*"/,
    [['weak-crypto', 0.9], ['untrusted-ca', 0.3]],
    'The issuer\'s signature uses an algorithm Go refuses (SHA-1 since Go 1.18, MD5): the CA must re-issue with SHA-256.', GO_X509),
  p('go-unknown-authority-hint', 'go', 'verification', 'certificate signed by unknown authority',
    /certificate signed by unknown authority \(possibly because of "(?<detail>[^"]*)" while trying to verify candidate authority certificate "(?<names>[^"]*)"\)/,
    [['signature-invalid', 0.8], ['untrusted-ca', 0.7]],
    // Its reports (test/fixtures/explain-corpus/sourced.jsonl) split 3 to 2 between trusting the CA
    // that really signed and re-issuing from the trusted one: both readings, the message's first.
    'A CA certificate with the issuer\'s name is trusted, but its key did not sign this certificate: the CA that did (often one re-created under the same name) is not the one trusted.', GO_X509),
  p('go-unknown-authority', 'go', 'verification', 'certificate signed by unknown authority',
    /certificate signed by unknown authority/, UNKNOWN_ISSUER,
    'Go could not chain the certificate to a root it trusts: an unknown CA, a missing intermediate or a self-signed certificate.', GO_X509),
  p('go-expired', 'go', 'verification', 'x509: certificate has expired',
    /x509: certificate has expired or is not yet valid: current time (?<now>\S+) is after (?<detail>[^\s"']+)/, [['expired', 0.95]],
    'The certificate (or one above it) is past its notAfter date.', GO_X509),
  p('go-not-yet-valid', 'go', 'verification', 'x509: certificate has expired',
    /x509: certificate has expired or is not yet valid: current time (?<now>\S+) is before (?<detail>[^\s"']+)/, [['not-yet-valid', 0.95]],
    'The certificate\'s notBefore date is still in the future for this machine\'s clock.', GO_X509),
  p('go-expired-or-not-yet', 'go', 'verification', 'x509: certificate has expired',
    /x509: certificate has expired or is not yet valid/, [['expired', 0.75], ['not-yet-valid', 0.4]],
    'A certificate is outside its validity period.', GO_X509, { generic: true }),
  p('go-valid-for', 'go', 'hostname', 'x509: certificate is valid for',
    /x509: certificate is valid for (?<names>.+?), not (?<host>[^\s"'(),]+)/, [['hostname-mismatch', 0.95]],
    'The certificate\'s subject alternative names do not include the name that was dialled.', GO_X509),
  p('go-no-names', 'go', 'hostname', 'x509: certificate is not valid for any names',
    /x509: certificate is not valid for any names, but wanted to match (?<host>[^\s"'(),]+)/, [['hostname-mismatch', 0.75], ['cn-only-no-san', 0.55]],
    'The certificate has no subject alternative names at all.', GO_X509),
  p('go-legacy-cn', 'go', 'hostname', 'legacy common name field',
    /certificate relies on legacy Common Name field/, [['cn-only-no-san', 0.95]],
    'The name is only in the subject common name, which Go ignores since 1.15.', GO_X509),
  p('go-no-ip-sans', 'go', 'hostname', "doesn't contain any ip sans",
    /x509: cannot validate certificate for (?<host>\S+) because it doesn't contain any IP SANs/, [['hostname-mismatch', 0.9], ['cn-only-no-san', 0.3]],
    'An IP address was dialled and the certificate holds no IP address SAN.', GO_X509),
  p('go-incompatible-usage', 'go', 'verification', 'incompatible key usage',
    /x509: certificate specifies an incompatible key usage/, [['wrong-key-usage', 0.95]],
    'The certificate\'s extended key usage does not allow this role (serverAuth or clientAuth missing).', GO_X509),
  p('go-eku-not-authorized', 'go', 'verification', 'not authorized for an extended key usage',
    /x509: a root or intermediate certificate is not authorized for an extended key usage/, [['wrong-key-usage', 0.8], ['invalid-ca-cert', 0.4]],
    'A CA above the certificate restricts the extended key usages it may issue for.', GO_X509),
  p('go-not-authorized-to-sign', 'go', 'verification', 'not authorized to sign other certificates',
    /certificate is not authorized to sign other certificates/, [['invalid-ca-cert', 0.95]],
    'A certificate in the issuer position is not a CA (basicConstraints or keyCertSign missing).', GO_X509),
  p('go-name-constraints', 'go', 'verification', 'x509: ',
    /x509: (?:a root or intermediate certificate is not authorized to sign for this name|issuer has name constraints but leaf)/, [['invalid-ca-cert', 0.9]],
    'A CA above the certificate has name constraints that exclude its names.', GO_X509),
  p('go-path-len', 'go', 'verification', 'too many intermediates',
    /x509: too many intermediates for path length constraint/, [['invalid-ca-cert', 0.95]],
    'The chain has more intermediate CAs than a pathLenConstraint above them allows.', GO_X509),
  p('go-issuer-name', 'go', 'verification', 'issuer name does not match',
    /x509: issuer name does not match subject from issuing certificate/, [['incomplete-chain', 0.6], ['signature-invalid', 0.4]],
    'The certificate offered as issuer is not the one that issued it.', GO_X509),
  p('go-insecure-algorithm', 'go', 'verification', 'insecure algorithm',
    /x509: cannot verify signature: insecure algorithm (?<detail>[^\s"(]+)/, [['weak-crypto', 0.9]],
    'A signature in the chain uses an algorithm Go refuses (SHA-1 since Go 1.18, MD5).', GO_X509),
  p('go-no-roots', 'go', 'verification', 'failed to load system roots',
    /x509: failed to load system roots and no roots provided/, [['untrusted-ca', 0.7], ['key-load-failed', 0.4]],
    'Go found no trusted roots at all on this machine.', GO_X509),
  p('go-verify-client-cert', 'go', 'wrapper', 'tls: failed to verify client certificate',
    /tls: failed to verify client(?:'s)? certificate/, VERIFY_FAILED,
    'The Go server refused the client certificate; the x509 error after it says why.', GO_TLS, { generic: true, logged: 'server', judged: 'client' }),
  p('go-verify-cert', 'go', 'wrapper', 'tls: failed to verify certificate',
    /tls: failed to verify certificate/, VERIFY_FAILED,
    'Go (1.20 and later) refused the peer certificate; the x509 error after it says why.', `${GO_TLS} (Go 1.20+ CertificateVerificationError)`, { generic: true }),
  p('go-client-no-cert', 'go', 'client-certificate', "tls: client didn't provide a certificat",
    /tls: client didn't provide a certificat/, [['client-cert-required', 0.95]],
    'The Go server requires a client certificate and the client sent none.', GO_TLS, { logged: 'server', judged: 'client' }),
  p('go-first-record', 'go', 'not-tls', 'first record does not look like a tls handshake',
    /first record does not look like a TLS handshake/, [['not-tls', 0.95]],
    'The bytes received are not a TLS record: the peer speaks plain text on this port.', `${GO_TLS}/conn.go`),
  p('go-oversized-record', 'go', 'not-tls', 'tls: oversized record received',
    /tls: oversized record received with length \d+/, [['not-tls', 0.85]],
    'The first bytes back are not a TLS record header (a plain-HTTP answer reads as a huge record): the port does not speak TLS.', `${GO_TLS}/conn.go`, { logged: 'client' }),
  p('go-http-response', 'go', 'not-tls', 'server gave http response to https client',
    /server gave HTTP response to HTTPS client/, [['not-tls', 0.95]],
    'The client spoke TLS to a plain-HTTP port.', 'golang/go src/net/http/client.go', { logged: 'client' }),
  p('go-http-request', 'go', 'not-tls', 'client sent an http request to an https server',
    /Client sent an HTTP request to an HTTPS server/i, [['not-tls', 0.95]],
    'A plain-HTTP request reached a Go HTTPS server.', 'golang/go src/net/http/server.go'),
  p('go-no-cipher', 'go', 'negotiation', 'tls: no cipher suite supported',
    /tls: no cipher suite supported by both client and server/, [['no-shared-cipher', 0.95]],
    'The client and the server have no cipher suite in common.', GO_TLS),
  p('go-no-curve', 'go', 'negotiation', 'tls: no ecdhe curve supported',
    /tls: no ECDHE curve supported by both client and server/, [['no-shared-cipher', 0.9]],
    'The client and the server have no key-exchange group in common.', GO_TLS),
  p('go-peer-sigalgs', 'go', 'negotiation', "tls: peer doesn't support any of the certificate's signature algorithms",
    /tls: peer doesn't support any of the certificate's signature algorithms/, [['no-shared-cipher', 0.9]],
    'No signature algorithm the peer accepts fits this side\'s certificate key.', GO_TLS),
  p('go-versions', 'go', 'negotiation', 'tls: ',
    /tls: (?:client offered only unsupported versions|client offered an unsupported, maximum protocol version|server selected unsupported protocol version|no supported versions satisfy MinVersion and MaxVersion)/, [['protocol-mismatch', 0.95]],
    'The two sides share no TLS version.', GO_TLS),
  p('go-key-mismatch', 'go', 'credentials', 'tls: private key',
    /tls: private key (?:type )?does not match public key/, [['key-mismatch', 0.95]],
    'The private key given with the certificate belongs to another certificate.', GO_TLS),
  p('go-pem', 'go', 'credentials', 'tls: ',
    /tls: (?:failed to find any PEM data in (?:certificate|key) input|failed to find certificate PEM data|found a certificate rather than a key|failed to parse private key|found unknown private key type)/, [['key-load-failed', 0.95]],
    'A certificate or key file is not the PEM Go expects (swapped files, DER, an encrypted key).', GO_TLS),
  p('go-decryption-password', 'go', 'credentials', 'x509: decryption password incorrect',
    /x509: decryption password incorrect/, [['key-load-failed', 0.95]],
    'The passphrase of the encrypted PEM key is wrong.', GO_X509),
  p('go-invalid-signature', 'go', 'verification', 'tls: invalid signature by the',
    /tls: invalid signature by the (?:server|client) certificate/, [['key-mismatch', 0.7], ['signature-invalid', 0.35]],
    'The peer\'s handshake signature does not verify with the key in its certificate.', GO_TLS),
  p('go-handshake-eof', 'go', 'reset', 'tls handshake error from',
    /http: TLS handshake error from \S+: (?:EOF|read tcp \S+->\S+: read: connection reset by peer)\s*$/, [['connection-reset', 0.6]],
    'The client closed the connection in the middle of the handshake without an alert (Node clients do this when they reject the server certificate).', 'golang/go src/net/http/server.go', { logged: 'server' }),
  p('go-client-eof', 'go', 'reset', '": eof',
    /(?:Get|Post|Put|Head|Delete|Patch) "https:\/\/[^"]*": (?:EOF|read tcp \S+: read: connection reset by peer)\s*$/, [['connection-reset', 0.7]],
    'The server closed or reset the connection without a TLS alert (a Node mTLS server does this when it refuses the client certificate).', 'golang/go src/net/http/transport.go', { logged: 'client' }),
  p('go-handshake-timeout', 'go', 'wrapper', 'tls handshake timeout',
    /net\/http: TLS handshake timeout/, [['not-tls', 0.3], ['connection-reset', 0.2]],
    'The handshake did not finish in time: a server that does not speak TLS on this port, or a network that drops the traffic.', 'golang/go src/net/http/transport.go', { generic: true, logged: 'client' }),
  p('grpc-go-server', 'grpc', 'wrapper', 'failed to complete security handshake',
    /Server\.Serve failed to complete security handshake from/, [],
    'The gRPC server\'s TLS handshake with a client failed; the error after it says why.', 'grpc/grpc-go server.go', { logged: 'server', generic: true }),
  p('grpc-go-client', 'grpc', 'wrapper', 'authentication handshake failed',
    /transport: authentication handshake failed/, [],
    'The gRPC client\'s TLS handshake failed; the error after it says why.', 'grpc/grpc-go credentials/tls.go', { logged: 'client', generic: true }),
  p('grpc-peer-name', 'grpc', 'hostname', 'is not in peer certificate',
    /Peer name (?<host>\S+) is not in peer certificate/, [['hostname-mismatch', 0.95]],
    'The gRPC C-core client checked the server\'s certificate against the target name and did not find it.', 'grpc/grpc src/core/tsi/ssl_transport_security.cc', { logged: 'client', judged: 'server' }),
  p('grpc-ssl-handshake', 'grpc', 'wrapper', 'handshake failed',
    /(?:Ssl handshake failed|Handshake failed with fatal error) SSL_ERROR_SSL|Ssl handshake failed: SSL_ERROR_SSL/, [],
    'gRPC C-core\'s BoringSSL handshake failed; the packed code after it says why.', 'grpc/grpc src/core/tsi/ssl_transport_security.cc', { generic: true }),

  // -------------------------------------------------------------------------------------- Java
  p('java-pkix', 'java', 'verification', 'pkix path building failed',
    /PKIX path building failed/, UNKNOWN_ISSUER,
    'Java could not build a path from the certificate to an anchor in its truststore: an unknown CA, a missing intermediate or a self-signed certificate.', JDK),
  p('java-no-cert-path', 'java', 'verification', 'unable to find valid certification path',
    /unable to find valid certification path to requested target/, UNKNOWN_ISSUER,
    'Java could not build a path from the certificate to an anchor in its truststore: an unknown CA, a missing intermediate or a self-signed certificate.', JDK),
  p('java-pkix-anchor', 'java', 'verification', 'does not chain with any of the trust anchors',
    /Path does not chain with any of the trust anchors/, [['untrusted-ca', 0.9]],
    'The chain ends at a root that is not in the truststore.', JDK),
  p('java-no-trusted', 'java', 'verification', 'no trusted certificate found',
    /No trusted certificate found/, [['untrusted-ca', 0.85], ['incomplete-chain', 0.3]],
    'Java found no trusted certificate for the chain.', JDK),
  p('java-expired', 'java', 'verification', 'certificateexpiredexception',
    /CertificateExpiredException/, [['expired', 0.95]],
    'A certificate in the chain is past its notAfter date.', JDK),
  p('java-expired-notafter', 'java', 'verification', 'notafter: ',
    /NotAfter: /, [['expired', 0.95]],
    'A certificate in the chain is past its notAfter date.', JDK),
  // "validation", not "building": a chain to a trusted root was found and then failed a check, most
  // often a date (the reason follows: "validity check failed"), else an algorithm or revocation.
  p('java-path-validation', 'java', 'verification', 'pkix path validation failed',
    /PKIX path validation failed/, [['expired', 0.55], ['weak-crypto', 0.35], ['revoked', 0.3]],
    'Java built a chain to a trusted root, but a certificate of it failed a check: its dates most often, else its algorithm or revocation.',
    `${JDK}; apache/grails-core#11085`, { generic: true }),
  p('android-chain-validation', 'java', 'verification', 'chain validation failed',
    /CertPathValidatorException: Chain validation failed|SSLHandshakeException: Chain validation failed/, [['expired', 0.55], ['not-yet-valid', 0.45], ['untrusted-ca', 0.4]],
    'Android (Conscrypt) found the chain invalid at this device\'s time: most often a certificate expired, or the device clock is wrong.',
    'Android Conscrypt TrustManagerImpl; coil-kt/coil#2050'),
  p('java-validity', 'java', 'verification', 'check failed',
    /(?:validity|timestamp) check failed/, [['expired', 0.8], ['not-yet-valid', 0.35]],
    'A certificate in the chain is outside its validity period.', JDK, { generic: true }),
  p('java-not-yet-valid', 'java', 'verification', 'certificatenotyetvalidexception',
    /CertificateNotYetValidException/, [['not-yet-valid', 0.95]],
    'A certificate in the chain is not valid yet.', JDK),
  p('java-not-yet-valid-notbefore', 'java', 'verification', 'notbefore: ',
    /NotBefore: /, [['not-yet-valid', 0.95]],
    'A certificate in the chain is not valid yet.', JDK),
  p('java-no-san-ip', 'java', 'hostname', 'no subject alternative names matching ip address',
    /No subject alternative names matching IP address (?<host>\S+?) found/, [['hostname-mismatch', 0.95]],
    'An IP address was dialled and the certificate has no IP SAN with it.', JDK),
  p('java-no-san-dns', 'java', 'hostname', 'no subject alternative dns name',
    /No subject alternative DNS name(?: matching (?<host>\S+?) found)?/, [['hostname-mismatch', 0.95]],
    'The certificate\'s DNS SANs do not include the name dialled.', JDK),
  p('java-no-name', 'java', 'hostname', 'no name matching',
    /No name matching (?<host>\S+?) found/, [['hostname-mismatch', 0.9], ['cn-only-no-san', 0.35]],
    'The certificate has no DNS SAN and its common name is not the name dialled.', JDK),
  p('java-no-sans', 'java', 'hostname', 'no subject alternative names present',
    /No subject alternative names present/, [['hostname-mismatch', 0.8], ['cn-only-no-san', 0.6]],
    'An IP address was dialled and the certificate has no subject alternative names: Java checks IP addresses only against IP SANs.', JDK),
  p('java-empty-client-chain', 'java', 'client-certificate', 'empty client certificate chain',
    /Empty client certificate chain/, [['client-cert-required', 0.9]],
    'The Java server requires a client certificate and the client sent none (a Java client sends none whose issuer the server did not name).', JDK, { logged: 'server', judged: 'client' }),
  p('java-null-cert-chain', 'java', 'client-certificate', 'null cert chain',
    /null cert chain/, [['client-cert-required', 0.9]],
    'The Java server (TLS 1.2 and before) requires a client certificate and the client sent none.', `${JDK}; ffay/lanproxy#20`, { logged: 'server', judged: 'client' }),
  p('java-empty-server-chain', 'java', 'credentials', 'empty server certificate chain',
    /Empty server certificate chain/, [['key-load-failed', 0.5]],
    'The server sent an empty certificate chain: it has no certificate configured for this connection.', JDK, { logged: 'client' }),
  p('java-no-cipher', 'java', 'negotiation', 'no cipher suites in common',
    /no cipher suites in common/, [['no-shared-cipher', 0.95]],
    'The two sides share no cipher suite.', JDK),
  p('java-no-protocol', 'java', 'negotiation', 'no appropriate protocol',
    /No appropriate protocol/, [['protocol-mismatch', 0.85], ['no-shared-cipher', 0.4]],
    'Java has no enabled TLS version (or no suite for it) that it may use with this peer.', JDK),
  p('java-protocol-refused', 'java', 'negotiation', 'is not accepted by client preferences',
    /The server selected protocol version \S+ is not accepted by client preferences/, [['protocol-mismatch', 0.95]],
    'The TLS version the server chose is disabled on the client.', JDK),
  p('java-protocol-not-enabled', 'java', 'negotiation', 'is not enabled or supported in server context',
    /Client requested protocol \S+ is not enabled or supported in server context/, [['protocol-mismatch', 0.95]],
    'The TLS version the client asked for is disabled on the server.', JDK),
  p('java-not-tls', 'java', 'not-tls', 'ssl message',
    /Unsupported or unrecogni[sz]ed SSL message|Unrecogni[sz]ed SSL message, plaintext connection\?/, [['not-tls', 0.95]],
    'The bytes received are not TLS: the port speaks plain text.', JDK),
  p('java-remote-closed', 'java', 'reset', 'remote host',
    /Remote host (?:terminated the handshake|closed connection during handshake)/, [['connection-reset', 0.8]],
    'The peer closed the connection during the handshake without an alert.', JDK),
  p('java-eku', 'java', 'verification', 'extended key usage does not permit',
    /Extended key usage does not permit use for TLS (?<detail>client|server) authentication/, [['wrong-key-usage', 0.95]],
    'The certificate\'s extended key usage lacks clientAuth or serverAuth.', JDK),
  p('java-ku', 'java', 'verification', 'keyusage does not allow',
    /KeyUsage does not allow (?:digital signatures|key encipherment)/, [['wrong-key-usage', 0.9]],
    'The certificate\'s key usage does not allow its role in the handshake.', JDK),
  p('java-algorithm-constraints', 'java', 'verification', 'algorithm constraints check failed',
    /Algorithm constraints check failed/, [['weak-crypto', 0.9]],
    'A key or signature algorithm in the chain is disabled by jdk.certpath.disabledAlgorithms.', JDK),
  // JSSE's key exchange checks (sun.security.ssl.DHKeyExchange, ECDHKeyExchange): the peer's
  // ephemeral key is disabled by jdk.tls.disabledAlgorithms, most often DH under 2048 bits.
  p('java-key-exchange-constraints', 'java', 'negotiation', 'does not comply to algorithm constraints',
    /(?:DHPublicKey|ECPublicKey|(?:DH|RSA|ECDH) ServerKeyExchange) does not comply to algorithm constraints/, [['weak-crypto', 0.9]],
    'The peer\'s key exchange uses a key that jdk.tls.disabledAlgorithms forbids, most often Diffie-Hellman under 2048 bits.',
    `${JDK}; adorsys/xs2a-adapter#262`),
  p('java-algorithm-conform', 'java', 'verification', 'conform to algorithm constraints',
    /Certificates? do(?:es)? not conform to algorithm constraints/, [['weak-crypto', 0.9]],
    'A key or signature algorithm of the chain is disabled by jdk.certpath.disabledAlgorithms (SHA-1, MD5, RSA under 2048 bits).',
    `${JDK}; NationalSecurityAgency/ghidra#2955`),
  p('java-dh-keypair', 'java', 'negotiation', 'could not generate dh keypair',
    /Could not generate DH keypair/, [['no-shared-cipher', 0.6], ['weak-crypto', 0.4]],
    'Java could not use the server\'s Diffie-Hellman group (Java 7 and older: at most 1024 bits): offer it ECDHE suites, or update Java.',
    'mozilla/server-side-tls#47'),
  p('java-basic-constraints', 'java', 'verification', 'basic constraints check failed',
    /[Bb]asic constraints check failed/, [['invalid-ca-cert', 0.9]],
    'An issuing certificate is not a CA or its path length is exceeded.', JDK),
  p('java-signature', 'java', 'verification', 'signature check failed',
    /[Ss]ignature check failed/, [['signature-invalid', 0.85]],
    'A certificate\'s signature does not verify with its issuer\'s key.', JDK),
  p('java-signature-validation', 'java', 'verification', 'certificate signature validation failed',
    /Certificate signature validation failed/, [['signature-invalid', 0.85]],
    'A certificate\'s signature does not verify with its issuer\'s key.', JDK),
  p('java-revoked', 'java', 'verification', 'certificate has been revoked',
    /Certificate has been revoked/, [['revoked', 0.95]],
    'A certificate in the chain is revoked.', JDK),
  p('java-keystore', 'java', 'credentials', 'password was incorrect',
    /[Kk]eystore password was incorrect|Keystore was tampered with, or password was incorrect/, [['key-load-failed', 0.9]],
    'A keystore or truststore could not be read: wrong password or wrong file.', JDK),
  // A keystore or truststore file in another format than the one configured (a PEM file read as
  // PKCS12 or JKS: "tag type 45" is the '-' of "-----BEGIN"), or corrupt.
  p('java-der-length', 'java', 'credentials', 'derinputstream.getlength',
    /DerInputStream\.getLength\(\): lengthTag=\d+, too big/, [['key-load-failed', 0.85]],
    'A keystore, certificate or key file is not in the format Java was told (PEM read as PKCS12 or JKS, or the reverse).', 'dromara/payment-spring-boot#30'),
  p('java-der-value', 'java', 'credentials', 'dervalue.',
    /DerValue\.\w+, not (?:expected|an?\b)/, [['key-load-failed', 0.85]],
    'A keystore, certificate or key file is not in the format Java was told.', 'spring-projects/spring-boot#34126'),
  p('java-der-tag', 'java', 'credentials', 'toderinputstream rejects tag type',
    /toDerInputStream rejects tag type \d+/, [['key-load-failed', 0.9]],
    'A PEM file was given where Java expects a PKCS12 or JKS keystore.', 'spring-cloud/spring-cloud-gateway#943'),
  p('java-keystore-format', 'java', 'credentials', 'invalid keystore format',
    /Invalid keystore format/, [['key-load-failed', 0.9]],
    'The keystore file is not of the type configured (JKS, PKCS12).', JDK),
  p('java-illegal-key-size', 'java', 'credentials', 'illegal key size',
    /exception decrypting data - java\.security\.InvalidKeyException: Illegal key size/, [['key-load-failed', 0.8]],
    'The PKCS#12 file is encrypted with a cipher this Java may not use (old JDKs without the unlimited-strength policy).', 'CyberSource/cybersource-sdk-java#96'),
  p('java-recover-key', 'java', 'credentials', 'recover key',
    /Cannot recover key/, [['key-load-failed', 0.9]],
    'The key in the keystore could not be decrypted: its password differs from the one given.', JDK),
  p('java-get-key', 'java', 'credentials', 'get key failed',
    /Get Key failed/, [['key-load-failed', 0.9]],
    'The key in the keystore could not be decrypted: its password differs from the one given.', JDK),
  p('java-trust-anchors', 'java', 'credentials', 'trustanchors parameter must be non-empty',
    /trustAnchors parameter must be non-empty/, [['untrusted-ca', 0.8], ['key-load-failed', 0.7]],
    'The truststore is missing or empty, so no certificate can be trusted.', JDK),
  p('java-httpclient-names', 'java', 'hostname', "> doesn't match ",
    /Certificate for <(?<host>[^>]+)> doesn't match (?:any of the subject alternative names: \[(?<names>[^\]]*)\]|common name of the certificate subject)/, [['hostname-mismatch', 0.95]],
    'Apache HttpClient\'s host name check: the certificate does not hold the host name.', 'apache/httpcomponents-client DefaultHostnameVerifier', { logged: 'client', judged: 'server' }),
  p('android-validation-time', 'java', 'verification', 'could not validate certificate: current time: ',
    /Could not validate certificate: current time: (?<now>[^,]+), validation time: (?<then>[^)\n]+?)\)?$/, [['expired', 0.6], ['not-yet-valid', 0.55]],
    'Android could not validate the certificate at this device\'s time; which of the two dates is later says whether the certificate expired or the clock is behind.',
    'Android (Apache Harmony / Conscrypt CertPathValidator); osmdroid/osmdroid#1061'),
  // Chrome names what it found in place of the names when the certificate has no SAN extension.
  p('chrome-missing-san', 'browser', 'hostname', 'is from [missing_subjectaltname]',
    /its security certificate is from \[missing_subjectAltName\]/, [['cn-only-no-san', 0.97]],
    'Chrome: the certificate has no subjectAltName extension, and Chrome (58 and later) does not read the common name.', `${CHROMIUM}; defunkt/dotjs#137`),
  p('chrome-could-not-prove', 'browser', 'hostname', 'could not prove that it is',
    /could not prove that it is (?<host>[^;\s]+); its security certificate is from (?<names>[^.\s]+(?:\.[^.\s]+)*)\./, [['hostname-mismatch', 0.9]],
    'Chrome: the certificate is not for the name in the address bar.', CHROMIUM),
  p('okhttp-no-sans', 'java', 'hostname', 'subjectaltnames: []',
    /subjectAltNames: \[\]/, [['cn-only-no-san', 0.95]],
    'OkHttp\'s host name check found no subject alternative names at all: the name is only in the common name, which OkHttp ignores.', 'square/okhttp OkHostnameVerifier; lysine-dev/okhttp#1467', { logged: 'client', judged: 'server' }),
  p('okhttp-hostname', 'java', 'hostname', ' not verified',
    /Hostname (?<host>\S+) not verified/, [['hostname-mismatch', 0.9]],
    'OkHttp\'s host name check: the certificate does not hold the host name.', 'square/okhttp RealConnection (SSLPeerUnverifiedException)', { logged: 'client', judged: 'server' }),
  p('android-trust-anchor', 'java', 'verification', 'trust anchor for certification path not found',
    /Trust anchor for certification path not found/, [['untrusted-ca', 0.8], ['incomplete-chain', 0.5], ['self-signed', 0.35]],
    'Android could not chain the server certificate to a trusted root: an unknown CA, a self-signed certificate, or an intermediate the server did not send (Android does not fetch missing intermediates).',
    'https://developer.android.com/privacy-and-security/security-ssl (Common problems verifying server certificates)', { logged: 'client', judged: 'server' }),
  p('java-peer-not-authenticated', 'java', 'verification', 'peer not authenticated',
    /SSLPeerUnverifiedException: peer not authenticated/, [['untrusted-ca', 0.5]],
    'Old Apache HttpClient: the handshake did not authenticate the server, usually because its certificate was not trusted.', 'apache/httpcomponents-client 4.x', { logged: 'client', generic: true }),
  p('java-handshake-alert', 'java', 'alert', 'handshake alert:',
    /handshake alert:\s+(?<alert>[a-z_]+)/, [],
    'The Java client received a warning alert during the handshake and treats it as fatal (unrecognized_name: the server does not know the SNI name sent).', JDK, { logged: 'client' }),
  p('java-debug-alert', 'java', 'alert', ' alert:',
    /(?<detail>RECV|SEND) TLSv[\d.]+ ALERT:\s+(?:fatal|warning), (?:description = )?(?<alert>[a-z_]+)/, [],
    'JSSE\'s debug output (javax.net.debug): an alert received (RECV) or sent (SEND).', JDK),
  p('bc-alert-received', 'java', 'alert', 'tlsfatalalertreceived',
    /TlsFatalAlertReceived: (?<alert>[a-z_]+)\(\d+\)/, [],
    'Bouncy Castle\'s TLS received this fatal alert from the peer.', BC),
  p('java-no-auth-scheme', 'java', 'credentials', 'no available authentication scheme',
    /No available authentication scheme/, [['key-load-failed', 0.5], ['no-shared-cipher', 0.4]],
    'Java has no certificate and key it can sign with for this handshake (an empty keystore, or a key type the peer does not accept).', JDK),

  // ------------------------------------------------------------------------------------ Python
  p('python-hostname', 'python', 'hostname', 'mismatch, certificate is not valid for',
    /(?:Hostname|IP address) mismatch, certificate is not valid for '(?<host>[^']+)'/, [['hostname-mismatch', 0.95]],
    'The certificate does not hold the host name or IP address that was dialled.', PY),
  // Python 2 prints the certificate's names as unicode literals: "doesn't match u'example.com'".
  p('python-match-hostname', 'python', 'hostname', "' doesn't match ",
    /hostname '(?<host>[^']+)' doesn't match (?:either of )?(?<names>u?'[^\n]*?')(?=["),]|$)/, [['hostname-mismatch', 0.9], ['sni-unrecognized', 0.3]],
    'ssl.match_hostname (Python 3.6 and earlier, and libraries that copied it) found that the certificate does not hold the host name; a certificate for an unrelated site means the server did not receive SNI.',
    'cpython Lib/ssl.py match_hostname (3.6)', { logged: 'client', judged: 'server' }),
  p('python-eof', 'python', 'reset', 'eof occurred in violation of protocol',
    /EOF occurred in violation of protocol/, [['connection-reset', 0.8]],
    'The peer closed the connection without a TLS alert, during the handshake or before close_notify.', PY),
  p('python-pem-lib', 'python', 'credentials', '[ssl] pem lib',
    /\[SSL\] PEM lib/, [['key-load-failed', 0.85], ['key-mismatch', 0.3]],
    'load_cert_chain could not use the certificate or key file (unreadable PEM, wrong password, or a key that does not match).', PY),
  p('python-requests-wrapper', 'python', 'wrapper', 'max retries exceeded',
    /HTTPSConnectionPool\(host='[^']*', port=\d+\): Max retries exceeded/, [],
    'urllib3/requests gave up on an HTTPS connection; the SSLError inside says why.', 'urllib3 connectionpool.py', { logged: 'client', generic: true }),

  // -------------------------------------------------------------------------------------- curl
  p('curl-no-alt-name', 'curl', 'hostname', 'no alternative certificate subject name matches',
    /no alternative certificate subject name matches target host name '(?<host>[^']+)'/, [['hostname-mismatch', 0.95]],
    'None of the certificate\'s SANs matches the host in the URL.', CURL, { logged: 'client', judged: 'server' }),
  p('curl-subject-name', 'curl', 'hostname', 'does not match target host name',
    /certificate subject name '(?<names>[^']+)' does not match target host name '(?<host>[^']+)'/, [['hostname-mismatch', 0.95]],
    'The certificate\'s subject name is not the host in the URL.', CURL, { logged: 'client', judged: 'server' }),
  p('curl-cert-problem', 'curl', 'verification', 'ssl certificate problem',
    /SSL certificate problem: (?<x509text>[^\n]+?)(?:\s*\(\d+\))?\s*$/, VERIFY_FAILED,
    'curl refused the server certificate for the reason OpenSSL gives.', CURL, { logged: 'client', judged: 'server', generic: true }),
  p('curl-key-mismatch', 'curl', 'credentials', 'private key does not match the certificate',
    /Private key does not match the certificate public key/, [['key-mismatch', 0.95]],
    'The --key file is not the key of the --cert certificate.', CURL, { logged: 'client' }),
  p('curl-private-key', 'curl', 'credentials', 'unable to set private key file',
    /unable to set private key file/, [['key-load-failed', 0.7], ['key-mismatch', 0.5]],
    'OpenSSL refused the --key file: unreadable, wrong type or passphrase, or not the key of --cert.', CURL, { logged: 'client' }),
  p('curl-client-cert', 'curl', 'credentials', 'client certificate',
    /could not load PEM client certificate|unable to use client certificate|unable to set client certificate|could not load ASN1 client certificate/, [['key-load-failed', 0.9]],
    'curl could not load the --cert file.', CURL, { logged: 'client' }),
  p('curl-pkcs12', 'curl', 'credentials', 'could not parse pkcs12 file',
    /could not parse PKCS12 file/, [['key-load-failed', 0.9]],
    'curl could not load the --cert file.', CURL, { logged: 'client' }),
  ...([
    ['curl-ca-file', 'error setting certificate', /error setting certificate (?:verify locations|file)/],
    ['curl-ca-file-2', 'error reading ca cert file', /error reading ca cert file/],
    ['curl-ca-file-3', 'error adding trust anchors', /error adding trust anchors/],
  ] as const).map(([id, needle, re]) => p(id, 'curl', 'credentials', needle, re, [['untrusted-ca', 0.8], ['key-load-failed', 0.7]],
    'curl could not read its CA bundle (--cacert / --capath, or the system one: ca-certificates not installed), so it trusts nothing.', CURL, { logged: 'client' })),
  ...([
    ['curl-cipher', 'failed setting cipher list', /failed setting cipher list/],
    ['curl-cipher-tls13', 'failed setting tls 1.3 cipher suite', /failed setting TLS 1\.3 cipher suite/],
  ] as const).map(([id, needle, re]) => p(id, 'curl', 'negotiation', needle, re, [['no-shared-cipher', 0.6]],
    'The --ciphers / --tls13-ciphers list names no cipher suite this OpenSSL knows.', CURL, { logged: 'client' })),
  p('curl-syscall', 'curl', 'reset', 'ssl_error_syscall',
    /SSL_ERROR_SYSCALL/, [['connection-reset', 0.75]],
    'The connection was closed or reset during the handshake, without a TLS alert.', CURL, { logged: 'client' }),
  p('curl-connect-reset', 'curl', 'reset', 'connection reset by peer',
    /OpenSSL SSL_(?:connect|read|write): Connection reset by peer/, [['connection-reset', 0.8]],
    'The server reset the connection during the handshake (SSL_connect) or right after it (SSL_read: TLS 1.3 servers judge the client certificate then).', CURL, { logged: 'client' }),
  p('gnutls-server-verification', 'curl', 'verification', 'server certificate verification failed',
    /server certificate verification failed\. CAfile: \S+ CRLfile: \S+/, [['untrusted-ca', 0.75], ['incomplete-chain', 0.45], ['expired', 0.3]],
    'curl built with GnuTLS (git on Debian and Ubuntu) refused the server certificate; GnuTLS does not say why: an unknown CA (or a missing intermediate, or an expired root) most often.', GNUTLS, { logged: 'client', judged: 'server' }),
  ...GNUTLS_STATUS.map(([text, causes]) =>
    p(`gnutls-${text.toLowerCase().replace(/[^a-z]+/g, '-')}`, 'curl', kindOfCauses(causes), text.toLowerCase(), new RegExp(text.replace(/\./g, '\\.')), causes, `GnuTLS's verdict on the peer certificate: ${text.toLowerCase()}.`, GNUTLS)),
  p('gnutls-unexpected-packet', 'curl', 'not-tls', 'an unexpected tls packet was received',
    /An unexpected TLS packet was received/, [['not-tls', 0.7]],
    'GnuTLS received something that is not the expected TLS message: usually a port that does not speak TLS (or a proxy in the way).', GNUTLS),
  p('gnutls-terminated', 'curl', 'reset', 'non-properly terminated',
    /The TLS connection was non-properly terminated/, [['connection-reset', 0.75]],
    'The peer closed the connection without a TLS alert.', GNUTLS),
  p('gnutls-pull', 'curl', 'reset', 'error in the pull function',
    /Error in the pull function/, [['connection-reset', 0.65]],
    'Reading from the connection failed during the handshake: the peer reset or closed it.', GNUTLS),
  p('gnutls-no-cipher', 'curl', 'negotiation', 'cipher suite',
    /Could not negotiate a supported cipher suite|No supported cipher suites have been found/, [['no-shared-cipher', 0.85]],
    'GnuTLS and the peer share no cipher suite.', GNUTLS),
  p('gnutls-version', 'curl', 'negotiation', 'illegal or unsupported version',
    /A packet with illegal or unsupported version was received/, [['protocol-mismatch', 0.6], ['not-tls', 0.45]],
    'The peer answered with a TLS version GnuTLS does not allow (or with bytes that are not TLS).', GNUTLS),
  p('gnutls-key-mismatch', 'curl', 'credentials', 'the certificate and the given key do not match',
    /The certificate and the given key do not match/, [['key-mismatch', 0.95]],
    'The private key does not belong to the certificate.', GNUTLS),
  p('curl-exit', 'curl', 'exit-code', 'curl: (',
    /curl: \((?<curl>\d{1,3})\)/, [],
    'curl\'s exit code; the text after it says more.', CURL, { logged: 'client', generic: true }),

  // ------------------------------------------------------------------------------------- nginx
  p('es-plaintext', 'java', 'not-tls', 'received plaintext http traffic on an https channel',
    /received plaintext http traffic on an https channel/, [['not-tls', 0.95]],
    'Elasticsearch\'s HTTPS port received plain HTTP: the client used http:// (or no TLS settings).', 'elastic/elasticsearch SecurityNetty4HttpServerTransport', { logged: 'server' }),
  // curl built with NSS (RHEL/CentOS 7 and Fedora's curl until 2022) prints NSS's error texts.
  p('nss-unknown-issuer', 'curl', 'verification', "peer's certificate issuer is not recognized",
    /Peer's Certificate issuer is not recognized/i, UNKNOWN_ISSUER,
    'NSS (curl on RHEL/CentOS 7) could not chain the server certificate to a CA it trusts.', `${NSS}; curl/curl#7749`, { logged: 'client', judged: 'server' }),
  p('nss-expired', 'curl', 'verification', "peer's certificate has expired",
    /Peer's Certificate has expired/i, [['expired', 0.95]],
    'NSS (curl on RHEL/CentOS 7): the server certificate has expired.', NSS, { logged: 'client', judged: 'server' }),
  p('firefox-no-issuer-chain', 'browser', 'verification', 'no issuer chain was provided',
    /not trusted because no issuer chain was provided/, [['incomplete-chain', 0.9]],
    'Firefox: the server sent its certificate without the intermediate that signed it.', `${NSS}; ocaml/v2.ocaml.org#638`),
  p('wget-issuer', 'curl', 'verification', "unable to locally verify the issuer's authority",
    /Unable to locally verify the issuer's authority/, [['untrusted-ca', 0.8], ['incomplete-chain', 0.6]],
    'wget\'s words for X509 error 20: the issuer of a certificate in the chain is neither sent nor trusted.', 'GNU wget src/openssl.c (ssl_check_certificate)', { logged: 'client', judged: 'server' }),
  p('wget-self-signed', 'curl', 'verification', 'self-signed certificate encountered',
    /Self-signed certificate encountered/, [['self-signed', 0.9], ['untrusted-ca', 0.4]],
    'wget met a self-signed certificate it does not trust.', 'GNU wget src/openssl.c (ssl_check_certificate)', { logged: 'client', judged: 'server' }),
  p('wget-expired', 'curl', 'verification', 'issued certificate has expired',
    /Issued certificate has expired/, [['expired', 0.95]],
    'wget: a certificate of the chain has expired.', 'GNU wget src/openssl.c (ssl_check_certificate)', { logged: 'client', judged: 'server' }),
  p('wget-not-yet', 'curl', 'verification', 'issued certificate not yet valid',
    /Issued certificate not yet valid/, [['not-yet-valid', 0.95]],
    'wget: a certificate of the chain is not valid yet.', 'GNU wget src/openssl.c (ssl_check_certificate)', { logged: 'client', judged: 'server' }),
  ...([
    ['curl-strerror-peer', 'ssl peer certificate or ssh remote key was not ok', /SSL peer certificate or SSH remote key was not OK/],
    ['curl-strerror-peer-old', 'peer certificate cannot be authenticated with given ca certificates', /Peer certificate cannot be authenticated with given CA certificates/],
  ] as const).map(([id, needle, re]) => p(id, 'curl', 'verification', needle, re, VERIFY_FAILED,
    'libcurl\'s text for CURLE_PEER_FAILED_VERIFICATION (60): the server certificate failed verification.', CURL, { logged: 'client', judged: 'server', generic: true })),
  p('curl-strerror-local', 'curl', 'credentials', 'problem with the local ssl certificate',
    /Problem with the local SSL certificate/, [['key-load-failed', 0.8], ['key-mismatch', 0.4]],
    'libcurl\'s text for CURLE_SSL_CERTPROBLEM (58): the client certificate or key could not be used.', CURL, { logged: 'client' }),
  // Erlang/OTP's ssl logs an alert as "TLS client: In state certify at ssl_handshake.erl:1901
  // generated CLIENT ALERT: Fatal - Unknown CA" (sent) or "received SERVER ALERT: …" (received).
  p('erlang-alert', 'erlang', 'alert', ' alert: fatal - ',
    /(?:(?:generated|received) )?(?<sender>CLIENT|SERVER) ALERT: Fatal - (?<alert>[A-Za-z][A-Za-z ]+?)(?=\s*(?:$|[\n.,;:'"}\])]))/, [],
    'Erlang\'s ssl application logged a fatal alert.', 'erlang/otp lib/ssl/src/ssl_alert.erl; rabbitmq/rabbitmq-website#1334'),
  p('mosquitto-hostname', 'openssl', 'hostname', 'host name verification failed',
    /host name verification failed/, [['hostname-mismatch', 0.9]],
    'The client\'s host name check failed: the certificate does not hold the name dialled.', 'eclipse/mosquitto lib/tls_mosq.c; eclipse-mosquitto/mosquitto#2746', { logged: 'client', judged: 'server' }),
  p('postfix-untrusted', 'openssl', 'verification', 'untrusted tls connection established',
    /Untrusted TLS connection established/, [['untrusted-ca', 0.75], ['self-signed', 0.35]],
    'Postfix encrypted the connection but could not verify the peer\'s certificate against its trusted CAs (smtp_tls_CAfile / smtpd_tls_CAfile).',
    'postfix TLS_README (Untrusted / Trusted / Verified TLS connection established); modoboa/modoboa#2537'),
  p('erlang-options-file', 'erlang', 'credentials', '{options,{',
    /\{options,\{(?<detail>cacertfile|certfile|keyfile|cacerts|certs),"[^"]*",\{error,(?:eacces|enoent|[a-z_]+)\}\}\}/, [['key-load-failed', 0.9]],
    'Erlang\'s ssl application could not read a certificate or key file named in its options (eacces: permissions, enoent: no such file).',
    'erlang/otp lib/ssl (ssl_config); emqx/emqx#6602'),
  p('openvpn-ku', 'openssl', 'verification', 'verify ',
    /VERIFY (?:KU|EKU) ERROR/, [['wrong-key-usage', 0.9]],
    'OpenVPN\'s remote-cert-tls / remote-cert-ku check: the peer certificate lacks the key usage or extended key usage it requires.', 'OpenVPN src/openvpn/ssl_verify.c'),
  p('nginx-400-no-cert', 'nginx', 'client-certificate', 'no required ssl certificate was sent',
    /No required SSL certificate was sent/, [['client-cert-required', 0.95]],
    'nginx (ssl_verify_client on) answered 400 because the client sent no certificate.', NGINX, { logged: 'client', judged: 'client' }),
  p('nginx-400-cert-error', 'nginx', 'client-certificate', 'the ssl certificate error',
    /The SSL certificate error/, [['client-cert-rejected', 0.85]],
    'nginx answered 400 because the client certificate failed verification; nginx\'s error log names the X509 error.', NGINX, { logged: 'client', judged: 'client' }),
  p('nginx-plain-http', 'nginx', 'not-tls', 'the plain http request was sent to https port',
    /The plain HTTP request was sent to HTTPS port/, [['not-tls', 0.95]],
    'A plain-HTTP request reached nginx\'s TLS port.', NGINX, { logged: 'client' }),
  p('nginx-client-verify', 'nginx', 'verification', 'client ssl certificate verify error',
    /client SSL certificate verify error: \((?<x509num>\d+):(?<x509text>[^)]*)\)/, [],
    'nginx refused the client certificate for the X509 error it names.', NGINX, { logged: 'server', judged: 'client' }),
  p('nginx-client-no-cert', 'nginx', 'client-certificate', 'client sent no required ssl certificate',
    /client sent no required SSL certificate/, [['client-cert-required', 0.95]],
    'The client sent no certificate to a server with ssl_verify_client on.', NGINX, { logged: 'server', judged: 'client' }),
  p('nginx-upstream-verify', 'nginx', 'verification', 'upstream ssl certificate verify error',
    /upstream SSL certificate verify error: \((?<x509num>\d+):(?<x509text>[^)]*)\)/, [],
    'nginx (proxy_ssl_verify on) refused the upstream server\'s certificate for the X509 error it names.', NGINX, { logged: 'client', judged: 'server' }),
  p('nginx-upstream-name', 'nginx', 'hostname', 'upstream ssl certificate does not match',
    /upstream SSL certificate does not match "(?<host>[^"]+)"/, [['hostname-mismatch', 0.95]],
    'The upstream\'s certificate does not hold the name nginx checks (proxy_ssl_name).', NGINX, { logged: 'client', judged: 'server' }),
  p('nginx-upstream-handshake-failure', 'nginx', 'negotiation', 'while ssl handshaking to upstream',
    /alert handshake failure[^\n]*while SSL handshaking to upstream/i, [['sni-unrecognized', 0.6], ['no-shared-cipher', 0.45]],
    'The upstream refused nginx\'s ClientHello. nginx sends no SNI to upstreams unless proxy_ssl_server_name is on (it is off by default), and servers that pick their certificate by SNI (CDNs, ingresses, virtual hosts) answer a hello without it with handshake_failure.',
    'https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_ssl_server_name', { logged: 'client', judged: 'client' }),
  p('nginx-peer-closed', 'nginx', 'reset', 'peer closed connection in ssl handshake',
    /peer closed connection in SSL handshake/, [['connection-reset', 0.8]],
    'The peer closed the connection during the handshake without an alert.', NGINX),
  p('nginx-no-certificate', 'nginx', 'credentials', 'no "ssl_certificate" is defined',
    /no "ssl_certificate" is defined/, [['key-load-failed', 0.6]],
    'The server block listens with ssl but has no certificate configured.', NGINX, { logged: 'server' }),
  p('nginx-load', 'nginx', 'credentials', 'cannot load certificate',
    /cannot load certificate(?: key)? "[^"]*"/, [['key-load-failed', 0.9]],
    'nginx could not load a certificate or key file named in its configuration.', NGINX, { logged: 'server' }),
  p('nginx-dhparam', 'nginx', 'credentials', 'pem_read_bio_dhparams(',
    /PEM_read_bio_DHparams\("[^"]*"\) failed/, [['key-load-failed', 0.85]],
    'nginx could not read the ssl_dhparam file: it is missing, empty or not PEM DH parameters (openssl dhparam -out it again).', NGINX, { logged: 'server' }),
  p('nginx-use-key', 'nginx', 'credentials', 'ssl_ctx_use_privatekey',
    /SSL_CTX_use_PrivateKey(?:_file)?\([^)]*\) failed/, [['key-load-failed', 0.5], ['key-mismatch', 0.45]],
    'nginx could not use the ssl_certificate_key; the OpenSSL reason says why.', NGINX, { logged: 'server', generic: true }),

  // ------------------------------------------------------------------------------ Envoy, Istio
  p('envoy-upstream', 'envoy', 'wrapper', 'upstream connect error or disconnect/reset before headers',
    /upstream connect error or disconnect\/reset before headers/, [],
    'Envoy could not get a response from the upstream; the transport failure reason says why.', 'envoyproxy/envoy issues #15584, #17484, #22543', { logged: 'client', generic: true }),
  p('envoy-san', 'envoy', 'hostname', 'verify san list',
    /verify cert failed: verify SAN list/, [['hostname-mismatch', 0.9]],
    'Envoy\'s match_subject_alt_names (or Istio\'s identity check) found no SAN it accepts in the peer certificate.', 'envoyproxy/envoy source/common/tls/cert_validator/default_validator.cc'),
  p('envoy-hash', 'envoy', 'verification', 'verify cert failed: verify',
    /verify cert failed: verify (?:cert hash|SPKI)/, [['untrusted-ca', 0.6]],
    'The peer certificate is not the one Envoy pins by hash or SPKI.', 'envoyproxy/envoy source/common/tls/cert_validator/default_validator.cc'),

  // ------------------------------------------------------------------------------------ rustls
  p('rustls-content-type', 'rustls', 'not-tls', 'invalidcontenttype',
    /(?:received corrupt message of type |InvalidMessage\()InvalidContentType/, [['not-tls', 0.85]],
    'The bytes received are not a TLS record: the peer speaks plain text (HTTP) on this port.', `${RUSTLS}; payjoin/rust-payjoin#1169`),
  p('rustls-invalid-cert', 'rustls', 'verification', 'invalid peer certificate',
    /invalid peer certificate(?: contents)?: (?:invalid peer certificate: )?(?<detail>[A-Za-z]+)/, [],
    'rustls (webpki) refused the peer certificate for the reason it names.', RUSTLS),
  p('rustls-expired-detail', 'rustls', 'verification', 'certificate expired: verification time',
    /certificate expired: verification time/, [['expired', 0.95]],
    'The certificate is past its notAfter date.', `${RUSTLS} (0.23)`),
  p('rustls-not-valid-yet-detail', 'rustls', 'verification', 'certificate not valid yet',
    /certificate not valid yet: verification time/, [['not-yet-valid', 0.95]],
    'The certificate\'s notBefore date is still in the future.', `${RUSTLS} (0.23)`),
  p('rustls-name-detail', 'rustls', 'hostname', 'certificate not valid for name',
    /certificate not valid for name "?(?<host>[^";\s]+)"?/, [['hostname-mismatch', 0.95]],
    'The certificate does not hold the name dialled.', `${RUSTLS} (0.23)`),
  p('rustls-webpki-error', 'rustls', 'verification', 'webpkierror(',
    /WebPKIError\((?<detail>[A-Za-z]+)\)/, [],
    'rustls before 0.20 refused the peer certificate for the webpki error it names.', 'rustls 0.19 src/error.rs (TLSError::WebPKIError); webpki src/error.rs'),
  p('rustls-invalid-dnsname', 'rustls', 'hostname', 'invalid dns',
    /invalid dns ?name/i, [['hostname-mismatch', 0.7]],
    'The name to verify is not a DNS name rustls accepts (an IP address, with rustls before 0.21 and webpki, cannot be checked at all): connect by a DNS name the certificate holds.', 'webpki src/name/dns_name.rs (InvalidDnsNameError); rustls/hyper-rustls#84'),
  p('rustls-incompatible', 'rustls', 'negotiation', 'peer is incompatible',
    /peer is incompatible: (?<detail>[A-Za-z0-9 ]+)/, [],
    'rustls and the peer share no version, cipher suite, group or signature scheme.', RUSTLS),
  p('rustls-no-certs', 'rustls', 'client-certificate', 'peer sent no certificates',
    /peer sent no certificates/, [['client-cert-required', 0.9]],
    'The rustls server requires a client certificate and the client sent none.', RUSTLS, { logged: 'server', judged: 'client' }),
  p('rustls-corrupt', 'rustls', 'not-tls', 'received corrupt message',
    /received corrupt message(?: of type (?<detail>\w+))?/, [['not-tls', 0.7]],
    'rustls received bytes that are not a valid TLS record, usually because the peer is not speaking TLS.', RUSTLS),

  // -------------------------------------------------------------------------------------- .NET
  p('dotnet-policy', 'dotnet', 'verification', 'the remote certificate is invalid',
    /The remote certificate is invalid (?:according to the validation procedure|because of errors in the certificate chain)\s*:?\s*(?<flags>[A-Za-z, ]*)/, VERIFY_FAILED,
    '.NET refused the remote certificate; the SslPolicyErrors or X509ChainStatus flags say why.', DOTNET, { generic: true }),
  p('dotnet-flags', 'dotnet', 'verification', 'remotecertificate',
    /\b(?<flags>RemoteCertificate(?:NameMismatch|ChainErrors|NotAvailable))\b/, [],
    'A flag of .NET\'s SslPolicyErrors.', DOTNET),
  p('dotnet-callback', 'dotnet', 'verification', 'remotecertificatevalidationcallback',
    /The remote certificate was rejected by the provided RemoteCertificateValidationCallback/, [['untrusted-ca', 0.4]],
    'The application\'s own validation callback refused the certificate; its code decides why.', DOTNET),
  p('dotnet-closed', 'dotnet', 'reset', 'the transport stream',
    /Authentication failed because the remote party has closed the transport stream|Received an unexpected EOF or 0 bytes from the transport stream/i, [['connection-reset', 0.8]],
    'The peer closed the connection during the handshake without an alert.', DOTNET),
  p('dotnet-alert', 'dotnet', 'alert', 'sent a tls alert',
    /the remote party sent a TLS alert: '(?<alert>\w+)'/, [],
    'The peer ended the handshake with the alert named.', DOTNET),
  p('dotnet-frame', 'dotnet', 'not-tls', 'cannot determine the frame size',
    /Cannot determine the frame size or a corrupted frame was received/, [['not-tls', 0.85]],
    'The bytes received are not TLS records.', DOTNET),
  p('dotnet-algorithm', 'dotnet', 'negotiation', 'do not possess a common algorithm',
    /The client and server cannot communicate, because they do not possess a common algorithm/, [['protocol-mismatch', 0.7], ['no-shared-cipher', 0.5]],
    'Schannel found no TLS version or cipher suite both sides allow.', DOTNET),
  p('dotnet-credentials', 'dotnet', 'credentials', 'credentials supplied to the package were not recognized',
    /The credentials supplied to the package were not recognized/, [['key-load-failed', 0.85]],
    'The certificate given to SslStream has no usable private key.', DOTNET),
  p('dotnet-server-key', 'dotnet', 'credentials', 'with the associated private key',
    /The server mode SSL must use a certificate with the associated private key/, [['key-load-failed', 0.9]],
    'The server certificate was loaded without its private key.', DOTNET),
  // What X509Certificate2 says of a PKCS#12 file and a wrong password, by platform (the
  // CryptographicException texts dotnet/runtime's tests expect; Windows prints ERROR_INVALID_PASSWORD).
  ...([
    ['dotnet-pkcs12-password', 'cannot be read with the provided password', /The certificate data cannot be read with the provided password/],
    ['dotnet-pkcs12-password-windows', 'the specified network password is not correct', /The specified network password is not correct/],
    ['dotnet-pkcs12-password-macos', 'mac verification failed during pkcs12 import', /MAC verification failed during PKCS12 import/],
  ] as const).map(([id, needle, re]) => p(id, 'dotnet', 'credentials', needle, re, [['key-load-failed', 0.9]],
    'The PKCS#12 (.pfx/.p12) file could not be opened with the password given: a wrong (or missing, or trailing-newline) password, or a file that is not the expected one.',
    'dotnet/runtime System.Security.Cryptography X509Certificate2 (PKCS#12 import); fullstackproltd/AspNetCoreSpa#266', { logged: 'client' })),
  p('win-alert-code', 'windows', 'alert', 'fatal alert code is',
    /The TLS protocol defined fatal alert code is (?<alertnum>\d+)/, [],
    'Schannel received a fatal alert from the peer.', `${WIN}; Tsynapse/Postto-Mattermost#1`),
  ...WINDOWS_HRESULTS.map(([hex, code]) => {
    const [, stack, source, causes, meaning] = ERROR_NAMES.find(([name]) => name === code)!;
    return p(`${stack}-${hex.toLowerCase()}`, stack, kindOfCauses(causes), hex.toLowerCase(), new RegExp(`(?<![0-9A-Fa-f])${hex}(?![0-9A-Fa-f])`, 'i'), causes, `${code}: ${meaning}`, source);
  }),
  // SQL Server makes itself a self-signed certificate when none is provisioned, and its clients
  // encrypt by default since Microsoft.Data.SqlClient 4.0 and mssql-jdbc 10.1: the classic failure
  // (dotnet/SqlClient#1394, microsoft/mssql-jdbc#1775).
  p('sqlclient-untrusted', 'dotnet', 'verification', 'issued by an authority that is not trusted',
    /SSL Provider, error: \d+ - The certificate chain was issued by an authority that is not trusted/, SQL_SERVER_UNTRUSTED,
    'SqlClient does not trust the SQL Server\'s certificate: most often the self-signed one SQL Server generates when none is provisioned.', SQL_SERVER),
  p('mssql-jdbc-untrusted', 'java', 'verification', 'secure connection to sql server',
    /could not establish a secure connection to SQL Server by using Secure Sockets Layer \(SSL\) encryption/, SQL_SERVER_UNTRUSTED,
    'The JDBC driver does not trust the SQL Server\'s certificate: most often the self-signed one SQL Server generates when none is provisioned.', SQL_SERVER),
  p('win-untrusted-root', 'windows', 'verification', 'issued by an authority that is not trusted',
    /The certificate chain was issued by an authority that is not trusted/, [['untrusted-ca', 0.85], ['self-signed', 0.4]],
    'SEC_E_UNTRUSTED_ROOT: Windows does not trust the root of the server\'s chain (SQL Server\'s self-signed certificate is the classic case; set TrustServerCertificate only for tests).', WIN),
  p('win-chain-root', 'windows', 'verification', 'terminated in a root certificate which is not trusted',
    /terminated in a root certificate which is not trusted/, [['untrusted-ca', 0.85], ['self-signed', 0.4]],
    'CERT_E_UNTRUSTEDROOT: the chain ends at a root Windows does not trust.', WIN),
  p('win-chaining', 'windows', 'verification', 'could not be built to a trusted root',
    /A certificate chain could not be built to a trusted root authority/, [['untrusted-ca', 0.7], ['incomplete-chain', 0.5]],
    'CERT_E_CHAINING: Windows could not build a chain to a trusted root (an unknown CA, or an intermediate it could not find).', WIN),
  p('win-validity', 'windows', 'verification', 'is not within its validity period',
    /A required certificate is not within its validity period/, [['expired', 0.85], ['not-yet-valid', 0.35]],
    'CERT_E_EXPIRED: a certificate of the chain is outside its validity period for this machine\'s clock.', WIN),
  p('win-expired', 'windows', 'verification', 'the received certificate has expired',
    /The received certificate has expired/, [['expired', 0.95]],
    'SEC_E_CERT_EXPIRED: the peer\'s certificate has expired.', WIN),
  p('win-principal', 'windows', 'hostname', 'the target principal name is incorrect',
    /The target principal name is incorrect/, [['hostname-mismatch', 0.85]],
    'SEC_E_WRONG_PRINCIPAL: the server\'s certificate does not hold the name the client connected to.', WIN),
  p('win-cn', 'windows', 'hostname', "cn name does not match the passed value",
    /certificate's CN name does not match the passed value/, [['hostname-mismatch', 0.9]],
    'CERT_E_CN_NO_MATCH: the certificate\'s name does not match the host.', WIN),
  p('win-revocation', 'windows', 'verification', 'unable to check revocation',
    /The revocation function was unable to check revocation/, [['revoked', 0.6]],
    'CRYPT_E_NO_REVOCATION_CHECK / CRYPT_E_REVOCATION_OFFLINE: the CRL or OCSP responder of the chain could not be reached.', WIN),
  p('win-revoked', 'windows', 'verification', 'has been revoked by its issuer',
    /has been revoked by its issuer/, [['revoked', 0.95]],
    'CRYPT_E_REVOKED: a certificate of the chain is revoked.', WIN),
  p('win-bad-signature', 'windows', 'verification', 'has an invalid digital signature',
    /This certificate has an invalid digital signature/, [['signature-invalid', 0.9]],
    'Windows\' certificate viewer: the certificate\'s signature does not verify with its issuer\'s key (TRUST_E_CERT_SIGNATURE).', WIN),
  p('win-no-cipher', 'windows', 'negotiation', 'none of the cipher suites supported by the client',
    /none of the cipher suites supported by the client application are supported by the server/, [['no-shared-cipher', 0.9]],
    'Schannel (event 36874): the client offered no cipher suite the server allows.', WIN, { logged: 'server' }),
  p('win-no-protocol', 'windows', 'negotiation', 'none of the protocols supported by the client',
    /none of the protocols supported by the client application are supported by the server/, [['protocol-mismatch', 0.9]],
    'Schannel (event 36871/36874): the client offered no TLS version the server allows.', WIN, { logged: 'server' }),
  p('dotnet-trust-relationship', 'dotnet', 'verification', 'could not establish trust relationship',
    /Could not establish trust relationship for the SSL\/TLS secure channel/, [['untrusted-ca', 0.75], ['self-signed', 0.4], ['hostname-mismatch', 0.35]],
    '.NET Framework refused the server certificate (its inner exception names the SslPolicyErrors): an untrusted CA most often.', DOTNET, { logged: 'client', judged: 'server' }),
  // Bundler's CertificateFailureError (rubygems lib/bundler/errors.rb): its own text says an
  // outdated CA bundle is the likeliest reason.
  p('bundler-certificate', 'ruby', 'verification', 'could not verify the ssl certificate for',
    /Could not verify the SSL certificate for \S+/, [['untrusted-ca', 0.6], ['expired', 0.35]],
    'Bundler could not verify the gem server\'s certificate, most likely because this system\'s CA bundle lacks its root (or the root in it has expired).',
    'rubygems/rubygems bundler/lib/bundler/errors.rb (CertificateFailureError); sidekiq/sidekiq#4583', { logged: 'client', judged: 'server' }),
  p('dotnet-secure-channel', 'dotnet', 'negotiation', 'ssl/tls secur',
    /Could not create SSL\/TLS secur(?:e|ity) channel|SSL\/TLS secur(?:e|ity) channel could not be created/, [['protocol-mismatch', 0.7], ['client-cert-required', 0.35]],
    '.NET Framework could not complete the handshake: classically its default protocols (before 4.7 / without SchUseStrongCrypto) lack the TLS 1.2 the server requires; also a client certificate without an accessible private key.',
    'https://learn.microsoft.com/dotnet/framework/network-programming/tls', { logged: 'client' }),
  // .NET Framework 4.5 and PowerShell 5 offer TLS 1.0 only unless told otherwise
  // ([Net.ServicePointManager]::SecurityProtocol), so a server requiring TLS 1.2 closes on them.
  p('dotnet-unexpected-send', 'dotnet', 'negotiation', 'an unexpected error occurred on a send',
    /The underlying connection was closed: An unexpected error occurred on a send/, [['protocol-mismatch', 0.7], ['connection-reset', 0.3]],
    '.NET Framework (PowerShell 5\'s Invoke-WebRequest) offered only old TLS versions and the server closed the connection: enable TLS 1.2.',
    'https://learn.microsoft.com/dotnet/framework/network-programming/tls; ryan-jan/MSCatalog#8'),
  p('sqlclient-prelogin', 'dotnet', 'negotiation', 'error occurred during the pre-login handshake',
    /error occurred during the pre-login handshake/, [['protocol-mismatch', 0.6], ['untrusted-ca', 0.3]],
    'SqlClient and SQL Server failed their TLS handshake at pre-login: most often no TLS version in common (an old SQL Server without TLS 1.2, or TLS 1.0 disabled on the client).',
    'https://learn.microsoft.com/troubleshoot/sql/database-engine/connect/tls-exist-connection-fails; dotnet/SqlClient#776'),
  p('dotnet-wrapper', 'dotnet', 'wrapper', 'the ssl connection could not be established',
    /The SSL connection could not be established/, [],
    'HttpClient\'s TLS handshake failed; the inner exception says why.', DOTNET, { logged: 'client', generic: true }),

  // -------------------------------------------------------------------------------- PostgreSQL
  p('pg-host', 'postgres', 'hostname', 'does not match host name',
    /server certificate for "(?<names>[^"]+)"(?: \(and \d+ other names?\))? does not match host name "(?<host>[^"]+)"/, [['hostname-mismatch', 0.95]],
    'libpq (sslmode=verify-full) found that the server certificate does not hold the host name.', PG, { logged: 'client', judged: 'server' }),
  p('pg-requires-cert', 'postgres', 'client-certificate', 'connection requires a valid client certificate',
    /connection requires a valid client certificate/, [['client-cert-required', 0.9]],
    'pg_hba.conf requires a client certificate (clientcert= or cert auth) and the client sent none.', PG, { logged: 'server', judged: 'client' }),
  p('pg-cert-auth', 'postgres', 'client-certificate', 'certificate authentication failed for user',
    /certificate authentication failed for user "(?<names>[^"]+)"/, [['client-cert-rejected', 0.85]],
    'The client certificate verified, but its common name is not the database user (and no pg_ident map allows it).', PG, { logged: 'server', judged: 'client' }),
  p('pg-ssl-error', 'postgres', 'wrapper', 'ssl error: ',
    /(?:^|[^A-Za-z])SSL error: /, [],
    'libpq\'s TLS handshake failed for the OpenSSL reason after it.', PG, { logged: 'client', generic: true }),
  p('pg-accept', 'postgres', 'wrapper', 'could not accept ssl connection',
    /could not accept SSL connection: /, [],
    'The PostgreSQL server\'s TLS handshake with a client failed for the reason after it.', PG, { logged: 'server', generic: true }),
  p('pg-syscall-eof', 'postgres', 'reset', 'ssl syscall error',
    /SSL SYSCALL error: (?:EOF detected|Connection reset by peer)/, [['connection-reset', 0.8]],
    'The peer closed the connection during the TLS exchange without an alert.', PG),
  p('pg-no-ssl', 'postgres', 'not-tls', 'server does not support ssl',
    /server does not support SSL, but SSL was required/, [['not-tls', 0.9]],
    'sslmode requires TLS and the server has ssl = off.', PG, { logged: 'client' }),
  p('pg-root-missing', 'postgres', 'credentials', 'root certificate file "',
    /root certificate file "[^"]*" does not exist/, [['untrusted-ca', 0.8], ['key-load-failed', 0.6]],
    'sslmode=verify-ca/verify-full needs the CA that signed the server\'s certificate (sslrootcert, ~/.postgresql/root.crt, or sslrootcert=system for a public CA) and there is none: nothing can be trusted.', PG, { logged: 'client', judged: 'server' }),
  p('pg-key-perms', 'postgres', 'credentials', 'has group or world access',
    /private key file "[^"]*" has group or world access/, [['key-load-failed', 0.95]],
    'libpq refuses a private key file that others can read: chmod 0600 it.', PG),
  p('pg-files', 'postgres', 'credentials', ' file "',
    /could not (?:load|read|open) (?:private key|SSL certificate|certificate|root certificate|SSL root certificate) file "|certificate present, but not private key file "/, [['key-load-failed', 0.9]],
    'A certificate, key or root CA file named by the sslcert/sslkey/sslrootcert settings is missing or unreadable.', PG),

  // ------------------------------------------------------------------------------------- MySQL
  p('mysql-2026', 'mysql', 'wrapper', 'ssl connection error',
    /(?:ERROR 2026 \(HY000\): )?SSL connection error: /, [],
    'The MySQL client\'s TLS handshake failed for the reason after it.', 'https://dev.mysql.com/doc/mysql-errors/8.0/en/client-error-reference.html (CR_SSL_CONNECTION_ERROR)', { logged: 'client', generic: true }),
  p('mysql-yassl-version', 'mysql', 'negotiation', 'ssl connection error: protocol version mismatch',
    /SSL connection error: protocol version mismatch/, [['protocol-mismatch', 0.85]],
    'A MySQL client built with yaSSL/wolfSSL and the server share no TLS version (old clients speak only TLS 1.0 and 1.1).', 'brianmario/mysql2#862; MySQL 5.7 extra/yassl', { logged: 'client' }),
  p('mysql-no-ssl', 'mysql', 'not-tls', "ssl is required but the server doesn't support it",
    /SSL is required but the server doesn't support it/, [['not-tls', 0.9]],
    'The client requires TLS (--ssl-mode=REQUIRED) and the server has it disabled.', 'MySQL client libmysql/client.cc', { logged: 'client' }),
  p('mysql-key', 'mysql', 'credentials', 'unable to get',
    /Unable to get (?:private key|certificate)/, [['key-load-failed', 0.85]],
    'The MySQL server or client could not load its certificate or key file.', 'MySQL vio/viosslfactories.cc (SSL_INITERR_* texts)'),
  p('mysql-verify-paths', 'mysql', 'credentials', 'ssl_ctx_set_default_verify_paths failed',
    /SSL_CTX_set_default_verify_paths failed/, [['key-load-failed', 0.8]],
    'The MySQL client could not load its CA files (ssl-ca / ssl-capath).', 'MySQL vio/viosslfactories.cc (SSL_INITERR_* texts)'),
  p('mysql-setup', 'mysql', 'credentials', 'failed to set up ssl',
    /Failed to set up SSL because of the following SSL library error/, [['key-load-failed', 0.8]],
    'The MySQL server could not set up TLS from its certificate, key or CA files.', 'MySQL sql/mysqld.cc'),

  // ------------------------------------------------------------------------------------- Kafka
  // Alone, with the exception it wraps not shown: since Kafka 2.0 clients and brokers check the
  // peer's host name by default (ssl.endpoint.identification.algorithm=https, KIP-294), and a
  // certificate without the broker's advertised name is the failure its reports show most
  // (test/fixtures/explain-corpus/sourced.jsonl: 5 of 10), then an untrusted CA.
  p('kafka-handshake', 'kafka', 'wrapper', 'ssl handshake failed',
    /SslAuthenticationException: SSL handshake failed|Failed authentication with \S+ \(SSL handshake failed\)|failed authentication due to: SSL handshake failed/,
    [['hostname-mismatch', 0.3], ['untrusted-ca', 0.25]],
    'Kafka\'s TLS handshake failed; the javax.net.ssl exception it wraps says why. Alone, the commonest reason is the host name check that Kafka 2.0 turned on by default.',
    'https://kafka.apache.org/documentation/#security_ssl; KIP-294', { generic: true }),

  // ---------------------------------------------------------------------- OpenSSL command line
  p('openssl-verify-num', 'openssl', 'verification', 'verify error:num=',
    /verify error:num=(?<x509num>\d+):(?<x509text>[^\n]*)/, [],
    'OpenSSL\'s verify callback reports the X509 error of the certificate at that depth.', 'openssl apps/lib/s_cb.c (verify_callback)'),
  p('openssl-verify-return', 'openssl', 'verification', 'verify return code: ',
    /Verify return code: (?<x509num>[1-9]\d*) \((?<x509text>[^)]*)\)/, [],
    'openssl s_client\'s verdict on the server chain.', 'openssl apps/s_client.c', { logged: 'client', judged: 'server' }),
  p('openssl-verify-cmd', 'openssl', 'verification', 'depth lookup',
    /error (?<x509num>\d+) at \d+ depth lookup: ?(?<x509text>[^\n]*)/, [],
    'openssl verify\'s verdict on a certificate of the chain.', 'openssl apps/verify.c'),
  p('openssl-alert-info', 'openssl', 'alert', 'ssl3 alert ',
    /SSL3 alert (?<detail>read|write):(?:fatal|warning):(?<alert>[A-Za-z ]+)/, [],
    'OpenSSL\'s info callback: an alert read from (received) or written to (sent) the peer.', 'openssl ssl/ssl_stat.c, apps/lib/s_cb.c (apps_ssl_info_callback)'),
  p('openssl-security-callback', 'openssl', 'verification', 'security callback: ',
    /Security callback: (?<detail>[^\n]*?): no\b/, [['weak-crypto', 0.9]],
    'OpenSSL\'s security level refused a key, digest or parameter (the -security_debug output): raise the algorithm, or lower @SECLEVEL only for a test.', 'openssl apps/lib/s_cb.c (security_callback_debug)'),
  p('openssl-dh-params-probe', 'openssl', 'wrapper', 'expecting: dh parameters',
    /error:[0-9A-Fa-f]{8}:PEM routines:[^\n]*no start line[^\n]*Expecting: DH PARAMETERS/, [],
    'Harmless: s_server looks for DH parameters in the certificate file and reports that it found none.', 'openssl apps/s_server.c (load_dh_param)', { generic: true }),
  p('openssl-write-errno', 'openssl', 'reset', 'errno=',
    /(?:write|read):errno=(?:104|32)\b/, [['connection-reset', 0.6]],
    'openssl s_client: the peer reset (104) or closed (32) the connection.', 'openssl apps/s_client.c'),

  // -------------------------------------------------------------------------------------- Node
  p('node-altname', 'node', 'hostname', "match certificate's altnames",
    /Hostname\/IP (?:does not|doesn't) match certificate's altnames:? ?(?:Host: (?<host>\S+?)\.? is not (?:in the cert's altnames|cert's CN): (?<names>[^\n]*)|IP: (?<ip>\S+) is not in the cert's list: (?<iplist>[^\n]*))?/, [['hostname-mismatch', 0.95]],
    'The server certificate does not hold the host name or IP address that was dialled.', NODE, { logged: 'client', judged: 'server' }),
  p('node-disconnected', 'node', 'reset', 'disconnected before secure tls connection',
    /Client network socket disconnected before secure TLS connection was established/, [['connection-reset', 0.8]],
    'The server closed the connection during the handshake without an alert (or with one Node could not read).', NODE, { logged: 'client' }),
  p('any-reset-by-peer', 'openssl', 'reset', 'reset by peer',
    /[Cc]onnection reset by peer/, [['connection-reset', 0.5]],
    'The peer reset the TCP connection; during a TLS handshake that is a refusal without an alert.', 'the errno text of ECONNRESET (104 on Linux)', { generic: true }),
  p('node-hang-up', 'node', 'reset', 'socket hang up',
    /socket hang up/, [['connection-reset', 0.6]],
    'The server closed the connection without an answer; a Node mTLS server does this when it rejects the client certificate.', NODE, { logged: 'client' }),
]);

/** A Node.js `error.code` with the cause it means (the X509 codes and ERR_SSL_* are decoded from their tables). */
export const NODE_ERROR_CODES: Readonly<Record<string, { causes: WeightedCauses; meaning: string }>> = {
  ERR_TLS_CERT_ALTNAME_INVALID: { causes: [['hostname-mismatch', 0.95]], meaning: 'The server certificate does not hold the host name or IP address that was dialled.' },
  ERR_TLS_CERT_ALTNAME_FORMAT: { causes: [['hostname-mismatch', 0.5]], meaning: 'A subject alternative name of the certificate is malformed.' },
  ERR_TLS_DH_PARAM_SIZE: { causes: [['weak-crypto', 0.9]], meaning: 'The server\'s Diffie-Hellman parameters are smaller than the client accepts.' },
  ERR_TLS_INVALID_PROTOCOL_VERSION: { causes: [['protocol-mismatch', 0.6]], meaning: 'minVersion or maxVersion names a TLS version Node does not know.' },
  ERR_TLS_PROTOCOL_VERSION_CONFLICT: { causes: [['protocol-mismatch', 0.6]], meaning: 'secureProtocol conflicts with minVersion/maxVersion.' },
  ERR_TLS_REQUIRED_SERVER_NAME: { causes: [['sni-unrecognized', 0.6]], meaning: 'No server name was given where one is required.' },
  ERR_TLS_HANDSHAKE_TIMEOUT: { causes: [['not-tls', 0.3], ['connection-reset', 0.2]], meaning: 'The handshake did not finish within handshakeTimeout.' },
  ERR_SSL_WRONG_VERSION_NUMBER: { causes: [['not-tls', 0.95]], meaning: 'The bytes received are not TLS: the port speaks plain text.' },
  ECONNRESET: { causes: [['connection-reset', 0.45]], meaning: 'The peer reset the connection (during the TLS handshake, the peer refused it without an alert).' },
  EPROTO: { causes: [], meaning: 'A protocol error; the OpenSSL reason next to it says which.' },
};

/** Reasons of OpenSSL libraries other than SSL (key and certificate loading), by text and by symbol. */
export const LOCAL_REASONS: readonly { text: string; causes: WeightedCauses; meaning: string }[] = [
  { text: 'key values mismatch', causes: [['key-mismatch', 0.95]], meaning: 'The private key does not belong to the certificate (X509_check_private_key).' },
  { text: 'private key mismatch', causes: [['key-mismatch', 0.9]], meaning: 'The private key does not belong to the certificate.' },
  { text: 'certificate and private key mismatch', causes: [['key-mismatch', 0.95]], meaning: 'BoringSSL: the private key does not belong to the certificate.' },
  { text: 'no start line', causes: [['key-load-failed', 0.9]], meaning: 'The file holds no PEM block of the expected type (DER, PKCS#12, an empty or wrong file).' },
  { text: 'bad decrypt', causes: [['key-load-failed', 0.9]], meaning: 'The key could not be decrypted: the passphrase is wrong.' },
  { text: 'wrong final block length', causes: [['key-load-failed', 0.8]], meaning: 'Decrypting an encrypted key or PKCS#12 failed: usually a wrong passphrase, or a damaged file.' },
  { text: 'bad password read', causes: [['key-load-failed', 0.9]], meaning: 'No passphrase could be read for an encrypted key.' },
  { text: 'mac verify failure', causes: [['key-load-failed', 0.9]], meaning: 'The PKCS#12 password is wrong.' },
  { text: 'unsupported', causes: [['key-load-failed', 0.5]], meaning: 'OpenSSL 3\'s decoder found no reader for the file: not PEM/DER of a supported type, a legacy PKCS#12, or a wrong passphrase.' },
  { text: 'no certificate assigned', causes: [['key-load-failed', 0.7]], meaning: 'A private key was set without its certificate (or the certificate was not loaded).' },
  { text: 'no private key assigned', causes: [['key-load-failed', 0.7]], meaning: 'A certificate was set without its private key.' },
  { text: 'wrong tag', causes: [['key-load-failed', 0.6]], meaning: 'The DER data is not the structure expected: the file is not what it should be.' },
  { text: 'header too long', causes: [['key-load-failed', 0.6]], meaning: 'The data is not DER: a wrong or damaged file.' },
  { text: 'no shared group', causes: [['no-shared-cipher', 0.9]], meaning: 'BoringSSL: no key-exchange group in common.' },
  { text: 'no common signature algorithms', causes: [['no-shared-cipher', 0.9]], meaning: 'BoringSSL: no signature algorithm in common.' },
  { text: 'key usage bit incorrect', causes: [['wrong-key-usage', 0.9]], meaning: 'BoringSSL: the certificate\'s key usage does not allow its role in the handshake.' },
  { text: 'ssl handshake failure', causes: [], meaning: 'BoringSSL: the handshake failed; an earlier error says why.' },
];

/** curl's TLS-related exit codes (CURLcode), https://curl.se/libcurl/c/libcurl-errors.html. */
export const CURL_EXIT_CODES: Readonly<Record<number, { name: string; meaning: string; causes: WeightedCauses; tls: boolean }>> = {
  6: { name: 'CURLE_COULDNT_RESOLVE_HOST', meaning: 'The host name could not be resolved (DNS), before any TLS.', causes: [], tls: false },
  7: { name: 'CURLE_COULDNT_CONNECT', meaning: 'The TCP connection failed (refused or unreachable), before any TLS.', causes: [], tls: false },
  28: { name: 'CURLE_OPERATION_TIMEDOUT', meaning: 'The operation timed out.', causes: [], tls: false },
  35: { name: 'CURLE_SSL_CONNECT_ERROR', meaning: 'The TLS handshake failed; the text after the code says why.', causes: [], tls: true },
  51: { name: 'CURLE_PEER_FAILED_VERIFICATION', meaning: 'Before curl 7.62: the server certificate or its name failed verification.', causes: [['hostname-mismatch', 0.5], ['untrusted-ca', 0.4]], tls: true },
  53: { name: 'CURLE_SSL_ENGINE_NOTFOUND', meaning: 'The OpenSSL engine named was not found.', causes: [], tls: true },
  56: { name: 'CURLE_RECV_ERROR', meaning: 'Receiving failed after the connection was up (with TLS 1.3, often the server rejecting the client certificate after the handshake).', causes: [['connection-reset', 0.3]], tls: true },
  58: { name: 'CURLE_SSL_CERTPROBLEM', meaning: 'The local client certificate or key could not be used.', causes: [['key-load-failed', 0.75], ['key-mismatch', 0.4]], tls: true },
  59: { name: 'CURLE_SSL_CIPHER', meaning: 'The cipher list given could not be used.', causes: [['no-shared-cipher', 0.6]], tls: true },
  60: { name: 'CURLE_PEER_FAILED_VERIFICATION', meaning: 'The server certificate failed verification (since 7.62 also a name mismatch).', causes: VERIFY_FAILED, tls: true },
  64: { name: 'CURLE_USE_SSL_FAILED', meaning: 'The requested TLS level (FTP, SMTP, IMAP STARTTLS) was refused.', causes: [['not-tls', 0.5]], tls: true },
  66: { name: 'CURLE_SSL_ENGINE_INITFAILED', meaning: 'The OpenSSL engine could not be initialised.', causes: [], tls: true },
  77: { name: 'CURLE_SSL_CACERT_BADFILE', meaning: 'The CA bundle (--cacert/--capath) could not be read.', causes: [['key-load-failed', 0.85]], tls: true },
  80: { name: 'CURLE_SSL_SHUTDOWN_FAILED', meaning: 'The TLS shutdown failed.', causes: [], tls: true },
  82: { name: 'CURLE_SSL_CRL_BADFILE', meaning: 'The CRL file (--crlfile) could not be read.', causes: [['revoked', 0.6]], tls: true },
  83: { name: 'CURLE_SSL_ISSUER_ERROR', meaning: 'The issuer check (--crlfile issuer, CURLOPT_ISSUERCERT) failed.', causes: [['untrusted-ca', 0.6]], tls: true },
  90: { name: 'CURLE_SSL_PINNEDPUBKEYNOTMATCH', meaning: 'The server\'s public key is not the one pinned with --pinnedpubkey.', causes: [['untrusted-ca', 0.5]], tls: true },
  91: { name: 'CURLE_SSL_INVALIDCERTSTATUS', meaning: 'The stapled OCSP status (--cert-status) was missing or bad.', causes: [['revoked', 0.85]], tls: true },
  98: { name: 'CURLE_SSL_CLIENTCERT', meaning: 'The server required a client certificate and none was given (curl 7.77+).', causes: [['client-cert-required', 0.9]], tls: true },
};

/** .NET SslPolicyErrors and X509ChainStatusFlags names, with what they mean here. */
export const DOTNET_FLAGS: Readonly<Record<string, WeightedCauses>> = {
  RemoteCertificateNameMismatch: [['hostname-mismatch', 0.85]],
  RemoteCertificateChainErrors: [['untrusted-ca', 0.55], ['incomplete-chain', 0.3], ['self-signed', 0.25]],
  RemoteCertificateNotAvailable: [['client-cert-required', 0.75]],
  UntrustedRoot: [['untrusted-ca', 0.9], ['self-signed', 0.35]],
  PartialChain: [['incomplete-chain', 0.85], ['untrusted-ca', 0.35]],
  NotTimeValid: [['expired', 0.85], ['not-yet-valid', 0.35]],
  Revoked: [['revoked', 0.95]],
  RevocationStatusUnknown: [['revoked', 0.75]],
  OfflineRevocation: [['revoked', 0.7]],
  NotSignatureValid: [['signature-invalid', 0.9]],
  NotValidForUsage: [['wrong-key-usage', 0.9]],
  InvalidBasicConstraints: [['invalid-ca-cert', 0.9]],
  ExplicitDistrust: [['untrusted-ca', 0.8]],
  HasWeakSignature: [['weak-crypto', 0.85]],
  InvalidNameConstraints: [['invalid-ca-cert', 0.85]],
  HasNotPermittedNameConstraint: [['invalid-ca-cert', 0.85]],
};

/** rustls's CertificateError and PeerIncompatible variants (Debug names, as Display prints them). */
export const RUSTLS_VARIANTS: Readonly<Record<string, WeightedCauses>> = {
  UnknownIssuer: UNKNOWN_ISSUER,
  Expired: [['expired', 0.95]],
  NotValidYet: [['not-yet-valid', 0.95]],
  NotValidForName: [['hostname-mismatch', 0.95]],
  BadSignature: [['signature-invalid', 0.9]],
  Revoked: [['revoked', 0.95]],
  UnknownRevocationStatus: [['revoked', 0.75]],
  ExpiredRevocationList: [['revoked', 0.75]],
  InvalidPurpose: [['wrong-key-usage', 0.9]],
  // webpki's names, printed by rustls before 0.21 ("invalid peer certificate: CertExpired", "WebPKIError(CertExpired)").
  CertExpired: [['expired', 0.95]],
  CertNotValidYet: [['not-yet-valid', 0.95]],
  CertNotValidForName: [['hostname-mismatch', 0.95]],
  InvalidSignatureForPublicKey: [['signature-invalid', 0.9]],
  UnsupportedSignatureAlgorithm: [['weak-crypto', 0.6]],
  UnsupportedSignatureAlgorithmForPublicKey: [['weak-crypto', 0.5]],
  RequiredEkuNotFound: [['wrong-key-usage', 0.9]],
  NameConstraintViolation: [['invalid-ca-cert', 0.85]],
  UnhandledCriticalExtension: [],
  BadEncoding: [],
  CaUsedAsEndEntity: [['invalid-ca-cert', 0.8]],
  EndEntityUsedAsCa: [['invalid-ca-cert', 0.9]],
  NoCipherSuitesInCommon: [['no-shared-cipher', 0.95]],
  NoKxGroupsInCommon: [['no-shared-cipher', 0.9]],
  NoSignatureSchemesInCommon: [['no-shared-cipher', 0.9]],
  NoCertificateRequestSignatureSchemesInCommon: [['no-shared-cipher', 0.85]],
  Tls12NotOffered: [['protocol-mismatch', 0.9]],
  Tls12NotOfferedOrEnabled: [['protocol-mismatch', 0.9]],
  Tls13RequiredForQuic: [['protocol-mismatch', 0.8]],
  SupportedVersionsExtensionRequired: [['protocol-mismatch', 0.85]],
  ServerTlsVersionIsDisabledByOurConfig: [['protocol-mismatch', 0.9]],
};

/** How explain names each stack in its output. */
export const STACK_LABELS: Readonly<Record<Stack, string>> = {
  openssl: 'OpenSSL', boringssl: 'BoringSSL', node: 'Node.js', go: 'Go', java: 'Java', python: 'Python', curl: 'curl',
  nginx: 'nginx', envoy: 'Envoy/Istio', rustls: 'rustls', dotnet: '.NET', windows: 'Windows (Schannel)', browser: 'a browser', apple: 'Apple (URLSession / Secure Transport)', erlang: 'Erlang/OTP ssl', qt: 'Qt (QSslError)', ruby: 'Ruby', grpc: 'gRPC',
  postgres: 'PostgreSQL', mysql: 'MySQL', kafka: 'Kafka',
};

/** The alert names .NET's TlsAlertMessage uses where they differ from the IANA names. */
export const DOTNET_ALERT_NAMES: Readonly<Record<string, number>> = { UnsupportedCert: 43, UnknownCA: 48, CertificateUnknown: 46 };

/**
 * Which side printed a line, from what surrounds the error in it (checked in order; the first
 * that matches wins). nginx says "to upstream" when it is the client.
 */
export const SIDE_HINTS: readonly (readonly [RegExp, Party])[] = [
  [/while SSL handshaking to upstream|upstream SSL certificate|SSL_connect|curl: \(\d|HTTPSConnectionPool|urllib3|requests\.exceptions|\bpsql: |connection to server at|ERROR 2026|transport: authentication handshake failed|(?:Get|Post|Put|Head|Delete) "https?:\/\/|upstream connect error|s_client|checkServerCerts|ClientHandshaker/, 'client'],
  [/while SSL handshaking|while reading client request|TLS handshake error from|rejected connection from|SSL_accept|tlsClientError|could not accept SSL connection|Failed authentication with|Server\.Serve failed|s_server|downstream|checkClientCerts|ServerHandshaker/, 'server'],
];

/** Which stack printed a line the patterns above did not claim, from its shape (first match wins; OpenSSL otherwise). */
export const STACK_HINTS: readonly (readonly [RegExp, Stack])[] = [
  [/OPENSSL_internal|BoringSSL/, 'boringssl'],
  [/upstream connect error|envoy/i, 'envoy'],
  [/curl: \(\d/, 'curl'],
  [/_ssl\.c|\bssl\.SSL|SSLError|SSLCertVerificationError|urllib3|HTTPSConnectionPool/, 'python'],
  [/javax\.net\.ssl|java\.security|sun\.security|Received fatal alert: [a-z_]+/, 'java'],
  [/received fatal alert: [A-Z]|rustls/, 'rustls'],
  [/\bERR_(?:SSL|TLS|OSSL)_|\bcode: '|node:internal|\[ERR_/, 'node'],
  [/remote error: tls:|\bx509: |\btls: /, 'go'],
  [/\[(?:emerg|alert|crit|error|warn|notice|info)\] \d+#\d+:|SSL_do_handshake\(\)|nginx/, 'nginx'],
  [/System\.Security|System\.Net|SslStream|AuthenticationException|HttpRequestException/, 'dotnet'],
  [/grpc|rpc error:/i, 'grpc'],
  [/psql|libpq|pg_hba|FATAL: /, 'postgres'],
  [/ERROR \d{4} \(HY000\)|mysql|mariadb/i, 'mysql'],
  [/kafka/i, 'kafka'],
];

/** Failures that happen before TLS: recognised only to say so ("no TLS error, but …"). */
export const NOT_TLS_FAILURES: readonly (readonly [RegExp, string])[] = [
  [/getaddrinfo (?:ENOTFOUND|EAI_AGAIN)|Could not resolve host|no such host|Name or service not known|nodename nor servname provided|Temporary failure in name resolution|UnknownHostException/i,
    'a DNS failure: the host name could not be resolved, before any TLS'],
  [/ECONNREFUSED|Connection refused|actively refused|ConnectException: Connection refused/i,
    'a refused TCP connection: nothing listens on that address and port, before any TLS'],
  [/ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|No route to host|Network is unreachable|connect(?:ion)? timed out/i,
    'a network failure: the host could not be reached, before any TLS'],
];
