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
 *
 * Pure data: nothing here prints, parses argv or touches the process.
 */

export type Stack =
  | 'openssl' | 'boringssl' | 'node' | 'go' | 'java' | 'python' | 'curl' | 'nginx' | 'envoy'
  | 'rustls' | 'dotnet' | 'grpc' | 'postgres' | 'mysql' | 'kafka';

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

type Extra = Pick<MessagePattern, 'generic' | 'logged' | 'judged'>;
const p = (
  id: string, stack: Stack, kind: MessageKind, needle: string, re: RegExp, causes: WeightedCauses,
  meaning: string, source: string, extra: Extra = {},
): MessagePattern => Object.freeze({ id, stack, kind, needle, re, causes, meaning, source, ...extra });

// Go and Java cannot tell a missing intermediate or a self-signed certificate from an unknown CA:
// all three read "unknown authority" / "unable to find valid certification path".
const UNKNOWN_ISSUER: WeightedCauses = [['untrusted-ca', 0.85], ['incomplete-chain', 0.4], ['self-signed', 0.35]];
/** "certificate verify failed" with no reason attached: the usual reasons, commonest first. */
export const VERIFY_FAILED: WeightedCauses = [['untrusted-ca', 0.45], ['incomplete-chain', 0.3], ['self-signed', 0.25], ['expired', 0.2], ['hostname-mismatch', 0.15]];

