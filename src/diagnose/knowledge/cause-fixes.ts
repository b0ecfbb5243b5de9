import type { CauseId } from './causes.js';

/**
 * What each side of the connection can do about a cause, as data: the fixes `explain` prints,
 * addressed to the side that printed the error ("You are the client: …") and to the other one
 * ("The server's operator: …").
 *
 * A certificate verdict is fixed differently depending on whose certificate was judged: an
 * untrusted server certificate is fixed in the client's CA bundle or on the server, an untrusted
 * client certificate in the server's client-CA bundle or on the client. `peer` is for when the
 * message does not say whose certificate it was (a bare alert number).
 *
 * Pure data and tiny lookups: nothing here prints, parses argv or touches the process.
 */

export type Party = 'client' | 'server';

/** Which party does what, in the order to try. */
export type PartyFixes = readonly (readonly [Party | 'verifier' | 'owner', string])[];

interface CauseFixes {
  /** The client judged the server's certificate. */
  serverCert?: PartyFixes;
  /** The server judged the client's certificate. */
  clientCert?: PartyFixes;
  /** Whose certificate is not known: 'verifier' is the side that judged it, 'owner' the side that sent it. */
  peer?: PartyFixes;
  /** A cause that is no certificate verdict. */
  any?: PartyFixes;
}

const CHECK_SERVER = '`mtlskit verify server.crt --ca ca.crt --host HOST` checks the pair';
const CHECK_CLIENT = '`mtlskit verify client.crt --ca SERVER-CA --purpose client` checks it';

