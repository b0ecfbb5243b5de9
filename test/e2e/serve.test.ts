import { connect as netConnect } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliAsync, tempDir } from '../helpers/cli.js';
import { withTimeout } from '../helpers/matrix-pki.js';
import { curlClient, makeScenarioPki, nodeClient, opensslClient, pythonClient, stopAllPeers, type ClientResult, type ScenarioPki } from '../helpers/peers.js';
import { startServe, type ServeProcess } from '../helpers/serve-process.js';

/**
 * Issue 4's acceptance for `serve`: in diagnose and strict mode, against curl, openssl s_client,
 * Python's ssl and Node's tls, for each scenario the event serve reports for the connection has
 * the expected verdict and first cause id. Clients run one after another per server so that each
 * event belongs to the client just run.
 */

let tmp: { path: string; remove: () => void };
let pki: ScenarioPki;

type ServerKind = 'main' | 'wrongHost' | 'leafOnly' | 'tls13Only';
type ClientKind = 'curl' | 'openssl' | 'python' | 'node';
const CLIENTS: ClientKind[] = ['curl', 'openssl', 'python', 'node'];

interface Scenario {
  name: string;
  server: ServerKind;
  /** The client's certificate, by ScenarioPki field; null = none. */
  identity: 'client' | 'otherCaClient' | 'expiredClient' | 'serverOnlyClient' | null;
  maxTls?: '1.2';
  ok: boolean;
  cause?: string;
  /** The HTTP status a diagnose-mode server answers with, when the client gets that far. */
  diagnoseStatus?: number;
}

const SCENARIOS: Scenario[] = [
  { name: 'good', server: 'main', identity: 'client', ok: true, diagnoseStatus: 200 },
  { name: 'no client certificate', server: 'main', identity: null, ok: false, cause: 'client-cert-required', diagnoseStatus: 496 },
  { name: 'client certificate from another CA', server: 'main', identity: 'otherCaClient', ok: false, cause: 'untrusted-ca', diagnoseStatus: 495 },
  { name: 'expired client certificate', server: 'main', identity: 'expiredClient', ok: false, cause: 'expired', diagnoseStatus: 495 },
  { name: 'client certificate without clientAuth', server: 'main', identity: 'serverOnlyClient', ok: false, cause: 'wrong-key-usage', diagnoseStatus: 495 },
  { name: 'server hostname mismatch', server: 'wrongHost', identity: 'client', ok: false, cause: 'hostname-mismatch' },
  { name: 'server chain missing its intermediate', server: 'leafOnly', identity: 'client', ok: false, cause: 'incomplete-chain' },
  { name: 'TLS version mismatch', server: 'tls13Only', identity: 'client', maxTls: '1.2', ok: false, cause: 'protocol-mismatch' },
];

function serverArgs(kind: ServerKind): string[] {
  switch (kind) {
    case 'main':
      return ['--cert', pki.server.chain, '--key', pki.server.key, '--ca', pki.ca];
    case 'wrongHost':
      return ['--cert', pki.wrongHostServer.chain, '--key', pki.wrongHostServer.key, '--ca', pki.ca];
    case 'leafOnly':
      return ['--cert', pki.server.cert, '--key', pki.server.key, '--ca', pki.ca];
    case 'tls13Only':
      return ['--cert', pki.server.chain, '--key', pki.server.key, '--ca', pki.ca, '--min-tls', '1.3'];
  }
}

function runClient(kind: ClientKind, port: number, scenario: Scenario): Promise<ClientResult> {
  const id = scenario.identity ? pki[scenario.identity] : null;
  const base = { port, ca: pki.ca, ...(id ? { cert: id.chain, key: id.key } : {}), timeoutMs: 15_000 };
  switch (kind) {
    case 'curl':
      return curlClient({ ...base, ...(scenario.maxTls ? { tlsMax: scenario.maxTls } : {}) });
    case 'openssl':
      return opensslClient({ ...base, ...(scenario.maxTls ? { tls: scenario.maxTls } : {}) });
    case 'python':
      return pythonClient({ ...base, ...(scenario.maxTls ? { maxTls: scenario.maxTls } : {}) });
    case 'node':
      return nodeClient({ ...base, ...(scenario.maxTls ? { maxTls: scenario.maxTls } : {}) });
  }
}

beforeAll(async () => {
  tmp = tempDir('mtlskit-serve-');
  pki = await makeScenarioPki(tmp.path);
}, 60_000);

afterAll(async () => {
  await stopAllPeers();
  tmp?.remove();
});

