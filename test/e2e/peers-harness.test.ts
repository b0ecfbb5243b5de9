import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { openssl } from '../helpers/matrix-pki.js';
import {
  curlClient,
  makeScenarioPki,
  nodeClient,
  opensslClient,
  pythonClient,
  startNodeServer,
  startOpensslServer,
  startPythonServer,
  stopAllPeers,
  type ClientResult,
  type PeerServer,
  type ScenarioPki,
  type TlsVersionNumber,
} from '../helpers/peers.js';

/**
 * The harness of real TLS peers (test/helpers/peers.ts) proves itself before the serve/connect
 * tests lean on it: every server accepts the good client certificate and refuses a client without
 * one, through every client, in TLS 1.2 and 1.3; the scenario PKI's bad certificates are bad for
 * exactly the reason they claim.
 */

let tmp: { path: string; remove: () => void };
let pki: ScenarioPki;
const servers = {} as Record<ServerKind, PeerServer>;

const SERVER_KINDS = ['openssl', 'node', 'python'] as const;
type ServerKind = (typeof SERVER_KINDS)[number];
const CLIENT_KINDS = ['curl', 'openssl', 'python', 'node'] as const;
type ClientKind = (typeof CLIENT_KINDS)[number];
const VERSIONS: TlsVersionNumber[] = ['1.2', '1.3'];

beforeAll(async () => {
  tmp = tempDir('mtlskit-peers-harness-');
  pki = await makeScenarioPki(tmp.path);
  const options = { cert: pki.server.cert, key: pki.server.key, chain: pki.server.chain, ca: pki.ca };
  [servers.openssl, servers.node, servers.python] = await Promise.all([startOpensslServer(options), startNodeServer(options), startPythonServer(options)]);
});

afterAll(async () => {
  await stopAllPeers();
  tmp?.remove();
});

/** One client of `kind` against `port`, capped at `version`, presenting `identity` (or no certificate). */
function connect(kind: ClientKind, port: number, version: TlsVersionNumber, identity?: { chain: string; key: string }, ca = pki.ca): Promise<ClientResult> {
  const credentials = identity ? { cert: identity.chain, key: identity.key } : {};
  const common = { port, ca, ...credentials };
  switch (kind) {
    case 'curl':
      return curlClient({ ...common, tlsMax: version });
    case 'openssl':
      return opensslClient({ ...common, tls: version });
    case 'python':
      return pythonClient({ ...common, maxTls: version });
    case 'node':
      return nodeClient({ ...common, maxTls: version });
  }
}

const show = (r: ClientResult, server: PeerServer) => `exit ${r.code}, status ${r.status}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}\nserver output:\n${server.output()}`;

const MATRIX = SERVER_KINDS.flatMap((server) => CLIENT_KINDS.flatMap((client) => VERSIONS.map((version) => ({ server, client, version }))));

describe.concurrent('every server × client × version', () => {
  it.each(MATRIX)('$server server accepts the client certificate from a $client client (TLS $version)', async ({ server, client, version }) => {
    const r = await connect(client, servers[server].port, version, pki.client);
    expect(r.ok, show(r, servers[server])).toBe(true);
    expect(r.code, show(r, servers[server])).toBe(0);
    expect(r.status, show(r, servers[server])).toBe(200);
  });

  it.each(MATRIX)('$server server refuses a $client client without a certificate (TLS $version)', async ({ server, client, version }) => {
    const r = await connect(client, servers[server].port, version);
    expect(r.ok, show(r, servers[server])).toBe(false);
    expect(r.code, show(r, servers[server])).not.toBe(0);
    expect(r.status, show(r, servers[server])).toBeUndefined();
    // Every server but Node's plain one alerts; which alert depends on the version (design.md).
    const alert = version === '1.3' ? /certificate.required|CERTIFICATE_REQUIRED/i : /handshake.failure|HANDSHAKE_FAILURE/i;
    expect(r.stderr, show(r, servers[server])).toMatch(alert);
  });
});

describe('the servers log what happened', () => {
  it('s_server verified the client chain and rejected the missing certificate', async () => {
    await servers.openssl.waitForOutput(/depth=0 CN = client/);
    expect(servers.openssl.output()).toMatch(/^ACCEPT 127\.0\.0\.1:\d+$/m);
  });

  it('the Node server names the client it accepted and the handshake it refused', async () => {
    await servers.node.waitForOutput(/secure 127\.0\.0\.1:\d+ TLSv1\.3 authorized=true client=client/);
    await servers.node.waitForOutput(/tlsClientError .*(PEER_DID_NOT_RETURN_A_CERTIFICATE|peer did not return a certificate)/i);
  });

  it('the Python server survives failed handshakes and logs them', async () => {
    await servers.python.waitForOutput(/handshake failed .*PEER_DID_NOT_RETURN_A_CERTIFICATE/);
    await servers.python.waitForOutput(/handshake ok .* TLSv1\.2 .*client=commonName=client/);
    const r = await pythonClient({ port: servers.python.port, ca: pki.ca, cert: pki.client.chain, key: pki.client.key });
    expect(r.ok, r.stderr).toBe(true);
  });
});