export const MESSAGE_PATTERNS: readonly MessagePattern[] = Object.freeze([
  // ---------------------------------------------------------------------------------------- Go
  p('go-unknown-authority-cannot-sign', 'go', 'verification', 'x509: certificate signed by unknown authority',
    /x509: certificate signed by unknown authority \(possibly because of "[^"]*parent certificate cannot sign[^"]*"/,
    [['invalid-ca-cert', 0.9], ['untrusted-ca', 0.3]],
    'The candidate issuer has the right name but may not sign certificates (it is no CA, or lacks keyCertSign).', GO_X509),
  p('go-unknown-authority-hint', 'go', 'verification', 'x509: certificate signed by unknown authority',
    /x509: certificate signed by unknown authority \(possibly because of "(?<detail>[^"]*)" while trying to verify candidate authority certificate "(?<names>[^"]*)"\)/,
    [['signature-invalid', 0.8], ['untrusted-ca', 0.4]],
    'A CA certificate with the issuer\'s name is trusted, but its key did not sign this certificate (typically a CA re-created under the same name).', GO_X509),
  p('go-unknown-authority', 'go', 'verification', 'x509: certificate signed by unknown authority',
    /x509: certificate signed by unknown authority/, UNKNOWN_ISSUER,
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
    /x509: certificate relies on legacy Common Name field/, [['cn-only-no-san', 0.95]],
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
    /x509: certificate is not authorized to sign other certificates/, [['invalid-ca-cert', 0.95]],
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
  p('go-no-roots', 'go', 'verification', 'failed to load system roots',
    /x509: failed to load system roots and no roots provided/, [['untrusted-ca', 0.7], ['key-load-failed', 0.4]],
    'Go found no trusted roots at all on this machine.', GO_X509),
  p('go-verify-client-cert', 'go', 'wrapper', 'tls: failed to verify client certificate',
    /tls: failed to verify client(?:'s)? certificate/, VERIFY_FAILED,
    'The Go server refused the client certificate; the x509 error after it says why.', GO_TLS, { generic: true, logged: 'server', judged: 'client' }),
  p('go-verify-cert', 'go', 'wrapper', 'tls: failed to verify certificate',
    /tls: failed to verify certificate/, VERIFY_FAILED,
    'Go (1.20 and later) refused the peer certificate; the x509 error after it says why.', `${GO_TLS} (Go 1.20+ CertificateVerificationError)`, { generic: true }),
  p('go-client-no-cert', 'go', 'client-certificate', "tls: client didn't provide a certificate",
    /tls: client didn't provide a certificate/, [['client-cert-required', 0.95]],
    'The Go server requires a client certificate and the client sent none.', GO_TLS, { logged: 'server', judged: 'client' }),
  p('go-first-record', 'go', 'not-tls', 'first record does not look like a tls handshake',
    /tls: first record does not look like a TLS handshake/, [['not-tls', 0.95]],
    'The bytes received are not a TLS record: the peer speaks plain text on this port.', `${GO_TLS}/conn.go`),
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
    /tls: (?:client offered only unsupported versions|server selected unsupported protocol version|no supported versions satisfy MinVersion and MaxVersion)/, [['protocol-mismatch', 0.95]],
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
    /CertificateExpiredException|NotAfter: /, [['expired', 0.95]],
    'A certificate in the chain is past its notAfter date.', JDK),
  p('java-validity', 'java', 'verification', 'check failed',
    /(?:validity|timestamp) check failed/, [['expired', 0.8], ['not-yet-valid', 0.35]],
    'A certificate in the chain is outside its validity period.', JDK, { generic: true }),
  p('java-not-yet-valid', 'java', 'verification', 'certificatenotyetvalidexception',
    /CertificateNotYetValidException|NotBefore: /, [['not-yet-valid', 0.95]],
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
    /No subject alternative names present/, [['cn-only-no-san', 0.8], ['hostname-mismatch', 0.5]],
    'The certificate has no subject alternative names, and Java checks IP addresses only against SANs.', JDK),
  p('java-empty-client-chain', 'java', 'client-certificate', 'empty client certificate chain',
    /Empty client certificate chain|null cert chain/, [['client-cert-required', 0.9]],
    'The Java server requires a client certificate and the client sent none (a Java client sends none whose issuer the server did not name).', JDK, { logged: 'server', judged: 'client' }),
  p('java-empty-server-chain', 'java', 'credentials', 'empty server certificate chain',
    /Empty server certificate chain/, [['key-load-failed', 0.5]],
    'The server sent an empty certificate chain: it has no certificate configured for this connection.', JDK, { logged: 'client' }),
  p('java-no-cipher', 'java', 'negotiation', 'no cipher suites in common',
    /no cipher suites in common/, [['no-shared-cipher', 0.95]],
    'The two sides share no cipher suite.', JDK),
  p('java-no-protocol', 'java', 'negotiation', 'no appropriate protocol',
    /No appropriate protocol \(protocol is disabled or cipher suites are inappropriate\)/, [['protocol-mismatch', 0.85], ['no-shared-cipher', 0.4]],
    'Java has no enabled TLS version (or no suite for it) that it may use with this peer.', JDK),
  p('java-protocol-refused', 'java', 'negotiation', 'is not accepted by client preferences',
    /The server selected protocol version \S+ is not accepted by client preferences/, [['protocol-mismatch', 0.95]],
    'The TLS version the server chose is disabled on the client.', JDK),
  p('java-protocol-not-enabled', 'java', 'negotiation', 'is not enabled or supported in server context',
    /Client requested protocol \S+ is not enabled or supported in server context/, [['protocol-mismatch', 0.95]],
    'The TLS version the client asked for is disabled on the server.', JDK),
  p('java-not-tls', 'java', 'not-tls', 'unsupported or unrecognized ssl message',
    /Unsupported or unrecognized SSL message/, [['not-tls', 0.95]],
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
    /[Kk]eystore password was incorrect/, [['key-load-failed', 0.9]],
    'A keystore or truststore could not be read: wrong password or wrong file.', JDK),
  p('java-recover-key', 'java', 'credentials', 'recover key',
    /Cannot recover key|Get Key failed/, [['key-load-failed', 0.9]],
    'The key in the keystore could not be decrypted: its password differs from the one given.', JDK),
  p('java-trust-anchors', 'java', 'credentials', 'trustanchors parameter must be non-empty',
    /trustAnchors parameter must be non-empty/, [['key-load-failed', 0.85]],
    'The truststore is missing or empty, so no certificate can be trusted.', JDK),
  p('java-no-auth-scheme', 'java', 'credentials', 'no available authentication scheme',
    /No available authentication scheme/, [['key-load-failed', 0.5], ['no-shared-cipher', 0.4]],
    'Java has no certificate and key it can sign with for this handshake (an empty keystore, or a key type the peer does not accept).', JDK),

  // ------------------------------------------------------------------------------------ Python
  p('python-hostname', 'python', 'hostname', 'mismatch, certificate is not valid for',
    /(?:Hostname|IP address) mismatch, certificate is not valid for '(?<host>[^']+)'/, [['hostname-mismatch', 0.95]],
    'The certificate does not hold the host name or IP address that was dialled.', PY),
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
    /could not load PEM client certificate|unable to use client certificate|unable to set client certificate|could not load ASN1 client certificate|could not parse PKCS12 file/, [['key-load-failed', 0.9]],
    'curl could not load the --cert file.', CURL, { logged: 'client' }),
  p('curl-ca-file', 'curl', 'credentials', 'error setting certificate',
    /error setting certificate (?:verify locations|file)|error reading ca cert file|error adding trust anchors/, [['key-load-failed', 0.9]],
    'curl could not read the --cacert / --capath file.', CURL, { logged: 'client' }),
  p('curl-cipher', 'curl', 'negotiation', 'failed setting cipher list',
    /failed setting cipher list|failed setting TLS 1\.3 cipher suite/, [['no-shared-cipher', 0.6]],
    'The --ciphers / --tls13-ciphers list names no cipher suite this OpenSSL knows.', CURL, { logged: 'client' }),
  p('curl-syscall', 'curl', 'reset', 'ssl_error_syscall',
    /SSL_ERROR_SYSCALL/, [['connection-reset', 0.75]],
    'The connection was closed or reset during the handshake, without a TLS alert.', CURL, { logged: 'client' }),
  p('curl-connect-reset', 'curl', 'reset', 'connection reset by peer',
    /OpenSSL SSL_(?:connect|read|write): Connection reset by peer/, [['connection-reset', 0.8]],
    'The server reset the connection during the handshake (SSL_connect) or right after it (SSL_read: TLS 1.3 servers judge the client certificate then).', CURL, { logged: 'client' }),
  p('curl-exit', 'curl', 'exit-code', 'curl: (',
    /curl: \((?<curl>\d{1,3})\)/, [],
    'curl\'s exit code; the text after it says more.', CURL, { logged: 'client', generic: true }),

  // ------------------------------------------------------------------------------------- nginx
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
  p('nginx-peer-closed', 'nginx', 'reset', 'peer closed connection in ssl handshake',
    /peer closed connection in SSL handshake/, [['connection-reset', 0.8]],
    'The peer closed the connection during the handshake without an alert.', NGINX),
  p('nginx-no-certificate', 'nginx', 'credentials', 'no "ssl_certificate" is defined',
    /no "ssl_certificate" is defined/, [['key-load-failed', 0.6]],
    'The server block listens with ssl but has no certificate configured.', NGINX, { logged: 'server' }),
  p('nginx-load', 'nginx', 'credentials', 'cannot load certificate',
    /cannot load certificate(?: key)? "[^"]*"/, [['key-load-failed', 0.9]],
    'nginx could not load a certificate or key file named in its configuration.', NGINX, { logged: 'server' }),
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
  p('dotnet-closed', 'dotnet', 'reset', 'the remote party has closed the transport stream',
    /Authentication failed because the remote party has closed the transport stream|Received an unexpected EOF or 0 bytes from the transport stream/, [['connection-reset', 0.8]],
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
    /root certificate file "[^"]*" does not exist/, [['key-load-failed', 0.85]],
    'sslmode=verify-ca/verify-full needs the root CA file (sslrootcert, ~/.postgresql/root.crt) and it is missing.', PG),
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
  p('kafka-handshake', 'kafka', 'wrapper', 'ssl handshake failed',
    /SslAuthenticationException: SSL handshake failed|Failed authentication with \S+ \(SSL handshake failed\)/, [],
    'Kafka\'s TLS handshake failed; the javax.net.ssl exception it wraps says why.', 'https://kafka.apache.org/documentation/#security_ssl', { generic: true }),

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
  p('openssl-write-errno', 'openssl', 'reset', 'errno=',
    /(?:write|read):errno=(?:104|32)\b/, [['connection-reset', 0.6]],
    'openssl s_client: the peer reset (104) or closed (32) the connection.', 'openssl apps/s_client.c'),

  // -------------------------------------------------------------------------------------- Node
  p('node-altname', 'node', 'hostname', "does not match certificate's altnames",
    /Hostname\/IP does not match certificate's altnames: (?:Host: (?<host>\S+?)\.? is not (?:in the cert's altnames|cert's CN): (?<names>[^\n]*)|IP: (?<ip>\S+) is not in the cert's list: (?<iplist>[^\n]*))?/, [['hostname-mismatch', 0.95]],
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
  nginx: 'nginx', envoy: 'Envoy/Istio', rustls: 'rustls', dotnet: '.NET', grpc: 'gRPC', postgres: 'PostgreSQL', mysql: 'MySQL', kafka: 'Kafka',
};

/** The alert names .NET's TlsAlertMessage uses where they differ from the IANA names. */
export const DOTNET_ALERT_NAMES: Readonly<Record<string, number>> = { UnsupportedCert: 43, UnknownCA: 48, CertificateUnknown: 46 };

/**
 * Which side printed a line, from what surrounds the error in it (checked in order; the first
 * that matches wins). nginx says "to upstream" when it is the client.
 */
export const SIDE_HINTS: readonly (readonly [RegExp, Party])[] = [
  [/while SSL handshaking to upstream|upstream SSL certificate|SSL_connect|curl: \(\d|HTTPSConnectionPool|urllib3|requests\.exceptions|\bpsql: |connection to server at|ERROR 2026|transport: authentication handshake failed|(?:Get|Post|Put|Head|Delete) "https?:\/\/|upstream connect error|s_client|checkServerCerts|ClientHandshaker/, 'client'],
  [/while SSL handshaking|while reading client request|TLS handshake error from|SSL_accept|tlsClientError|could not accept SSL connection|Failed authentication with|Server\.Serve failed|s_server|downstream|checkClientCerts|ServerHandshaker/, 'server'],
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