for (const mode of ['diagnose', 'strict'] as const) {
  describe(`serve --mode ${mode}`, () => {
    const servers = {} as Record<ServerKind, ServeProcess>;
    beforeAll(async () => {
      const kinds: ServerKind[] = ['main', 'wrongHost', 'leafOnly', 'tls13Only'];
      await Promise.all(kinds.map(async (kind) => (servers[kind] = await startServe([...serverArgs(kind), '--mode', mode]))));
    }, 60_000);
    afterAll(async () => {
      await Promise.all(Object.values(servers).map((s) => s.stop()));
    });

    const cases = SCENARIOS.flatMap((scenario) => CLIENTS.map((client) => ({ scenario, client })));
    it.each(cases.map((c) => [`${c.scenario.name} (${c.client})`, c] as const))('%s', async (_label, { scenario, client }) => {
      const serve = servers[scenario.server];
      const result = await runClient(client, serve.port, scenario);
      const event = await serve.next('handshake');
      expect(event.ok, JSON.stringify(event)).toBe(scenario.ok);
      expect(event.causes[0]?.id, JSON.stringify(event)).toBe(scenario.cause);
      // What the client saw agrees with the verdict.
      if (scenario.ok) expect(result.ok, result.stderr).toBe(true);
      if (mode === 'strict' && !scenario.ok) expect(result.ok).toBe(false);
      if (mode === 'diagnose' && scenario.diagnoseStatus !== undefined && client !== 'openssl') {
        expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(scenario.diagnoseStatus);
      }
    });
  });
}

describe('serve reports', () => {
  let serve: ServeProcess;
  beforeAll(async () => {
    serve = await startServe(['--cert', pki.server.chain, '--key', pki.server.key, '--ca', pki.ca]);
  });
  afterAll(async () => serve.child.exitCode === null && (await serve.stop()));

  it('answers a good client with its identity, a 495 with the diagnosis, and summarises by outcome and cause on SIGINT', async () => {
    const good = await curlClient({ port: serve.port, ca: pki.ca, cert: pki.client.chain, key: pki.client.key });
    const body = JSON.parse(good.stdout);
    expect(body.ok).toBe(true);
    expect(body.client.subject).toContain('client');
    expect(body.client.fingerprintSha256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(body.client.verified).toBe(true);
    const goodEvent = await serve.next('handshake');
    expect(goodEvent.client.identity.subject).toBe(body.client.subject);
    expect(goodEvent.tls.version).toBe('TLSv1.3');
    expect(goodEvent.sni).toBe('localhost');

    const bad = await curlClient({ port: serve.port, ca: pki.ca, cert: pki.expiredClient.chain, key: pki.expiredClient.key });
    expect(bad.status).toBe(495);
    const diagnosis = JSON.parse(bad.stdout);
    expect(diagnosis.ok).toBe(false);
    expect(diagnosis.client.error).toBe('X509_V_ERR_CERT_HAS_EXPIRED');
    expect(diagnosis.causes[0].id).toBe('expired');
    expect(diagnosis.causes[0].fix.length).toBeGreaterThan(0);
    await serve.next('handshake');

    const { code, summary } = await serve.stop('SIGINT');
    expect(code).toBe(0);
    expect(summary).toMatchObject({ event: 'summary', handshakes: 2, ok: 1, failed: 1, byOutcome: { ok: 1, 'client-cert-invalid': 1 }, byCause: { expired: 1 } });
  });
});

describe('serve --protocol echo', () => {
  it('writes a report line, then echoes', async () => {
    const serve = await startServe(['--cert', pki.server.chain, '--key', pki.server.key, '--ca', pki.ca, '--protocol', 'echo']);
    try {
      const socket = tlsConnect({ port: serve.port, host: '127.0.0.1', servername: 'localhost', ca: readFileSync(pki.ca), cert: readFileSync(pki.client.chain), key: readFileSync(pki.client.key) });
      let received = '';
      socket.on('data', (d) => (received += d));
      await withTimeout(new Promise((resolve) => socket.once('secureConnect', resolve)), 10_000, 'handshake');
      socket.write('ping\n');
      await withTimeout(new Promise<void>((resolve) => socket.on('data', () => received.includes('ping\n') && resolve())), 10_000, 'echo');
      socket.end();
      const [report, echoed] = received.split('\n');
      expect(JSON.parse(report!)).toMatchObject({ ok: true, client: { verified: true } });
      expect(echoed).toBe('ping');
      expect((await serve.next('handshake')).ok).toBe(true);
    } finally {
      await serve.stop();
    }
  });
});

describe('serve stays up', () => {
  let serve: ServeProcess;
  beforeAll(async () => {
    serve = await startServe(['--cert', pki.server.chain, '--key', pki.server.key, '--ca', pki.ca, '--handshake-timeout', '1']);
  });
  afterAll(async () => serve.child.exitCode === null && (await serve.stop()));

  /** Opens a TCP connection, sends `bytes`, and resolves with what came back once the server closed it. */
  const raw = (bytes: Buffer | string, options: { reset?: boolean } = {}) =>
    withTimeout(
      new Promise<string>((resolve) => {
        const socket = netConnect({ port: serve.port, host: '127.0.0.1' });
        let answer = '';
        socket.on('data', (d) => (answer += d));
        socket.on('error', () => {});
        socket.on('close', () => resolve(answer));
        socket.on('connect', () => {
          socket.write(bytes);
          if (options.reset) socket.resetAndDestroy();
        });
      }),
      15_000,
      'the server to close the raw connection',
    );

  it('answers plain HTTP with a hint, drops garbage, times out a stalled handshake, shrugs off resets and 200 parallel handshakes, then serves a good client', async () => {
    const http = await raw('GET / HTTP/1.1\r\nHost: localhost\r\n\r\n');
    expect(http).toMatch(/^HTTP\/1\.1 400 /);
    expect(http).toContain(`https://127.0.0.1:${serve.port}/`);
    expect(await serve.next('handshake')).toMatchObject({ ok: false, outcome: 'plain-http', causes: [{ id: 'not-tls' }] });

    expect(await raw(Buffer.from('9f3c2a00ffe1d2c3b4a5968778695a4b', 'hex'))).toBe('');
    expect(await serve.next('handshake')).toMatchObject({ ok: false, outcome: 'not-tls', causes: [{ id: 'not-tls' }] });

    // The first 9 bytes of a ClientHello record, then silence: the handshake timeout (1 s) closes it.
    expect(await raw(Buffer.from('160301020001000200', 'hex'))).toBe('');
    expect(await serve.next('handshake')).toMatchObject({ ok: false, outcome: 'timeout' });

    await raw(Buffer.from('16030100', 'hex'), { reset: true });
    const reset = await serve.next('handshake');
    expect(reset.ok).toBe(false);

    const ca = readFileSync(pki.ca);
    const cert = readFileSync(pki.client.chain);
    const key = readFileSync(pki.client.key);
    const statuses = await Promise.all(
      Array.from({ length: 200 }, () =>
        withTimeout(
          new Promise<number>((resolve, reject) => {
            const socket = tlsConnect({ port: serve.port, host: '127.0.0.1', servername: 'localhost', ca, cert, key }, () => socket.write('GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n'));
            let answer = '';
            socket.on('data', (d) => (answer += d));
            socket.on('error', reject);
            socket.on('close', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0)));
          }),
          60_000,
          'a parallel handshake',
        ),
      ),
    );
    expect(statuses.filter((s) => s === 200)).toHaveLength(200);
    for (let i = 0; i < 200; i++) expect((await serve.next('handshake')).ok).toBe(true);

    const after = await curlClient({ port: serve.port, ca: pki.ca, cert: pki.client.chain, key: pki.client.key });
    expect(after.status).toBe(200);
    expect((await serve.next('handshake')).ok).toBe(true);
    expect(serve.child.exitCode).toBe(null);
  }, 120_000);
});