describe('client and server options', () => {
  it('every client checks an IP address servername against the IP SANs', async () => {
    const port = servers.python.port;
    const credentials = { port, ca: pki.ca, cert: pki.client.chain, key: pki.client.key };
    const results = await Promise.all(
      ['127.0.0.1', '::1'].flatMap((servername) => [
        curlClient({ ...credentials, servername }),
        opensslClient({ ...credentials, servername }),
        pythonClient({ ...credentials, servername }),
        nodeClient({ ...credentials, servername }),
      ]),
    );
    for (const r of results) expect(r.ok, show(r, servers.python)).toBe(true);
  });

  it('each server keeps to its TLS version range', async () => {
    const options = { cert: pki.server.cert, key: pki.server.key, chain: pki.server.chain, ca: pki.ca, minTls: '1.2', maxTls: '1.2' } as const;
    const tls12 = await Promise.all([startOpensslServer(options), startNodeServer(options), startPythonServer(options)]);
    try {
      const credentials = { ca: pki.ca, cert: pki.client.chain, key: pki.client.key };
      const results = await Promise.all(tls12.map((server) => Promise.all([nodeClient({ ...credentials, port: server.port }), nodeClient({ ...credentials, port: server.port, minTls: '1.3' })])));
      results.forEach(([any, only13], i) => {
        expect(any.ok, show(any, tls12[i]!)).toBe(true);
        expect(only13.ok, show(only13, tls12[i]!)).toBe(false);
        expect(only13.stderr, show(only13, tls12[i]!)).toMatch(/PROTOCOL_VERSION|protocol version/i);
      });
      await tls12[2]!.waitForOutput(/handshake ok .* TLSv1\.2 /);
      await tls12[1]!.waitForOutput(/secure .* TLSv1\.2 authorized=true/);
    } finally {
      await Promise.all(tls12.map((server) => server.stop()));
    }
  });
});

describe('the scenario PKI', () => {
  const verify = (cert: string, untrusted: string, ca: string, purpose: string) => openssl(['verify', '-CAfile', ca, '-untrusted', untrusted, '-purpose', purpose, cert]);

  it('issues good server and client certificates under the intermediate', async () => {
    const [server, client] = await Promise.all([verify(pki.server.cert, pki.intermediate, pki.ca, 'sslserver'), verify(pki.client.cert, pki.intermediate, pki.ca, 'sslclient')]);
    expect(server.code, server.stderr).toBe(0);
    expect(client.code, client.stderr).toBe(0);
  });

  it('has bad client certificates that fail for one reason each', async () => {
    const [other, expired, serverOnly] = await Promise.all([
      verify(pki.otherCaClient.cert, pki.otherCaClient.chain, pki.ca, 'sslclient'),
      verify(pki.expiredClient.cert, pki.intermediate, pki.ca, 'sslclient'),
      verify(pki.serverOnlyClient.cert, pki.intermediate, pki.ca, 'sslclient'),
    ]);
    expect(other.stdout + other.stderr).toMatch(/error 20 at 1 depth lookup/); // unable to get local issuer certificate
    expect(expired.stdout + expired.stderr).toMatch(/error 10 at 0 depth lookup/); // certificate has expired
    expect(serverOnly.stdout + serverOnly.stderr).toMatch(/error 26 at 0 depth lookup/); // unsupported certificate purpose
    const ownCa = await verify(pki.otherCaClient.cert, pki.otherCaClient.chain, pki.otherCaClient.ca, 'sslclient');
    expect(ownCa.code, ownCa.stderr).toBe(0);
  });

  it('the bad client certificates are refused by s_server with the alert that names the reason', async () => {
    const port = servers.openssl.port;
    const [other, expired, serverOnly] = await Promise.all([
      opensslClient({ port, ca: pki.ca, cert: pki.otherCaClient.chain, key: pki.otherCaClient.key }),
      opensslClient({ port, ca: pki.ca, cert: pki.expiredClient.chain, key: pki.expiredClient.key }),
      opensslClient({ port, ca: pki.ca, cert: pki.serverOnlyClient.chain, key: pki.serverOnlyClient.key }),
    ]);
    expect(other.ok).toBe(false);
    expect(other.stderr).toMatch(/alert unknown ca.*alert number 48/);
    expect(expired.ok).toBe(false);
    expect(expired.stderr).toMatch(/alert certificate expired.*alert number 45/);
    expect(serverOnly.ok).toBe(false);
    expect(serverOnly.stderr).toMatch(/alert unsupported certificate.*alert number 43/);
  });

  it('the wrong-host server certificate fails the client hostname check, and only it', async () => {
    const server = await startPythonServer({ ...pki.wrongHostServer, ca: pki.ca });
    try {
      const credentials = { port: server.port, ca: pki.ca, cert: pki.client.chain, key: pki.client.key };
      const [py, node, curl, matching] = await Promise.all([
        pythonClient(credentials),
        nodeClient(credentials),
        curlClient(credentials),
        nodeClient({ ...credentials, servername: 'other.example' }),
      ]);
      expect(py.stderr).toMatch(/SSLCertVerificationError: .*Hostname mismatch/);
      expect(node.stderr).toMatch(/ERR_TLS_CERT_ALTNAME_INVALID/);
      expect(curl.code, curl.stderr).toBe(60);
      expect(matching.ok, matching.stderr).toBe(true);
    } finally {
      await server.stop();
    }
  });
});
