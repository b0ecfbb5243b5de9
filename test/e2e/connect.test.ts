import { X509Certificate } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCertificate } from '../../src/x509/certificate.js';
import { runCliAsync, tempDir, type CliResult } from '../helpers/cli.js';
import { limiter } from '../helpers/matrix-pki.js';
import { makeScenarioPki, startNodeServer, startOpensslServer, startPythonServer, scenarioServerOptions, stopAllPeers, type PeerServer, type ScenarioPki, type ScenarioServer, type ServerOptions } from '../helpers/peers.js';
import { startServe } from '../helpers/serve-process.js';

/**
 * Issue 4's acceptance for `connect`: against `openssl s_server -verify_return_error -Verify 2`, a
 * plain Node tls server with requestCert + rejectUnauthorized, and a Python ssl server with
 * CERT_REQUIRED, each scenario ends with the expected verdict (exit code and `ok`) and first cause.
 */

let tmp: { path: string; remove: () => void };
let pki: ScenarioPki;

const SERVER_KINDS = ['openssl', 'node', 'python'] as const;
type ServerKind = (typeof SERVER_KINDS)[number];
type Config = ScenarioServer;
const servers = {} as Record<`${ServerKind}:${Config}`, PeerServer>;

interface Scenario {
  name: string;
  config: Config;
  identity: 'client' | 'otherCaClient' | 'expiredClient' | 'serverOnlyClient' | null;
  extra?: string[];
  ok: boolean;
  /** The first cause id, per server kind where they differ. */
  cause?: string | Partial<Record<ServerKind, string>> & { default: string };
}

const SCENARIOS: Scenario[] = [
  { name: 'good', config: 'main', identity: 'client', ok: true },
  { name: 'no client certificate', config: 'main', identity: null, ok: false, cause: 'client-cert-required' },
  // A Node server resets instead of alerting; the CA names it accepts, decrypted from its TLS 1.3
  // CertificateRequest, show that our issuer is not among them.
  { name: 'client certificate from another CA', config: 'main', identity: 'otherCaClient', ok: false, cause: 'untrusted-ca' },
  { name: 'expired client certificate', config: 'main', identity: 'expiredClient', ok: false, cause: 'expired' },
  { name: 'client certificate without clientAuth', config: 'main', identity: 'serverOnlyClient', ok: false, cause: 'wrong-key-usage' },
  { name: 'server hostname mismatch', config: 'wrongHost', identity: 'client', ok: false, cause: 'hostname-mismatch' },
  { name: 'server chain missing its intermediate', config: 'leafOnly', identity: 'client', ok: false, cause: 'incomplete-chain' },
  { name: 'TLS version mismatch', config: 'tls12Only', identity: 'client', extra: ['--min-tls', '1.3'], ok: false, cause: 'protocol-mismatch' },
];

const start = (kind: ServerKind, options: ServerOptions) =>
  kind === 'openssl' ? startOpensslServer(options) : kind === 'node' ? startNodeServer(options) : startPythonServer(options);

/** The root CA's subject as mtlskit renders Names ('CN=mtlskit Development Root CA'). */
const rootSubject = () => parseCertificate(new X509Certificate(readFileSync(pki.ca)).raw).subject.display;

function connect(port: number, identity: Scenario['identity'], extra: string[] = []): Promise<CliResult> {
  const id = identity ? pki[identity] : null;
  return runCliAsync(['connect', `127.0.0.1:${port}`, '--servername', 'localhost', '--ca', pki.ca, ...(id ? ['--cert', id.chain, '--key', id.key] : []), ...extra, '--json']);
}

beforeAll(async () => {
  tmp = tempDir('mtlskit-connect-');
  pki = await makeScenarioPki(tmp.path);
  const configs: Config[] = ['main', 'wrongHost', 'leafOnly', 'tls12Only'];
  await Promise.all(SERVER_KINDS.flatMap((kind) => configs.map(async (config) => (servers[`${kind}:${config}`] = await start(kind, scenarioServerOptions(pki, config))))));
}, 90_000);

afterAll(async () => {
  await stopAllPeers();
  tmp?.remove();
});

describe('connect against real servers', () => {
  const limit = limiter(4);
  const cases = SERVER_KINDS.flatMap((kind) => SCENARIOS.map((scenario) => ({ kind, scenario })));
  it.concurrent.each(cases.map((c) => [`${c.scenario.name} (${c.kind} server)`, c] as const))('%s', async (_label, { kind, scenario }) => {
    const server = servers[`${kind}:${scenario.config}`];
    const result = await limit(() => connect(server.port, scenario.identity, scenario.extra));
    const report = result.json;
    expect(report, result.stderr).toBeDefined();
    expect(report.ok, JSON.stringify(report)).toBe(scenario.ok);
    expect(result.code).toBe(scenario.ok ? 0 : 1);
    const cause = typeof scenario.cause === 'object' ? (scenario.cause[kind] ?? scenario.cause.default) : scenario.cause;
    expect(report.causes[0]?.id, JSON.stringify(report.causes)).toBe(cause);
    if (scenario.ok) {
      expect(report).toMatchObject({ tls: { version: 'TLSv1.3' }, server: { verified: true, hostnameMatches: true }, client: { requested: true, sent: true, accepted: true } });
      // Decrypted from the TLS 1.3 CertificateRequest. Python's ssl server names no CAs (measured: no
      // certificate_authorities extension), which reads as "any CA it trusts".
      if (kind === 'python') expect(report.client.acceptableCAs).toEqual([]);
      else expect(report.client.acceptableCAs).toContain(rootSubject());
      expect(report.timings.tcpMs).toBeGreaterThanOrEqual(0);
      expect(report.timings.handshakeMs).toBeGreaterThan(0);
    }
  });
});