export const CAUSE_FIXES: Readonly<Record<CauseId, CauseFixes>> = {
  'untrusted-ca': {
    serverCert: [
      ['client', "trust the CA that issued the server's certificate: give its root to the client (curl --cacert ca.crt, NODE_EXTRA_CA_CERTS=ca.crt, Python cafile=, Go RootCAs, Java `keytool -importcert` into the truststore); never turn verification off."],
      ['server', `serve a certificate from a CA the clients trust, with its chain, and hand a private CA's root to every client (${CHECK_SERVER}).`],
    ],
    clientCert: [
      ['server', "add the CA that issued the client certificate to the server's client-CA bundle (nginx ssl_client_certificate, Envoy trusted_ca, Node ca, Go ClientCAs, Java truststore)."],
      ['client', `present a certificate issued by a CA the server trusts, e.g. \`mtlskit cert create NAME --profile client\` from the server's CA (${CHECK_CLIENT}).`],
    ],
    peer: [
      ['verifier', "trust the CA that issued the peer's certificate: add its root to the CA bundle the verifying side uses."],
      ['owner', 'present a certificate (with its chain) issued by a CA the other side trusts.'],
    ],
  },
  'incomplete-chain': {
    serverCert: [
      ['server', 'send the intermediate with the leaf: configure the full chain (`cat server.crt intermediate.crt > chain.crt`, or mtlskit\'s NAME-chain.crt; nginx ssl_certificate and Envoy certificate_chain take the chain file).'],
      ['client', 'nothing to change once the server sends its chain; as a stopgap, add the intermediate to the CA bundle the client trusts.'],
    ],
    clientCert: [
      ['client', 'send the client certificate with its intermediate: use NAME-chain.crt as the certificate file (curl --cert chain.crt, Node cert: chain).'],
      ['server', "alternatively, add the intermediate to the server's client-CA bundle next to the root."],
    ],
    peer: [
      ['owner', 'send the certificate together with its intermediate (leaf first, then the intermediate: mtlskit\'s NAME-chain.crt).'],
      ['verifier', 'alternatively, add the intermediate to the CA bundle of the verifying side.'],
    ],
  },
  'self-signed': {
    serverCert: [
      ['server', 'replace the self-signed certificate with one issued by a CA (`mtlskit ca create`, then `mtlskit cert create NAME HOST`).'],
      ['client', 'for a test server whose certificate is meant to be pinned, trust exactly that certificate (give it as the CA bundle) rather than turning verification off.'],
    ],
    clientCert: [
      ['client', "present a client certificate issued by the server's CA instead of a self-signed one (`mtlskit cert create NAME --profile client`)."],
      ['server', "alternatively, add that exact certificate to the server's client-CA bundle if pinning it is intended."],
    ],
    peer: [
      ['owner', 'use a certificate issued by a CA (`mtlskit ca create`, `mtlskit cert create NAME`) instead of a self-signed one.'],
      ['verifier', 'alternatively, trust exactly that certificate, if pinning it is intended.'],
    ],
  },
  expired: {
    serverCert: [
      ['server', 'renew the server certificate (or the CA certificate that expired) and deploy it: `mtlskit cert create NAME HOST --force`; `mtlskit inspect host:port` shows the dates served.'],
      ['client', "check the client machine's clock (`date -u`): a clock far ahead makes valid certificates look expired."],
    ],
    clientCert: [
      ['client', 'renew the client certificate and deploy it: `mtlskit cert create NAME --profile client --force`.'],
      ['server', "check the server's clock (`date -u`)."],
    ],
    peer: [
      ['owner', 'renew the expired certificate (or the CA that expired) and deploy it (`mtlskit cert create NAME --force`).'],
      ['verifier', "check the verifying machine's clock (`date -u`)."],
    ],
  },
  'not-yet-valid': {
    serverCert: [
      ['client', "check the client machine's clock (`date -u`, NTP): a clock behind makes new certificates look not yet valid."],
      ['server', 'if the certificate really starts in the future, re-issue it with a start date in the past (mtlskit back-dates a few minutes).'],
    ],
    clientCert: [
      ['server', "check the server's clock (`date -u`, NTP)."],
      ['client', 'if the certificate really starts in the future, re-issue it (`mtlskit cert create NAME --profile client --force`).'],
    ],
    peer: [
      ['verifier', "check the verifying machine's clock (`date -u`, NTP)."],
      ['owner', 'if the certificate really starts in the future, re-issue it.'],
    ],
  },
  'hostname-mismatch': {
    serverCert: [
      ['client', 'connect with a name the certificate holds (`mtlskit inspect host:port` lists its SANs), or send the right SNI/servername.'],
      ['server', 'alternatively, re-issue the server certificate with the name (or IP address) clients dial as a SAN: `mtlskit cert create NAME HOST IP`.'],
    ],
    clientCert: [
      ['client', 'present a certificate whose name is the one the server expects (e.g. the PostgreSQL user name or the SPIFFE ID).'],
      ['server', "alternatively, change which client names the server accepts."],
    ],
    peer: [
      ['owner', 'put the name that is dialled into the certificate as a SAN: `mtlskit cert create NAME HOST IP`.'],
      ['verifier', 'alternatively, dial a name the certificate holds.'],
    ],
  },
  'cn-only-no-san': {
    serverCert: [
      ['server', 're-issue the certificate with the host name (or IP) as a subjectAltName: `mtlskit cert create NAME HOST`; Go since 1.15, browsers and Java for IP addresses ignore the common name.'],
      ['client', 'there is no safe client-side setting for this: the certificate must change.'],
    ],
    clientCert: [
      ['client', 're-issue the client certificate with a subjectAltName: `mtlskit cert create NAME --profile client`.'],
      ['server', 'the certificate must change; the common name alone is not checked.'],
    ],
    peer: [
      ['owner', 're-issue the certificate with its names as subjectAltNames (`mtlskit cert create NAME HOST`).'],
    ],
  },
  'client-cert-required': {
    any: [
      ['client', 'configure a client certificate and key (curl --cert client.crt --key client.key, Node cert/key, Python load_cert_chain, Go Certificates, Java keystore); if one is configured but not sent, its issuer is not among the CAs the server asks for (Java and browsers send only a matching one): `mtlskit connect host:port --cert client.crt --key client.key` shows both.'],
      ['server', "issue each client a certificate from the CA the server trusts (`mtlskit cert create NAME --profile client`), or make the certificate optional (nginx ssl_verify_client optional) if clients may come without one."],
    ],
  },
  'client-cert-rejected': {
    any: [
      ['client', `check the client certificate against the server's expectations: issued by a CA it trusts, clientAuth EKU, dates, chain (${CHECK_CLIENT}).`],
      ['server', "read the server's log: it names the verification error or the access rule that refused the certificate."],
    ],
  },
  'wrong-key-usage': {
    serverCert: [
      ['server', 're-issue the server certificate with the serverAuth extended key usage: `mtlskit cert create NAME HOST --profile server` (or `--profile peer` for both roles).'],
      ['client', 'the client is right to refuse it; nothing to change there.'],
    ],
    clientCert: [
      ['client', 're-issue the client certificate with the clientAuth extended key usage: `mtlskit cert create NAME --profile client` (or `--profile peer`).'],
      ['server', 'the server is right to refuse it; nothing to change there.'],
    ],
    peer: [
      ['owner', 're-issue the certificate with the extended key usage of its role: `--profile server`, `--profile client`, or `--profile peer` for both.'],
    ],
  },
  'key-mismatch': {
    any: [
      ['owner', 'configure the private key that belongs to the certificate: `openssl x509 -noout -pubkey -in cert.pem` and `openssl pkey -pubout -in key.pem` must print the same key; otherwise re-issue the certificate for the key you have.'],
    ],
  },
  'key-load-failed': {
    any: [
      ['owner', 'check the file path and permissions, that the file is PEM (`-----BEGIN …`) rather than DER or PKCS#12 where PEM is expected, and the passphrase; `mtlskit inspect FILE` reads it and says what it holds.'],
    ],
  },
  'protocol-mismatch': {
    any: [
      ['client', 'allow a TLS version the server accepts (curl --tlsv1.2, Node minVersion/maxVersion, Java jdk.tls.client.protocols); `mtlskit connect host:port --max-tls 1.2` tries one.'],
      ['server', 'enable TLS 1.2 and 1.3 (nginx ssl_protocols TLSv1.2 TLSv1.3; `mtlskit serve --min-tls 1.2`); TLS 1.0 and 1.1 are off by default in OpenSSL 3, Java 17 and Go clients.'],
    ],
  },
  'no-shared-cipher': {
    any: [
      ['client', 'offer cipher suites, signature algorithms and groups the server supports (compare with `openssl s_client -connect HOST:PORT -cipher …`).'],
      ['server', "allow suites and groups the clients offer; an ECDSA certificate needs ECDHE-ECDSA suites, an RSA one ECDHE-RSA suites."],
    ],
  },
  'not-tls': {
    any: [
      ['client', 'use TLS (https://) only against the TLS port and plain HTTP against a plain port; check what the port speaks with `mtlskit connect host:port`.'],
      ['server', 'if a proxy or load balancer sits in front, make sure it forwards TLS to this port (or terminates it and speaks plain text behind).'],
    ],
  },
  revoked: {
    any: [
      ['owner', 'replace a revoked certificate with a newly issued one (`mtlskit cert create NAME --force`).'],
      ['verifier', 'if the certificate is not revoked but its status cannot be checked, give the verifier a current CRL or OCSP response, or fix its access to them.'],
    ],
  },
  'weak-crypto': {
    any: [
      ['owner', 're-issue with a stronger key and a SHA-256 signature (`mtlskit cert create NAME --key ec-p256`); lowering the verifier\'s security level (@SECLEVEL=1, jdk.certpath.disabledAlgorithms) only hides the problem.'],
    ],
  },
  'invalid-ca-cert': {
    any: [
      ['owner', 'issue from a real CA certificate (basicConstraints CA:TRUE, keyCertSign: `mtlskit ca create`) and re-issue the certificates below it; `mtlskit lint chain.crt` shows which certificate breaks the rules.'],
    ],
  },
  'sni-unrecognized': {
    any: [
      ['client', "send the server name the server expects in SNI (curl sends the URL's host, `openssl s_client -servername NAME`, Node servername); dialling by IP sends none."],
      ['server', 'add a certificate or virtual host for that name, or a default one.'],
    ],
  },
  'signature-invalid': {
    any: [
      ['owner', "the certificate was signed by another key than its issuer's (e.g. a CA re-created under the same name): re-issue it from the current CA (`mtlskit cert create NAME --force`) and hand out the current CA certificate."],
    ],
  },
  'connection-reset': {
    any: [
      ['client', "the server closed the connection without a TLS alert: read the server's log (a Node server refusing a client certificate, a proxy, a server that wants SNI and a firewall all do this); `mtlskit connect host:port` shows how far the handshake got."],
      ['server', "the client gave up without an alert, often because it rejected the server's certificate (Node clients do): read the client's own error."],
    ],
  },
};

