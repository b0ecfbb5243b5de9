import { describe, expect, it } from 'vitest';
import { decodePackedError, sslReasonOf } from '../../src/diagnose/knowledge/packed-errors.js';
import { Explainer, explainText } from '../../src/diagnose/explain.js';
import { recognizeLine, recognizeToken } from '../../src/diagnose/recognize.js';

// explain's engine with known answers. Messages marked "measured" were printed on this machine
// (see test/fixtures/explain-corpus); the others are quoted from the public reports named there.

const first = (text: string, x509 = false) => explainText(text, { x509 }).causes[0]?.id;

describe('packed OpenSSL and BoringSSL codes', () => {
  it('decodes OpenSSL 3 codes: library in the top 9 bits, reason in the low 18 (flags above)', () => {
    const [r] = decodePackedError(0x0a000418, { library: 'SSL routines' });
    expect(r).toMatchObject({ layout: 'openssl-3', library: 20, libraryName: 'SSL routines', reason: 1048, alert: 48 });
    expect(decodePackedError(0x05800074)[0]).toMatchObject({ layout: 'openssl-3', library: 11, reason: 116, reasonText: 'key values mismatch' });
    expect(decodePackedError(0x0a000086)[0]).toMatchObject({ reasonText: 'certificate verify failed', alert: null });
    // ERR_RFLAG_FATAL | ERR_RFLAG_COMMON on ERR_R_INTERNAL_ERROR (curl issue 10002).
    expect(decodePackedError(0x0a0c0103)[0]).toMatchObject({ layout: 'openssl-3', reason: 259, reasonText: 'internal error' });
    expect(decodePackedError(0x80000002)[0]).toMatchObject({ layout: 'openssl-3', library: 2, errno: 2 });
  });

  it('decodes OpenSSL 1.1 codes: library, function and reason in 8, 12 and 12 bits', () => {
    const [r] = decodePackedError(0x14094418, { library: 'SSL routines' });
    expect(r).toMatchObject({ layout: 'openssl-1.1', library: 20, function: 0x094, reason: 0x418, alert: 48 });
    expect(decodePackedError(0x0b080074, { library: 'x509 certificate routines' })[0]).toMatchObject({ layout: 'openssl-1.1', reasonText: 'key values mismatch' });
  });

  it("decodes BoringSSL's codes, in hex and in Envoy's decimal", () => {
    expect(decodePackedError(268435581, { decimal: true })[0]).toMatchObject({ layout: 'boringssl', library: 16, reason: 125, reasonText: 'CERTIFICATE_VERIFY_FAILED' });
    expect(decodePackedError(0x1000007d, { boring: true })[0]).toMatchObject({ layout: 'boringssl', reasonText: 'CERTIFICATE_VERIFY_FAILED' });
    expect(decodePackedError(268435703, { decimal: true })[0]).toMatchObject({ reasonText: 'WRONG_VERSION_NUMBER' });
    expect(decodePackedError(268436502, { decimal: true })[0]).toMatchObject({ layout: 'boringssl', alert: 46 });
  });

  it('finds the SSL reason whichever layout holds it', () => {
    expect(sslReasonOf(0x0a000418)).toBe(1048);
    expect(sslReasonOf(0x14094418)).toBe(1048);
    expect(sslReasonOf(0x10000418)).toBe(1048);
    expect(sslReasonOf(0x05800074)).toBeNull();
  });
});