describe('serve on a terminal-style console', () => {
  it('prints one line per handshake with the verdict and cause, and a summary on SIGTERM', async () => {
    const serve = await startServe(['--cert', pki.server.chain, '--key', pki.server.key, '--ca', pki.ca, '--mode', 'strict'], { json: false });
    try {
      expect(serve.lines().join('\n')).toContain('strict');
      await curlClient({ port: serve.port, ca: pki.ca, cert: pki.client.chain, key: pki.client.key });
      await serve.waitForLine(/✔ 127\.0\.0\.1:\d+ +localhost +TLSv1\.3 .*ok/);
      await curlClient({ port: serve.port, ca: pki.ca, cert: pki.otherCaClient.chain, key: pki.otherCaClient.key });
      const line = await serve.waitForLine(/✖ .*\[untrusted-ca\]/);
      expect(line).toContain('reset');
    } finally {
      const { code, summary } = await serve.stop();
      expect(code).toBe(0);
      expect(summary).toMatch(/summary: 2 connections, 1 ok, 1 failed/);
      expect(summary).toMatch(/untrusted-ca 1/);
    }
  });
});

describe('serve with a PKCS#12 identity', () => {
  it('--cert server.p12 (written by cert create) with --password-file and no --key: presents its key and chain and accepts a client in strict mode', async () => {
    const pw = join(tmp.path, 'p12-server-pw.txt');
    writeFileSync(pw, 'p12 server secret\n');
    const made = await runCliAsync(['cert', 'create', 'p12-server', 'localhost', '127.0.0.1', '--dir', pki.dir, '--out', tmp.path, '--format', 'pem,p12', '--p12-password-file', pw, '--json']);
    expect(made.code, made.stderr).toBe(0);
    const serve = await startServe(['--cert', made.json.files.p12, '--password-file', pw, '--ca', pki.ca, '--mode', 'strict']);
    try {
      // curl trusts only the root: the handshake succeeds only if serve sends the intermediate from the .p12.
      const result = await curlClient({ port: serve.port, ca: pki.ca, cert: pki.client.chain, key: pki.client.key });
      expect(result.ok, result.stderr).toBe(true);
      expect(result.status).toBe(200);
      const event = await serve.next('handshake');
      expect(event).toMatchObject({ ok: true, client: { verified: true } });
      expect(event.causes).toEqual([]);
    } finally {
      expect((await serve.stop()).code).toBe(0);
    }
  });
});