const LABELS: Record<'client' | 'server' | 'unknown', Record<Party, string>> = {
  client: { client: 'You are the client', server: "The server's operator" },
  server: { client: "The client's owner", server: 'You run the server' },
  unknown: { client: 'On the client', server: 'On the server' },
};

/**
 * The fixes of a cause as sentences addressed to each side. `judged` says whose certificate was
 * judged ('server' when the client verified the server's), `logged` which side printed the error.
 */
export function fixesFor(id: CauseId, judged: Party | null, logged: Party | null): string[] {
  const entry = CAUSE_FIXES[id];
  const fixes = (judged === 'server' ? entry.serverCert : judged === 'client' ? entry.clientCert : undefined) ?? entry.peer ?? entry.any ?? entry.serverCert ?? [];
  const labels = LABELS[logged ?? 'unknown'];
  // For `peer` fixes the verifier is the side that did not send the certificate.
  const verifier: Party | null = judged === 'server' ? 'client' : judged === 'client' ? 'server' : null;
  return fixes.map(([who, text]) => {
    const party: Party | null = who === 'verifier' ? verifier : who === 'owner' ? (verifier ? (verifier === 'client' ? 'server' : 'client') : null) : who;
    const label = party ? labels[party] : who === 'verifier' ? 'The verifying side' : 'The certificate\'s owner';
    return `${label}: ${text}`;
  });
}