describe('a bare number or code', () => {
  it.each([
    ['48', 'alert', 'untrusted-ca'],
    ['0x30', 'alert', 'untrusted-ca'],
    ['116', 'alert', 'client-cert-required'],
    ['70', 'alert', 'protocol-mismatch'],
    ['1045', 'alert', 'expired'],
    ['268435581', 'error-code', 'untrusted-ca'],
    ['0A000418', 'alert', 'untrusted-ca'],
    ['X509_V_ERR_CERT_HAS_EXPIRED', 'verification', 'expired'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'verification', 'self-signed'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'hostname', 'hostname-mismatch'],
    ['ERR_SSL_WRONG_VERSION_NUMBER', 'not-tls', 'not-tls'],
    ['unknown_ca', 'alert', 'untrusted-ca'],
    ['UnknownIssuer', 'verification', 'untrusted-ca'],
    ['RemoteCertificateNameMismatch', 'verification', 'hostname-mismatch'],
    ['CERTIFICATE_VERIFY_FAILED', 'verification', 'untrusted-ca'],
  ])('%s', (token, kind, cause) => {
    const [finding] = recognizeToken(token)!;
    expect(finding!.kind).toBe(kind);
    expect(first(token)).toBe(cause);
  });

  it('reads a number as an X509_V_ERR code with --x509', () => {
    expect(recognizeToken('20', { x509: true })![0]!.x509).toMatchObject({ number: 20, symbol: 'X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY' });
    expect(first('10', true)).toBe('expired');
    expect(first('62', true)).toBe('hostname-mismatch');
    expect(first('10')).toBeUndefined(); // alert 10 unexpected_message names no cause
  });

  it('keeps an alert number outside the registry', () => {
    expect(recognizeToken('250')![0]!.alert).toMatchObject({ number: 250, name: 'alert(250)' });
    expect(recognizeToken('not-a-code')).toBeNull();
  });
});

