import { spawnSync } from 'node:child_process';
import net from 'node:net';
import tls from 'node:tls';
import { describe, expect, it } from 'vitest';
import { CAUSE_IDS } from '../../src/diagnose/knowledge/causes.js';
import {
  ALERTS,
  OPENSSL_REASONS,
  alertByName,
  alertByNumber,
  alertInError,
  reasonInError,
} from '../../src/diagnose/knowledge/tls-alerts.js';

// The alert registry and OpenSSL's reasons as data, recognised in real error messages. Every
// fixture marked "measured" is a literal string from this machine (Node 20.20 with its bundled
// OpenSSL 3.0, `openssl s_server`/`s_client` 3.0.19, Python 3, curl 7.88, OpenJDK 17); the others
// follow the source of the stack named (Go's crypto/tls, BoringSSL, OpenSSL 1.1).

const IANA_NUMBERS = [0, 10, 20, 21, 22, 30, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 60, 70, 71, 80, 86, 90, 100, 109, 110, 111, 112, 113, 114, 115, 116, 117, 120, 121];

const nodeCodeOf = (reason: string) => 'ERR_SSL_' + reason.toUpperCase().split(' ').join('_');

describe('the alert registry', () => {
  it('holds every IANA alert once, in order, with unique snake_case names', () => {
    expect(ALERTS.map((a) => a.number)).toEqual(IANA_NUMBERS);
    expect(new Set(ALERTS.map((a) => a.name)).size).toBe(ALERTS.length);
    for (const a of ALERTS) expect(a.name, String(a.number)).toMatch(/^[a-z]+(_[a-z]+)*$/);
  });

  it('derives every nodeCode from the OpenSSL text', () => {
    for (const a of ALERTS) {
      expect(a.nodeCode, a.name).toBe(a.opensslText === null ? null : nodeCodeOf(a.opensslText));
      if (a.opensslText !== null) expect(a.opensslText, a.name).toMatch(/^(sslv3|tlsv1|tlsv13) [a-z ]+$/);
    }
  });

  it('uses only contract cause ids, an RFC and one sentence per alert', () => {
    const ids: ReadonlySet<string> = new Set(CAUSE_IDS);
    for (const a of ALERTS) {
      for (const c of [a.causeWhenServerSent, a.causeWhenClientSent]) if (c !== null) expect(ids.has(c), `${a.name}: ${c}`).toBe(true);
      expect(a.rfc, a.name).toMatch(/^RFC \d{4}$/);
      expect(a.meaning, a.name).toMatch(/^[A-Z].*\.$/);
      expect(a.meaning.split(/\.\s/).length, `${a.name}: one sentence`).toBe(1);
    }
  });

  it('knows the facts design.md and the experiments rely on', () => {
    const facts: [number, string, string | null, string | null][] = [
      [40, 'handshake_failure', 'sslv3 alert handshake failure', 'handshake failure'],
      [42, 'bad_certificate', 'sslv3 alert bad certificate', 'bad certificate'],
      [43, 'unsupported_certificate', 'sslv3 alert unsupported certificate', 'unsupported certificate'],
      [45, 'certificate_expired', 'sslv3 alert certificate expired', 'expired certificate'],
      [46, 'certificate_unknown', 'sslv3 alert certificate unknown', 'unknown certificate'],
      [48, 'unknown_ca', 'tlsv1 alert unknown ca', 'unknown certificate authority'],
      [70, 'protocol_version', 'tlsv1 alert protocol version', 'protocol version not supported'],
      [80, 'internal_error', 'tlsv1 alert internal error', 'internal error'],
      [90, 'user_canceled', 'tlsv1 alert user cancelled', 'user canceled'],
      [112, 'unrecognized_name', 'tlsv1 unrecognized name', 'unrecognized name'],
      [116, 'certificate_required', 'tlsv13 alert certificate required', 'certificate required'],
      [117, 'general_error', null, null],
      [121, 'ech_required', null, 'encrypted client hello required'],
    ];
    for (const [n, name, opensslText, goText] of facts) {
      expect(alertByNumber(n), String(n)).toMatchObject({ name, opensslText, goText });
    }
    expect(alertByNumber(48)!.nodeCode).toBe('ERR_SSL_TLSV1_ALERT_UNKNOWN_CA');
    expect(alertByNumber(116)!.nodeCode).toBe('ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED');
    expect(ALERTS.filter((a) => a.reserved).map((a) => a.number)).toEqual([21, 30, 41, 60, 100, 111, 114]);
  });

  it('maps each alert to a cause according to who sent it', () => {
    const expected: [number, string | null, string | null][] = [
      [0, null, null],
      [40, null, 'no-shared-cipher'],
      [42, 'client-cert-rejected', 'hostname-mismatch'],
      [43, 'wrong-key-usage', 'wrong-key-usage'],
      [44, 'revoked', 'revoked'],
      [45, 'expired', 'expired'],
      [46, 'client-cert-rejected', 'untrusted-ca'],
      [47, null, null],
      [48, 'untrusted-ca', 'untrusted-ca'],
      [49, 'client-cert-rejected', null],
      [50, null, null],
      [51, 'signature-invalid', 'signature-invalid'],
      [70, 'protocol-mismatch', 'protocol-mismatch'],
      [71, 'no-shared-cipher', 'no-shared-cipher'],
      [80, null, null],
      [90, null, null],
      [100, null, null],
      [112, 'sni-unrecognized', null],
      [116, 'client-cert-required', null],
      [120, null, null],
    ];
    for (const [n, server, client] of expected) {
      expect(alertByNumber(n), String(n)).toMatchObject({ causeWhenServerSent: server, causeWhenClientSent: client });
    }
  });

  it('looks alerts up by number and by any spelling of the name', () => {
    expect(alertByNumber(48)!.name).toBe('unknown_ca');
    expect(alertByNumber(1)).toBeUndefined();
    expect(alertByNumber(255)).toBeUndefined();
    for (const name of ['unknown_ca', 'UNKNOWN_CA', 'unknown ca', 'UnknownCA', 'UnknownCa', ' unknown-ca ']) {
      expect(alertByName(name)?.number, name).toBe(48);
    }
    expect(alertByName('no_renegotiation_RESERVED')?.number).toBe(100);
    expect(alertByName('decryption_failed_RESERVED')?.number).toBe(21);
    expect(alertByName('user_cancelled')?.number).toBe(90);
    expect(alertByName('CertificateRequired')?.number).toBe(116);
    for (const name of ['', 'unknown', 'toString', '__proto__', 'tlsv1 alert unknown ca']) expect(alertByName(name), name).toBeUndefined();
  });
});

