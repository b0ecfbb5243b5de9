import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { PeerCertificate } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import {
  fingerprintOf,
  HOST_SANS_OPENSSL,
  issueMatrixPki,
  KEY_TYPES,
  keyIdOf,
  LAYOUTS,
  limiter,
  openssl,
  pemBodies,
  pemBodiesOfFile,
  PROFILES,
  signatureAlgorithms,
  spiffeId,
  textExtension,
  type IssuedCertificate,
  type KeyType,
  type Layout,
  type MatrixPki,
  type ProfileName,
} from '../helpers/matrix-pki.js';
import { nodeHandshake, opensslHandshake, PROBE, summary, type TlsVersion } from '../helpers/matrix-tls.js';

/**
 * Issue 2's acceptance matrix: for every key type × CA layout × profile, the certificate mtlskit
 * issues passes `openssl verify` for its purposes (and fails the other), `openssl x509 -text` shows
 * the profile's extensions and SANs, and real mTLS handshakes succeed between Node `tls` peers and
 * between `openssl s_server -verify_return_error` and `openssl s_client`, over TLS 1.3 and 1.2.
 *
 * Every CA and certificate is made once, through the built CLI, in the first beforeAll: the 60 CLI
 * runs are queued together (a few at a time, in the order the describes run), so the RSA-4096
 * keys are generated while the tests of the faster key types already run.
 */

const LAYOUT_TITLE: Record<Layout, string> = { root: 'root CA only', intermediate: 'root + intermediate CA' };

const SIGNATURE_ALGORITHM: Record<KeyType, string> = {
  'ec-p256': 'ecdsa-with-SHA256',
  'ec-p384': 'ecdsa-with-SHA384',
  ed25519: 'ED25519',
  'rsa-2048': 'sha256WithRSAEncryption',
  'rsa-3072': 'sha256WithRSAEncryption',
  'rsa-4096': 'sha256WithRSAEncryption',
};

/** What `openssl x509 -text` prints under "Subject Public Key Info" for each key type. */
const PUBLIC_KEY_TEXT: Record<KeyType, string[]> = {
  'ec-p256': ['Public Key Algorithm: id-ecPublicKey', 'Public-Key: (256 bit)', 'NIST CURVE: P-256'],
  'ec-p384': ['Public Key Algorithm: id-ecPublicKey', 'Public-Key: (384 bit)', 'NIST CURVE: P-384'],
  ed25519: ['Public Key Algorithm: ED25519', 'ED25519 Public-Key:'],
  'rsa-2048': ['Public Key Algorithm: rsaEncryption', 'Public-Key: (2048 bit)', 'Exponent: 65537 (0x10001)'],
  'rsa-3072': ['Public Key Algorithm: rsaEncryption', 'Public-Key: (3072 bit)', 'Exponent: 65537 (0x10001)'],
  'rsa-4096': ['Public Key Algorithm: rsaEncryption', 'Public-Key: (4096 bit)', 'Exponent: 65537 (0x10001)'],
};

const SERVER_AUTH = 'TLS Web Server Authentication';
const CLIENT_AUTH = 'TLS Web Client Authentication';
const EKU_TEXT: Record<ProfileName, string> = {
  server: SERVER_AUTH,
  client: CLIENT_AUTH,
  peer: `${SERVER_AUTH}, ${CLIENT_AUTH}`,
  spiffe: `${SERVER_AUTH}, ${CLIENT_AUTH}`,
};

/** The `openssl verify -purpose` values each profile must pass. */
const PURPOSES: Record<ProfileName, { sslserver: boolean; sslclient: boolean }> = {
  server: { sslserver: true, sslclient: false },
  client: { sslserver: false, sslclient: true },
  peer: { sslserver: true, sslclient: true },
  spiffe: { sslserver: true, sslclient: true },
};