describe("each stack's phrasings", () => {
  it.each([
    // measured (test/fixtures/explain-corpus/reproduced.jsonl)
    ['curl: (60) SSL certificate problem: self-signed certificate', 'self-signed'],
    ["curl: (60) SSL: no alternative certificate subject name matches target host name 'localhost'", 'hostname-mismatch'],
    ['curl: (56) OpenSSL SSL_read: OpenSSL/3.0.19: error:0A00045C:SSL routines::tlsv13 alert certificate required, errno 0', 'client-cert-required'],
    ['ssl.SSLCertVerificationError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: certificate has expired (_ssl.c:1006)', 'expired'],
    ['ssl.SSLError: [SSL: TLSV1_ALERT_PROTOCOL_VERSION] tlsv1 alert protocol version (_ssl.c:1006)', 'protocol-mismatch'],
    ["Error: unable to verify the first certificate\n  code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'", 'incomplete-chain'],
    ["Error [ERR_TLS_CERT_ALTNAME_INVALID]: Hostname/IP does not match certificate's altnames: Host: localhost. is not in the cert's altnames: DNS:other.example", 'hostname-mismatch'],
    ['Get "https://127.0.0.1:40391/": x509: certificate specifies an incompatible key usage', 'wrong-key-usage'],
    ['Get "https://127.0.0.1:40497/": x509: certificate relies on legacy Common Name field, use SANs instead', 'cn-only-no-san'],
    ['Get "https://127.0.0.1:36787/": x509: certificate signed by unknown authority (possibly because of "x509: invalid signature: parent certificate cannot sign this kind of certificate" while trying to verify candidate authority certificate "Not A CA")', 'invalid-ca-cert'],
    ['http: TLS handshake error from 127.0.0.1:PORT: tls: client didn\'t provide a certificate', 'client-cert-required'],
    ['Exception in thread "main" javax.net.ssl.SSLHandshakeException: No subject alternative DNS name matching localhost found.', 'hostname-mismatch'],
    ['javax.net.ssl.SSLHandshakeException: Extended key usage does not permit use for TLS client authentication', 'wrong-key-usage'],
    ['javax.net.ssl.SSLHandshakeException: Empty client certificate chain', 'client-cert-required'],
    ['Verification error: unsuitable certificate purpose\nVerify return code: 26 (unsuitable certificate purpose)', 'wrong-key-usage'],
    ['client SSL certificate verify error: (10:certificate has expired) while reading client request headers, client: 127.0.0.1', 'expired'],
    ['tls: private key does not match public key', 'key-mismatch'],
    ["Error: error:1C800064:Provider routines::bad decrypt\n  code: 'ERR_OSSL_BAD_DECRYPT'", 'key-load-failed'],
    // quoted (test/fixtures/explain-corpus/sourced.jsonl)
    ['upstream connect error or disconnect/reset before headers. reset reason: connection failure, transport failure reason: TLS error: 268435703:SSL routines:OPENSSL_internal:WRONG_VERSION_NUMBE', 'not-tls'],
    ['debug\tenvoy connection\t[C8] TLS error: 268436501:SSL routines:OPENSSL_internal:SSLV3_ALERT_CERTIFICATE_EXPIRED', 'expired'],
    ['error trying to connect: invalid peer certificate: UnknownIssuer', 'untrusted-ca'],
    ['The remote certificate is invalid according to the validation procedure: RemoteCertificateNameMismatch', 'hostname-mismatch'],
    ['connection to server at "127.0.0.1", port 5432 failed: server certificate for "localhost" does not match host name "127.0.0.1"', 'hostname-mismatch'],
    ['FATAL: error 2026: SSL connection error: error:0A000126:SSL routines::unexpected eof while reading', 'connection-reset'],
    ['Handshake failed with fatal error SSL_ERROR_SSL: error:100000f7:SSL routines:OPENSSL_internal:WRONG_VERSION_NUMBER.', 'not-tls'],
    ['400 Bad Request\nNo required SSL certificate was sent\nnginx/1.19.2', 'client-cert-required'],
    // documented wordings (each pattern's source in src/diagnose/knowledge/stack-messages.ts)
    ['The underlying connection was closed: Could not establish trust relationship for the SSL/TLS secure channel.', 'untrusted-ca'],
    ['The request was aborted: Could not create SSL/TLS secure channel.', 'protocol-mismatch'],
    ['The certificate chain was issued by an authority that is not trusted.', 'untrusted-ca'],
    ['javax.net.ssl.SSLPeerUnverifiedException: Certificate for <api.example.com> doesn\'t match any of the subject alternative names: [example.com]', 'hostname-mismatch'],
    ['javax.net.ssl.SSLPeerUnverifiedException: Hostname api.example.com not verified:', 'hostname-mismatch'],
    ['java.security.cert.CertPathValidatorException: Trust anchor for certification path not found.', 'untrusted-ca'],
    ['javax.net.ssl.SSLException: Unrecognized SSL message, plaintext connection?', 'not-tls'],
    ["fatal: unable to access 'https://git.example.com/x.git/': server certificate verification failed. CAfile: /etc/ssl/certs/ca-certificates.crt CRLfile: none", 'untrusted-ca'],
    ['- Status: The certificate is NOT trusted. The certificate chain uses expired certificate.', 'expired'],
    ['gnutls_handshake() failed: An unexpected TLS packet was received.', 'not-tls'],
    ['gnutls_handshake() failed: Error in the pull function.', 'connection-reset'],
    ['Get "https://registry:5000/v2/": tls: oversized record received with length 20527', 'not-tls'],
    ['x509: certificate signed by unknown authority (possibly because of "x509: cannot verify signature: insecure algorithm SHA1-RSA" while trying to verify candidate authority certificate "ca")', 'weak-crypto'],
    ['Your connection is not private NET::ERR_CERT_AUTHORITY_INVALID', 'untrusted-ca'],
    ['Error code: SSL_ERROR_BAD_CERT_DOMAIN', 'hostname-mismatch'],
    ['Error code: MOZILLA_PKIX_ERROR_SELF_SIGNED_CERT', 'self-signed'],
    ['SEC_E_WRONG_PRINCIPAL', 'hostname-mismatch'],
    ['TLS error: WebPKIError(CertExpired)', 'expired'],
    ['Security callback: Certificate chain CA digest=RSA-SHA1, security bits=80: no', 'weak-crypto'],
    ['2014/12/23 23:37:40 [info] 8442#0: *573 SSL_do_handshake() failed (SSL: error:1408A10B:SSL routines:SSL3_GET_CLIENT_HELLO:wrong version number) while SSL handshaking, client: 10.0.0.247', 'protocol-mismatch'],
    ['SSL_do_handshake() failed (SSL: error:0A000410:SSL routines::sslv3 alert handshake failure:SSL alert number 40) while SSL handshaking to upstream, client: 1.2.3.4', 'sni-unrecognized'],
    ["Error: Hostname/IP doesn't match certificate's altnames", 'hostname-mismatch'],
    ["CertificateError(\"hostname 'a.example.com' doesn't match 'www.example.com'\",)", 'hostname-mismatch'],
    ['{"code":"CERT_HAS_EXPIRED"}', 'expired'],
    ["ERROR: cannot verify example.org's certificate, issued by 'CN=R3': Unable to locally verify the issuer's authority.", 'untrusted-ca'],
    ['[2023-01-01T00:00:00,000][WARN ][o.e.x.s.t.n.SecurityNetty4HttpServerTransport] received plaintext http traffic on an https channel, closing connection', 'not-tls'],
    ['OpenSSL::SSL::SSLError: SSL_connect returned=1 errno=0 state=unknown state: tlsv1 unrecognized name', 'sni-unrecognized'],
    ["error:14077438:SSL routines:SSL23_GET_SERVER_HELLO:tlsv1 alert internal error", 'sni-unrecognized'],
    ['Authentication Failed because the remote party has closed the transport stream', 'connection-reset'],
    ['VERIFY KU ERROR', 'wrong-key-usage'],
    ['certificate signed by unknown authority', 'untrusted-ca'],
    ['http: TLS handshake error from 10.0.0.1:5555: tls: client offered an unsupported, maximum protocol version of 300', 'protocol-mismatch'],
    ['curl: (77) error setting certificate verify locations:  CAfile: /etc/ssl/certs/ca-certificates.crt CApath: none', 'untrusted-ca'],
    // quoted, round 4 of the blind collection (test/fixtures/explain-corpus/sourced.jsonl)
    ['javax.net.ssl.SSLHandshakeException:No appropriate protocol', 'protocol-mismatch'],
    ['Caused by: javax.net.ssl.SSLHandshakeException: null cert chain', 'client-cert-required'],
    ['Certificates do not conform to algorithm constraints', 'weak-crypto'],
    ['DerInputStream.getLength(): lengthTag=111, too big', 'key-load-failed'],
    ['java.io.IOException: toDerInputStream rejects tag type 45', 'key-load-failed'],
    ['Caused by: java.io.IOException: Hostname 192.168.1.1 not verified:\n    certificate: sha1/x=\n    DN: CN=192.168.1.1\n    subjectAltNames: []', 'cn-only-no-san'],
    ['Caused by: java.security.cert.CertificateException: No subject alternative names present', 'hostname-mismatch'],
    ['received corrupt message of type InvalidContentType', 'not-tls'],
    ['1503753981: OpenSSL Error: error:140760FC:SSL routines:SSL23_GET_CLIENT_HELLO:unknown protocol', 'not-tls'],
    ['ssl_error_no_cypher_overlap', 'no-shared-cipher'],
    ['schannel: next InitializeSecurityContext failed: Unknown error (0x80092012) - Funkcja odwołania nie może sprawdzić odwołania certyfikatu', 'revoked'],
    ['SSL peer certificate validation failed: Certificate trust failure: CSSMERR_TP_NOT_TRUSTED; connection rejected', 'untrusted-ca'],
    ['postfix/smtp[113807]: Untrusted TLS connection established to gmail-smtp-in.l.google.com[66.102.1.27]:25: TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)', 'untrusted-ca'],
    ['Client bar sending CONNECT\nError: host name verification failed.\nOpenSSL Error[0]: error:0A000086:SSL routines::certificate verify failed', 'hostname-mismatch'],
    ['reason: {ssl_error,{options,{cacertfile,"/root/ca.pem",{error,eacces}}}}', 'key-load-failed'],
    ['A fatal alert was received from the remote endpoint. The TLS protocol defined fatal alert code is 48.', 'untrusted-ca'],
    ["A connection was successfully established with the server, but then an error occurred during the login process. (provider: SSL Provider, error: 0 - The certificate chain was issued by an authority that is not trusted.)", 'self-signed'],
    ['javax.net.ssl.SSLHandshakeException: org.bouncycastle.jce.exception.ExtCertPathValidatorException: Could not validate certificate: current time: Thu Jan 01 00:08:30 GMT+00:00 1970, validation time: Thu Mar 17 16:40:46 GMT+00:00 2016', 'not-yet-valid'],
    ['Could not validate certificate: current time: Mon Mar 02 10:00:00 GMT+00:00 2026, validation time: Thu Mar 17 16:40:46 GMT+00:00 2016', 'expired'],
    ['2019-03-28 17:59:15,758 ERROR [Controller id=0, targetBrokerId=0] Connection to node 0 (kafka-0.kafka-brokers/10.233.69.142:9091) failed authentication due to: SSL handshake failed (org.apache.kafka.clients.NetworkClient)', 'hostname-mismatch'],
    // quoted, round 5 of the blind collection
    ['Error : javax.net.ssl.SSLHandshakeException: Chain validation failed', 'expired'],
    ['Could not transfer artifact org.grails.plugins:standalone:zip:1.3 from/to grailsCentral (https://repo.grails.org/grails/plugins): sun.security.validator.ValidatorException: PKIX path validation failed: ', 'expired'],
    ['Invoke-WebRequest : The underlying connection was closed: An unexpected error occurred on a send.', 'protocol-mismatch'],
    ['A connection was successfully established with the server, but then an error occurred during the pre-login handshake. (provider: TCP Provider, error: 35 - An internal exception was caught)', 'protocol-mismatch'],
    ['Unexpected recaptcha verification result: CURL Error: 60 - Peer\'s Certificate issuer is not recognized.', 'untrusted-ca'],
    ['ocaml.org uses an invalid security certificate.\nThe certificate is not trusted because no issuer chain was provided.', 'incomplete-chain'],
    ['CLIENT ALERT: Fatal - Certificate Unknown', 'self-signed'],
    ['TLS client: In state certify at ssl_handshake.erl:1901 generated CLIENT ALERT: Fatal - Unknown CA', 'untrusted-ca'],
    ['TLS client: In state cipher received SERVER ALERT: Fatal - Certificate required', 'client-cert-required'],
    ['This server could not prove that it is 192.168.1.123; its security certificate is from 192.168.1.123. This may be caused by a misconfiguration or an attacker intercepting your connection.', 'cn-only-no-san'],
    ['This server could not prove that it is www.example.org; its security certificate is from example.net. This may be caused by a misconfiguration.', 'hostname-mismatch'],
    ['2021/04/18 12:37:21 [crit] 28131#28131: *15 SSL_do_handshake() failed (SSL: error:142090BA:SSL routines:tls_early_post_process_client_hello:bad cipher) while SSL handshaking, client: 192.168.42.1', 'no-shared-cipher'],
    ['CFNetwork SSLHandshake failed (-9824)\nNSURLSession/NSURLConnection HTTP load failed (kCFStreamErrorDomainSSL, -9824)', 'protocol-mismatch'],
    ['java.io.FileNotFoundException: class path resource [identity.jks] cannot be resolved to URL because it does not exist', 'key-load-failed'],
    ['javax.net.ssl.SSLSocket: SSL handshake aborted: ssl=0x7b9c42b0: Failure in SSL library, usually a protocol error\nerror:14077410:SSL routines:SSL23_GET_SERVER_HELLO:sslv3 alert handshake failure (external/openssl/ssl/s23_clnt.c:741 0x76c7cce0:0x00000000)', 'protocol-mismatch'],
    // quoted in public reports: a server signing with SHA-1 against security level 2
    // (swartjean/ha-eskom-loadshedding#3, openssl/openssl#7126, openssl/openssl#21254)
    ['ssl.SSLError: [SSL: WRONG_SIGNATURE_TYPE] wrong signature type (_ssl.c:1056)', 'weak-crypto'],
    ['139921395720640:error:1414D172:SSL routines:tls12_check_peer_sigalg:wrong signature type:../ssl/t1_lib.c:1073:', 'weak-crypto'],
    ['ERROR : SSL connect error 167772493: error:0A00014D:SSL routines::legacy sigalg disallowed or unsupported', 'weak-crypto'],
    // quoted, round 6 of the blind collection
    ['DHPublicKey does not comply to algorithm constraints', 'weak-crypto'],
    ['Unhandled exception. Interop+AppleCrypto+AppleCommonCryptoCryptographicException: MAC verification failed during PKCS12 import (wrong password?)', 'key-load-failed'],
    ['System.Security.Cryptography.CryptographicException: The certificate data cannot be read with the provided password, the password may be incorrect.', 'key-load-failed'],
    ['Internal.Cryptography.CryptoThrowHelper+WindowsCryptographicException: The specified network password is not correct.', 'key-load-failed'],
    ['This site can’t provide a secure connection\n\nscreencloud.net uses an unsupported protocol.\nERR_SSL_OBSOLETE_CIPHER', 'no-shared-cipher'],
    ["2018039T02:25:42[MainProcess:140099298334848] Stats: 127.0.0.1:1234 Connection Error? hostname '127.0.0.1' doesn't match u'192.168.192.4'", 'hostname-mismatch'],
    ["ssl.CertificateError: hostname 'nas.local' doesn't match u'nas.local'", 'cn-only-no-san'],
    ['SSL: error:1402710B:SSL routines:ACCEPT_SR_CLNT_HELLO_C:wrong version number', 'protocol-mismatch'],
    ['This server could not prove that it is localhost; its security certificate is from [missing_subjectAltName]. This may be caused by a misconfiguration or an attacker intercepting your connection.', 'cn-only-no-san'],
    ['NET:ERR_CERT_COMMON_NAME_INVALID', 'cn-only-no-san'],
    ['Request aborted: SSL/TLS security channel could not be created.', 'protocol-mismatch'],
    ['Could not verify the SSL certificate for https://gems.example.com/.\nThere is a chance you are experiencing a man-in-the-middle attack, but most\nlikely your system doesn\'t have the CA certificates needed for verification.', 'untrusted-ca'],
    // measured: openssl s_client with a CA file holding an intermediate but not its root
    ['upstream SSL certificate verify error: (2:unable to get issuer certificate) while SSL handshaking to upstream', 'untrusted-ca'],
    ['verify error:num=2:unable to get issuer certificate', 'untrusted-ca'],
    // Qt's QSslError texts (qtbase src/network/ssl/qsslerror.cpp), read as the X509 error each stands for
    ['SSL error: The issuer certificate of a locally looked up certificate could not be found', 'untrusted-ca'],
    ['One or more SSL errors has occurred:\nThe issuer certificate could not be found', 'untrusted-ca'],
    ['The root certificate of the certificate chain is self-signed, and untrusted', 'untrusted-ca'],
    ['The certificate is self-signed, and untrusted', 'self-signed'],
    ['No certificates could be verified', 'incomplete-chain'],
    ['One of the CA certificates is invalid', 'invalid-ca-cert'],
    ['The supplied certificate is unsuitable for this purpose', 'wrong-key-usage'],
    ['The root CA certificate is not trusted for this purpose', 'untrusted-ca'],
  ])('%s', (text, cause) => {
    expect(first(text)).toBe(cause);
  });

  it('reads the side that printed a line and whose certificate was judged', () => {
    const [f] = recognizeLine('2024/01/01 12:00:00 [info] 7#7: *1 client SSL certificate verify error: (20:unable to get local issuer certificate) while reading client request headers, client: 127.0.0.1').findings;
    expect(f).toMatchObject({ stack: 'nginx', side: 'server', judged: 'client', x509: { number: 20 } });
    const cause = explainText('client SSL certificate verify error: (20:unable to get local issuer certificate) while reading client request headers').causes[0]!;
    expect(cause.fix.some((line) => line.startsWith('You run the server:'))).toBe(true);
    expect(cause.fix.some((line) => line.startsWith("The client's owner:"))).toBe(true);
    // The same alert means different things depending on who received it.
    expect(first('http: TLS handshake error from 10.0.0.1:5555: remote error: tls: bad certificate')).toBe('untrusted-ca');
    expect(first('curl: (56) OpenSSL SSL_read: error:0A000412:SSL routines::sslv3 alert bad certificate, errno 0')).toBe('client-cert-rejected');
  });

  it("reads alert 46 logged by a server as the client refusing the server's certificate, and s_server's DH probe as noise", () => {
    expect(first('SSL_do_handshake() failed (SSL: error:14094416:SSL routines:ssl3_read_bytes:sslv3 alert certificate unknown:SSL alert number 46) while SSL handshaking, client: 10.0.0.1')).toBe('self-signed');
    expect(first('curl: (56) OpenSSL SSL_read: error:0A000416:SSL routines::sslv3 alert certificate unknown, errno 0')).toBe('client-cert-rejected');
    expect(explainText('140248485241984:error:0909006C:PEM routines:get_name:no start line:crypto/pem/pem_lib.c:745:Expecting: DH PARAMETERS').causes).toEqual([]);
  });

  it('prefers a precise reason to the wrapper around it', () => {
    const r = explainText('sqlalchemy.exc.OperationalError: SSL error: certificate verify failed: certificate has expired');
    expect(r.causes[0]!.id).toBe('expired');
    expect(explainText('SSL error: certificate verify failed').causes[0]!.id).toBe('untrusted-ca');
  });
});