describe('alertInError', () => {
  // Measured: a Node 20 tls.connect client against `openssl s_server -Verify 1
  // -verify_return_error` (and -tls1_2, -tls1_3, -servername_fatal), one fixture per scenario.
  const nodeClient: [string, string, string, number][] = [
    ['no client certificate, TLS 1.3', 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED',
      '809C88B06D7F0000:error:0A00045C:SSL routines:ssl3_read_bytes:tlsv13 alert certificate required:../deps/openssl/openssl/ssl/record/rec_layer_s3.c:1601:SSL alert number 116\n', 116],
    ['no client certificate, TLS 1.2', 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE',
      '809C88B06D7F0000:error:0A000410:SSL routines:ssl3_read_bytes:sslv3 alert handshake failure:../deps/openssl/openssl/ssl/record/rec_layer_s3.c:1601:SSL alert number 40\n', 40],
    ['client certificate from another CA', 'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA',
      '809C88B06D7F0000:error:0A000418:SSL routines:ssl3_read_bytes:tlsv1 alert unknown ca:../deps/openssl/openssl/ssl/record/rec_layer_s3.c:1601:SSL alert number 48\n', 48],
    ['client certificate without the clientAuth EKU', 'ERR_SSL_SSLV3_ALERT_UNSUPPORTED_CERTIFICATE',
      '809C88B06D7F0000:error:0A000413:SSL routines:ssl3_read_bytes:sslv3 alert unsupported certificate:../deps/openssl/openssl/ssl/record/rec_layer_s3.c:1601:SSL alert number 43\n', 43],
    ['expired client certificate', 'ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED',
      '809C88B06D7F0000:error:0A000415:SSL routines:ssl3_read_bytes:sslv3 alert certificate expired:../deps/openssl/openssl/ssl/record/rec_layer_s3.c:1601:SSL alert number 45\n', 45],
    ['client certificate not yet valid', 'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE',
      '809C88B06D7F0000:error:0A000412:SSL routines:ssl3_read_bytes:sslv3 alert bad certificate:../deps/openssl/openssl/ssl/record/rec_layer_s3.c:1601:SSL alert number 42\n', 42],
    ['TLS 1.3-only server, client at most TLS 1.2', 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION',
      '809C88B06D7F0000:error:0A00042E:SSL routines:ssl3_read_bytes:tlsv1 alert protocol version:../deps/openssl/openssl/ssl/record/rec_layer_s3.c:1601:SSL alert number 70\n', 70],
    ['SNI name the server does not serve', 'ERR_SSL_TLSV1_UNRECOGNIZED_NAME',
      '809C88B06D7F0000:error:0A000458:SSL routines:ssl3_read_bytes:tlsv1 unrecognized name:../deps/openssl/openssl/ssl/record/rec_layer_s3.c:1601:SSL alert number 112\n', 112],
  ];

  it.each(nodeClient)('recognises the Node client error for: %s', (_, code, message, n) => {
    expect(alertInError({ code, message })?.number).toBe(n);
    expect(alertInError({ message })?.number, 'by the message alone').toBe(n);
    expect(alertInError({ code })?.number, 'by the code alone').toBe(n);
    const text = /:([a-z0-9 ]+):\.\.\//.exec(message)![1]!;
    expect(alertInError({ message: `Error: ${text}` })?.number, 'by the OpenSSL text alone').toBe(n);
  });

  it('recognises other OpenSSL-based programs (measured)', () => {
    const cases: [string, number][] = [
      // `openssl s_server` receiving the alert an OpenJDK 17 client sends for an untrusted server
      ['40E7EBA1377F0000:error:0A000416:SSL routines:ssl3_read_bytes:sslv3 alert certificate unknown:../ssl/record/rec_layer_s3.c:1601:SSL alert number 46', 46],
      ['[SSL: TLSV1_ALERT_UNKNOWN_CA] tlsv1 alert unknown ca (_ssl.c:1006)', 48],
      ['[SSL: TLSV13_ALERT_CERTIFICATE_REQUIRED] tlsv13 alert certificate required (_ssl.c:2580)', 116],
      ['curl: (56) OpenSSL SSL_read: OpenSSL/3.0.19: error:0A00045C:SSL routines::tlsv13 alert certificate required, errno 0', 116],
      ['curl: (35) OpenSSL/3.0.19: error:0A000418:SSL routines::tlsv1 alert unknown ca', 48],
      ['javax.net.ssl.SSLHandshakeException: Received fatal alert: certificate_required', 116],
      ['javax.net.ssl.SSLHandshakeException: Received fatal alert: handshake_failure', 40],
    ];
    for (const [message, n] of cases) expect(alertInError({ message })?.number, message).toBe(n);
  });

  it('keeps alerts that OpenSSL 3.0 has no text for, and numbers outside the registry', () => {
    // Measured: `openssl s_client` against a server that answers the ClientHello with alert 117.
    const sClient = '40A77C5E3D7F0000:error:0A00045D:SSL routines:ssl3_read_bytes:reason(1117):../ssl/record/rec_layer_s3.c:1601:SSL alert number 117';
    expect(alertInError({ message: sClient })?.name).toBe('general_error');
    expect(alertInError({ message: 'error:0A00045D:SSL routines::reason(1117)' })?.name).toBe('general_error');
    expect(alertInError({ message: 'error:0A000461:SSL routines::reason(1121)' })?.name).toBe('ech_required');
    expect(alertInError({ message: 'SSL routines:ssl3_read_bytes:reason(1052)' })?.name).toBe('too_many_cids_requested');
    const odd = alertInError({ message: 'SSL routines:ssl3_read_bytes:reason(1200):rec_layer_s3.c:1601:SSL alert number 200' });
    expect(odd).toMatchObject({ number: 200, name: 'alert(200)', rfc: null, causeWhenServerSent: null, causeWhenClientSent: null });
    expect(alertInError({ message: 'remote error: tls: alert(199)' })?.name).toBe('alert(199)');
    // Measured: Node 20 and Python lose such an alert entirely, so there is nothing to recognise.
    expect(alertInError({ code: 'ECONNRESET', message: 'Client network socket disconnected before secure TLS connection was established' })).toBeNull();
    expect(alertInError({ message: '[SSL] unknown error (_ssl.c:1006)' })).toBeNull();
  });

  it('decodes packed OpenSSL 1.1 and BoringSSL codes and BoringSSL symbols', () => {
    // OpenSSL 1.1: lib 20 << 24 | function << 12 | reason; BoringSSL: lib 16 << 24 | reason.
    expect(alertInError({ message: 'error:14094418:SSL routines:ssl3_read_bytes:tlsv1 alert unknown ca:ssl/record/rec_layer_s3.c:1543:SSL alert number 48' })?.number).toBe(48);
    expect(alertInError({ message: 'SSL_do_handshake() failed (error:14094412)' })?.number).toBe(42);
    expect(alertInError({ message: 'error:1000045c:SSL routines:OPENSSL_internal:TLSV1_ALERT_CERTIFICATE_REQUIRED' })?.number).toBe(116);
    expect(alertInError({ message: 'upstream connect error: TLS_error:|268436504:SSL routines:OPENSSL_internal:TLSV1_ALERT_UNKNOWN_CA:TLS_error_end' })?.number).toBe(48);
    // BoringSSL's symbols without any number (its prefix differs from OpenSSL's for some alerts)
    expect(alertInError({ message: 'SSLHandshakeException: TLSV1_ALERT_CERTIFICATE_REQUIRED' })?.number).toBe(116);
    expect(alertInError({ message: 'OPENSSL_internal:TLSV1_ALERT_UNRECOGNIZED_NAME' })?.number).toBe(112);
    expect(alertInError({ message: 'OPENSSL_internal:TLSV1_ALERT_ECH_REQUIRED' })?.number).toBe(121);
    expect(alertInError({ message: 'OPENSSL_internal:TLSV1_ALERT_USER_CANCELLED' })?.number).toBe(90);
  });

  it('prefers the longest alert name that matches', () => {
    expect(alertInError({ message: 'tlsv1 bad certificate status response' })?.number).toBe(113);
    expect(alertInError({ message: 'tlsv1 bad certificate hash value' })?.number).toBe(114);
    expect(alertInError({ message: 'sslv3 alert bad certificate' })?.number).toBe(42);
    expect(alertInError({ message: 'SSLV3_ALERT_BAD_CERTIFICATE_STATUS_RESPONSE_X' })).toBeNull();
  });

  it("recognises every alert Go prints, as Go's crypto/tls formats a received one", () => {
    for (const a of ALERTS) {
      if (a.goText === null) continue;
      expect(alertInError({ message: `remote error: tls: ${a.goText}` })?.number, a.goText).toBe(a.number);
      expect(alertInError({ message: `Get "https://api:8443/": tls: ${a.goText}` })?.number, a.goText).toBe(a.number);
    }
    expect(alertInError({ message: 'remote error: tls: unknown certificate' })?.number).toBe(46);
    expect(alertInError({ message: 'remote error: tls: unknown certificate authority' })?.number).toBe(48);
    expect(alertInError({ message: 'remote error: tls: bad record MAC' })?.number).toBe(20);
    // One that Go sent itself is no received alert.
    expect(alertInError({ message: 'local error: tls: bad record MAC' })).toBeNull();
  });

  it('recognises Java and rustls names of a received alert', () => {
    expect(alertInError({ message: 'Received fatal alert: unknown_ca' })?.number).toBe(48);
    expect(alertInError({ message: 'received fatal alert: BadCertificate' })?.number).toBe(42);
    expect(alertInError({ message: 'received fatal alert: UnknownCA' })?.number).toBe(48);
    expect(alertInError({ message: 'received fatal alert: CertificateRequired' })?.number).toBe(116);
    expect(alertInError({ message: 'received fatal alert: Unknown(200)' })).toBeNull();
  });

  it('finds no alert in errors that are not received alerts', () => {
    const none: { code?: string; message?: string }[] = [
      {},
      { code: '', message: '' },
      // Measured: a Node client that does not trust the server, and one dialling the wrong name.
      { code: 'SELF_SIGNED_CERT_IN_CHAIN', message: 'self-signed certificate in certificate chain' },
      { code: 'ERR_TLS_CERT_ALTNAME_INVALID', message: "Hostname/IP does not match certificate's altnames: Host: wrong.example. is not in the cert's altnames: DNS:localhost, IP Address:127.0.0.1" },
      // Measured: the server's own side of a failed handshake.
      { code: 'ERR_SSL_NO_SHARED_CIPHER', message: '804CA84BD27F0000:error:0A0000C1:SSL routines:tls_post_process_client_hello:no shared cipher:../deps/openssl/openssl/ssl/statem/statem_srvr.c:2226:' },
      { code: 'ERR_SSL_WRONG_VERSION_NUMBER', message: '804CA84BD27F0000:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../deps/openssl/openssl/ssl/record/ssl3_record.c:350:\n' },
      { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:8443' },
      { message: 'getaddrinfo ENOTFOUND api.internal' },
      { message: 'the certificate has an unknown ca field' },
    ];
    for (const e of none) expect(alertInError(e), JSON.stringify(e)).toBeNull();
  });
});

describe('the OpenSSL reasons', () => {
  it('have unique reasons and numbers, derived codes and contract cause ids', () => {
    expect(new Set(OPENSSL_REASONS.map((r) => r.reason)).size).toBe(OPENSSL_REASONS.length);
    expect(new Set(OPENSSL_REASONS.map((r) => r.number)).size).toBe(OPENSSL_REASONS.length);
    const ids: ReadonlySet<string> = new Set(CAUSE_IDS);
    for (const r of OPENSSL_REASONS) {
      expect(r.nodeCode, r.reason).toBe(nodeCodeOf(r.reason));
      expect(r.reason, 'alerts belong in ALERTS').not.toMatch(/^(sslv3|tlsv1|tlsv13) /);
      if (r.causeId !== null) expect(ids.has(r.causeId), r.reason).toBe(true);
      expect(r.meaning, r.reason).toMatch(/^[A-Z].*\.$/);
    }
    const causeOf = (reason: string) => OPENSSL_REASONS.find((r) => r.reason === reason)?.causeId;
    expect(causeOf('no shared cipher')).toBe('no-shared-cipher');
    expect(causeOf('no suitable signature algorithm')).toBe('no-shared-cipher');
    expect(causeOf('no suitable key share')).toBe('no-shared-cipher');
    expect(causeOf('unsupported protocol')).toBe('protocol-mismatch');
    expect(causeOf('wrong version number')).toBe('not-tls');
    expect(causeOf('http request')).toBe('not-tls');
    expect(causeOf('packet length too long')).toBe('not-tls');
    expect(causeOf('peer did not return a certificate')).toBe('client-cert-required');
    expect(causeOf('certificate verify failed')).toBeNull();
    expect(causeOf('unexpected eof while reading')).toBe('connection-reset');
    expect(causeOf('unsafe legacy renegotiation disabled')).toBe('protocol-mismatch');
    for (const weak of ['dh key too small', 'ee key too small', 'ca key too small', 'ca md too weak', 'wrong signature type', 'legacy sigalg disallowed or unsupported']) expect(causeOf(weak), weak).toBe('weak-crypto');
  });

  // Measured: Node's tlsClientError on a Node server, Node clients against a plain HTTP server and
  // a server sending a bogus record header, Node's createSecureContext, `openssl s_server` and
  // `s_client`, Python.
  const measured: [string | undefined, string, string][] = [
    ['ERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE', '804CA84BD27F0000:error:0A0000C7:SSL routines:tls_process_client_certificate:peer did not return a certificate:../deps/openssl/openssl/ssl/statem/statem_srvr.c:3517:', 'peer did not return a certificate'],
    ['ERR_SSL_UNSUPPORTED_PROTOCOL', '804CA84BD27F0000:error:0A000102:SSL routines:tls_early_post_process_client_hello:unsupported protocol:../deps/openssl/openssl/ssl/statem/statem_srvr.c:1664:', 'unsupported protocol'],
    ['ERR_SSL_NO_SHARED_CIPHER', '804CA84BD27F0000:error:0A0000C1:SSL routines:tls_post_process_client_hello:no shared cipher:../deps/openssl/openssl/ssl/statem/statem_srvr.c:2226:', 'no shared cipher'],
    ['ERR_SSL_WRONG_VERSION_NUMBER', '804CA84BD27F0000:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../deps/openssl/openssl/ssl/record/ssl3_record.c:350:\n', 'wrong version number'],
    ['ERR_SSL_HTTP_REQUEST', '804CA84BD27F0000:error:0A00009C:SSL routines:ssl3_get_record:http request:../deps/openssl/openssl/ssl/record/ssl3_record.c:341:', 'http request'],
    ['ERR_SSL_PACKET_LENGTH_TOO_LONG', '807CA7202A7F0000:error:0A0000C6:SSL routines:ssl3_get_record:packet length too long:../deps/openssl/openssl/ssl/record/ssl3_record.c:379:', 'packet length too long'],
    ['ERR_SSL_EE_KEY_TOO_SMALL', 'error:0A00018F:SSL routines::ee key too small', 'ee key too small'],
    [undefined, '4087CF081F7F0000:error:0A000065:SSL routines:final_key_share:no suitable key share:../ssl/statem/extensions.c:1362:', 'no suitable key share'],
    [undefined, '4007E997BF7F0000:error:0A000178:SSL routines:tls1_set_server_sigalgs:no shared signature algorithms:../ssl/t1_lib.c:1733:', 'no shared signature algorithms'],
    [undefined, '40B7A4C3CA7F0000:error:0A000086:SSL routines:tls_process_client_certificate:certificate verify failed:../ssl/statem/statem_srvr.c:3530:', 'certificate verify failed'],
    [undefined, '40D7CD5AD57F0000:error:0A000126:SSL routines:ssl3_read_n:unexpected eof while reading:../ssl/record/rec_layer_s3.c:318:', 'unexpected eof while reading'],
    [undefined, '40773389847F0000:error:0A00018A:SSL routines:SSL_CTX_set0_tmp_dh_pkey:dh key too small:../ssl/ssl_lib.c:6016:', 'dh key too small'],
    [undefined, '[SSL: UNEXPECTED_EOF_WHILE_READING] EOF occurred in violation of protocol (_ssl.c:1006)', 'unexpected eof while reading'],
  ];

  it.each(measured)('reasonInError recognises %s in a real message', (code, message, reason) => {
    expect(reasonInError({ code, message })?.reason).toBe(reason);
    expect(reasonInError({ message })?.reason, 'by the message alone').toBe(reason);
    if (code) expect(reasonInError({ code })?.reason, 'by the code alone').toBe(reason);
  });

  it('reads packed codes, other releases and BoringSSL symbols', () => {
    expect(reasonInError({ message: 'SSL_do_handshake() failed (SSL: error:0A0000C1)' })?.reason).toBe('no shared cipher');
    expect(reasonInError({ reason: 'no shared cipher' })?.reason, "Node's error.reason").toBe('no shared cipher');
    // OpenSSL 1.1 packs the same reason numbers in another layout.
    expect(reasonInError({ message: 'error:1417A0C1:SSL routines:tls_post_process_client_hello:no shared cipher' })?.reason).toBe('no shared cipher');
    expect(reasonInError({ message: 'error:1408F10B' })?.reason).toBe('wrong version number');
    expect(reasonInError({ message: 'TLS_error:|SSL routines:OPENSSL_internal:NO_SHARED_CIPHER:TLS_error_end' })?.reason).toBe('no shared cipher');
    // BoringSSL numbers its reasons differently: its packed code alone proves nothing.
    expect(reasonInError({ message: 'error:100000c1' })).toBeNull();
    // OpenSSL 3.2 and later queue 'record layer failure' after the reason that caused it.
    const both = 'error:0A0000C6:SSL routines::packet length too long\nerror:0A000139:SSL routines::record layer failure';
    expect(reasonInError({ message: both })?.reason).toBe('packet length too long');
    expect(reasonInError({ code: 'ERR_SSL_RECORD_LAYER_FAILURE', message: both })?.reason).toBe('packet length too long');
    expect(reasonInError({ message: '[SSL] record layer failure (_ssl.c:1000)' })).toBeNull();
    expect(reasonInError({ message: 'error:0A000139:SSL routines::record layer failure' })).toMatchObject({ reason: 'record layer failure', causeId: 'not-tls', since: '3.2' });
  });

  it('finds no reason in received alerts or ordinary prose', () => {
    for (const message of [
      '809C88B06D7F0000:error:0A000418:SSL routines:ssl3_read_bytes:tlsv1 alert unknown ca:../deps/openssl/openssl/ssl/record/rec_layer_s3.c:1601:SSL alert number 48\n',
      'the upstream rejected an http request with status 502',
      'X_HTTP_REQUEST_TIMEOUT',
      'certificate verify failed because of a bad mood',
    ]) {
      expect(reasonInError({ message }), message).toBeNull();
    }
    expect(reasonInError({ code: 'ECONNRESET', message: 'socket hang up' })).toBeNull();
    expect(reasonInError({})).toBeNull();
  });
});

// Node's TLS client against a TCP server that answers the ClientHello with one plaintext alert
// record: what Node reports for each received alert, and that alertInError recognises it.
describe('alerts received by the Node running these tests', () => {
  async function receive(n: number): Promise<{ code?: string; message: string }> {
    const server = net.createServer((socket) => socket.once('data', () => socket.end(Buffer.from([0x15, 3, 3, 0, 2, 2, n]))));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    try {
      return await new Promise((resolve, reject) => {
        const client = tls.connect({ host: '127.0.0.1', port, servername: 'localhost', rejectUnauthorized: false });
        client.once('error', (e: NodeJS.ErrnoException) => resolve({ code: e.code, message: e.message }));
        client.once('secureConnect', () => reject(new Error('the handshake succeeded')));
      });
    } finally {
      server.close();
    }
  }

  it('reports each alert with its nodeCode and OpenSSL text, and alertInError recognises it', async () => {
    const withText = ALERTS.filter((x) => x.opensslText !== null);
    expect(withText).toHaveLength(33);
    for (const a of withText) {
      const error = await receive(a.number);
      expect(error.code, a.name).toBe(a.nodeCode);
      expect(error.message, a.name).toContain(`:${a.opensslText}:`);
      expect(error.message, a.name).toContain(`SSL alert number ${a.number}`);
      expect(alertInError(error), a.name).toBe(a);
    }
  });

  // Node 20 bundles OpenSSL 3.0, which has no reason text for these alerts.
  it.runIf(process.versions.openssl.startsWith('3.0.'))('loses close_notify and the alerts OpenSSL 3.0 has no text for', async () => {
    const withoutText = ALERTS.filter((x) => x.opensslText === null);
    expect(withoutText.map((a) => a.number)).toEqual([0, 52, 117, 121]);
    for (const a of withoutText) {
      const error = await receive(a.number);
      expect(error, a.name).toEqual({ code: 'ECONNRESET', message: 'Client network socket disconnected before secure TLS connection was established' });
      expect(alertInError(error), a.name).toBeNull();
    }
  });
});

// The texts and numbers against the libssl of the openssl CLI (which may differ from Node's).
const version = spawnSync('openssl', ['version'], { encoding: 'utf8' });
const opensslMinor = version.status === 0 ? /^OpenSSL 3\.(\d+)\./.exec(version.stdout)?.[1] : undefined;

describe.skipIf(opensslMinor === undefined)('the tables against `openssl errstr`', () => {
  const errstr = (reasons: number[]) => {
    const codes = reasons.map((r) => (0x0a000000 + r).toString(16).toUpperCase().padStart(8, '0'));
    const out = spawnSync('openssl', ['errstr', ...codes], { encoding: 'utf8' }).stdout.trim().split('\n');
    return new Map(reasons.map((r, i) => [r, out[i]!.replace(/^error:[0-9A-F]{8}:SSL routines::/, '')]));
  };

  it('has the reason text of every alert', () => {
    const withText = ALERTS.filter((a) => a.opensslText !== null);
    const texts = errstr(withText.map((a) => 1000 + a.number));
    for (const a of withText) expect(texts.get(1000 + a.number), a.name).toBe(a.opensslText);
  });

  it('has the number of every reason', () => {
    const minor = Number(opensslMinor);
    const present = OPENSSL_REASONS.filter((r) => !r.since || minor >= Number(r.since.split('.')[1]));
    const texts = errstr(present.map((r) => r.number));
    for (const r of present) expect(texts.get(r.number), r.reason).toBe(r.reason);
  });
});
