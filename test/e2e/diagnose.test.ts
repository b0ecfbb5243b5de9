import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliAsync, tempDir, type CliResult } from '../helpers/cli.js';
import { limiter } from '../helpers/matrix-pki.js';
import { makeScenarioPki, startNodeServer, startOpensslServer, startPythonServer, scenarioServerOptions, stopAllPeers, type PeerServer, type ScenarioPki, type ServerOptions } from '../helpers/peers.js';

/**
 * Issue 5's diagnose acceptance: failures reproduced live — a server that sends alerts (openssl
 * s_server -verify_return_error), one that resets (a Node server rejecting unauthorized clients),
 * a Python ssl server, and plain TCP — and for each, the first cause diagnose names.
 */

let tmp: { path: string; remove: () => void };
let pki: ScenarioPki;
let plainTcp: Server;
let plainPort: number;
const extra = { selfSigned: { cert: '', key: '' }, notCa: { cert: '', key: '', chain: '' } };

const KINDS = ['openssl', 'node', 'python'] as const;
type Kind = (typeof KINDS)[number];
type Config = 'main' | 'wrongHost' | 'leafOnly' | 'selfSigned' | 'notCa' | 'tls12Only';
const servers = {} as Record<`${Kind}:${Config}`, PeerServer>;

interface Scenario {
  name: string;
  config: Config;
  /** --cert/--key as files of the scenario PKI. */
  client: () => { cert: string; key: string } | null;
  extra?: string[];
  cause: string;
}

const SCENARIOS: Scenario[] = [
  { name: 'no client certificate', config: 'main', client: () => null, cause: 'client-cert-required' },
  { name: 'client certificate from another CA', config: 'main', client: () => ({ cert: pki.otherCaClient.chain, key: pki.otherCaClient.key }), cause: 'untrusted-ca' },
  { name: 'expired client certificate', config: 'main', client: () => ({ cert: pki.expiredClient.chain, key: pki.expiredClient.key }), cause: 'expired' },
  { name: 'client certificate without clientAuth', config: 'main', client: () => ({ cert: pki.serverOnlyClient.chain, key: pki.serverOnlyClient.key }), cause: 'wrong-key-usage' },
  { name: 'client chain missing its intermediate', config: 'main', client: () => ({ cert: pki.client.cert, key: pki.client.key }), cause: 'incomplete-chain' },
  { name: 'server hostname mismatch', config: 'wrongHost', client: () => ({ cert: pki.client.chain, key: pki.client.key }), cause: 'hostname-mismatch' },
  { name: 'server chain missing its intermediate', config: 'leafOnly', client: () => ({ cert: pki.client.chain, key: pki.client.key }), cause: 'incomplete-chain' },
  { name: 'self-signed server certificate', config: 'selfSigned', client: () => ({ cert: pki.client.chain, key: pki.client.key }), cause: 'self-signed' },
  { name: 'issuer not a CA', config: 'notCa', client: () => ({ cert: pki.client.chain, key: pki.client.key }), cause: 'invalid-ca-cert' },
  { name: 'private key not matching the certificate', config: 'main', client: () => ({ cert: pki.client.chain, key: pki.serverOnlyClient.key }), cause: 'key-mismatch' },
  { name: 'TLS version mismatch', config: 'tls12Only', client: () => ({ cert: pki.client.chain, key: pki.client.key }), extra: ['--min-tls', '1.3'], cause: 'protocol-mismatch' },
];

function serverOptions(config: Config): ServerOptions {
  if (config === 'selfSigned') return { cert: extra.selfSigned.cert, key: extra.selfSigned.key, ca: pki.ca };
  if (config === 'notCa') return { cert: extra.notCa.cert, key: extra.notCa.key, chain: extra.notCa.chain, ca: pki.ca };
  return scenarioServerOptions(pki, config);
}

const start = (kind: Kind, options: ServerOptions) => (kind === 'openssl' ? startOpensslServer(options) : kind === 'node' ? startNodeServer(options) : startPythonServer(options));

function diagnose(port: number, client: { cert: string; key: string } | null, more: string[] = []): Promise<CliResult> {
  return runCliAsync(['diagnose', `127.0.0.1:${port}`, '--servername', 'localhost', '--ca', pki.ca, ...(client ? ['--cert', client.cert, '--key', client.key] : []), ...more, '--json']);
}