describe("Apple's codes", () => {
  it.each([
    ['Error Domain=NSURLErrorDomain Code=-1202 "The certificate for this server is invalid." UserInfo={_kCFStreamErrorCodeKey=-9813, _kCFStreamErrorDomainKey=3}', 'untrusted-ca'],
    ['Error Domain=NSURLErrorDomain Code=-1201 "The certificate for this server has expired."', 'expired'],
    ['Task <1> HTTP load failed, 0/0 bytes (error code: -1200 [3:-9836])', 'protocol-mismatch'],
    ['NSURLSession/NSURLConnection HTTP load failed (kCFStreamErrorDomainSSL, -9814)', 'expired'],
    ['SSLHandshake failed: errSSLPeerUnknownCA', 'untrusted-ca'],
    ['OSStatus error -9843', 'hostname-mismatch'],
    ['URLError.serverCertificateNotYetValid', 'not-yet-valid'],
    ['NSURLErrorClientCertificateRequired', 'client-cert-required'],
  ])('%s → %s', (text, cause) => {
    expect(first(text)).toBe(cause);
  });

  it('reads an errSSLPeer code as the alert the peer sent', () => {
    const [f] = explainText('_kCFStreamErrorCodeKey=-9825').recognized;
    expect(f?.stack).toBe('apple');
    expect(f?.alert).toMatchObject({ number: 42, name: 'bad_certificate', direction: 'received' });
  });
});