/** Server cert ↔ client cert for the handshakes. */
const PAIRINGS = [
  { server: 'server', client: 'client' },
  { server: 'peer', client: 'peer' },
  { server: 'spiffe', client: 'spiffe' },
] as const satisfies readonly { server: ProfileName; client: ProfileName }[];
const VERSIONS: readonly TlsVersion[] = ['TLSv1.3', 'TLSv1.2'];
const HANDSHAKES = PAIRINGS.flatMap(({ server, client }) => VERSIONS.map((version) => [server, client, version] as const));

const isRsa = (keyType: KeyType) => keyType.startsWith('rsa-');

/** "Nov 23 10:14:38 2026 GMT" → Date. */
const opensslDate = (text: string) => {
  const date = new Date(Date.parse(text));
  if (Number.isNaN(date.getTime())) throw new Error(`not an OpenSSL date: ${text}`);
  return date;
};

const certText = async (path: string) => {
  const result = await openssl(['x509', '-in', path, '-noout', '-text']);
  if (result.code !== 0) throw new Error(`openssl x509 -text ${path} failed:\n${result.stderr}`);
  return result.stdout;
};

// ---------------------------------------------------------------------------------------------
// One PKI per key type × layout, all queued at once in the first hook.

let work: { path: string; remove: () => void } | undefined;
const pkis = new Map<string, Promise<MatrixPki>>();
const comboKey = (keyType: KeyType, layout: Layout) => `${keyType}/${layout}`;

beforeAll(() => {
  work = tempDir('mtlskit-issuance-matrix-');
  // Two cores here: three CLI processes at a time keeps both busy through node start-up and key generation.
  const limit = limiter(3);
  let order = 0;
  for (const keyType of KEY_TYPES) {
    for (const layout of LAYOUTS) {
      const priority = order++;
      const pki = issueMatrixPki(keyType, layout, join(work.path, `${keyType}-${layout}`), (task) => limit(task, priority));
      pki.catch(() => {}); // reported by the describe that awaits it
      pkis.set(comboKey(keyType, layout), pki);
    }
  }
});

afterAll(async () => {
  await Promise.allSettled(pkis.values());
  work?.remove();
});