beforeAll(async () => {
  tmp = tempDir('mtlskit-diagnose-');
  pki = await makeScenarioPki(tmp.path);
  const at = (name: string) => join(tmp.path, name);
  const openssl = (args: string[]) => execFileSync('openssl', args, { cwd: tmp.path, stdio: 'pipe' });
  // A self-signed server certificate, otherwise fine for localhost.
  openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'self.key', '-out', 'self.crt', '-days', '30', '-subj', '/CN=localhost',
    '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-addext', 'extendedKeyUsage=serverAuth', '-addext', 'basicConstraints=critical,CA:FALSE']);
  extra.selfSigned = { cert: at('self.crt'), key: at('self.key') };
  // A server certificate signed by another leaf (the server certificate, not a CA).
  openssl(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'notca.key', '-out', 'notca.csr', '-subj', '/CN=localhost']);
  writeFileSync(at('notca.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\nbasicConstraints=critical,CA:FALSE\n');
  openssl(['x509', '-req', '-in', 'notca.csr', '-CA', pki.server.cert, '-CAkey', pki.server.key, '-CAcreateserial', '-out', 'notca.crt', '-days', '30', '-extfile', 'notca.ext']);
  writeFileSync(at('notca-chain.crt'), readFileSync(at('notca.crt'), 'utf8') + readFileSync(pki.server.chain, 'utf8'));
  extra.notCa = { cert: at('notca.crt'), key: at('notca.key'), chain: at('notca-chain.crt') };

  const configs: Config[] = ['main', 'wrongHost', 'leafOnly', 'selfSigned', 'notCa', 'tls12Only'];
  await Promise.all(KINDS.flatMap((kind) => configs.map(async (config) => (servers[`${kind}:${config}`] = await start(kind, serverOptions(config))))));
  // Plain TCP: answers like a plain HTTP server, whatever it is sent.
  plainTcp = createServer((socket) => {
    socket.on('error', () => {});
    socket.once('data', () => socket.end('HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\nconnection: close\r\n\r\n'));
  });
  await new Promise<void>((resolve) => plainTcp.listen(0, '127.0.0.1', resolve));
  plainPort = (plainTcp.address() as { port: number }).port;
}, 120_000);

afterAll(async () => {
  plainTcp?.close();
  await stopAllPeers();
  tmp?.remove();
});

describe('diagnose names the first cause', () => {
  const limit = limiter(3);
  const cases = KINDS.flatMap((kind) => SCENARIOS.map((scenario) => ({ kind, scenario })));
  it.concurrent.each(cases.map((c) => [`${c.scenario.name} (${c.kind} server)`, c] as const))('%s', async (_label, { kind, scenario }) => {
    const result = await limit(() => diagnose(servers[`${kind}:${scenario.config}`].port, scenario.client(), scenario.extra));
    expect(result.json, result.stderr).toBeDefined();
    expect(result.code).toBe(1);
    expect(result.json.ok).toBe(false);
    expect(result.json.causes[0]?.id, JSON.stringify(result.json, null, 1)).toBe(scenario.cause);
    expect(result.json.causes[0].fix.length).toBeGreaterThan(0);
  });

  it('not TLS (plain TCP)', async () => {
    const result = await diagnose(plainPort, { cert: pki.client.chain, key: pki.client.key });
    expect(result.code).toBe(1);
    expect(result.json.causes[0]?.id, JSON.stringify(result.json, null, 1)).toBe('not-tls');
    expect(result.json.checks.find((c: { id: string }) => c.id === 'tls').status).toBe('fail');
  });

  it('a good client against a good server: every check passes, no causes, exit 0', async () => {
    const result = await diagnose(servers['openssl:main'].port, { cert: pki.client.chain, key: pki.client.key });
    expect(result.code, JSON.stringify(result.json, null, 1)).toBe(0);
    expect(result.json.causes).toEqual([]);
    const byId = Object.fromEntries(result.json.checks.map((c: { id: string; status: string }) => [c.id, c.status]));
    expect(byId).toMatchObject({ tcp: 'pass', tls: 'pass', versions: 'pass', 'server-chain': 'pass', hostname: 'pass', 'client-cert-requested': 'pass', 'mtls-handshake': 'pass', 'key-matches-cert': 'pass' });
  });

  it('a refused port is a failed check, not a crash', async () => {
    const result = await diagnose(await closedPort(), null);
    expect(result.code).toBe(1);
    expect(result.json.checks[0]).toMatchObject({ id: 'tcp', status: 'fail' });
    expect(result.stderr).toBe('');
  });
});