describe('plain words, when nothing more precise is in the text', () => {
  it.each([
    ['Error: The SSL certificate for api.example.com expired on 2024-01-01', 'expired'],
    ['TLS handshake failed: client certificate missing', 'client-cert-required'],
    ['SSL error: the server certificate is not trusted', 'untrusted-ca'],
    ['Handshake failed: no common protocol version', 'protocol-mismatch'],
    ['error: TLS certificate verification failed: certificate is issued for a different host name', 'hostname-mismatch'],
    ['Could not load private key from /etc/ssl/private/key.pem', 'key-load-failed'],
    ['TLS: the certificate is self-signed', 'self-signed'],
    ['The certificate for this server is invalid', 'untrusted-ca'],
  ])('%s → %s', (text, cause) => {
    const r = explainText(text);
    expect(r.causes[0]?.id).toBe(cause);
    expect(r.causes[0]!.evidence.join('\n')).toMatch(/The message says/);
    // Modest: a few word groups agreeing stay under what a recognised message gives.
    expect(r.causes[0]!.confidence).toBeLessThanOrEqual(0.72);
  });

  it('gives way to a recognised message anywhere in the text', () => {
    const r = explainText('TLS: the certificate chain is incomplete\ncurl: (60) SSL certificate problem: certificate has expired');
    expect(r.causes[0]?.id).toBe('expired');
    expect(r.recognized.some((f) => f.pattern === 'keywords')).toBe(false);
  });

  it('reads only lines about TLS, and not the words of a pre-TLS failure', () => {
    expect(explainText('your password expired on 2024-01-01').causes).toEqual([]);
    expect(explainText('Error: connect ECONNREFUSED 127.0.0.1:443 (tls reset)').causes).toEqual([]);
  });
});