describe('connect details', () => {
  it('reads the acceptable CA names in TLS 1.2 and names the untrusted CA when a Node server resets', async () => {
    const result = await connect(servers['node:main'].port, 'otherCaClient', ['--max-tls', '1.2']);
    const report = result.json;
    expect(result.code).toBe(1);
    expect(report.client.requested).toBe(true);
    expect(report.client.acceptableCAs).toHaveLength(1);
    expect(report.client.acceptableCAs[0]).toMatch(/Root/);
    expect(report.causes[0].id).toBe('untrusted-ca');
    expect(report.causes.map((c: { id: string }) => c.id)).toContain('connection-reset');
  });

  it('sends an HTTP request with --http, and names a missing client certificate', async () => {
    const serve = await startServe(['--cert', pki.server.chain, '--key', pki.server.key, '--ca', pki.ca]);
    try {
      const result = await runCliAsync(['connect', `https://localhost:${serve.port}/status`, '--ca', pki.ca, '--cert', pki.client.chain, '--key', pki.client.key, '--http', '--json']);
      expect(result.code, result.stderr).toBe(0);
      expect(result.json.http.status).toBe(200);
      expect(result.json.http.headers['content-type']).toBe('application/json');
      expect(JSON.parse(result.json.http.body).client.verified).toBe(true);
      expect(result.json.tls.alpn).toBe(null);
    } finally {
      await serve.stop();
    }
    const plain = await runCliAsync(['connect', `127.0.0.1:${servers['openssl:main'].port}`, '--ca', pki.ca, '--json']);
    expect(plain.json.client.requested).toBe(true);
    expect(plain.json.causes[0].id).toBe('client-cert-required');
  });

  it('says when the server did not ask for a client certificate', async () => {
    const { createServer } = await import('node:tls');
    const { readFileSync } = await import('node:fs');
    const server = createServer({ cert: readFileSync(pki.server.chain), key: readFileSync(pki.server.key) }, (socket) => socket.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as { port: number }).port;
      const result = await runCliAsync(['connect', `127.0.0.1:${port}`, '--servername', 'localhost', '--ca', pki.ca, '--cert', pki.client.chain, '--key', pki.client.key, '--json']);
      expect(result.code, result.stdout).toBe(0);
      expect(result.json.client).toMatchObject({ requested: false, sent: false, accepted: null, acceptableCAs: null });
    } finally {
      server.close();
    }
  });

  it('prints a readable report with the fix', async () => {
    const result = await runCliAsync(['connect', `127.0.0.1:${servers['openssl:main'].port}`, '--servername', 'localhost', '--ca', pki.ca, '--cert', pki.expiredClient.chain, '--key', pki.expiredClient.key]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('server chain');
    expect(result.stdout).toMatch(/alert 45 certificate_expired/);
    expect(result.stdout).toContain('[expired]');
    expect(result.stdout).toContain('→ ');
  });

  it('exits 1 with an error and no causes when nothing listens', async () => {
    const serve = await startServe(['--cert', pki.server.chain, '--key', pki.server.key]);
    const { port } = serve;
    await serve.stop();
    const result = await runCliAsync(['connect', `127.0.0.1:${port}`, '--json']);
    expect(result.code).toBe(1);
    expect(result.json.error).toMatch(/refused/);
    expect(result.json.causes).toEqual([]);
  });
});

describe('connect with a PKCS#12 identity (--cert FILE.p12, no --key)', () => {
  it('presents the key and chain of a .p12 written by cert create, opened with --password-file, to openssl s_server and a Node server that require client certificates', async () => {
    const pw = join(tmp.path, 'p12-client-pw.txt');
    writeFileSync(pw, 'p12 client secret\n');
    const made = await runCliAsync(['cert', 'create', 'p12-client', '--profile', 'client', '--dir', pki.dir, '--out', tmp.path, '--format', 'pem,p12', '--p12-password-file', pw, '--json']);
    expect(made.code, made.stderr).toBe(0);
    for (const kind of ['openssl', 'node'] as const) {
      const result = await runCliAsync(['connect', `127.0.0.1:${servers[`${kind}:main`].port}`, '--servername', 'localhost', '--ca', pki.ca, '--cert', made.json.files.p12, '--password-file', pw, '--json']);
      expect(result.code, `${kind}: ${result.stderr}${result.stdout}`).toBe(0);
      // The server requires a client certificate issued under pki.ca: it accepts ours only with the intermediate the .p12 carries.
      expect(result.json).toMatchObject({ ok: true, client: { requested: true, sent: true, accepted: true, certificate: 'CN=p12-client' } });
      expect(result.json.causes).toEqual([]);
    }
  });

  it('opens an empty-password .p12 made by openssl pkcs12 -export without any password flag', async () => {
    const p12 = join(tmp.path, 'client-empty-pw.p12');
    execFileSync('openssl', ['pkcs12', '-export', '-in', pki.client.chain, '-inkey', pki.client.key, '-out', p12, '-passout', 'pass:'], { stdio: 'pipe' });
    const result = await runCliAsync(['connect', `127.0.0.1:${servers['openssl:main'].port}`, '--servername', 'localhost', '--ca', pki.ca, '--cert', p12, '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.json).toMatchObject({ ok: true, client: { sent: true, accepted: true, certificate: 'CN=client' } });
    // With --key too, the --key file's key is used: here the same key, so nothing changes.
    const withKey = await runCliAsync(['connect', `127.0.0.1:${servers['openssl:main'].port}`, '--servername', 'localhost', '--ca', pki.ca, '--cert', p12, '--key', pki.client.key, '--json']);
    expect(withKey.code, withKey.stderr).toBe(0);
  });
});