describe.each(KEY_TYPES)('%s', (keyType) => {
  describe.each(LAYOUTS.map((layout) => [LAYOUT_TITLE[layout], layout] as const))('%s', (_title, layout) => {
    let pki: MatrixPki;
    beforeAll(async () => {
      pki = await pkis.get(comboKey(keyType, layout))!;
    });

    /** `-untrusted intermediate.crt` when the leaves are signed by the intermediate. */
    const untrusted = () => (pki.intermediateCert ? ['-untrusted', pki.intermediateCert] : []);
    const intermediates = () => (pki.intermediateCert ? pemBodiesOfFile(pki.intermediateCert) : []);

    it('the CA certificates chain up: the root is self-signed, the intermediate is a CA signed by it', async () => {
      const rootText = await certText(pki.rootCert);
      const rootSki = keyIdOf(textExtension(rootText, 'Subject Key Identifier'));
      expect(rootSki).toMatch(/^([0-9A-F]{2}:){19}[0-9A-F]{2}$/);
      expect(keyIdOf(textExtension(rootText, 'Authority Key Identifier'))).toBe(rootSki);
      expect(textExtension(rootText, 'Basic Constraints')).toMatchObject({ critical: true, lines: [expect.stringMatching(/^CA:TRUE/)] });
      expect(signatureAlgorithms(rootText)).toEqual([SIGNATURE_ALGORITHM[keyType], SIGNATURE_ALGORITHM[keyType]]);
      expect(pki.caJson.ca.keyAlgorithm).toBe(keyType);
      if (!pki.intermediateCert) {
        expect(pki.caJson.intermediate).toBeNull();
        return;
      }
      expect(pki.caJson.intermediate.keyAlgorithm).toBe(keyType);
      const text = await certText(pki.intermediateCert);
      expect(keyIdOf(textExtension(text, 'Authority Key Identifier'))).toBe(rootSki);
      expect(textExtension(text, 'Basic Constraints')).toEqual({ critical: true, lines: ['CA:TRUE, pathlen:0'] });
      expect(textExtension(text, 'Key Usage')?.critical).toBe(true);
      expect(textExtension(text, 'Key Usage')?.lines.join(', ')).toContain('Certificate Sign');
      const verify = await openssl(['verify', '-x509_strict', '-CAfile', pki.rootCert, pki.intermediateCert]);
      expect(verify.stdout + verify.stderr).toBe(`${pki.intermediateCert}: OK\n`);
      expect(verify.code).toBe(0);
    });

    it.for(PROFILES)('%s: cert create writes NAME.crt, NAME.key (0600) and NAME-chain.crt (leaf + intermediate)', (profile) => {
      const issued = pki.certs[profile];
      expect(issued.json.files).toEqual({ cert: issued.cert, key: issued.key, chain: issued.chain });
      expect(statSync(issued.key).mode & 0o777).toBe(0o600);
      const leaf = pemBodiesOfFile(issued.cert);
      expect(leaf).toHaveLength(1);
      expect(pemBodiesOfFile(issued.chain)).toEqual([...leaf, ...intermediates()]);

      const x509 = new X509Certificate(readFileSync(issued.cert));
      const key = createPrivateKey(readFileSync(issued.key));
      expect(x509.checkPrivateKey(key)).toBe(true);
      expect(createPublicKey(key).asymmetricKeyType).toBe(keyType.startsWith('ec-') ? 'ec' : isRsa(keyType) ? 'rsa' : 'ed25519');

      const summary = issued.json.certificate;
      expect(summary.subject).toBe(profile === 'spiffe' ? '' : `CN=${issued.name}`);
      expect(summary.sans).toEqual(profile === 'spiffe' ? [`URI:${spiffeId(issued.name)}`] : ['DNS:localhost', 'IP:127.0.0.1', 'IP:::1']);
      expect(summary.fingerprintSha256).toBe(x509.fingerprint256);
      expect(summary.serial).toBe(x509.serialNumber.toUpperCase());
      expect(new Date(summary.notBefore).getTime()).toBe(new Date(x509.validFrom).getTime());
      expect(new Date(summary.notAfter).getTime()).toBe(new Date(x509.validTo).getTime());
    });

    it.for(PROFILES)('%s: openssl verify -purpose passes for its roles and fails for the other', async (profile, { expect }) => {
      const issued = pki.certs[profile];
      for (const purpose of ['sslserver', 'sslclient'] as const) {
        const result = await openssl(['verify', '-x509_strict', '-CAfile', pki.rootCert, ...untrusted(), '-purpose', purpose, issued.cert]);
        const output = result.stdout + result.stderr;
        if (PURPOSES[profile][purpose]) {
          expect(output, `-purpose ${purpose}`).toBe(`${issued.cert}: OK\n`);
          expect(result.code, `-purpose ${purpose}`).toBe(0);
        } else {
          expect(output, `-purpose ${purpose}`).toContain('error 26 at 0 depth lookup: unsuitable certificate purpose');
          expect(result.code, `-purpose ${purpose}`).not.toBe(0);
        }
      }
      if (pki.intermediateCert) {
        const purpose = PURPOSES[profile].sslserver ? 'sslserver' : 'sslclient';
        // NAME-chain.crt carries the intermediate, so it is enough as the untrusted set.
        const withChain = await openssl(['verify', '-CAfile', pki.rootCert, '-untrusted', issued.chain, '-purpose', purpose, issued.cert]);
        expect(withChain.stdout + withChain.stderr).toBe(`${issued.cert}: OK\n`);
        // Without the intermediate the leaf cannot reach the root.
        const alone = await openssl(['verify', '-CAfile', pki.rootCert, '-purpose', purpose, issued.cert]);
        expect(alone.stdout + alone.stderr).toContain('error 20 at 0 depth lookup: unable to get local issuer certificate');
        expect(alone.code).not.toBe(0);
      }
    });

    it.for(PROFILES)("%s: openssl x509 -text shows the profile's extensions, SANs and signature", async (profile, { expect }) => {
      const issued = pki.certs[profile];
      const text = await certText(issued.cert);
      const issuerText = await certText(pki.issuerCert);

      expect(textExtension(text, 'Basic Constraints')).toEqual({ critical: true, lines: ['CA:FALSE'] });
      expect(textExtension(text, 'Key Usage')).toEqual({
        critical: true,
        lines: [isRsa(keyType) ? 'Digital Signature, Key Encipherment' : 'Digital Signature'],
      });
      expect(textExtension(text, 'Extended Key Usage')).toEqual({ critical: false, lines: [EKU_TEXT[profile]] });

      const san = textExtension(text, 'Subject Alternative Name');
      if (profile === 'spiffe') {
        // Empty subject: the identity lives only in the SAN, which must then be critical (RFC 5280 §4.2.1.6).
        expect(san).toEqual({ critical: true, lines: [`URI:${spiffeId(issued.name)}`] });
        expect(text).toMatch(/^\s*Subject:\s*$/m);
        expect(text).toContain('X509v3 Subject Alternative Name: critical');
      } else {
        expect(san).toEqual({ critical: false, lines: [HOST_SANS_OPENSSL.join(', ')] });
        expect(text).toMatch(new RegExp(`^\\s*Subject: CN = ${issued.name}\\s*$`, 'm'));
      }

      const ski = keyIdOf(textExtension(text, 'Subject Key Identifier'));
      const aki = keyIdOf(textExtension(text, 'Authority Key Identifier'));
      const issuerSki = keyIdOf(textExtension(issuerText, 'Subject Key Identifier'));
      expect(ski).toMatch(/^([0-9A-F]{2}:){19}[0-9A-F]{2}$/);
      expect(issuerSki).toMatch(/^([0-9A-F]{2}:){19}[0-9A-F]{2}$/);
      expect(aki).toBe(issuerSki);
      expect(ski).not.toBe(aki);

      // Both the TBS and the outer signature algorithm follow the issuer's key.
      expect(signatureAlgorithms(text)).toEqual([SIGNATURE_ALGORITHM[keyType], SIGNATURE_ALGORITHM[keyType]]);
      for (const line of PUBLIC_KEY_TEXT[keyType]) expect(text).toContain(line);
      const issuerSubject = /^\s*Subject: (.*)$/m.exec(issuerText)![1]!.trim();
      expect(text).toMatch(new RegExp(`^\\s*Issuer: ${issuerSubject.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`, 'm'));

      // Serial: 16 octets, positive (top bit clear; OpenSSL would print "(Negative)").
      const serial = /Serial Number:\s*\n\s*((?:[0-9a-f]{2}:)*[0-9a-f]{2})\s*$/m.exec(text)?.[1];
      expect(serial, 'a multi-line hex serial').toBeDefined();
      const octets = serial!.split(':').map((h) => parseInt(h, 16));
      expect(octets).toHaveLength(16);
      expect(octets[0]).toBeGreaterThan(0);
      expect(octets[0]).toBeLessThan(0x80);
      expect(text).not.toContain('(Negative)');
      expect(serial!.replace(/:/g, '').toUpperCase()).toBe(issued.json.certificate.serial);

      // Validity starts a few minutes before the moment of issuance (clock-skew margin).
      const notBefore = opensslDate(/Not Before:\s*(.+?)\s*$/m.exec(text)![1]!);
      const notAfter = opensslDate(/Not After\s*:\s*(.+?)\s*$/m.exec(text)![1]!);
      expect(notBefore.getTime()).toBeLessThanOrEqual(issued.issuedBefore.getTime() - 60_000);
      expect(notBefore.getTime()).toBeGreaterThanOrEqual(issued.issuedAfter.getTime() - 10 * 60_000);
      const days = (notAfter.getTime() - issued.issuedAfter.getTime()) / 86_400_000;
      expect(days).toBeGreaterThan(364.9);
      expect(days).toBeLessThan(365.1);
    });

    // -----------------------------------------------------------------------------------------
    // Node tls ↔ Node tls

    const nodePeer = (issued: IssuedCertificate) => ({
      key: readFileSync(issued.key),
      cert: readFileSync(issued.chain),
      ca: readFileSync(pki.rootCert),
    });

    /** SPIFFE authenticates by URI SAN, not host name: the client checks the SPIFFE ID instead. */
    const spiffeCheck = (expected: string) => (_host: string, cert: PeerCertificate) =>
      cert.subjectaltname === `URI:${expected}` ? undefined : new Error(`expected the SPIFFE ID ${expected}, got ${cert.subjectaltname}`);

    it.concurrent.for(HANDSHAKES)('Node tls: %s cert ↔ %s cert over %s, both sides authorized', async ([server, client, version], { expect }) => {
      const serverCert = pki.certs[server];
      const clientCert = pki.certs[client];
      const result = await nodeHandshake({
        server: nodePeer(serverCert),
        client: nodePeer(clientCert),
        servername: 'localhost',
        checkServerIdentity: server === 'spiffe' ? spiffeCheck(spiffeId(serverCert.name)) : undefined,
        version,
      });
      const brief = JSON.stringify(summary(result), null, 2);
      expect(result.client.errors, brief).toEqual([]);
      expect(result.server.errors, brief).toEqual([]);
      expect(result.client, brief).toMatchObject({ secured: true, authorized: true, protocol: version });
      expect(result.server, brief).toMatchObject({ secured: true, authorized: true, protocol: version });
      // The byte went through and came back: the server accepted the client certificate.
      expect(result.server.received.equals(PROBE), brief).toBe(true);
      expect(result.client.received.equals(PROBE), brief).toBe(true);
      // Each side saw the other's certificate, not something else.
      expect(result.client.peer?.fingerprint256).toBe(fingerprintOf(serverCert.cert));
      expect(result.server.peer?.fingerprint256).toBe(fingerprintOf(clientCert.cert));
      if (server === 'spiffe') {
        expect(result.client.peer?.subjectaltname).toBe(`URI:${spiffeId(serverCert.name)}`);
        expect(result.server.peer?.subjectaltname).toBe(`URI:${spiffeId(clientCert.name)}`);
      } else {
        expect(result.client.peer?.subjectaltname).toContain('DNS:localhost');
      }
    });

    it.concurrent('Node tls: a server-only certificate is refused as a client certificate (no clientAuth)', async ({ expect }) => {
      const attempt = (rejectUnauthorized: boolean) =>
        nodeHandshake({ server: nodePeer(pki.certs.peer), client: nodePeer(pki.certs.server), servername: 'localhost', version: 'TLSv1.3', rejectUnauthorized });
      const rejected = await attempt(true);
      const brief = JSON.stringify(summary(rejected), null, 2);
      // TLS 1.3: the client's handshake is complete before the server judges its certificate, so
      // the rejection shows only on the read (design.md). Node's server destroys the socket without
      // an alert: no secureConnection, and the client's byte never comes back.
      expect(rejected.client.secured, brief).toBe(true);
      expect(rejected.server.secured, brief).toBe(false);
      expect(rejected.server.received.length, brief).toBe(0);
      expect(rejected.client.received.length, brief).toBe(0);
      // The reason, read from a server that lets the connection through: the purpose check, nothing else.
      const tolerated = await attempt(false);
      expect(tolerated.server, JSON.stringify(summary(tolerated), null, 2)).toMatchObject({ secured: true, authorized: false, authorizationError: 'INVALID_PURPOSE' });
    });

    it.concurrent('Node tls: a client-only certificate is refused as a server certificate (no serverAuth)', async ({ expect }) => {
      const result = await nodeHandshake({
        server: nodePeer(pki.certs.client),
        client: nodePeer(pki.certs.peer),
        servername: 'localhost',
        version: 'TLSv1.3',
      });
      const brief = JSON.stringify(summary(result), null, 2);
      expect(result.client.secured, brief).toBe(false);
      expect(result.client.errors.map((e) => e.code), brief).toEqual(['INVALID_PURPOSE']);
      expect(result.server.secured, brief).toBe(false);
    });

    // -----------------------------------------------------------------------------------------
    // openssl s_server ↔ openssl s_client

    const opensslPeer = (issued: IssuedCertificate) => ({ cert: issued.cert, key: issued.key, chain: pki.intermediateCert });

    it.concurrent.for(HANDSHAKES)('openssl: s_server with the %s cert ↔ s_client with the %s cert over %s', async ([server, client, version], { expect }) => {
      const serverCert = pki.certs[server];
      const clientCert = pki.certs[client];
      const result = await opensslHandshake({
        server: opensslPeer(serverCert),
        client: opensslPeer(clientCert),
        caFile: pki.rootCert,
        servername: 'localhost',
        verifyHostname: server === 'spiffe' ? undefined : 'localhost',
        version,
      });
      const transcript = `--- s_client (exit ${result.client.code}) ---\n${result.client.stdout}\n${result.client.stderr}\n--- s_server (exit ${result.server.code}) ---\n${result.server.stdout}\n${result.server.stderr}`;
      expect(result.client.code, transcript).toBe(0);
      expect(result.client.stdout, transcript).toContain('Verify return code: 0 (ok)');
      expect(result.client.stdout, transcript).toMatch(new RegExp(`^\\s*Protocol\\s*: ${version}\\s*$`, 'm'));
      expect(result.client.stderr, transcript).not.toMatch(/verify error|alert/);
      // The server verified the client: no error in its log, and its status page shows the client certificate.
      expect(result.server.code, transcript).toBe(0);
      expect(result.server.stderr, transcript).not.toMatch(/verify error|error:/);
      expect(result.page, transcript).toContain('Client certificate');
      const pageCerts = pemBodies(result.page.slice(result.page.indexOf('Client certificate')));
      expect(pageCerts[0], transcript).toBe(pemBodiesOfFile(clientCert.cert)[0]);
      expect(result.page, transcript).toContain('Verify return code: 0 (ok)');
      // The client saw the server's certificate (s_client prints the leaf it verified).
      const serverShown = pemBodies(result.client.stdout.slice(0, result.client.stdout.indexOf('HTTP/1.0 200 ok')))[0];
      expect(serverShown, transcript).toBe(pemBodiesOfFile(serverCert.cert)[0]);
      if (pki.intermediateCert) {
        // The intermediate went over the wire from both sides (-cert_chain), not from a trust store.
        expect(result.client.stderr, transcript).toMatch(/^depth=1 CN = mtlskit Development Intermediate CA$/m);
        expect(result.server.stderr, transcript).toMatch(/^depth=1 CN = mtlskit Development Intermediate CA$/m);
      }
    });

    it.concurrent('openssl: s_server -verify_return_error rejects a server-only certificate from s_client (alert 43)', async ({ expect }) => {
      const result = await opensslHandshake({
        server: opensslPeer(pki.certs.peer),
        client: opensslPeer(pki.certs.server),
        caFile: pki.rootCert,
        servername: 'localhost',
        version: 'TLSv1.3',
      });
      const transcript = `--- s_client ---\n${result.client.stdout}\n${result.client.stderr}\n--- s_server ---\n${result.server.stderr}`;
      expect(result.server.stderr, transcript).toContain('verify error:num=26:unsuitable certificate purpose');
      expect(result.client.stderr, transcript).toContain('alert unsupported certificate');
      expect(result.client.stderr, transcript).toContain('SSL alert number 43');
      expect(result.client.code, transcript).not.toBe(0);
      expect(result.page, transcript).toBe('');
    });
  });
});