describe('logs', () => {
  const log = [
    '2024-05-01T10:00:00Z INFO starting api on :8443',
    '2024-05-01T10:00:01Z INFO GET /healthz 200',
    '2024-05-01T10:00:02Z ERROR http: TLS handshake error from 10.0.0.7:51234: tls: client didn\'t provide a certificate',
    '2024-05-01T10:00:03Z INFO GET /healthz 200',
    '2024-05-01T10:00:04Z ERROR http: TLS handshake error from 10.0.0.7:51240: tls: client didn\'t provide a certificate',
    '2024-05-01T10:00:05Z ERROR http: TLS handshake error from 10.0.0.9:40000: tls: failed to verify client certificate: x509: certificate has expired or is not yet valid: current time 2024-05-01T10:00:05Z is after 2024-04-01T00:00:00Z',
    '2024-05-01T10:00:06Z INFO connection to cache refused? no: cache ok',
  ].join('\n');

  it('finds every TLS error, counts repeats, and ranks causes by evidence', () => {
    const r = explainText(log);
    expect(r.scanned.lines).toBe(7);
    const noCert = r.recognized.find((f) => f.pattern === 'go-client-no-cert')!;
    expect(noCert).toMatchObject({ line: 3, count: 2, side: 'server' });
    // Equally certain, so the cause seen on more connections comes first.
    expect(r.causes.map((c) => c.id)).toEqual(['client-cert-required', 'expired']);
    expect(r.causes[0]!.evidence[0]).toContain('line 3, 2×');
  });

  it('reads a log fed in chunks of any size exactly as at once', () => {
    const whole = explainText(log);
    for (const size of [1, 7, 64]) {
      const explainer = new Explainer();
      for (let i = 0; i < log.length; i += size) explainer.push(log.slice(i, i + size));
      expect(explainer.result()).toEqual(whole);
    }
  });

  it('says so when the text holds no TLS error', () => {
    for (const [text, words] of [
      ['Error: getaddrinfo ENOTFOUND api.internal', 'DNS failure'],
      ['Error: connect ECONNREFUSED 127.0.0.1:8443', 'refused TCP connection'],
      ['curl: (7) Failed to connect to localhost port 8443 after 0 ms: Connection refused', 'refused TCP connection'],
      ['everything is fine', 'No TLS error'],
    ] as const) {
      const r = explainText(text);
      expect(r.causes, text).toEqual([]);
      expect(r.note, text).toContain(words);
    }
    expect(explainText('').note).toContain('No text');
  });
});