describe('diagnose --local', () => {
  it('predicts each side\'s verdict from the files alone', async () => {
    const good = await runCliAsync(['diagnose', '--local', '--server-cert', pki.server.chain, '--server-key', pki.server.key, '--server-ca', pki.ca, '--cert', pki.client.chain, '--key', pki.client.key, '--ca', pki.ca, '--servername', 'localhost', '--json']);
    expect(good.code, good.stdout).toBe(0);
    expect(good.json.causes).toEqual([]);
    const cases: [string[], string][] = [
      [['--server-cert', pki.wrongHostServer.chain, '--server-key', pki.wrongHostServer.key, '--server-ca', pki.ca, '--cert', pki.client.chain, '--key', pki.client.key], 'hostname-mismatch'],
      [['--server-cert', pki.server.cert, '--server-key', pki.server.key, '--server-ca', pki.ca, '--cert', pki.client.chain, '--key', pki.client.key], 'incomplete-chain'],
      [['--server-cert', pki.server.chain, '--server-key', pki.server.key, '--server-ca', pki.ca, '--cert', pki.otherCaClient.chain, '--key', pki.otherCaClient.key], 'untrusted-ca'],
      [['--server-cert', pki.server.chain, '--server-key', pki.server.key, '--server-ca', pki.ca, '--cert', pki.serverOnlyClient.chain, '--key', pki.serverOnlyClient.key], 'wrong-key-usage'],
      [['--server-cert', pki.server.chain, '--server-key', pki.server.key, '--server-ca', pki.ca], 'client-cert-required'],
      [['--server-cert', pki.server.chain, '--server-key', pki.client.key, '--server-ca', pki.ca, '--cert', pki.client.chain, '--key', pki.client.key], 'key-mismatch'],
    ];
    for (const [args, cause] of cases) {
      const result = await runCliAsync(['diagnose', '--local', ...args, '--ca', pki.ca, '--servername', 'localhost', '--json']);
      expect(result.code, `${args.join(' ')}\n${result.stdout}${result.stderr}`).toBe(1);
      expect(result.json.causes[0]?.id, JSON.stringify(result.json, null, 1)).toBe(cause);
    }
  });
});

describe('diagnose with PKCS#12 files (--cert / --server-cert FILE.p12, no key flags)', () => {
  const p12 = { server: '', client: '', mismatched: '', pw: '' };
  beforeAll(async () => {
    p12.pw = join(tmp.path, 'p12-pw.txt');
    writeFileSync(p12.pw, 'diagnose p12\n');
    const [server, client] = await Promise.all([
      runCliAsync(['cert', 'create', 'p12-server', 'localhost', '127.0.0.1', '--dir', pki.dir, '--out', tmp.path, '--format', 'pem,p12', '--p12-password-file', p12.pw, '--json']),
      runCliAsync(['cert', 'create', 'p12-client', '--profile', 'client', '--dir', pki.dir, '--out', tmp.path, '--format', 'pem,p12', '--p12-password-file', p12.pw, '--json']),
    ]);
    expect(server.code, server.stderr).toBe(0);
    expect(client.code, client.stderr).toBe(0);
    p12.server = server.json.files.p12;
    p12.client = client.json.files.p12;
    // The client's certificate with the server's key: openssl writes it when asked for no certificate matching (-nocerts, -certfile).
    p12.mismatched = join(tmp.path, 'mismatched.p12');
    execFileSync('openssl', ['pkcs12', '-export', '-nocerts', '-inkey', pki.server.key, '-certfile', pki.client.chain, '-out', p12.mismatched, '-passout', 'pass:'], { stdio: 'pipe' });
  }, 60_000);

  it('--local with --server-cert server.p12 and --cert client.p12 predicts success', async () => {
    const result = await runCliAsync(['diagnose', '--local', '--server-cert', p12.server, '--server-ca', pki.ca, '--cert', p12.client, '--ca', pki.ca, '--password-file', p12.pw, '--servername', 'localhost', '--json']);
    expect(result.code, `${result.stdout}${result.stderr}`).toBe(0);
    expect(result.json.causes).toEqual([]);
    const byId = Object.fromEntries(result.json.checks.map((c: { id: string; status: string }) => [c.id, c.status]));
    expect(byId).toMatchObject({ 'server-key-matches-cert': 'pass', 'client-key-matches-cert': 'pass', 'server-chain': 'pass', 'client-chain': 'pass' });
  });

  it('probes with a client .p12 and finds nothing wrong', async () => {
    const result = await diagnose(servers['openssl:main'].port, null, ['--cert', p12.client, '--password-file', p12.pw]);
    expect(result.code, JSON.stringify(result.json, null, 1)).toBe(0);
    expect(result.json.checks.find((c: { id: string }) => c.id === 'key-matches-cert').status).toBe('pass');
  });

  it('a .p12 whose key belongs to none of its certificates is a key-mismatch finding, probing and --local', async () => {
    const probe = await diagnose(servers['openssl:main'].port, null, ['--cert', p12.mismatched]);
    expect(probe.code, probe.stderr).toBe(1);
    expect(probe.json.causes[0]?.id, JSON.stringify(probe.json, null, 1)).toBe('key-mismatch');
    const local = await runCliAsync(['diagnose', '--local', '--server-cert', pki.server.chain, '--server-key', pki.server.key, '--server-ca', pki.ca, '--cert', p12.mismatched, '--ca', pki.ca, '--servername', 'localhost', '--json']);
    expect(local.code, local.stderr).toBe(1);
    expect(local.json.causes[0]?.id, JSON.stringify(local.json, null, 1)).toBe('key-mismatch');
    expect(local.json.checks.find((c: { id: string }) => c.id === 'client-key-matches-cert').status).toBe('fail');
  });
});

/** A port that was just free. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
